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
    own_sampled     [S]             set by montecarlo.expand: True where own_factor differs
                                    between the sample blocks (a sampled factor or level)
    co2e_factors    ([S,T,M], [C+1,T,M], [S,T,M])  optional hint: core.co2e_factors
                                    (own, carrier and whole factors in CO2e);
                                    montecarlo.expand reuses them from chunk to chunk;
                                    computed when absent

M municipalities, S sources, G gases, T years, K scenarios, C carriers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Model", "ActionRow", "ACTION_KINDS", "ParamSlot"]

ACTION_KINDS = ("reduce", "switch", "decarbonise_source", "decarbonise_carrier", "add")


@dataclass(frozen=True)
class ActionRow:
    """One action of the ordered action table (plain numbers and arrays).

    ``source`` is the acted-on source (the *from* source of a switch), ``dest``
    the *to* source of a switch, ``carrier`` the carrier of a carrier
    decarbonisation. ``value`` is, for ``add`` (plan kinds ``add`` and ``remove``),
    the final activity added per
    municipality [M]; for a decarbonisation, the target factor [G] (t per unit).
    """

    name: str
    kind: str
    source: int = -1
    dest: int = -1
    carrier: int = -1
    share: float = 1.0
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


@dataclass(frozen=True)
class ParamSlot:
    """Where an uncertain parameter of the plan lands in the arrays.

    ``dist`` is a frozen distribution object with ``ppf(u)`` (values in its own
    unit) and ``group``; ``conversion`` turns them into the engine's unit.
    ``kind``: ``activity`` / ``emissions`` (cell [j, m], gas g), ``rate`` (driver
    cells: scenarios, sources, municipalities), ``share`` / ``full`` /
    ``action_activity`` (action row ``action``). ``name`` is the field path
    (``action[2].share``); ``label`` names the action, driver or inventory line.
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
    """A compiled plan. See the module docstring for the array layout."""

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
    own_sampled: np.ndarray | None = None  # [S] bool: own_factor differs between sample blocks
    co2e_factors: tuple | None = None  # core.co2e_factors(model), carried (a hint)
    #: names for messages: ``source_inputs`` maps a source index to the plan fields
    #: (``driver[1].rate``, ``inventory[2].activity``) that reach it
    labels: dict[str, Any] = field(default_factory=dict)

    @property
    def shape(self) -> dict[str, int]:
        return {
            "municipality": len(self.municipalities),  # axis order of results, not of inputs
            "source": len(self.sources),
            "gas": len(self.gases),
            "year": len(self.years),
            "scenario": len(self.scenarios),
        }
