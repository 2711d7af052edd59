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

from core import Fault, RuleDecl

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


def _items(record: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [(index, item) for index, item in enumerate(record.get("items") or []) if isinstance(item, dict)]


def _name(item: dict[str, Any]) -> str:
    return item.get("name") or item.get("code") or "（未命名项目）"


def check_project_party_decision(record: dict[str, Any], context: Any = None) -> list[Fault]:
    """Each project of a major matter without the party organization's decision, at its decision date."""
    return [
        Fault(f"items.{index}.party_decided_on",
              f"项目“{_name(item)}”涉及居民群众切身利益的重大事项，尚未经村（社区）党组织研究讨论决定")
        for index, item in _items(record) if item.get("major_matter") is True and not item.get("party_decided_on")
    ]


def check_project_fundraising_partner(record: dict[str, Any], context: Any = None) -> list[Fault]:
    """Each project raising donations without a partner, at its partner."""
    return [
        Fault(f"items.{index}.fundraising_partner",
              f"项目“{_name(item)}”开展募捐活动，应与具有公开募捐资格的慈善组织或红十字会合作")
        for index, item in _items(record)
        if item.get("raises_donations") is True and not (item.get("fundraising_partner") or {}).get("kind")
    ]


def check_project_answers_needs(record: dict[str, Any], context: Any = None) -> list[Fault]:
    """Each project naming no demand of the demand list, at its demand codes."""
    return [
        Fault(f"items.{index}.demand_codes", f"项目“{_name(item)}”未对应需求清单中的需求")
        for index, item in _items(record) if not item.get("demand_codes")
    ]


def check_spot_check_result(record: dict[str, Any], context: Any = None) -> list[Fault]:
    """The sample within the population checked, the result agreeing with the findings, and a
    rectification where the result asks for one: each at its field."""
    samples = record.get("samples") or []
    faults = []
    population = record.get("population")
    if isinstance(population, int) and len(samples) > population:
        faults.append(Fault("samples", f"抽查记录{len(samples)}条，多于抽查范围内的记录总数{population}条"))
    flawed = [s.get("record_ref") or "（未填编号）" for s in samples if s.get("finding") != "记录属实"]
    result = record.get("result")
    if flawed and result == "合格":
        faults.append(Fault("result", "抽查发现问题的记录（" + "、".join(flawed) + "），结果不能为“合格”"))
    if result in ("限期整改", "不合格") and not (record.get("rectification") or {}).get("measures"):
        faults.append(Fault("rectification", f"抽查结果为“{result}”，应填写整改要求"))
    return faults


def declarations() -> list[RuleDecl]:
    return [
        RuleDecl(
            key="chongqing_consultation_participants",
            label="城乡社区协商吸纳社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与",
            subject="form:chongqing_consultation_record",
            message="议事协商应有社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与",
            check=check_consultation_participants,
            fields=("participants",),
            source=f"{DOCUMENT} 三（四）“坚持在城乡社区协商中吸纳社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与”",
        ),
        RuleDecl(
            key="chongqing_consultation_party_decision",
            label="重大事项由村（社区）党组织研究讨论后决定（议事协商）",
            subject="form:chongqing_consultation_record",
            message="涉及居民群众切身利益的重大事项，应由村（社区）党组织研究讨论后按程序决定",
            check=check_consultation_party_decision,
            fields=("party_decided_on",),
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
