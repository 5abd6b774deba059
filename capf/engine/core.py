"""The vectorised projection core.

``emissions[m,s,g,t,k] = activity[m,s,t,k] × factor[m,s,g,t,k]`` for every
municipality, source, gas, year and scenario at once.

The only Python loop is over the plan's actions, because they are applied in
their declared order and each acts on what the previous ones left (a switch
moves a share of the activity that a reduction left, say). Each pass touches
one or two source slices of whole [M, T, K] arrays (a carrier decarbonisation:
the carrier's row). While actions are applied, factors are carried in two
forms: per gas where an action has changed them (decarbonised sources and
carriers only), and collapsed to CO2e for every source, so the per-action
attribution (wedges) never touches the gas axis. The full per-gas emissions
array is written once, at the end. Every operation is independent along the
municipality axis, so the core can be mapped over municipality chunks unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import curves
from .model import ActionRow, Model

__all__ = ["run", "EngineResult", "action_effect", "action_sources", "co2e_factors",
           "block_size", "BLOCK_BYTES", "check_finite"]


@dataclass(frozen=True)
class EngineResult:
    """Arrays the engine returns (same axis order as :class:`Model`)."""

    activity: np.ndarray  # [M, S, T, K]
    emissions: np.ndarray  # [M, S, G, T, K], t gas / yr
    co2e: np.ndarray  # [M, S, T, K], t CO2e / yr
    wedges: np.ndarray | None  # [M, A, T, K], t CO2e / yr avoided by each action


def action_effect(action: ActionRow, years: np.ndarray) -> np.ndarray:
    """The share of the action in effect, per municipality, year and scenario: [M, T, K]."""
    return _effect(action, years).transpose(2, 1, 0)


def _curve(action: ActionRow, years: np.ndarray) -> np.ndarray:
    """The curve in effect: [T], or [T, M] when a parameter differs by column (Monte Carlo)."""
    per_column = any(np.ndim(x) > 0 for x in (action.start, action.full))
    y = years[:, None] if per_column else years
    if action.curve == "stock_turnover":
        c = curves.stock_turnover(y, action.start, action.full, action.lifetime,
                                  kind=action.survival, shape=action.shape,
                                  sales_curve=action.sales_curve, steepness=action.steepness,
                                  p=action.p, q=action.q)
    else:
        c = curves.evaluate(action.curve, y, action.start, action.full,
                            steepness=action.steepness, p=action.p, q=action.q)
    return c


def _effect(action: ActionRow, years: np.ndarray) -> np.ndarray:
    """Share in effect in the core's layout: [K, T, M]."""
    c = _curve(action, years)
    c = c[:, None] if c.ndim == 1 else c  # [T, 1] or [T, M]
    column = np.asarray(action.share, dtype=float) * action.municipalities.astype(float)  # [M]
    return action.scenarios.astype(float)[:, None, None] * (c * column[None, :])[None]


def co2e_factors(model: Model) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The model's factors collapsed to CO2e with its GWP set: own part [S, T, M],
    carriers [C + 1, T, M] (row C, no carrier: zero) and each source's whole factor
    (own + carrier weight ÷ efficiency × carrier) [S, T, M]."""
    C = model.carrier_factor.shape[0]
    own = np.einsum("sgtm,g->stm", model.own_factor, model.gwp)
    cf = np.zeros((C + 1,) + own.shape[1:])
    cf[:C] = np.einsum("cgtm,g->ctm", model.carrier_factor, model.gwp)
    carrier = np.where(model.carrier_of < 0, C, model.carrier_of)
    scale = model.carrier_weight * model.inv_efficiency
    return own, cf, own + scale[:, None, :] * cf[carrier]


def action_sources(model: Model, a: ActionRow) -> np.ndarray:
    """The sources an action reads or writes (both ends of a switch, every user of a
    decarbonised carrier)."""
    if a.kind == "switch":
        return np.array([a.source, a.dest])
    if a.kind == "decarbonise_carrier":
        return np.flatnonzero(model.carrier_of == a.carrier)
    return np.array([a.source])


# The core works in a layout with the municipality axis last (contiguous) and the
# scenario axis first: [K, S, (G,) T, M]. Factors do not depend on the scenario
# until an action changes them, and broadcasting along an outer axis keeps every
# inner loop long (M municipalities) instead of K = 2-3 scenarios. Results are
# handed back as transposed views in the public order [M, S, (G,) T, K].


class _State:
    """Mutable arrays of one projection (numpy, one block of municipalities).

    Factors do not depend on the scenario until an action changes them, so they
    are kept without the scenario axis ([S, ...], [C, ...]) and only the rows an
    action changed get one ([K, ...], in dicts keyed by source or carrier). The
    outputs are written once each, in as few passes over memory as possible.
    """

    def __init__(self, model: Model, act_out: np.ndarray | None = None):
        S, M = model.activity0.shape
        K = len(model.scenarios)
        C = model.carrier_factor.shape[0]
        self.model, self.K = model, K
        self.own_base = model.own_factor  # [S, G, T, M]
        self.cf_base = model.carrier_factor  # [C, G, T, M]
        # activity[k,s,t,m] = base-year activity × driver index (the only [K, S, T, M] state)
        self.act = np.multiply(model.activity0[None, :, None, :], model.driver, out=act_out)
        # carrier weight × 1/efficiency per source: [S, M]; rows an action changed: [K, T, M]
        self.scale_base = model.carrier_weight * model.inv_efficiency
        self.scale_changed: dict[int, np.ndarray] = {}
        self.inv_eff = model.inv_efficiency  # [S, M]
        self.carrier_of = np.where(model.carrier_of < 0, C, model.carrier_of)  # C: no carrier
        # factors collapsed to CO2e: own part [S, T, M] (+ changed rows [K, T, M]),
        # carriers [C+1, T, M] (row C: no carrier, zero; + changed rows [K, T, M]), and
        # each source's whole factor [S, T, M] (see co2e_factors)
        own_co2e, cf_co2e, f_base = model.co2e_factors or co2e_factors(model)
        self.own_co2e = own_co2e
        self.own_co2e_changed: dict[int, np.ndarray] = {}
        self.cf_co2e = cf_co2e
        self.cf_co2e_changed: dict[int, np.ndarray] = {}
        # per-gas factors changed by actions: source or carrier index -> [K, G, T, M],
        # and the gases in which they are not zero (the others are never computed)
        self.own_changed: dict[int, np.ndarray] = {}
        self.cf_changed: dict[int, np.ndarray] = {}
        self.own_live: dict[int, np.ndarray] = {}
        self.cf_live: dict[int, np.ndarray] = {}
        produces = model.produces if model.produces is not None else np.full(S, -1)
        netted = model.netted if model.netted is not None else np.zeros(C, bool)
        # carriers netted against local production, with their consumers and producers
        self.netting = [(c, np.flatnonzero(model.carrier_of == c), np.flatnonzero(produces == c))
                        for c in np.flatnonzero(netted)]
        # the sources using each carrier (a handful of carriers)
        self.users = [(int(c), np.flatnonzero(self.carrier_of == c))
                      for c in np.unique(self.carrier_of) if c < C]
        # without netting, each source's whole CO2e factor (own + weight / efficiency ×
        # carrier) is kept too, so the CO2e of any rows is one product: [S, T, M], and
        # the rows a decarbonisation changed, [K, T, M]
        if not self.netting:
            self.f_base = f_base
            self.f_changed: dict[int, np.ndarray] = {}

    def netting_share(self, c: int) -> np.ndarray | None:
        """Share of carrier ``c``'s use not covered by local production: [K, T, M].

        Local-renewables-netted method: factor × max(0, 1 − production ÷ consumption).
        ``None`` when ``c`` is not netted.
        """
        for netted, users, producers in self.netting:  # a handful of carriers at most
            if netted == c:
                used = np.einsum("kstm,sm->ktm", self.act[:, users], self.inv_eff[users])
                made = self.act[:, producers].sum(axis=1)
                with np.errstate(divide="ignore", invalid="ignore"):
                    return np.where(used > 0, np.clip(1.0 - made / used, 0.0, 1.0), 1.0)
        return None

    def _scale(self, idx) -> np.ndarray:
        """weight × 1/efficiency of sources ``idx`` (not netted): [n, 1, M] or [K, n, T, M]."""
        rows = self._rows(self.scale_base[:, None, :], self.scale_changed, idx, self.K)
        return rows[0] if rows.shape[0] == 1 else rows

    def _rows(self, base: np.ndarray, changed: dict, idx, K: int) -> np.ndarray:
        """Rows ``idx`` of a factor kept as base rows and changed rows: [1 or K, n, ...]."""
        rows = base[idx][None]
        hit = [i for i, s in enumerate(idx) if int(s) in changed]
        if hit:
            shape = (K,) + np.broadcast_shapes(rows.shape[1:], (len(idx),) + self.act.shape[2:])
            rows = np.broadcast_to(rows, shape).copy()
            for i in hit:  # only the rows an action changed
                rows[:, i] = changed[int(idx[i])]
        return rows

    def _refresh_factor(self, idx) -> None:
        """Recompute the whole CO2e factor of sources ``idx`` after a decarbonisation."""
        if self.netting:
            return
        idx = np.asarray(idx)
        own = self._rows(self.own_co2e, self.own_co2e_changed, idx, self.K)
        cf = self._rows(self.cf_co2e, self.cf_co2e_changed, self.carrier_of[idx], self.K)
        new = own + self._scale(idx) * cf  # [K, n, T, M]
        self.f_changed.update((int(s), new[:, i]) for i, s in enumerate(idx))

    def _carrier_parts(self, idx=None):
        """For each carrier: its users (among ``idx``) and their activity × weight ÷
        efficiency (× netting share): [K, n, T, M]."""
        for c, users in self.users:
            if idx is not None:
                users = np.intersect1d(users, idx)
            if users.size == 0:
                continue
            w = self.act[:, users] * self._scale(users)
            share = self.netting_share(c) if self.netting else None
            if share is not None:
                w *= share[:, None]
            yield c, users, w

    def _cf_co2e(self, c: int) -> np.ndarray:
        """CO2e factor of carrier ``c``: [T, M] or [K, T, M]."""
        return self.cf_co2e_changed.get(c, self.cf_co2e[c])

    def co2e(self, idx) -> np.ndarray:
        """CO2e of sources ``idx`` summed over them: [K, T, M]."""
        if not self.netting:
            # contiguous runs of sources as views (no gathered copies); rows an action
            # changed carry a scenario axis
            out = None
            for sl in _runs(np.unique(idx)):
                rows = range(sl.start, sl.stop)
                if any(r in self.f_changed for r in rows):
                    f = self._rows(self.f_base, self.f_changed, np.arange(sl.start, sl.stop),
                                   self.K)
                    part = np.einsum("kntm,kntm->ktm", self.act[:, sl],
                                     np.broadcast_to(f, self.act[:, sl].shape))
                else:
                    part = np.einsum("kntm,ntm->ktm", self.act[:, sl], self.f_base[sl])
                out = part if out is None else out + part
            return out
        act = self.act[:, idx]
        own = self._rows(self.own_co2e, self.own_co2e_changed, idx, self.K)
        out = np.einsum("kntm,kntm->ktm", act, np.broadcast_to(own, act.shape))
        for c, _, w in self._carrier_parts(idx):
            out += w.sum(axis=1) * self._cf_co2e(c)
        return out

    @staticmethod
    def _live(base: np.ndarray, live: dict, i: int) -> np.ndarray:
        """Gases (indices) in which row ``i`` of a per-gas factor is not zero everywhere."""
        if i not in live:
            live[i] = np.flatnonzero(base[i].reshape(base.shape[1], -1).any(axis=1))
        return live[i]

    @staticmethod
    def _blend(cur: np.ndarray, eff: np.ndarray, value: np.ndarray, gases: np.ndarray):
        """cur × (1 − eff) + value × eff in the gases ``gases`` (zero in the others):
        cur [1 or K, G, T, M], eff [K, T, M], value [G, M] or [G] -> [K, G, T, M]."""
        v = value if value.ndim == 2 else value[:, None]
        G = cur.shape[1]
        if gases.size == G:
            return cur * (1.0 - eff[:, None]) + v[None, :, None, :] * eff[:, None]
        out = np.zeros((eff.shape[0], G) + eff.shape[1:])  # calloc: untouched gases cost nothing
        e = eff[:, None]
        out[:, gases] = cur[:, gases] * (1.0 - e) + v[gases][None, :, None, :] * e
        return out

    def decarbonise_source(self, s: int, eff: np.ndarray, value: np.ndarray) -> None:
        v = value if value.ndim == 2 else value[:, None]  # [G, M] per column, or [G, 1]
        gases = np.union1d(self._live(self.own_base, self.own_live, s),
                           np.flatnonzero(v.any(axis=1)))
        cur = self.own_changed.get(s)
        if cur is None:
            cur = self.own_base[s][None]
        self.own_changed[s] = self._blend(cur, eff, v, gases)
        self.own_live[s] = gases
        v_co2e = self.model.gwp @ v  # [M] or [1]
        cur = self.own_co2e_changed.get(s, self.own_co2e[s])
        self.own_co2e_changed[s] = cur * (1.0 - eff) + v_co2e[None, None, :] * eff
        cur = self.scale_changed.get(s, self.scale_base[s][None, None, :])
        self.scale_changed[s] = cur * (1.0 - eff)
        self._refresh_factor([s])

    def decarbonise_carrier(self, c: int, eff: np.ndarray, value: np.ndarray) -> None:
        v = value if value.ndim == 2 else value[:, None]
        gases = np.union1d(self._live(self.cf_base, self.cf_live, c),
                           np.flatnonzero(v.any(axis=1)))
        cur = self.cf_changed.get(c)
        if cur is None:
            cur = self.cf_base[c][None]
        self.cf_changed[c] = self._blend(cur, eff, v, gases)
        self.cf_live[c] = gases
        v_co2e = self.model.gwp @ v
        cur = self.cf_co2e_changed.get(c, self.cf_co2e[c])
        self.cf_co2e_changed[c] = cur * (1.0 - eff) + v_co2e[None, None, :] * eff
        self._refresh_factor(np.flatnonzero(self.carrier_of == c))

    def emissions(self, out: np.ndarray | None = None) -> np.ndarray:
        """Per-gas emissions of every source, written once: [K, S, G, T, M].

        Each cell is written in one pass: rows whose own factor is zero and whose
        factor comes from a carrier (electricity, district heat...) are written by
        the carrier's part directly, the others are own factor × activity, plus the
        carrier's part where a source has both. Rows are taken as contiguous runs so
        every write goes straight into the output (no gathered temporaries).
        """
        K, S, T, M = self.act.shape
        if out is None:
            out = np.empty((K, S) + self.own_base.shape[1:])
        users = np.concatenate([u for _, u in self.users]) if self.users else np.zeros(0, int)
        zero = self.model.own_zero
        if zero is None:
            zero = np.zeros(S, bool)
            zero[users] = ~self.own_base[users].any(axis=(1, 2, 3))
        direct = np.zeros(S, bool)
        direct[users] = zero[users]
        direct[list(self.own_changed)] = False
        for sl in _runs(np.flatnonzero(~direct)):
            np.multiply(self.own_base[None, sl], self.act[:, sl, None], out=out[:, sl])
        for s, f in self.own_changed.items():
            np.multiply(f, self.act[:, s, None], out=out[:, s])
        for c, users, w in self._carrier_parts():
            cf = self.cf_changed.get(c, self.cf_base[c])[..., None, :, :, :]  # [(K,) 1, G, T, M]
            for sl, pos in _runs(users, positions=True):
                part = w[:, pos, None]
                if direct[sl].all():
                    np.multiply(part, cf, out=out[:, sl])
                else:
                    out[:, sl] += part * cf
        return out

    def emissions_mean(self, n: int) -> np.ndarray:
        """Mean over ``n`` sample-major column blocks of the per-gas emissions,
        without writing them per sample: [K, S, G, T, M // n]."""
        K, S, T, Mn = self.act.shape
        G = self.own_base.shape[1]
        M = Mn // n
        act = self.act.reshape(K, S, T, n, M)
        own = self.own_base.reshape(S, G, T, n, M)
        sampled = self.model.own_sampled
        varies = np.ones(S, bool) if sampled is None else sampled
        out = np.zeros((K, S, G, T, M))
        # own factors the same in every sample block: (Σ activity) × factor, skipping
        # rows whose own factor is zero (carrier users) and gases that are zero
        zero = self.model.own_zero if self.model.own_zero is not None else np.zeros(S, bool)
        fixed = np.flatnonzero(~varies & ~zero)
        for sl in _runs(fixed):  # contiguous runs of sources: views, no gathered copies
            f = own[sl, :, :, 0]  # [n, G, T, M]
            gases = np.flatnonzero(f.reshape(f.shape[0], G, -1).any(axis=(0, 2)))
            if gases.size:
                out[:, sl, gases] = act[:, sl].sum(axis=3)[:, :, None] * f[None, :, gases]
        # sampled own factors: Σ activity × factor over the samples, in one einsum
        var = np.flatnonzero(varies)
        if var.size:
            out[:, var] = np.einsum("kstim,sgtim->ksgtm", act[:, var], own[var])
        for s, f in self.own_changed.items():
            gases = self.own_live[s]
            out[:, s] = 0.0
            f = np.broadcast_to(f[:, gases], (K, gases.size, T, Mn)).reshape(K, -1, T, n, M)
            out[:, s, gases] = np.einsum("ktim,kgtim->kgtm", act[:, s], f)
        for c, users, w in self._carrier_parts():
            gases = self._live(self.cf_base, self.cf_live, c)
            if gases.size == 0:
                continue
            cf = self.cf_changed.get(c, self.cf_base[c][None])[:, gases]
            cf = np.broadcast_to(cf, (K, gases.size, T, Mn)).reshape(K, -1, T, n, M)
            out[np.ix_(np.arange(K), users, gases)] += np.einsum(
                "kptim,kgtim->kpgtm", w.reshape(K, users.size, T, n, M), cf)
        out /= n
        return out

    def co2e_all(self, out: np.ndarray | None = None) -> np.ndarray:
        """CO2e of every source: [K, S, T, M]."""
        if not self.netting:
            out = np.multiply(self.act, self.f_base[None], out=out)
            for s, f in self.f_changed.items():  # rows a decarbonisation changed
                np.multiply(self.act[:, s], f, out=out[:, s])
            return out
        out = np.multiply(self.act, self.own_co2e[None], out=out)
        for s, f in self.own_co2e_changed.items():
            np.multiply(self.act[:, s], f, out=out[:, s])
        for c, users, w in self._carrier_parts():
            out[:, users] += w * np.expand_dims(self._cf_co2e(c), -3)
        return out


def _runs(idx: np.ndarray, positions: bool = False) -> list:
    """Sorted indices as slices of contiguous runs (and, with ``positions``, the
    slices of their positions in ``idx``): [3, 4, 5, 9] → [slice(3, 6), slice(9, 10)]."""
    idx = np.asarray(idx)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) != 1) + 1
    starts = np.concatenate([[0], breaks])
    stops = np.concatenate([breaks, [idx.size]])
    runs = [slice(int(idx[a]), int(idx[b - 1]) + 1) for a, b in zip(starts, stops)]
    if positions:
        return list(zip(runs, [slice(int(a), int(b)) for a, b in zip(starts, stops)]))
    return runs


def _touched(model: Model, a: ActionRow) -> np.ndarray:
    if model.netted is not None and model.netted.any():
        # netting couples every consumer of a netted carrier to every producer: attribute
        # each action on the whole plan
        return np.arange(model.activity0.shape[0])
    return action_sources(model, a)


def _wedge_from_change(st: _State, a: ActionRow, change: np.ndarray, out: np.ndarray) -> None:
    """The CO2e a reduce, switch or add avoids, from the activity it moved or added
    (what CO2e before minus after gives, without computing either): into ``out``."""
    def f(s):  # the whole CO2e factor of source s: [T, M] or [K, T, M]
        return st.f_changed.get(s, st.f_base[s])

    if a.kind == "reduce":  # the activity taken away
        np.multiply(change, f(a.source), out=out)
    elif a.kind == "switch":  # leaves the source, lands × conversion on the other
        np.multiply(change, f(a.source) - a.conversion * f(a.dest), out=out)
    else:  # add: new activity
        np.multiply(change, f(a.source), out=out)
        np.negative(out, out=out)


def _apply(st: _State, a: ActionRow, eff: np.ndarray) -> np.ndarray | None:
    """Apply one action; returns the activity a reduce or switch moved, or an add added."""
    if a.kind == "reduce":
        moved = st.act[:, a.source] * eff
        st.act[:, a.source] -= moved
        return moved
    if a.kind == "switch":
        moved = st.act[:, a.source] * eff
        st.act[:, a.source] -= moved
        st.act[:, a.dest] += moved * a.conversion
        return moved
    if a.kind == "add":  # 'remove' and 'add' in plan files: new activity of a source
        added = a.value[None, None, :] * eff
        st.act[:, a.source] += added
        return added
    if a.kind == "decarbonise_source":
        st.decarbonise_source(a.source, eff, a.value)
    elif a.kind == "decarbonise_carrier":
        st.decarbonise_carrier(a.carrier, eff, a.value)
    else:  # pragma: no cover - compile only builds the kinds above
        raise ValueError(f"unknown action kind {a.kind!r}")
    return None


#: Working set of one block of municipalities in a large deterministic run. Blocks
#: bound the temporaries of every action pass (10,000 municipalities, 2023-2050, one
#: run on 2 cores: 418 ms unblocked, 174-212 ms in blocks of 1,000-2,350); below twice
#: a block the plan is projected whole (small blocks add per-block Python overhead).
BLOCK_BYTES = 96 * 2**20


def block_size(model: Model, wedges: bool = True) -> int:
    """Municipalities per block of a large run (:data:`BLOCK_BYTES`), a multiple of 8."""
    S, G = model.own_factor.shape[:2]
    T, K, A = model.years.size, len(model.scenarios), len(model.actions)
    per_column = 8 * (K * S * G * T + 6 * K * S * T + (K * A * T if wedges else 0))
    return max(256, BLOCK_BYTES // per_column // 8 * 8)


def run(model: Model, *, wedges: bool = True, progress=None, emissions: str = "full",
        samples: int = 1, block: int | None = None) -> EngineResult:
    """Project a compiled model.

    Parameters
    ----------
    model : capf.engine.Model
    wedges : bool, default True
        Also attribute the reduction of every action (BAU minus scenario, in
        declared order; the wedges of a scenario add up to BAU − scenario).
    progress : callable, optional
        Called as ``progress(done, total)`` after each action (for progress bars).
    emissions : {"full", "mean"}, default "full"
        ``"mean"``: the model's columns are ``samples`` sample-major blocks of the
        same municipalities (:func:`capf.engine.montecarlo.expand`); the per-gas
        emissions are returned as their mean over the blocks, [M / samples, S, G, T, K],
        reduced as they are computed (never written per sample). Activity, CO2e and
        wedges stay per column.
    samples : int, default 1
        Number of sample blocks (with ``emissions="mean"``).
    block : int, optional
        Municipalities projected together (default :func:`block_size`, about
        :data:`BLOCK_BYTES` of arrays). A plan with more than twice as many is
        projected block by block into the result arrays; the numbers do not change.

    Returns
    -------
    EngineResult
    """
    if emissions not in ("full", "mean"):
        raise ValueError(f"emissions must be 'full' or 'mean', not {emissions!r}")
    M = model.activity0.shape[1]
    size = block or block_size(model, wedges)
    with np.errstate(over="ignore", invalid="ignore"):  # checked once, below
        if emissions == "full" and M > 2 * size:
            result = _run_blocked(model, size, wedges, progress)
        else:
            result = _run(model, wedges=wedges, progress=progress, emissions=emissions,
                          samples=samples)
    check_finite(model, result)
    return result


def check_finite(model: Model, result: EngineResult) -> None:
    """Raise a :class:`capf.errors.CapfError` when a result is not finite, naming the cell
    and the plan fields (``model.labels``) that reach its source.

    Cheap when all is well: one sum over the CO2e and the per-gas emissions each
    (a sum is finite only when every term is); the cells are searched only after.
    """
    for what, arr in (("CO2e", result.co2e), ("emissions", result.emissions)):
        with np.errstate(over="ignore", invalid="ignore"):
            total = float(np.sum(arr))
        if np.isfinite(total):
            continue
        bad = np.argwhere(~np.isfinite(arr))
        if not bad.size:
            continue  # only the sum overflowed; every cell is finite
        m, j, k = int(bad[0][0]), int(bad[0][1]), int(bad[0][-1])
        codes = model.municipalities
        code = codes[m % len(codes)] if codes else str(m)
        first_year = int(model.years[int(bad[bad[:, 1] == j][:, -2].min())])
        inputs = model.labels.get("source_inputs", {}).get(j, ())
        from ..errors import CapfError

        raise CapfError(
            f"the projection is not finite ({what} of source {model.sources[j]!r} in "
            f"municipality {code!r}, scenario {model.scenarios[k]!r}, from {first_year} "
            f"on): the inputs that reach it ({', '.join(inputs) or 'none named'}) grow or "
            f"multiply beyond 1e308; check the driver rates and indices",
            field=next((x for x in inputs if x.startswith("driver")), inputs[0] if inputs
                       else "driver"))


def _run_blocked(model: Model, size: int, wedges: bool, progress) -> EngineResult:
    """:func:`run` over blocks of municipalities, each written into the result arrays."""
    from .chunked import block, blocks

    S, M = model.activity0.shape
    G, T = model.own_factor.shape[1], model.years.size
    K, A = len(model.scenarios), len(model.actions)
    act = np.empty((K, S, T, M))
    em = np.empty((K, S, G, T, M))
    co = np.empty((K, S, T, M))
    wd = np.zeros((K, A, T, M)) if wedges else None
    parts = blocks(M, size)
    for b, sl in enumerate(parts):  # blocks of municipalities, each one vectorised pass
        _run(block(model, sl), wedges=wedges, out=(
            act[..., sl], em[..., sl], co[..., sl], None if wd is None else wd[..., sl]))
        if progress is not None:
            progress(A * (b + 1) // len(parts), A)
    return EngineResult(
        activity=act.transpose(3, 1, 2, 0),
        emissions=em.transpose(4, 1, 2, 3, 0),
        co2e=co.transpose(3, 1, 2, 0),
        wedges=None if wd is None else wd.transpose(3, 1, 2, 0),
    )


def _run(model: Model, *, wedges: bool = True, progress=None, emissions: str = "full",
         samples: int = 1, out=None) -> EngineResult:
    """One block: the action loop over whole [K, S, T, M] arrays (``out``: the views
    of act, emissions, co2e and wedges to write into, engine layout)."""
    act_out, em_out, co_out, wedge = out if out is not None else (None, None, None, None)
    st = _State(model, act_out)
    years = model.years
    A = len(model.actions)
    M = model.activity0.shape[1]
    K = len(model.scenarios)
    if wedge is None and wedges:
        wedge = np.zeros((K, A, years.size, M))
    # Loop over actions: order matters (each acts on what the previous ones left);
    # the body is vectorised over scenarios, years and municipalities.
    for i, a in enumerate(model.actions):
        eff = _effect(a, years)
        if not eff.any():
            if progress is not None:
                progress(i + 1, A)
            continue
        idx = _touched(model, a)
        # wedges: reduce, switch and add from the activity they move (factors do not
        # depend on activity without netting); the others as CO2e before − after
        direct = not st.netting and a.kind in ("reduce", "switch", "add")
        if wedge is not None and idx.size and not direct:
            before = st.co2e(idx)
        change = _apply(st, a, eff)
        if wedge is not None and idx.size:
            if direct:
                _wedge_from_change(st, a, change, wedge[:, i])
            else:
                wedge[:, i] = before - st.co2e(idx)
        if progress is not None:
            progress(i + 1, A)
    em = st.emissions(em_out) if emissions == "full" else st.emissions_mean(samples)
    # hand back views in the public axis order
    return EngineResult(
        activity=st.act.transpose(3, 1, 2, 0),
        emissions=em.transpose(4, 1, 2, 3, 0),
        co2e=st.co2e_all(co_out).transpose(3, 1, 2, 0),
        wedges=None if wedge is None else wedge.transpose(3, 1, 2, 0),
    )
