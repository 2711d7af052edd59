"""What every console page shows around its content: who is signed in and the sections they may open."""

from dataclasses import dataclass
from typing import Any

from litestar import MediaType
from litestar.response import Template

from core.access.grants import Principal
from core.access.vocabulary import Vocabulary
from core.web.console.session import Acting


@dataclass(frozen=True)
class Section:
    href: str
    label: str


def sections(who: Principal) -> list[Section]:
    """The sections of the console a principal may open: each page checks again on its own."""
    def may(resource: str, action: str) -> bool:
        return who.platform_admin or bool(who.grants(resource, action))

    out = [Section("/", "首页"), Section("/console/work", "我的待办")]
    if may("role", "read"):
        out.append(Section("/console/roles", "角色权限"))
    if may("assignment", "read") or may("user", "read"):
        out.append(Section("/console/users", "用户与角色分配"))
    if may("audit", "read"):
        out.append(Section("/console/audit", "审计日志"))
    if may("region", "read"):
        out.append(Section("/console/regions", "地区看板"))
    return out


def vocabulary(act: Acting) -> Vocabulary:
    return act.platform.registry.vocabulary()


def page(act: Acting, template: str, *, status: int = 200, **context: Any) -> Template:
    """A full page (or, for a template whose name starts with ``_``, a fragment htmx swaps in)."""
    return Template(template, media_type=MediaType.HTML, status_code=status, headers={"Cache-Control": "no-store"},
                    context={"who": act.who, "sections": sections(act.who), "vocabulary": vocabulary(act), **context})
