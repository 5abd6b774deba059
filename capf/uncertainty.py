"""MANY RUNS stage: the plan's uncertainty (Monte Carlo and sensitivity).

Monte Carlo: :func:`project_samples` runs :func:`capf.engine.montecarlo.simulate` (or, on
dask, :func:`capf.engine.chunked.simulate_chunked`) and labels what it keeps: means,
standard deviations, the per-sample net totals of the assessed years (:func:`kept_years`)
and their :data:`QUANTILES`. ``capf.project(plan, samples=...)`` calls it.

Sensitivity: :func:`sobol` and :func:`tornado` of the plan's total net CO2e in ``year``
(summed over its municipalities), per scenario. For a target whose level does not depend
on the samples this is the gap up to a constant, so the indices are those of the gap.
Parameters of one ``group`` count as one input (:func:`capf.engine.sampling.groups`).

Everything here reads public functions of :mod:`capf.engine.sampling` and
:mod:`capf.engine.montecarlo`. ``capf.montecarlo`` and ``capf.sensitivity`` are the older,
deprecated names of this module.

Examples
--------
>>> import capf
>>> capf.uncertainty.QUANTILES
(0.05, 0.25, 0.5, 0.75, 0.95)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from . import engine, sectors
from .compile import compile_cached
from .engine import montecarlo as mc
from .engine import sampling
from .engine.dataset import _nansum, _variable
from .errors import CapfError
from .plan.models import Plan

__all__ = ["project_samples", "QUANTILES", "kept_years", "sobol", "tornado",
           "SENSITIVITY_COLUMNS"]

#: Quantiles reported for the kept aggregates (exact) and every year (approximate).
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
_NORMAL_Z = np.array([-1.6448536269514729, -0.6744897501960817, 0.0, 0.6744897501960817,
                      1.6448536269514722])


#: Bytes of the per-sample totals whose quantiles are taken at once (:func:`_quantiles`).
_QUANTILE_BYTES = 8 * 2**20


def _quantiles(kept: np.ndarray, q) -> np.ndarray:
    """``np.quantile(kept, q, axis=0)`` taken over blocks of municipalities (axis 1) of
    about :data:`_QUANTILE_BYTES`: numpy partitions a copy of what it is given, so this
    copies one block at a time instead of all the samples (the same numbers: each
    quantile reads only its own column)."""
    out = np.empty((len(q),) + kept.shape[1:])
    step = max(1, _QUANTILE_BYTES // max(kept[:, :1].nbytes, 1))
    for m in range(0, kept.shape[1], step):
        out[:, m:m + step] = np.quantile(kept[:, m:m + step], q, axis=0)
    return out


def kept_years(plan: Plan) -> tuple[list[int], list[int]]:
    """Years whose per-sample net totals are kept, and years whose sector levels are kept.

    Totals: the base year, every target year and reference year (from the base year
    on). Sector levels: the base year when a reference level is back-cast (it scales
    each sector of the sampled base year), and the target and reference years of
    targets on a sector scope.

    Parameters
    ----------
    plan : capf.Plan
        The validated plan.

    Returns
    -------
    tuple of (list of int, list of int)

    Examples
    --------
    >>> import capf
    >>> totals, by_sector = kept_years(capf.testing.example_plan())
    >>> totals[0] == capf.testing.example_plan().plan.base_year
    True
    """
    base, end = plan.plan.base_year, plan.plan.end_year
    totals = {base} | {t.year for t in plan.target}
    totals |= {t.relative_to for t in plan.target if t.relative_to and t.relative_to >= base}
    by_sector: set[int] = set()
    if any(b.backcast is not None for b in plan.baseline):
        by_sector.add(base)
    for t in plan.target:
        if t.scope_key()[0] is not None:
            by_sector |= {t.year, base}
            if t.relative_to and t.relative_to >= base:
                by_sector.add(t.relative_to)
    keep = [y for y in sorted(totals) if base <= y <= end]
    return keep, [y for y in sorted(by_sector) if base <= y <= end]


def project_samples(plan: Plan, model: engine.Model, *, samples: int, seed: int | None,
                    method: str = "lhs", keep_samples: bool = False, chunk: int | None = None,
                    wedges: bool = True, progress=None, blocks: int | None = None
                    ) -> xr.Dataset:
    """Monte-Carlo projection; see :func:`capf.project`. ``blocks``: on dask, one task
    per block of that many municipalities (``capf.project(..., chunks=)``).

    Parameters
    ----------
    plan : capf.Plan
        The validated plan.
    model : capf.engine.Model
        Its compiled model.
    samples : int
        Number of samples (1 to 10,000,000).
    seed : int or None
        Seed of the draw (``None``: fresh entropy, recorded as -1).
    method : {"lhs", "sobol", "random"}, default "lhs"
        Sampling method.
    keep_samples : bool, default False
        Also every sample's CO2e (``co2e_samples``; at most 2 GiB).
    chunk : int, optional
        Samples per vectorised chunk.
    wedges : bool, default True
        Also the mean wedges.
    progress : callable or bool, optional
        Progress reporting (as :func:`capf.project`).
    blocks : int, optional
        Municipalities per dask task.

    Returns
    -------
    xarray.Dataset
        Means (t CO2e/yr), standard deviations, kept per-sample totals and quantiles.
        ``sector_samples`` is a read-only broadcast view where every sample or every
        scenario has the same values (:class:`capf.engine.montecarlo.Simulation`);
        ``ds.copy(deep=True)`` gives a writable array.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.synthetic_plan(2, seed=3, uncertain=True)
    >>> ds = project_samples(plan, capf.compile_plan(plan), samples=8, seed=1)
    >>> ds.sizes["sample"], list(ds["quantile"].values) == list(QUANTILES)
    (8, True)
    """
    if not isinstance(samples, int) or isinstance(samples, bool) or samples < 1:
        raise CapfError(f"samples must be a positive whole number, got {samples!r}",
                        field="samples")
    if samples > 10_000_000:
        raise CapfError(f"samples = {samples} is more than the 10,000,000 capf allows in one run",
                        field="samples")
    if keep_samples and samples * model.activity0.size * model.years.size * \
            len(model.scenarios) * 8 > 2 * 2**30:
        raise CapfError("keep_samples would need more than 2 GiB; use fewer samples or the "
                        "kept aggregates (total_samples, sector_samples)", field="keep_samples")
    secs = [s for s in sectors.SECTORS if s in set(model.coords["sector"])]
    sector_of = np.array([secs.index(s) for s in model.coords["sector"]])
    from ._progress import callback

    totals, by_sector = kept_years(plan)
    if blocks is not None:
        from .engine.chunked import simulate_chunked

        sim, total_q = simulate_chunked(
            model, blocks, sector_of, tuple(secs), totals, by_sector, samples=samples,
            seed=seed, method=method, wedges=wedges, keep_samples=keep_samples, chunk=chunk,
            quantiles=QUANTILES)
    else:
        with callback(progress, samples, f"{samples} samples", unit="sample") as update:
            sim = mc.simulate(model, sector_of, tuple(secs), totals, by_sector,
                              samples=samples, seed=seed, method=method, wedges=wedges,
                              keep_samples=keep_samples, chunk=chunk, progress=update)
        total_q = _quantiles(sim.kept_total, QUANTILES)
    result = engine.EngineResult(activity=np.zeros((0,)), emissions=sim.emissions_mean,
                                 co2e=sim.co2e_mean, wedges=sim.wedge_mean)
    ds = engine.to_dataset(model, result)
    # every variable a plain ndarray, wrapped as engine.to_dataset does (no dask probe)
    var = _variable
    unit = ds["co2e"].attrs["units"]
    dims = ("municipality", "source", "year", "scenario")
    ds["co2e_sd"] = var(dims, np.sqrt(sim.co2e_var),
                        {"units": unit, "long_name": "standard deviation of co2e over the "
                         "samples"})
    ds["total_sd"] = var(("municipality", "year", "scenario"), np.sqrt(sim.total_var),
                         {"units": unit, "long_name": "standard deviation of each "
                          "municipality's net emissions over the samples"})
    ds = ds.assign_coords(
        sample=var(("sample",), np.arange(samples)),
        sample_year=var(("sample_year",), np.asarray(sim.kept_years)),
        sector_year=var(("sector_year",), np.asarray(sim.sector_years)),
        sample_sector=var(("sample_sector",), np.asarray(list(sim.sectors))),
        parameter=var(("parameter",), np.asarray([p.name for p in model.params])),
        parameter_label=var(("parameter",),
                            np.asarray([p.label or p.name for p in model.params])))
    ds["total_samples"] = var(("sample", "municipality", "sample_year", "scenario"),
                              sim.kept_total,
                              {"units": unit,
                               "long_name": "net CO2e of each sample in the assessed years"})
    ds["sector_samples"] = var(("sample", "municipality", "sample_sector", "sector_year",
                                "scenario"), sim.kept_sector,
                               {"units": unit,
                                "long_name": "CO2e by sector of each sample, in the years a "
                                             "back-cast or a sector target needs"})
    ds = ds.assign_coords(quantile=var(("quantile",), np.asarray(list(QUANTILES))))
    ds["total_quantile"] = var(("quantile", "municipality", "sample_year", "scenario"),
                               total_q,
                               {"units": unit,
                                "long_name": "quantiles of net CO2e over the samples (exact)"})
    ds["parameter_samples"] = var(("sample", "parameter"), sim.values,
                                  {"long_name": "drawn values of the uncertain parameters",
                                   "units": "engine units of each parameter"})
    z = _NORMAL_Z
    ds["total_quantile_approx"] = var(
        ("quantile", "municipality", "year", "scenario"),
        _nansum(ds["co2e"].data, 1)[None] + z[:, None, None, None] *
        np.sqrt(sim.total_var)[None],
        {"units": unit, "long_name": "quantiles of net CO2e in every year, normal "
         "approximation from the streamed mean and standard deviation"})
    if sim.co2e_samples is not None:
        ds["co2e_samples"] = var(dims + ("sample",), sim.co2e_samples, {"units": unit})
    for name in ("emissions", "co2e", "wedge"):
        if name in ds:
            ds[name].attrs["statistic"] = f"mean over {samples} samples"
    ds.attrs.update({"samples": samples, "seed": -1 if seed is None else seed,
                     "sampling": method, "statistic": "mean"})
    return ds


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
