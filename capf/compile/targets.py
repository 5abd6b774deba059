"""Levels, targets and budgets in plain t CO2e, for ASSESS (which then needs no pint).

Every quantity of ``[[baseline]]``, ``[[observation]]``, ``[[target]]`` and
``[[budget]]`` is converted here, once per plan, to plain floats: levels in
t CO2e/yr, budget amounts in t CO2e. The plan's GWP values (kg CO2e per kg of gas)
come along for levels on a gas scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import PlanError, Problem
from ..plan.fields import co2e_amount, co2e_total
from ..plan.models import Plan
from ..plan.uncertain import central
from ..units import GWP_SETS, gwp_values

__all__ = ["CompiledTargets", "compile_targets"]


@dataclass(frozen=True)
class CompiledTargets:
    """A plan's levels, targets and budgets as plain numbers (index i: the i-th table, from 0).

    Parameters
    ----------
    gwp_set : str
        The plan's GWP set (``[plan] gwp``), e.g. ``"AR5GWP100"``.
    gwp : mapping
        GWP set name -> {gas: kg CO2e per kg of gas}, for every set capf knows.
    baseline_level : tuple of float or None
        Each ``[[baseline]]``'s given level in t CO2e/yr (None: a back-cast or observed one).
    observation_level : tuple of float
        Each ``[[observation]]``'s level in t CO2e/yr.
    observed_by_sector : mapping
        {(municipality code, year, sector): (t CO2e/yr, is estimate)} of the sector
        observations.
    target_level : tuple of float or None
        Each ``[[target]]``'s ``level`` in t CO2e/yr (per inhabitant for a per-capita
        target; None where the target has no level).
    budget_amount, budget_national_amount : tuple of float or None
        Each ``[[budget]]``'s ``amount`` and ``national_amount`` in t CO2e.
    action_cost : mapping
        Action name -> (investment in DKK or None, operating cost in DKK/yr or None,
        lifetime in years or None) of the actions that carry costs (distributions: their
        means; costs are not sampled).

    Examples
    --------
    >>> import capf
    >>> ct = capf.compile.compiled_targets(capf.testing.example_plan())
    >>> ct.observation_level, ct.budget_amount, dict(ct.action_cost)
    ((), (), {})
    """

    gwp_set: str
    gwp: Mapping[str, Mapping[str, float]]
    baseline_level: tuple[float | None, ...]
    observation_level: tuple[float, ...]
    observed_by_sector: Mapping[tuple[str, int, str], tuple[float, bool]]
    target_level: tuple[float | None, ...]
    budget_amount: tuple[float | None, ...]
    budget_national_amount: tuple[float | None, ...]
    action_cost: Mapping[str, tuple[float | None, float | None, float | None]]


def _in(q, unit: str) -> float | None:
    """A cost (a distribution: its mean) in ``unit``; None where not given."""
    return None if q is None else float(central(q).to(unit).magnitude)


def _convert(problems: list[Problem], field: str, q, convert, what: str) -> float | None:
    if q is None:
        return None
    try:
        return convert(q, what)
    except ValueError as exc:  # validated at PLAN time: only a plan built around validation
        problems.append(Problem(field, str(exc), None))
        return None


def compile_targets(plan: Plan) -> CompiledTargets:
    """Convert every level, target and budget of ``plan`` to plain t CO2e.

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.

    Returns
    -------
    CompiledTargets
        Levels in t CO2e/yr, amounts in t CO2e.

    Raises
    ------
    capf.errors.PlanError
        Naming the field of a quantity that is not a CO2e level or amount (the plan's
        validation already refuses these).

    Examples
    --------
    >>> import capf
    >>> ct = compile_targets(capf.testing.example_plan())
    >>> ct.gwp_set, ct.baseline_level, ct.target_level
    ('AR5GWP100', (160000.0,), (None, None))
    """
    problems: list[Problem] = []
    baseline = tuple(_convert(problems, f"baseline[{i}].emissions", b.emissions, co2e_total,
                              "a baseline level") for i, b in enumerate(plan.baseline, 1))
    observation = tuple(_convert(problems, f"observation[{i}].emissions", o.emissions,
                                 co2e_total, "an observed level")
                        for i, o in enumerate(plan.observation, 1))
    target = tuple(_convert(problems, f"target[{i}].level", t.level, co2e_total,
                            "a target level") for i, t in enumerate(plan.target, 1))
    amount = tuple(_convert(problems, f"budget[{i}].amount", b.amount, co2e_amount, "a budget")
                   for i, b in enumerate(plan.budget, 1))
    national = tuple(_convert(problems, f"budget[{i}].national_amount", b.national_amount,
                              co2e_amount, "a budget") for i, b in enumerate(plan.budget, 1))
    if problems:
        raise PlanError(problems)
    by_sector = {(plan.line_municipality(o.municipality), o.year, o.sector):
                 (level, bool(o.estimate))
                 for o, level in zip(plan.observation, observation) if o.sector is not None}
    return CompiledTargets(
        gwp_set=plan.plan.gwp,
        gwp={name: dict(gwp_values(name)) for name in GWP_SETS},
        baseline_level=baseline,
        observation_level=observation,  # type: ignore[arg-type]  # never None: required
        observed_by_sector=by_sector,
        target_level=target,
        budget_amount=amount,
        budget_national_amount=national,
        action_cost={a.name: (_in(a.investment, "DKK"), _in(a.operating, "DKK/yr"),
                              None if a.lifetime is None else float(a.lifetime))
                     for a in plan.action if a.investment is not None or a.operating is not None},
    )
