"""Costs of actions: annualised cost, cost per tonne abated, the marginal abatement cost curve."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from ..compile.cache import compiled_targets
from ..errors import AssessmentError
from ..plan.models import Plan
from ..plan.uncertain import Dist

__all__ = ["MACC_COLUMNS", "action_abatement", "annual_cost", "macc"]

MACC_COLUMNS = ["action", "scenario", "year", "abatement", "annual_cost", "cost_per_t",
                "cumulative_abatement", "price_year", "discount_rate", "unit_abatement",
                "unit_cost"]


def action_abatement(ds: xr.Dataset, plan: Plan, action: str) -> tuple[str | None, int, float]:
    """(scenario, year, t CO2e/yr): the action's wedge at full effect, over its municipalities.

    The scenario is the first (in plan order) that contains the action; the year
    its ``full`` year (its mean when uncertain), at most the plan's end year.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` with ``wedge`` (t CO2e/yr).
    plan : capf.Plan
        The plan that produced it.
    action : str
        An action's name.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> scen, year, abate = action_abatement(capf.project(plan), plan, "heat_pumps")
    >>> scen, year, abate > 0
    ('plan', 2035, True)
    """
    a = next(x for x in plan.action if x.name == action)
    full = a.full.mean() if isinstance(a.full, Dist) else a.full
    year = int(min(round(full), plan.plan.end_year))
    for s in plan.scenario:
        if action in plan.scenario_actions(s.name):
            w = ds["wedge"].sel(action=action, scenario=s.name, year=year).sum("municipality")
            return s.name, year, float(w)
    return None, year, float("nan")


def annual_cost(investment: float | None, operating: float | None, lifetime: float | None,
                rate: float) -> float:
    """Annualised cost in DKK/yr: investment × r / (1 − (1 + r)^−lifetime) + operating.

    Parameters
    ----------
    investment : float or None
        DKK (at the action's price year).
    operating : float or None
        DKK/yr.
    lifetime : float or None
        Years over which the investment is annualised (needed with an investment).
    rate : float
        Discount rate, a fraction per year (0: straight-line, investment ÷ lifetime).

    Examples
    --------
    >>> annual_cost(1000.0, None, 10.0, 0.0)
    100.0
    >>> round(annual_cost(1000.0, 5.0, 10.0, 0.05), 2)
    134.5
    """
    cost = 0.0
    if investment is not None:
        L = float(lifetime)
        crf = rate / (1.0 - (1.0 + rate) ** -L) if rate > 0 else 1.0 / L
        cost += investment * crf
    if operating is not None:
        cost += operating
    return cost


def macc(ds: xr.Dataset, plan: Plan) -> pd.DataFrame:
    """The marginal abatement cost curve of the actions that carry costs (``macc.csv``).

    Per action: the abatement at full effect (t CO2e/yr, see :func:`action_abatement`),
    the annualised cost (DKK/yr at the action's price year: investment × capital
    recovery factor at the plan's ``discount_rate`` over the action's lifetime,
    plus operating cost), the cost per tonne (DKK per t CO2e; empty when the action
    abates nothing), sorted from cheapest, with the cumulative abatement.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` with ``wedge``.
    plan : capf.Plan
        The plan that produced it (costs in DKK from :func:`capf.compile.compiled_targets`).

    Raises
    ------
    capf.errors.AssessmentError
        Investments without ``[plan] discount_rate``.

    Examples
    --------
    >>> import capf
    >>> d = capf.testing.example_plan_dict()
    >>> d["action"][1].update(operating="1 MDKK/yr", price_year=2023)
    >>> plan = capf.Plan.model_validate(d)
    >>> macc(capf.project(plan), plan)[["action", "annual_cost"]].values.tolist()
    [['heat_pumps', 1000000.0]]
    """
    costed = [a for a in plan.action if a.investment is not None or a.operating is not None]
    if not costed:
        return pd.DataFrame(columns=MACC_COLUMNS)
    rate = plan.plan.discount_rate
    if rate is None and any(a.investment is not None for a in costed):
        raise AssessmentError("actions with an investment need [plan] discount_rate "
                              "(e.g. '3.5 %') to annualise it", field="plan.discount_rate")
    rows = []
    for a in costed:
        scen, year, abate = action_abatement(ds, plan, a.name)
        cost = annual_cost(*compiled_targets(plan).action_cost[a.name], rate or 0.0)
        rows.append({"action": a.name, "scenario": scen, "year": year, "abatement": abate,
                     "annual_cost": cost,
                     "cost_per_t": cost / abate if abate and abate > 0 else np.nan,
                     "price_year": a.price_year, "discount_rate": rate,
                     "unit_abatement": "t CO2e/yr", "unit_cost": "DKK/yr; DKK per t CO2e"})
    df = pd.DataFrame(rows)
    df = df.sort_values("cost_per_t", na_position="last", kind="stable").reset_index(drop=True)
    df["cumulative_abatement"] = df["abatement"].where(df["abatement"] > 0, 0.0).cumsum()
    return df[MACC_COLUMNS]
