"""Drivers: the growth index of activity, [M, S, T, K], the product of the drivers in effect."""

from __future__ import annotations

import numpy as np

from .. import sectors
from ..errors import PlanError, Problem
from ..plan.models import Plan
from .inventory import Layout

__all__ = ["driver_array", "selector_mask"]


def selector_mask(plan: Plan, sel, index: dict[str, int]) -> np.ndarray:
    """A boolean mask over municipalities of a selector (``"*"`` or codes).

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.
    sel : str or tuple of str
        A municipality selector of the plan.
    index : dict
        Municipality code -> index.

    Returns
    -------
    numpy.ndarray
        [M] bool.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> selector_mask(plan, "*", {"999": 0}).tolist()
    [True]
    """
    mask = np.zeros(len(index), dtype=bool)
    for code in plan.select(sel):
        mask[index[code]] = True
    return mask


def driver_array(plan: Plan, lay: Layout) -> np.ndarray:
    """The growth index of every cell: 1 in the base year, times each driver in effect.

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.
    lay : capf.compile.inventory.Layout
        Its layout.

    Returns
    -------
    numpy.ndarray
        [municipality, source, year, scenario], dimensionless.

    Raises
    ------
    capf.errors.PlanError
        When the drivers multiply beyond the range of a float (naming the drivers).

    Examples
    --------
    >>> import capf
    >>> from capf.compile.inventory import layout
    >>> plan = capf.testing.example_plan()
    >>> d = driver_array(plan, layout(plan))
    >>> float(d[0, 0, 0, 0])
    1.0
    """
    meta = plan.plan
    years, scenarios = lay.years, lay.scenarios
    M, S, _, _, T, K = lay.sizes
    m_index, s_index = lay.m_index, lay.s_index
    driver = np.ones((M, S, T, K))
    active = {k: set(plan.scenario_drivers(name)) for k, name in enumerate(scenarios)}
    for d in plan.driver:
        ks = [k for k in range(K) if d.name in active[k]]
        if not ks:
            continue
        js = [s_index[s] for s in sectors.sources_in(d.source) if s in s_index]
        if not js:
            continue
        if d.rate is not None:
            series = (1.0 + d.rate_per_year()) ** (years - meta.base_year)
        else:
            kx = np.array(sorted(d.index), dtype=float)
            ky = np.array([d.index[int(x)] for x in kx], dtype=float)
            series = np.interp(years, kx, ky) / np.interp(meta.base_year, kx, ky)
        mmask = selector_mask(plan, d.municipality, m_index)
        sel = np.ix_(np.flatnonzero(mmask), js, np.arange(T), ks)
        with np.errstate(over="ignore", invalid="ignore"):
            driver[sel] *= series[None, None, :, None]
    if not np.isfinite(driver).all():
        _, j, t, k = (int(x) for x in np.argwhere(~np.isfinite(driver))[0])
        on = [f"driver[{i}].{'rate' if d.rate is not None else 'index'}"
              for i, d in enumerate(plan.driver, 1)
              if lay.source_ids[j] in sectors.sources_in(d.source)]
        raise PlanError([Problem(on[0] if on else "driver",
                                 f"the drivers of {lay.source_ids[j]!r} ({', '.join(on)}) "
                                 f"multiply beyond 1e308 by {int(years[t])} in scenario "
                                 f"{scenarios[k]!r}; give smaller rates or a shorter horizon",
                                 None)])
    return driver
