"""The model's layout (municipalities, sources, carriers, years, scenarios) and the base year.

:func:`layout` fixes the axes of every array; :func:`inventory` fills the base-year
activity (``activity0``) and the factors of the ``[[inventory]]`` lines on top of the
catalogue defaults, converting each distinct input unit once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .. import sectors
from ..plan.actions import ACTION_KINDS
from ..plan.models import Plan
from ..plan.quantity import _unit_str
from ..plan.uncertain import central
from ..units import GASES
from .factors import _conversion, _emission_unit, carrier_factors, source_defaults

__all__ = ["Inventory", "Layout", "coords_and_attrs", "input_labels", "inventory", "layout"]


@dataclass(frozen=True)
class Layout:
    """The axes of a compiled plan and their index maps.

    Parameters
    ----------
    years : numpy.ndarray
        Base year to end year (int).
    codes : tuple of str
        Municipality codes, in plan order.
    source_ids : tuple of str
        The sources the plan uses (inventory and actions), in catalogue order.
    carriers : tuple of str
        Every carrier of the catalogue.
    scenarios : tuple of str
        Scenario names, in plan order.

    Examples
    --------
    >>> import numpy as np
    >>> lay = Layout(np.arange(2023, 2031), ("1",), ("transport.other",), ("electricity",),
    ...              ("bau",))
    >>> lay.sizes, lay.s_index
    ((1, 1, 5, 1, 8, 1), {'transport.other': 0})
    """

    years: np.ndarray
    codes: tuple[str, ...]
    source_ids: tuple[str, ...]
    carriers: tuple[str, ...]
    scenarios: tuple[str, ...]

    @property
    def m_index(self) -> dict[str, int]:
        """Municipality code -> index."""
        return {c: i for i, c in enumerate(self.codes)}

    @property
    def s_index(self) -> dict[str, int]:
        """Source id -> index."""
        return {s: i for i, s in enumerate(self.source_ids)}

    @property
    def c_index(self) -> dict[str, int]:
        """Carrier id -> index."""
        return {c: i for i, c in enumerate(self.carriers)}

    @property
    def sizes(self) -> tuple[int, int, int, int, int, int]:
        """(M, S, G, C, T, K): municipalities, sources, gases, carriers, years, scenarios."""
        return (len(self.codes), len(self.source_ids), len(GASES), len(self.carriers),
                self.years.size, len(self.scenarios))


def _line_code(plan: Plan, code: str | None) -> str:
    """The municipality of a plan line (its own or the plan default); the plan checks one is."""
    found = plan.line_municipality(code)
    if found is None:
        raise ValueError("a line names no municipality and the plan has no default ([plan] "
                         "municipality)")
    return found


def layout(plan: Plan) -> Layout:
    """The axes of ``plan``'s arrays (nothing is allocated yet).

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.

    Returns
    -------
    Layout

    Examples
    --------
    >>> import capf
    >>> lay = layout(capf.testing.example_plan())
    >>> lay.codes, lay.scenarios, int(lay.years[0])
    (('999',), ('bau', 'plan'), 2023)
    """
    meta = plan.plan
    used: set[str] = {line.source for line in plan.inventory}
    for a in plan.action:
        used.update(x for x in (a.source, a.from_, a.to) if x)
    return Layout(
        years=np.arange(meta.base_year, meta.end_year + 1),
        codes=tuple(plan.municipality_codes),
        source_ids=tuple(s for s in sectors.SOURCES if s in used),
        carriers=tuple(sectors.CARRIERS),
        scenarios=tuple(s.name for s in plan.scenario),
    )


@dataclass
class Inventory:
    """The base year of a compiled plan (COMPILE's layout, municipality axis first).

    Parameters
    ----------
    activity0 : numpy.ndarray
        [M, S] base-year activity in each source's unit (1.0 on emission-level lines).
    own : numpy.ndarray
        [M, S, G, T] factor not taken from a carrier, t of gas per unit of activity.
    weight : numpy.ndarray
        [M, S] 1 where the factor comes from the carrier.
    inv_eff : numpy.ndarray
        [M, S] 1 / efficiency of carrier-using lines.
    carrier_of : numpy.ndarray
        [S] carrier index of each source (-1: none).
    carrier_factor : numpy.ndarray
        [M, C, G, T] t of gas per MWh.
    defaults_used : dict
        Source id -> the citation of its default factor.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> inventory(plan, layout(plan)).own.ndim
    4
    """

    activity0: np.ndarray
    own: np.ndarray
    weight: np.ndarray
    inv_eff: np.ndarray
    carrier_of: np.ndarray
    carrier_factor: np.ndarray
    defaults_used: dict[str, str]


def inventory(plan: Plan, lay: Layout) -> Inventory:
    """The catalogue defaults overlaid with the plan's ``[[inventory]]`` lines.

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.
    lay : Layout
        Its :func:`layout`.

    Returns
    -------
    Inventory
        Activity in each source's catalogue unit; factors in t of gas per unit.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> inv = inventory(plan, layout(plan))
    >>> inv.activity0.shape == inv.weight.shape
    True
    """
    M = len(lay.codes)
    m_index, s_index = lay.m_index, lay.s_index
    own, weight, inv_eff, carrier_of, defaults_used = source_defaults(
        lay.source_ids, lay.years, M, lay.c_index)
    cfac = carrier_factors(lay.carriers, lay.years, M, plan.plan.grid_gas_factor)
    activity0 = np.zeros((M, len(lay.source_ids)))
    # group the lines so each distinct unit is converted once
    act_groups: dict[tuple[int, str], list[tuple[int, float]]] = defaultdict(list)
    for line in plan.inventory:
        m = m_index[_line_code(plan, line.municipality)]
        j = s_index[line.source]
        src = sectors.get_source(line.source)
        if line.emissions is not None:
            activity0[m, j] = 1.0
            weight[m, j] = 0.0
            own[m, j] = 0.0
            items = (line.emissions.items() if isinstance(line.emissions, dict)
                     else [(None, line.emissions)])
            for key, q in items:
                q = central(q)
                gas, conv = _emission_unit(_unit_str(q), key)
                own[m, j, GASES.index(gas)] += float(q.magnitude) * conv
            continue
        act = central(line.activity)
        act_groups[(j, _unit_str(act))].append((m, float(act.magnitude)))
        if line.factor:
            weight[m, j] = 0.0
            if src.carrier is not None:
                own[m, j] = 0.0
            for gas in line.factor:
                own[m, j, GASES.index(gas)] = line.factor_value(gas, src)
        if line.efficiency is not None:
            inv_eff[m, j] = 1.0 / line.efficiency
    for (j, unit), items_ in act_groups.items():
        conv = _conversion(unit, sectors.get_source(lay.source_ids[j]).activity_unit)
        ms = np.array([m for m, _ in items_], dtype=int)
        activity0[ms, j] = np.array([v for _, v in items_]) * conv
    return Inventory(activity0, own, weight, inv_eff, carrier_of, cfac, defaults_used)


def coords_and_attrs(plan: Plan, lay: Layout, defaults_used: dict[str, str]):
    """The labels the engine puts on its result: coordinates and attributes.

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.
    lay : Layout
        Its :func:`layout`.
    defaults_used : dict
        Source id -> citation of its default factor (``Inventory.defaults_used``).

    Returns
    -------
    coords, attrs : dict, dict
        ``coords``: municipality names, regions, populations (-1: unknown), and each
        source's sector, subsector and activity unit; ``attrs``: plan name, years,
        ``gwp_context``, electricity method, default factors and provenance.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> coords, attrs = coords_and_attrs(plan, layout(plan), {})
    >>> attrs["gwp_context"], coords["municipality_name"]
    ('AR5GWP100', ['Example'])
    """
    meta = plan.plan
    srcs = [sectors.get_source(s) for s in lay.source_ids]
    coords = {
        "municipality_name": [m.name or m.code for m in plan.municipality],
        "region": [m.region or "" for m in plan.municipality],
        "population": [m.population if m.population is not None else -1
                       for m in plan.municipality],
        "sector": [s.sector for s in srcs],
        "subsector": [s.subsector for s in srcs],
        "activity_unit": [s.activity_unit or "" for s in srcs],
    }
    attrs = {
        "plan_name": meta.name,
        "base_year": meta.base_year,
        "end_year": meta.end_year,
        "gwp_context": meta.gwp,
        "electricity_method": meta.electricity_method,
        "default_factors": "\n".join(f"{k}: {v}" for k, v in defaults_used.items()),
    }
    if meta.provenance is not None:
        import json

        attrs["provenance"] = json.dumps(meta.provenance, ensure_ascii=False, sort_keys=True)
    return coords, attrs


def input_labels(plan: Plan, s_index: dict[str, int]) -> dict:
    """For the engine's messages: the plan fields that reach each source (by index).

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.
    s_index : dict
        Source id -> source index of the model.

    Returns
    -------
    dict
        ``{"source_inputs": {source index: (field path, ...)}}``.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> labels = input_labels(plan, layout(plan).s_index)
    >>> labels["source_inputs"][3]
    ('inventory[1].activity', 'action[1].share')
    """
    reach: dict[int, list[str]] = defaultdict(list)
    for i, line in enumerate(plan.inventory, 1):
        if line.source in s_index:
            key = "activity" if line.activity is not None else "emissions"
            reach[s_index[line.source]].append(f"inventory[{i}].{key}")
    for i, d in enumerate(plan.driver, 1):
        key = "rate" if d.rate is not None else "index"
        for s in sectors.sources_in(d.source):
            if s in s_index:
                reach[s_index[s]].append(f"driver[{i}].{key}")
    for i, a in enumerate(plan.action, 1):
        key = ACTION_KINDS[a.kind].effect
        for sid in (a.source, a.from_, a.to):
            if sid is not None and sid in s_index:
                reach[s_index[sid]].append(f"action[{i}].{key}")
    return {"source_inputs": {j: tuple(v) for j, v in reach.items()}}
