"""Sampling: the plan's uncertain parameters drawn, and the models of samples they make.

Each uncertain parameter is a :class:`~capf.engine.model.ParamSlot` whose ``kind``
says where its values land in the arrays; every kind is one record of the table
:data:`capf.engine.parameters.PARAM_KINDS` (bounds, place, writer), which the
functions here read instead of testing kinds.

A chunk of ``n`` samples of ``M`` municipalities is one model with a sample axis
(:func:`expand`; the layout is in :mod:`capf.engine.model`): the engine broadcasts
over it, so factors are never tiled per sample, and only what a parameter changes
(an activity, a driver row, an own factor, an action's share) is held per sample.
Its results have ``n × M`` columns, sample-major. Only what the parameters can change
is sampled:
:func:`reach` and :func:`reach_municipalities` find the sources, scenarios and
municipalities they reach (closed over what couples sources in the engine), and
:func:`restrict` / :func:`restrict_municipalities` build that sub-model
(:meth:`Model.take <capf.engine.model.Model.take>` with the parameters re-indexed).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import cast

import numpy as np

from .actions import KINDS, action_sources
from .model import Model
from .parameters import PARAM_KINDS, SampleChunk, place
from .state import co2e_factors

__all__ = ["groups", "values_from_uniform", "draw",
           "SampleColumns", "expand", "Expander", "tiled", "reach", "reach_municipalities",
           "restrict", "restrict_municipalities", "municipality_block"]


def groups(model: Model) -> tuple[list[int], list[str]]:
    """Column of the uniform draw each parameter uses, and the group names (one per column).

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model with uncertain parameters (``model.params``).

    Returns
    -------
    tuple of (list of int, list of str)
        For each parameter its column; for each column the group's name (a parameter
        without ``group`` is a group of its own, named by its field path).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> column, names = groups(model)
    >>> len(column) == len(model.params), len(names) <= len(column)
    (True, True)
    """
    names: dict[str, int] = {}
    column = []
    for slot in model.params:
        g = slot.dist.group or slot.name
        column.append(names.setdefault(g, len(names)))
    return column, list(names)


def values_from_uniform(model: Model, u: np.ndarray) -> np.ndarray:
    """Parameter values [n, P] (engine units) from uniform numbers [n, groups].

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model with uncertain parameters.
    u : numpy.ndarray
        Uniform numbers in (0, 1), one column per group (:func:`groups`).

    Returns
    -------
    numpy.ndarray
        Each parameter's value (its distribution's quantile, in engine units, bounded as
        its kind says).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> d = len(groups(model)[1])
    >>> values_from_uniform(model, np.full((1, d), 0.5)).shape == (1, len(model.params))
    True
    """
    column, _ = groups(model)
    u = np.clip(u, 1e-12, 1 - 1e-12)
    out = np.empty((u.shape[0], len(model.params)))
    for i, slot in enumerate(model.params):
        v = slot.dist.ppf(u[:, column[i]]) * slot.conversion
        bound = PARAM_KINDS[slot.kind].bound
        out[:, i] = v if bound is None else bound(v)
    return out


def draw(model: Model, samples: int, seed: int | None, method: str = "lhs") -> np.ndarray:
    """Values of every uncertain parameter: [samples, len(model.params)], engine units.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model.
    samples : int
        Number of parameter sets.
    seed : int or None
        Seed of the random generator (``None``: fresh entropy).
    method : {"lhs", "sobol", "random"}, default "lhs"
        Latin hypercube or scrambled Sobol (scipy.stats.qmc), or plain random numbers.
        Parameters of one ``group`` share a uniform column (fully rank-correlated).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> draw(model, 4, seed=1).shape == (4, len(model.params))
    True
    """
    from scipy.stats import qmc

    if not model.params:
        return np.zeros((samples, 0))
    d = len(groups(model)[1])
    rng = np.random.default_rng(seed)
    if method == "lhs":
        u = qmc.LatinHypercube(d=d, rng=rng).random(samples)
    elif method == "sobol":
        u = qmc.Sobol(d=d, scramble=True, rng=rng).random(samples)
    elif method == "random":
        u = rng.random((samples, d))
    else:
        raise ValueError(f"unknown sampling method {method!r}; expected lhs, sobol or random")
    return values_from_uniform(model, u)


class SampleColumns(Sequence):
    """The column labels of an expanded model, ``"<municipality>#<sample>"``,
    sample-major, made when asked for (a chunk has n × M columns; the engine only
    needs their number).

    Parameters
    ----------
    municipalities : sequence of str
        The municipalities of one sample.
    n : int
        Number of samples.

    Examples
    --------
    >>> cols = SampleColumns(("101", "147"), 3)
    >>> len(cols), cols[0], cols[3], cols[-1], cols[1:3]
    (6, '101#0', '147#1', '147#2', ['147#0', '101#1'])
    """

    def __init__(self, municipalities, n: int):
        self.municipalities, self.n = tuple(municipalities), n

    def __len__(self) -> int:
        return self.n * len(self.municipalities)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        M = len(self.municipalities)
        return f"{self.municipalities[i % M]}#{i // M}"


def expand(model: Model, values: np.ndarray) -> Model:
    """The model of ``n`` samples, with the sampled values in place: a sample axis in
    front of every municipality axis (:mod:`capf.engine.model`), of one where a value
    is the same in every sample.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model with uncertain parameters.
    values : numpy.ndarray
        Parameter values [n, P] in engine units (:func:`draw`).

    Returns
    -------
    capf.engine.Model
        ``samples = n``; its results' columns are sample-major: column ``i × M + m`` is
        municipality ``m`` in sample ``i`` (``municipalities`` labels them).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> big = expand(model, draw(model, 3, seed=1))
    >>> big.columns, big.own_factor.shape[-2:], big.municipalities[2]
    ((3, 2), (1, 2), 'M000000#1')
    """
    return Expander(model)(values)


class Expander:
    """:func:`expand` for chunk after chunk of one model.

    The per-sample arrays (base-year activity where one is sampled, drivers where a
    growth rate is, the rows of sampled own factors) are made once per chunk size and
    only the sampled cells are written for each chunk (the engine never writes into a
    model: the arrays are read-only between calls); the factors collapsed to CO2e
    (:func:`~capf.engine.state.co2e_factors`) are computed once. A model returned by one
    call is valid until the next.

    Parameters
    ----------
    model : capf.engine.Model
        The model to expand (usually the part the parameters reach: :func:`restrict`).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> expander = Expander(model)
    >>> len(expander(draw(model, 2, seed=1)).municipalities)
    4
    """

    def __init__(self, model: Model):
        self.model = model
        self._held: dict | None = None
        # the factors collapsed to CO2e, once, without a sample axis
        self._factors = tuple(_one_sample(f) for f in co2e_factors(model))
        for arr in self._factors:
            arr.setflags(write=False)

    def _base(self, n: int) -> dict:
        """The per-sample arrays, made for the largest chunk asked for (``n`` or more)."""
        if self._held is None or self._held["n"] < n:
            self._held = self._make(n)
        return self._held

    @staticmethod
    def _first(held: dict, n: int) -> dict:
        """The first ``n`` samples of the held arrays: views for a smaller chunk (the
        last). Every chunk writes the same cells, so the largest made every row."""
        if held["n"] == n:
            return held
        first = {name: held[name][..., :n, :] if held[name].shape[-2] > 1 else held[name]
                 for name in ("activity0", "driver")}
        return {"n": n, "own_rows": {j: row[:, :, :n] for j, row in held["own_rows"].items()},
                **first}

    def _make(self, n: int) -> dict:
        model = self.model
        kinds = {slot.kind for slot in model.params}
        # what is per sample: the base-year activity where one is sampled, the drivers
        # where a growth rate is (rows written whole), the own factors' sampled rows
        # (made on their first write)
        b: dict = {"n": n, "own_rows": {}}
        b["activity0"] = (np.repeat(model.activity0[:, None], n, axis=1) if "activity" in kinds
                          else _one_sample(model.activity0))
        b["driver"] = (np.repeat(model.driver[..., None, :], n, axis=-2) if "rate" in kinds
                       else _one_sample(model.driver))
        for arr in (b["activity0"], b["driver"]):
            arr.setflags(write=False)  # writable only while a chunk is written
        return b

    def _rate_params(self) -> list[int]:
        return [i for i, slot in enumerate(self.model.params) if slot.kind == "rate"]

    def _rate_layers(self) -> dict:
        """For each (scenario, source) row a growth rate reaches: layers of [M] indices
        into the rate slots (``len(rates)``: none), applied one after the other. A
        slot goes one layer above every earlier slot on the same cells, so each cell
        is scaled by its slots in the plan's order, as drivers multiply. Equal layers
        are one array (gathered once per chunk in :meth:`__call__`)."""
        if hasattr(self, "_layers"):
            return self._layers
        M = len(self.model.municipalities)
        rates = self._rate_params()
        rows: dict = {}
        for r, i in enumerate(rates):
            ks, js, ms = (np.asarray(x, dtype=int) for x in self.model.params[i].cells)
            for k in ks:
                for j in js:
                    layers = rows.setdefault((int(k), int(j)), [])
                    depth = 0
                    for d, layer in enumerate(layers):
                        if (layer[ms] != len(rates)).any():
                            depth = d + 1
                    if depth == len(layers):
                        layers.append(np.full(M, len(rates)))
                    layers[depth][ms] = r
        # equal layers as one array (the rows of one driver in every scenario it holds),
        # so that each is gathered once per chunk
        same: dict[bytes, np.ndarray] = {}
        for layers in rows.values():
            layers[:] = [same.setdefault(layer.tobytes(), layer) for layer in layers]
        self._layers: dict[tuple[int, int], list[np.ndarray]] = rows
        return rows

    def __call__(self, values: np.ndarray) -> Model:
        model = self.model
        n = values.shape[0]
        # the arrays held per sample (of the largest chunk) are writable only while written
        held = self._base(n)
        owners = [a for a in (held["activity0"], held["driver"]) if a.base is None]
        owners += held["own_rows"].values()
        for arr in owners:
            arr.setflags(write=True)
        base = self._first(held, n)  # views made now are writable too
        activity0, driver, own_rows = base["activity0"], base["driver"], base["own_rows"]
        chunk = SampleChunk(model, n, activity0, own_rows, list(model.actions),
                            np.zeros(len(model.sources), bool),
                            None if model.own_zero is None else model.own_zero.copy())
        t = model.years - model.years[0]
        rates = self._rate_params()
        try:
            # growth-rate rows: the plan's driver times each rate slot's ratio, in
            # the slots' order (see _rate_layers); the driver is [K, S, T, n, M] and
            # each row is written whole
            if rates:
                ratios = np.ones((t.size, n, len(rates) + 1))  # the last: no slot
                for r, i in enumerate(rates):
                    slot = model.params[i]
                    mean_rate = slot.dist.mean() * slot.conversion
                    v = values[:, i]
                    ratios[:, :, r] = ((1.0 + v[None, :]) ** t[:, None]
                                       / (1.0 + mean_rate) ** t[:, None])
                # each layer's gather [T, n, M] once per chunk: the rows of one driver
                # (every scenario it holds) share their layers
                gathered: dict[int, np.ndarray] = {}

                def gather(layer: np.ndarray) -> np.ndarray:
                    if id(layer) not in gathered:
                        gathered[id(layer)] = np.take(ratios, layer, axis=2)
                    return gathered[id(layer)]

                for (k, j), layers in self._rate_layers().items():
                    row = driver[k, j]
                    np.multiply(model.driver[k, j][:, None, :], gather(layers[0]), out=row)
                    for layer in layers[1:]:
                        row *= gather(layer)
            for i, slot in enumerate(model.params):
                write = PARAM_KINDS[slot.kind].write
                if write is not None:
                    write(chunk, slot, values[:, i])
        finally:
            for arr in (*owners, *held["own_rows"].values(), activity0, driver,
                        *own_rows.values()):
                arr.setflags(write=False)
        return dataclasses.replace(
            model, samples=n, activity0=activity0, driver=driver,
            own_factor=_one_sample(model.own_factor),
            carrier_factor=_one_sample(model.carrier_factor),
            carrier_weight=_one_sample(model.carrier_weight),
            inv_efficiency=_one_sample(model.inv_efficiency),
            co2e_factors=self._factors, own_rows=dict(own_rows),
            actions=tuple(chunk.actions), own_zero=chunk.own_zero,
            own_sampled=chunk.own_sampled,
            # the labels of n × M columns, made when read (a sequence, read as the tuple)
            municipalities=cast("tuple[str, ...]", SampleColumns(model.municipalities, n)))


def _one_sample(x: np.ndarray) -> np.ndarray:
    """An array with a municipality axis last, with a sample axis of one in front of it
    (a read-only view: the same in every sample)."""
    view = x[..., None, :]
    view.flags.writeable = False
    return view


def tiled(model: Model) -> Model:
    """The model without samples that a model of samples stands for: every column of
    every sample, ``n × M`` columns sample-major, each array tiled.

    It projects to the same numbers (bit for bit) and takes ``n`` times the memory of
    the factors; for checks, and for :meth:`Model.take <capf.engine.model.Model.take>`.

    Parameters
    ----------
    model : capf.engine.Model
        A model of samples (:func:`expand`), or one without (returned as it is).

    Returns
    -------
    capf.engine.Model

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> big = expand(model, draw(model, 3, seed=1))
    >>> flat = tiled(big)
    >>> flat.samples, flat.own_factor.shape[-1], big.own_factor.shape[-2:]
    (None, 6, (1, 2))
    """
    n = model.samples
    if n is None:
        return model
    M = len(model.municipalities) // n

    def flat(x, rank: int):
        """``x`` with ``rank`` axes of its own, then none, [M] or [n or 1, M] per column,
        as [..., n × M] (none: as it is)."""
        if x is None or np.ndim(x) <= rank:
            return x
        x = np.asarray(x)
        if x.ndim == rank + 1:  # [M]: the same in every sample
            return np.tile(x, (1,) * rank + (n,))
        return np.broadcast_to(x, x.shape[:-2] + (n, M)).copy().reshape(x.shape[:-2] + (n * M,))

    def arr(x: np.ndarray) -> np.ndarray:
        return flat(x, x.ndim - 2)

    own = arr(model.own_factor)
    for j, row in (model.own_rows or {}).items():
        own[j] = arr(row)
    actions = []
    for a in model.actions:
        changes = {name: flat(getattr(a, name), 0)
                   for name in ("share", "start", "full", "municipalities")}
        changes["value"] = flat(a.value, KINDS[a.kind].value_rank)
        actions.append(dataclasses.replace(a, **changes))
    return dataclasses.replace(
        model, samples=None, own_rows=None, co2e_factors=None, own_sampled=None, own_factor=own,
        activity0=arr(model.activity0), driver=arr(model.driver),
        carrier_factor=arr(model.carrier_factor), carrier_weight=arr(model.carrier_weight),
        inv_efficiency=arr(model.inv_efficiency), actions=tuple(actions))


def reach(model: Model) -> tuple[np.ndarray, np.ndarray]:
    """Sources and scenarios the uncertain parameters can change: ([S] bool, [K] bool).

    A sampled inventory level or factor changes its source in every scenario; a
    sampled growth rate its cells; a sampled action parameter the sources the
    action touches, in the scenarios that hold it. The set is then closed over
    what couples sources in the engine, so that it can be projected on its own:
    both ends of a switch, every user of a carrier an action decarbonises, every
    user and producer of a netted carrier. The other sources and scenarios are the
    same in every sample as in the deterministic run.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> src, scen = reach(model)
    >>> src.shape == (len(model.sources),), bool(scen.any())
    (True, True)
    """
    S, K = len(model.sources), len(model.scenarios)
    src, scen = np.zeros(S, bool), np.zeros(K, bool)
    for slot in model.params:
        place(slot).reach(model, slot, src, scen)
    coupled = [action_sources(model, a) for a in model.actions]
    if model.netted is not None:
        produces = model.produces if model.produces is not None else np.full(S, -1)
        coupled += [np.flatnonzero((model.carrier_of == c) | (produces == c))
                    for c in np.flatnonzero(model.netted)]
    changed = bool(src.any())
    while changed:  # a handful of passes over the actions at most
        changed = False
        for g in coupled:
            if src[g].any() and not src[g].all():
                src[g], changed = True, True
    return src, scen


def restrict(model: Model, sources: np.ndarray, scenarios: np.ndarray) -> Model:
    """The model of some sources and scenarios (closed as :func:`reach` closes them):
    the actions that touch them and the uncertain parameters, re-indexed.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model.
    sources, scenarios : numpy.ndarray
        [S] and [K] bool: what to keep.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> sub = restrict(model, *reach(model))
    >>> len(sub.params) == len(model.params), len(sub.sources) <= len(model.sources)
    (True, True)
    """
    sources, scenarios = np.asarray(sources, bool), np.asarray(scenarios, bool)
    u, kv = np.flatnonzero(sources), np.flatnonzero(scenarios)
    pos = np.full(len(model.sources), -1)
    pos[u] = np.arange(u.size)
    kpos = np.full(len(model.scenarios), -1)
    kpos[kv] = np.arange(kv.size)
    apos = {int(i): n for n, i in enumerate(model.actions_on(sources))}
    params = tuple(place(s).restrict(s, pos, kpos, apos) for s in model.params)
    return dataclasses.replace(model.take(sources=sources, scenarios=scenarios), params=params)


def reach_municipalities(model: Model) -> np.ndarray:
    """Municipalities the uncertain parameters can change: [M] bool. Municipalities
    do not interact in the engine, so no closure is needed.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> reach_municipalities(model).shape
    (2,)
    """
    cols = np.zeros(len(model.municipalities), bool)
    for slot in model.params:
        place(slot).columns(model, slot, cols)
    return cols


def restrict_municipalities(model: Model, mv: np.ndarray) -> Model:
    """The model of municipalities ``mv`` (indices), uncertain parameters re-indexed.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model whose parameters all lie in ``mv`` (see
        :func:`municipality_block` for one whose do not).
    mv : numpy.ndarray
        Municipality indices to keep.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> restrict_municipalities(model, np.array([0, 1])).municipalities
    ('M000000', 'M000001')
    """
    mv = np.asarray(mv, dtype=int)
    mpos = np.full(len(model.municipalities), -1)
    mpos[mv] = np.arange(mv.size)
    params = tuple(place(s).restrict_municipalities(s, mpos) for s in model.params)
    return dataclasses.replace(model.take(municipalities=mv), params=params)


def municipality_block(model: Model, ms) -> tuple[Model, np.ndarray]:
    """The model of municipalities ``ms`` with the uncertain parameters that reach them.

    Municipalities do not interact, so the block's samples are those of the whole
    plan restricted to it.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model.
    ms : array of int
        Municipality indices.

    Returns
    -------
    tuple of (Model, numpy.ndarray)
        The block's model, and its parameters' indices in ``model.params`` (the columns
        of the drawn values the block reads).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> sub, cols = municipality_block(model, [1])
    >>> sub.municipalities, cols.size <= len(model.params)
    (('M000001',), True)
    """
    ms = np.asarray(ms, dtype=int)
    inside = np.zeros(len(model.municipalities), bool)
    inside[ms] = True
    keep, params = [], []
    for i, slot in enumerate(model.params):
        part = place(slot).inside(slot, inside)
        if part is not None:
            keep.append(i)
            params.append(part)
    sub = restrict_municipalities(dataclasses.replace(model, params=tuple(params)), ms)
    return sub, np.asarray(keep, dtype=int)
