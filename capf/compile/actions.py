"""Actions: each ``[[action]]`` becomes an engine :class:`~capf.engine.model.ActionRow`.

:data:`COMPILE` maps every plan kind of :data:`capf.plan.actions.ACTION_KINDS` to the
function that builds its row; it is checked against that table when this module is
imported (a kind without a compile function, or one that builds a row of an engine kind
its record does not list, is an error).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import sectors
from ..engine.model import ActionRow
from ..errors import PlanError, Problem
from ..plan.actions import ACTION_KINDS
from ..plan.models import Action, Plan
from ..plan.quantity import check_dimension, split_gas
from ..plan.uncertain import Dist, central
from ..units import GASES, ureg
from .drivers import selector_mask
from .factors import CARRIER_UNIT, _conversion, _q_in, factor_unit
from .inventory import Layout

__all__ = ["COMPILE", "action_rows", "switch_conversion", "target_factor"]


def target_factor(a: Action, per_unit: str, *, negative: bool = False) -> np.ndarray:
    """A decarbonise action's new factor as [G] in t per ``per_unit`` (a distribution: its mean).

    Parameters
    ----------
    a : capf.plan.Action
        A ``decarbonise`` action.
    per_unit : str
        The activity unit of its source, or ``"MWh"`` for a carrier.
    negative : bool, default False
        Allow a negative factor (a removal source).

    Returns
    -------
    numpy.ndarray
        [gas] t of gas per ``per_unit`` (per year of a rate).

    Raises
    ------
    ValueError
        For a factor without a gas, of the wrong dimension, or negative.

    Examples
    --------
    >>> import capf
    >>> a = capf.plan.Action.model_validate({"name": "g", "kind": "decarbonise",
    ...     "carrier": "electricity", "factor": "0.02 kg CO2e/kWh", "start": 2025,
    ...     "full": 2030})
    >>> float(target_factor(a, "MWh")[4])
    0.02
    """
    out = np.zeros(len(GASES))
    items = a.factor.items() if isinstance(a.factor, dict) else [(None, a.factor)]
    target = factor_unit(per_unit)
    for key, q in items:
        q = central(q)
        gas, plain = split_gas(q)
        gas = key or gas
        if gas is None:
            raise ValueError("name the gas of the new factor, e.g. '0.02 kg CO2e/kWh', "
                             f"got '{q:~P}'")
        v = check_dimension(plain, target, what="a factor", raw=f"{q:~P}")
        if v.magnitude < 0 and not negative:
            raise ValueError(f"expected a non-negative factor (only a removal source has a "
                             f"negative one), got '{q:~P}'")
        out[GASES.index(gas)] = float(v.magnitude)
    return out


def switch_conversion(a: Action, f_src: sectors.Source, t_src: sectors.Source) -> float:
    """Units of the 'to' activity per unit of the 'from' activity (the service is conserved).

    Parameters
    ----------
    a : capf.plan.Action
        A ``switch`` action (its optional ``conversion``).
    f_src, t_src : capf.sectors.Source
        Its ``from`` and ``to`` sources.

    Returns
    -------
    float
        ``to`` activity unit per ``from`` activity unit.

    Raises
    ------
    ValueError
        Between sources of different units without a ``conversion``, or a non-positive one.

    Examples
    --------
    >>> import capf
    >>> a = capf.plan.Action.model_validate({"name": "hp", "kind": "switch",
    ...     "from": "buildings.individual_heating.oil_boiler",
    ...     "to": "buildings.individual_heating.heat_pump", "share": 0.5,
    ...     "start": 2025, "full": 2030})
    >>> switch_conversion(a, capf.sectors.get_source(a.from_), capf.sectors.get_source(a.to))
    1.0
    """
    if f_src.emission_level or t_src.emission_level:
        bad = f_src if f_src.emission_level else t_src
        raise ValueError(f"a switch moves activity; {bad.id!r} is known only as emissions")
    if a.conversion is not None:
        target = str(ureg.Unit(t_src.activity_unit) / ureg.Unit(f_src.activity_unit))
        q = check_dimension(a.conversion, target, what="a conversion from "
                            f"{f_src.activity_unit} to {t_src.activity_unit}",
                            raw=f"{a.conversion:~P}")
        if q.magnitude <= 0:
            raise ValueError(f"expected a positive conversion, got '{a.conversion:~P}'")
        return float(q.to("").magnitude) if q.dimensionless else float(q.magnitude)
    f_u, t_u = ureg.Unit(f_src.activity_unit), ureg.Unit(t_src.activity_unit)
    if f_u.dimensionality != t_u.dimensionality:
        raise ValueError(
            f"{f_src.id!r} is measured in {f_src.activity_unit} and {t_src.id!r} in "
            f"{t_src.activity_unit}; give 'conversion' ({t_src.activity_unit} per "
            f"{f_src.activity_unit})")
    return _conversion(f_src.activity_unit, t_src.activity_unit)


# ---- one compile function per plan kind: (action, its common row fields, layout) -> row

def _reduce(a: Action, common: dict[str, Any], lay: Layout) -> ActionRow:
    return ActionRow(kind="reduce", source=lay.s_index[a.source], **common)


def _switch(a: Action, common: dict[str, Any], lay: Layout) -> ActionRow:
    f_src, t_src = sectors.get_source(a.from_), sectors.get_source(a.to)
    s_index = lay.s_index
    return ActionRow(kind="switch", source=s_index[a.from_], dest=s_index[a.to],
                     conversion=switch_conversion(a, f_src, t_src), **common)


def _add(a: Action, common: dict[str, Any], lay: Layout) -> ActionRow:
    """``add`` and ``remove``: new activity of a source (of a removal source for ``remove``)."""
    src = sectors.get_source(a.source)
    if src.emission_level:
        raise ValueError(f"source {src.id!r} is known only as emissions; '{a.kind}' "
                         "adds activity to a source that has an activity unit")
    act = central(a.activity)
    value = _q_in(check_dimension(act, src.activity_unit, what=f"an activity of {src.id!r}",
                                  raw=f"{act:~P}"), src.activity_unit)
    if value < 0:
        raise ValueError(f"expected a non-negative activity, got '{act:~P}'")
    if a.kind == "remove" and not src.removal:
        raise ValueError(f"'remove' adds activity to a removal source; {src.id!r} "
                         "is not one (use e.g. removals.biogenic_ccs)")
    return ActionRow(kind="add", source=lay.s_index[a.source],
                     value=np.where(common["municipalities"], value, 0.0), **common)


def _decarbonise(a: Action, common: dict[str, Any], lay: Layout) -> ActionRow:
    if a.source is not None:
        src = sectors.get_source(a.source)
        if src.emission_level:
            raise ValueError(f"source {src.id!r} is known only as emissions; decarbonise "
                             "a source with an activity, or use 'reduce'")
        return ActionRow(kind="decarbonise_source", source=lay.s_index[a.source],
                         value=target_factor(a, src.activity_unit, negative=src.removal),
                         **common)
    return ActionRow(kind="decarbonise_carrier", carrier=lay.c_index[a.carrier],
                     value=target_factor(a, CARRIER_UNIT), **common)


#: The compile function of every plan kind of :data:`capf.plan.actions.ACTION_KINDS`.
COMPILE: dict[str, Callable[[Action, dict[str, Any], Layout], ActionRow]] = {
    "reduce": _reduce,
    "switch": _switch,
    "decarbonise": _decarbonise,
    "remove": _add,
    "add": _add,
}


def _check_dispatch() -> None:
    """Every plan kind has a compile function, and only those (raises at import)."""
    if set(COMPILE) != set(ACTION_KINDS):
        raise RuntimeError(f"capf.compile.actions.COMPILE covers {sorted(COMPILE)}, the table "
                           f"of action kinds {sorted(ACTION_KINDS)}")


_check_dispatch()


def _common(a: Action, mmask: np.ndarray, smask: np.ndarray) -> dict[str, Any]:
    """The row fields every kind shares: adoption curve, share, where and in which scenarios."""
    share = 1.0 if a.share is None else (a.share.mean() if isinstance(a.share, Dist)
                                         else a.share)
    full = a.full.mean() if isinstance(a.full, Dist) else float(a.full)
    return {"name": a.name, "share": share, "start": float(a.start), "full": full,
            "curve": a.curve, "steepness": a.steepness, "p": a.p, "q": a.q,
            "lifetime": a.lifetime or 0.0, "survival": a.survival, "shape": a.shape,
            "sales_curve": a.sales_curve, "municipalities": mmask, "scenarios": smask}


def action_rows(plan: Plan, lay: Layout) -> tuple[ActionRow, ...]:
    """The engine's action table, in the plan's declared order.

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.
    lay : capf.compile.inventory.Layout
        Its layout.

    Returns
    -------
    tuple of ActionRow
        One row per ``[[action]]``; shares as fractions, years as floats, activities in
        the source's unit, factors in t of gas per unit.

    Raises
    ------
    capf.errors.PlanError
        Every problem that shows only once the plan is put together (an action on a
        source known only as emissions, a switch between units without a
        ``conversion``, activity moved into a source without a default factor).

    Examples
    --------
    >>> import capf
    >>> from capf.compile.inventory import layout
    >>> plan = capf.testing.example_plan()
    >>> [(r.name, r.kind) for r in action_rows(plan, layout(plan))][:1]
    [('rewet_lowland', 'switch')]
    """
    problems: list[Problem] = []
    rows: list[ActionRow] = []
    m_index = lay.m_index
    in_scenario = [set(plan.scenario_actions(s)) for s in lay.scenarios]  # once per scenario
    for i, a in enumerate(plan.action, 1):
        mmask = selector_mask(plan, a.municipality, m_index)
        smask = np.array([a.name in names for names in in_scenario], dtype=bool)
        try:
            rows.append(COMPILE[a.kind](a, _common(a, mmask, smask), lay))
        except ValueError as exc:
            problems.append(Problem(f"action[{i}].{ACTION_KINDS[a.kind].checked}", str(exc),
                                    None))
    problems += _into_sources_without_factor(plan)
    if problems:
        raise PlanError(problems)
    for a, r in zip(plan.action, rows):  # the engine kinds each plan kind's record promises
        if r.kind not in ACTION_KINDS[a.kind].engine:
            raise RuntimeError(f"action {a.name!r} ({a.kind!r}) compiled to an engine row of "
                               f"kind {r.kind!r}, which ACTION_KINDS[{a.kind!r}] does not list")
    return tuple(rows)


def _into_sources_without_factor(plan: Plan) -> list[Problem]:
    """Activity moved or added into a source with no sourced default factor needs a factor on
    an inventory line of that municipality, otherwise it would count as zero emissions."""
    problems = []
    with_factor = {(plan.line_municipality(x.municipality), x.source) for x in plan.inventory
                   if x.factor or x.emissions is not None}
    for i, a in enumerate(plan.action, 1):
        key = ACTION_KINDS[a.kind].into
        into = None if key is None else getattr(a, key)
        if into is None or sectors.get_source(into).has_default_factor:
            continue
        missing = [c for c in plan.select(a.municipality) if (c, into) not in with_factor]
        if missing:
            problems.append(Problem(
                f"action[{i}].{key}",
                f"action {a.name!r} moves activity into {into!r}, which has no sourced default "
                f"factor; give an [[inventory]] line for it (activity 0 is fine) with a 'factor' "
                f"in municipality {', '.join(missing[:5])}", into))
    return problems
