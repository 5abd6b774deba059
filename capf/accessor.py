"""The ``ds.capf`` accessor: conveniences on results, each a thin wrapper over a public function.

Importing this module registers the accessor on :class:`xarray.Dataset`
(``xr.register_dataset_accessor("capf")``); results are never subclassed.

============================  =============================================
``ds.capf.total()``           :func:`capf.pathways.total`
``ds.capf.by_sector()``       :func:`capf.pathways.by_sector`
``ds.capf.co2e(gwp=...)``     :func:`with_gwp`
``ds.capf.plot.<kind>(...)``  :mod:`capf.plot` (``trajectory``, ``sectors``,
                              ``wedges``, ``waterfall``, ``small_multiples``)
============================  =============================================

Examples
--------
>>> import capf, capf.accessor
>>> ds = capf.project(capf.testing.example_plan())
>>> ds4 = ds.capf.co2e(gwp="AR4GWP100")
>>> ds4.attrs["gwp_context"], ds4["co2e"].attrs["gwp_context"]
('AR4GWP100', 'AR4GWP100')
>>> round(float(ds4.capf.total().sel(year=2030, scenario="plan").sum()))
53494
"""

from __future__ import annotations

import logging

import xarray as xr


__all__ = ["CapfAccessor", "with_gwp"]

log = logging.getLogger(__name__)


def with_gwp(ds: xr.Dataset, gwp: str) -> xr.Dataset:
    """The result with ``co2e`` recomputed from ``emissions`` under another GWP set.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` with ``emissions`` (t of each gas per year).
    gwp : {"AR4GWP100", "AR5GWP100", "AR6GWP100"}
        The GWP set (:func:`capf.units.gwp_values`).

    Returns
    -------
    xarray.Dataset
        A copy with ``co2e`` = Σ_gas emissions × GWP (t CO2e/yr) and
        ``attrs["gwp_context"]`` set to ``gwp`` on the Dataset and on ``co2e``.
        Figures given only as CO2e (gas ``CO2e``) and F-gases (held as CO2e)
        count with weight 1, so they stay as they are. Other variables in CO2e
        that cannot be recomputed from ``emissions`` (``wedge``, and in a
        Monte-Carlo result ``co2e_sd``, ``sector_samples``, ``total_quantile``,
        ...) are dropped rather than left under the old GWP set; their names
        are in ``attrs["dropped_with_gwp_change"]``.

    Examples
    --------
    >>> import capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> ds6 = with_gwp(ds, "AR6GWP100")
    >>> "wedge" in ds6, ds6.attrs["dropped_with_gwp_change"]
    (False, 'wedge')
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
    drop = [str(v) for v in ds.data_vars if str(v) not in keep
            and ("CO2e" in str(ds[v].attrs.get("units", "")) or "gwp_context" in ds[v].attrs)]
    co2e = co2e.transpose(*ds["co2e"].dims) if "co2e" in ds else co2e
    out = ds.drop_vars(drop).assign(co2e=co2e)
    if "co2e_net" in ds:  # the totals follow the recomputed co2e
        removal = ds["removal"] if "removal" in ds.coords else xr.zeros_like(ds["source"], bool)
        out["co2e_net"] = co2e.sum("source").assign_attrs({**ds["co2e_net"].attrs,
                                                           "gwp_context": gwp})
        out["co2e_gross"] = co2e.where(~removal, 0.0).sum("source").assign_attrs(
            {**ds["co2e_gross"].attrs, "gwp_context": gwp})
    out.attrs = {**ds.attrs, "gwp_context": gwp}
    if drop:
        out.attrs["dropped_with_gwp_change"] = ", ".join(drop)
        log.info("CO2e recomputed under %s; dropped %s (not recomputable from emissions)",
                 gwp, ", ".join(drop))
    return out


class _PlotMethods:
    """``ds.capf.plot``: the figures of :mod:`capf.plot` on this result."""

    def __init__(self, ds: xr.Dataset):
        from . import plot  # imported when a figure is asked for

        self._ds = ds
        self._plot = plot

    def trajectory(self, plan=None, **kw):
        """:func:`capf.plot.trajectory` of this result."""
        return self._plot.trajectory(self._ds, plan, **kw)

    def sectors(self, plan=None, **kw):
        """:func:`capf.plot.sectors` of this result."""
        return self._plot.sectors(self._ds, plan, **kw)

    def wedges(self, plan=None, **kw):
        """:func:`capf.plot.wedges` of this result."""
        return self._plot.wedges(self._ds, plan, **kw)

    def waterfall(self, plan=None, **kw):
        """:func:`capf.plot.waterfall` of this result."""
        return self._plot.waterfall(self._ds, plan, **kw)

    def small_multiples(self, plan=None, **kw):
        """:func:`capf.plot.small_multiples` of this result."""
        return self._plot.small_multiples(self._ds, plan, **kw)

    def macc(self, plan, **kw):
        """:func:`capf.plot.macc` of this result."""
        return self._plot.macc(self._ds, plan, **kw)

    def fan(self, plan=None, **kw):
        """:func:`capf.plot.fan` of this (Monte-Carlo) result."""
        return self._plot.fan(self._ds, plan, **kw)

    def __dir__(self):
        return ["trajectory", "sectors", "wedges", "waterfall", "small_multiples", "macc", "fan"]


@xr.register_dataset_accessor("capf")
class CapfAccessor:
    """Conveniences on a capf result (``ds.capf``); see the module docstring."""

    def __init__(self, ds: xr.Dataset):
        self._ds = ds

    def total(self) -> xr.DataArray:
        """Net CO2e (municipality, year, scenario), t CO2e/yr: :func:`capf.pathways.total`."""
        from .pathways import total

        return total(self._ds)

    def by_sector(self) -> xr.DataArray:
        """CO2e by sector, t CO2e/yr: :func:`capf.pathways.by_sector`."""
        from .pathways import by_sector

        return by_sector(self._ds)

    def co2e(self, gwp: str) -> xr.Dataset:
        """This result with ``co2e`` recomputed under the GWP set ``gwp`` (:func:`with_gwp`)."""
        return with_gwp(self._ds, gwp)

    @property
    def plot(self) -> _PlotMethods:
        """Figures of this result: ``ds.capf.plot.trajectory(plan)``, ``.sectors()``, ..."""
        return _PlotMethods(self._ds)
