"""Small example plans shared by tests, docs and benchmarks."""

from __future__ import annotations

import copy
from typing import Any

from .spec.models import Plan

__all__ = ["example_plan", "example_plan_dict"]

_EXAMPLE: dict[str, Any] = {
    "plan": {"name": "Rewetting and heat pumps", "base_year": 2023, "end_year": 2050,
             "gwp": "AR5GWP100"},
    "municipality": [{"code": "999", "name": "Example", "population": 40000}],
    "inventory": [
        {"municipality": "999", "source": "lowland_soils.drained_organic_soils",
         "activity": "2000 ha"},
        {"municipality": "999", "source": "buildings.individual_heating.oil_boiler",
         "activity": "5000 MWh/yr"},
        {"municipality": "999", "source": "transport.other", "emissions": "25 kt CO2e/yr"},
    ],
    "baseline": [{"municipality": "999", "year": 1990, "emissions": "160 kt CO2e/yr"}],
    "action": [
        {"name": "rewet_lowland", "kind": "switch",
         "from": "lowland_soils.drained_organic_soils",
         "to": "lowland_soils.rewetted_organic_soils", "share": "50 %", "start": 2025,
         "full": 2030, "curve": "linear"},
        {"name": "heat_pumps", "kind": "switch",
         "from": "buildings.individual_heating.oil_boiler",
         "to": "buildings.individual_heating.heat_pump", "share": "100 %", "start": 2024,
         "full": 2035, "curve": "logistic"},
    ],
    "scenario": [{"name": "bau"}, {"name": "plan", "actions": ["rewet_lowland", "heat_pumps"]}],
    "target": [
        {"name": "Climate Act 2030", "year": 2030, "reduction": "70 %", "relative_to": 1990},
        {"name": "Net zero 2050", "year": 2050, "net_zero": True},
    ],
}


def example_plan_dict() -> dict[str, Any]:
    """The example plan of scenarios/examples/rewetting_and_heat_pumps.toml as a dict."""
    return copy.deepcopy(_EXAMPLE)


def example_plan() -> Plan:
    """The example plan (one municipality, rewetting and heat pumps) as a :class:`capf.Plan`.

    >>> example_plan().plan.base_year
    2023
    """
    return Plan.model_validate(example_plan_dict())
