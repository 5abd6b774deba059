"""Least-cost portfolios: the cheapest levels of candidate actions that meet every target.

Each candidate action (an action with costs, marked ``candidate = true``, or
every costed action when none is marked) gets a level x between 0 and 1 of its
share (of its activity, for ``add`` and ``remove``). The portfolio builds on a
base scenario: the base's other actions stay as they are, and the candidates
(whether the base holds them or not) are what the optimisation chooses. A
candidate's abatement in each municipality and target year is its wedge when all
candidates are applied at full level on top of the base's other actions, and
the abatement of a level x is taken as x times that: exact for actions that act
on separate sources (reduce and switch are linear in their share), an
approximation where candidates act on the same source one after another (the
result is checked by projecting the chosen scenario through the normal engine).
Costs scale with the level. ``scipy.optimize.milp`` solves it, with integer
levels (on/off) when ``integer=True``.

The planner's own actions and scenarios are never changed: the new scenario
gets its own copies of the chosen candidates (named ``<action>@<scenario>``)
at the chosen levels, without costs (``least_cost.csv`` holds them).

When no combination meets every target, the portfolio is the best effort: the
one that leaves the smallest sum of remaining gaps, cheapest among those; a
:class:`capf.errors.CapfWarning` names each target left short and its gap.
Targets on part of the inventory (sectors, gases) are not constraints of the
optimisation (the wedges are whole-plan CO2e); a warning names them.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .errors import AssessmentError, CapfWarning
from .plan.models import Plan
from .plan.uncertain import central

__all__ = ["least_cost", "default_base"]

_PROBE = "__candidates"


def default_base(plan: Plan) -> str:
    """The scenario a portfolio builds on by default: the first with actions (else the first).

    Parameters
    ----------
    plan : capf.Plan
        The validated plan.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> default_base(plan) in [s.name for s in plan.scenario]
    True
    """
    for s in plan.scenario:
        if plan.scenario_actions(s.name):
            return s.name
    return plan.scenario[0].name


def _scenario_like(plan: Plan, data: dict, base: str, name: str, actions: list[str]) -> None:
    """Add to ``data`` (a plan dict) a scenario ``name`` with exactly ``actions`` and the drivers
    in effect in ``base`` (a driver listed by scenario name gets ``name`` too)."""
    in_base = set(plan.scenario_drivers(base))
    listed = {d for s in plan.scenario for d in s.drivers}
    for d in data.get("driver", []):
        if d["name"] in in_base and d.get("scenarios") is not None:
            d["scenarios"] = list(d["scenarios"]) + [name]
    data["scenario"] = list(data["scenario"]) + [
        {"name": name, "actions": actions,
         "drivers": [d.name for d in plan.driver if d.name in in_base and d.name in listed]}]


def _plan_dict(plan: Plan) -> dict:
    # a plan that started from bundled data keeps its provenance: its tables are merged already
    data = plan.model_dump(mode="python", by_alias=True, exclude_none=True)
    data["action"] = [dict(a) for a in data.get("action", [])]
    data["driver"] = [dict(d) for d in data.get("driver", [])]
    return data


def _scaled_copy(a, level: float, name: str) -> dict:
    """Action ``a`` as a dict, renamed, at ``level`` of its share (or activity), without costs."""
    d = a.model_dump(mode="python", by_alias=True, exclude_none=True)
    for key in ("investment", "operating", "price_year", "candidate"):
        d.pop(key, None)
    d["name"] = name
    if a.kind in ("add", "remove"):
        d["activity"] = central(a.activity) * level
    else:
        share = 1.0 if a.share is None else (a.share.mean() if hasattr(a.share, "mean")
                                             else a.share)
        d["share"] = float(share) * level
    return d


def least_cost(plan: Plan, *, base: str | None = None, name: str = "least_cost",
               integer: bool = False) -> tuple[Plan, pd.DataFrame]:
    """The cheapest combination of candidate actions that meets every target.

    Parameters
    ----------
    plan : capf.Plan
        Not changed.
    base : str, optional
        The scenario to build on (default: the first scenario with actions, see
        :func:`default_base`). Its actions that are not candidates stay as they are.
    name : str
        Name of the new scenario.
    integer : bool
        On/off choices (``milp`` with binary levels) instead of continuous levels.

    Returns
    -------
    (capf.Plan, pandas.DataFrame)
        A new plan: ``plan`` plus the scenario ``name`` and the copies of the
        chosen candidates it uses (run it through :func:`capf.project`), and one
        row per candidate: level, share used, annual cost (DKK/yr), abatement at
        full level (t CO2e/yr). ``attrs["remaining_gap"]`` lists the targets the
        portfolio cannot meet (records: target, municipality, year, remaining_gap,
        unit; empty when it meets every one) and ``attrs["base"]`` the base scenario.

    Raises
    ------
    capf.errors.AssessmentError
        No candidate actions, an unknown ``base`` or ``name`` already in use.

    Warns
    -----
    capf.errors.CapfWarning
        When no combination meets every target (the best effort is returned), and
        for targets on part of the inventory, which the optimisation does not constrain.

    Examples
    --------
    >>> import capf
    >>> d = capf.testing.example_plan_dict()
    >>> d["action"][0].update(operating="1 MDKK/yr", price_year=2023)
    >>> d["target"] = [{"name": "t", "year": 2030, "level": "60 kt CO2e/yr"}]
    >>> plan = capf.Plan.model_validate(d)
    >>> new, table = capf.optimise.least_cost(plan, base="bau")
    >>> round(float(table["level"].iloc[0]), 3), [a.name for a in plan.action]
    (0.642, ['rewet_lowland', 'heat_pumps'])
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    from .api import project
    from .assess import assess

    names = [s.name for s in plan.scenario]
    base = default_base(plan) if base is None else base
    if base not in names:
        raise AssessmentError(f"unknown base scenario {base!r} for the least-cost portfolio; "
                              f"the plan has {', '.join(names)}")
    if name in names or name == _PROBE:
        raise AssessmentError(f"the plan already has a scenario {name!r}; name the least-cost "
                              "scenario otherwise")
    costed = [a for a in plan.action if a.investment is not None or a.operating is not None]
    cands = [a for a in costed if a.candidate] or costed
    if not cands:
        raise AssessmentError("no candidate actions: give actions costs (investment, operating)",
                              field="action")
    cand_names = [a.name for a in cands]
    taken = {a.name for a in plan.action}
    copy_names = [f"{a}@{name}" for a in cand_names]
    if taken & set(copy_names):
        raise AssessmentError(f"the plan already has an action named "
                              f"{sorted(taken & set(copy_names))[0]!r}; name the least-cost "
                              "scenario otherwise", field="action")
    fixed = [a for a in plan.scenario_actions(base) if a not in cand_names]
    rate = plan.plan.discount_rate or 0.0

    data = _plan_dict(plan)
    _scenario_like(plan, data, base, _PROBE, fixed + cand_names)
    probe_plan = Plan.model_validate(data)
    ds = project(probe_plan)
    table = assess(ds, probe_plan)
    by_name = {t.name: t for t in plan.target}
    rows = table[table["scenario"] == _PROBE]
    costs = np.array([a.annual_cost(rate) for a in cands])
    A = len(cands)
    lhs, rhs, which, partial = [], [], [], []
    for _, r in rows.iterrows():
        if by_name[r["target"]].scope_key() != (None, None):
            partial.append(r["target"])
            continue
        w = ds["wedge"].sel(scenario=_PROBE, municipality=r["municipality"], year=r["year"],
                            action=cand_names).values
        # level without the candidates − Σ x_a w_a ≤ target level
        lhs.append(w)
        rhs.append(r["projected_level"] + w.sum() - r["target_level"])
        which.append((r["target"], r["municipality"], int(r["year"])))
    if partial:
        warnings.warn(f"least-cost portfolio: target(s) {', '.join(dict.fromkeys(partial))} "
                      f"cover part of the inventory (sectors or gases) and are not constraints "
                      f"of the optimisation; see targets.csv for whether {name!r} meets them",
                      CapfWarning, stacklevel=2)
    integrality = np.ones(A) if integer else np.zeros(A)
    gaps = np.zeros(len(lhs))
    if lhs:
        W, b = np.array(lhs), np.array(rhs)
        res = milp(c=costs, constraints=[LinearConstraint(W, lb=b, ub=np.inf)],
                   bounds=Bounds(0, 1), integrality=integrality)
        if res.success:
            x = res.x
        else:
            x, gaps = _best_effort(W, b, costs, integrality)
    else:
        x = np.zeros(A)
    x = np.clip(x, 0.0, 1.0)
    x[np.abs(x) < 1e-6] = 0.0  # HiGHS primal feasibility tolerance is 1e-7 scaled by the data
    x[np.abs(x - 1.0) < 1e-6] = 1.0
    short = [(t, m, y, g) for (t, m, y), g in zip(which, gaps, strict=True)
             if g > 1e-6 * max(1.0, abs(g))]
    if short:
        listed = "; ".join(f"{t!r} in {m} ({y}): {g:,.0f} t CO2e/yr" for t, m, y, g in short[:10])
        warnings.warn(f"no combination of the candidate actions ({', '.join(cand_names)}) meets "
                      f"every target on top of scenario {base!r}; {name!r} is the best effort "
                      f"(the smallest remaining gap, cheapest among those). Remaining gap: "
                      f"{listed}{' ...' if len(short) > 10 else ''}", CapfWarning, stacklevel=2)

    data = _plan_dict(plan)
    chosen, out_actions = [], []
    for a_dict, a in zip(data["action"], plan.action, strict=True):
        out_actions.append(a_dict)
        if a.name in cand_names:
            i = cand_names.index(a.name)
            if x[i] > 0:
                out_actions.append(_scaled_copy(a, float(x[i]), copy_names[i]))
                chosen.append(copy_names[i])
    data["action"] = out_actions
    keep = [n for n in plan.scenario_actions(base) if n not in cand_names]
    order = [d["name"] for d in out_actions]
    _scenario_like(plan, data, base, name, sorted(keep + chosen, key=order.index))
    result = Plan.model_validate(data)

    def share_used(a, xi):
        if a.kind in ("add", "remove"):
            return None
        s = 1.0 if a.share is None else (a.share.mean() if hasattr(a.share, "mean") else a.share)
        return float(s) * xi

    summary = pd.DataFrame({
        "action": cand_names, "level": x,
        "share": [share_used(a, xi) for a, xi in zip(cands, x, strict=True)],
        "annual_cost": costs * x,
        "abatement_at_full_level": [float(ds["wedge"].sel(scenario=_PROBE, action=a)
                                          .sum("municipality").max()) for a in cand_names],
    })
    summary.attrs["remaining_gap"] = [
        {"target": t, "municipality": m, "year": y, "remaining_gap": float(g),
         "unit": "t CO2e/yr"} for t, m, y, g in short]
    summary.attrs["base"] = base
    return result, summary


def _best_effort(W: np.ndarray, b: np.ndarray, costs: np.ndarray,
                 integrality: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Levels that leave the smallest sum of gaps (t CO2e/yr), cheapest among those, and the
    gap left in each constraint: ``W x + gap ≥ b``, ``gap ≥ 0``."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, A = W.shape
    lhs = np.hstack([W, np.eye(n)])
    lb = np.concatenate([np.zeros(A), np.zeros(n)])
    ub = np.concatenate([np.ones(A), np.full(n, np.inf)])
    integ = np.concatenate([integrality, np.zeros(n)])
    cons = LinearConstraint(lhs, lb=b, ub=np.inf)
    first = milp(c=np.concatenate([np.zeros(A), np.ones(n)]), constraints=[cons],
                 bounds=Bounds(lb, ub), integrality=integ)
    if not first.success:  # pragma: no cover - always feasible (gaps are unbounded)
        raise AssessmentError(f"the least-cost optimisation failed: {first.message}")
    least = float(first.x[A:].sum())
    cap = LinearConstraint(np.concatenate([np.zeros(A), np.ones(n)])[None, :], lb=-np.inf,
                           ub=least * (1 + 1e-9) + 1e-6)
    second = milp(c=np.concatenate([costs, np.zeros(n)]), constraints=[cons, cap],
                  bounds=Bounds(lb, ub), integrality=integ)
    best = second if second.success else first
    x = best.x[:A]
    return x, np.maximum(b - W @ np.clip(x, 0, 1), 0.0)
