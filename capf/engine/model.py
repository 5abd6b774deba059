"""The compiled model: dense float arrays and index maps, nothing else.

COMPILE builds a :class:`Model` from a validated plan; the engine reads only
this. Array layout: the municipality axis is last (contiguous) and the scenario
axis first, so that broadcasting over scenarios and sources is along outer axes
and every inner loop runs over all municipalities (see capf/engine/core.py)::

    activity0       [S, M]          base-year activity in each source's unit
                                    (emission-level lines: 1.0, an index)
    own_factor      [S, G, T, M]    factor not taken from a carrier, t gas per unit
    carrier_weight  [S, M]          1 where the factor comes from the carrier, else 0
    inv_efficiency  [S, M]          1 / efficiency (COP) of carrier-using lines
    carrier_of      [S]             carrier index of each source (-1 = none)
    produces        [S]             carrier index a source produces locally (-1 = none)
    netted          [C]             carriers whose factor is netted against local production
    carrier_factor  [C, G, T, M]    t gas per MWh of carrier energy
    driver          [K, S, T, M]    growth index of activity (1 in the base year)
    gwp             [G]             kg CO2e per kg of gas under the plan's GWP set
    own_zero        [S]             optional hint: True where own_factor is zero in every
                                    cell (the engine then writes such a carrier user's
                                    emissions in one pass); computed when absent
    own_sampled     [S]             set by sampling.expand: True where a source's own factor
                                    is sampled (its rows are in own_rows)
    co2e_factors    ([S,T,M], [C+1,T,M], [S,T,M])  optional hint: state.co2e_factors
                                    (own, carrier and whole factors in CO2e);
                                    sampling.expand reuses them from chunk to chunk;
                                    computed when absent

M municipalities, S sources, G gases, T years, K scenarios, C carriers.

A model of Monte-Carlo samples (:func:`capf.engine.sampling.expand`) has ``samples = n``
and a sample axis in front of every municipality axis: ``[..., n or 1, M]``, where 1 is a
value the same in every sample, which the engine broadcasts. Factors are never tiled
per sample: ``own_factor`` is ``[S, G, T, 1, M]``, ``carrier_factor`` ``[C, G, T, 1, M]``,
``carrier_weight`` and ``inv_efficiency`` ``[S, 1, M]``; a sampled own factor is a row of
its own::

    samples         int             the number of samples (None: no sample axis)
    own_rows        {s: [G, T, n, M]}  the own factor of each source whose factor or
                                    level is sampled, in place of its row of own_factor
    activity0       [S, n, M]       (1 where no activity is sampled)
    driver          [K, S, T, n, M] (1 where no growth rate is sampled)

An action's per-column fields are ``[n, 1]`` (a sampled share, start, full) or
``[n, M]``, and ``[M]`` where they do not vary. Its results have ``n × M`` columns,
sample-major (column ``i × M + m`` is municipality ``m`` in sample ``i``), as the
plain model of every column (:func:`capf.engine.sampling.tiled`) gives them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .actions import KINDS

__all__ = ["Model", "ActionRow", "ACTION_KINDS", "ParamSlot", "AXES", "COORD_AXES"]

#: The engine's action kinds: the keys of :data:`capf.engine.actions.KINDS`.
ACTION_KINDS = tuple(KINDS)

#: The axes of every array (or tuple of labels) of a :class:`Model` that
#: :meth:`Model.take` selects along; the other fields (years, gases, carriers, gwp,
#: netted, params, labels, attrs) have none of the taken axes. ``co2e_factors`` is a
#: tuple of three arrays, each with its own axes. A new field gets one line here.
AXES: dict[str, tuple] = {
    "municipalities": ("municipality",),
    "sources": ("source",),
    "scenarios": ("scenario",),
    "activity0": ("source", "municipality"),
    "own_factor": ("source", "gas", "year", "municipality"),
    "carrier_weight": ("source", "municipality"),
    "inv_efficiency": ("source", "municipality"),
    "carrier_of": ("source",),
    "carrier_factor": ("carrier", "gas", "year", "municipality"),
    "driver": ("scenario", "source", "year", "municipality"),
    "removal": ("source",),
    "produces": ("source",),
    "own_zero": ("source",),
    "own_sampled": ("source",),
    "co2e_factors": (("source", "year", "municipality"), ("carrier", "year", "municipality"),
                     ("source", "year", "municipality")),
}

#: The axis of each per-municipality or per-source entry of ``Model.coords``.
COORD_AXES = {"municipality_name": "municipality", "region": "municipality",
              "population": "municipality", "sector": "source", "subsector": "source",
              "activity_unit": "source"}

#: Fields of an :class:`ActionRow` that may hold one number per municipality (column),
#: their municipality axis last, after this many axes of their own.
_ACTION_COLUMNS = {"municipalities": 0, "share": 0, "start": 0, "full": 0}


@dataclass(frozen=True)
class ActionRow:
    """One action of the ordered action table (plain numbers and arrays).

    ``source`` is the acted-on source (the *from* source of a switch), ``dest``
    the *to* source of a switch, ``carrier`` the carrier of a carrier
    decarbonisation. ``value`` is, for ``add`` (plan kinds ``add`` and ``remove``),
    the final activity added per
    municipality [M]; for a decarbonisation, the target factor [G] (t per unit).

    Parameters
    ----------
    name : str
        The action's name in the plan.
    kind : str
        An engine kind, one of :data:`ACTION_KINDS` (checked).
    source, dest, carrier : int
        Indices into the model's sources and carriers (-1: none).
    share : float or array_like
        Final share reached (dimensionless, 0-1): a number, or one per municipality
        (column); kept as a numpy array (0-d or [M]), so readers need not test its type.
    start, full : float or numpy.ndarray
        Years the curve starts and reaches ``share`` (per column in Monte Carlo).
    curve, steepness, p, q, lifetime, survival, shape, sales_curve
        The adoption curve (:mod:`capf.engine.curves`; lifetime in years).
    conversion : float
        Units of the destination per unit moved by a switch.
    municipalities, scenarios : numpy.ndarray
        [M] and [K] bool: where the action applies.
    value : numpy.ndarray, optional
        See above.

    Examples
    --------
    >>> import numpy as np
    >>> row = ActionRow("insulate", "reduce", source=0, share=0.3,
    ...                 municipalities=np.ones(2, bool), scenarios=np.ones(1, bool))
    >>> row.share.ndim, float(row.share)
    (0, 0.3)
    """

    name: str
    kind: str
    source: int = -1
    dest: int = -1
    carrier: int = -1
    share: Any = 1.0  # a float given; kept as an array: 0-d, [M] or per sample column
    start: float = 0.0
    full: float = 0.0
    curve: str = "linear"
    steepness: float = 10.0
    p: float = 0.03
    q: float = 0.38
    lifetime: float = 0.0
    survival: str = "fixed"
    shape: float | None = None
    sales_curve: str = "linear"
    conversion: float = 1.0
    municipalities: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # [M] bool
    scenarios: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # [K] bool
    value: np.ndarray | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown action kind {self.kind!r}; expected one of "
                             f"{', '.join(KINDS)}")
        object.__setattr__(self, "share", np.asarray(self.share, dtype=float))


@dataclass(frozen=True)
class ParamSlot:
    """Where an uncertain parameter of the plan lands in the arrays.

    ``dist`` is a frozen distribution object with ``ppf(u)`` (values in its own
    unit) and ``group``; ``conversion`` turns them into the engine's unit.
    ``kind``: ``activity`` / ``emissions`` (cell [j, m], gas g), ``rate`` (driver
    cells: scenarios, sources, municipalities), ``share`` / ``full`` /
    ``action_activity`` (action row ``action``). ``name`` is the field path
    (``action[2].share``); ``label`` names the action, driver or inventory line.
    The kinds are the keys of :data:`capf.engine.parameters.PARAM_KINDS`.

    Parameters
    ----------
    name : str
        The plan field path.
    kind : str
        Where the values land (a key of ``PARAM_KINDS``).
    dist : object
        The distribution (``ppf``, ``mean``, ``group``), in the field's own unit.
    conversion : float
        Factor from the distribution's unit to the engine's unit.
    m, j, g, action : int
        Municipality, source, gas and action row indices (-1: not used by the kind).
    cells : tuple
        For ``rate``: (scenarios, sources, municipalities) indices, a cross product.
    label : str
        What varies, by name.

    Examples
    --------
    >>> ParamSlot("action[1].share", "share", None, 1.0, action=0).action
    0
    """

    name: str
    kind: str
    dist: Any
    conversion: float
    m: int = -1
    j: int = -1
    g: int = -1
    action: int = -1
    cells: tuple = ()
    label: str = ""  # what varies, by name (``rewet_lowland.share``); ``name`` is the field path


@dataclass(frozen=True)
class Model:
    """A compiled plan. See the module docstring for the array layout.

    Parameters
    ----------
    municipalities, sources, gases, scenarios, carriers : tuple of str
        The names along each axis.
    years : numpy.ndarray
        The years (int).
    activity0, own_factor, carrier_weight, inv_efficiency, carrier_of, carrier_factor, \
driver, gwp : numpy.ndarray
        The arrays of the module docstring (units there).
    actions : tuple of ActionRow
        The plan's actions in their declared order.
    removal, produces, netted, own_zero, own_sampled, co2e_factors
        Optional arrays and hints (module docstring).
    coords, attrs, labels : dict
        Labels for xarray, attributes of the results, names for messages.
    params : tuple of ParamSlot
        The uncertain parameters.
    samples, own_rows
        A model of Monte-Carlo samples (module docstring).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> model.shape["municipality"], model.activity0.shape == (len(model.sources), 1)
    (1, True)
    """

    municipalities: tuple[str, ...]
    sources: tuple[str, ...]
    gases: tuple[str, ...]
    years: np.ndarray
    scenarios: tuple[str, ...]
    carriers: tuple[str, ...]
    activity0: np.ndarray
    own_factor: np.ndarray
    carrier_weight: np.ndarray
    inv_efficiency: np.ndarray
    carrier_of: np.ndarray
    carrier_factor: np.ndarray
    driver: np.ndarray
    gwp: np.ndarray
    actions: tuple[ActionRow, ...] = ()
    removal: np.ndarray | None = None  # [S] bool
    produces: np.ndarray | None = None  # [S] int, -1 = none
    netted: np.ndarray | None = None  # [C] bool
    coords: dict[str, Any] = field(default_factory=dict)  # labels for xarray (names, sectors...)
    attrs: dict[str, Any] = field(default_factory=dict)
    params: tuple[ParamSlot, ...] = ()  # uncertain parameters (Monte Carlo)
    own_zero: np.ndarray | None = None  # [S] bool: own_factor is zero everywhere (a hint)
    own_sampled: np.ndarray | None = None  # [S] bool: the own factor is sampled (own_rows)
    co2e_factors: tuple | None = None  # state.co2e_factors(model), carried (a hint)
    #: names for messages: ``source_inputs`` maps a source index to the plan fields
    #: (``driver[1].rate``, ``inventory[2].activity``) that reach it
    labels: dict[str, Any] = field(default_factory=dict)
    #: Monte Carlo (sampling.expand): the number of samples, a sample axis in front of every
    #: municipality axis (module docstring); None: no sample axis
    samples: int | None = None
    own_rows: dict[int, np.ndarray] | None = None  # [G, T, samples, M] of sampled own factors

    @property
    def columns(self) -> tuple[int, ...]:
        """The column axes of the engine's arrays: ``(M,)``, or ``(n, M)`` for a model of
        ``n`` samples (:attr:`samples`).

        Examples
        --------
        >>> import capf
        >>> capf.compile_plan(capf.testing.example_plan()).columns
        (1,)
        """
        M = len(self.municipalities)
        return (M,) if self.samples is None else (self.samples, M // self.samples)

    def actions_on(self, sources) -> np.ndarray:
        """Indices of the actions that read or write any of ``sources``.

        Parameters
        ----------
        sources : array of bool [S]
            The sources asked about.

        Returns
        -------
        numpy.ndarray
            Action indices (int), in the plan's order.

        Examples
        --------
        >>> import capf, numpy as np
        >>> model = capf.compile_plan(capf.testing.example_plan())
        >>> model.actions_on(np.ones(len(model.sources), bool)).size == len(model.actions)
        True
        """
        sources = np.asarray(sources, bool)
        return np.array([i for i, a in enumerate(self.actions)
                         if sources[KINDS[a.kind].sources(self, a)].any()], dtype=int)

    def take(self, municipalities=None, sources=None, scenarios=None) -> Model:
        """The sub-model of some municipalities, sources and scenarios.

        Every array is selected along its axes as :data:`AXES` lists them (and the
        coordinates as :data:`COORD_AXES` lists them). A slice gives views, an index
        array or a boolean mask copies. Taking sources keeps the actions that read or
        write one of them (:meth:`actions_on`), with ``source`` and ``dest``
        re-indexed: the sources taken must be closed over what couples them (both ends
        of a switch, every user of a decarbonised carrier), as
        :func:`capf.engine.sampling.reach` closes them. The uncertain parameters
        (``params``) and ``labels`` are not re-indexed (see
        :func:`capf.engine.sampling.restrict`).

        Parameters
        ----------
        municipalities, sources, scenarios : slice, int array or bool array, optional
            What to keep along each axis (``None``: all of it).

        Returns
        -------
        Model

        Examples
        --------
        >>> import capf
        >>> model = capf.compile_plan(capf.testing.example_plan())
        >>> sub = model.take(municipalities=slice(0, 1))
        >>> sub.activity0.shape == (len(model.sources), 1), sub.activity0.base is not None
        (True, True)
        """
        sel = {}
        for axis, x in (("municipality", municipalities), ("source", sources),
                        ("scenario", scenarios)):
            if x is None:
                continue
            if not isinstance(x, slice):
                x = np.asarray(x)
                x = np.flatnonzero(x) if x.dtype == bool else x.astype(int, copy=False)
            sel[axis] = x
        if not sel:
            return self
        if self.samples is not None:
            raise ValueError("a model of samples (sampling.expand) is not taken apart; take "
                             "the model it was expanded from, or its tiled form "
                             "(sampling.tiled)")
        changes: dict[str, Any] = {}
        for name, axes in AXES.items():
            value = getattr(self, name)
            if value is None or not any(a in sel for a in _flat(axes)):
                continue
            if name == "co2e_factors":
                changes[name] = tuple(_take(f, ax, sel) for f, ax in zip(value, axes, strict=True))
            elif isinstance(value, np.ndarray):
                changes[name] = _take(value, axes, sel)
            else:  # a tuple of labels
                changes[name] = tuple(np.asarray(value, dtype=object)[sel[axes[0]]])
        coords = dict(self.coords)
        for key, axis in COORD_AXES.items():
            if key in coords and axis in sel:
                coords[key] = list(np.asarray(coords[key], dtype=object)[sel[axis]])
        changes["coords"] = coords
        changes["actions"] = self._take_actions(sel)
        return dataclasses.replace(self, **changes)

    def _take_actions(self, sel: dict) -> tuple[ActionRow, ...]:
        """The action rows of :meth:`take`: those on the sources taken, re-indexed."""
        keep: Any = range(len(self.actions))
        pos = None
        if "source" in sel:
            src = np.zeros(len(self.sources), bool)
            src[sel["source"]] = True
            keep = self.actions_on(src)
            pos = np.full(len(self.sources), -1)
            pos[np.flatnonzero(src)] = np.arange(int(src.sum()))
        ms, kv = sel.get("municipality"), sel.get("scenario")
        out = []
        for i in keep:
            a = self.actions[i]
            changes: dict[str, Any] = {}
            if pos is not None:
                changes["source"] = int(pos[a.source]) if a.source >= 0 else -1
                changes["dest"] = int(pos[a.dest]) if a.dest >= 0 else -1
            if kv is not None:
                changes["scenarios"] = np.asarray(a.scenarios, bool)[kv]
            if ms is not None:
                columns = dict(_ACTION_COLUMNS, value=KINDS[a.kind].value_rank)
                for name, rank in columns.items():
                    x = getattr(a, name)
                    if x is not None and np.ndim(x) > rank:
                        changes[name] = x[..., ms]
            out.append(dataclasses.replace(a, **changes) if changes else a)
        return tuple(out)

    @property
    def shape(self) -> dict[str, int]:
        """Axis lengths by name, in the order of the results.

        Examples
        --------
        >>> import capf
        >>> list(capf.compile_plan(capf.testing.example_plan()).shape)
        ['municipality', 'source', 'gas', 'year', 'scenario']
        """
        return {
            "municipality": len(self.municipalities),  # axis order of results, not of inputs
            "source": len(self.sources),
            "gas": len(self.gases),
            "year": len(self.years),
            "scenario": len(self.scenarios),
        }


def _flat(axes: tuple) -> tuple[str, ...]:
    """The axis names of an :data:`AXES` entry (``co2e_factors`` holds three tuples)."""
    return tuple(a for x in axes for a in (x if isinstance(x, tuple) else (x,)))


def _take(arr: np.ndarray, axes: tuple[str, ...], sel: dict) -> np.ndarray:
    """``arr`` selected along its ``axes`` (names) as ``sel`` (axis -> slice or indices)
    says: a view for slices and at most one index array, else one outer-product copy."""
    key = [sel.get(a, slice(None)) for a in axes]
    arrays = [i for i, k in enumerate(key) if not isinstance(k, slice)]
    if len(arrays) > 1:  # one copy (np.ix_) over the axes up to the last one selected
        last = max(i for i, a in enumerate(axes) if a in sel)
        return arr[np.ix_(*(np.arange(n)[k] if isinstance(k, slice) else k
                             for n, k in zip(arr.shape[:last + 1], key[:last + 1],
                                            strict=True)))]
    if arrays:  # np.take: a C-contiguous copy (fancy indexing of an inner axis is not)
        i = arrays[0]
        arr = np.take(arr, key[i], axis=i)
        key[i] = slice(None)
    return arr[tuple(key)]
