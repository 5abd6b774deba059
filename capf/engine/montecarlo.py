"""Monte Carlo: the plan's uncertain parameters drawn together and projected in chunks.

Samples are evaluated by the same vectorised core: a chunk of ``n`` samples of
``M`` municipalities is one model of ``n × M`` columns (sample-major), so there
is no Python loop over samples, only over chunks of them. Each chunk is reduced
at once: per-sample totals by municipality, sector and scenario are kept for the
years the assessment needs (exact), and everything else is streamed into a
mean and a variance (Chan et al.'s pairwise update), so the memory of the core
does not grow with the number of samples beyond what the assessment needs: net
totals per municipality and scenario in the target and reference years, and
sector levels only in the years where a target needs them (the base year of a
back-cast, the years of sector targets).

Only what the uncertain parameters can change is sampled: :func:`reach` and
:func:`reach_municipalities` find the sources, scenarios and municipalities they
reach (closed over what couples sources in the engine), :func:`restrict` builds
that sub-model, and everything else is taken from one deterministic run. The
per-gas emissions are reduced over each chunk's samples as the engine computes
them (``run(..., emissions="mean")``), never written per sample.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .core import _run, action_sources, co2e_factors, run
from .model import Model

__all__ = ["draw", "expand", "simulate", "Simulation", "CHUNK_BYTES", "groups",
           "values_from_uniform", "net_totals", "reach", "restrict", "reach_municipalities",
           "municipality_block", "sample_chunk"]

#: Target size of one chunk's arrays. Fixed (not derived from the machine) so the same
#: plan, seed and version give bit-identical results everywhere.
CHUNK_BYTES = 128 * 2**20


def groups(model: Model) -> tuple[list[int], list[str]]:
    """Column of the uniform draw each parameter uses, and the group names (one per column)."""
    names: dict[str, int] = {}
    column = []
    for i, slot in enumerate(model.params):
        g = slot.dist.group or slot.name
        column.append(names.setdefault(g, len(names)))
    return column, list(names)


def values_from_uniform(model: Model, u: np.ndarray) -> np.ndarray:
    """Parameter values [n, P] (engine units) from uniform numbers [n, groups]."""
    column, _ = groups(model)
    u = np.clip(u, 1e-12, 1 - 1e-12)
    out = np.empty((u.shape[0], len(model.params)))
    for i, slot in enumerate(model.params):
        v = slot.dist.ppf(u[:, column[i]]) * slot.conversion
        if slot.kind in ("activity", "action_activity", "factor"):
            v = np.maximum(v, 0.0)  # an activity (a factor of a non-removal source) is not negative
        elif slot.kind == "share":
            v = np.clip(v, 0.0, 1.0)
        elif slot.kind == "rate":
            v = np.maximum(v, -0.999999)
        out[:, i] = v
    return out


def net_totals(model: Model, values: np.ndarray, year: int, chunk: int | None = None,
               ) -> np.ndarray:
    """Net CO2e of the whole plan in ``year`` for each parameter set: [K, n].

    As in :func:`simulate`, only the sources, scenarios and municipalities the
    parameters reach are projected per parameter set; chunks hold about
    :data:`CHUNK_BYTES` of arrays.
    """
    t = int(np.searchsorted(model.years, year))
    det = run(model, wedges=False).co2e.transpose(3, 1, 2, 0)[:, :, t]  # [K, S, M]
    out = np.empty((len(model.scenarios), values.shape[0]))
    out[:] = det.sum(axis=(1, 2))[:, None]
    p = _sampled(model)
    kv, mv = p.kv, p.mv
    if not (p.u.size and kv.size and mv.size):
        return out
    # what no parameter reaches, in the sampled scenarios: [Kv, 1]
    reached = p.src[:, None] & p.cols[None, :]  # [S, M]
    rest = np.where(reached[None], 0.0, det[kv]).sum(axis=(1, 2))[:, None]
    chunk = p.chunk(values.shape[0], False, chunk)
    expander = _Expander(p.sub)
    for start in range(0, values.shape[0], chunk):  # chunks of parameter sets, each vectorised
        v = values[start:start + chunk]
        r = run(expander(v), wedges=False, emissions="mean", samples=v.shape[0])
        tot = r.co2e[:, :, t, :].sum(axis=1).reshape(v.shape[0], mv.size, -1).sum(axis=1)
        out[kv, start:start + v.shape[0]] = rest + tot.T
    return out


def draw(model: Model, samples: int, seed: int | None, method: str = "lhs") -> np.ndarray:
    """Values of every uncertain parameter: [samples, len(model.params)], engine units.

    ``method``: ``lhs`` (Latin hypercube, scipy.stats.qmc), ``sobol`` (scrambled
    Sobol, scipy.stats.qmc) or ``random``. Parameters of one ``group`` share a
    uniform column (fully rank-correlated).
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


def _columns(n: int, M: int, ms) -> np.ndarray:
    """Columns of municipalities ``ms`` in every one of ``n`` sample-major blocks."""
    return (np.arange(n)[:, None] * M + np.asarray(ms, dtype=int)[None, :]).ravel()


def expand(model: Model, values: np.ndarray) -> Model:
    """The model of ``n`` samples as ``n × M`` columns, with the sampled values in place."""
    return _Expander(model)(values)


class _Expander:
    """:func:`expand` for chunk after chunk of one model.

    The tiled arrays are made once per chunk size and only the sampled cells are
    written for each chunk (the engine never writes into a model: the arrays are
    read-only between calls). A model returned by one call is valid until the next.
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

        def tile(a):
            return np.tile(a, (1,) * (a.ndim - 1) + (n,))

        b = {"activity0": tile(model.activity0), "own_factor": tile(model.own_factor),
             "driver": tile(model.driver), "carrier_weight": tile(model.carrier_weight),
             "inv_efficiency": tile(model.inv_efficiency),
             "carrier_factor": tile(model.carrier_factor)}
        # the factors collapsed to CO2e (core.co2e_factors), from the untiled ones; rows
        # of sampled factors are rewritten by each call
        b["own_co2e"], b["cf_co2e"], b["f_base"] = (tile(f) for f in co2e_factors(model))
        b["scale"] = b["inv_efficiency"] * b["carrier_weight"]
        b["carrier"] = np.where(model.carrier_of < 0, model.carrier_factor.shape[0],
                                model.carrier_of)
        for arr in b.values():
            if isinstance(arr, np.ndarray):
                arr.setflags(write=False)
        b["actions"] = [dataclasses.replace(a, municipalities=np.tile(a.municipalities, n),
                                            value=(tile(a.value) if a.value is not None
                                                   and a.kind == "add" else a.value))
                        for a in model.actions]
        self._tiled[n] = b
        return b

    def _rate_params(self) -> list[int]:
        return [i for i, slot in enumerate(self.model.params) if slot.kind == "rate"]

    def _rate_layers(self) -> dict:
        """For each (scenario, source) row a growth rate reaches: layers of [M] indices
        into the rate slots (``len(rates)``: none), applied one after the other. A
        slot goes one layer above every earlier slot on the same cells, so each cell
        is scaled by its slots in the plan's order, as drivers multiply."""
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
        self._layers = rows
        return rows

    def __call__(self, values: np.ndarray) -> Model:
        model = self.model
        n = values.shape[0]
        M = len(model.municipalities)
        base = self._base(n)
        activity0, own, driver = base["activity0"], base["own_factor"], base["driver"]
        own_co2e, f_base = base["own_co2e"], base["f_base"]
        actions = list(base["actions"])
        own_zero = None if model.own_zero is None else model.own_zero.copy()
        own_sampled = np.zeros(len(model.sources), bool)
        t = model.years - model.years[0]
        rates = [slot for slot in model.params if slot.kind == "rate"]
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
                for r, i in enumerate(self._rate_params()):
                    slot = model.params[i]
                    mean_rate = slot.dist.mean() * slot.conversion
                    v = values[:, i]
                    ratios[:, :, r] = ((1.0 + v[None, :]) ** t[:, None]
                                       / (1.0 + mean_rate) ** t[:, None])
                for (k, j), layers in self._rate_layers().items():
                    row = per_sample[k, j]
                    np.multiply(model.driver[k, j][:, None, :],
                                np.take(ratios, layers[0], axis=2), out=row)
                    for layer in layers[1:]:
                        row *= np.take(ratios, layer, axis=2)
            for i, slot in enumerate(model.params):
                v = values[:, i]
                if slot.kind in ("emissions", "factor"):
                    own_sampled[slot.j] = True
                    if own_zero is not None:
                        own_zero[slot.j] = False  # a sampled own factor is no longer zero
                if slot.kind in ("activity", "emissions", "factor"):
                    cols = _columns(n, M, [slot.m])
                    if slot.kind == "activity":
                        activity0[slot.j, cols] = v
                    else:  # an emissions line's level, or an overriding factor, of one gas
                        own[slot.j, slot.g, :, cols] = v[:, None]
                elif slot.kind == "rate":
                    pass  # written above, with the other rates
                else:
                    a = actions[slot.action]
                    per_col = np.repeat(v, M)
                    if slot.kind == "share":
                        actions[slot.action] = dataclasses.replace(a, share=per_col)
                    elif slot.kind == "full":
                        actions[slot.action] = dataclasses.replace(
                            a, full=np.maximum(per_col, a.start), start=np.full(n * M, a.start))
                    elif slot.kind == "action_factor":  # a decarbonisation's new factor of a gas
                        value = (a.value if a.value.ndim == 2
                                 else np.repeat(a.value[:, None], n * M, 1))
                        value = value.copy()
                        value[slot.g] = per_col
                        actions[slot.action] = dataclasses.replace(a, value=value)
                    else:  # action_activity
                        actions[slot.action] = dataclasses.replace(
                            a, value=per_col * a.municipalities)
            for j in np.flatnonzero(own_sampled):  # CO2e of the sampled factors' rows
                own_co2e[j] = np.einsum("gtm,g->tm", own[j], model.gwp)
                f_base[j] = own_co2e[j] + base["scale"][j] * base["cf_co2e"][base["carrier"][j]]
        finally:
            for arr in (activity0, own, driver, own_co2e, f_base):
                arr.setflags(write=False)
        return dataclasses.replace(
            model, activity0=activity0, own_factor=own, carrier_weight=base["carrier_weight"],
            inv_efficiency=base["inv_efficiency"], carrier_factor=base["carrier_factor"],
            driver=driver, actions=tuple(actions), own_zero=own_zero,
            own_sampled=own_sampled, co2e_factors=(own_co2e, base["cf_co2e"], f_base),
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
    """
    S, K = len(model.sources), len(model.scenarios)
    src, scen = np.zeros(S, bool), np.zeros(K, bool)
    for slot in model.params:
        if slot.kind in ("activity", "emissions", "factor"):
            src[slot.j], scen[:] = True, True
        elif slot.kind == "rate":
            ks, js, _ = (np.asarray(x, dtype=int) for x in slot.cells)
            src[js], scen[ks] = True, True
        else:
            a = model.actions[slot.action]
            src[action_sources(model, a)] = True
            scen |= np.asarray(a.scenarios, bool)
    groups = [action_sources(model, a) for a in model.actions]
    if model.netted is not None:
        produces = model.produces if model.produces is not None else np.full(S, -1)
        groups += [np.flatnonzero((model.carrier_of == c) | (produces == c))
                   for c in np.flatnonzero(model.netted)]
    changed = src.any()
    while changed:  # a handful of passes over the actions at most
        changed = False
        for g in groups:
            if src[g].any() and not src[g].all():
                src[g], changed = True, True
    return src, scen


def restrict(model: Model, sources: np.ndarray, scenarios: np.ndarray) -> Model:
    """The model of some sources and scenarios (closed as :func:`reach` closes them):
    the actions that touch them and the uncertain parameters, re-indexed."""
    u, kv = np.flatnonzero(sources), np.flatnonzero(scenarios)
    pos = np.full(len(model.sources), -1)
    pos[u] = np.arange(u.size)
    kpos = np.full(len(model.scenarios), -1)
    kpos[kv] = np.arange(kv.size)
    keep = [i for i, a in enumerate(model.actions) if sources[action_sources(model, a)].any()]
    apos = {i: n for n, i in enumerate(keep)}
    actions = []
    for i in keep:
        a = model.actions[i]
        actions.append(dataclasses.replace(
            a, source=int(pos[a.source]) if a.source >= 0 else -1,
            dest=int(pos[a.dest]) if a.dest >= 0 else -1,
            scenarios=np.asarray(a.scenarios, bool)[kv]))
    params = []
    for slot in model.params:
        if slot.kind in ("activity", "emissions", "factor"):
            slot = dataclasses.replace(slot, j=int(pos[slot.j]))
        elif slot.kind == "rate":
            ks, js, ms = (np.asarray(x, dtype=int) for x in slot.cells)  # a cross product
            slot = dataclasses.replace(slot, cells=(tuple(kpos[ks]), tuple(pos[js]), tuple(ms)))
        else:
            slot = dataclasses.replace(slot, action=apos[slot.action])
        params.append(slot)
    per_source = {k: [v[j] for j in u] for k, v in model.coords.items()
                  if k in ("sector", "subsector", "activity_unit")}
    return dataclasses.replace(
        model, sources=tuple(model.sources[j] for j in u),
        scenarios=tuple(model.scenarios[k] for k in kv),
        activity0=model.activity0[u], own_factor=model.own_factor[u],
        carrier_weight=model.carrier_weight[u], inv_efficiency=model.inv_efficiency[u],
        carrier_of=model.carrier_of[u], driver=model.driver[np.ix_(kv, u)],
        actions=tuple(actions), params=tuple(params),
        removal=None if model.removal is None else model.removal[u],
        produces=None if model.produces is None else model.produces[u],
        own_zero=None if model.own_zero is None else model.own_zero[u],
        own_sampled=None, co2e_factors=None, coords={**model.coords, **per_source})


def reach_municipalities(model: Model) -> np.ndarray:
    """Municipalities the uncertain parameters can change: [M] bool. Municipalities
    do not interact in the engine, so no closure is needed."""
    cols = np.zeros(len(model.municipalities), bool)
    for slot in model.params:
        if slot.kind in ("activity", "emissions", "factor"):
            cols[slot.m] = True
        elif slot.kind == "rate":
            cols[np.asarray(slot.cells[2], dtype=int)] = True
        else:
            cols |= np.asarray(model.actions[slot.action].municipalities, bool)
    return cols


def _restrict_municipalities(model: Model, mv: np.ndarray) -> Model:
    """The model of municipalities ``mv`` (indices), uncertain parameters re-indexed."""
    from .chunked import block

    sub = block(model, mv)
    mpos = np.full(len(model.municipalities), -1)
    mpos[mv] = np.arange(mv.size)
    params = []
    for slot in model.params:
        if slot.kind in ("activity", "emissions", "factor"):
            slot = dataclasses.replace(slot, m=int(mpos[slot.m]))
        elif slot.kind == "rate":
            ks, js, ms = slot.cells
            slot = dataclasses.replace(slot, cells=(ks, js, tuple(
                int(x) for x in mpos[np.asarray(ms, dtype=int)])))
        params.append(slot)
    return dataclasses.replace(sub, params=tuple(params))


def municipality_block(model: Model, ms) -> tuple[Model, np.ndarray]:
    """The model of municipalities ``ms`` (indices) with the uncertain parameters
    that reach them, and those parameters' indices in ``model.params`` (the columns
    of the drawn values the block reads). Municipalities do not interact, so the
    block's samples are those of the whole plan restricted to it."""
    ms = np.asarray(ms, dtype=int)
    inside = np.zeros(len(model.municipalities), bool)
    inside[ms] = True
    keep, params = [], []
    for i, slot in enumerate(model.params):
        if slot.kind in ("activity", "emissions", "factor"):
            if not inside[slot.m]:
                continue
        elif slot.kind == "rate":
            ks, js, cells_m = slot.cells
            cells_m = tuple(int(m) for m in cells_m if inside[int(m)])
            if not cells_m:
                continue
            slot = dataclasses.replace(slot, cells=(ks, js, cells_m))
        keep.append(i)
        params.append(slot)
    sub = _restrict_municipalities(dataclasses.replace(model, params=tuple(params)), ms)
    return sub, np.asarray(keep, dtype=int)


@dataclass(frozen=True)
class _Sampled:
    """What a Monte-Carlo run projects per sample: the reached sources ``u``,
    scenarios ``kv``, municipalities ``mv`` and actions ``acts`` (indices into the
    plan's model) and their sub-model."""

    src: np.ndarray
    cols: np.ndarray
    u: np.ndarray
    kv: np.ndarray
    mv: np.ndarray
    acts: np.ndarray
    sub: Model

    def chunk(self, samples: int, wedges: bool, chunk: int | None) -> int:
        """Samples per chunk: about :data:`CHUNK_BYTES` of the sub-model's tiled
        factors and drivers, the engine's activity, CO2e and temporaries, and wedges
        (per-gas emissions are reduced as they are computed)."""
        if chunk:
            return chunk
        m = self.sub
        G, T, C = len(m.gases), m.years.size, m.carrier_factor.shape[0]
        Su, Kv, Av, Mv = self.u.size, self.kv.size, self.acts.size, self.mv.size
        per_sample = 8 * Mv * (Su * G * T + C * G * T + Su * T * Kv * 6
                               + (Av * T * Kv if wedges else 0))
        return int(max(1, min(samples, CHUNK_BYTES // max(per_sample, 1))))


def _sampled(model: Model, reach_only: bool = True, reached=None) -> _Sampled:
    """The part of ``model`` the uncertain parameters reach (all of it without
    ``reach_only``; ``reached``: the sources and scenarios of :func:`reach` given)."""
    src, scen = reach(model) if reached is None else reached
    cols = reach_municipalities(model)
    if not reach_only:
        src, scen, cols = np.ones_like(src), np.ones_like(scen), np.ones_like(cols)
    u, kv, mv = np.flatnonzero(src), np.flatnonzero(scen), np.flatnonzero(cols)
    acts = np.array([i for i, a in enumerate(model.actions)
                     if src[action_sources(model, a)].any()], dtype=int)
    sub = restrict(model, src, scen)
    if mv.size < len(model.municipalities):
        sub = _restrict_municipalities(sub, mv)
    return _Sampled(src, cols, u, kv, mv, acts, sub)


def sample_chunk(model: Model, samples: int, wedges: bool, chunk: int | None) -> int:
    """Samples per vectorised chunk of a run of ``model`` (see :meth:`_Sampled.chunk`)."""
    return _sampled(model).chunk(samples, wedges, chunk)


@dataclass
class Simulation:
    """What a Monte-Carlo run keeps (see :func:`simulate`)."""

    samples: int
    emissions_mean: np.ndarray  # [M, S, G, T, K]
    co2e_mean: np.ndarray  # [M, S, T, K]
    co2e_var: np.ndarray  # [M, S, T, K]
    wedge_mean: np.ndarray | None  # [M, A, T, K]
    kept_total: np.ndarray  # [N, M, Y, K]: per-sample net CO2e in the kept years
    kept_years: np.ndarray
    kept_sector: np.ndarray  # [N, M, sector, Ys, K]: per-sample CO2e by sector, sector years
    sector_years: np.ndarray
    sectors: tuple[str, ...]
    values: np.ndarray  # [N, P]: the drawn parameters
    total_var: np.ndarray | None = None  # [M, T, K]: variance of each municipality's net total
    co2e_samples: np.ndarray | None = None  # [M, S, T, K, N] with keep_samples


def _merge(mean, m2, count, c_mean, c_m2, c_count):
    """Chan et al. pairwise update of running mean and sum of squared deviations."""
    if count == 0:
        return c_mean, c_m2, c_count
    total = count + c_count
    delta = c_mean - mean
    mean = mean + delta * (c_count / total)
    m2 = m2 + c_m2 + delta * delta * (count * c_count / total)
    return mean, m2, total


def simulate(model: Model, sector_of: np.ndarray, sectors: tuple[str, ...],
             kept_years, sector_years=(), *, samples: int, seed: int | None, method: str = "lhs",
             wedges: bool = True, keep_samples: bool = False, chunk: int | None = None,
             progress=None, reach_only: bool = True, values: np.ndarray | None = None,
             reached: tuple[np.ndarray, np.ndarray] | None = None) -> Simulation:
    """Project ``samples`` draws of the uncertain parameters, chunk by chunk.

    Only the sources, scenarios and municipalities the parameters reach
    (:func:`reach`, :func:`reach_municipalities`) are projected sample by sample;
    the rest is taken from one deterministic run, where every sample has the same
    value (variance zero). ``reach_only=False`` projects everything in every sample
    (the same numbers, slower; for checks). ``values`` (drawn parameters, [samples,
    P]) and ``reached`` (sources and scenarios) are given for a block of
    municipalities of a larger plan (:func:`municipality_block`), so that the block
    is computed exactly as in the whole plan's run.
    """
    if values is None:
        values = draw(model, samples, seed, method)
    M, S = len(model.municipalities), len(model.sources)
    G, T, K = len(model.gases), model.years.size, len(model.scenarios)
    p = _sampled(model, reach_only, reached)
    src, u, kv, mv, acts, sub = p.src, p.u, p.kv, p.mv, p.acts, p.sub
    Su, Kv, Av, Mv = u.size, kv.size, acts.size, mv.size
    chunk = p.chunk(samples, wedges, chunk)
    kept_years = np.asarray(sorted(set(int(y) for y in kept_years)), dtype=int)
    sector_years = np.asarray(sorted(set(int(y) for y in sector_years)), dtype=int)
    yi = np.searchsorted(model.years, kept_years)
    ys = np.searchsorted(model.years, sector_years)
    onehot = (sector_of[:, None] == np.arange(len(sectors))[None, :]).astype(float)  # [S, sec]
    # what no parameter reaches: one deterministic run, in the engine's layout
    det = run(model, wedges=wedges)
    det_co2e = det.co2e.transpose(3, 1, 2, 0)  # [K, S, T, M]
    kept_total = np.empty((samples, M, yi.size, K))
    kept_total[:] = det_co2e[:, :, yi].sum(axis=1).transpose(2, 1, 0)[None]
    kept_sector = np.empty((samples, M, len(sectors), ys.size, K))
    kept_sector[:] = np.einsum("ksym,sc->mcyk", det_co2e[:, :, ys], onehot)[None]
    # sources no parameter reaches, in the sampled scenarios and municipalities
    rest = det_co2e[kv][:, ~src][..., mv]
    rest_total = rest[:, :, yi].sum(axis=1)[:, :, None]  # [Kv, Y, 1, Mv]
    rest_sector = np.einsum("ksym,sc->mcyk", rest[:, :, ys], onehot[~src])[None]
    # running statistics of the sampled part (scenario first, municipality last)
    em_mean = np.zeros((Kv, Su, G, T, Mv))
    co_mean = np.zeros((Kv, Su, T, Mv))
    co_m2 = np.zeros((Kv, Su, T, Mv))
    tot_mean, tot_m2, tot_count = np.zeros((Kv, T, Mv)), np.zeros((Kv, T, Mv)), 0
    w_mean = np.zeros((Kv, Av, T, Mv)) if wedges else None
    Y, Ys, NS = yi.size, ys.size, len(sectors)
    count = 0
    keep = None
    if keep_samples:
        keep = np.empty((K, S, T, M, samples))
        keep[:] = det_co2e[..., None]
    expander = _Expander(sub)
    buffers: dict[int, tuple] = {}
    for start in range(0, samples if Su and Kv and Mv else 0, chunk):  # chunks, vectorised
        stop = min(samples, start + chunk)
        n = stop - start
        if n not in buffers:  # reused from chunk to chunk: no fresh pages to fault in
            buffers.clear()
            buffers[n] = (np.empty((Kv, Su, T, n * Mv)), None, np.empty((Kv, Su, T, n * Mv)),
                          np.empty((Kv, Av, T, n * Mv)) if wedges else None)
        if wedges:
            buffers[n][3].fill(0.0)  # an action without effect in a chunk leaves zeros
        r = _run(expander(values[start:stop]), wedges=wedges, emissions="mean", samples=n,
                 out=buffers[n])
        # the engine's own arrays: [Kv, Su, T, n × Mv] (sample-major columns) -> [.., n, Mv]
        co2e = r.co2e.transpose(3, 1, 2, 0).reshape(Kv, Su, T, n, Mv)
        rows = np.arange(start, stop)
        kept_total[np.ix_(rows, mv, np.arange(Y), kv)] = (
            rest_total + co2e[:, :, yi].sum(axis=1)).transpose(2, 3, 1, 0)
        if ys.size:
            kept_sector[np.ix_(rows, mv, np.arange(NS), np.arange(Ys), kv)] = \
                rest_sector + np.einsum("ksynm,sc->nmcyk", co2e[:, :, ys], onehot[u])
        c_mean = co2e.mean(axis=3)
        dev = co2e - c_mean[:, :, :, None]
        c_m2 = np.einsum("kstnm,kstnm->kstm", dev, dev)
        e_mean = r.emissions.transpose(4, 1, 2, 3, 0)  # mean of the chunk: [Kv, Su, G, T, M]
        em_mean = (em_mean * count + e_mean * n) / (count + n)
        if wedges:
            wd = r.wedges.transpose(3, 1, 2, 0).reshape(Kv, Av, T, n, Mv).mean(axis=3)
            w_mean = (w_mean * count + wd * n) / (count + n)
        co_mean, co_m2, count = _merge(co_mean, co_m2, count, c_mean, c_m2, n)
        tot = co2e.sum(axis=1)  # [Kv, T, n, Mv]: the sampled part of each net total
        t_mean = tot.mean(axis=2)
        dev = tot - t_mean[:, :, None]
        tot_mean, tot_m2, tot_count = _merge(tot_mean, tot_m2, tot_count, t_mean,
                                             np.einsum("ktnm,ktnm->ktm", dev, dev), n)
        if keep is not None:
            keep[np.ix_(kv, u, np.arange(T), mv, rows)] = co2e.transpose(0, 1, 2, 4, 3)
        if progress is not None:
            progress(stop, samples)
    if not (Su and Kv and Mv) and progress is not None:
        progress(samples, samples)
    # the sampled part into the deterministic rest, in the public layout
    # (municipality first, scenario last)
    full_em = np.array(det.emissions.transpose(4, 1, 2, 3, 0))
    full_co = np.array(det_co2e)
    var = np.zeros((K, S, T, M))
    tot_var = np.zeros((K, T, M))
    if count:
        full_em[np.ix_(kv, u, np.arange(G), np.arange(T), mv)] = em_mean
        full_co[np.ix_(kv, u, np.arange(T), mv)] = co_mean
        var[np.ix_(kv, u, np.arange(T), mv)] = co_m2 / max(count - 1, 1)
        tot_var[np.ix_(kv, np.arange(T), mv)] = tot_m2 / max(tot_count - 1, 1)
    w_full = None
    if wedges:
        w_full = np.array(det.wedges.transpose(3, 1, 2, 0))
        if count and Av:
            w_full[np.ix_(kv, acts, np.arange(T), mv)] = w_mean
        w_full = np.ascontiguousarray(w_full.transpose(3, 1, 2, 0))
    return Simulation(samples, np.ascontiguousarray(full_em.transpose(4, 1, 2, 3, 0)),
                      np.ascontiguousarray(full_co.transpose(3, 1, 2, 0)),
                      var.transpose(3, 1, 2, 0), w_full, kept_total, kept_years,
                      kept_sector, sector_years, sectors, values,
                      tot_var.transpose(2, 1, 0),
                      None if keep is None else keep.transpose(3, 1, 2, 0, 4))
