"""The vectorised projection core.

``emissions[m,s,g,t,k] = activity[m,s,t,k] × factor[m,s,g,t,k]`` for every
municipality, source, gas, year and scenario at once.

The only Python loop is over the plan's actions, because they are applied in
their declared order and each acts on what the previous ones left (a switch
moves a share of the activity that a reduction left, say). Each pass touches
one or two source slices of whole [M, T, K] arrays. Every operation is
independent along the municipality axis, so the core can be mapped over
municipality chunks unchanged.
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
    if action.curve == "stock_turnover":
        c = curves.stock_turnover(years, action.start, action.full, action.lifetime,
                                  kind=action.survival, shape=action.shape,
                                  sales_curve=action.sales_curve, steepness=action.steepness,
                                  p=action.p, q=action.q)
    else:
        c = curves.evaluate(action.curve, years, action.start, action.full,
                            steepness=action.steepness, p=action.p, q=action.q)
    c = c * action.share
    return (c[None, :, None]
            * action.municipalities[:, None, None].astype(float)
            * action.scenarios[None, None, :].astype(float))


class _State:
    """Mutable arrays of one projection (numpy, one block of municipalities)."""

    def __init__(self, model: Model):
        M, S = model.activity0.shape
        K = len(model.scenarios)
        self.model = model
        # activity[m,s,t,k] = base-year activity × driver index
        self.act = model.activity0[:, :, None, None] * model.driver
        self.weight = np.broadcast_to(
            model.carrier_weight[:, :, None, None], (M, S, model.years.size, K)).copy()
        self.own = np.broadcast_to(
            model.own_factor[..., None], model.own_factor.shape + (K,)).copy()
        C = model.carrier_factor.shape[1]
        cf = np.zeros((M, C + 1) + model.carrier_factor.shape[2:] + (K,))
        cf[:, :C] = model.carrier_factor[..., None]
        self.cf = cf  # last carrier row: "no carrier", all zeros
        self.carrier_of = np.where(model.carrier_of < 0, C, model.carrier_of)
        self.inv_eff = model.inv_efficiency
        S = model.activity0.shape[1]
        produces = model.produces if model.produces is not None else np.full(S, -1)
        netted = model.netted if model.netted is not None else np.zeros(C, bool)
        # carriers netted against local production, with their consumers and producers
        self.netting = [(c, np.flatnonzero(model.carrier_of == c), np.flatnonzero(produces == c))
                        for c in np.flatnonzero(netted)]

    def netting_share(self) -> np.ndarray:
        """Share of each carrier's consumption not covered by local production: [M, C+1, T, K].

        Local-renewables-netted method: factor × max(0, 1 − production ÷ consumption).
        """
        M, _, T, K = self.act.shape
        share = np.ones((M, self.cf.shape[1], T, K))
        for c, users, producers in self.netting:  # a handful of carriers at most
            used = np.einsum("mstk,ms->mtk", self.act[:, users], self.inv_eff[:, users])
            made = self.act[:, producers].sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                share[:, c] = np.where(used > 0, np.clip(1.0 - made / used, 0.0, 1.0), 1.0)
        return share

    def factor(self, idx) -> np.ndarray:
        """Factor of sources ``idx``: [M, len(idx), G, T, K]."""
        carrier = self.cf[:, self.carrier_of[idx]]
        if self.netting:
            carrier = carrier * self.netting_share()[:, self.carrier_of[idx], None]
        return (self.own[:, idx]
                + (self.weight[:, idx] * self.inv_eff[:, idx, None, None])[:, :, None] * carrier)

    def co2e(self, idx) -> np.ndarray:
        """CO2e of sources ``idx`` summed over them: [M, T, K]."""
        em = self.act[:, idx, None] * self.factor(idx)
        return np.einsum("msgtk,g->mtk", em, self.model.gwp)


def _touched(model: Model, a: ActionRow) -> np.ndarray:
    if model.netted is not None and model.netted.any():
        # netting couples every consumer of a netted carrier to every producer: attribute
        # each action on the whole plan
        return np.arange(model.activity0.shape[1])
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
        st.act[:, a.source] += a.value[:, None, None] * eff
    elif a.kind == "decarbonise_source":
        e = eff[:, None]  # [M, 1, T, K] against [M, G, T, K]
        st.weight[:, a.source] *= 1.0 - eff
        st.own[:, a.source] = (st.own[:, a.source] * (1.0 - e)
                               + a.value[None, :, None, None] * e)
    elif a.kind == "decarbonise_carrier":
        e = eff[:, None]
        st.cf[:, a.carrier] = st.cf[:, a.carrier] * (1.0 - e) + a.value[None, :, None, None] * e
    else:  # pragma: no cover - compile only builds the kinds above
        raise ValueError(f"unknown action kind {a.kind!r}")


def run(model: Model, *, wedges: bool = True) -> EngineResult:
    """Project a compiled model.

    Parameters
    ----------
    model : capf.engine.Model
    wedges : bool, default True
        Also attribute the reduction of every action (BAU minus scenario, in
        declared order; the wedges of a scenario add up to BAU − scenario).

    Returns
    -------
    EngineResult
    """
    st = _State(model)
    years = model.years
    A = len(model.actions)
    M, S = model.activity0.shape
    K = len(model.scenarios)
    wedge = np.zeros((M, A, years.size, K)) if wedges else None
    # Loop over actions: order matters (each acts on what the previous ones left);
    # the body is vectorised over municipalities, years and scenarios.
    for i, a in enumerate(model.actions):
        eff = action_effect(a, years)
        if not eff.any():
            continue
        idx = _touched(model, a)
        if wedge is not None and idx.size:
            before = st.co2e(idx)
        _apply(st, a, eff)
        if wedge is not None and idx.size:
            wedge[:, i] = before - st.co2e(idx)
    all_idx = np.arange(S)
    emissions = st.act[:, :, None] * st.factor(all_idx)
    co2e = np.einsum("msgtk,g->mstk", emissions, model.gwp)
    return EngineResult(activity=st.act, emissions=emissions, co2e=co2e, wedges=wedge)
