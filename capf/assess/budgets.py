"""Carbon budgets: cumulative emissions from a start year against an amount."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from ..compile.cache import compiled_targets
from ..errors import AssessmentError
from ..plan.models import Plan
from ._arrays import _repeat
from .levels import _populations, gwp_weights, scoped_total

__all__ = ["BUDGET_COLUMNS", "budgets"]

#: Columns of ``budgets.csv``; the first nine are the contract of the pathway issue.
BUDGET_COLUMNS = ["scenario", "municipality", "budget", "start", "amount", "used",
                  "exhausted_year", "remaining", "unit", "end", "status", "allocation"]


def budgets(ds: xr.Dataset, plan: Plan) -> pd.DataFrame:
    """Every budget for every scenario and municipality (``budgets.csv``).

    ``used`` is the cumulative net emissions from ``start`` through the budget's
    end (default: the plan's end year), in t CO2e; ``exhausted_year`` is the
    first year whose cumulative emissions reach the amount (empty when the
    budget lasts); ``remaining`` = amount − used, negative only when the budget
    is overspent, which ``status`` then says (``within`` or ``overspent``).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project`.
    plan : capf.Plan
        The plan that produced it (amounts in t CO2e from
        :func:`capf.compile.compiled_targets`).

    Examples
    --------
    >>> import capf
    >>> d = capf.testing.example_plan_dict()
    >>> d["budget"] = [{"name": "b", "start": 2023, "amount": "500 kt CO2e"}]
    >>> plan = capf.Plan.model_validate(d)
    >>> t = capf.assess.budgets(capf.project(plan), plan)
    >>> int(t.loc[0, "exhausted_year"]), t.loc[0, "status"]
    (2030, 'overspent')
    """
    parts: dict[str, list[np.ndarray]] = {c: [] for c in BUDGET_COLUMNS}
    codes = [str(c) for c in ds["municipality"].values]
    ct = compiled_targets(plan)
    for i, (b, given, national) in enumerate(zip(plan.budget, ct.budget_amount,
                                                 ct.budget_national_amount, strict=True), 1):
        scope = b.scope_key()
        sel = [c for c in plan.select(b.municipality) if c in codes]
        end = b.end if b.end is not None else plan.plan.end_year
        gwp = None if scope[1] is None else gwp_weights(ds, plan)
        series = scoped_total(ds, scope, gwp=gwp).sel(municipality=sel,
                                                      year=slice(b.start, end))
        cum = series.cumsum("year").transpose("municipality", "scenario", "year")  # t CO2e
        years = cum["year"].values
        if given is not None:
            amount = np.full(len(sel), given)
            allocation = "given"
        else:
            if national is None:
                raise AssessmentError(f"budget {b.name!r}: give 'amount' or 'national_amount'",
                                      field=f"budget[{i}]")
            pop = _populations(plan, sel if b.national_population else codes,
                               f"budget {b.name!r}: a per-capita share",
                               f"budget[{i}].allocation")
            total_pop = b.national_population or sum(pop[c] for c in codes)
            amount = np.array([national * pop[c] / total_pop for c in sel])
            allocation = f"per_capita of {total_pop} inhabitants"
        reached = cum.values >= amount[:, None, None] - 1e-9 * np.maximum(1, amount)[:, None, None]
        anyr = reached.any(axis=2)
        first = np.where(anyr, years[reached.argmax(axis=2)], -1)
        used = cum.isel(year=-1).values
        for k, scen in enumerate(cum["scenario"].values):
            remaining = amount - used[:, k]
            # numpy's stubs take no None (an object scalar) as np.where's values
            exhausted = np.where(first[:, k] >= 0, first[:, k], None)  # type: ignore[call-overload]
            values = {
                "scenario": str(scen), "municipality": np.array(sel, dtype=object),
                "budget": b.name, "start": b.start, "amount": amount, "used": used[:, k],
                "exhausted_year": exhausted, "remaining": remaining, "unit": "t CO2e",
                "end": end,
                "status": np.where(anyr[:, k] & (remaining < 0), "overspent",
                                   np.where(anyr[:, k], "exhausted", "within")),
                "allocation": allocation,
            }
            for c, v in values.items():
                parts[c].append(np.asarray(v) if np.ndim(v) else _repeat(v, len(sel)))
    if not parts["scenario"]:
        return pd.DataFrame(columns=BUDGET_COLUMNS)
    # one DataFrame of every budget and scenario (not one each)
    columns = {c: np.concatenate(v) for c, v in parts.items()}
    columns["exhausted_year"] = pd.array(columns["exhausted_year"], dtype="Int64")
    return pd.DataFrame(columns, columns=BUDGET_COLUMNS)
