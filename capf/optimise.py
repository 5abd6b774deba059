"""Least-cost portfolios: the cheapest levels of candidate actions that meet every target.

Each candidate action (an action with costs, marked ``candidate = true``, or
every costed action when none is marked) gets a level x between 0 and 1 of its
share. Its abatement in each municipality and target year is its wedge when all
candidates are applied at full level on top of the base scenario, and the
abatement of a level x is taken as x times that: exact for actions that act on
separate sources (reduce and switch are linear in their share), an
approximation where candidates act on the same source one after another (the
result is checked by projecting the chosen scenario through the normal engine).
Costs scale with the level. ``scipy.optimize.milp`` solves it, with integer
levels (on/off) when ``integer=True``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import AssessmentError
from .spec.models import Plan

__all__ = ["least_cost"]


def least_cost(plan: Plan, *, base: str | None = None, name: str = "least_cost",
               integer: bool = False) -> tuple[Plan, pd.DataFrame]:
    """The cheapest combination of candidate actions that meets every target.

    Parameters
    ----------
    plan : capf.Plan
    base : str, optional
        The scenario to build on (default: the first scenario).
    name : str
        Name of the new scenario.
    integer : bool
        On/off choices (``milp`` with binary levels) instead of continuous levels.

    Returns
    -------
    (capf.Plan, pandas.DataFrame)
        The plan with the new scenario (run it through :func:`capf.project`), and
        one row per candidate: level, share used, annual cost, abatement.

    Raises
    ------
    capf.errors.AssessmentError
        When no combination of the candidates meets every target.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    from .api import project
    from .pathways import assess

    base = base or plan.scenario[0].name
    costed = [a for a in plan.action if a.investment is not None or a.operating is not None]
    cands = [a for a in costed if a.candidate] or costed
    if not cands:
        raise AssessmentError("no candidate actions: give actions costs (investment, operating)",
                              field="action")
    rate = plan.plan.discount_rate or 0.0
    probe = "__candidates"
    data = plan.model_dump(mode="python", by_alias=True, exclude_none=True)
    data["scenario"] = [s for s in data["scenario"]] + [
        {"name": probe, "extends": base, "actions": [a.name for a in cands]}]
    data["plan"].pop("provenance", None) if data["plan"].get("start_from") else None
    probe_plan = Plan.model_validate(data)
    ds = project(probe_plan)
    table = assess(ds, probe_plan)
    rows = table[table["scenario"] == base]
    A = len(cands)
    costs = np.array([a.annual_cost(rate) for a in cands])
    lhs, rhs = [], []
    for _, r in rows.iterrows():
        if r["scope"] != "all sectors":
            continue  # wedges are whole-plan CO2e; sector-scope targets are not constrained
        w = ds["wedge"].sel(scenario=probe, municipality=r["municipality"], year=r["year"],
                            action=[a.name for a in cands]).values
        # base level − Σ x_a w_a ≤ target level
        lhs.append(w)
        rhs.append(r["projected_level"] - r["target_level"])
    if lhs:
        constraints = [LinearConstraint(np.array(lhs), lb=np.array(rhs), ub=np.inf)]
    else:
        constraints = []
    res = milp(c=costs, constraints=constraints, bounds=Bounds(0, 1),
               integrality=np.ones(A) if integer else np.zeros(A))
    if not res.success:
        raise AssessmentError(f"no combination of the candidate actions "
                              f"({', '.join(a.name for a in cands)}) meets every target on top "
                              f"of scenario {base!r}: {res.message}", field="action")
    x = np.clip(res.x, 0.0, 1.0)
    x[np.abs(x) < 1e-9] = 0.0
    data = plan.model_dump(mode="python", by_alias=True, exclude_none=True)
    chosen = []
    for a_dict in data["action"]:
        for i, a in enumerate(cands):
            if a_dict["name"] == a.name and x[i] > 0:
                if "share" in a_dict and a_dict["share"] is not None:
                    a_dict["share"] = float(a.share if not hasattr(a.share, "mean")
                                            else a.share.mean()) * x[i]
                chosen.append(a.name)
    data["scenario"] = data["scenario"] + [{"name": name, "extends": base, "actions": chosen}]
    result = Plan.model_validate(data)
    summary = pd.DataFrame({
        "action": [a.name for a in cands], "level": x,
        "share": [(a.share.mean() if hasattr(a.share, "mean") else a.share) * xi
                  if a.share is not None else None for a, xi in zip(cands, x)],
        "annual_cost": costs * x,
        "abatement_at_full_level": [float(ds["wedge"].sel(scenario=probe, action=a.name)
                                          .sum("municipality").max()) for a in cands],
    })
    return result, summary
