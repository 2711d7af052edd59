"""The one-page PDF documents (core.documents.pdf): readable text, the same bytes for the same input."""

import datetime as dt
import io

from pypdf import PdfReader

from core.documents.pdf import IssuedDocument, render

DOCUMENT = IssuedDocument(
    title="志愿服务证明",
    number="VSC-2026-000017",
    lines=[("志愿者", "张*明"), ("证件号码", "110101********1234"), ("服务时长", "12.5 小时"),
           ("服务内容", "为辖区独居老人上门送餐、陪伴聊天，协助社区开展防诈骗宣传活动，累计服务三次，记录见附表。")],
    issuer="某某社区居民委员会",
    issued_on=dt.date(2026, 12, 1),
    notes=["凭编号可在平台查验本证明。"],
)


def test_a_document_is_one_page_that_says_what_it_was_given():
    pdf = render(DOCUMENT)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("志愿服务证明", "VSC-2026-000017", "张*明", "12.5 小时", "某某社区居民委员会", "2026年12月01日"):
        assert expected in text
    assert "110101********1234" in text
    assert reader.metadata.title == "志愿服务证明 VSC-2026-000017"


def test_the_same_document_gives_the_same_bytes():
    assert render(DOCUMENT) == render(DOCUMENT)
    other = IssuedDocument(**{**DOCUMENT.__dict__, "number": "VSC-2026-000018"})
    assert render(other) != render(DOCUMENT)
