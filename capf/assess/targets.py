"""Targets: projected against target levels, gaps, rates, trajectories, sector split."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
import pandas as pd
import xarray as xr

from ..compile.cache import compiled_targets
from ..errors import AssessmentError
from ..plan.models import Plan, Target
from ._arrays import _nansum, _once, _position, _repeat, _shared
from .levels import UNIT, References, _populations, _scoped_array, reference_levels

__all__ = ["GAP_COLUMNS", "TARGET_COLUMNS", "assess", "gaps_by_sector", "trajectories"]

#: Columns of the targets table (``targets.csv``), in this order. The first 15
#: are the contract of the foundation issue; the rest extend it.
TARGET_COLUMNS = [
    "scenario", "municipality", "target", "year", "reference_year", "reference_level",
    "target_level", "projected_level", "base_year", "base_year_level",
    "required_cut_from_base_year", "projected_reduction_vs_reference", "met", "gap", "unit",
    "target_kind", "reference_method", "reference_is_estimate", "municipality_name",
    "scope", "gap_share_of_base_year", "first_year_reached", "required_annual_rate",
    "achieved_annual_rate", "required_annual_cut", "achieved_annual_cut",
]

#: Columns of ``gaps_by_sector.csv``.
GAP_COLUMNS = ["scenario", "municipality", "target", "year", "sector", "reference_level",
               "target_level", "projected_level", "gap", "split", "unit"]


def _scope_label(scope, name: str | None = None) -> str:
    secs, gases = scope
    s = name if name else ("all sectors" if secs is None else "+".join(secs))
    return s if gases is None else f"{s} ({'+'.join(gases)})"


class _Evaluated:
    """Everything about one target, vectorised over municipalities and scenarios."""

    def __init__(self, ds: xr.Dataset, plan: Plan, t: Target, refs: References | None,
                 given: float | None):
        base = plan.plan.base_year
        self.t, self.scope = t, t.scope_key()
        codes = [str(c) for c in ds.variables["municipality"].values]
        present = set(codes)
        self.codes = [c for c in plan.select(t.municipality) if c in present]
        # numpy arrays throughout (the same numpy calls as xarray's label operations, so
        # the same bits): [municipality, sector, year, scenario]
        data, self.sectors = _scoped_array(ds, plan, self.scope)
        pos = {c: i for i, c in enumerate(codes)}
        sec = data[np.array([pos[c] for c in self.codes], dtype=np.intp)]
        years = ds.variables["year"].values
        at_year, at_base = _position(years, t.year), _position(years, base)
        self.sector_series = sec  # [municipality, sector, year, scenario]
        tot = _nansum(sec, 1)
        self.series = tot  # [municipality, year, scenario]
        self.projected = tot[:, at_year, :]  # [municipality, scenario]
        self.base_level = tot[:, at_base, 0]  # [municipality]
        self.base_sector = sec[:, :, at_base, 0]  # [municipality, sector]
        self.at_year = at_year
        n = len(self.codes)
        self.ref = pd.Series(np.nan, index=self.codes)
        self.ref_sector = None
        self.method = pd.Series("", index=self.codes, dtype=object)
        self.estimate = pd.Series(pd.NA, index=self.codes, dtype="boolean")
        if t.kind == "relative":
            r, reduction = refs, t.reduction
            if r is None or reduction is None:
                raise AssessmentError(f"target {t.name!r}: a relative target needs a reduction "
                                      "and its reference levels", field="target")
            missing = [c for c in self.codes if np.isnan(r.total[c])]
            if missing:
                raise AssessmentError(
                    f"target {t.name!r}: no reference level for {t.relative_to} on scope "
                    f"{_scope_label(self.scope, t.scope)} in municipality "
                    f"{', '.join(missing[:5])}; give a "
                    f"[[baseline]] for that year (a level on this scope, or a back-cast)",
                    field=f"target[{plan.target.index(t) + 1}].relative_to"
                    if t in plan.target else "target")
            self.ref = r.total[self.codes].astype(float)
            self.ref_sector = r.sector.loc[self.codes]
            self.method = r.method[self.codes]
            self.estimate = r.estimate[self.codes].astype("boolean")
            level = self.ref.to_numpy() * (1.0 - reduction)
        elif t.kind == "absolute":
            level = np.full(n, given)
        elif t.kind == "per_capita":
            if given is None:
                raise AssessmentError(f"target {t.name!r}: a per-capita target needs a level",
                                      field="target")
            pop = _populations(plan, self.codes, f"target {t.name!r}: a per-capita target",
                               "target")
            level = np.array([given * pop[c] for c in self.codes], dtype=float)
        else:
            level = np.zeros(n)
        self.level = np.asarray(level)  # [municipality]
        tol = 1e-9 * np.maximum(1.0, np.abs(self.level))
        self.met = self.projected <= (self.level + tol)[:, None]  # [municipality, scenario]
        # first year at or below the target level, from the base year
        below = (tot <= (self.level + tol)[:, None, None]).transpose(0, 2, 1)  # [m, scen, year]
        first = years[below.argmax(axis=2)]
        self.first_year = np.where(below.any(axis=2), first, -1)  # [municipality, scenario]
        self.n_years = t.year - base


def _ratio(num, den):
    """num / den, NaN where it is undefined or not finite (a zero or vanishing level)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.asarray(num, dtype=float) / np.asarray(den, dtype=float)
    return np.where(np.isfinite(out), out, np.nan)


def _rate(level, base, n):
    """Constant annual rate of change from ``base`` to ``level`` over ``n`` years.

    That is 1 − (level / base)^(1/n).
    """
    ratio = _ratio(level, base)
    with np.errstate(invalid="ignore"):
        out = 1.0 - np.power(ratio, 1.0 / n) if n > 0 else np.full(np.shape(ratio), np.nan)
    return np.where(ratio > 0, out, np.nan)


@contextlib.contextmanager
def _evaluation_cache() -> Iterator[None]:
    """Within the block, the targets of one result and plan are evaluated once.

    :func:`assess`, :func:`gaps_by_sector` and :func:`trajectories` then share
    one evaluation of the same ``ds`` and ``plan`` objects (compared by
    identity; the block must not change them), and every table shares the
    result's levels on each scope (:func:`capf.assess._arrays._shared`). Blocks
    nest: the outermost one keeps the cache. Outside a block every call
    evaluates afresh.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> ds = capf.project(plan)
    >>> with _evaluation_cache():
    ...     _evaluate_all(ds, plan) is _evaluate_all(ds, plan)
    True
    >>> _evaluate_all(ds, plan) is _evaluate_all(ds, plan)
    False
    """
    with _shared():
        yield


def _evaluate_all(ds: xr.Dataset, plan: Plan) -> list[_Evaluated]:
    return _once("targets", ds, plan, None, lambda: _evaluate(ds, plan))


def _evaluate(ds: xr.Dataset, plan: Plan) -> list[_Evaluated]:
    refs: dict = {}
    out = []
    levels = compiled_targets(plan).target_level  # t CO2e/yr (per inhabitant: per capita)
    for t, given in zip(plan.target, levels, strict=True):
        r = None
        if t.kind == "relative" and t.relative_to is not None:  # a Target has it when relative
            key = (t.relative_to, t.scope_key())
            if key not in refs:
                refs[key] = reference_levels(ds, plan, t.relative_to, t.scope_key())
            r = refs[key]
        out.append(_Evaluated(ds, plan, t, r, given))
    return out


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
        :data:`TARGET_COLUMNS`. Levels in t CO2e/yr on the target's scope;
        fractions as fractions (0.7, not 70). ``gap`` = projected − target level
        (positive: short of the target); ``required_cut_from_base_year`` = 1 −
        target ÷ base-year level (negative when already met). Net-zero, absolute
        and per-capita rows leave the reference columns empty. Rates: the
        constant annual rate of reduction from the base year to the target year
        that the target requires and that the scenario achieves (empty where a
        level is not positive), and the same as straight-line cuts in t/yr per year.

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
    names = dict(zip([str(c) for c in ds["municipality"].values],
                     [str(n) for n in ds["municipality_name"].values], strict=True))
    scenarios = [str(s) for s in ds["scenario"].values]
    # the columns of every target and scenario (the same numpy calls per scenario as
    # before), put together once into one DataFrame rather than one per target and scenario
    # built by scenario, then target, then municipality: the order of the table
    parts: dict[str, list] = {c: [] for c in TARGET_COLUMNS}
    evaluated = _evaluate_all(ds, plan)
    labels = [(_scope_label(ev.scope, ev.t.scope),
               np.array([names.get(c, c) for c in ev.codes], dtype=object),
               np.array(ev.codes, dtype=object)) for ev in evaluated]
    for k, scen in enumerate(scenarios):
        for ev, (scope, names_, codes) in zip(evaluated, labels, strict=True):
            t = ev.t
            m = len(ev.codes)
            proj = ev.projected[:, k]
            b = ev.base_level
            lvl = ev.level
            n = ev.n_years
            fy = ev.first_year[:, k]
            # numpy's stubs take no None (an object scalar) as np.where's values
            first_reached = np.where(fy >= 0, fy, None)  # type: ignore[call-overload]
            values = {
                "scenario": scen, "municipality": codes, "target": t.name, "year": t.year,
                "reference_year": t.relative_to, "reference_level": ev.ref.to_numpy(),
                "target_level": lvl, "projected_level": proj, "base_year": base,
                "base_year_level": b, "required_cut_from_base_year": 1.0 - _ratio(lvl, b),
                "projected_reduction_vs_reference": 1.0 - _ratio(proj, ev.ref.to_numpy()),
                "met": ev.met[:, k].astype(bool), "gap": proj - lvl, "unit": UNIT,
                "target_kind": t.kind, "reference_method": ev.method.to_numpy(),
                "reference_is_estimate": ev.estimate.to_numpy(), "municipality_name": names_,
                "scope": scope, "gap_share_of_base_year": _ratio(proj - lvl, b),
                "first_year_reached": first_reached,
                "required_annual_rate": _rate(lvl, b, n),
                "achieved_annual_rate": _rate(proj, b, n),
                "required_annual_cut": (b - lvl) / n if n > 0 else np.nan,
                "achieved_annual_cut": (b - proj) / n if n > 0 else np.nan,
            }
            for c, v in values.items():
                parts[c].append(np.asarray(v) if np.ndim(v) else _repeat(v, m))
    if not parts["scenario"]:
        return pd.DataFrame(columns=TARGET_COLUMNS)
    columns = {c: np.concatenate(v) for c, v in parts.items()}
    columns["first_year_reached"] = pd.array(columns["first_year_reached"], dtype="Int64")
    df = pd.DataFrame(columns, columns=TARGET_COLUMNS)
    # order: scenario, then the plan's target order, then municipality order; the rows are
    # built in it, so they are sorted only where names repeat (as the sort then orders them)
    order = {t.name: i for i, t in enumerate(plan.target)}
    if len(order) != len(plan.target) or len(set(scenarios)) != len(scenarios):
        df["_t"] = df["target"].map(order)
        df = df.sort_values(["scenario", "_t"], kind="stable").drop(columns="_t")
        df["scenario"] = pd.Categorical(df["scenario"], categories=scenarios)
        df = df.sort_values("scenario", kind="stable").reset_index(drop=True)
        df["scenario"] = df["scenario"].astype(str)
    if "total_samples" in ds:  # Monte Carlo: add the probability of meeting each target
        from .probability import probabilities

        p = probabilities(ds, plan)[["scenario", "municipality", "target", "probability"]]
        df = df.merge(p, on=["scenario", "municipality", "target"], how="left", sort=False)
    df["reference_year"] = df["reference_year"].astype("Int64")
    df["reference_is_estimate"] = df["reference_is_estimate"].astype("boolean")
    for col in ("reference_level", "projected_reduction_vs_reference"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    return df[TARGET_COLUMNS + (["probability"] if "probability" in df else [])]


def gaps_by_sector(ds: xr.Dataset, plan: Plan) -> pd.DataFrame:
    """The gap of every target split by sector (``gaps_by_sector.csv``).

    Each sector's target is the same relative cut applied to the sector's own
    reference level (``split = same_cut``) where the reference is known by sector
    (back-casts, sector baselines, base year); otherwise the target level shared
    in proportion to the sector's base-year level (``split = base_year_share``).
    For net zero every sector's target is 0, so the rows show the residual
    emissions by sector and the removals relied on (negative). The sector gaps
    add up to the target's gap.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project`.
    plan : capf.Plan
        The plan that produced it.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`GAP_COLUMNS`; levels in t CO2e/yr.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> t = gaps_by_sector(capf.project(plan), plan)
    >>> sorted(set(t["split"]))
    ['base_year_share', 'net_zero']
    """
    scenarios = np.array([str(s) for s in ds["scenario"].values], dtype=object)
    # every column of every target at once (one DataFrame, not one per target, scenario
    # and sector)
    n_k = len(scenarios)
    parts: dict[str, list[np.ndarray]] = {c: [] for c in GAP_COLUMNS}
    evaluated = _evaluate_all(ds, plan)
    for ev in evaluated:
        t = ev.t
        sec = ev.sector_series[:, :, ev.at_year]  # [municipality, sector, scenario]
        sectors_ = ev.sectors
        n_m = len(ev.codes)
        ref_s = np.full((n_m, len(sectors_)), np.nan)
        # default: the target level shared by base-year sector levels
        bs = ev.base_sector
        with np.errstate(divide="ignore", invalid="ignore"):
            w = bs / bs.sum(axis=1, keepdims=True)
        w = np.where(np.isfinite(w), w, 1.0 / len(sectors_))
        tgt = ev.level[:, None] * w
        split = np.full(n_m, "base_year_share", dtype=object)
        if t.kind == "net_zero":
            tgt = np.zeros((n_m, len(sectors_)))
            split[:] = "net_zero"
        elif t.kind == "relative" and ev.ref_sector is not None and t.reduction is not None:
            rs = ev.ref_sector.reindex(columns=sectors_).to_numpy()
            known = ~np.isnan(rs).any(axis=1)  # municipalities whose reference is known by sector
            ref_s[known] = rs[known]
            tgt[known] = rs[known] * (1.0 - t.reduction)
            split[known] = "same_cut"
        # rows by scenario, sector, municipality: [scenario, sector, municipality] flattened
        n_s = len(sectors_)
        shape = (n_k, n_s, n_m)
        proj = sec.transpose(2, 1, 0)  # [scenario, sector, municipality]
        tgt_ = np.broadcast_to(tgt.T, shape)
        parts["scenario"].append(np.broadcast_to(scenarios[:, None, None], shape).ravel())
        parts["municipality"].append(np.broadcast_to(np.array(ev.codes, dtype=object),
                                                     shape).ravel())
        parts["target"].append(np.full(n_k * n_s * n_m, t.name, dtype=object))
        parts["year"].append(np.full(n_k * n_s * n_m, t.year, dtype=np.int64))
        parts["sector"].append(np.broadcast_to(np.array(sectors_, dtype=object)[None, :, None],
                                               shape).ravel())
        parts["reference_level"].append(np.broadcast_to(ref_s.T, shape).ravel())
        parts["target_level"].append(tgt_.ravel())
        parts["projected_level"].append(proj.ravel())
        parts["gap"].append((proj - tgt_).ravel())
        parts["split"].append(np.broadcast_to(split, shape).ravel())
        parts["unit"].append(np.full(n_k * n_s * n_m, UNIT, dtype=object))
    if not any(n_k * len(ev.sectors) for ev in evaluated):  # no frame
        return pd.DataFrame(columns=GAP_COLUMNS)
    return pd.DataFrame({c: np.concatenate(v) for c, v in parts.items()}, columns=GAP_COLUMNS)


def trajectories(ds: xr.Dataset, plan: Plan) -> xr.Dataset:
    """Straight-line and constant-rate paths from the base-year level to each target.

    Returns a Dataset with ``linear_path`` and ``constant_rate_path``
    (municipality, target, year) in t CO2e/yr, NaN outside base year..target
    year; the constant-rate path is NaN where a level is not positive (net zero).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project`.
    plan : capf.Plan
        The plan that produced it.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> sorted(trajectories(capf.project(plan), plan).data_vars)
    ['constant_rate_path', 'linear_path']
    """
    base = plan.plan.base_year
    years = ds["year"].values
    codes = [str(c) for c in ds["municipality"].values]
    lin = np.full((len(codes), len(plan.target), years.size), np.nan)
    geo = lin.copy()
    for i, ev in enumerate(_evaluate_all(ds, plan)):
        idx = [codes.index(c) for c in ev.codes]
        b = ev.base_level[:, None]
        lvl = ev.level[:, None]
        n = max(ev.n_years, 1)
        frac = (years - base) / n
        inside = (years >= base) & (years <= ev.t.year)
        lin[idx, i] = np.where(inside, b + (lvl - b) * frac, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            g = b * np.power(lvl / b, frac)
        geo[idx, i] = np.where(inside & (b > 0) & (lvl > 0), g, np.nan)
    # Variables built with xarray's fastpath (plain ndarrays: what xarray would keep), so no
    # duck-array check imports dask.array where dask is installed
    coords = xr.Coordinates({
        name: xr.Variable((name,), np.asarray(values), fastpath=True)
        for name, values in (("municipality", codes), ("target", [t.name for t in plan.target]),
                             ("year", years))})
    dims = ("municipality", "target", "year")
    attrs = {"units": UNIT}
    return xr.Dataset({"linear_path": xr.Variable(dims, lin, dict(attrs), fastpath=True),
                       "constant_rate_path": xr.Variable(dims, geo, dict(attrs), fastpath=True)},
                      coords=coords)
