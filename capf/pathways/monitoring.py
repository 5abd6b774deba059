"""Monitoring: observed yearly levels against the plan's pathway, like a CO2 barometer."""

from __future__ import annotations

import pandas as pd
import xarray as xr

from ..spec.models import Plan
from .levels import UNIT, scoped_by_sector

__all__ = ["monitoring", "MONITORING_COLUMNS"]

MONITORING_COLUMNS = ["scenario", "municipality", "sector", "year", "observed", "pathway",
                      "deviation", "status", "unit", "observed_is_estimate", "source"]


def monitoring(ds: xr.Dataset, plan: Plan) -> pd.DataFrame:
    """Compare every ``[[observation]]`` with each scenario's projected level that year.

    ``status`` is ``on_track`` where the observed level is at or below the
    pathway, ``off_track`` above it; ``deviation`` = observed − pathway (t CO2e/yr).
    Observations outside the projected years (before the base year) are left out.
    ``sector`` is ``total`` for whole-municipality observations.
    """
    if not plan.observation:
        return pd.DataFrame(columns=MONITORING_COLUMNS)
    sec = scoped_by_sector(ds)
    years = set(int(y) for y in ds["year"].values)
    codes = set(str(c) for c in ds["municipality"].values)
    obs = [(plan.line_municipality(o.municipality), o) for o in plan.observation]
    obs = [(c, o) for c, o in obs if c in codes and o.year in years]
    if not obs:
        return pd.DataFrame(columns=MONITORING_COLUMNS)
    rows = []
    for scen in ds["scenario"].values:
        s = sec.sel(scenario=scen)
        for code, o in obs:
            here = s.sel(municipality=code, year=o.year)
            if o.sector is None:
                path = float(here.sum("sector"))
            else:
                path = float(here.sel(sector=o.sector)) if o.sector in here["sector"] else 0.0
            observed = o.level()
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


