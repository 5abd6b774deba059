"""Levels on a scope: totals and sector sums of a result, and reference levels.

A reference level of a municipality in a year comes, sector by sector, from (in
this order) a given ``[[baseline]]`` level on exactly the target's scope, given
sector levels, observed levels by
sector (``[[observation]]`` of that year, with a ``[[baseline]]`` ``observed =
true``), a back-cast with a national series
(``level_s(ref) = level_s(base) × national_s(ref) / national_s(base)``, or with
``anchor_years`` ``national_s(ref) × Σ_a observed_s(a) / Σ_a national_s(a)``; an
estimate), or the base-year inventory when the reference year is the base year.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from xarray.indexes import Index, PandasIndex

from ..compile.cache import compiled_targets
from ..errors import AssessmentError
from ..plan.models import Plan
from ._arrays import _CO2E_DIMS, _nansum, _once, _position, _sector_sums

__all__ = [
    "UNIT",
    "References",
    "backcast_terms",
    "by_sector",
    "gwp_weights",
    "reference_levels",
    "scoped",
    "scoped_by_sector",
    "scoped_total",
    "total",
]

UNIT = "t CO2e/yr"

Scope = tuple[tuple[str, ...] | None, tuple[str, ...] | None]
ALL: Scope = (None, None)


def _populations(plan: Plan, codes: list[str], what: str, field: str) -> dict[str, int]:
    """Inhabitants of each municipality of ``codes``; raises where one is not given."""
    pops = {m.code: m.population for m in plan.municipality}
    missing = [c for c in codes if pops[c] is None]
    if missing:
        raise AssessmentError(f"{what} needs the population of municipality "
                              f"{', '.join(missing[:5])}", field=field)
    return {c: p for c in codes if (p := pops[c]) is not None}


def _scoped_array(ds: xr.Dataset, plan: Plan, scope: Scope) -> tuple[np.ndarray, list[str]]:
    """:func:`scoped` as (array [municipality, sector, year, scenario], sector names); one
    per scope within :func:`capf.assess._arrays._shared` (not to be changed)."""
    return _once("scoped", ds, plan, scope, lambda: _scoped_array_of(ds, plan, scope))


def _scoped_array_of(ds: xr.Dataset, plan: Plan, scope: Scope) -> tuple[np.ndarray, list[str]]:
    gwp = None if scope[1] is None else gwp_weights(ds, plan)
    plain = _sector_sums(ds, scope, gwp)
    if plain is not None:
        data, index = plain[:2]
        return data, [str(s) for s in index.index]
    da = scoped_by_sector(ds, scope, gwp=gwp).transpose("municipality", "sector", "year",
                                                        "scenario")
    return np.asarray(da.values), [str(s) for s in da["sector"].values]


def _sector_array(ds: xr.Dataset, data: np.ndarray, index: PandasIndex, gases: bool,
                  gas_reindexed: bool, reindexed: bool, attrs: dict) -> xr.DataArray:
    """The DataArray of :func:`_sector_sums`' array, with the coordinates (in their order)
    and the name that xarray's operations give it."""
    sector = xr.Coordinates.from_xindex(index)
    variables: dict[Hashable, xr.Variable] = {}
    indexes: dict[Hashable, Index] = {}
    names = [c for c in ds["co2e"].coords if "source" not in ds.variables[c].dims]
    if gas_reindexed:  # a reindex puts the indexed coordinates first
        names = [c for c in names if c in ds.xindexes] + [c for c in names
                                                          if c not in ds.xindexes]
    for c in names:
        variables[c] = ds.variables[c]
        if c in ds.xindexes:
            indexes[c] = ds.xindexes[c]
    variables["sector"] = sector.variables["sector"]
    indexes["sector"] = sector.xindexes["sector"]
    if reindexed:
        variables = {c: variables[c] for c in [*indexes, *(c for c in variables
                                                            if c not in indexes)]}
    dims = ("municipality", "sector", "year", "scenario")
    var = xr.Variable(dims, data, attrs, fastpath=True)
    return xr.DataArray(var, coords=xr.Coordinates(variables, indexes=indexes),
                        name=None if gases else "co2e")


def total(ds: xr.Dataset) -> xr.DataArray:
    """Net CO2e per municipality, year and scenario (removals included), t CO2e/yr.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (``co2e`` in t CO2e/yr).

    Examples
    --------
    >>> import capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> total(ds).dims
    ('municipality', 'year', 'scenario')
    """
    co2e = ds.variables["co2e"]
    attrs = {"units": co2e.attrs.get("units", UNIT), "long_name": "net emissions"}
    if co2e.dims != _CO2E_DIMS or type(co2e.data) is not np.ndarray:  # dask: xarray's sum
        out = ds["co2e"].sum("source")
        out.attrs = attrs
        return out
    # xarray's sum on the array, wrapped with the coordinates and name it gives (a Variable
    # built without fastpath would import dask.array where dask is installed)
    names = [c for c in ds["co2e"].coords if "source" not in ds.variables[c].dims]
    variables = {c: ds.variables[c] for c in names}
    indexes = {c: ds.xindexes[c] for c in names if c in ds.xindexes}
    var = xr.Variable(("municipality", "year", "scenario"), _nansum(co2e.data, 1), attrs,
                      fastpath=True)
    return xr.DataArray(var, coords=xr.Coordinates(variables, indexes=indexes), name="co2e")


def by_sector(ds: xr.Dataset) -> xr.DataArray:
    """CO2e per municipality, sector, year and scenario, t CO2e/yr.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (``co2e`` in t CO2e/yr).

    Examples
    --------
    >>> import capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> "lowland_soils" in by_sector(ds)["sector"].values
    True
    """
    attrs = {"units": ds["co2e"].attrs.get("units", UNIT)}
    plain = _sector_sums(ds, ALL, None)
    if plain is None:  # a dask array, or an unusual layout: xarray's group-by
        out = ds["co2e"].groupby("sector").sum("source")
        out.attrs = attrs
        return out
    return _sector_array(ds, *plain, attrs)


def gwp_weights(ds: xr.Dataset, plan: Plan) -> Mapping[str, float]:
    """The GWP of each gas (kg CO2e per kg) that a result's CO2e is under.

    The set is the result's ``attrs["gwp_context"]`` (changed by ``ds.capf.co2e(gwp=...)``)
    or, where the result names none, the plan's ``[plan] gwp``; the values come from
    COMPILE (:func:`capf.compile.compiled_targets`).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project`.
    plan : capf.Plan
        The plan that produced it.

    Raises
    ------
    capf.errors.AssessmentError
        When ``attrs["gwp_context"]`` names a GWP set capf does not know.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> gwp_weights(capf.project(plan), plan)["CH4"]
    28.0
    """
    ct = compiled_targets(plan)
    name = ds.attrs.get("gwp_context", ct.gwp_set)  # the result's set, else the plan's
    if name not in ct.gwp:
        raise AssessmentError(f"the result's attrs['gwp_context'] is {name!r}, not a GWP set "
                              f"capf knows ({', '.join(ct.gwp)})", field="gwp_context")
    return ct.gwp[name]


def scoped_by_sector(ds: xr.Dataset, scope: Scope = ALL, *,
                     gwp: Mapping[str, float] | None = None) -> xr.DataArray:
    """CO2e by sector on a scope (sectors, gases); sectors of the scope absent from ``ds`` are 0.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (``co2e`` in t CO2e/yr; ``emissions`` in t of each
        gas per year for a gas scope).
    scope : (sectors or None, gases or None)
        As :meth:`capf.plan.Target.scope_key`; None: all.
    gwp : mapping, optional
        kg CO2e per kg of each gas (:func:`gwp_weights`); needed for a gas scope.

    Returns
    -------
    xarray.DataArray
        (municipality, sector, year, scenario) in t CO2e/yr.

    Raises
    ------
    capf.errors.AssessmentError
        A gas scope without ``gwp``.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> ds = capf.project(plan)
    >>> da = scoped_by_sector(ds, (("energy", "buildings"), ("CO2",)), gwp=gwp_weights(ds, plan))
    >>> [str(s) for s in da["sector"].values]
    ['energy', 'buildings']
    """
    secs, gases = scope
    if gases is not None and gwp is None:
        raise AssessmentError(f"a level on the gas scope {'+'.join(gases)} weighs the gases "
                              "by their GWP: pass gwp= (gwp_weights(ds, plan): the set of "
                              "the result's attrs['gwp_context'], else the plan's)",
                              field="gwp_context")
    plain = _sector_sums(ds, scope, gwp)
    if plain is not None:
        return _sector_array(ds, *plain, {"units": UNIT})
    if gases is None or gwp is None:
        da = by_sector(ds)
    else:
        w = xr.DataArray([gwp[g] for g in gases], dims="gas", coords={"gas": list(gases)})
        em = ds["emissions"].reindex(gas=list(gases), fill_value=0.0)
        da = (em * w).sum("gas").groupby("sector").sum("source")
    if secs is not None:
        da = da.reindex(sector=list(secs), fill_value=0.0)
    da.attrs = {"units": UNIT}
    return da


def scoped(ds: xr.Dataset, plan: Plan, scope: Scope = ALL) -> xr.DataArray:
    """:func:`scoped_by_sector` with the GWP values of ``plan`` (:func:`gwp_weights`).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project`.
    plan : capf.Plan
        The plan that produced it.
    scope : (sectors or None, gases or None)
        The scope; None: all.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> scoped(capf.project(plan), plan, (None, ("CH4",))).attrs["units"]
    't CO2e/yr'
    """
    return scoped_by_sector(ds, scope, gwp=None if scope[1] is None else gwp_weights(ds, plan))


def scoped_total(ds: xr.Dataset, scope: Scope = ALL, *,
                 gwp: Mapping[str, float] | None = None) -> xr.DataArray:
    """Net CO2e on a scope per municipality, year and scenario, t CO2e/yr.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project`.
    scope : (sectors or None, gases or None)
        The scope; None: all.
    gwp : mapping, optional
        kg CO2e per kg of each gas, for a gas scope (see :func:`scoped_by_sector`).

    Examples
    --------
    >>> import capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> bool((scoped_total(ds) == total(ds)).all())
    True
    """
    return scoped_by_sector(ds, scope, gwp=gwp).sum("sector")


@dataclass
class References:
    """Reference levels of every municipality in one year, on one scope.

    ``total`` [municipality] (NaN where none can be found), ``sector``
    [municipality, sector] (NaN where the split is not known), and per
    municipality the ``method`` and whether it is an ``estimate``.

    Parameters
    ----------
    year : int
        The reference year.
    scope : (sectors or None, gases or None)
        The scope of the levels.
    total : pandas.Series
        t CO2e/yr by municipality.
    sector : pandas.DataFrame
        t CO2e/yr by municipality and sector.
    method, estimate, note : pandas.Series
        How each level was found (``given``, ``backcast:<series>``, ``observed``,
        ``base_year``), whether it is an estimate, and a note.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> reference_levels(capf.project(plan), plan, 2023).method.tolist()
    ['base_year']
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


def _national_values(plan: Plan, series: str, sector: str, years) -> list[float]:
    rows = [s for s in plan.national_series if s.series == series and s.sector == sector]
    if not rows:
        raise AssessmentError(
            f"national series {series!r} has no sector {sector!r}, which has emissions in the "
            f"base year; add a [[national_series]] for it",
            field=_series_field(plan, series))
    vals = rows[0].values
    ys = sorted(vals)
    for y in years:
        if not ys[0] <= y <= ys[-1]:
            raise AssessmentError(f"national series {series!r}, sector {sector!r} covers "
                                  f"{ys[0]}-{ys[-1]}, not {y}",
                                  field=_series_field(plan, series, sector))
    return [float(np.interp(y, ys, [vals[y] for y in ys])) for y in years]


def national_ratio(plan: Plan, series: str, sector: str, base: int, year: int) -> float:
    v_base, v_year = _national_values(plan, series, sector, (base, year))
    if abs(v_base) < 1e-12:
        raise AssessmentError(f"national series {series!r}, sector {sector!r} is 0 in {base}; "
                              "a back-cast divides by it",
                              field=_series_field(plan, series, sector))
    return v_year / v_base


def _observed(plan: Plan, codes, years) -> Mapping[tuple[str, int, str], tuple[float, bool]]:
    """Sector observations {(code, year, sector): (t CO2e/yr, is estimate)}, for look-ups of
    ``codes`` in ``years`` (the mapping holds every observation of the plan; it is shared,
    compiled once per plan)."""
    return compiled_targets(plan).observed_by_sector


def backcast_terms(plan: Plan, b, base: int, year: int, sector: str,
                   codes: list[str]) -> tuple[float, pd.Series]:
    """A back-cast of one sector as ``level(year) = offset + slope × level(base)`` (t CO2e/yr).

    Plain back-cast: slope = national(year) ÷ national(base), offset 0. With
    ``anchor_years``: level(year) = national(year) × Σ_a observed(a) ÷ Σ_a national(a) over
    the anchor years a (the base year from the inventory, the others from
    ``[[observation]]`` by sector), so slope = national(year) ÷ Σ_a national(a) and
    offset = slope × Σ_{a ≠ base} observed(a). A sector without an observation in an
    anchor year (for any of ``codes``) leaves that year out (at worst it is anchored on
    the base year alone).

    Parameters
    ----------
    plan : capf.Plan
        The plan (its ``[[national_series]]`` and sector ``[[observation]]`` levels).
    b : capf.plan.Baseline
        A back-cast baseline (``backcast``, optional ``anchor_years``).
    base, year : int
        The base year and the year back-cast to.
    sector : str
        The sector.
    codes : list of str
        The municipalities.

    Returns
    -------
    slope : float
        Dimensionless.
    offset : pandas.Series
        t CO2e/yr by municipality.

    Examples
    --------
    >>> import capf
    >>> d = capf.testing.example_plan_dict()
    >>> d["national_series"] = [{"series": "n", "sector": "buildings",
    ...                          "values": {1990: 2.0, 2023: 1.0}}]
    >>> d["baseline"] = [{"year": 1990, "backcast": "n"}]
    >>> plan = capf.Plan.model_validate(d)
    >>> slope, offset = backcast_terms(plan, plan.baseline[0], 2023, 1990, "buildings", ["999"])
    >>> slope, float(offset["999"])
    (2.0, 0.0)
    """
    slope, offset = _backcast_arrays(plan, b, base, year, sector, codes)
    return slope, pd.Series(offset, index=codes)


def _backcast_arrays(plan: Plan, b, base: int, year: int, sector: str,
                     codes: list[str]) -> tuple[float, np.ndarray]:
    """:func:`backcast_terms` with the offset as an array in the order of ``codes``."""
    zero = np.zeros(len(codes))
    if not b.anchor_years:
        return national_ratio(plan, b.backcast, sector, base, year), zero
    anchors = sorted(set(b.anchor_years) | {base})
    obs = _observed(plan, set(codes), [a for a in anchors if a != base])
    nat = _national_values(plan, b.backcast, sector, [year, *anchors])
    v_year, nat_a = nat[0], dict(zip(anchors, nat[1:], strict=True))
    have = [a for a in anchors if a == base or all((c, a, sector) in obs for c in codes)]
    den = sum(nat_a[a] for a in have)
    if abs(den) < 1e-12:
        raise AssessmentError(f"national series {b.backcast!r}, sector {sector!r} sums to 0 "
                              f"over the anchor years {have}; a back-cast divides by it",
                              field=_series_field(plan, b.backcast, sector))
    slope = v_year / den
    offset = zero.copy()
    for a in have:
        if a != base:
            offset += np.array([obs[(c, a, sector)][0] for c in codes], dtype=float)
    return slope, offset * slope


def _anchored(plan: Plan, b, base: int, year: int, base_sec: pd.DataFrame, sel: list[str],
              sectors_: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The anchored back-cast of every sector with base-year emissions (:func:`backcast_terms`)."""
    base_sel = base_sec.loc[sel].to_numpy()  # [municipality, sector]
    columns = {}
    used = []
    for j, s in enumerate(sectors_):
        if not (base_sel[:, j] != 0).any():
            columns[s] = np.zeros(len(sel))
            continue
        slope, offset = _backcast_arrays(plan, b, base, year, s, sel)
        columns[s] = offset + slope * base_sel[:, j]
        used.append(f"{s} ×{slope:.6g} per t of the anchor years")
    return pd.DataFrame(columns, index=sel, columns=sectors_), used


def reference_levels(ds: xr.Dataset, plan: Plan, year: int, scope: Scope = ALL) -> References:
    """Reference levels of every municipality of ``ds`` in ``year`` on ``scope``.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project`.
    plan : capf.Plan
        The plan that produced it (its ``[[baseline]]``, ``[[observation]]`` and
        ``[[national_series]]``; levels in t CO2e/yr come from
        :func:`capf.compile.compiled_targets`).
    year : int
        The reference year.
    scope : (sectors or None, gases or None)
        The scope of the level; None: all.

    Returns
    -------
    References
        Levels in t CO2e/yr.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> r = capf.assess.reference_levels(capf.project(plan), plan, 1990)
    >>> float(r.total["999"]), r.method["999"]
    (160000.0, 'given')
    """
    base = plan.plan.base_year
    codes = [str(c) for c in ds["municipality"].values]
    given = compiled_targets(plan).baseline_level  # given levels, t CO2e/yr
    data, sectors_ = _scoped_array(ds, plan, scope)
    base_sec = pd.DataFrame(data[:, :, _position(ds.variables["year"].values, base), 0],
                            index=codes, columns=sectors_)
    sector = pd.DataFrame(np.nan, index=codes, columns=sectors_)
    tot = pd.Series(np.nan, index=codes)
    method = pd.Series("", index=codes, dtype=object)
    estimate = pd.Series(False, index=codes)
    note = pd.Series("", index=codes, dtype=object)
    _, gases = scope
    # back-casts (every sector with base-year emissions, vectorised over municipalities)
    for b in plan.baseline:
        if b.year != year or b.backcast is None:
            continue
        sel = [c for c in plan.select(b.municipality) if c in sector.index]
        method[sel] = f"backcast:{b.backcast}"
        estimate[sel] = True
        if b.anchor_years and gases is None:  # observations are CO2e: not on a gas scope
            levels, used = _anchored(plan, b, base, year, base_sec, sel, sectors_)
            sector.loc[sel] = levels
            note[sel] = (f"back-cast with national series {b.backcast!r}, anchored on the "
                         f"observed years {sorted(set(b.anchor_years) | {base})}: "
                         + ", ".join(used))
            continue
        ratios = {s: national_ratio(plan, b.backcast, s, base, year)
                  for s in sectors_ if (base_sec.loc[sel, s] != 0).any()}
        for s, r in ratios.items():
            sector.loc[sel, s] = base_sec.loc[sel, s] * r
        zero = [s for s in sectors_ if s not in ratios]
        sector.loc[sel, zero] = 0.0
        note[sel] = (f"back-cast from {base} with national series {b.backcast!r}: "
                     + ", ".join(f"{s} ×{r:.4f}" for s, r in ratios.items()))
    # observed levels by sector ([[observation]] of that year) replace a back-cast
    for b in plan.baseline:
        if b.year != year or not b.observed or gases is not None:
            continue
        sel = [c for c in plan.select(b.municipality) if c in sector.index]
        obs = _observed(plan, set(sel), [year])
        base_sel = base_sec.loc[sel].to_numpy()  # [municipality, sector]
        found, levels, estimates = [], [], []
        for c, base_c in zip(sel, base_sel, strict=True):
            row = [obs.get((c, year, s)) for s in sectors_]
            if any(v is None and x != 0 for v, x in zip(row, base_c, strict=True)):
                continue  # a sector with emissions was not observed: no observed level
            found.append(c)
            levels.append([0.0 if v is None else v[0] for v in row])
            estimates.append(bool(b.estimate or any(v is not None and v[1] for v in row)))
        if found:  # set together, as one municipality after the other would
            sector.loc[found] = np.array(levels, dtype=float).reshape(len(found), len(sectors_))
            method[found] = "observed"
            estimate[found] = estimates
            note[found] = b.note or f"observed levels by sector in {year} ([[observation]])"
    if year == base:
        unset = sector.isna().all(axis=1)
        sector.loc[unset] = base_sec.loc[unset]
        method[unset] = "base_year"
    # given sector levels replace the back-cast of their sector
    for b, level in zip(plan.baseline, given, strict=True):
        if b.year != year or b.emissions is None:
            continue
        bsecs, bgases = b.scope_key()
        if bgases != gases or bsecs is None or len(bsecs) != 1 or bsecs[0] not in sectors_:
            continue
        for c in plan.select(b.municipality):
            if c in sector.index:
                sector.loc[c, bsecs[0]] = level
                method[c] = "given" if method[c] in ("", "given") else method[c] + "+given"
                estimate[c] = bool(estimate[c] or b.estimate)
    tot[:] = sector.sum(axis=1, min_count=1).where(sector.notna().all(axis=1))
    # a given total on exactly this scope wins
    for b, level in zip(plan.baseline, given, strict=True):
        if b.year != year or b.emissions is None or b.scope_key() != scope:
            continue
        for c in plan.select(b.municipality):
            if c in tot.index:
                tot[c] = level
                bsecs = b.scope_key()[0]
                if bsecs is None or len(bsecs) != 1:
                    sector.loc[c] = np.nan  # the split of a given total is not known
                method[c], estimate[c], note[c] = "given", bool(b.estimate), b.note or ""
    return References(year, scope, tot, sector, method, estimate, note)
