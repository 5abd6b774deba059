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
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .core import run
from .model import Model

__all__ = ["draw", "expand", "simulate", "Simulation", "CHUNK_BYTES", "groups",
           "values_from_uniform", "net_totals"]

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


def net_totals(model: Model, values: np.ndarray, year: int, chunk: int = 1000) -> np.ndarray:
    """Net CO2e of the whole plan in ``year`` for each parameter set: [K, n]."""
    t = int(np.searchsorted(model.years, year))
    M = len(model.municipalities)
    out = np.empty((len(model.scenarios), values.shape[0]))
    for start in range(0, values.shape[0], chunk):  # chunks of parameter sets, each vectorised
        v = values[start:start + chunk]
        r = run(expand(model, v), wedges=False)
        tot = r.co2e[:, :, t, :].sum(axis=1).reshape(v.shape[0], M, -1).sum(axis=1)  # [n, K]
        out[:, start:start + v.shape[0]] = tot.T
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


def expand(model: Model, values: np.ndarray) -> Model:
    """The model of ``n`` samples as ``n × M`` columns, with the sampled values in place."""
    n = values.shape[0]
    M = len(model.municipalities)
    base = model.years[0]

    def tile(a):
        return np.tile(a, (1,) * (a.ndim - 1) + (n,))

    activity0 = tile(model.activity0)
    own = tile(model.own_factor)
    driver = tile(model.driver)
    actions = [dataclasses.replace(a, municipalities=np.tile(a.municipalities, n),
                                   value=(tile(a.value) if a.value is not None
                                          and a.kind == "add" else a.value))
               for a in model.actions]
    own_zero = None if model.own_zero is None else model.own_zero.copy()
    own_sampled = np.zeros(len(model.sources), bool)
    for i, slot in enumerate(model.params):
        v = values[:, i]
        if slot.kind in ("emissions", "factor"):
            own_sampled[slot.j] = True
            if own_zero is not None:
                own_zero[slot.j] = False  # a sampled own factor is no longer zero
        if slot.kind in ("activity", "emissions", "factor"):
            cols = np.arange(n) * M + slot.m
            if slot.kind == "activity":
                activity0[slot.j, cols] = v
            else:  # an emissions line's level, or an overriding factor, of one gas
                own[slot.j, slot.g, :, cols] = v[:, None]
        elif slot.kind == "rate":
            ks, js, ms = (np.asarray(x, dtype=int) for x in slot.cells)
            t = model.years - base
            mean_rate = slot.dist.mean() * slot.conversion
            ratio = (1.0 + v[None, :]) ** t[:, None] / (1.0 + mean_rate) ** t[:, None]  # [T, n]
            cols = (np.arange(n)[:, None] * M + ms[None, :]).ravel()  # sample-major
            per_col = np.repeat(ratio, ms.size, axis=1)  # [T, n × len(ms)]
            driver[np.ix_(ks, js, np.arange(t.size), cols)] *= per_col[None, None]
        else:
            a = actions[slot.action]
            per_col = np.repeat(v, M)
            if slot.kind == "share":
                actions[slot.action] = dataclasses.replace(a, share=per_col)
            elif slot.kind == "full":
                actions[slot.action] = dataclasses.replace(
                    a, full=np.maximum(per_col, a.start), start=np.full(n * M, a.start))
            elif slot.kind == "action_factor":  # a decarbonisation's new factor of one gas
                value = a.value if a.value.ndim == 2 else np.repeat(a.value[:, None], n * M, 1)
                value = value.copy()
                value[slot.g] = per_col
                actions[slot.action] = dataclasses.replace(a, value=value)
            else:  # action_activity
                actions[slot.action] = dataclasses.replace(
                    a, value=per_col * a.municipalities)
    return dataclasses.replace(
        model, activity0=activity0, own_factor=own, carrier_weight=tile(model.carrier_weight),
        inv_efficiency=tile(model.inv_efficiency), carrier_factor=tile(model.carrier_factor),
        driver=driver, actions=tuple(actions), own_zero=own_zero,
        own_sampled=own_sampled,
        municipalities=tuple(f"{m}#{i}" for i in range(n) for m in model.municipalities))


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
             progress=None) -> Simulation:
    """Project ``samples`` draws of the uncertain parameters, chunk by chunk."""
    values = draw(model, samples, seed, method)
    M, S = len(model.municipalities), len(model.sources)
    G, T, K = len(model.gases), model.years.size, len(model.scenarios)
    A = len(model.actions)
    C = model.carrier_factor.shape[0]
    # bytes per sample of a chunk: the tiled model (own and carrier factors, drivers),
    # the engine's activity, CO2e and temporaries, the wedges; per-gas emissions are
    # reduced over the chunk as they are computed (run(..., emissions="mean"))
    per_sample = 8 * M * (S * G * T + C * G * T + S * T * K * 6 + (A * T * K if wedges else 0))
    chunk = chunk or int(max(1, min(samples, CHUNK_BYTES // max(per_sample, 1))))
    kept_years = np.asarray(sorted(set(int(y) for y in kept_years)), dtype=int)
    sector_years = np.asarray(sorted(set(int(y) for y in sector_years)), dtype=int)
    yi = np.searchsorted(model.years, kept_years)
    ys = np.searchsorted(model.years, sector_years)
    onehot = (sector_of[:, None] == np.arange(len(sectors))[None, :]).astype(float)  # [S, sec]
    kept_total = np.empty((samples, M, yi.size, K))
    kept_sector = np.empty((samples, M, len(sectors), ys.size, K))
    # running statistics in the engine's layout (scenario first, municipality last)
    em_mean = np.zeros((K, S, G, T, M))
    co_mean = np.zeros((K, S, T, M))
    co_m2 = np.zeros((K, S, T, M))
    tot_mean, tot_m2, tot_count = np.zeros((K, T, M)), np.zeros((K, T, M)), 0
    w_mean = np.zeros((K, A, T, M)) if wedges else None
    count = 0
    keep = np.empty((M, S, T, K, samples)) if keep_samples else None
    for start in range(0, samples, chunk):  # chunks of samples, each one vectorised call
        stop = min(samples, start + chunk)
        n = stop - start
        r = run(expand(model, values[start:stop]), wedges=wedges, emissions="mean", samples=n)
        # the engine's own arrays: [K, S, T, n × M] (sample-major columns) -> [K, S, T, n, M]
        co2e = r.co2e.transpose(3, 1, 2, 0).reshape(K, S, T, n, M)
        kept_total[start:stop] = co2e[:, :, yi].sum(axis=1).transpose(2, 3, 1, 0)
        if ys.size:
            kept_sector[start:stop] = np.einsum("ksynm,sc->nmcyk", co2e[:, :, ys], onehot)
        c_mean = co2e.mean(axis=3)
        dev = co2e - c_mean[:, :, :, None]
        c_m2 = np.einsum("kstnm,kstnm->kstm", dev, dev)
        e_mean = r.emissions.transpose(4, 1, 2, 3, 0)  # mean of the chunk: [K, S, G, T, M]
        em_mean = (em_mean * count + e_mean * n) / (count + n)
        if wedges:
            wd = r.wedges.transpose(3, 1, 2, 0).reshape(K, A, T, n, M).mean(axis=3)
            w_mean = (w_mean * count + wd * n) / (count + n)
        co_mean, co_m2, count = _merge(co_mean, co_m2, count, c_mean, c_m2, n)
        tot = co2e.sum(axis=1)  # [K, T, n, M]: net total of each municipality
        t_mean = tot.mean(axis=2)
        dev = tot - t_mean[:, :, None]
        tot_mean, tot_m2, tot_count = _merge(tot_mean, tot_m2, tot_count, t_mean,
                                             np.einsum("ktnm,ktnm->ktm", dev, dev), n)
        if keep is not None:
            keep[..., start:stop] = co2e.transpose(4, 1, 2, 0, 3)
        if progress is not None:
            progress(stop, samples)
    # back to the public layout: municipality first, scenario last
    em_mean = np.ascontiguousarray(em_mean.transpose(4, 1, 2, 3, 0))
    co_mean = np.ascontiguousarray(co_mean.transpose(3, 1, 2, 0))
    co_m2 = co_m2.transpose(3, 1, 2, 0)
    tot_m2 = tot_m2.transpose(2, 1, 0)
    if wedges:
        w_mean = np.ascontiguousarray(w_mean.transpose(3, 1, 2, 0))
    var = co_m2 / max(count - 1, 1)
    return Simulation(samples, em_mean, co_mean, var, w_mean, kept_total, kept_years,
                      kept_sector, sector_years, sectors, values,
                      tot_m2 / max(tot_count - 1, 1), keep)
