"""重庆市的规则：渝民发〔2022〕7号, run on form records.

- 议事协商 must include social workers, social-organization representatives, community volunteers
  and charity-resource representatives (三（四）);
- major matters are decided by the village/community party organization (三（一）), on consultation
  records and on projects;
- a project that raises donations does so with a public-fundraising charity or the Red Cross (三（四）);
- a project answers residents' needs (三（四）, advisory);
- a volunteer-record spot check's result agrees with what it found (三（三）).
"""

from typing import Any

from core import RuleDecl

from .forms import REQUIRED_PARTICIPANTS

DOCUMENT = "渝民发〔2022〕7号"
_PARTY = "三（一）“‘五社联动’工作中涉及居民群众切身利益的重大问题和重要事项要由村（社区）党组织研究讨论后按程序决定”"


def check_consultation_participants(record: dict[str, Any], context: Any = None) -> bool | str:
    present = {p.get("category") for p in record.get("participants") or []}
    missing = [category for category in REQUIRED_PARTICIPANTS if category not in present]
    if not missing:
        return True
    return "议事协商缺少以下参与人：" + "、".join(missing)


def check_consultation_party_decision(record: dict[str, Any], context: Any = None) -> bool | str:
    if record.get("major_matter") is True and not record.get("party_decided_on"):
        return "涉及居民群众切身利益的重大事项，应由村（社区）党组织研究讨论后按程序决定"
    return True


def _items(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in record.get("items") or [] if isinstance(item, dict)]


def _name(item: dict[str, Any]) -> str:
    return item.get("name") or item.get("code") or "（未命名项目）"


def check_project_party_decision(record: dict[str, Any], context: Any = None) -> bool | str:
    undecided = [_name(i) for i in _items(record) if i.get("major_matter") is True and not i.get("party_decided_on")]
    if not undecided:
        return True
    return "以下项目涉及居民群众切身利益的重大事项，尚未经村（社区）党组织研究讨论决定：" + "、".join(undecided)


def check_project_fundraising_partner(record: dict[str, Any], context: Any = None) -> bool | str:
    alone = [
        _name(i) for i in _items(record)
        if i.get("raises_donations") is True and not (i.get("fundraising_partner") or {}).get("kind")
    ]
    if not alone:
        return True
    return "以下项目开展募捐活动，应与具有公开募捐资格的慈善组织或红十字会合作：" + "、".join(alone)


def check_project_answers_needs(record: dict[str, Any], context: Any = None) -> bool | str:
    unlinked = [_name(i) for i in _items(record) if not i.get("demand_codes")]
    if not unlinked:
        return True
    return "以下项目未对应需求清单中的需求：" + "、".join(unlinked)


def check_spot_check_result(record: dict[str, Any], context: Any = None) -> bool | str:
    samples = record.get("samples") or []
    problems = []
    population = record.get("population")
    if isinstance(population, int) and len(samples) > population:
        problems.append(f"抽查记录{len(samples)}条，多于抽查范围内的记录总数{population}条")
    flawed = [s.get("record_ref") or "（未填编号）" for s in samples if s.get("finding") != "记录属实"]
    result = record.get("result")
    if flawed and result == "合格":
        problems.append("抽查发现问题的记录（" + "、".join(flawed) + "），结果不能为“合格”")
    if result in ("限期整改", "不合格") and not (record.get("rectification") or {}).get("measures"):
        problems.append(f"抽查结果为“{result}”，应填写整改要求")
    return True if not problems else "；".join(problems)


def declarations() -> list[RuleDecl]:
    return [
        RuleDecl(
            key="chongqing_consultation_participants",
            label="城乡社区协商吸纳社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与",
            subject="form:chongqing_consultation_record",
            message="议事协商应有社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与",
            check=check_consultation_participants,
            source=f"{DOCUMENT} 三（四）“坚持在城乡社区协商中吸纳社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与”",
        ),
        RuleDecl(
            key="chongqing_consultation_party_decision",
            label="重大事项由村（社区）党组织研究讨论后决定（议事协商）",
            subject="form:chongqing_consultation_record",
            message="涉及居民群众切身利益的重大事项，应由村（社区）党组织研究讨论后按程序决定",
            check=check_consultation_party_decision,
            source=f"{DOCUMENT} {_PARTY}",
        ),
        RuleDecl(
            key="chongqing_project_party_decision",
            label="重大事项由村（社区）党组织研究讨论后决定（项目）",
            subject="form:chongqing_project_list",
            message="涉及居民群众切身利益的重大事项，应由村（社区）党组织研究讨论后按程序决定",
            check=check_project_party_decision,
            source=f"{DOCUMENT} {_PARTY}",
        ),
        RuleDecl(
            key="chongqing_project_fundraising_partner",
            label="募捐活动与具有公开募捐资格的慈善组织、红十字会合作开展",
            subject="form:chongqing_project_list",
            message="开展募捐活动应与具有公开募捐资格的慈善组织或红十字会合作",
            check=check_project_fundraising_partner,
            source=(
                f"{DOCUMENT} 三（四）“支持社会组织开发设计公益服务项目，与具有公开募捐资格的慈善组织、红十字会合作开展"
                "募捐活动，拓宽资金来源渠道”"
            ),
        ),
        RuleDecl(
            key="chongqing_project_answers_needs",
            label="项目针对居民需求设计",
            subject="form:chongqing_project_list",
            message="项目应对应需求清单中的居民需求",
            check=check_project_answers_needs,
            advisory=True,
            source=(
                f"{DOCUMENT} 三（四）“针对居民群众多样化、个性化需求，设计可实施、可操作、具体化的社会服务项目”；"
                "三（六）“促进供需对接”"
            ),
        ),
        RuleDecl(
            key="chongqing_spot_check_result",
            label="志愿服务记录与证明抽查结果与抽查发现一致",
            subject="form:chongqing_volunteer_record_spot_check",
            message="抽查结果与抽查发现不一致，或缺少整改要求",
            check=check_spot_check_result,
            source=f"{DOCUMENT} 三（三）“扎实开展志愿服务记录与证明抽查工作”",
        ),
    ]
