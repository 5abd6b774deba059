"""Wrapping engine arrays into the xarray result (dimension names as in DESIGN.md)."""

from __future__ import annotations

import weakref

import numpy as np
import xarray as xr

from .core import EngineResult
from .model import Model

__all__ = ["to_dataset"]

EMISSIONS_UNITS = "t / yr"
CO2E_UNITS = "t CO2e / yr"


# Coordinates (with their pandas indexes) are built once per compiled model and
# reused by every projection of it: for a small plan they cost more than the
# projection itself. Keyed by the model's id and dropped when the model is.
_COORDS: dict[tuple, xr.Coordinates] = {}


def _readonly(values) -> np.ndarray:
    a = np.array(values)
    a.setflags(write=False)  # shared between results: not to be changed in place
    return a


def _variable(dims: tuple[str, ...], data, attrs: dict | None = None) -> xr.Variable:
    """An :class:`xarray.Variable`; a plain numeric ndarray is taken as it is.

    Without ``fastpath`` xarray asks whether ``data`` is a dask array, which imports
    ``dask.array`` (and scipy through it, ~0.4 s) when dask is installed. For a plain
    ndarray of numbers or strings that question has one answer: what xarray would keep
    is the array itself. Anything else (dask arrays, objects, datetimes) takes xarray's
    usual path.
    """
    if type(data) is np.ndarray and data.dtype.kind in "biufcUSb":
        return xr.Variable(dims, data, attrs, fastpath=True)
    return xr.Variable(dims, data, attrs)


def _nansum(a: np.ndarray, axis: int) -> np.ndarray:
    """``a`` summed over ``axis`` as xarray sums floats (NaN as 0), on the array itself:
    what ``DataArray.sum(dim)`` gives, bit for bit, without building a DataArray."""
    if a.dtype.kind in "fc":
        a = np.where(np.isnan(a), np.zeros_like(a), a)
    return np.sum(a, axis=axis)


def _coordinates(model: Model, wedges: bool, activity: bool) -> xr.Coordinates:
    key = (id(model), wedges, activity)
    cached = _COORDS.get(key)
    if cached is not None:
        return cached
    c = model.coords
    M = len(model.municipalities)
    coords = {
        "municipality": ("municipality", _readonly(list(model.municipalities))),
        "municipality_name": ("municipality", _readonly(c.get("municipality_name",
                                                              list(model.municipalities)))),
        "region": ("municipality", _readonly(c.get("region", [""] * M))),
        "source": ("source", _readonly(list(model.sources))),
        "sector": ("source", _readonly(c["sector"])),
        "subsector": ("source", _readonly(c["subsector"])),
        "removal": ("source", _readonly(np.asarray(model.removal, dtype=bool))),
        "gas": ("gas", _readonly(list(model.gases))),
        "year": ("year", _readonly(model.years.astype(int))),
        "scenario": ("scenario", _readonly(list(model.scenarios))),
    }
    if wedges:
        coords["action"] = ("action", _readonly([a.name for a in model.actions]))
        coords["action_kind"] = ("action", _readonly([a.kind for a in model.actions]))
    if activity:
        coords["activity_unit"] = ("source", _readonly(c["activity_unit"]))
    out = xr.Coordinates({name: _variable((dim,), values) for name, (dim, values)
                          in coords.items()})
    _COORDS[key] = out
    weakref.finalize(model, _COORDS.pop, key, None)
    return out


def to_dataset(model: Model, result: EngineResult, *, activity: bool = False) -> xr.Dataset:
    """Build the result :class:`xarray.Dataset` of a projection.

    Variables: ``emissions`` (municipality, source, gas, year, scenario) in t of
    each gas per year; ``co2e`` (municipality, source, year, scenario) in
    t CO2e/yr under ``attrs["gwp_context"]``; ``co2e_net`` and ``co2e_gross``
    (municipality, year, scenario): the sum over sources with and without the
    removals; ``wedge`` (municipality, action, year, scenario) in t CO2e/yr; with
    ``activity=True`` also ``activity`` whose unit differs by source (coordinate
    ``activity_unit``; emission-level lines hold an index, 1 in the base year).
    The arrays may be numpy or dask arrays.

    Parameters
    ----------
    model : capf.engine.Model
        The model projected (names, coordinates, attributes).
    result : EngineResult
        Its arrays.
    activity : bool, default False
        Also return the activity.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> ds = to_dataset(model, capf.engine.run(model))
    >>> ds.co2e.dims
    ('municipality', 'source', 'year', 'scenario')
    """
    gwp_context = model.attrs.get("gwp_context", "")
    V = _variable
    co2e = result.co2e
    removal = np.asarray(model.removal, dtype=bool)[None, :, None, None]
    data_vars = {
        "emissions": V(("municipality", "source", "gas", "year", "scenario"), result.emissions,
                       {"units": EMISSIONS_UNITS, "long_name": "emissions by gas",
                        "description": "t of each gas per year; CO2e and F-gases entries are "
                        "already CO2-equivalents"}),
        "co2e": V(("municipality", "source", "year", "scenario"), co2e,
                  {"units": CO2E_UNITS, "long_name": "emissions in CO2-equivalents",
                   "gwp_context": gwp_context}),
    }
    if result.wedges is not None:
        data_vars["wedge"] = V(("municipality", "action", "year", "scenario"), result.wedges,
                               {"units": CO2E_UNITS, "long_name": "reduction delivered by action",
                                "gwp_context": gwp_context,
                                "description": "CO2e avoided by each action in declared order; "
                                "the wedges of a scenario add up to BAU minus the scenario"})
    if activity:
        data_vars["activity"] = V(("municipality", "source", "year", "scenario"),
                                  result.activity,
                                  {"long_name": "activity",
                                   "description": "unit per source in coordinate activity_unit; "
                                   "emission-level lines hold an index (1 in the base year)"})
    # net (removals included) and gross (removals left out) totals, so net zero is explicit
    data_vars["co2e_net"] = V(("municipality", "year", "scenario"), co2e.sum(axis=1),
                              {"units": CO2E_UNITS, "long_name": "net emissions (removals "
                               "included)", "gwp_context": gwp_context})
    data_vars["co2e_gross"] = V(("municipality", "year", "scenario"),
                                np.where(removal, 0.0, co2e).sum(axis=1),
                                {"units": CO2E_UNITS, "long_name": "gross emissions (removals "
                                 "left out)", "gwp_context": gwp_context})
    coords = _coordinates(model, result.wedges is not None, activity)
    return xr.Dataset(data_vars, coords=coords, attrs=dict(model.attrs))
