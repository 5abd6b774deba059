"""Monitoring: observed yearly levels against the plan's pathway, like a CO2 barometer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from ..compile.cache import compiled_targets
from ..plan.models import Plan
from .levels import ALL, UNIT, _scoped_array

__all__ = ["MONITORING_COLUMNS", "monitoring"]

MONITORING_COLUMNS = ["scenario", "municipality", "sector", "year", "observed", "pathway",
                      "deviation", "status", "unit", "observed_is_estimate", "source"]


def monitoring(ds: xr.Dataset, plan: Plan) -> pd.DataFrame:
    """Compare every ``[[observation]]`` with each scenario's projected level that year.

    ``status`` is ``on_track`` where the observed level is at or below the
    pathway, ``off_track`` above it; ``deviation`` = observed − pathway (t CO2e/yr).
    Observations outside the projected years (before the base year) are left out.
    ``sector`` is ``total`` for whole-municipality observations.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project`.
    plan : capf.Plan
        The plan that produced it (observed levels in t CO2e/yr from
        :func:`capf.compile.compiled_targets`).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`MONITORING_COLUMNS`; levels in t CO2e/yr.

    Examples
    --------
    >>> import capf
    >>> d = capf.testing.example_plan_dict()
    >>> d["observation"] = [{"municipality": "999", "year": 2024, "emissions": "1 kt CO2e/yr"}]
    >>> plan = capf.Plan.model_validate(d)
    >>> monitoring(capf.project(plan), plan)[["scenario", "observed", "status"]].values.tolist()
    [['bau', 1000.0, 'on_track'], ['plan', 1000.0, 'on_track']]
    """
    if not plan.observation:
        return pd.DataFrame(columns=MONITORING_COLUMNS)
    years = {int(y) for y in ds["year"].values}
    codes = {str(c) for c in ds["municipality"].values}
    levels_ = compiled_targets(plan).observation_level  # t CO2e/yr
    obs = [(c, o, v) for o, v in zip(plan.observation, levels_, strict=True)
           if (c := plan.line_municipality(o.municipality)) is not None and c in codes
           and o.year in years]
    if not obs:
        return pd.DataFrame(columns=MONITORING_COLUMNS)
    rows = []
    # one array and index maps instead of an xarray selection per observation
    data, sectors_ = _scoped_array(ds, plan, ALL)  # [municipality, sector, year, scenario]
    levels = data.transpose(3, 0, 2, 1)  # [scenario, municipality, year, sector]
    mi = {str(c): i for i, c in enumerate(ds.variables["municipality"].values)}
    yi = {int(y): i for i, y in enumerate(ds.variables["year"].values)}
    si = {s: i for i, s in enumerate(sectors_)}
    for k, scen in enumerate(ds.variables["scenario"].values):
        for code, o, observed in obs:
            here = levels[k, mi[code], yi[o.year]]
            if o.sector is None:
                path = float(np.nansum(here))  # as xarray's sum (NaN skipped)
            else:
                path = float(here[si[o.sector]]) if o.sector in si else 0.0
            rows.append({
                "scenario": str(scen), "municipality": code, "sector": o.sector or "total",
                "year": o.year, "observed": observed, "pathway": path,
                "deviation": observed - path,
                "status": "on_track" if observed <= path + 1e-9 * max(1.0, abs(path))
                else "off_track",
                "unit": UNIT, "observed_is_estimate": o.estimate, "source": o.source or "",
            })
    df = pd.DataFrame(rows, columns=MONITORING_COLUMNS)
    df["deviation"] = df["deviation"].astype(float)
    return df.sort_values(["scenario", "municipality", "year"], kind="stable",
                          ignore_index=True) if len(df) else df


