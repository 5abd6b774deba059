"""Monte Carlo: the plan's uncertain parameters drawn together and projected in chunks.

Samples are evaluated by the same vectorised core: a chunk of ``n`` samples of
``M`` municipalities is one model with a sample axis the engine broadcasts over
(:func:`~capf.engine.sampling.expand`; factors are never tiled per sample), so there
is no Python loop over samples, only over chunks of them. Each chunk is reduced
at once: per-sample totals by municipality, sector and scenario are kept for the
years the assessment needs (exact), and everything else is streamed into a
mean and a variance (Chan et al.'s pairwise update), so the memory of the core
does not grow with the number of samples beyond what the assessment needs: net
totals per municipality and scenario in the target and reference years, and
sector levels only in the years where a target needs them (the base year of a
back-cast, the years of sector targets).

Only what the uncertain parameters can change is sampled: :func:`~capf.engine.sampling.reach`
and :func:`~capf.engine.sampling.reach_municipalities` find the sources, scenarios and
municipalities they reach (closed over what couples sources in the engine),
:func:`~capf.engine.sampling.restrict` builds that sub-model, and everything else is
taken from one deterministic run. The
per-gas emissions are reduced over each chunk's samples as the engine computes
them (``run(..., emissions="mean")``), never written per sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .core import _flat, run, run_block
from .model import Model

# the sampling functions, here too for code written against this module
from .sampling import (
    Expander,
    SampleColumns,
    draw,
    expand,
    groups,
    municipality_block,
    reach,
    reach_municipalities,
    restrict,
    restrict_municipalities,
    values_from_uniform,
)
from .sampling import Expander as _Expander  # noqa: F401  (the name tests use)

__all__ = ["simulate", "Simulation", "CHUNK_BYTES", "net_totals", "sample_chunk",
           # from capf.engine.sampling
           "draw", "expand", "Expander", "SampleColumns", "groups", "values_from_uniform",
           "reach", "restrict", "reach_municipalities", "restrict_municipalities",
           "municipality_block"]

#: Target size of one chunk's arrays. Fixed (not derived from the machine) so the same
#: plan, seed and version give bit-identical results everywhere.
CHUNK_BYTES = 128 * 2**20


def net_totals(model: Model, values: np.ndarray, year: int, chunk: int | None = None,
               ) -> np.ndarray:
    """Net CO2e of the whole plan in ``year`` for each parameter set: [K, n].

    As in :func:`simulate`, only the sources, scenarios and municipalities the
    parameters reach are projected per parameter set; chunks hold about
    :data:`CHUNK_BYTES` of arrays.

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model with uncertain parameters.
    values : numpy.ndarray
        Parameter sets [n, P], engine units (:func:`~capf.engine.sampling.draw`).
    year : int
        The year.
    chunk : int, optional
        Parameter sets per vectorised chunk.

    Returns
    -------
    numpy.ndarray
        t CO2e/yr, [K, n].

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> net_totals(model, draw(model, 3, seed=1), 2030).shape == (len(model.scenarios), 3)
    True
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
    expander = Expander(p.sub)
    for start in range(0, values.shape[0], chunk):  # chunks of parameter sets, each vectorised
        v = values[start:start + chunk]
        r = run(expander(v), wedges=False, emissions="mean", samples=v.shape[0])
        tot = r.co2e[:, :, t, :].sum(axis=1).reshape(v.shape[0], mv.size, -1).sum(axis=1)
        out[kv, start:start + v.shape[0]] = rest + tot.T
    return out


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
        """Samples per chunk: about :data:`CHUNK_BYTES` of what the engine holds per
        sample. Factors are not tiled (a sample axis the engine broadcasts over), so
        that is the activity and CO2e, the drivers where a growth rate is sampled, the
        rows of sampled own factors, the factor rows a decarbonisation changes, an
        allowance of one activity-sized array for the temporaries (each action pass
        and the reduction make arrays of one source row), and the wedges (per-gas
        emissions are reduced as they are computed). On denmark_uncertain.toml this
        is 4.7 MB per sample against 3.9 MB measured (tracemalloc, chunks of 20-40)."""
        if chunk:
            return chunk
        return int(max(1, min(samples, CHUNK_BYTES // max(self.per_sample(wedges), 1))))

    def per_sample(self, wedges: bool) -> int:
        """Bytes a chunk holds per sample (see :meth:`chunk`)."""
        m = self.sub
        G, T = len(m.gases), m.years.size
        Su, Kv, Av, Mv = self.u.size, self.kv.size, self.acts.size, self.mv.size
        kinds = [slot.kind for slot in m.params]
        own_rows = len({slot.j for slot in m.params if slot.kind in ("emissions", "factor")})
        changed = sum(a.kind.startswith("decarbonise") for a in m.actions)
        per_sample = 8 * Mv * (Su * T * Kv * (3 + ("rate" in kinds)) + own_rows * G * T
                               + changed * Kv * G * T + (Av * T * Kv if wedges else 0))
        return per_sample


def _sampled(model: Model, reach_only: bool = True, reached=None) -> _Sampled:
    """The part of ``model`` the uncertain parameters reach (all of it without
    ``reach_only``; ``reached``: the sources and scenarios of :func:`reach` given)."""
    src, scen = reach(model) if reached is None else reached
    cols = reach_municipalities(model)
    if not reach_only:
        src, scen, cols = np.ones_like(src), np.ones_like(scen), np.ones_like(cols)
    u, kv, mv = np.flatnonzero(src), np.flatnonzero(scen), np.flatnonzero(cols)
    acts = model.actions_on(src)
    sub = restrict(model, src, scen)
    if mv.size < len(model.municipalities):
        sub = restrict_municipalities(sub, mv)
    return _Sampled(src, cols, u, kv, mv, acts, sub)


def sample_chunk(model: Model, samples: int, wedges: bool, chunk: int | None) -> int:
    """Samples per vectorised chunk of a run of ``model``: about :data:`CHUNK_BYTES` of
    the sampled part's arrays (``chunk`` when given).

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model with uncertain parameters.
    samples : int
        Samples of the run.
    wedges : bool
        Whether the run attributes wedges.
    chunk : int or None
        A chunk size asked for.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> 1 <= sample_chunk(model, 100, True, None) <= 100
    True
    """
    return _sampled(model).chunk(samples, wedges, chunk)


@dataclass
class Simulation:
    """What a Monte-Carlo run keeps (see :func:`simulate`); t CO2e/yr (emissions: t gas/yr).

    Parameters
    ----------
    samples : int
        Number of samples.
    emissions_mean, co2e_mean, co2e_var, wedge_mean
        Means over the samples (and the CO2e variance) in the public axis order.
    kept_total, kept_years, kept_sector, sector_years, sectors
        Per-sample net totals in the kept years, and per-sample CO2e by sector in the
        sector years. ``kept_sector`` is a read-only broadcast view where every sample,
        or every scenario, has the same values (bit for bit; often so in the base year):
        its memory then does not grow with the samples.
    values : numpy.ndarray
        The drawn parameters [N, P].
    total_var, co2e_samples : numpy.ndarray, optional
        Variance of each municipality's net total; every sample's CO2e (``keep_samples``).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> sim = simulate(model, np.zeros(len(model.sources), int), ("all",), [2030],
    ...                samples=4, seed=1)
    >>> sim.kept_total.shape == (4, 2, 1, len(model.scenarios))
    True
    """

    samples: int
    emissions_mean: np.ndarray  # [M, S, G, T, K]
    co2e_mean: np.ndarray  # [M, S, T, K]
    co2e_var: np.ndarray  # [M, S, T, K]
    wedge_mean: np.ndarray | None  # [M, A, T, K]
    kept_total: np.ndarray  # [N, M, Y, K]: per-sample net CO2e in the kept years
    kept_years: np.ndarray
    kept_sector: np.ndarray  # [N, M, sector, Ys, K]: per-sample CO2e by sector, sector years
    # (a broadcast view of the values without their repeats across samples or scenarios)
    sector_years: np.ndarray
    sectors: tuple[str, ...]
    values: np.ndarray  # [N, P]: the drawn parameters
    total_var: np.ndarray | None = None  # [M, T, K]: variance of each municipality's net total
    co2e_samples: np.ndarray | None = None  # [M, S, T, K, N] with keep_samples


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``a`` and ``b`` (broadcast) hold the same float64 bits everywhere (so -0.0 is
    not 0.0, and a NaN is its own bits)."""
    return bool((a.view(np.uint64) == b.view(np.uint64)).all())


class _Repeats:
    """Per-sample values ``[N, M, C, Y, K]`` held without their repeats.

    While every sample has the same value (bit for bit), one row stands for all
    ``N`` samples; while every scenario has the same value, one column stands for
    all ``K`` scenarios. A chunk whose values break either is written after the
    rows or columns are copied out in full (:meth:`write`), so :meth:`array` is
    always the array written cell by cell. Sector levels in the base year are
    often such repeats: a driver rate, or a measure that starts after the base
    year, leaves the base year as it is in every sample and scenario.

    Parameters
    ----------
    first : numpy.ndarray
        ``[M, C, Y, K]``: every sample's value before any chunk is written.
    samples : int
        ``N``.
    """

    def __init__(self, first: np.ndarray, samples: int) -> None:
        self.shape = (samples,) + first.shape
        same = _same(first, first[..., :1])
        self.data = np.array(first[None, ..., :1] if same else first[None])

    def write(self, start: int, stop: int, mv: np.ndarray, kv: np.ndarray,
              value: np.ndarray) -> None:
        """Rows ``start:stop``, municipalities ``mv`` and scenarios ``kv`` of the values:
        ``value`` ``[stop - start, Mv, C, Y, Kv]``. Every row is written once, in order
        (as :func:`simulate`'s chunks): the first chunk's row stands for the rows after it
        until a chunk differs from it."""
        N, M, C, Y, K = self.shape
        d = self.data
        if d.shape[4] == 1:
            if kv.size == K and _same(value, value[..., :1]):
                value, kv = value[..., :1], np.zeros(1, int)
            elif kv.size < K and _same(value, (d if d.shape[0] == 1 else d[start:stop])[:, mv]):
                return  # the unsampled scenarios' values: nothing changes
            else:
                d = self.data = np.repeat(d, K, axis=4)
        if d.shape[0] == 1:
            row = np.ix_(np.zeros(1, int), mv, np.arange(C), np.arange(Y), kv)
            if _same(value, value[:1]):
                if start == 0:  # every row is written later: this one stands for them
                    d[row] = value[:1]
                    return
                if _same(value[:1], d[row]):
                    return
            d = self.data = np.repeat(d, N, axis=0)
        if mv.size == M and kv.size == d.shape[4]:
            d[start:stop] = value
        else:
            d[np.ix_(np.arange(start, stop), mv, np.arange(C), np.arange(Y), kv)] = value

    def array(self) -> np.ndarray:
        """The values ``[N, M, C, Y, K]``: the held array, or a read-only broadcast view
        of it where rows or columns stand for repeats."""
        if self.data.shape == self.shape:
            return self.data
        return np.broadcast_to(self.data, self.shape)


def _write_sectors(kept_sector: _Repeats, start, stop, mv, kv, rest_sector, co2e_ys,
                   members) -> None:
    """Rows ``start:stop`` of the per-sample sector CO2e: the unsampled rest plus each
    sector's sampled sources (``co2e_ys`` [Kv, Su, Ys, n, Mv]) added in order."""
    Kv, _, Ys, n, Mv = co2e_ys.shape
    part = np.zeros((Kv, len(members), Ys, n, Mv))
    for c, pos in enumerate(members):
        if pos.size:
            acc = part[:, c]
            acc[...] = co2e_ys[:, pos[0]]
            for p in pos[1:]:
                acc += co2e_ys[:, p]
    kept_sector.write(start, stop, mv, kv, rest_sector + part.transpose(3, 4, 1, 2, 0))


def _first(buffer: np.ndarray, n: int) -> np.ndarray:
    """The first ``n`` samples of a chunk's buffer [..., chunk, M] as the engine's
    ``n × M`` columns: a view (the samples are contiguous within each row)."""
    return _flat(buffer[..., :n, :], (n, buffer.shape[-1]))


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

    Parameters
    ----------
    model : capf.engine.Model
        A compiled model.
    sector_of : numpy.ndarray
        [S] int: the index in ``sectors`` of each source's sector.
    sectors : tuple of str
        The sectors whose per-sample CO2e is kept.
    kept_years, sector_years : iterable of int
        Years whose per-sample net totals, and per-sample sector CO2e, are kept.
    samples : int
        Number of samples.
    seed : int or None
        Seed of the draw.
    method : str, default "lhs"
        Sampling method (:func:`~capf.engine.sampling.draw`).
    wedges, keep_samples : bool
        Also the mean wedges; also every sample's CO2e (memory grows with samples).
    chunk : int, optional
        Samples per vectorised chunk (default :func:`sample_chunk`).
    progress : callable, optional
        Called as ``progress(done, samples)`` after each chunk.
    reach_only : bool, default True
        Project only what the parameters reach.
    values, reached : optional
        See above.

    Returns
    -------
    Simulation

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3, uncertain=True))
    >>> sim = simulate(model, np.zeros(len(model.sources), int), ("all",), [2030],
    ...                samples=8, seed=1, chunk=3)
    >>> sim.co2e_var.shape == sim.co2e_mean.shape, bool((sim.co2e_var >= 0).all())
    (True, True)
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
    kept_sector = _Repeats(np.einsum("ksym,sc->mcyk", det_co2e[:, :, ys], onehot), samples)
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
    Y, NS = yi.size, len(sectors)
    count = 0
    keep = None
    if keep_samples:
        keep = np.empty((K, S, T, M, samples))
        keep[:] = det_co2e[..., None]
    expander = Expander(sub)
    # the engine's activity, CO2e and wedges, made once for a whole chunk and reused from
    # chunk to chunk (no fresh pages to fault in); a smaller last chunk is written into the
    # first samples of them (views, n × Mv columns as the engine takes them)
    sampled = bool(Su and Kv and Mv)
    rows_of = (Su, Su, Av) if wedges else (Su, Su)
    buffers = [np.empty((Kv, r, T, chunk, Mv)) for r in rows_of] if sampled else []
    # the sampled part covers every municipality and scenario: rows of the kept arrays
    # are written as slices (no fancy indexing)
    whole = mv.size == M and kv.size == K
    # each sector's sources among the sampled ones (positions in u), summed in order
    members = [np.flatnonzero(onehot[u, c]) for c in range(NS)]
    for start in range(0, samples if sampled else 0, chunk):  # chunks, vectorised
        stop = min(samples, start + chunk)
        n = stop - start
        act_b, co_b, *w_b = (_first(b, n) for b in buffers)
        r = run_block(expander(values[start:stop]), wedges=wedges, emissions="mean", samples=n,
                      out=(act_b, None, co_b, w_b[0] if w_b else None))
        # the engine's own arrays: [Kv, Su, T, n × Mv] (sample-major columns) -> [.., n, Mv]
        co2e = r.co2e.transpose(3, 1, 2, 0).reshape(Kv, Su, T, n, Mv)
        rows = np.arange(start, stop)
        part = (rest_total + co2e[:, :, yi].sum(axis=1)).transpose(2, 3, 1, 0)
        if whole:
            kept_total[start:stop] = part
        else:
            kept_total[np.ix_(rows, mv, np.arange(Y), kv)] = part
        if ys.size:
            _write_sectors(kept_sector, start, stop, mv, kv, rest_sector, co2e[:, :, ys],
                           members)
        tot = co2e.sum(axis=1)  # [Kv, T, n, Mv]: the sampled part of each net total
        if keep is not None:
            keep[np.ix_(kv, u, np.arange(T), mv, rows)] = co2e.transpose(0, 1, 2, 4, 3)
        c_mean = co2e.mean(axis=3)
        # the deviations overwrite the CO2e: the engine's buffer, rewritten by the next chunk
        dev = np.subtract(co2e, c_mean[:, :, :, None], out=co2e)
        c_m2 = np.einsum("kstnm,kstnm->kstm", dev, dev)
        # running means, (mean × count + chunk mean × n) / (count + n), in place
        e_mean = r.emissions.transpose(4, 1, 2, 3, 0)  # mean of the chunk: [Kv, Su, G, T, M]
        em_mean *= count
        em_mean += np.multiply(e_mean, n, out=e_mean)  # the engine's fresh array
        em_mean /= count + n
        if wedges:
            if r.wedges is None or w_mean is None:
                raise RuntimeError("the engine returned no wedges although they were asked for")
            wd = r.wedges.transpose(3, 1, 2, 0).reshape(Kv, Av, T, n, Mv).mean(axis=3)
            w_mean *= count
            w_mean += np.multiply(wd, n, out=wd)
            w_mean /= count + n
        co_mean, co_m2, count = _merge(co_mean, co_m2, count, c_mean, c_m2, n)
        t_mean = tot.mean(axis=2)
        dev = tot - t_mean[:, :, None]
        tot_mean, tot_m2, tot_count = _merge(tot_mean, tot_m2, tot_count, t_mean,
                                             np.einsum("ktnm,ktnm->ktm", dev, dev), n)
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
        if det.wedges is None:
            raise RuntimeError("the engine returned no wedges although they were asked for")
        w_full = np.array(det.wedges.transpose(3, 1, 2, 0))
        if count and Av:
            w_full[np.ix_(kv, acts, np.arange(T), mv)] = w_mean
        w_full = np.ascontiguousarray(w_full.transpose(3, 1, 2, 0))
    return Simulation(samples, np.ascontiguousarray(full_em.transpose(4, 1, 2, 3, 0)),
                      np.ascontiguousarray(full_co.transpose(3, 1, 2, 0)),
                      var.transpose(3, 1, 2, 0), w_full, kept_total, kept_years,
                      kept_sector.array(), sector_years, sectors, values,
                      tot_var.transpose(2, 1, 0),
                      None if keep is None else keep.transpose(3, 1, 2, 0, 4))
