"""Benchmark: a worker's reload of the permission policy, at 1,000 to 100,000 policy lines.

Every change of a role's permissions moves the policy's version, and each worker then reads every
tenant's lines into one new Casbin enforcer (core/access/policy.py). Measured side by side in one
run, on the same lines (N/100 tenants, 10 roles each, 10 permission lines a role):

- **adapter**: ``Policy(lines)`` as it loads them, through its adapter (``policy.Lines``);
- **add_policies**: the same lines given to the enforcer's ``add_policies``, as it was loaded until
  2026-12-06, which searches the lines already added for each one it adds (``--no-add-policies``
  leaves it out: it is quadratic, 100,000 lines take minutes).

Both enforcers are checked to hold the same lines and to decide alike on a sample of requests
before anything is timed. It prints the best of ``--reps`` loads per size and the time per line;
the goal is a time per line that stays flat as the lines grow (ratio of the largest size's per line
to the smallest's at most 2).

    python bench/policy_reload.py
    python bench/policy_reload.py --sizes 1000 10000 100000 --no-add-policies
"""

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

import casbin

from core.access.policy import MODEL_TEXT, Policy
from core.tree.tiers import TIER_ORDER

Line = tuple[int, str, str, str, str]


def lines_of(size: int) -> list[Line]:
    """``size`` distinct lines: N/100 tenants, 10 roles each, 10 (resource, action, tier) a role."""
    out = []
    for tenant in range(1, size // 100 + 1):
        for role in range(10):
            for k in range(10):
                tier = "*" if k % 3 else TIER_ORDER[k % len(TIER_ORDER)].value
                out.append((tenant, f"role{role}", tier, f"resource{k // 2}", ("read", "update")[k % 2]))
    return out


def by_add_policies(lines: list[Line]) -> casbin.Enforcer:
    model = casbin.Model()
    model.load_model_from_text(MODEL_TEXT)
    enforcer = casbin.Enforcer(model)
    enforcer.add_policies([[str(t), role, tier, resource, action] for t, role, tier, resource, action in lines])
    return enforcer


def agree(lines: list[Line], adapter: casbin.Enforcer, added: casbin.Enforcer, seed: int = 1) -> None:
    """Both enforcers hold the same lines and decide alike on 500 requests, half of them allowed."""
    if adapter.get_policy() != added.get_policy():
        raise SystemExit("the two loads hold different lines")
    rng = random.Random(seed)
    for _ in range(500):
        tenant, role, tier, resource, action = rng.choice(lines)
        asked = [str(tenant), role, rng.choice(TIER_ORDER).value if tier == "*" else tier, resource, action]
        if rng.random() < 0.5:
            asked[4] = "delete"
        if adapter.enforce(*asked) != added.enforce(*asked):
            raise SystemExit(f"the two loads decide {asked} differently")


def best(load: Callable[[], Any], reps: int) -> float:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        load()
        times.append(time.perf_counter() - started)
    return min(times)


def run(sizes: list[int], reps: int, add_policies: bool, report: Callable[[str], None] = print) -> dict[int, dict]:
    results: dict[int, dict] = {}
    for size in sizes:
        lines = lines_of(size)
        adapter = Policy(lines, version=1).enforcer
        if add_policies:
            agree(lines, adapter, by_add_policies(lines))
        row = {"lines": len(lines), "adapter": best(lambda lines=lines: Policy(lines, version=1), reps)}
        if add_policies:
            row["add_policies"] = best(lambda lines=lines: by_add_policies(lines), reps)
        results[size] = row
    report("| lines | adapter | per line | add_policies | per line | add_policies / adapter |")
    report("|---|---|---|---|---|---|")
    for row in results.values():
        n, a = row["lines"], row["adapter"]
        old = row.get("add_policies")
        report(f"| {n:,} | {a * 1000:.1f} ms | {a / n * 1e6:.2f} µs | "
               + (f"{old * 1000:.1f} ms | {old / n * 1e6:.2f} µs | {old / a:.1f}x |" if old else "— | — | — |"))
    first, last = results[sizes[0]], results[sizes[-1]]
    growth = (last["adapter"] / last["lines"]) / (first["adapter"] / first["lines"])
    report(f"\nadapter, time per line at {last['lines']:,} lines against {first['lines']:,}: {growth:.2f}x "
           f"(goal: at most 2x) {'met' if growth <= 2 else 'MISSED'}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 4_000, 16_000])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--no-add-policies", dest="add_policies", action="store_false",
                        help="time only the adapter (add_policies is quadratic)")
    args = parser.parse_args()
    run(sorted(args.sizes), args.reps, args.add_policies)


if __name__ == "__main__":
    main()
