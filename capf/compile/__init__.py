"""COMPILE stage: a validated :class:`capf.Plan` becomes a :class:`capf.engine.Model`.

All unit conversion happens here, once per distinct input unit: every
quantity is converted to the engine's canonical units (activity in the
catalogue unit of its source; factors in t of gas per unit of activity;
carrier factors in t per MWh). Beyond this module there is no pint and no
pydantic.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections import defaultdict

import numpy as np

from .. import sectors
from ..engine.model import ActionRow, Model, ParamSlot
from ..errors import PlanError, Problem
from ..plan.models import Action, Plan
from ..plan.quantity import check_dimension, split_gas
from ..plan.uncertain import Dist, central
from ..units import GASES, gwp_array, gwp_values, ureg

__all__ = ["compile_plan", "default_factor", "CARRIER_UNIT"]

log = logging.getLogger(__name__)

#: Canonical energy unit of carrier factors (t of gas per MWh of carrier energy).
CARRIER_UNIT = "MWh"


@functools.lru_cache(maxsize=4096)
def _conversion(from_unit: str, to_unit: str) -> float:
    """Factor that converts a magnitude in ``from_unit`` to ``to_unit`` (cached per unit pair)."""
    return float(ureg.Quantity(1.0, from_unit).to(to_unit).magnitude)


def _factor_values(f: sectors.Factor, per_unit: str, years: np.ndarray) -> np.ndarray:
    """A catalogue factor in t of gas per ``per_unit`` (per year for activity rates), by year."""
    target = str(ureg.Unit("t/yr") / ureg.Unit(per_unit)) if per_unit != CARRIER_UNIT \
        else f"t/{CARRIER_UNIT}"
    conv = _conversion(f.unit, target)
    vals = np.asarray(f.values_at(years), dtype=float) * conv
    if f.gwp_basis is not None:  # given as CO2e under another GWP set: back to mass of gas
        vals = vals / gwp_values(f.gwp_basis)[f.gas]
    return vals


def default_factor(source_id: str, years) -> tuple[np.ndarray, bool]:
    """Default factor of a source, [G, T] in t per unit of activity, and whether it is carrier-based.

    For a carrier-based source the returned array is zero (the engine takes the
    factor from the carrier); use :func:`carrier_factor` for the carrier.
    """
    src = sectors.get_source(source_id)
    years = np.asarray(years)
    out = np.zeros((len(GASES), years.size))
    if src.carrier is not None:
        return out, True
    for f in src.factors:
        out[GASES.index(f.gas)] += _factor_values(f, src.activity_unit, years)
    return out, False


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


def carrier_factor(carrier_id: str, years, variant: str | None = None) -> np.ndarray:
    """A carrier's factor [G, T] in t of gas per MWh of carrier energy.

    ``variant`` names one of the carrier's alternative factor sets (e.g. ``"br18"`` for
    grid gas); ``None`` is the default set.
    """
    c = sectors.get_carrier(carrier_id)
    years = np.asarray(years)
    out = np.zeros((len(GASES), years.size))
    factors = c.factors if variant is None else dict(c.alternatives)[variant]
    for f in factors:
        out[GASES.index(f.gas)] += _factor_values(f, CARRIER_UNIT, years)
    return out


@functools.lru_cache(maxsize=1024)
def _emission_unit(unit: str, key: str | None) -> tuple[str, float]:
    """(gas, factor to t/yr) of an emissions unit such as 'kt CO2e / yr' (cached per unit)."""
    from ..plan.fields import mass_rate

    return mass_rate(ureg.Quantity(1.0, unit), key, unit)


def _dist_conversion(dist: Dist, target: str) -> float:
    """Factor from a (gas-tagged) distribution's unit to ``target`` (per gas left out)."""
    _, plain = split_gas(ureg.Quantity(1.0, dist.unit))
    return float(plain.to(target).magnitude)


def _q_in(q, unit: str) -> float:
    return float(q.magnitude) * _conversion(str(q.units), unit)


def _target_factor(a: Action, per_unit: str, slots: list | None = None,
                   row: int = -1, loc: str = "", *, negative: bool = False) -> np.ndarray:
    """A decarbonise action's new factor as [G] in t per ``per_unit`` (a distribution: its mean)."""
    out = np.zeros(len(GASES))
    items = a.factor.items() if isinstance(a.factor, dict) else [(None, a.factor)]
    target = f"t/{per_unit}" if per_unit == CARRIER_UNIT else str(ureg.Unit("t/yr") / ureg.Unit(per_unit))
    for key, q in items:
        dist = q if isinstance(q, Dist) else None
        q = central(q)
        gas, plain = split_gas(q)
        gas = key or gas
        if gas is None:
            raise ValueError(f"name the gas of the new factor, e.g. '0.02 kg CO2e/kWh', got '{q:~P}'")
        v = check_dimension(plain, target, what="a factor", raw=f"{q:~P}")
        if v.magnitude < 0 and not negative:
            raise ValueError(f"expected a non-negative factor (only a removal source has a "
                             f"negative one), got '{q:~P}'")
        out[GASES.index(gas)] = float(v.magnitude)
        if dist is not None and slots is not None:
            slots.append(ParamSlot(f"{loc}.factor", "action_factor", dist,
                                   _dist_conversion(dist, target), action=row,
                                   g=GASES.index(gas)))
    return out


def _selector_mask(plan: Plan, sel, index: dict[str, int]) -> np.ndarray:
    mask = np.zeros(len(index), dtype=bool)
    for code in plan.select(sel):
        mask[index[code]] = True
    return mask


def compile_plan(plan: Plan) -> Model:
    """Compile a validated plan into dense arrays.

    Parameters
    ----------
    plan : capf.Plan

    Returns
    -------
    capf.engine.Model

    Raises
    ------
    capf.errors.PlanError
        For problems that only show once the plan is put together (an action on a
        line given as emissions, a switch between sources of different units
        without a ``conversion``).
    """
    problems: list[Problem] = []
    meta = plan.plan
    years = np.arange(meta.base_year, meta.end_year + 1)
    T = years.size
    codes = plan.municipality_codes
    m_index = {c: i for i, c in enumerate(codes)}
    M = len(codes)

    # sources: those the plan uses, in catalogue order
    used: set[str] = {line.source for line in plan.inventory}
    for a in plan.action:
        used.update(x for x in (a.source, a.from_, a.to) if x)
    source_ids = [s for s in sectors.SOURCES if s in used]
    s_index = {s: i for i, s in enumerate(source_ids)}
    S = len(source_ids)
    G = len(GASES)
    carriers = list(sectors.CARRIERS)
    c_index = {c: i for i, c in enumerate(carriers)}
    scenarios = [s.name for s in plan.scenario]
    K = len(scenarios)
    _check_compile_size(M, S, G, len(carriers), T, K, len(plan.action))

    # ---- defaults: every (m, s) starts with the catalogue factor and no activity
    activity0 = np.zeros((M, S))
    own = np.zeros((M, S, G, T))
    weight = np.zeros((M, S))
    inv_eff = np.zeros((M, S))
    carrier_of = np.full(S, -1, dtype=int)
    defaults_used: dict[str, str] = {}
    for j, sid in enumerate(source_ids):
        src = sectors.get_source(sid)
        if src.activity_unit is None:
            continue
        f, carrier_based = default_factor(sid, years)
        own[:, j] = f
        if carrier_based:
            carrier_of[j] = c_index[src.carrier]
            weight[:, j] = 1.0
            inv_eff[:, j] = 1.0 / src.efficiency
            defaults_used[sid] = (f"carrier {src.carrier} / efficiency {src.efficiency:g} "
                                  f"({src.efficiency_citation})")
        elif src.factors:
            defaults_used[sid] = "; ".join(f"{f.gas}: {f.citation}" for f in src.factors)
    variants = {"grid_gas": None if meta.grid_gas_factor == "combustion" else meta.grid_gas_factor}
    cfac = np.stack([carrier_factor(c, years, variants.get(c))
                     for c in carriers])  # [C, G, T]
    carrier_factor_arr = np.broadcast_to(cfac, (M,) + cfac.shape).copy()

    # ---- inventory lines, grouped so each distinct unit is converted once
    act_groups: dict[tuple[int, str], list[tuple[int, float]]] = defaultdict(list)
    slots: list[ParamSlot] = []  # uncertain parameters, for Monte-Carlo runs
    for i, line in enumerate(plan.inventory, 1):
        m = m_index[plan.line_municipality(line.municipality)]
        j = s_index[line.source]
        src = sectors.get_source(line.source)
        if line.emissions is not None:
            activity0[m, j] = 1.0
            weight[m, j] = 0.0
            own[m, j] = 0.0
            items = (line.emissions.items() if isinstance(line.emissions, dict)
                     else [(None, line.emissions)])
            for key, q in items:
                dist = q if isinstance(q, Dist) else None
                q = central(q)
                gas, conv = _emission_unit(str(q.units), key)
                own[m, j, GASES.index(gas)] += float(q.magnitude) * conv
                if dist is not None:
                    slots.append(ParamSlot(f"inventory[{i}].emissions", "emissions", dist,
                                           conv, m=m, j=j, g=GASES.index(gas)))
            continue
        act = central(line.activity)
        act_groups[(j, str(act.units))].append((m, float(act.magnitude)))
        if isinstance(line.activity, Dist):
            slots.append(ParamSlot(f"inventory[{i}].activity", "activity", line.activity,
                                   _conversion(line.activity.unit, sectors.get_source(
                                       line.source).activity_unit), m=m, j=j))
        if line.factor:
            weight[m, j] = 0.0
            if src.carrier is not None:
                own[m, j] = 0.0
            for gas in line.factor:
                value = line.factor_value(gas, src)
                own[m, j, GASES.index(gas)] = value
                q = line.factor[gas]
                if isinstance(q, Dist):
                    target = str(ureg.Unit("t/yr") / ureg.Unit(src.activity_unit))
                    slots.append(ParamSlot(f"inventory[{i}].factor.{gas}", "factor", q,
                                           _dist_conversion(q, target), m=m, j=j,
                                           g=GASES.index(gas)))
        if line.efficiency is not None:
            inv_eff[m, j] = 1.0 / line.efficiency
    for (j, unit), items in act_groups.items():
        conv = _conversion(unit, sectors.get_source(source_ids[j]).activity_unit)
        ms = np.array([m for m, _ in items], dtype=int)
        activity0[ms, j] = np.array([v for _, v in items]) * conv

    # ---- drivers [M, S, T, K]: product of the drivers in effect
    driver = np.ones((M, S, T, K))
    active = {k: set(plan.scenario_drivers(name)) for k, name in enumerate(scenarios)}
    for di, d in enumerate(plan.driver, 1):
        ks = [k for k in range(K) if d.name in active[k]]
        if not ks:
            continue
        js = [s_index[s] for s in sectors.sources_in(d.source) if s in s_index]
        if not js:
            continue
        if d.rate is not None:
            series = (1.0 + d.rate_per_year()) ** (years - meta.base_year)
            if isinstance(d.rate, Dist):
                mm = np.flatnonzero(_selector_mask(plan, d.municipality, m_index))
                slots.append(ParamSlot(f"driver[{di}].rate", "rate", d.rate,
                                       _conversion(d.rate.unit, "1/yr"), cells=(
                                           tuple(ks), tuple(js), tuple(int(x) for x in mm))))
        else:
            kx = np.array(sorted(d.index), dtype=float)
            ky = np.array([d.index[int(x)] for x in kx], dtype=float)
            series = np.interp(years, kx, ky) / np.interp(meta.base_year, kx, ky)
        mmask = _selector_mask(plan, d.municipality, m_index)
        sel = np.ix_(np.flatnonzero(mmask), js, np.arange(T), ks)
        with np.errstate(over="ignore", invalid="ignore"):
            driver[sel] *= series[None, None, :, None]
    if not np.isfinite(driver).all():
        m, j, t, k = (int(x) for x in np.argwhere(~np.isfinite(driver))[0])
        on = [f"driver[{i}].{'rate' if d.rate is not None else 'index'}"
              for i, d in enumerate(plan.driver, 1) if source_ids[j] in sectors.sources_in(d.source)]
        problems.append(Problem(on[0] if on else "driver",
                                f"the drivers of {source_ids[j]!r} ({', '.join(on)}) multiply "
                                f"beyond 1e308 by {int(years[t])} in scenario {scenarios[k]!r}; "
                                "give smaller rates or a shorter horizon", None))
        raise PlanError(problems)

    # ---- actions, in declared order
    rows: list[ActionRow] = []
    in_scenario = [set(plan.scenario_actions(s)) for s in scenarios]  # once per scenario
    for i, a in enumerate(plan.action, 1):
        loc = f"action[{i}]"
        mmask = _selector_mask(plan, a.municipality, m_index)
        smask = np.array([a.name in names for names in in_scenario], dtype=bool)
        share = 1.0 if a.share is None else (a.share.mean() if isinstance(a.share, Dist)
                                             else a.share)
        full = a.full.mean() if isinstance(a.full, Dist) else float(a.full)
        if isinstance(a.share, Dist):
            slots.append(ParamSlot(f"action[{i}].share", "share", a.share, 1.0,
                                   action=len(rows)))
        if isinstance(a.full, Dist):
            slots.append(ParamSlot(f"action[{i}].full", "full", a.full, 1.0, action=len(rows)))
        common = dict(name=a.name, share=share,
                      start=float(a.start), full=full, curve=a.curve,
                      steepness=a.steepness, p=a.p, q=a.q, lifetime=a.lifetime or 0.0,
                      survival=a.survival, shape=a.shape, sales_curve=a.sales_curve,
                      municipalities=mmask, scenarios=smask)
        try:
            if a.kind == "reduce":
                rows.append(ActionRow(kind="reduce", source=s_index[a.source], **common))
            elif a.kind == "switch":
                f_src, t_src = sectors.get_source(a.from_), sectors.get_source(a.to)
                conv = _switch_conversion(a, f_src, t_src)
                rows.append(ActionRow(kind="switch", source=s_index[a.from_], dest=s_index[a.to],
                                      conversion=conv, **common))
            elif a.kind in ("remove", "add"):
                src = sectors.get_source(a.source)
                if src.emission_level:
                    raise ValueError(f"source {src.id!r} is known only as emissions; '{a.kind}' "
                                     "adds activity to a source that has an activity unit")
                act = central(a.activity)
                value = _q_in(check_dimension(act, src.activity_unit,
                                              what=f"an activity of {src.id!r}",
                                              raw=f"{act:~P}"), src.activity_unit)
                if value < 0:
                    raise ValueError(f"expected a non-negative activity, got '{act:~P}'")
                if isinstance(a.activity, Dist):
                    slots.append(ParamSlot(f"action[{i}].activity", "action_activity",
                                           a.activity, _conversion(a.activity.unit,
                                                                   src.activity_unit),
                                           action=len(rows)))
                if a.kind == "remove" and not src.removal:
                    raise ValueError(f"'remove' adds activity to a removal source; {src.id!r} "
                                     "is not one (use e.g. removals.biogenic_ccs)")
                rows.append(ActionRow(kind="add", source=s_index[a.source],
                                      value=np.where(mmask, value, 0.0), **common))
            elif a.source is not None:
                src = sectors.get_source(a.source)
                if src.emission_level:
                    raise ValueError(f"source {src.id!r} is known only as emissions; decarbonise "
                                     "a source with an activity, or use 'reduce'")
                rows.append(ActionRow(kind="decarbonise_source", source=s_index[a.source],
                                      value=_target_factor(a, src.activity_unit, slots,
                                                           len(rows), loc,
                                                           negative=src.removal), **common))
            else:
                rows.append(ActionRow(kind="decarbonise_carrier", carrier=c_index[a.carrier],
                                      value=_target_factor(a, CARRIER_UNIT, slots, len(rows),
                                                           loc), **common))
        except ValueError as exc:
            field = {"switch": "conversion", "remove": "activity", "add": "activity"}.get(
                a.kind, "factor")
            problems.append(Problem(f"{loc}.{field}", str(exc), None))
    # activity moved or added into a source with no sourced default factor needs a factor on
    # an inventory line of that municipality, otherwise it would count as zero emissions
    with_factor = {(plan.line_municipality(x.municipality), x.source) for x in plan.inventory
                   if x.factor or x.emissions is not None}
    for i, a in enumerate(plan.action, 1):
        into = a.to if a.kind == "switch" else (a.source if a.kind in ("add", "remove") else None)
        if into is None or sectors.get_source(into).has_default_factor:
            continue
        missing = [c for c in plan.select(a.municipality) if (c, into) not in with_factor]
        if missing:
            problems.append(Problem(
                f"action[{i}].{'to' if a.kind == 'switch' else 'source'}",
                f"action {a.name!r} moves activity into {into!r}, which has no sourced default "
                f"factor; give an [[inventory]] line for it (activity 0 is fine) with a 'factor' "
                f"in municipality {', '.join(missing[:5])}", into))
    if problems:
        raise PlanError(problems)

    srcs = [sectors.get_source(s) for s in source_ids]
    coords = {
        "municipality_name": [m.name or m.code for m in plan.municipality],
        "region": [m.region or "" for m in plan.municipality],
        "population": [m.population if m.population is not None else -1 for m in plan.municipality],
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
    # hand the engine its layout: municipality axis last and contiguous, scenario first
    c = np.ascontiguousarray
    return Model(
        municipalities=tuple(codes),
        sources=tuple(source_ids),
        gases=GASES,
        years=years,
        scenarios=tuple(scenarios),
        carriers=tuple(carriers),
        activity0=c(activity0.T),
        own_factor=c(own.transpose(1, 2, 3, 0)),
        carrier_weight=c(weight.T),
        inv_efficiency=c(inv_eff.T),
        carrier_of=carrier_of,
        carrier_factor=c(carrier_factor_arr.transpose(1, 2, 3, 0)),
        driver=c(driver.transpose(3, 1, 2, 0)),
        gwp=gwp_array(meta.gwp),
        actions=tuple(rows),
        removal=np.array([s.removal for s in srcs], dtype=bool),
        produces=np.array([c_index[s.produces] if s.produces else -1 for s in srcs], dtype=int),
        netted=np.array([meta.electricity_method == "local_netted" and c == "electricity"
                         for c in carriers], dtype=bool),
        coords=coords,
        attrs=attrs,
        params=tuple(_labelled(plan, slots)),
        own_zero=~own.any(axis=(0, 2, 3)),
        labels=_input_labels(plan, s_index),
    )


#: Bytes COMPILE may allocate for a plan's arrays (half the machine's memory, as the engine).
def _memory_limit() -> int:
    import os

    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2)
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return 4 << 30


def _check_compile_size(M: int, S: int, G: int, C: int, T: int, K: int, A: int) -> None:
    """Refuse a plan whose compiled arrays would not fit, before any is allocated."""
    need = 8 * (M * S * G * T + M * C * G * T + M * S * T * K + 4 * M * S + A * M)
    limit = _memory_limit()
    if need > limit:
        raise PlanError([Problem("municipality", f"this plan's arrays need about "
                                 f"{need / 2**30:.1f} GiB ({M} municipalities × {S} sources × "
                                 f"{T} years × {K} scenarios), more than the "
                                 f"{limit / 2**30:.1f} GiB allowed on this machine; split the "
                                 "plan into smaller ones", M)])


def _input_labels(plan: Plan, s_index: dict[str, int]) -> dict:
    """For the engine's messages: the plan fields that reach each source (by index)."""
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
        key = {"switch": "share", "reduce": "share", "add": "activity",
               "remove": "activity"}.get(a.kind, "factor")
        for s in (a.source, a.from_, a.to):
            if s in s_index:
                reach[s_index[s]].append(f"action[{i}].{key}")
    return {"source_inputs": {j: tuple(v) for j, v in reach.items()}}


def _switch_conversion(a: Action, f_src: sectors.Source, t_src: sectors.Source) -> float:
    """Units of the 'to' activity per unit of the 'from' activity (the service is conserved)."""
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
