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

__all__ = ["run", "EngineResult", "action_effect"]


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


# The core works in a layout with the municipality axis last (contiguous) and the
# scenario axis first: [K, S, (G,) T, M]. Factors do not depend on the scenario
# until an action changes them, and broadcasting along an outer axis keeps every
# inner loop long (M municipalities) instead of K = 2-3 scenarios. Results are
# handed back as transposed views in the public order [M, S, (G,) T, K].


class _State:
    """Mutable arrays of one projection (numpy, one block of municipalities)."""

    def __init__(self, model: Model):
        S, M = model.activity0.shape
        T, K = model.years.size, len(model.scenarios)
        C = model.carrier_factor.shape[0]
        self.model, self.K = model, K
        gwp = model.gwp
        self.own_base = model.own_factor  # [S, G, T, M]
        self.cf_base = model.carrier_factor  # [C, G, T, M]
        # activity[k,s,t,m] = base-year activity × driver index
        self.act = model.activity0[None, :, None, :] * model.driver
        self.weight = np.broadcast_to(model.carrier_weight[None, :, None, :], (K, S, T, M)).copy()
        self.inv_eff = model.inv_efficiency  # [S, M]
        self.carrier_of = np.where(model.carrier_of < 0, C, model.carrier_of)  # C: no carrier
        # factors collapsed to CO2e: own part [K, S, T, M], carriers [K, C+1, T, M]
        own_co2e = np.einsum("sgtm,g->stm", self.own_base, gwp)
        self.own_co2e = np.broadcast_to(own_co2e[None], (K, S, T, M)).copy()
        cf_co2e = np.zeros((K, C + 1, T, M))
        cf_co2e[:, :C] = np.einsum("cgtm,g->ctm", self.cf_base, gwp)[None]
        self.cf_co2e = cf_co2e
        # per-gas factors changed by actions: source or carrier index -> [K, G, T, M]
        self.own_changed: dict[int, np.ndarray] = {}
        self.cf_changed: dict[int, np.ndarray] = {}
        produces = model.produces if model.produces is not None else np.full(S, -1)
        netted = model.netted if model.netted is not None else np.zeros(C, bool)
        # carriers netted against local production, with their consumers and producers
        self.netting = [(c, np.flatnonzero(model.carrier_of == c), np.flatnonzero(produces == c))
                        for c in np.flatnonzero(netted)]

    def netting_share(self) -> np.ndarray:
        """Share of each carrier's use not covered by local production: [K, C+1, T, M].

        Local-renewables-netted method: factor × max(0, 1 − production ÷ consumption).
        """
        K, _, T, M = self.act.shape
        share = np.ones((K, self.cf_co2e.shape[1], T, M))
        for c, users, producers in self.netting:  # a handful of carriers at most
            used = np.einsum("kstm,sm->ktm", self.act[:, users], self.inv_eff[users])
            made = self.act[:, producers].sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                share[:, c] = np.where(used > 0, np.clip(1.0 - made / used, 0.0, 1.0), 1.0)
        return share

    def _carrier_scale(self, idx) -> np.ndarray:
        """weight × 1/efficiency (× netting share) of sources ``idx``: [K, n, T, M]."""
        scale = self.weight[:, idx] * self.inv_eff[idx][None, :, None, :]
        if self.netting:
            scale = scale * self.netting_share()[:, self.carrier_of[idx]]
        return scale

    def co2e(self, idx) -> np.ndarray:
        """CO2e of sources ``idx`` summed over them: [K, T, M]."""
        f = self.own_co2e[:, idx] + self._carrier_scale(idx) * self.cf_co2e[:, self.carrier_of[idx]]
        return np.einsum("kntm,kntm->ktm", self.act[:, idx], f)

    def decarbonise_source(self, s: int, eff: np.ndarray, value: np.ndarray) -> None:
        e = eff[:, None]  # [K, 1, T, M] against [K, G, T, M]
        v = value if value.ndim == 2 else value[:, None]  # [G, M] per column, or [G, 1]
        cur = self.own_changed.get(s)
        if cur is None:
            cur = self.own_base[s][None]
        self.own_changed[s] = cur * (1.0 - e) + v[None, :, None, :] * e
        v_co2e = self.model.gwp @ v  # [M] or [1]
        self.own_co2e[:, s] = self.own_co2e[:, s] * (1.0 - eff) + v_co2e[None, None, :] * eff
        self.weight[:, s] *= 1.0 - eff

    def decarbonise_carrier(self, c: int, eff: np.ndarray, value: np.ndarray) -> None:
        e = eff[:, None]
        v = value if value.ndim == 2 else value[:, None]
        cur = self.cf_changed.get(c)
        if cur is None:
            cur = self.cf_base[c][None]
        self.cf_changed[c] = cur * (1.0 - e) + v[None, :, None, :] * e
        v_co2e = self.model.gwp @ v
        self.cf_co2e[:, c] = self.cf_co2e[:, c] * (1.0 - eff) + v_co2e[None, None, :] * eff

    def emissions(self) -> np.ndarray:
        """Per-gas emissions of every source, written once: [K, S, G, T, M]."""
        K, S, T, M = self.act.shape
        C = self.cf_base.shape[0]
        fac = np.empty((K, S) + self.own_base.shape[1:])
        fac[...] = self.own_base[None]
        for s, f in self.own_changed.items():
            fac[:, s] = f
        users = np.flatnonzero(self.carrier_of < C)
        if users.size:
            scale = self._carrier_scale(users)  # [K, n, T, M]
            for c in np.unique(self.carrier_of[users]):  # a handful of carriers
                sel = users[self.carrier_of[users] == c]
                cf = self.cf_changed.get(int(c), self.cf_base[c][None])  # [K or 1, G, T, M]
                fac[:, sel] += scale[:, np.searchsorted(users, sel), None] * cf[:, None]
        fac *= self.act[:, :, None]
        return fac

    def co2e_all(self) -> np.ndarray:
        """CO2e of every source: [K, S, T, M]."""
        idx = np.arange(self.act.shape[1])
        f = self.own_co2e + self._carrier_scale(idx) * self.cf_co2e[:, self.carrier_of]
        return self.act * f


def _touched(model: Model, a: ActionRow) -> np.ndarray:
    if model.netted is not None and model.netted.any():
        # netting couples every consumer of a netted carrier to every producer: attribute
        # each action on the whole plan
        return np.arange(model.activity0.shape[0])
    if a.kind == "switch":
        return np.array([a.source, a.dest])
    if a.kind == "decarbonise_carrier":
        return np.flatnonzero(model.carrier_of == a.carrier)
    return np.array([a.source])


def _apply(st: _State, a: ActionRow, eff: np.ndarray) -> None:
    if a.kind == "reduce":
        st.act[:, a.source] *= 1.0 - eff
    elif a.kind == "switch":
        moved = st.act[:, a.source] * eff
        st.act[:, a.source] -= moved
        st.act[:, a.dest] += moved * a.conversion
    elif a.kind == "add":  # 'remove' and 'add' in plan files: new activity of a source
        st.act[:, a.source] += a.value[None, None, :] * eff
    elif a.kind == "decarbonise_source":
        st.decarbonise_source(a.source, eff, a.value)
    elif a.kind == "decarbonise_carrier":
        st.decarbonise_carrier(a.carrier, eff, a.value)
    else:  # pragma: no cover - compile only builds the kinds above
        raise ValueError(f"unknown action kind {a.kind!r}")


def run(model: Model, *, wedges: bool = True, progress=None) -> EngineResult:
    """Project a compiled model.

    Parameters
    ----------
    model : capf.engine.Model
    wedges : bool, default True
        Also attribute the reduction of every action (BAU minus scenario, in
        declared order; the wedges of a scenario add up to BAU − scenario).
    progress : callable, optional
        Called as ``progress(done, total)`` after each action (for progress bars).

    Returns
    -------
    EngineResult
    """
    st = _State(model)
    years = model.years
    A = len(model.actions)
    M = model.activity0.shape[1]
    K = len(model.scenarios)
    wedge = np.zeros((K, A, years.size, M)) if wedges else None
    # Loop over actions: order matters (each acts on what the previous ones left);
    # the body is vectorised over scenarios, years and municipalities.
    for i, a in enumerate(model.actions):
        eff = _effect(a, years)
        if not eff.any():
            if progress is not None:
                progress(i + 1, A)
            continue
        idx = _touched(model, a)
        if wedge is not None and idx.size:
            before = st.co2e(idx)
        _apply(st, a, eff)
        if wedge is not None and idx.size:
            wedge[:, i] = before - st.co2e(idx)
        if progress is not None:
            progress(i + 1, A)
    # hand back views in the public axis order
    return EngineResult(
        activity=st.act.transpose(3, 1, 2, 0),
        emissions=st.emissions().transpose(4, 1, 2, 3, 0),
        co2e=st.co2e_all().transpose(3, 1, 2, 0),
        wedges=None if wedge is None else wedge.transpose(3, 1, 2, 0),
    )
