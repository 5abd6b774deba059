"""Sampling: the plan's uncertain parameters drawn, and the models of samples they make.

Each uncertain parameter is a :class:`~capf.engine.model.ParamSlot` whose ``kind``
says where its values land in the arrays; every kind is one record of the table
:data:`capf.engine.parameters.PARAM_KINDS` (bounds, place, writer), which the
functions here read instead of testing kinds.

A chunk of ``n`` samples of ``M`` municipalities is one model of ``n × M`` columns
(sample-major): :func:`expand`. Only what the parameters can change is sampled:
:func:`reach` and :func:`reach_municipalities` find the sources, scenarios and
municipalities they reach (closed over what couples sources in the engine), and
:func:`restrict` / :func:`restrict_municipalities` build that sub-model
(:meth:`Model.take <capf.engine.model.Model.take>` with the parameters re-indexed).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from .actions import action_sources
from .model import Model
from .parameters import PARAM_KINDS, SampleChunk, place
from .state import co2e_factors

__all__ = ["groups", "values_from_uniform", "draw",
           "SampleColumns", "expand", "Expander", "reach", "reach_municipalities", "restrict",
           "restrict_municipalities", "municipality_block"]


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
    """The model of ``n`` samples as ``n × M`` columns, with the sampled values in place.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model with uncertain parameters.
    values : numpy.ndarray
        Parameter values [n, P] in engine units (:func:`draw`).

    Returns
    -------
    capf.engine.Model
        Columns sample-major: column ``i × M + m`` is municipality ``m`` in sample ``i``.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> big = expand(model, draw(model, 3, seed=1))
    >>> big.activity0.shape[1], big.municipalities[2]
    (6, 'M000000#1')
    """
    return Expander(model)(values)


class Expander:
    """:func:`expand` for chunk after chunk of one model.

    The tiled arrays are made once per chunk size (:meth:`Model.take
    <capf.engine.model.Model.take>` of the columns of every sample) and only the
    sampled cells are written for each chunk (the engine never writes into a model:
    the arrays are read-only between calls). A model returned by one call is valid
    until the next.

    Parameters
    ----------
    model : capf.engine.Model
        The model to expand (usually the part the parameters reach: :func:`restrict`).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> expander = Expander(model)
    >>> expander(draw(model, 2, seed=1)).activity0.shape[1]
    4
    """

    def __init__(self, model: Model):
        self.model = model
        self._tiled: dict[int, dict] = {}

    def _base(self, n: int) -> dict:
        if n in self._tiled:
            return self._tiled[n]
        if len(self._tiled) > 1:  # a full chunk and the last, smaller one
            self._tiled.clear()
        model = self.model
        # the factors collapsed to CO2e (state.co2e_factors), from the untiled ones, tiled
        # with the rest; rows of sampled factors are rewritten by each call
        untiled = dataclasses.replace(model, coords={}, co2e_factors=co2e_factors(model))
        tiled = untiled.take(municipalities=np.tile(np.arange(len(model.municipalities)), n))
        factors: tuple = tiled.co2e_factors or ()
        b = {"model": tiled, "own_co2e": factors[0], "cf_co2e": factors[1], "f_base": factors[2]}
        b["scale"] = tiled.inv_efficiency * tiled.carrier_weight
        b["carrier"] = np.where(model.carrier_of < 0, model.carrier_factor.shape[0],
                                model.carrier_of)
        for arr in (tiled.activity0, tiled.own_factor, tiled.driver, tiled.carrier_weight,
                    tiled.inv_efficiency, tiled.carrier_factor, *factors, b["scale"],
                    b["carrier"]):
            arr.setflags(write=False)
        self._tiled[n] = b
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
        M = len(model.municipalities)
        base = self._base(n)
        tiled = base["model"]
        activity0, own, driver = tiled.activity0, tiled.own_factor, tiled.driver
        own_co2e, f_base = base["own_co2e"], base["f_base"]
        chunk = SampleChunk(model, n, activity0, own, list(tiled.actions),
                       np.zeros(len(model.sources), bool),
                       None if model.own_zero is None else model.own_zero.copy())
        t = model.years - model.years[0]
        rates = self._rate_params()
        for arr in (activity0, own, driver, own_co2e, f_base):
            arr.setflags(write=True)
        try:
            # growth-rate rows: the plan's driver times each rate slot's ratio, in
            # the slots' order (see _rate_layers); the columns are sample-major, so
            # the driver is a view [K, S, T, n, M] and each row is written whole
            if rates:
                per_sample = driver.view()
                per_sample.shape = driver.shape[:3] + (n, M)  # a view, never a copy
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
                    row = per_sample[k, j]
                    np.multiply(model.driver[k, j][:, None, :], gather(layers[0]), out=row)
                    for layer in layers[1:]:
                        row *= gather(layer)
            for i, slot in enumerate(model.params):
                write = PARAM_KINDS[slot.kind].write
                if write is not None:
                    write(chunk, slot, values[:, i])
            for j in np.flatnonzero(chunk.own_sampled):  # CO2e of the sampled factors' rows
                own_co2e[j] = np.einsum("gtm,g->tm", own[j], model.gwp)
                f_base[j] = own_co2e[j] + base["scale"][j] * base["cf_co2e"][base["carrier"][j]]
        finally:
            for arr in (activity0, own, driver, own_co2e, f_base):
                arr.setflags(write=False)
        return dataclasses.replace(
            tiled, actions=tuple(chunk.actions), own_zero=chunk.own_zero,
            own_sampled=chunk.own_sampled, coords=model.coords,
            municipalities=SampleColumns(model.municipalities, n))


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
