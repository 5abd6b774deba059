"""The assessment on numpy arrays (issue 20).

xarray's label operations on the assessment's small arrays cost more than the arithmetic,
and their first duck-array check imports ``dask.array`` (and scipy with it) when dask is
installed. The functions here take a result's arrays once and repeat xarray's own numpy
calls (the same indexing, the same sums over the same memory layouts), so every figure
keeps its last bit; :mod:`capf.assess.levels` wraps what is public.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import TypeVar

import numpy as np
import pandas as pd
import xarray as xr
from xarray.indexes import PandasIndex

from ..engine.dataset import _nansum  # noqa: F401  (here for the assessment's modules)

Scope = tuple[tuple[str, ...] | None, tuple[str, ...] | None]
T = TypeVar("T")

#: Within :func:`_shared`: (what, id(ds), id(plan), key) -> ((ds, plan), value).
_SHARED: contextvars.ContextVar[dict | None] = contextvars.ContextVar("capf_assess_shared",
                                                                      default=None)


@contextlib.contextmanager
def _shared() -> Iterator[None]:
    """Within the block, what the assessment works out of one result and plan is kept.

    :func:`_once` then computes each thing once for the same ``ds`` and ``plan`` objects
    (compared by identity; the block must not change them). Blocks nest: the outermost
    one keeps the values. Outside a block :func:`_once` computes afresh.
    """
    token = _SHARED.set({}) if _SHARED.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _SHARED.reset(token)


def _once(what: str, ds: xr.Dataset, plan: object, key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, once per ``what``, ``ds``, ``plan`` and ``key`` within :func:`_shared`
    (every call outside one); callers must not change what it returns."""
    cache = _SHARED.get()
    if cache is None:
        return build()
    k = (what, id(ds), id(plan), key)
    hit = cache.get(k)
    if hit is not None and hit[0][0] is ds and hit[0][1] is plan:
        return hit[1]
    value = build()
    cache[k] = ((ds, plan), value)  # the objects are kept, so their ids are not reused
    return value


_CO2E_DIMS = ("municipality", "source", "year", "scenario")
_EMISSIONS_DIMS = ("municipality", "source", "gas", "year", "scenario")


def _reindex(data: np.ndarray, axis: int, have: list[str], want: list[str]) -> np.ndarray:
    """``data`` with the labels ``want`` along ``axis`` (absent ones 0), as xarray reindexes."""
    if have == want:  # equal indexes: xarray copies
        return copy.deepcopy(data)
    pos = {label: i for i, label in enumerate(have)}
    idx = np.array([pos.get(w, -1) for w in want], dtype=np.intp)
    key = (slice(None),) * axis + (idx,)
    out = data[key]
    if (idx == -1).any():
        mask = np.zeros(out.shape, dtype=bool)
        mask[(slice(None),) * axis + (idx == -1,)] = True
        out = np.where(np.logical_not(mask), out, 0.0)
    return out


def _labels(ds: xr.Dataset, name: str) -> list[str]:
    return [str(v) for v in ds.variables[name].values]


def _sector_sums(ds: xr.Dataset, scope: Scope, gwp: Mapping[str, float] | None
                 ) -> tuple[np.ndarray, PandasIndex, bool, bool, bool] | None:
    """CO2e by sector on a scope: (array [municipality, sector, year, scenario], its sector
    index, whether the scope names gases, whether the gases and whether the sectors were
    reindexed to the scope's).

    None where ``ds`` holds other than plain numpy arrays in capf's dimension order
    (dask arrays: the caller takes xarray's path).
    """
    co2e = ds.variables["co2e"]
    if co2e.dims != _CO2E_DIMS or type(co2e.data) is not np.ndarray:
        return None
    secs, gases = scope
    have_gases: list[str] = []
    if gases is None:
        data = co2e.data
    else:
        em = ds.variables["emissions"]
        if em.dims != _EMISSIONS_DIMS or type(em.data) is not np.ndarray or gwp is None:
            return None
        have_gases = _labels(ds, "gas")
        sel = _reindex(em.data, 2, have_gases, list(gases))
        m, s, _, y, k = sel.shape
        w = np.broadcast_to(np.asarray([gwp[g] for g in gases]),
                            (m, s, y, k, len(gases))).transpose(0, 1, 4, 2, 3)
        data = _nansum(sel * w, 2)
    codes, uniques = pd.factorize(ds.variables["sector"].to_index(), sort=True)
    parts = [_nansum(data[:, np.flatnonzero(codes == g)], 1) for g in range(len(uniques))]
    out = np.stack(parts, axis=0).transpose(1, 0, 2, 3)
    index = PandasIndex(uniques, "sector")
    reindexed = False
    if secs is not None:
        have = [str(u) for u in uniques]
        out = _reindex(out, 1, have, list(secs))
        if have != list(secs):
            labels = np.array(list(secs))
            index = PandasIndex(labels, "sector", coord_dtype=labels.dtype)
            reindexed = True
    gas_reindexed = gases is not None and have_gases != list(gases)
    return out, index, gases is not None, gas_reindexed, reindexed


def _repeat(value, n: int) -> np.ndarray:
    """``value`` ``n`` times, in the dtype a DataFrame gives the scalar (an int as int64,
    a float as float64, anything else as object)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return np.full(n, value, dtype=object)
    return np.full(n, value, dtype=np.int64 if isinstance(value, (int, np.integer)) else float)


def _position(labels, value) -> int:
    """Where ``value`` is in ``labels`` (KeyError if nowhere, as xarray's ``sel``)."""
    hits = np.flatnonzero(np.asarray(labels) == value)
    if hits.size == 0:
        raise KeyError(value)
    return int(hits[0])
