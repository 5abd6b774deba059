"""The kinds of uncertain parameter: one table, kind -> where it sits, its bounds, its writer.

Each :class:`~capf.engine.model.ParamSlot` has a ``kind``; :data:`PARAM_KINDS` maps it to
a :class:`ParamKind`: how its drawn values are bounded, where it sits (an inventory
cell, growth-rate cells or an action row: a :class:`Place`, which knows what the
parameter reaches and how it is re-indexed in a sub-model) and how it is written into a
chunk of samples (:class:`SampleChunk`, filled by :class:`capf.engine.sampling.Expander`).
A new kind is one line of :data:`PARAM_KINDS` (and a writer where it needs one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .actions import action_sources
from .model import Model, ParamSlot

__all__ = ["PARAM_KINDS", "ParamKind", "Place", "RatePlace", "ActionPlace", "SampleChunk",
           "place"]


class Place:
    """Where a parameter sits: an inventory cell ``[j, m]`` (gas ``g``) of one source
    and municipality. :class:`RatePlace` and :class:`ActionPlace` are the others.

    Each method takes the ``slot`` (a :class:`~capf.engine.model.ParamSlot`) and, where
    it needs one, the ``model``; the masks it marks are bool arrays changed in place.

    Examples
    --------
    >>> import numpy as np
    >>> slot = ParamSlot("inventory[0].activity", "activity", None, 1.0, m=1, j=0)
    >>> cols = np.zeros(2, bool)
    >>> Place().columns(None, slot, cols)
    >>> cols.tolist(), Place().restrict_municipalities(slot, np.array([-1, 0])).m
    ([False, True], 0)
    """

    def reach(self, model: Model, slot: ParamSlot, src: np.ndarray, scen: np.ndarray) -> None:
        """Mark the sources [S] and scenarios [K] the parameter changes (in place).

        Parameters
        ----------
        model : capf.engine.Model
            The model the slot belongs to.
        slot : capf.engine.model.ParamSlot
            The parameter.
        src, scen : numpy.ndarray
            [S] and [K] bool, marked in place.

        Examples
        --------
        >>> slot = ParamSlot("inventory[0].activity", "activity", None, 1.0, m=1, j=0)
        >>> src, scen = np.zeros(2, bool), np.zeros(1, bool)
        >>> Place().reach(None, slot, src, scen); src.tolist()
        [True, False]
        """
        src[slot.j], scen[:] = True, True

    def columns(self, model: Model, slot: ParamSlot, cols: np.ndarray) -> None:
        """Mark the municipalities [M] the parameter changes (in place).

        Parameters
        ----------
        model : capf.engine.Model
            The model the slot belongs to.
        slot : capf.engine.model.ParamSlot
            The parameter.
        cols : numpy.ndarray
            [M] bool, marked in place.

        Examples
        --------
        >>> slot = ParamSlot("inventory[0].activity", "activity", None, 1.0, m=1, j=0)
        >>> cols = np.zeros(2, bool); Place().columns(None, slot, cols); cols.tolist()
        [False, True]
        """
        cols[slot.m] = True

    def restrict(self, slot: ParamSlot, pos: np.ndarray, kpos: np.ndarray,
                 apos: dict) -> ParamSlot:
        """The slot in a sub-model: new positions of sources, scenarios and actions.

        Parameters
        ----------
        slot : capf.engine.model.ParamSlot
            The parameter.
        pos, kpos : numpy.ndarray
            New index of each source and scenario (-1: dropped).
        apos : dict
            New index of each action kept.

        Examples
        --------
        >>> slot = ParamSlot("inventory[0].activity", "activity", None, 1.0, m=1, j=0)
        >>> Place().restrict(slot, np.array([0]), np.array([0]), {}).j
        0
        """
        return dataclasses.replace(slot, j=int(pos[slot.j]))

    def restrict_municipalities(self, slot: ParamSlot, mpos: np.ndarray) -> ParamSlot:
        """The slot in a sub-model of some municipalities (their new positions).

        Parameters
        ----------
        slot : capf.engine.model.ParamSlot
            The parameter.
        mpos : numpy.ndarray
            New index of each municipality (-1: dropped).

        Examples
        --------
        >>> slot = ParamSlot("inventory[0].activity", "activity", None, 1.0, m=1, j=0)
        >>> Place().restrict_municipalities(slot, np.array([-1, 0])).m
        0
        """
        return dataclasses.replace(slot, m=int(mpos[slot.m]))

    def inside(self, slot: ParamSlot, inside: np.ndarray) -> ParamSlot | None:
        """The slot's part in the municipalities ``inside`` [M] bool (``None``: no part).

        Parameters
        ----------
        slot : capf.engine.model.ParamSlot
            The parameter.
        inside : numpy.ndarray
            [M] bool: the municipalities of a block.

        Examples
        --------
        >>> slot = ParamSlot("inventory[0].activity", "activity", None, 1.0, m=1, j=0)
        >>> Place().inside(slot, np.array([True, False])) is None
        True
        """
        return slot if inside[slot.m] else None


class RatePlace(Place):
    """Growth-rate cells: the cross product of ``cells`` = (scenarios, sources,
    municipalities). Methods as :class:`Place`.

    Examples
    --------
    >>> slot = ParamSlot("driver[0].rate", "rate", None, 1.0, cells=((0,), (0,), (0, 2)))
    >>> RatePlace().inside(slot, np.array([False, False, True])).cells
    ((0,), (0,), (2,))
    """

    def reach(self, model, slot, src, scen):
        ks, js, _ = (np.asarray(x, dtype=int) for x in slot.cells)
        src[js], scen[ks] = True, True

    def columns(self, model, slot, cols):
        cols[np.asarray(slot.cells[2], dtype=int)] = True

    def restrict(self, slot, pos, kpos, apos):
        ks, js, ms = (np.asarray(x, dtype=int) for x in slot.cells)  # a cross product
        return dataclasses.replace(slot, cells=(tuple(kpos[ks]), tuple(pos[js]), tuple(ms)))

    def restrict_municipalities(self, slot, mpos):
        ks, js, ms = slot.cells
        return dataclasses.replace(slot, cells=(ks, js, tuple(
            int(x) for x in mpos[np.asarray(ms, dtype=int)])))

    def inside(self, slot, inside):
        ks, js, cells_m = slot.cells
        cells_m = tuple(int(m) for m in cells_m if inside[int(m)])
        return dataclasses.replace(slot, cells=(ks, js, cells_m)) if cells_m else None


class ActionPlace(Place):
    """A parameter of action row ``action``: it changes the sources the action touches,
    in the scenarios and municipalities that hold it. Methods as :class:`Place`.

    Examples
    --------
    >>> slot = ParamSlot("action[0].share", "share", None, 1.0, action=3)
    >>> ActionPlace().restrict(slot, None, None, {3: 0}).action
    0
    """

    def reach(self, model, slot, src, scen):
        a = model.actions[slot.action]
        src[action_sources(model, a)] = True
        scen |= np.asarray(a.scenarios, bool)

    def columns(self, model, slot, cols):
        cols |= np.asarray(model.actions[slot.action].municipalities, bool)

    def restrict(self, slot, pos, kpos, apos):
        return dataclasses.replace(slot, action=apos[slot.action])

    def restrict_municipalities(self, slot, mpos):
        return slot

    def inside(self, slot, inside):
        return slot


@dataclass
class SampleChunk:
    """The arrays :class:`capf.engine.sampling.Expander` writes one chunk of ``n``
    samples into: a sample axis in front of the municipality axis, ``[..., n, M]``
    (see :mod:`capf.engine.model`). Factors are not tiled: a sampled own factor gets
    a row of its own (:meth:`own_row`).

    Parameters
    ----------
    model : capf.engine.Model
        The model without samples.
    n : int
        Samples in the chunk.
    activity0 : numpy.ndarray
        The chunk's base-year activity [S, n, M].
    own_rows : dict
        Source index -> its own factors [G, T, n, M] (the sampled ones, made on first
        write and rewritten in the sampled cells after).
    actions : list of capf.engine.ActionRow
        The chunk's action rows (replaced where a parameter changes one).
    own_sampled : numpy.ndarray
        [S] bool, set where an own factor is sampled.
    own_zero : numpy.ndarray or None
        [S] bool hint, cleared where an own factor is sampled.

    Examples
    --------
    >>> import capf
    >>> m = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3))
    >>> x = SampleChunk(m, 3, None, {}, [], np.zeros(len(m.sources), bool), None)
    >>> x.own_row(0).shape == m.own_factor.shape[1:3] + (3, 2), x.per_column(np.ones(3)).shape
    (True, (3, 1))
    """

    model: Model  # the model without samples
    n: int
    activity0: np.ndarray
    own_rows: dict
    actions: list
    own_sampled: np.ndarray
    own_zero: np.ndarray | None

    def own_row(self, j: int) -> np.ndarray:
        """Source ``j``'s own factors in every sample, [G, T, n, M] (a copy of its row of
        the model's ``own_factor`` the first time).

        Parameters
        ----------
        j : int
            Source index.

        Examples
        --------
        >>> import capf
        >>> m = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3))
        >>> x = SampleChunk(m, 2, None, {}, [], np.zeros(len(m.sources), bool), None)
        >>> bool((x.own_row(1)[:, :, 1] == m.own_factor[1]).all()), list(x.own_rows)
        (True, [1])
        """
        row = self.own_rows.get(j)
        if row is None:
            row = self.own_rows[j] = np.repeat(self.model.own_factor[j][:, :, None], self.n,
                                               axis=2)
        return row

    def per_column(self, v: np.ndarray) -> np.ndarray:
        """Values [n] of the samples as an action's per-column field [n, 1] (the same in
        every municipality of a sample).

        Parameters
        ----------
        v : numpy.ndarray
            One value per sample.

        Examples
        --------
        >>> import capf
        >>> mod = capf.compile_plan(capf.testing.synthetic_plan(2, seed=3))
        >>> SampleChunk(mod, 2, None, {}, [], None, None).per_column(np.array([1., 2.])).tolist()
        [[1.0], [2.0]]
        """
        return v[:, None]


def _write_activity(x: SampleChunk, slot: ParamSlot, v: np.ndarray) -> None:
    x.activity0[slot.j, :, slot.m] = v


def _write_own(x: SampleChunk, slot: ParamSlot, v: np.ndarray) -> None:
    """An emissions line's level, or an overriding factor, of one gas."""
    x.own_sampled[slot.j] = True
    if x.own_zero is not None:
        x.own_zero[slot.j] = False  # a sampled own factor is no longer zero
    x.own_row(slot.j)[slot.g, :, :, slot.m] = v[None, :]


def _write_share(x: SampleChunk, slot: ParamSlot, v: np.ndarray) -> None:
    x.actions[slot.action] = dataclasses.replace(x.actions[slot.action], share=x.per_column(v))


def _write_full(x: SampleChunk, slot: ParamSlot, v: np.ndarray) -> None:
    a = x.actions[slot.action]
    x.actions[slot.action] = dataclasses.replace(
        a, full=np.maximum(x.per_column(v), a.start), start=np.full((v.size, 1), a.start))


def _write_action_factor(x: SampleChunk, slot: ParamSlot, v: np.ndarray) -> None:
    """A decarbonisation's new factor of a gas: [G, n, M]."""
    a = x.actions[slot.action]
    value = a.value
    if value.ndim < 3:  # [G] or [G, M], the same in every sample
        value = np.broadcast_to(value[:, None] if value.ndim == 2 else value[:, None, None],
                                (value.shape[0], v.size, len(x.model.municipalities)))
    value = value.copy()
    value[slot.g] = x.per_column(v)
    x.actions[slot.action] = dataclasses.replace(a, value=value)


def _write_action_activity(x: SampleChunk, slot: ParamSlot, v: np.ndarray) -> None:
    a = x.actions[slot.action]
    x.actions[slot.action] = dataclasses.replace(a, value=x.per_column(v) * a.municipalities)


def _not_negative(v: np.ndarray) -> np.ndarray:
    return np.maximum(v, 0.0)


@dataclass(frozen=True)
class ParamKind:
    """One kind of uncertain parameter.

    Parameters
    ----------
    place : Place
        Where it sits (a cell, growth-rate cells, an action row).
    bound : callable or None
        Applied to the drawn values (engine units): e.g. an activity is not negative,
        a share is between 0 and 1, a growth rate above -1 (per year).
    write : callable or None
        ``write(chunk, slot, values)`` writes the values [n] into a chunk of samples;
        ``None`` for growth rates (written together, in the plan's order).

    Examples
    --------
    >>> PARAM_KINDS["share"].bound(np.array([-0.5, 0.5, 2.0])).tolist()
    [0.0, 0.5, 1.0]
    """

    place: Place
    bound: Callable[[np.ndarray], np.ndarray] | None
    write: Callable[[SampleChunk, ParamSlot, np.ndarray], None] | None


_CELL, _RATE, _ACTION = Place(), RatePlace(), ActionPlace()

#: ParamSlot.kind -> :class:`ParamKind`: the one table of the uncertain-parameter kinds.
PARAM_KINDS: dict[str, ParamKind] = {
    "activity": ParamKind(_CELL, _not_negative, _write_activity),
    "emissions": ParamKind(_CELL, None, _write_own),
    "factor": ParamKind(_CELL, _not_negative, _write_own),  # of a non-removal source
    "rate": ParamKind(_RATE, lambda v: np.maximum(v, -0.999999), None),
    "share": ParamKind(_ACTION, lambda v: np.clip(v, 0.0, 1.0), _write_share),
    "full": ParamKind(_ACTION, None, _write_full),
    "action_factor": ParamKind(_ACTION, None, _write_action_factor),
    "action_activity": ParamKind(_ACTION, _not_negative, _write_action_activity),
}


def place(slot: ParamSlot) -> Place:
    """Where ``slot`` sits (its kind's :class:`Place`).

    Parameters
    ----------
    slot : capf.engine.model.ParamSlot
        An uncertain parameter of a model.

    Examples
    --------
    >>> place(ParamSlot("driver[0].rate", "rate", None, 1.0)).__class__.__name__
    'RatePlace'
    """
    return PARAM_KINDS[slot.kind].place
