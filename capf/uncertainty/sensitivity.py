"""Sensitivity of the plan's emissions in a target year to its uncertain parameters.

Output: the plan's total net CO2e in ``year`` (summed over its municipalities),
per scenario. For a target whose level does not depend on the samples this is
the gap up to a constant, so the indices are those of the gap. Parameters of one
``group`` count as one input.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..api import compile_cached
from ..engine import montecarlo as mc
from ..engine import sampling
from ..errors import CapfError
from ..plan.models import Plan

__all__ = ["sobol", "tornado", "SENSITIVITY_COLUMNS"]

SENSITIVITY_COLUMNS = ["scenario", "parameter", "method", "first_order", "total_order",
                       "low", "high", "output_low", "output_high", "swing", "year", "unit"]


def _model(plan: Plan, year: int):
    model = compile_cached(plan)
    if not model.params:
        raise CapfError("the plan has no uncertain parameters (give a distribution, e.g. "
                        "share = { dist = 'uniform', low = '40 %', high = '60 %' })",
                        field="samples")
    if not model.years[0] <= year <= model.years[-1]:
        raise CapfError(f"year {year} is outside the plan's years", field="year")
    return model


def _names(model) -> list[str]:
    """Each parameter group's name in the table: the group's own name, or what the parameter
    is by name (``rewet_lowland.share``), not its position in the plan file."""
    column, names = sampling.groups(model)
    out = list(names)
    for i, slot in enumerate(model.params):
        if slot.dist.group is None:
            out[column[i]] = slot.label or slot.name
    return out


def sobol(plan: Plan, *, year: int = 2030, n: int = 256, seed: int | None = None) -> pd.DataFrame:
    """First-order and total Sobol indices (scipy.stats.sobol_indices, Saltelli sampling).

    ``n`` (a power of 2) base samples cost ``n × (d + 2)`` projections for ``d``
    parameter groups, evaluated in vectorised chunks.

    Parameters
    ----------
    plan : capf.Plan
        A plan with uncertain parameters.
    year : int, default 2030
        The year of the output (the plan's net CO2e, t CO2e/yr).
    n : int, default 256
        Base samples (a power of 2).
    seed : int, optional
        Seed of the Saltelli sampling.

    Returns
    -------
    pandas.DataFrame
        :data:`SENSITIVITY_COLUMNS`, one row per scenario and parameter group.

    Examples
    --------
    >>> import capf
    >>> df = sobol(capf.testing.synthetic_plan(2, seed=3, uncertain=True), n=8, seed=1)
    >>> list(df.columns) == SENSITIVITY_COLUMNS, set(df["method"])
    (True, {'sobol'})
    """
    from scipy.stats import sobol_indices, uniform

    model = _model(plan, year)
    names = _names(model)
    d = len(names)

    K = len(model.scenarios)

    def func(x):  # x: [d, n] uniform numbers
        out = mc.net_totals(model, sampling.values_from_uniform(model, x.T), year)  # [K, n]
        # scipy squeezes its [outputs, d] indices; with one output and one parameter that
        # leaves a 0-d scalar it then fails to index: give it a second, copied output row
        return np.vstack([out, out[:1]]) if K == 1 else out

    res = sobol_indices(func=func, n=n, dists=[uniform() for _ in range(d)],
                        rng=np.random.default_rng(seed))
    rows_out = K + 1 if K == 1 else K
    first = np.asarray(res.first_order).reshape(rows_out, d)[:K]
    total = np.asarray(res.total_order).reshape(rows_out, d)[:K]
    rows = []
    for k, scen in enumerate(model.scenarios):
        for i, name in enumerate(names):
            rows.append({"scenario": scen, "parameter": name, "method": "sobol",
                         "first_order": float(first[k, i]), "total_order": float(total[k, i]),
                         "year": year, "unit": "t CO2e/yr"})
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


def tornado(plan: Plan, *, year: int = 2030, low: float = 0.05,
            high: float = 0.95) -> pd.DataFrame:
    """One at a time: each parameter group at its ``low`` and ``high`` quantile, the others at
    their medians; the output at each end and the swing (sorted, largest first).

    Parameters
    ----------
    plan : capf.Plan
        A plan with uncertain parameters.
    year : int, default 2030
        The year of the output (the plan's net CO2e, t CO2e/yr).
    low, high : float, default 0.05 and 0.95
        Quantiles (0-1) of each parameter group's two ends.

    Returns
    -------
    pandas.DataFrame
        :data:`SENSITIVITY_COLUMNS`, largest swing first within each scenario.

    Examples
    --------
    >>> import capf
    >>> df = tornado(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> bool((df["swing"] >= 0).all()), set(df["method"])
    (True, {'tornado'})
    """
    model = _model(plan, year)
    column, _ = sampling.groups(model)
    names = _names(model)
    d = len(names)
    u = np.full((2 * d, d), 0.5)
    for i in range(d):
        u[2 * i, i], u[2 * i + 1, i] = low, high
    values = sampling.values_from_uniform(model, u)
    out = mc.net_totals(model, values, year)  # [K, 2d]
    first_param = [column.index(i) for i in range(d)]
    rows = []
    for k, scen in enumerate(model.scenarios):
        for i, name in enumerate(names):
            lo, hi = out[k, 2 * i], out[k, 2 * i + 1]
            p = first_param[i]
            rows.append({"scenario": scen, "parameter": name, "method": "tornado",
                         "low": values[2 * i, p], "high": values[2 * i + 1, p],
                         "output_low": lo, "output_high": hi, "swing": abs(hi - lo),
                         "year": year, "unit": "t CO2e/yr"})
    df = pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)
    return df.sort_values(["scenario", "swing"], ascending=[True, False],
                          kind="stable").reset_index(drop=True)
