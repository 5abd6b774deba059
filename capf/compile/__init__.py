"""COMPILE stage: a validated :class:`capf.Plan` becomes a :class:`capf.engine.Model`.

All unit conversion happens here, once per distinct input unit: every
quantity is converted to the engine's canonical units (activity in the
catalogue unit of its source; factors in t of gas per unit of activity;
carrier factors in t per MWh; targets and budgets in t CO2e). Beyond this package
there is no pint and no pydantic. One module per concern, called in this order by
:func:`compile_plan`: :mod:`~capf.compile.inventory` (layout, base year, with the
default factors of :mod:`~capf.compile.factors`), :mod:`~capf.compile.drivers`,
:mod:`~capf.compile.actions`, :mod:`~capf.compile.uncertainty`; and
:mod:`~capf.compile.targets` for ASSESS, :mod:`~capf.compile.cache` for both.
"""

from __future__ import annotations

import numpy as np

from .. import sectors
from ..engine.model import Model
from ..errors import PlanError, Problem
from ..plan.models import Plan
from ..units import GASES, gwp_array
from .actions import action_rows
from .cache import PlanCache, compiled_targets
from .drivers import driver_array
from .factors import CARRIER_UNIT, carrier_factor, default_factor
from .inventory import coords_and_attrs, input_labels, inventory, layout
from .targets import CompiledTargets, compile_targets
from .uncertainty import param_slots

__all__ = [
    "CARRIER_UNIT",
    "CompiledTargets",
    "carrier_factor",
    "compile_cached",
    "compile_plan",
    "compile_targets",
    "compiled_targets",
    "default_factor",
]


def compile_plan(plan: Plan) -> Model:
    """Compile a validated plan into dense arrays.

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.

    Returns
    -------
    capf.engine.Model
        Activity in each source's unit, factors in t of gas per unit (t per MWh for
        carriers), drivers dimensionless, GWP in kg CO2e per kg of gas.

    Raises
    ------
    capf.errors.PlanError
        For problems that only show once the plan is put together (an action on a
        line given as emissions, a switch between sources of different units
        without a ``conversion``).

    Examples
    --------
    >>> import capf
    >>> model = compile_plan(capf.testing.example_plan())
    >>> model.scenarios, model.activity0.shape[1]
    (('bau', 'plan'), 1)
    """
    lay = layout(plan)
    _check_compile_size(*lay.sizes, len(plan.action))
    inv = inventory(plan, lay)
    driver = driver_array(plan, lay)
    rows = action_rows(plan, lay)
    meta = plan.plan
    coords, attrs = coords_and_attrs(plan, lay, inv.defaults_used)
    srcs = [sectors.get_source(s) for s in lay.source_ids]
    c_index = lay.c_index
    # hand the engine its layout: municipality axis last and contiguous, scenario first
    c = np.ascontiguousarray
    return Model(
        municipalities=lay.codes,
        sources=lay.source_ids,
        gases=GASES,
        years=lay.years,
        scenarios=lay.scenarios,
        carriers=lay.carriers,
        activity0=c(inv.activity0.T),
        own_factor=c(inv.own.transpose(1, 2, 3, 0)),
        carrier_weight=c(inv.weight.T),
        inv_efficiency=c(inv.inv_eff.T),
        carrier_of=inv.carrier_of,
        carrier_factor=c(inv.carrier_factor.transpose(1, 2, 3, 0)),
        driver=c(driver.transpose(3, 1, 2, 0)),
        gwp=gwp_array(meta.gwp),
        actions=rows,
        removal=np.array([s.removal for s in srcs], dtype=bool),
        produces=np.array([c_index[s.produces] if s.produces else -1 for s in srcs], dtype=int),
        netted=np.array([meta.electricity_method == "local_netted" and c == "electricity"
                         for c in lay.carriers], dtype=bool),
        coords=coords,
        attrs=attrs,
        params=param_slots(plan, lay),
        own_zero=~inv.own.any(axis=(0, 2, 3)),
        labels=input_labels(plan, lay.s_index),
    )


_MODELS: PlanCache[Model] = PlanCache(compile_plan)


def compile_cached(plan: Plan) -> Model:
    """Compile ``plan``, reusing the arrays of an earlier call on the same plan object.

    Parameters
    ----------
    plan : capf.Plan
        A validated (frozen) plan; its model is kept while the plan object lives.

    Returns
    -------
    capf.engine.Model
        As :func:`compile_plan`; the same object on every call for this plan.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> compile_cached(plan) is compile_cached(plan)
    True
    """
    return _MODELS.get(plan)


def _memory_limit() -> int:
    """Bytes COMPILE may allocate for a plan's arrays (half the machine's memory, as the engine)."""
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
