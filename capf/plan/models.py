"""The pydantic models of a plan (SPEC stage), gathered in one place.

Every model forbids unknown keys (a typo is an error) and is frozen. Quantities
are parsed and their dimension checked here; they are converted to the
canonical units of the engine in COMPILE. Checks that need the whole plan (years
against the base year, names that refer to each other) run in
:meth:`Plan._check_plan`, which reports every problem it finds at once.
"""

from .actions import Action, Scenario
from .fields import mass_rate
from .inventory import Driver, InventoryLine, Municipality, PlanMeta
from .plan import Plan
from .targets import SCOPES, TARGET_PRESETS, Baseline, Budget, NationalSeries, Observation, Target

__all__ = [
    "Plan", "PlanMeta", "Municipality", "InventoryLine", "Baseline", "NationalSeries",
    "Driver", "Action", "Scenario", "Target", "Budget", "Observation", "SCOPES",
    "TARGET_PRESETS", "mass_rate",
]
