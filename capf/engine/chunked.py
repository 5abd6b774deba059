"""Chunked projections on dask: the same core mapped over blocks of municipalities.

Every operation of the core is independent along the municipality axis, so a
plan is split into blocks of municipalities, each block is one task running the
numpy core, and the results are dask arrays concatenated along ``municipality``.
With a ``dask.distributed`` client the tasks run on its workers; nothing is
computed until asked (``ds.compute()``, or a reduction such as ``ds.co2e.sum()``).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .core import run
from .model import Model

__all__ = ["block", "blocks", "run_chunked"]


def block(model: Model, sl) -> Model:
    """The sub-model of municipalities ``sl``: a slice (a view) or an index array (a copy)."""
    actions = []
    for a in model.actions:
        value = a.value
        if value is not None and (a.kind == "add" or value.ndim == 2):
            value = value[..., sl]
        actions.append(dataclasses.replace(
            a, municipalities=a.municipalities[sl], value=value,
            share=a.share[sl] if np.ndim(a.share) else a.share,
            start=a.start[sl] if np.ndim(a.start) else a.start,
            full=a.full[sl] if np.ndim(a.full) else a.full))
    coords = dict(model.coords)
    for key in ("municipality_name", "region", "population"):
        if key in coords:
            coords[key] = list(np.asarray(coords[key], dtype=object)[sl])
    names = tuple(np.asarray(model.municipalities, dtype=object)[sl])
    return dataclasses.replace(
        model, municipalities=names, activity0=model.activity0[:, sl],
        own_factor=model.own_factor[..., sl], carrier_weight=model.carrier_weight[:, sl],
        inv_efficiency=model.inv_efficiency[:, sl], carrier_factor=model.carrier_factor[..., sl],
        driver=model.driver[..., sl], actions=tuple(actions), coords=coords,
        co2e_factors=None if model.co2e_factors is None else tuple(
            f[..., sl] for f in model.co2e_factors))


def blocks(n: int, size: int) -> list[slice]:
    return [slice(i, min(n, i + size)) for i in range(0, n, size)]


def run_chunked(model: Model, size: int, *, wedges: bool = True) -> dict:
    """Dask arrays of the result, one task per block of ``size`` municipalities.

    Returns a dict with ``emissions`` [M, S, G, T, K], ``co2e`` [M, S, T, K] and
    (with ``wedges``) ``wedges`` [M, A, T, K], each a dask array chunked along M.
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

    parts = {"emissions": [], "co2e": [], "wedges": []}
    for sl in blocks(len(model.municipalities), size):
        m = sl.stop - sl.start
        out = task(block(model, sl))
        parts["emissions"].append(da.from_delayed(out[0], (m, S, G, T, K), dtype=float))
        parts["co2e"].append(da.from_delayed(out[1], (m, S, T, K), dtype=float))
        if wedges:
            parts["wedges"].append(da.from_delayed(out[2], (m, A, T, K), dtype=float))
    result = {k: da.concatenate(v, axis=0) for k, v in parts.items() if v}
    return result
