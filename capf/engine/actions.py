"""The engine's action kinds: one table, kind -> what the action reads and how it acts.

Each kind is one :class:`ActionKind` record in :data:`KINDS`: the sources it reads or
writes, the function applying it to the projection state of the core
(:mod:`capf.engine.core`), and, for kinds that only move or add activity, the function
attributing its wedge from the activity it moved (``None``: the core takes CO2e
before minus after). :data:`capf.engine.model.ACTION_KINDS` is the table's keys; the
plan-side table of kinds (``capf/plan``) names these engine kinds.

This module imports nothing from the rest of the engine: the rows and the state are
read by attribute (``a.source``, ``st.act``), so the model can read the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["ActionKind", "KINDS", "action_sources"]


@dataclass(frozen=True)
class ActionKind:
    """How the engine applies one kind of action.

    Parameters
    ----------
    sources : callable
        ``sources(model, row) -> int array``: the sources the action reads or writes.
    apply : callable
        ``apply(state, row, eff) -> array or None``: apply the action to the core's
        state, with ``eff`` the share in effect [K, T, M] (dimensionless); returns the
        activity moved or added [K, T, M] (in the source's unit per year), or ``None``.
    wedge : callable or None
        ``wedge(state, row, change, out)``: the CO2e avoided (t CO2e/yr) from the
        activity ``apply`` returned, written into ``out`` [K, T, M]; ``None`` when the
        wedge is CO2e before minus after (the action changes a factor).
    value_rank : int
        Axes of ``row.value`` before the per-municipality axis: 0 for ``add`` (the
        activity added [M]), 1 for a decarbonisation (the target factor [G] or, per
        column, [G, M]).

    Examples
    --------
    >>> from capf.engine.actions import KINDS
    >>> KINDS["reduce"].wedge is not None, KINDS["decarbonise_carrier"].wedge is None
    (True, True)
    """

    sources: Callable[[Any, Any], np.ndarray]
    apply: Callable[[Any, Any, np.ndarray], np.ndarray | None]
    wedge: Callable[[Any, Any, np.ndarray, np.ndarray], None] | None
    value_rank: int


def _the_source(model, a) -> np.ndarray:
    return np.array([a.source])


def _both_ends(model, a) -> np.ndarray:
    return np.array([a.source, a.dest])


def _carrier_users(model, a) -> np.ndarray:
    return np.flatnonzero(model.carrier_of == a.carrier)


def _reduce(st, a, eff: np.ndarray) -> np.ndarray:
    moved = st.act[:, a.source] * eff
    st.act[:, a.source] -= moved
    return moved


def _switch(st, a, eff: np.ndarray) -> np.ndarray:
    moved = st.act[:, a.source] * eff
    st.act[:, a.source] -= moved
    st.act[:, a.dest] += moved * a.conversion
    return moved


def _add(st, a, eff: np.ndarray) -> np.ndarray:
    """'remove' and 'add' in plan files: new activity of a source."""
    added = a.value[None, None] * eff  # value [M], or per sample [n, M]
    st.act[:, a.source] += added
    return added


def _decarbonise_source(st, a, eff: np.ndarray) -> None:
    st.decarbonise_source(a.source, eff, a.value)


def _decarbonise_carrier(st, a, eff: np.ndarray) -> None:
    st.decarbonise_carrier(a.carrier, eff, a.value)


def _wedge_taken(st, a, change: np.ndarray, out: np.ndarray) -> None:
    """The activity taken away, times its source's whole CO2e factor."""
    np.multiply(change, st.whole_factor(a.source), out=out)


def _wedge_moved(st, a, change: np.ndarray, out: np.ndarray) -> None:
    """Leaves the source, lands × conversion on the other."""
    np.multiply(change, st.whole_factor(a.source) - a.conversion * st.whole_factor(a.dest),
                out=out)


def _wedge_added(st, a, change: np.ndarray, out: np.ndarray) -> None:
    """New activity: a negative wedge (a removal's is positive, its factor negative)."""
    np.multiply(change, st.whole_factor(a.source), out=out)
    np.negative(out, out=out)


#: Engine action kind -> :class:`ActionKind`, in the order of ``ACTION_KINDS``.
KINDS: dict[str, ActionKind] = {
    "reduce": ActionKind(_the_source, _reduce, _wedge_taken, 0),
    "switch": ActionKind(_both_ends, _switch, _wedge_moved, 0),
    "decarbonise_source": ActionKind(_the_source, _decarbonise_source, None, 1),
    "decarbonise_carrier": ActionKind(_carrier_users, _decarbonise_carrier, None, 1),
    "add": ActionKind(_the_source, _add, _wedge_added, 0),
}


def action_sources(model, a) -> np.ndarray:
    """The sources an action reads or writes (both ends of a switch, every user of a
    decarbonised carrier).

    Parameters
    ----------
    model : capf.engine.Model
        The compiled model the action belongs to.
    a : capf.engine.ActionRow
        One of ``model.actions``.

    Returns
    -------
    numpy.ndarray
        Source indices (int).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> [(a.kind, len(action_sources(model, a))) for a in model.actions]
    [('switch', 2), ('switch', 2)]
    """
    return KINDS[a.kind].sources(model, a)
