"""Probability of meeting each target, from a Monte-Carlo result's per-sample levels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from ..compile.cache import compiled_targets
from ..errors import AssessmentError
from ..plan.models import Plan
from ._arrays import _nansum, _once, _position
from .levels import _populations, backcast_terms, national_ratio, reference_levels

__all__ = ["PROBABILITY_COLUMNS", "probabilities"]

PROBABILITY_COLUMNS = ["scenario", "municipality", "target", "year", "probability", "samples",
                       "note"]


def _select(ds: xr.Dataset, name: str, **labels) -> tuple[np.ndarray, tuple[str, ...]]:
    """``ds[name].sel(**labels)`` on its array: a list keeps its dimension, a label drops it
    (KeyError for a missing label, as ``sel``); (data, dims). Plain indexing, one dimension
    at a time (what xarray does for these orthogonal selections), so no dask probe."""
    var = ds.variables[name]
    data = var.data
    if not isinstance(data, np.ndarray):  # e.g. dask: xarray selects
        out = ds[name].sel(**labels)
        return np.asarray(out.values), tuple(str(d) for d in out.dims)
    dims: list[str] = []
    for axis in range(len(var.dims) - 1, -1, -1):  # from the last, so the axes stay put
        d = str(var.dims[axis])
        if d not in labels:
            dims.append(d)
            continue
        coord = ds.variables[d].values
        want = labels[d]
        if isinstance(want, list):
            idx: int | np.ndarray = np.array([_position(coord, w) for w in want], dtype=np.intp)
            dims.append(d)
        else:
            idx = _position(coord, want)
        data = data[(slice(None),) * axis + (idx,)]
    return data, tuple(reversed(dims))


def _level(ds: xr.Dataset, year: int, codes, sectors_) -> np.ndarray:
    """Per-sample CO2e in ``year`` on ``sectors_`` (None: the net total): [N, M, K]."""
    order = ("sample", "municipality", "scenario")
    if sectors_ is None:
        data, dims = _select(ds, "total_samples", sample_year=year, municipality=list(codes))
    else:
        have = ds.variables["sample_sector"].values
        present = [s for s in sectors_ if s in have]
        data, dims = _select(ds, "sector_samples", sector_year=year, municipality=list(codes),
                             sample_sector=present)
        axis = dims.index("sample_sector")  # summed as xarray sums floats (NaN as 0)
        data, dims = _nansum(data, axis), dims[:axis] + dims[axis + 1:]
    return np.transpose(data, [dims.index(d) for d in order])


def _terms(plan: Plan, ds: xr.Dataset, series: str, sector: str, base: int, year: int,
           code: str) -> tuple[float, float]:
    """(slope, offset) of the back-cast of one sector of ``code``: level = offset + slope × base."""
    codes = {str(c) for c in ds["municipality"].values}
    for bl in plan.baseline:
        if bl.year == year and bl.backcast == series and code in plan.select(bl.municipality):
            sel = [c for c in plan.select(bl.municipality) if c in codes]
            slope, offset = backcast_terms(plan, bl, base, year, sector, sel)
            return slope, float(offset[code])
    return national_ratio(plan, series, sector, base, year), 0.0


def _per_sample_reference(ds: xr.Dataset, plan: Plan, t, sel_sectors, codes) -> np.ndarray:
    """Reference level of each sample and municipality: [N, M]."""
    base = plan.plan.base_year
    refs = reference_levels(ds, plan, t.relative_to, t.scope_key())
    # the base year is the same in every scenario: each municipality's and sector's samples
    # are read from the first scenario's (views; selecting ``codes`` would copy them all)
    scenario0 = ds.variables["scenario"].values[0]
    have = ds.variables["sample_sector"].values
    base_n = base in ds.variables["sector_year"].values
    out = np.empty((ds.sizes["sample"], len(codes)))
    for i, code in enumerate(codes):
        method = refs.method[code]
        if method.startswith("backcast:"):
            series = method.split(":", 1)[1].split("+")[0]
            level = np.zeros(ds.sizes["sample"])
            if not base_n:
                raise AssessmentError(f"target {t.name!r}: the samples do not hold the base "
                                      f"year {base} its back-cast reference starts from")
            for sec in sel_sectors:
                if sec not in have:
                    continue
                b, _ = _select(ds, "sector_samples", sector_year=base, scenario=scenario0,
                               municipality=code, sample_sector=sec)
                given = "given" in method and not np.isnan(refs.sector.loc[code, sec]) and \
                    any(bl.emissions is not None and bl.year == t.relative_to
                        and bl.scope_key()[0] == (sec,) for bl in plan.baseline)
                if given:
                    level = level + refs.sector.loc[code, sec]
                elif np.any(b != 0):
                    slope, offset = _terms(plan, ds, series, sec, base, t.relative_to, code)
                    level = level + offset + b * slope
            out[:, i] = level
        elif method == "base_year":
            secs = t.scope_key()[0]
            out[:, i] = _level(ds, base, [code], secs)[:, 0, 0]
        else:  # given: the same in every sample
            out[:, i] = refs.total[code]
    return out


def probabilities(ds: xr.Dataset, plan: Plan) -> pd.DataFrame:
    """P(projected ≤ target level) for every scenario × municipality × target.

    Needs a Monte-Carlo result (``capf.project(plan, samples=N)``). Each sample's
    own target level is used where it depends on the samples (a reference level
    back-cast from, or equal to, the sampled base year). Targets on a gas scope
    (e.g. energy CO2 only) are not kept per sample: their probability is empty,
    with a note.

    Parameters
    ----------
    ds : xarray.Dataset
        A Monte-Carlo result (``capf.project(plan, samples=N)``).
    plan : capf.Plan
        The plan that produced it.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`PROBABILITY_COLUMNS`; ``probability`` a fraction.

    Raises
    ------
    ValueError
        For a result without samples.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> probabilities(capf.project(plan, samples=4, seed=1), plan)["probability"].tolist()
    [0.0, 0.0, 0.0, 0.0]
    """
    if "total_samples" not in ds:
        raise ValueError("probabilities need a Monte-Carlo result: capf.project(plan, "
                         "samples=N)")
    # once within a run's tables (the targets table and the probabilities table read it)
    return _once("probabilities", ds, plan, None, lambda: _probabilities(ds, plan)).copy()


def _probabilities(ds: xr.Dataset, plan: Plan) -> pd.DataFrame:
    ss = ds["sector_samples"]
    n = ds.sizes["sample"]
    codes_all = [str(c) for c in ds["municipality"].values]
    rows = []
    levels = compiled_targets(plan).target_level  # t CO2e/yr (per inhabitant: per capita)
    for t, given in zip(plan.target, levels, strict=True):
        codes = [c for c in plan.select(t.municipality) if c in codes_all]
        secs, gases = t.scope_key()
        sel_sectors = [s for s in (secs or ss["sample_sector"].values)]
        if gases is not None:
            for scen in ds["scenario"].values:
                rows += [{"scenario": str(scen), "municipality": c, "target": t.name,
                          "year": t.year, "probability": np.nan, "samples": n,
                          "note": "gas scope: not kept per sample"} for c in codes]
            continue
        proj = _level(ds, t.year, codes, secs)
        if t.kind == "relative" and t.reduction is not None:  # a relative Target has it
            level = _per_sample_reference(ds, plan, t, sel_sectors, codes) * (1 - t.reduction)
        elif t.kind == "absolute":
            level = np.full((n, len(codes)), given)
        elif t.kind == "per_capita":
            if given is None:
                raise AssessmentError(f"target {t.name!r}: a per-capita target needs a level",
                                      field="target")
            pops = _populations(plan, codes, f"target {t.name!r}: a per-capita target", "target")
            level = np.tile([given * pops[c] for c in codes], (n, 1))
        else:
            level = np.zeros((n, len(codes)))
        tol = 1e-9 * np.maximum(1.0, np.abs(level))
        met = proj <= (level + tol)[:, :, None]  # [N, M, K]
        p = met.mean(axis=0)
        for k, scen in enumerate(ds["scenario"].values):
            rows += [{"scenario": str(scen), "municipality": c, "target": t.name,
                      "year": t.year, "probability": float(p[i, k]), "samples": n, "note": ""}
                     for i, c in enumerate(codes)]
    return pd.DataFrame(rows, columns=PROBABILITY_COLUMNS)
