"""One-page PDF documents the platform issues: certificates of service (志愿服务证明), donation
receipts (捐赠收据). Drawn with ReportLab in a CID font every PDF reader carries for Chinese
(``STSong-Light``), so nothing is embedded and a file is a few kilobytes. The same input gives the
same bytes (``invariant``): a document issued again is the document issued before.

A document carries its number; whoever holds it can ask the platform whether that number was
issued and what it said (the verification is the issuer's own, not this module's).
"""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
MARGIN = 25 * mm
LINE = 9 * mm
WRAP_AT = 34
"""Characters on one line of a value (a wide Chinese character counts as one; the page holds ~36)."""


@dataclass(frozen=True)
class IssuedDocument:
    """What one page says: a title, the document's number, labelled lines, who issued it and when."""

    title: str
    number: str
    lines: Sequence[tuple[str, str]]
    issuer: str
    issued_on: dt.date
    notes: Sequence[str] = field(default_factory=tuple)


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _wrapped(text: str) -> list[str]:
    pieces: list[str] = []
    for paragraph in text.splitlines() or [""]:
        while len(paragraph) > WRAP_AT:
            pieces.append(paragraph[:WRAP_AT])
            paragraph = paragraph[WRAP_AT:]
        pieces.append(paragraph)
    return pieces


def render(document: IssuedDocument) -> bytes:
    """The document as the bytes of a one-page A4 PDF."""
    font = _font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    page.setTitle(f"{document.title} {document.number}")
    page.setAuthor(document.issuer)
    width, height = A4
    y = height - MARGIN - 10 * mm
    page.setFont(font, 20)
    page.drawCentredString(width / 2, y, document.title)
    y -= LINE
    page.setFont(font, 10)
    page.drawCentredString(width / 2, y, f"编号 No. {document.number}")
    y -= 2 * LINE
    page.setFont(font, 12)
    for label, value in document.lines:
        page.drawString(MARGIN, y, f"{label}：")
        for piece in _wrapped(value):
            page.drawString(MARGIN + 35 * mm, y, piece)
            y -= LINE
    y -= LINE
    page.setFont(font, 10)
    for note in document.notes:
        for piece in _wrapped(note):
            page.drawString(MARGIN, y, piece)
            y -= 7 * mm
    page.setFont(font, 12)
    page.drawRightString(width - MARGIN, MARGIN + 2 * LINE, document.issuer)
    page.drawRightString(width - MARGIN, MARGIN + LINE, document.issued_on.strftime("%Y年%m月%d日"))
    page.showPage()
    page.save()
    return buffer.getvalue()
