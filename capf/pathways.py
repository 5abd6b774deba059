"""ASSESS stage: reference levels, targets and gaps.

Reference levels come, per municipality and year, from a given ``[[baseline]]``
level, from a back-cast of the base-year inventory with national sector series
(``level_m,s(ref) = level_m,s(base) × national_s(ref) / national_s(base)``,
flagged as an estimate), or, when the reference year is the base year, from the
base-year inventory itself. Every target is evaluated on the same scope as the
projection it is compared with: total net emissions of the plan's sources,
removals included.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import xarray as xr

from .errors import AssessmentError
from .spec.models import Plan

__all__ = [
    "assess",
    "reference_levels",
    "total",
    "by_sector",
    "TARGET_COLUMNS",
    "UNIT",
]

UNIT = "t CO2e/yr"

#: Columns of the targets table (``targets.csv``), in this order. The first 15
#: are the contract of the foundation issue; the rest extend it.
TARGET_COLUMNS = [
    "scenario", "municipality", "target", "year", "reference_year", "reference_level",
    "target_level", "projected_level", "base_year", "base_year_level",
    "required_cut_from_base_year", "projected_reduction_vs_reference", "met", "gap", "unit",
    "target_kind", "reference_method", "reference_is_estimate", "municipality_name",
]


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


def _base_by_sector(ds: xr.Dataset, base_year: int) -> xr.DataArray:
    # the base year is the same in every scenario (no action has effect in its start year)
    return by_sector(ds).sel(year=base_year).isel(scenario=0, drop=True)


def reference_levels(ds: xr.Dataset, plan: Plan, year: int) -> pd.DataFrame:
    """The reference level of every municipality in ``year``.

    Returns
    -------
    pandas.DataFrame
        Indexed by municipality: ``level`` (t CO2e/yr), ``method`` (``given``,
        ``backcast:<series>`` or ``base_year``), ``estimate`` (bool), and
        ``note``. Municipalities without a reference level have NaN.
    """
    base = plan.plan.base_year
    codes = list(ds["municipality"].values)
    out = pd.DataFrame({"level": np.nan, "method": "", "estimate": False, "note": ""},
                       index=pd.Index(codes, name="municipality"))
    base_sector = None
    for b in plan.baseline:
        if b.year != year:
            continue
        for code in plan.select(b.municipality):
            if code not in out.index:
                continue
            if b.emissions is not None:
                out.loc[code, ["level", "method", "estimate", "note"]] = [
                    b.level(), "given", bool(b.estimate), b.note or ""]
            else:
                if base_sector is None:
                    base_sector = _base_by_sector(ds, base)
                level, note = _backcast(plan, b.backcast, base_sector.sel(municipality=code),
                                        base, year)
                out.loc[code, ["level", "method", "estimate", "note"]] = [
                    level, f"backcast:{b.backcast}", True, note]
    if year == base:
        tot = total(ds).sel(year=base).isel(scenario=0, drop=True)
        missing = out["level"].isna()
        out.loc[missing, "level"] = tot.sel(municipality=list(out.index[missing])).values
        out.loc[missing, "method"] = "base_year"
    return out


def _series_ratio(plan: Plan, series: str, sector: str, base: int, year: int) -> float:
    rows = [s for s in plan.national_series if s.series == series and s.sector == sector]
    if not rows:
        raise AssessmentError(
            f"national series {series!r} has no sector {sector!r}, which has emissions in the "
            f"base year; add a [[national_series]] for it")
    vals = rows[0].values
    ys = sorted(vals)
    for y in (base, year):
        if not ys[0] <= y <= ys[-1]:
            raise AssessmentError(f"national series {series!r}, sector {sector!r} covers "
                                  f"{ys[0]}-{ys[-1]}, not {y}")
    v_base = float(np.interp(base, ys, [vals[y] for y in ys]))
    v_year = float(np.interp(year, ys, [vals[y] for y in ys]))
    if v_base == 0:
        raise AssessmentError(f"national series {series!r}, sector {sector!r} is 0 in {base}")
    return v_year / v_base


def _backcast(plan: Plan, series: str, base_sector: xr.DataArray, base: int,
              year: int) -> tuple[float, str]:
    level, parts = 0.0, []
    for sector, value in zip(base_sector["sector"].values, base_sector.values):
        if value == 0:
            continue
        ratio = _series_ratio(plan, series, str(sector), base, year)
        level += float(value) * ratio
        parts.append(f"{sector} ×{ratio:.4f}")
    return level, f"back-cast from {base} with national series {series!r}: " + ", ".join(parts)


def assess(ds: xr.Dataset, plan: Plan) -> pd.DataFrame:
    """Evaluate the plan's targets for every scenario and municipality.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project`.
    plan : capf.Plan
        The plan that produced it.

    Returns
    -------
    pandas.DataFrame
        One row per scenario × municipality × target with the columns of
        :data:`TARGET_COLUMNS`. Levels in t CO2e/yr; fractions as fractions
        (0.7, not 70). ``gap`` = projected − target level (positive: short of
        the target); ``required_cut_from_base_year`` = 1 − target ÷ base-year
        level (negative when already met). Net-zero rows have target level 0
        and empty reference columns.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> table = capf.assess(capf.project(plan), plan)
    >>> table[["scenario", "target", "met"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['bau', 'Climate Act 2030', False], ['bau', 'Net zero 2050', False],
     ['plan', 'Climate Act 2030', False], ['plan', 'Net zero 2050', False]]
    """
    base = plan.plan.base_year
    tot = total(ds)
    base_level = tot.sel(year=base).isel(scenario=0, drop=True)
    refs = {t.relative_to: reference_levels(ds, plan, t.relative_to)
            for t in plan.target if t.relative_to is not None}
    rows = []
    codes = list(ds["municipality"].values)
    names = dict(zip(codes, ds["municipality_name"].values)) if "municipality_name" in ds.coords \
        else {}
    for scen in ds["scenario"].values:
        for t in plan.target:
            sel_codes = [c for c in plan.select(t.municipality) if c in codes]
            projected = tot.sel(scenario=scen, year=t.year, municipality=sel_codes).values
            for code, proj in zip(sel_codes, projected):
                proj = float(proj)
                b = float(base_level.sel(municipality=code))
                ref_year = ref_level = None
                method, estimate = "", False
                if t.kind == "relative":
                    r = refs[t.relative_to].loc[code]
                    if math.isnan(r["level"]):
                        raise AssessmentError(
                            f"target {t.name!r}: no reference level for municipality {code!r} "
                            f"in {t.relative_to}; give a [[baseline]] for that year (a level or "
                            f"a back-cast)")
                    ref_year, ref_level = t.relative_to, float(r["level"])
                    method, estimate = r["method"], bool(r["estimate"])
                    target_level = ref_level * (1.0 - t.reduction)
                elif t.kind == "absolute":
                    target_level = t.level_value()
                else:
                    target_level = 0.0
                tol = 1e-9 * max(1.0, abs(target_level))
                rows.append({
                    "scenario": str(scen),
                    "municipality": str(code),
                    "target": t.name,
                    "year": t.year,
                    "reference_year": ref_year,
                    "reference_level": ref_level,
                    "target_level": target_level,
                    "projected_level": proj,
                    "base_year": base,
                    "base_year_level": b,
                    "required_cut_from_base_year": (1.0 - target_level / b) if b != 0 else np.nan,
                    "projected_reduction_vs_reference": (1.0 - proj / ref_level)
                    if ref_level not in (None, 0.0) else None,
                    "met": bool(proj <= target_level + tol),
                    "gap": proj - target_level,
                    "unit": UNIT,
                    "target_kind": t.kind,
                    "reference_method": method,
                    "reference_is_estimate": estimate if t.kind == "relative" else None,
                    "municipality_name": str(names.get(code, code)),
                })
    df = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    # empty reference columns of absolute and net-zero rows: NaN / <NA>, written empty in CSV
    for col in ("reference_level", "projected_reduction_vs_reference"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    df["reference_year"] = df["reference_year"].astype("Int64")
    df["reference_is_estimate"] = df["reference_is_estimate"].astype("boolean")
    return df
