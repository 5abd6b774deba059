"""The ``ds.capf`` accessor: conveniences on results, each a thin wrapper over a public function.

Importing this module registers the accessor on :class:`xarray.Dataset`
(``xr.register_dataset_accessor("capf")``); results are never subclassed.

============================  =============================================
``ds.capf.total()``           :func:`capf.assess.total`
``ds.capf.by_sector()``       :func:`capf.assess.by_sector`
``ds.capf.co2e(gwp=...)``     :func:`with_gwp`
``ds.capf.plot.<kind>(...)``  :mod:`capf.plot` (``trajectory``, ``sectors``,
                              ``wedges``, ``waterfall``, ``small_multiples``)
============================  =============================================

Examples
--------
>>> import capf, capf.accessor
>>> ds = capf.project(capf.testing.example_plan())
>>> ds4 = ds.capf.co2e(gwp="AR4GWP100", plan=capf.testing.example_plan())
>>> ds4.attrs["gwp_context"], ds4["co2e"].attrs["gwp_context"]
('AR4GWP100', 'AR4GWP100')
>>> round(float(ds4.capf.total().sel(year=2030, scenario="plan").sum()))
53494
"""

from __future__ import annotations

import functools
import inspect
import logging
import warnings

import numpy as np
import xarray as xr

from .errors import CapfWarning

__all__ = ["CapfAccessor", "with_gwp"]

log = logging.getLogger(__name__)


def with_gwp(ds: xr.Dataset, gwp: str, plan=None) -> xr.Dataset:
    """The result with ``co2e`` recomputed from ``emissions`` under another GWP set.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` with ``emissions`` (t of each gas per year).
    gwp : {"AR4GWP100", "AR5GWP100", "AR6GWP100"}
        The GWP set (:func:`capf.units.gwp_values`).
    plan : capf.Plan, optional
        The plan ``ds`` was projected from: ``wedge`` is then recomputed under
        ``gwp`` (the plan projected again with that GWP set) instead of dropped.
        Only for a deterministic result (not a Monte-Carlo mean).

    Returns
    -------
    xarray.Dataset
        A copy with ``co2e`` = Σ_gas emissions × GWP (t CO2e/yr) and
        ``attrs["gwp_context"]`` set to ``gwp`` on the Dataset and on ``co2e``.
        Figures given only as CO2e (gas ``CO2e``) and F-gases (held as CO2e)
        count with weight 1, so they stay as they are. Other variables in CO2e
        that cannot be recomputed from ``emissions`` (``wedge``, and in a
        Monte-Carlo result ``co2e_sd``, ``sector_samples``, ``total_quantile``,
        ...) are dropped rather than left under the old GWP set, with a
        :class:`capf.errors.CapfWarning`; their names are in
        ``attrs["dropped_with_gwp_change"]``. Give ``plan`` to keep ``wedge``.

    Examples
    --------
    >>> import capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> ds6 = with_gwp(ds, "AR6GWP100", plan=capf.testing.example_plan())
    >>> "wedge" in ds6, ds6["wedge"].attrs["gwp_context"]
    (True, 'AR6GWP100')
    """
    from .units import gwp_values

    values = gwp_values(gwp)  # raises ValueError for an unknown set
    if "emissions" not in ds:
        raise ValueError("recomputing CO2e needs the 'emissions' variable (t of each gas per "
                         "year) of a capf result")
    gases = [str(g) for g in ds["gas"].values]
    unknown = [g for g in gases if g not in values]
    if unknown:
        raise ValueError(f"no GWP for gas {', '.join(unknown)} in {gwp}")
    w = xr.DataArray([values[g] for g in gases], dims="gas", coords={"gas": gases})
    co2e = (ds["emissions"] * w).sum("gas")
    old = ds["co2e"].attrs if "co2e" in ds else {}
    co2e.attrs = {**old, "units": old.get("units", "t CO2e / yr"), "gwp_context": gwp}
    keep = {"emissions", "activity", "co2e", "co2e_net", "co2e_gross"}
    wedge = None
    if plan is not None and "wedge" in ds:
        wedge = _wedge_under(ds, plan, gwp)
        keep.add("wedge")
    drop = [str(v) for v in ds.data_vars if str(v) not in keep
            and ("CO2e" in str(ds[v].attrs.get("units", "")) or "gwp_context" in ds[v].attrs)]
    co2e = co2e.transpose(*ds["co2e"].dims) if "co2e" in ds else co2e
    out = ds.drop_vars(drop).assign(co2e=co2e)
    if wedge is not None:
        out["wedge"] = wedge
    if "co2e_net" in ds:  # the totals follow the recomputed co2e
        removal = ds["removal"] if "removal" in ds.coords else xr.zeros_like(ds["source"], bool)
        out["co2e_net"] = co2e.sum("source").assign_attrs({**ds["co2e_net"].attrs,
                                                           "gwp_context": gwp})
        out["co2e_gross"] = co2e.where(~removal, 0.0).sum("source").assign_attrs(
            {**ds["co2e_gross"].attrs, "gwp_context": gwp})
    out.attrs = {**ds.attrs, "gwp_context": gwp}
    if drop:
        out.attrs["dropped_with_gwp_change"] = ", ".join(drop)
        hint = (" (give plan= to recompute the wedges)" if "wedge" in drop and plan is None
                else "")
        warnings.warn(f"CO2e recomputed under {gwp}; dropped {', '.join(drop)}, which cannot be "
                      f"recomputed from emissions{hint}", CapfWarning, stacklevel=3)
    return out


def _wedge_under(ds: xr.Dataset, plan, gwp: str) -> xr.DataArray:
    """``wedge`` of ``plan`` projected under the GWP set ``gwp``, checked against ``ds``."""
    from .api import project
    from .errors import CapfError
    from .plan.models import Plan

    if ds.attrs.get("statistic") == "mean" or "sector_samples" in ds:
        raise CapfError("plan= recomputes the wedges of a deterministic result; this one is a "
                        "Monte-Carlo mean (project the plan with the other gwp instead)")
    data = plan.model_dump(mode="python", by_alias=True, exclude_none=True)
    data["plan"]["gwp"] = gwp
    again = project(Plan.model_validate(data))
    w = again["wedge"]
    for dim in ("municipality", "action", "year", "scenario"):
        if dim in ds["wedge"].dims and not np.array_equal(ds[dim].values, w[dim].values):
            raise CapfError(f"plan= is not the plan this result was projected from (its "
                            f"{dim} differ)")
    return w.transpose(*ds["wedge"].dims).assign_attrs({**ds["wedge"].attrs, "gwp_context": gwp})
class _PlotMethod:
    """A method of ``ds.capf.plot``: the function of that name in :mod:`capf.plot` called with
    this result as ``ds``, with the function's name and docstring (``functools.wraps``), so
    ``help()`` and Jupyter show its parameters. :mod:`capf.plot` (matplotlib) is imported at
    the first use, not with capf."""

    def __init__(self, name: str):
        self._name = name

    def __get__(self, obj, cls=None):
        from . import plot

        func = getattr(plot, self._name)
        if obj is None:
            return func

        @functools.wraps(func)
        def method(*args, **kw):
            return func(obj._ds, *args, **kw)

        sig = inspect.signature(func)  # without ``ds``, as for a bound method
        method.__signature__ = sig.replace(parameters=list(sig.parameters.values())[1:])
        return method


class _PlotMethods:
    """``ds.capf.plot``: the figures of :mod:`capf.plot` on this result.

    Each method is the function of the same name in :mod:`capf.plot` with this
    result as ``ds``; its docstring is that function's.
    """

    _KINDS = ("trajectory", "sectors", "wedges", "waterfall", "small_multiples", "macc", "fan")

    def __init__(self, ds: xr.Dataset):
        self._ds = ds

    trajectory = _PlotMethod("trajectory")
    sectors = _PlotMethod("sectors")
    wedges = _PlotMethod("wedges")
    waterfall = _PlotMethod("waterfall")
    small_multiples = _PlotMethod("small_multiples")
    macc = _PlotMethod("macc")
    fan = _PlotMethod("fan")

    def __dir__(self):
        return list(self._KINDS)


@xr.register_dataset_accessor("capf")
class CapfAccessor:
    """Conveniences on a capf result (``ds.capf``); see the module docstring.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (t CO2e/yr); xarray passes it when
        ``ds.capf`` is first used.

    Examples
    --------
    >>> import capf, capf.accessor
    >>> ds = capf.project(capf.testing.example_plan())
    >>> isinstance(ds.capf, CapfAccessor), sorted(dir(ds.capf.plot))[:2]
    (True, ['fan', 'macc'])
    """

    def __init__(self, ds: xr.Dataset):
        self._ds = ds

    def total(self) -> xr.DataArray:
        """Net CO2e (municipality, year, scenario), t CO2e/yr: :func:`capf.assess.total`.

        Parameters
        ----------
        None
            The result is the accessor's Dataset.

        Returns
        -------
        xarray.DataArray
            Net CO2e in t CO2e/yr.

        Examples
        --------
        >>> import capf, capf.accessor
        >>> ds = capf.project(capf.testing.example_plan())
        >>> ds.capf.total().dims
        ('municipality', 'year', 'scenario')
        """
        from .assess import total

        return total(self._ds)

    def by_sector(self) -> xr.DataArray:
        """CO2e by sector, t CO2e/yr: :func:`capf.assess.by_sector`.

        Parameters
        ----------
        None
            The result is the accessor's Dataset.

        Returns
        -------
        xarray.DataArray
            CO2e in t CO2e/yr with a ``sector`` dimension.

        Examples
        --------
        >>> import capf, capf.accessor
        >>> ds = capf.project(capf.testing.example_plan())
        >>> [str(s) for s in ds.capf.by_sector()["sector"].values]
        ['buildings', 'lowland_soils', 'transport']
        """
        from .assess import by_sector

        return by_sector(self._ds)

    def co2e(self, gwp: str, plan=None) -> xr.Dataset:
        """This result with ``co2e`` recomputed under the GWP set ``gwp`` (:func:`with_gwp`).

        Parameters
        ----------
        gwp : {"AR4GWP100", "AR5GWP100", "AR6GWP100"}
            The GWP set.
        plan : capf.Plan, optional
            The plan of the result: ``wedge`` is then recomputed too instead of
            dropped with a warning.

        Returns
        -------
        xarray.Dataset
            ``co2e`` in t CO2e/yr under ``gwp`` (``attrs["gwp_context"]``).

        Examples
        --------
        >>> import capf, capf.accessor
        >>> plan = capf.testing.example_plan()
        >>> capf.project(plan).capf.co2e("AR6GWP100", plan=plan).attrs["gwp_context"]
        'AR6GWP100'
        """
        return with_gwp(self._ds, gwp, plan)

    @property
    def plot(self) -> _PlotMethods:
        """Figures of this result: ``ds.capf.plot.trajectory(plan)``, ``.sectors()``, ..."""
        return _PlotMethods(self._ds)
