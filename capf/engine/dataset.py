"""Wrapping engine arrays into the xarray result (dimension names as in DESIGN.md)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .core import EngineResult
from .model import Model

__all__ = ["to_dataset"]

EMISSIONS_UNITS = "t / yr"
CO2E_UNITS = "t CO2e / yr"


def to_dataset(model: Model, result: EngineResult, *, activity: bool = False) -> xr.Dataset:
    """Build the result :class:`xarray.Dataset` of a projection.

    Variables: ``emissions`` (municipality, source, gas, year, scenario) in t of
    each gas per year; ``co2e`` (municipality, source, year, scenario) in
    t CO2e/yr under ``attrs["gwp_context"]``; ``wedge`` (municipality, action,
    year, scenario) in t CO2e/yr; with ``activity=True`` also ``activity``
    whose unit differs by source (coordinate ``activity_unit``; emission-level
    lines hold an index, 1 in the base year).
    """
    c = model.coords
    coords = {
        "municipality": ("municipality", list(model.municipalities)),
        "municipality_name": ("municipality", c.get("municipality_name",
                                                    list(model.municipalities))),
        "region": ("municipality", c.get("region", [""] * len(model.municipalities))),
        "source": ("source", list(model.sources)),
        "sector": ("source", c["sector"]),
        "subsector": ("source", c["subsector"]),
        "removal": ("source", np.asarray(model.removal, dtype=bool)),
        "gas": ("gas", list(model.gases)),
        "year": ("year", model.years.astype(int)),
        "scenario": ("scenario", list(model.scenarios)),
    }
    gwp_context = model.attrs.get("gwp_context", "")
    data_vars = {
        "emissions": (("municipality", "source", "gas", "year", "scenario"), result.emissions,
                      {"units": EMISSIONS_UNITS, "long_name": "emissions by gas",
                       "description": "t of each gas per year; CO2e and F-gases entries are "
                       "already CO2-equivalents"}),
        "co2e": (("municipality", "source", "year", "scenario"), result.co2e,
                 {"units": CO2E_UNITS, "long_name": "emissions in CO2-equivalents",
                  "gwp_context": gwp_context}),
    }
    if result.wedges is not None:
        coords["action"] = ("action", [a.name for a in model.actions])
        coords["action_kind"] = ("action", [a.kind for a in model.actions])
        data_vars["wedge"] = (("municipality", "action", "year", "scenario"), result.wedges,
                              {"units": CO2E_UNITS, "long_name": "reduction delivered by action",
                               "gwp_context": gwp_context,
                               "description": "CO2e avoided by each action in declared order; "
                               "the wedges of a scenario add up to BAU minus the scenario"})
    if activity:
        coords["activity_unit"] = ("source", c["activity_unit"])
        data_vars["activity"] = (("municipality", "source", "year", "scenario"), result.activity,
                                 {"long_name": "activity",
                                  "description": "unit per source in coordinate activity_unit; "
                                  "emission-level lines hold an index (1 in the base year)"})
    ds = xr.Dataset(data_vars, coords=coords, attrs=dict(model.attrs))
    # net (removals included) and gross (removals left out) totals, so net zero is explicit
    removal = xr.DataArray(np.asarray(model.removal, dtype=bool), dims="source")
    ds["co2e_net"] = ds["co2e"].sum("source")
    ds["co2e_net"].attrs = {"units": CO2E_UNITS, "long_name": "net emissions (removals "
                            "included)", "gwp_context": gwp_context}
    ds["co2e_gross"] = ds["co2e"].where(~removal, 0.0).sum("source")
    ds["co2e_gross"].attrs = {"units": CO2E_UNITS, "long_name": "gross emissions (removals "
                              "left out)", "gwp_context": gwp_context}
    return ds
