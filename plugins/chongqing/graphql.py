"""重庆市的供需对接：渝民发〔2022〕7号 三（六）“建立基层社会服务需求清单、资源清单、项目清单，促进供需对接”.

``chongqingMatching(at, unansweredOnly)`` answers the question the three lists are kept for: which
residents' demands have a project answering them, with the resources it uses, and which have none
yet. At a district, street or community ``at`` it takes the demand lists in force in ``at``'s
subtree (the newest submitted list of each community or street), and for each demand the projects of
the project lists that name its code (a list at the demand's place, above it or below it, as a
project's ``demand_codes`` must name an entry there), with the entries of the resource lists their
``resource_codes`` name (found the same way from the project's place).

Who sees what is the access layer's: the viewer needs ``form:read`` at ``at`` (the list's readers:
communities, streets, district bureaus, roles.py), and reads only the lists its roles let it read
(``context.submissions``) — a community's worker sees its community's lists and the street's, never
a neighbour's. A city-wide view would hold every list of the municipality; it is asked district by
district.
"""

from dataclasses import dataclass
from typing import Any

import strawberry

from core import Tier
from core.graphql import FieldError, FormSubmission, Info, Region, branch, place, subtree

from .forms import DOCUMENT

DEMAND_LIST = "chongqing_demand_list"
RESOURCE_LIST = "chongqing_resource_list"
PROJECT_LIST = "chongqing_project_list"
SOURCE = f"{DOCUMENT} 三（六）“建立基层社会服务需求清单、资源清单、项目清单，促进供需对接”"
WIDEST = Tier.DISTRICT
"""The widest place a matching is asked for: one district's lists."""


@strawberry.type(description="资源清单中的一项资源。")
class ChongqingResource:
    code: str
    name: str
    kind: str = strawberry.field(description="资源类别")
    region: str = strawberry.field(description="the path of the region whose resource list holds it")


@strawberry.type(description="项目清单中回应一项需求的项目，及其使用的资源。")
class ChongqingProject:
    code: str
    name: str
    status: str = strawberry.field(description="项目状态: 策划, 实施中 or 已完成")
    region: str = strawberry.field(description="the path of the region whose project list holds it")
    list_id: strawberry.ID = strawberry.field(description="the project list's submission")
    resources: list[ChongqingResource] = strawberry.field(description="the resources its resource_codes name")


@strawberry.type(description="需求清单中的一项需求，及回应它的项目。")
class ChongqingDemand:
    code: str
    group: str = strawberry.field(description="服务对象")
    domain: str = strawberry.field(description="需求领域")
    description: str
    people: int = strawberry.field(description="涉及人数")
    listed_status: str = strawberry.field(description="对接状态 as the list states it: 待对接, 已对接 or 已满足")
    region: str = strawberry.field(description="the path of the region whose demand list holds it")
    list_id: strawberry.ID = strawberry.field(description="the demand list's submission")
    projects: list[ChongqingProject] = strawberry.field(description="the projects naming its code; empty: unanswered")


@strawberry.type(description="供需对接 in a district, street or community (渝民发〔2022〕7号 三（六）).")
class ChongqingMatching:
    at: str
    demands: list[ChongqingDemand]
    answered: int = strawberry.field(description="demands with at least one project")
    unanswered: int = strawberry.field(description="demands no project names")
    people_unanswered: int = strawberry.field(description="涉及人数 of the unanswered demands")
    source: str


@dataclass(frozen=True)
class Entry:
    """One item of a list in force, with where its list is kept."""

    item: dict[str, Any]
    path: str
    list_id: int


def _on_one_branch(a: str, b: str) -> bool:
    """Is one of two region paths the other or below it?"""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def _stamp(row: FormSubmission) -> tuple[Any, int]:
    return row.submitted_at or row.created_at, row.id or 0


async def _lists_in_force(info: Info, form: str, where: Any) -> list[Entry]:
    """The items of the newest submitted ``form`` list of each region ``where`` selects, among those
    the viewer may read, in path order."""
    rows = (await info.context.exec(info.context.submissions(form).where(where))).all()
    regions = await info.context.loaders.by_id(Region).load_many(sorted({row.region_id for row in rows}))
    paths = {region.id: region.path for region in regions if region is not None}
    newest: dict[str, FormSubmission] = {}
    for row in rows:
        path = paths.get(row.region_id)
        if path is not None and (path not in newest or _stamp(row) > _stamp(newest[path])):
            newest[path] = row
    return [Entry(item, path, row.id) for path, row in sorted(newest.items())
            for item in row.data.get("items") or () if isinstance(item, dict)]


def _resource(entry: Entry) -> ChongqingResource:
    return ChongqingResource(code=entry.item["code"], name=entry.item["name"], kind=entry.item["kind"], region=entry.path)


def _project(entry: Entry, resources: list[Entry]) -> ChongqingProject:
    codes = entry.item.get("resource_codes") or ()
    used = [_resource(r) for r in resources if r.item.get("code") in codes and _on_one_branch(r.path, entry.path)]
    return ChongqingProject(code=entry.item["code"], name=entry.item["name"], status=entry.item["status"],
                            region=entry.path, list_id=strawberry.ID(str(entry.list_id)), resources=used)


def _demand(entry: Entry, projects: list[ChongqingProject]) -> ChongqingDemand:
    item = entry.item
    return ChongqingDemand(code=item["code"], group=item["group"], domain=item["domain"], description=item["description"],
                           people=item["people"], listed_status=item["status"], region=entry.path,
                           list_id=strawberry.ID(str(entry.list_id)), projects=projects)


@strawberry.type
class Query:
    @strawberry.field(description="供需对接: the demands listed in a district, street or community, each with the "
                      "projects answering it and the resources they use (渝民发〔2022〕7号 三（六）). Needs form:read at `at`.")
    async def chongqing_matching(self, info: Info, at: str, unanswered_only: bool = False) -> ChongqingMatching:
        region = await place(info, at, "form:read")
        if region.tier.rank < WIDEST.rank:
            raise FieldError("at", f"供需对接 is shown for a district, street or community; {region.path!r} is a "
                             f"{region.tier.value}: ask for one of its districts")
        demands = await _lists_in_force(info, DEMAND_LIST, subtree(region))
        projects = await _lists_in_force(info, PROJECT_LIST, branch(region))
        resources = await _lists_in_force(info, RESOURCE_LIST, branch(region))
        out = []
        for demand in demands:
            answering = [_project(p, resources) for p in projects
                         if demand.item["code"] in (p.item.get("demand_codes") or ()) and _on_one_branch(p.path, demand.path)]
            out.append(_demand(demand, answering))
        unanswered = [d for d in out if not d.projects]
        return ChongqingMatching(
            at=region.path, demands=unanswered if unanswered_only else out, answered=len(out) - len(unanswered),
            unanswered=len(unanswered), people_unanswered=sum(d.people for d in unanswered), source=SOURCE,
        )
