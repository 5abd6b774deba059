"""Levels on a scope: totals and sector sums of a result, and reference levels.

A reference level of a municipality in a year comes, sector by sector, from (in
this order) a given ``[[baseline]]`` level on exactly the target's scope, given
sector levels, a back-cast with a national series
(``level_s(ref) = level_s(base) × national_s(ref) / national_s(base)``, an
estimate), or the base-year inventory when the reference year is the base year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ..errors import AssessmentError
from ..spec.models import Plan
from ..units import gwp_values

__all__ = ["total", "by_sector", "scoped_by_sector", "scoped_total", "reference_levels",
           "References", "UNIT"]

UNIT = "t CO2e/yr"

Scope = tuple[tuple[str, ...] | None, tuple[str, ...] | None]
ALL: Scope = (None, None)


def total(ds: xr.Dataset) -> xr.DataArray:
    """Net CO2e per municipality, year and scenario (removals included), t CO2e/yr."""
    out = ds["co2e"].sum("source")
    out.attrs = {"units": ds["co2e"].attrs.get("units", UNIT), "long_name": "net emissions"}
    return out


def by_sector(ds: xr.Dataset) -> xr.DataArray:
    """CO2e per municipality, sector, year and scenario, t CO2e/yr."""
    out = ds["co2e"].groupby("sector").sum("source")
    out.attrs = {"units": ds["co2e"].attrs.get("units", UNIT)}
    return out


def scoped_by_sector(ds: xr.Dataset, scope: Scope = ALL) -> xr.DataArray:
    """CO2e by sector on a scope (sectors, gases); sectors of the scope absent from ``ds`` are 0."""
    secs, gases = scope
    if gases is None:
        da = by_sector(ds)
    else:
        gwp = gwp_values(ds.attrs.get("gwp_context", "AR5GWP100"))
        w = xr.DataArray([gwp[g] for g in gases], dims="gas", coords={"gas": list(gases)})
        em = ds["emissions"].reindex(gas=list(gases), fill_value=0.0)
        da = (em * w).sum("gas").groupby("sector").sum("source")
    if secs is not None:
        da = da.reindex(sector=list(secs), fill_value=0.0)
    da.attrs = {"units": UNIT}
    return da


def scoped_total(ds: xr.Dataset, scope: Scope = ALL) -> xr.DataArray:
    """Net CO2e on a scope per municipality, year and scenario."""
    return scoped_by_sector(ds, scope).sum("sector")


@dataclass
class References:
    """Reference levels of every municipality in one year, on one scope.

    ``total`` [municipality] (NaN where none can be found), ``sector``
    [municipality, sector] (NaN where the split is not known), and per
    municipality the ``method`` and whether it is an ``estimate``.
    """

    year: int
    scope: Scope
    total: pd.Series
    sector: pd.DataFrame
    method: pd.Series
    estimate: pd.Series
    note: pd.Series


def _series_field(plan: Plan, series: str, sector: str | None = None) -> str:
    """The field path of a national series' sector, or (no sector) of the baseline naming it."""
    for i, s in enumerate(plan.national_series, 1):
        if sector is not None and s.series == series and s.sector == sector:
            return f"national_series[{i}].values"
    for i, b in enumerate(plan.baseline, 1):
        if b.backcast == series:
            return f"baseline[{i}].backcast"
    return "national_series"


def _national_ratio(plan: Plan, series: str, sector: str, base: int, year: int) -> float:
    rows = [s for s in plan.national_series if s.series == series and s.sector == sector]
    if not rows:
        raise AssessmentError(
            f"national series {series!r} has no sector {sector!r}, which has emissions in the "
            f"base year; add a [[national_series]] for it",
            field=_series_field(plan, series))
    vals = rows[0].values
    ys = sorted(vals)
    for y in (base, year):
        if not ys[0] <= y <= ys[-1]:
            raise AssessmentError(f"national series {series!r}, sector {sector!r} covers "
                                  f"{ys[0]}-{ys[-1]}, not {y}",
                                  field=_series_field(plan, series, sector))
    v_base = float(np.interp(base, ys, [vals[y] for y in ys]))
    v_year = float(np.interp(year, ys, [vals[y] for y in ys]))
    if abs(v_base) < 1e-12:
        raise AssessmentError(f"national series {series!r}, sector {sector!r} is 0 in {base}; "
                              "a back-cast divides by it", field=_series_field(plan, series, sector))
    return v_year / v_base


def reference_levels(ds: xr.Dataset, plan: Plan, year: int, scope: Scope = ALL) -> References:
    """Reference levels of every municipality of ``ds`` in ``year`` on ``scope``.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> r = capf.pathways.reference_levels(capf.project(plan), plan, 1990)
    >>> float(r.total["999"]), r.method["999"]
    (160000.0, 'given')
    """
    base = plan.plan.base_year
    codes = [str(c) for c in ds["municipality"].values]
    base_sec = scoped_by_sector(ds, scope).sel(year=base).isel(scenario=0, drop=True)
    sectors_ = [str(s) for s in base_sec["sector"].values]
    base_sec = pd.DataFrame(base_sec.transpose("municipality", "sector").values,
                            index=codes, columns=sectors_)
    sector = pd.DataFrame(np.nan, index=codes, columns=sectors_)
    tot = pd.Series(np.nan, index=codes)
    method = pd.Series("", index=codes, dtype=object)
    estimate = pd.Series(False, index=codes)
    note = pd.Series("", index=codes, dtype=object)
    secs, gases = scope
    # back-casts (every sector with base-year emissions, vectorised over municipalities)
    for b in plan.baseline:
        if b.year != year or b.backcast is None:
            continue
        sel = [c for c in plan.select(b.municipality) if c in sector.index]
        ratios = {s: _national_ratio(plan, b.backcast, s, base, year)
                  for s in sectors_ if (base_sec.loc[sel, s] != 0).any()}
        for s, r in ratios.items():
            sector.loc[sel, s] = base_sec.loc[sel, s] * r
        zero = [s for s in sectors_ if s not in ratios]
        sector.loc[sel, zero] = 0.0
        method[sel] = f"backcast:{b.backcast}"
        estimate[sel] = True
        note[sel] = (f"back-cast from {base} with national series {b.backcast!r}: "
                     + ", ".join(f"{s} ×{r:.4f}" for s, r in ratios.items()))
    if year == base:
        unset = sector.isna().all(axis=1)
        sector.loc[unset] = base_sec.loc[unset]
        method[unset] = "base_year"
    # given sector levels replace the back-cast of their sector
    for b in plan.baseline:
        if b.year != year or b.emissions is None:
            continue
        bsecs, bgases = b.scope_key()
        if bgases != gases or bsecs is None or len(bsecs) != 1 or bsecs[0] not in sectors_:
            continue
        for c in plan.select(b.municipality):
            if c in sector.index:
                sector.loc[c, bsecs[0]] = b.level()
                method[c] = "given" if method[c] in ("", "given") else method[c] + "+given"
                estimate[c] = bool(estimate[c] or b.estimate)
    tot[:] = sector.sum(axis=1, min_count=1).where(sector.notna().all(axis=1))
    # a given total on exactly this scope wins
    for b in plan.baseline:
        if b.year != year or b.emissions is None or b.scope_key() != scope:
            continue
        for c in plan.select(b.municipality):
            if c in tot.index:
                tot[c] = b.level()
                if b.scope_key()[0] is None or len(b.scope_key()[0]) != 1:
                    sector.loc[c] = np.nan  # the split of a given total is not known
                method[c], estimate[c], note[c] = "given", bool(b.estimate), b.note or ""
    return References(year, scope, tot, sector, method, estimate, note)
