"""Uncertain parameters: a :class:`~capf.engine.model.ParamSlot` for every distribution.

A slot says where a drawn value lands in the model's arrays and the factor that
converts it from the distribution's unit to the engine's. The plan is walked in a
fixed order (inventory lines, drivers, actions; within each, in declared order), the
order in which Monte-Carlo runs draw the parameters.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from .. import sectors
from ..engine.model import ParamSlot
from ..plan.models import Action, Plan
from ..plan.quantity import _unit_str, split_gas
from ..plan.uncertain import Dist, central
from ..units import GASES
from .drivers import selector_mask
from .factors import (
    CARRIER_UNIT,
    _activity_unit,
    _conversion,
    _dist_conversion,
    _emission_unit,
    _given,
    _rate_factor_unit,
    factor_unit,
)
from .inventory import Layout, _line_code

__all__ = ["param_slots"]


def _inventory_slots(plan: Plan, lay: Layout) -> list[ParamSlot]:
    slots: list[ParamSlot] = []
    m_index, s_index = lay.m_index, lay.s_index
    for i, line in enumerate(plan.inventory, 1):
        m = m_index[_line_code(plan, line.municipality)]
        j = s_index[line.source]
        src = sectors.get_source(line.source)
        if line.emissions is not None:
            items = (line.emissions.items() if isinstance(line.emissions, dict)
                     else [(None, line.emissions)])
            for key, q in items:
                if isinstance(q, Dist):
                    gas, conv = _emission_unit(_unit_str(central(q)), key)
                    slots.append(ParamSlot(f"inventory[{i}].emissions", "emissions", q,
                                           conv, m=m, j=j, g=GASES.index(gas)))
            continue
        if isinstance(line.activity, Dist):
            slots.append(ParamSlot(f"inventory[{i}].activity", "activity", line.activity,
                                   _conversion(line.activity.unit, _activity_unit(src)),
                                   m=m, j=j))
        for gas in line.factor or ():
            q = line.factor[gas]
            if isinstance(q, Dist):
                slots.append(ParamSlot(f"inventory[{i}].factor.{gas}", "factor", q,
                                       _dist_conversion(q, _rate_factor_unit(_activity_unit(src))),
                                       m=m, j=j, g=GASES.index(gas)))
    return slots


def _driver_slots(plan: Plan, lay: Layout) -> list[ParamSlot]:
    slots: list[ParamSlot] = []
    K = len(lay.scenarios)
    s_index = lay.s_index
    active = {k: set(plan.scenario_drivers(name)) for k, name in enumerate(lay.scenarios)}
    for di, d in enumerate(plan.driver, 1):
        if not isinstance(d.rate, Dist):
            continue
        ks = [k for k in range(K) if d.name in active[k]]
        js = [s_index[s] for s in sectors.sources_in(d.source) if s in s_index]
        if not ks or not js:
            continue
        mm = np.flatnonzero(selector_mask(plan, d.municipality, lay.m_index))
        slots.append(ParamSlot(f"driver[{di}].rate", "rate", d.rate,
                               _conversion(d.rate.unit, "1/yr"),
                               cells=(tuple(ks), tuple(js), tuple(int(x) for x in mm))))
    return slots


def _factor_slots(a: Action, per_unit: str, row: int, loc: str) -> list[ParamSlot]:
    """Slots of a decarbonise action's uncertain new factor, one per gas."""
    slots = []
    items = a.factor.items() if isinstance(a.factor, dict) else [(None, a.factor)]
    target = factor_unit(per_unit)
    for key, q in items:
        if isinstance(q, Dist):
            gas = key or split_gas(central(q))[0]
            slots.append(ParamSlot(f"{loc}.factor", "action_factor", q,
                                   _dist_conversion(q, target), action=row,
                                   g=GASES.index(gas)))
    return slots


def _action_slots(plan: Plan) -> list[ParamSlot]:
    slots: list[ParamSlot] = []
    for row, a in enumerate(plan.action):
        loc = f"action[{row + 1}]"
        if isinstance(a.share, Dist):
            slots.append(ParamSlot(f"{loc}.share", "share", a.share, 1.0, action=row))
        if isinstance(a.full, Dist):
            slots.append(ParamSlot(f"{loc}.full", "full", a.full, 1.0, action=row))
        if a.kind in ("add", "remove") and isinstance(a.activity, Dist):
            unit = _activity_unit(sectors.get_source(_given(a.source, f"the source of {loc}")))
            slots.append(ParamSlot(f"{loc}.activity", "action_activity", a.activity,
                                   _conversion(a.activity.unit, unit), action=row))
        elif a.kind == "decarbonise":
            per_unit = (CARRIER_UNIT if a.source is None
                        else _activity_unit(sectors.get_source(a.source)))
            slots += _factor_slots(a, per_unit, row, loc)
    return slots


def _labelled(plan: Plan, slots: list[ParamSlot]) -> list[ParamSlot]:
    """The slots with a ``label`` that names what varies by name, not by position:
    ``rewet_lowland.share``, ``growth.rate``,
    ``999:lowland_soils.drained_organic_soils.activity`` (municipality:source)."""
    def label(name: str) -> str:
        m = re.match(r"(inventory|action|driver)\[(\d+)\](.*)", name)
        if m is None:
            return name
        table, i, rest = m.group(1), int(m.group(2)) - 1, m.group(3)
        if table == "inventory":
            line = plan.inventory[i]
            return f"{plan.line_municipality(line.municipality)}:{line.source}{rest}"
        return f"{(plan.action if table == 'action' else plan.driver)[i].name}{rest}"

    return [dataclasses.replace(s, label=label(s.name)) for s in slots]


def param_slots(plan: Plan, lay: Layout) -> tuple[ParamSlot, ...]:
    """Every uncertain parameter of a compiled plan, labelled, in drawing order.

    Call after the plan's actions compiled without problems (the slot of an action
    points at its row, which is then its position in the plan).

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.
    lay : capf.compile.inventory.Layout
        Its layout.

    Returns
    -------
    tuple of ParamSlot
        ``conversion`` turns a drawn value (in the distribution's unit) into the
        engine's unit (activity unit, t/yr, t of gas per unit, 1/yr, fraction, year).

    Examples
    --------
    >>> import capf
    >>> from capf.compile.inventory import layout
    >>> plan = capf.testing.example_plan()
    >>> param_slots(plan, layout(plan))
    ()
    """
    slots = _inventory_slots(plan, lay) + _driver_slots(plan, lay) + _action_slots(plan)
    return tuple(_labelled(plan, slots))
