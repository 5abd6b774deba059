"""SPEC stage: pydantic models of a plan, unit-checked quantities, plan files."""

from .load import load_plan, read_plan_dict
from .models import (
    Action,
    Baseline,
    Budget,
    Driver,
    InventoryLine,
    Municipality,
    NationalSeries,
    Observation,
    Plan,
    PlanMeta,
    Scenario,
    Target,
)

__all__ = [
    "Plan",
    "PlanMeta",
    "Municipality",
    "InventoryLine",
    "Baseline",
    "NationalSeries",
    "Driver",
    "Action",
    "Scenario",
    "Target",
    "Budget",
    "Observation",
    "load_plan",
    "read_plan_dict",
]
