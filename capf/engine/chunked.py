"""Chunked projections on dask: the same core mapped over blocks of municipalities.

Every operation of the core is independent along the municipality axis, so a
plan is split into blocks of municipalities, each block is one task running the
numpy core, and the results are dask arrays concatenated along ``municipality``.
With a ``dask.distributed`` client the tasks run on its workers; nothing is
computed until asked (``ds.compute()``, or a reduction such as ``ds.co2e.sum()``).
"""

from __future__ import annotations

import numpy as np

from . import montecarlo as mc
from . import sampling
from .core import blocks, run
from .model import Model

__all__ = ["block", "blocks", "run_chunked", "simulate_chunked"]


def block(model: Model, sl) -> Model:
    """The sub-model of municipalities ``sl``: a slice (views) or an index array (a copy).

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model.
    sl : slice or array of int
        The municipalities.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> block(model, slice(0, 1)).municipalities
    ('999',)
    """
    return model.take(municipalities=sl)


def run_chunked(model: Model, size: int, *, wedges: bool = True) -> dict:
    """Dask arrays of the result, one task per block of ``size`` municipalities.

    Returns a dict with ``emissions`` [M, S, G, T, K], ``co2e`` [M, S, T, K] and
    (with ``wedges``) ``wedges`` [M, A, T, K], each a dask array chunked along M.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model.
    size : int
        Municipalities per task.
    wedges : bool, default True
        Also the wedges.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(3, seed=1))
    >>> r = run_chunked(model, 2)
    >>> r["co2e"].chunks[0]
    (2, 1)
    """
    import dask
    import dask.array as da

    S, G = len(model.sources), len(model.gases)
    T, K, A = model.years.size, len(model.scenarios), len(model.actions)

    @dask.delayed(pure=True)
    def task(sub: Model):
        r = run(sub, wedges=wedges)
        return (np.ascontiguousarray(r.emissions), np.ascontiguousarray(r.co2e),
                None if r.wedges is None else np.ascontiguousarray(r.wedges))

    parts: dict[str, list] = {"emissions": [], "co2e": [], "wedges": []}
    for sl in blocks(len(model.municipalities), size):
        m = sl.stop - sl.start
        out = task(block(model, sl))
        parts["emissions"].append(da.from_delayed(out[0], (m, S, G, T, K), dtype=float))
        parts["co2e"].append(da.from_delayed(out[1], (m, S, T, K), dtype=float))
        if wedges:
            parts["wedges"].append(da.from_delayed(out[2], (m, A, T, K), dtype=float))
    result = {k: da.concatenate(v, axis=0) for k, v in parts.items() if v}
    return result


def simulate_chunked(model: Model, size: int, sector_of: np.ndarray, sectors: tuple[str, ...],
                     kept_years, sector_years=(), *, samples: int, seed: int | None,
                     method: str = "lhs", wedges: bool = True, keep_samples: bool = False,
                     chunk: int | None = None, quantiles=()) -> tuple:
    """Monte Carlo on dask: one task per block of ``size`` municipalities.

    The parameters are drawn once for the whole plan (:func:`capf.engine.sampling.draw`), and
    each block runs :func:`montecarlo.simulate` on its municipalities with the
    parameters that reach them, the whole plan's reached sources and scenarios and
    its chunk of samples, so every cell is computed as in the in-memory run.

    Returns ``(simulation, total_quantile)``: a :class:`montecarlo.Simulation` whose
    arrays with a municipality axis are dask arrays chunked along it (the drawn
    values stay numpy), and the ``quantiles`` of each sample's kept net totals
    ``[Q, M, Y, K]`` (dask, exact: taken per municipality in its block).

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model.
    size : int
        Municipalities per task.
    sector_of, sectors, kept_years, sector_years, samples, seed, method, wedges, \
keep_samples, chunk
        As in :func:`capf.engine.montecarlo.simulate`.
    quantiles : sequence of float
        Quantiles (0-1) of the kept net totals to compute.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(3, seed=3, uncertain=True))
    >>> sim, q = simulate_chunked(model, 2, np.zeros(len(model.sources), int), ("all",),
    ...                           [2030], samples=4, seed=1, quantiles=(0.5,))
    >>> q.shape == (1, 3, 1, len(model.scenarios)), sim.kept_total.chunks[1]
    (True, (2, 1))
    """
    import dask
    import dask.array as da

    values = sampling.draw(model, samples, seed, method)
    reached = sampling.reach(model)
    chunk = mc.sample_chunk(model, samples, wedges, chunk)
    years = np.asarray(sorted({int(y) for y in kept_years}), dtype=int)
    syears = np.asarray(sorted({int(y) for y in sector_years}), dtype=int)
    S, G = len(model.sources), len(model.gases)
    T, K, A = model.years.size, len(model.scenarios), len(model.actions)
    N, Y, Ys, C, Q = samples, years.size, syears.size, len(sectors), len(quantiles)

    @dask.delayed(pure=True)
    def task(sub: Model, cols: np.ndarray):
        sim = mc.simulate(sub, sector_of, sectors, years, syears, samples=samples, seed=seed,
                          method=method, wedges=wedges, keep_samples=keep_samples,
                          chunk=chunk, values=values[:, cols], reached=reached)
        q = np.quantile(sim.kept_total, list(quantiles), axis=0) if Q else None
        return (sim.emissions_mean, sim.co2e_mean, sim.co2e_var, sim.wedge_mean,
                sim.kept_total, sim.kept_sector, sim.total_var, sim.co2e_samples, q)

    shapes = {0: lambda m: (m, S, G, T, K), 1: lambda m: (m, S, T, K),
              2: lambda m: (m, S, T, K), 3: lambda m: (m, A, T, K),
              4: lambda m: (N, m, Y, K), 5: lambda m: (N, m, C, Ys, K),
              6: lambda m: (m, T, K), 7: lambda m: (m, S, T, K, N), 8: lambda m: (Q, m, Y, K)}
    axis = {4: 1, 5: 1, 8: 1}
    wanted = [0, 1, 2, 4, 5, 6] + ([3] if wedges else []) + ([7] if keep_samples else []) + \
        ([8] if Q else [])
    parts: dict[int, list] = {i: [] for i in wanted}
    for sl in blocks(len(model.municipalities), size):
        idx = np.arange(sl.start, sl.stop)
        sub, cols = sampling.municipality_block(model, idx)
        out = task(sub, cols)
        for i in wanted:
            parts[i].append(da.from_delayed(out[i], shapes[i](idx.size), dtype=float))
    arr = {i: da.concatenate(v, axis=axis.get(i, 0)) for i, v in parts.items()}
    sim = mc.Simulation(samples, arr[0], arr[1], arr[2], arr.get(3), arr[4], years, arr[5],
                        syears, sectors, values, arr[6], arr.get(7))
    return sim, arr.get(8)
