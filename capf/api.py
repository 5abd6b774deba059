"""The public entry points that chain the stages: plan → model → result."""

from __future__ import annotations

import weakref

import xarray as xr

from . import engine
from .compile import compile_plan
from .spec.models import Plan

__all__ = ["project", "compile_cached"]

# compiled models by id() of the (frozen, immutable) plan object; an entry is
# dropped when its plan is garbage-collected.
_CACHE: dict[int, engine.Model] = {}


def compile_cached(plan: Plan) -> engine.Model:
    """Compile ``plan``, reusing the arrays of an earlier call on the same plan object."""
    key = id(plan)
    model = _CACHE.get(key)
    if model is None:
        model = compile_plan(plan)
        _CACHE[key] = model
        weakref.finalize(plan, _CACHE.pop, key, None)
    return model


def project(plan: Plan, *, wedges: bool = True, activity: bool = False) -> xr.Dataset:
    """Project a plan's emissions for every municipality, source, gas, year and scenario.

    Parameters
    ----------
    plan : capf.Plan
        A validated plan (:func:`capf.load_plan`, ``capf.Plan.model_validate``,
        :func:`capf.datasets.denmark`).
    wedges : bool, default True
        Include ``wedge``: the CO2e each action avoids (t CO2e/yr).
    activity : bool, default False
        Include ``activity`` (unit per source in the ``activity_unit`` coordinate).

    Returns
    -------
    xarray.Dataset
        ``emissions`` (municipality, source, gas, year, scenario) in t/yr of each
        gas, ``co2e`` (municipality, source, year, scenario) in t CO2e/yr under
        ``attrs["gwp_context"]``, coordinates ``sector`` and ``subsector`` on
        ``source`` and ``municipality_name`` and ``region`` on ``municipality``.

    Examples
    --------
    >>> import capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> sorted(ds.data_vars)
    ['co2e', 'emissions', 'wedge']
    >>> ds.co2e.attrs["units"]
    't CO2e / yr'
    """
    model = compile_cached(plan)
    result = engine.run(model, wedges=wedges)
    return engine.to_dataset(model, result, activity=activity)
