"""The resources and actions of the core, the vocabulary permissions are checked against, and the
``resource:action@tier,tier`` notation.

The core declares :data:`CORE_RESOURCES` through the ``register_permissions`` hook, as a plugin
declares its own (a procedure's steps, ``xiamen_grant:apply``); the :class:`Vocabulary` is the
union. A role's permissions, declared or given at run time, must name a resource and action in it.
"""

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.tree.tiers import Tier

CORE_RESOURCES: dict[str, tuple[str, ...]] = {
    "region": ("read", "create", "update"),
    "community_profile": ("read", "update"),
    "social_organization": ("read", "create", "update", "dispatch"),
    "social_worker": ("read", "create", "update"),
    "volunteer": ("read", "create", "update", "dispatch"),
    "volunteer_team": ("read", "create", "update", "dispatch"),
    "community_fund": ("read", "create", "update", "grant"),
    "donation": ("read", "create", "dispatch"),
    "personal_data": ("read_full", "erase"),
    "user": ("read", "create", "update"),
    "role": ("read", "create", "update"),
    "assignment": ("read", "create", "delete"),
    "audit": ("read",),
    "emergency": ("read", "create", "update"),
    "form": ("read", "submit", "review"),
    "target": ("read",),
    "indicator": ("read", "update"),
    "activity": ("read", "create", "update"),
    "service_record": ("read", "create", "inspect"),
    "catalogue": ("read",),
    "rule": ("run",),
    "setting": ("read", "update"),
    "case": ("read",),
    "time_bank": ("read", "deposit", "withdraw", "convert"),
    "points": ("read", "earn", "award", "exchange", "convert"),
    "demand": ("read", "create", "update", "match"),
    "service_resource": ("read", "create"),
    "service_project": ("read", "create"),
}
"""Every resource the core protects, with its actions."""

RESOURCE_LABELS: dict[str, str] = {
    "region": "地区",
    "community_profile": "社区概况",
    "social_organization": "社会组织",
    "social_worker": "社会工作者",
    "volunteer": "志愿者",
    "volunteer_team": "志愿服务队伍",
    "community_fund": "社区基金",
    "donation": "慈善捐赠",
    "personal_data": "个人信息",
    "user": "用户",
    "role": "角色",
    "assignment": "角色分配",
    "audit": "审计日志",
    "emergency": "应急状态",
    "form": "表单",
    "target": "目标",
    "indicator": "指标",
    "activity": "活动",
    "service_record": "服务记录",
    "catalogue": "目录",
    "rule": "规则",
    "setting": "设置",
    "case": "办件",
    "time_bank": "时间银行",
    "points": "志愿服务积分",
    "demand": "需求",
    "service_resource": "服务资源",
    "service_project": "服务项目",
}
"""The zh-CN name of each core resource, as the console shows it beside its code."""

ACTION_LABELS: dict[str, str] = {
    "read": "查看",
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "dispatch": "调度",
    "grant": "拨付",
    "read_full": "查看完整信息",
    "erase": "删除（擦除）",
    "submit": "提交",
    "review": "审核",
    "inspect": "抽查",
    "run": "运行",
    "deposit": "存入",
    "withdraw": "支取",
    "convert": "转换",
    "earn": "获得",
    "award": "奖励",
    "exchange": "兑换",
    "match": "匹配",
}
"""The zh-CN name of the core's actions (a plugin names its own in its declaration)."""

TIER_LABELS: dict[str, str] = {
    "province": "省", "city": "市", "district": "区（县）", "street": "街道（乡镇）", "community": "社区（村）",
}
"""The zh-CN name of each tier (:class:`core.tree.tiers.Tier`)."""

ANY_TIER = "*"

_NAME = r"[a-z][a-z0-9_]*"
_PERMISSION = re.compile(rf"^(?P<resource>{_NAME}):(?P<action>{_NAME})(?:@(?P<tiers>[a-z,]+))?$")


@dataclass(frozen=True, order=True)
class PolicyLine:
    """One line of a role's policy: ``tier`` is a tier value or ``*``."""

    tier: str
    resource: str
    action: str

    def notation(self) -> str:
        suffix = "" if self.tier == ANY_TIER else f"@{self.tier}"
        return f"{self.resource}:{self.action}{suffix}"


def parse_permission(text: str) -> list[PolicyLine]:
    """``volunteer:read`` (any tier) or ``volunteer:dispatch@street,community`` → policy lines.

    Raises ValueError naming what is wrong.
    """
    match = _PERMISSION.match(text.strip())
    if not match or text.strip() != match.group(0):
        raise ValueError(f"permission {text!r} is not 'resource:action' or 'resource:action@tier,tier'")
    tiers = match.group("tiers")
    if not tiers:
        return [PolicyLine(ANY_TIER, match.group("resource"), match.group("action"))]
    lines = []
    for tier in tiers.split(","):
        try:
            Tier(tier)
        except ValueError:
            raise ValueError(f"permission {text!r}: {tier!r} is not a tier") from None
        lines.append(PolicyLine(tier, match.group("resource"), match.group("action")))
    return lines


def every_core_permission() -> list[PolicyLine]:
    return [PolicyLine(ANY_TIER, r, a) for r, actions in CORE_RESOURCES.items() for a in actions]


@dataclass(frozen=True)
class Vocabulary:
    """The resources a permission may name, each with its actions."""

    resources: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str] = field(default_factory=dict)
    """zh-CN names: ``resource`` → its name, ``resource:action`` → the action's name"""

    def label(self, resource: str, action: str | None = None) -> str:
        """The zh-CN name of a resource (or of one of its actions); the code where none was declared."""
        if action is None:
            return self.labels.get(resource, resource)
        return self.labels.get(f"{resource}:{action}", action)

    def problem(self, resource: str, action: str) -> str | None:
        """Why ``resource:action`` is not in the vocabulary (with the likely one meant), or None."""
        actions = self.resources.get(resource)
        if actions is None:
            close = difflib.get_close_matches(resource, list(self.resources), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(sorted(self.resources))})"
            return f"unknown resource {resource!r}{hint}"
        if action not in actions:
            close = difflib.get_close_matches(action, actions, n=1)
            hint = f"; did you mean '{resource}:{close[0]}'?" if close else ""
            return f"resource {resource!r} has no action {action!r}{hint} (its actions: {', '.join(actions)})"
        return None

    def lines(self, permission: str) -> list[PolicyLine]:
        """:func:`parse_permission`, then the vocabulary: ValueError naming what is wrong."""
        lines = parse_permission(permission)
        problem = self.problem(lines[0].resource, lines[0].action)
        if problem is not None:
            raise ValueError(f"permission {permission!r}: {problem}")
        return lines
