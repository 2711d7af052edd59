"""``wushe procedures``: the case types the installed plugins declare, as Markdown — their states,
steps, and who may take each step (the permission and the roles that hold it, or the parts).
docs/procedures.md is its output for the built-in plugins (a test keeps them equal)."""

from typing import Annotated

import typer

from core.access.vocabulary import parse_permission
from core.cli.base import app, installed_registry
from core.plugins.cases import CaseTypeDecl, TransitionDecl
from core.plugins.registry import Registry


def _holders(registry: Registry, plugin: str, permission: str) -> list[str]:
    """The roles of the plugin's tenant that hold ``permission`` (at some tier)."""
    tenant = registry.plugins[plugin].tenant_code
    wanted = parse_permission(permission)[0]
    return sorted({d.item.code for d in registry.roles
                   if registry.plugins[d.plugin].tenant_code == tenant
                   and any((line.resource, line.action) == (wanted.resource, wanted.action)
                           for p in d.item.permissions for line in parse_permission(p))})


def _who(registry: Registry, plugin: str, step: TransitionDecl) -> str:
    who = []
    if step.permission:
        roles = _holders(registry, plugin, step.permission)
        who.append(f"`{step.permission}` ({', '.join(roles) or 'no role yet'})")
    if step.parties:
        who.append("its " + " or ".join(step.parties))
    return " or ".join(who)


def _case_type(registry: Registry, plugin: str, case_type: CaseTypeDecl) -> list[str]:
    facts = [f"at a {' or '.join(t.value for t in case_type.tiers)}"]
    if case_type.parent_type:
        facts.append(f"belongs to a `{case_type.parent_type}`")
    if case_type.public:
        facts.append("seen by every user of the tenant")
    if case_type.retention_years:
        facts.append(f"archive kept {case_type.retention_years} years")
    states = ", ".join(f"`{s.key}` {s.label}" + (" (ends)" if s.terminal else "")
                       + (f" (due: {s.deadline.label})" if s.deadline else "") for s in case_type.states)
    lines = [f"## `{case_type.key}` — {case_type.label}", "",
             f"Plugin `{plugin}`; {'; '.join(facts)}. {case_type.source}", "", f"States: {states}.", "",
             "| action | step | from → to | who may take it |", "|---|---|---|---|"]
    for step in case_type.transitions:
        lines.append(f"| `{step.action}` | {step.label} | {', '.join(step.from_states)} → {step.to or '(stays)'} | "
                     f"{_who(registry, plugin, step)} |")
    if case_type.parts:
        lines += ["", "Parts: " + ", ".join(f"`{p.key}` {p.label}" for p in case_type.parts) + "."]
    return [*lines, ""]


def markdown(registry: Registry) -> str:
    lines = ["# Procedures", "",
             "The case types the built-in plugins declare (`wushe procedures` prints this for the installed "
             "ones). Each step is taken with the GraphQL mutation `transition` ([cases.md](cases.md)); "
             "`case(id) { actions }` lists the steps the reader may take now, and the source clause of every "
             "step and guard is in the plugin's declaration.", ""]
    for declared in registry.case_types:
        lines += _case_type(registry, declared.plugin, declared.item)
    return "\n".join(lines)


@app.command()
def procedures(
    plugin: Annotated[str | None, typer.Option(help="only this plugin's case types")] = None,
) -> None:
    """Print the procedures (case types) the installed plugins declare, as Markdown."""
    registry = installed_registry(plugin)
    if plugin is not None:
        registry.case_types = [d for d in registry.case_types if d.plugin == plugin]
    print(markdown(registry))
