"""The marginal abatement cost curve (MACC) of a plan's costed actions."""

from __future__ import annotations

import xarray as xr

from ._common import UNIT, _axes, _draw, _style, _text
from ._data import macc_data


def macc(ds: xr.Dataset, plan, *, ax=None, **kw):
    """The marginal abatement cost curve: one bar per costed action, cheapest first.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (t CO2e/yr) with the actions' wedges.
    plan : capf.Plan
        The plan behind ``ds``, with costs on its actions (``investment``,
        ``operating``...: DKK, DKK/yr).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new pyplot figure).
    **kw
        Not used; accepted so that every figure has the same signature.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per action with abatement (``bar:<action>``), cheapest first. Bar
        width: the action's abatement at full effect (kt CO2e/yr); height: its
        cost per tonne (DKK per t CO2e, at the action's price year); see
        :func:`capf.assess.macc`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import capf
    >>> d = capf.testing.example_plan_dict()
    >>> d["action"][0].update(operating="1 MDKK/yr", price_year=2023)
    >>> plan = capf.Plan.model_validate(d)
    >>> ax = macc(capf.project(plan), plan)
    >>> [b.get_gid() for b in ax.patches], ax.get_ylabel()
    (['bar:rewet_lowland'], 'DKK per t CO2e')
    >>> plt.close("all")
    """
    from ..assess import macc as macc_table

    ax = _axes(ax)
    table = macc_table(ds, plan)
    bars = macc_data(table)
    _draw(ax, bars)
    _style(ax)
    ax.set_title(_text(f"Marginal abatement cost curve: {plan.plan.name}"), loc="left",
                 fontsize=11)
    ax.set_xlabel(f"abatement at full effect ({UNIT})")
    ax.set_ylabel("DKK per t CO2e")
    if bars:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8.5)
    return ax
