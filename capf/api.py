"""The public entry points that chain the stages: plan → model → result."""

from __future__ import annotations

import os

import xarray as xr

from . import engine
from .compile import compile_cached  # moved to capf.compile (re-exported here)
from .errors import CapfError
from .plan.models import Plan

__all__ = ["check_size", "compile_cached", "project"]


def _memory_limit() -> int:
    """Bytes a projection may use: half the machine's physical memory (4 GiB if unknown)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2)
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return 4 << 30


def check_size(model: engine.Model, *, wedges: bool = True, limit: int | None = None) -> int:
    """Estimate the bytes the engine will allocate; raise :class:`capf.CapfError` above ``limit``.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled plan (:func:`compile_cached`).
    wedges : bool, default True
        Count the per-action wedges (t CO2e/yr) too.
    limit : int, optional
        Bytes allowed (default: half the machine's physical memory).

    Returns
    -------
    int
        The estimate in bytes.

    Examples
    --------
    >>> import capf
    >>> model = compile_cached(capf.testing.example_plan())
    >>> check_size(model) > 0
    True
    >>> check_size(model, limit=10)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    capf.errors.CapfError: this projection needs about 0.0 GiB ...
    """
    shape = model.shape
    M, S, G, T, K = (shape[k] for k in ("municipality", "source", "gas", "year", "scenario"))
    A = len(model.actions)
    cells = M * S * T * K
    need = 8 * (cells * G * 2 + cells * 6 + (M * A * T * K if wedges else 0))
    limit = _memory_limit() if limit is None else limit
    if need > limit:
        raise CapfError(
            f"this projection needs about {need / 2**30:.1f} GiB ({M} municipalities × {S} "
            f"sources × {G} gases × {T} years × {K} scenarios), more than the "
            f"{limit / 2**30:.1f} GiB allowed on this machine; project fewer municipalities or "
            f"scenarios at a time", field="municipality")
    return need


def _block_size(model: engine.Model, chunks: dict) -> int:
    """Municipalities per dask task from ``chunks=``; checks that dask is installed."""
    unknown = set(chunks) - {"municipality"}
    if unknown:
        raise CapfError(f"chunks may name 'municipality' only (samples go in chunk=), got "
                        f"{', '.join(sorted(unknown))}", field="chunks")
    size = int(chunks.get("municipality") or len(model.municipalities))
    if size < 1:
        raise CapfError(f"chunks['municipality'] must be at least 1, got {size}",
                        field="chunks")
    try:
        import dask.array  # noqa: F401
    except ImportError as exc:  # pragma: no cover - dask missing
        raise ImportError("chunks= needs dask: pip install 'capf[dask]'") from exc
    return size


def _project_chunked(model: engine.Model, chunks: dict, *, wedges: bool) -> xr.Dataset:
    size = _block_size(model, chunks)
    from .engine.chunked import run_chunked

    arrays = run_chunked(model, size, wedges=wedges)
    result = engine.EngineResult(activity=None, emissions=arrays["emissions"],
                                 co2e=arrays["co2e"], wedges=arrays.get("wedges"))
    return engine.to_dataset(model, result)


def project(plan: Plan, *, samples: int | None = None, seed: int | None = None,
            method: str = "lhs", keep_samples: bool = False, chunk: int | None = None,
            chunks: dict | None = None, wedges: bool = True, activity: bool = False,
            progress=None) -> xr.Dataset:
    """Project a plan's emissions for every municipality, source, gas, year and scenario.

    Parameters
    ----------
    plan : capf.Plan
        A validated plan (:func:`capf.load_plan`, ``capf.Plan.model_validate``,
        :func:`capf.datasets.denmark`).
    wedges : bool, default True
        Include ``wedge``: the CO2e each action avoids (t CO2e/yr).
    activity : bool, default False
        Include ``activity`` (unit per source in the ``activity_unit`` coordinate).
    samples : int, optional
        Monte Carlo: draw the plan's uncertain parameters (distributions in the
        plan) ``samples`` times and project them all (see :func:`capf.project`'s
        Monte-Carlo notes below).
    seed : int, optional
        Seed of the draws; the same plan, version, seed and ``chunk`` give
        bit-identical results.
    method : {"lhs", "sobol", "random"}
        Sampling: Latin hypercube (default) or scrambled Sobol (scipy.stats.qmc).
    keep_samples : bool, default False
        Also return ``co2e_samples`` with the full ``sample`` dimension (small N).
    chunk : int, optional
        Samples per vectorised chunk (default: from the plan's size, ~128 MiB of arrays;
        smaller chunks stay in the CPU caches, larger ones only cost memory).
    chunks : dict, optional
        ``{"municipality": n}``: run on dask, one task per block of ``n``
        municipalities; the result holds dask arrays (lazy; identical numbers once
        computed). With a ``dask.distributed.Client`` active, the tasks run on its
        cluster. Needs the optional extra ``capf[dask]``. With ``samples``, each task
        runs the Monte Carlo of its block (the parameters are drawn once for the
        whole plan): the same numbers as the in-memory run.
    progress : callable or bool, optional
        ``True`` shows a progress bar (tqdm; in notebooks too); a callable is
        called as ``progress(done, total)`` after each action (each sample chunk
        in a Monte-Carlo run).

    Notes
    -----
    A Monte-Carlo result holds the sample mean in ``emissions``, ``co2e`` and
    ``wedge`` (``attrs["statistic"] = "mean"``), ``co2e_sd``, exact per-sample
    CO2e by municipality, sector and scenario in the years the assessment needs
    (``sector_samples``), their quantiles (``total_quantile``) and the drawn
    parameters (``parameter_samples``). :func:`capf.assess` then adds the
    probability of meeting each target.

    Returns
    -------
    xarray.Dataset
        ``emissions`` (municipality, source, gas, year, scenario) in t/yr of each
        gas, ``co2e`` (municipality, source, year, scenario) in t CO2e/yr under
        ``attrs["gwp_context"]``, coordinates ``sector`` and ``subsector`` on
        ``source`` and ``municipality_name`` and ``region`` on ``municipality``.

    Examples
    --------
    >>> import capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> sorted(ds.data_vars)
    ['co2e', 'co2e_gross', 'co2e_net', 'emissions', 'wedge']
    >>> ds.co2e.attrs["units"]
    't CO2e / yr'
    """
    model = compile_cached(plan)
    if chunks is not None and samples is None:
        return _project_chunked(model, chunks, wedges=wedges)
    if samples is not None:
        from .uncertainty import project_samples

        return project_samples(plan, model, samples=samples, seed=seed, method=method,
                               keep_samples=keep_samples, chunk=chunk, wedges=wedges,
                               progress=progress,
                               blocks=None if chunks is None else _block_size(model, chunks))
    check_size(model, wedges=wedges)
    from ._progress import callback

    with callback(progress, len(model.actions),
                  f"projecting {len(model.municipalities)} municipalities") as update:
        result = engine.run(model, wedges=wedges, progress=update)
    return engine.to_dataset(model, result, activity=activity)
