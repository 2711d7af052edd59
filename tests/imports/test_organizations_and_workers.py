"""Organizations and social workers: labels or codes for choices, Excel dates and booleans, the
worker's organization by its credit code, the template's headers read back."""

import datetime as dt

from sqlmodel import select

from core import imports
from core.imports import templates
from core.models import CertificateLevel, OrgType, Registration, SocialOrganization, SocialWorker, WorkerPost
from tests.imports.helpers import COMMUNITY, STREET, credit_code, id_number, principal, xlsx

ORG_HEADER = ("组织名称", "类型", "登记/备案", "统一社会信用代码", "所在区域", "评估等级", "专职人数", "是否建立党组织",
              "公开募捐资格", "成立日期")
WORKER_HEADER = ("姓名", "身份证号码", "联系电话", "所在区域", "职业水平", "岗位", "是否社区工作者", "所属机构信用代码")


async def run(platform, kind, data, filename="导入.xlsx"):
    return await imports.run(platform.sessions, await principal(platform), kind, data, filename=filename, tenant="chongqing")


async def stored(platform, model):
    async with platform.sessions() as session:
        return list((await session.exec(select(model).order_by(model.id))).all())


async def test_xlsx_dates_booleans_and_choices_by_label_or_code(platform):
    rows = [
        ORG_HEADER,
        ("正阳社工中心", "社会工作服务机构", "登记", credit_code(1), STREET, "5A", 6, "是", "否", dt.datetime(2018, 6, 1)),
        ("朝阳志愿服务队", "volunteer_organization", "备案", None, COMMUNITY, None, 0, "否", None, "2020年5月4日"),
        ("群力慈善会", "慈善组织", "registered", credit_code(2), STREET, "AAA", "3", True, True, 43831),  # a serial date
        ("桐坪基金会", "社区基金会", "登记", credit_code(3), STREET, 4, 2, "FALSE", "否", "2019-09-09"),
    ]
    result = await run(platform, "organizations", xlsx(rows))
    assert (result.errors, result.created) == ([], 4)
    orgs = {o.name: o for o in await stored(platform, SocialOrganization)}
    agency, team, charity, foundation = (orgs[n] for n in ("正阳社工中心", "朝阳志愿服务队", "群力慈善会", "桐坪基金会"))
    assert (agency.org_type, agency.grade, agency.has_party_organization, agency.established_on) == (
        OrgType.SOCIAL_WORK_AGENCY, 5, True, dt.date(2018, 6, 1))
    assert (team.registration, team.credit_code, team.established_on) == (Registration.FILED, None, dt.date(2020, 5, 4))
    assert (charity.grade, charity.public_fundraising, charity.has_party_organization, charity.established_on) == (
        3, True, True, dt.date(2020, 1, 1))
    assert (foundation.has_party_organization, foundation.full_time_staff) == (False, 2)
    again = await run(platform, "organizations", xlsx(rows))  # the filed one matched on region and name
    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 4)


async def test_organization_rules_are_the_models_own(platform):
    rows = [
        ORG_HEADER,
        ("甲", "社会工作服务机构", "登记", None, STREET, None, 1, "否", "否", None),            # registered, no code
        ("乙", "社区社会组织", "备案", None, STREET, "3A", 1, "否", "否", None),                # graded, only filed
        ("丙", "社团", "登记", credit_code(4), STREET, None, 1, "否", "否", None),              # unknown type
        ("丁", "社区社会组织", "登记", credit_code(5)[:17] + "0", STREET, None, -1, "否", "否", None),
    ]
    result = await run(platform, "organizations", xlsx(rows))
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons[(2, "统一社会信用代码")] == "登记的社会组织须填写统一社会信用代码"
    assert reasons[(3, "评估等级")] == "只有登记的社会组织才有评估等级"
    assert reasons[(4, "类型")].startswith("“社团”不是可选值；可选：社区社会组织、社会工作服务机构")
    assert reasons[(5, "统一社会信用代码")].startswith("校验码错误")
    assert reasons[(5, "专职人数")] == "不能小于0"
    assert await stored(platform, SocialOrganization) == []


async def test_workers_with_their_organization_by_credit_code(platform):
    await run(platform, "organizations", xlsx([ORG_HEADER, ("正阳社工中心", "社会工作服务机构", "登记", credit_code(1), STREET,
                                                             None, 6, "否", "否", None)]))
    rows = [
        WORKER_HEADER,
        ("周一", id_number(1), "023-12345678", COMMUNITY, "社会工作师", "社区社会工作室", "是", credit_code(1)),
        ("吴二", id_number(2), None, STREET, "intermediate", "街道社会工作站", "否", None),
    ]
    result = await run(platform, "workers", xlsx(rows))
    assert (result.errors, result.created) == ([], 2)
    workers = {w.name: w for w in await stored(platform, SocialWorker)}
    org = (await stored(platform, SocialOrganization))[0]
    assert (workers["周一"].organization_id, workers["周一"].post, workers["周一"].certificate_level) == (
        org.id, WorkerPost.SOCIAL_WORK_ROOM, CertificateLevel.INTERMEDIATE)
    assert workers["周一"].phone_masked == "********5678" and workers["吴二"].is_community_worker is False
    again = await run(platform, "workers", xlsx(rows))
    assert (again.errors, again.unchanged) == ([], 2)


async def test_worker_rules_and_references(platform):
    rows = [
        WORKER_HEADER,
        ("郑三", id_number(3), None, STREET, "无", "社区社会工作室", "否", None),                         # a room is at a community
        ("王四", id_number(4, dt.date(2015, 1, 1)), None, COMMUNITY, "无", "其他", "否", None),          # 11 years old
        ("冯五", id_number(5), None, COMMUNITY, "无", "其他", "否", credit_code(9)),                      # no such organization
        ("陈六", float(id_number(6)[:17] + "1"), None, COMMUNITY, "无", "其他", "否", None),              # typed as a number
    ]
    result = await run(platform, "workers", xlsx(rows))
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons == {
        (2, "所在区域"): "该岗位只能设在社区，不能设在街道",
        (3, "身份证号码"): "社会工作者应年满16周岁，此身份证号不满",
        (4, "所属机构信用代码"): f"找不到统一社会信用代码为 {credit_code(9)} 的社会组织（或不在您的权限范围内）",
        (5, "身份证号码"): "以数字格式保存，末尾几位已被 Excel 改为 0；请把该列设为文本格式后重新填写",
    }


async def test_the_templates_headers_are_read_back_and_unknown_or_missing_columns_are_named(platform):
    for kind in ("volunteers", "organizations", "workers"):
        result = await run(platform, kind, templates.workbook(imports.ALL_KINDS[kind]))
        assert (result.errors, result.rows) == ([], 0), kind
    result = await run(platform, "volunteers", xlsx([("姓名", "身份证", "住址"), ("张三", id_number(1), "某处")]))
    assert [str(e) for e in result.errors] == [
        "第1行 身份证：无法识别的列名；志愿者的列见导入模板",
        "第1行 住址：无法识别的列名；志愿者的列见导入模板",
        "第1行 身份证号：缺少必填列",
        "第1行 所在区域：缺少必填列",
    ]
