"""Per-plan caches of what COMPILE builds (the model, the targets in t CO2e).

Plans are frozen, so what is compiled from a plan object never changes: it is kept
while the plan lives (keyed by ``id(plan)``; the entry is dropped when the plan is
garbage-collected, so an id is never reused for a stale entry).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from ..plan.models import Plan
from .targets import CompiledTargets, compile_targets

__all__ = ["PlanCache", "compiled_targets"]

T = TypeVar("T")


class PlanCache(Generic[T]):
    """``build(plan)``, computed once per plan object.

    Parameters
    ----------
    build : callable
        ``build(plan) -> T``; called on the first :meth:`get` of a plan.

    Examples
    --------
    >>> import capf
    >>> calls = []
    >>> cache = PlanCache(lambda plan: calls.append(1) or len(calls))
    >>> plan = capf.testing.example_plan()
    >>> cache.get(plan), cache.get(plan), len(calls)
    (1, 1, 1)
    """

    def __init__(self, build: Callable[[Plan], T]):
        self.build = build
        self._items: dict[int, T] = {}

    def get(self, plan: Plan) -> T:
        """What ``build`` makes of ``plan`` (built on the first call for this plan object).

        Parameters
        ----------
        plan : capf.Plan
            A validated (frozen) plan.

        Examples
        --------
        >>> import capf
        >>> cache = PlanCache(lambda plan: plan.plan.name)
        >>> cache.get(capf.testing.example_plan())
        'Rewetting and heat pumps'
        """
        key = id(plan)
        if key in self._items:
            return self._items[key]
        value = self.build(plan)
        self._items[key] = value
        weakref.finalize(plan, self._items.pop, key, None)
        return value


_TARGETS: PlanCache[CompiledTargets] = PlanCache(compile_targets)


def compiled_targets(plan: Plan) -> CompiledTargets:
    """The plan's levels, targets and budgets in t CO2e, compiled once per plan object.

    Parameters
    ----------
    plan : capf.Plan
        A validated plan.

    Returns
    -------
    CompiledTargets

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> compiled_targets(plan) is compiled_targets(plan)
    True
    """
    return _TARGETS.get(plan)
