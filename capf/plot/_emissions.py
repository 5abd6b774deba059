"""Figures of emissions over the years: trajectory, sectors, wedges, waterfall, small
multiples (in kt CO2e/yr; see :mod:`capf.plot`)."""

from __future__ import annotations

import math

import xarray as xr

from ._common import (
    _AXIS,
    _GREY,
    _KT,
    UNIT,
    _axes,
    _colour,
    _doc,
    _draw,
    _finish,
    _order,
    _scenarios,
    _style,
    _text,
    _where,
)
from ._data import TOP_ACTIONS as _TOP
from ._data import (
    sectors_data,
    small_multiples_data,
    trajectory_data,
    wedge_parts,
    wedges_data,
)

#: Most actions :func:`wedges` draws as bands of their own (the rest summed in one band).
TOP_ACTIONS = _TOP


def trajectory(ds: xr.Dataset, plan=None, *, municipality=None, scenario=None, ax=None,
               targets=None, **kw):
    """Net emissions per scenario over the years, with the plan's targets.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (t CO2e/yr).
    plan : capf.Plan, optional
        The plan behind ``ds``; without it no targets are drawn.
    municipality : str, optional
        A code, ``"all"`` (the sum) or None (the only one, else the sum).
    scenario : str or list of str, optional
        Scenarios to draw (default: all).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new pyplot figure).
    targets : pandas.DataFrame, optional
        The :func:`capf.assess` table of ``ds`` and ``plan`` (computed when omitted).
    **kw
        Passed to the scenario lines (``ax.plot``), e.g. ``linewidth``.

    Returns
    -------
    matplotlib.axes.Axes
        In kt CO2e/yr: one line per scenario (net total, ``scenario:<name>``); for
        each target on the full scope covering the selection a marker at its
        level in its year (``target:<name>``) and the dashed straight-line path
        from the base-year level (``path:<name>``,
        :func:`capf.assess.trajectories`); for relative targets a dotted line
        at the reference level (``reference:<year>``, "(estimate)" if back-cast).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> ax = trajectory(capf.project(plan), plan)
    >>> sorted(str(a.get_gid()) for a in ax.lines if str(a.get_gid()).startswith("scenario:"))
    ['scenario:bau', 'scenario:plan']
    >>> plt.close("all")
    """
    ax = _axes(ax)
    series, _, where = trajectory_data(ds, plan, municipality=municipality, scenario=scenario,
                                       targets=targets)
    _draw(ax, series, kw, ("scenario:",))
    _finish(ax, f"Net emissions and targets, {where}")
    return ax


@_doc
def sectors(ds: xr.Dataset, plan=None, *, municipality=None, scenario=None, ax=None, **kw):
    """Stacked areas of CO2e by sector in one scenario; removals stacked below zero.

    Parameters
    ----------
    %(common)s
    **kw
        Passed to ``ax.fill_between`` (e.g. ``alpha``).

    Returns
    -------
    matplotlib.axes.Axes
        In kt CO2e/yr: one area per sector with emissions (``sector:<name>``),
        one per sector with negative values, hatched below zero
        (``sector:<name>:neg``), and the net total as a black line (``net``).
        Each sector's colour and legend label come from its record
        (:class:`capf.sectors.Sector`, :data:`SECTOR_COLOURS`).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import capf
    >>> ax = sectors(capf.project(capf.testing.example_plan()), scenario="plan")
    >>> [t.get_text() for t in ax.get_legend().get_texts()][-1]
    'net total'
    >>> plt.close("all")
    """
    ax = _axes(ax)
    series, legend, where, s = sectors_data(ds, municipality=municipality, scenario=scenario)
    _draw(ax, series, kw, ("sector:",))
    _finish(ax, f"Emissions by sector, {where}, scenario {s}", _order(ax, legend))
    return ax


@_doc
def wedges(ds: xr.Dataset, plan=None, *, municipality=None, scenario=None, ax=None,
           top: int | None = TOP_ACTIONS, **kw):
    """The reduction each action delivers, stacked from the scenario total up to BAU.

    Parameters
    ----------
    %(common)s
    top : int or None, default :data:`TOP_ACTIONS` (12)
        Most actions drawn as bands of their own: the ``top`` with the largest
        reduction over the plotted years (the band's area, the sum of the absolute
        wedge in kt CO2e/yr over the years; ties in declared order). The rest are
        one grey band at the bottom, ``other actions (k)`` (``others:<k>``), so the
        stack still reaches the total without actions. None, or at most
        ``top + 1`` actions: every action has its band.
    **kw
        Passed to ``ax.fill_between``.

    Returns
    -------
    matplotlib.axes.Axes
        In kt CO2e/yr: the total without the scenario's actions (scenario + its
        ``wedge``) as a black line on top (``bau``; labelled with the scenario
        without actions it equals, e.g. ``bau`` or ``national_trend``), the scenario's total
        dashed (``scenario:<name>``), between them one band per action with a
        non-zero wedge (``wedge:<action>``, the first declared action at the top;
        beyond ``top`` actions the smaller ones summed in ``others:<k>``) and the
        remaining emissions in light grey (``remaining``).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import capf
    >>> ax = wedges(capf.project(capf.testing.example_plan()), scenario="plan")
    >>> sorted(str(c.get_gid()) for c in ax.collections if str(c.get_gid()).startswith("wedge:"))
    ['wedge:heat_pumps', 'wedge:rewet_lowland']

    With ``top=0`` both actions are one band, ``other actions (2)``:

    >>> ax = wedges(capf.project(capf.testing.example_plan()), scenario="plan", top=0)
    >>> [str(c.get_gid()) for c in ax.collections if str(c.get_gid()) != "remaining"]
    ['others:2']
    >>> plt.close("all")
    """
    ax = _axes(ax)
    series, legend, where, s = wedges_data(ds, municipality=municipality, scenario=scenario,
                                           top=top)
    _draw(ax, series, kw, ("wedge:", "others:"))
    if not any(x.gid.startswith("wedge:") for x in series):
        ax.text(0.5, 0.5, "no actions in this scenario", transform=ax.transAxes, ha="center",
                color=_AXIS)
    _finish(ax, f"Reductions by action, {where}, scenario {s}", _order(ax, legend))
    return ax


@_doc
def waterfall(ds: xr.Dataset, plan=None, *, municipality=None, scenario=None, ax=None,
              year: int = 2030, **kw):
    """From the base-year total to a scenario's total in ``year``, one bar per change.

    Parameters
    ----------
    %(common)s
    year : int, default 2030
        A projected year.
    **kw
        Passed to ``ax.bar``.

    Returns
    -------
    matplotlib.axes.Axes
        Bars in kt CO2e/yr: the base-year total (``bar:base``); ``other changes``
        (``bar:other``) = the total without actions in ``year`` − the base-year
        total (drivers, factor trajectories such as the grid factor); −wedge in
        ``year`` of every action with a non-zero wedge in the scenario
        (``bar:<action>``); the scenario total in ``year`` (``bar:end``). The
        base plus the signed heights of the change bars is the end bar.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import capf
    >>> ax = waterfall(capf.project(capf.testing.example_plan()), scenario="plan", year=2035)
    >>> [p.get_gid() for p in ax.patches][:2], ax.patches[-1].get_gid()
    (['bar:base', 'bar:other'], 'bar:end')
    >>> plt.close("all")
    """
    ax = _axes(ax)
    codes, where = _where(ds, municipality)
    (s,) = _scenarios(ds, scenario, default_all=False)
    years = [int(y) for y in ds["year"].values]
    if int(year) not in years:
        raise ValueError(f"year {year} is not projected; the result covers "
                         f"{years[0]}-{years[-1]}")
    base_year = int(ds.attrs.get("base_year", years[0]))
    tot, w, names = wedge_parts(ds, codes, s)
    start, end = tot[years.index(base_year)] * _KT, tot[years.index(int(year))] * _KT
    cuts = -w[:, years.index(int(year))] * _KT
    steps = [("other changes", "other", end - start - cuts.sum())]
    steps += list(zip(names, names, cuts, strict=True))
    style = {"width": 0.65, **kw}
    half = style["width"] / 2
    ax.bar(0, start, color=_GREY, gid="bar:base", **style)
    running = start
    for x, (_, gid, h) in enumerate(steps, start=1):
        ax.bar(x, h, bottom=running, color="#D55E00" if h > 0 else "#009E73", gid=f"bar:{gid}",
               **style)
        ax.plot([x - 1 + half, x - half], [running] * 2, color=_AXIS, linewidth=0.6)
        running += h
    x_end = len(steps) + 1
    ax.plot([x_end - 1 + half, x_end - half], [running] * 2, color=_AXIS, linewidth=0.6)
    ax.bar(x_end, end, color=_colour(ds, s).replace("#000000", _GREY), gid="bar:end", **style)
    span = max(abs(start), abs(end), 1e-9)
    for p in ax.patches:
        h, y0 = p.get_height(), p.get_y()
        txt = f"{h:,.1f}" if p.get_gid() in ("bar:base", "bar:end") else f"{h:+,.1f}"
        ax.text(p.get_x() + half, max(y0, y0 + h) + 0.01 * span, txt, ha="center",
                va="bottom", fontsize=8)
    ax.axhline(0.0, color=_AXIS, linewidth=0.6)
    _finish(ax, f"From {base_year} to {year}, {where}, scenario {s}")
    lo, hi = ax.get_ylim()
    pad = 0.08 * (hi - lo)  # room for the value labels
    ax.set_ylim(lo - (pad if lo < 0 else 0.0), hi + pad)
    labels = [str(base_year)] + [_text(x[0]) for x in steps] + [_text(f"{year} ({s})")]
    ax.set_xlabel("")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8.5)
    return ax


def small_multiples(ds: xr.Dataset, plan=None, *, scenario=None, municipalities=None,
                    max_panels: int = 24, fig=None, targets=None, **kw):
    """One small panel per municipality: net emissions with the first relative target.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (t CO2e/yr).
    plan : capf.Plan, optional
        Without it no target is drawn.
    scenario : str or list of str, optional
        Scenarios to draw (default: all).
    municipalities : list of str, optional
        Codes in panel order. Default: every municipality or, when there are
        more than ``max_panels``, the ``max_panels`` with the largest base-year
        emissions (the title says so).
    max_panels : int, default 24
        Most panels drawn.
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw into (default: a new pyplot figure).
    targets : pandas.DataFrame, optional
        The :func:`capf.assess` table (computed when omitted).
    **kw
        Passed to the scenario lines.

    Returns
    -------
    matplotlib.figure.Figure
        Panels in kt CO2e/yr, each with its own y scale, with the level of the
        first relative target on the full scope (dashed, ``target:<name>``
        marker in its year).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> fig = small_multiples(capf.project(plan), plan)
    >>> len([ax for ax in fig.axes if ax.get_visible()])
    1
    >>> plt.close("all")
    """
    panels, _, note = small_multiples_data(ds, plan, scenario=scenario,
                                           municipalities=municipalities,
                                           max_panels=max_panels, targets=targets)
    ncols = min(len(panels), 6 if len(panels) > 16 else 4)
    nrows = math.ceil(len(panels) / ncols)
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(2.7 * ncols + 1.0, 2.1 * nrows + 1.0), layout="constrained")
    from matplotlib.ticker import MaxNLocator

    axes = list(fig.subplots(nrows, ncols, sharex=True, squeeze=False).flat)
    # few ticks on small panels: easier to read, and each tick is several artists to draw
    axes[0].xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, steps=[1, 2, 5, 10]))
    legend: dict = {}
    for ax, panel in zip(axes, panels, strict=False):  # more panels than codes
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        _draw(ax, panel["series"], kw, ("scenario:",))
        # y=1.0: the title sits on the axes (the x ticks are below it); not placed
        # automatically, which measured every panel's y tick labels again in each draw
        ax.set_title(_text(panel["title"]), fontsize=9, loc="left", y=1.0)
        _style(ax, small=True)
        legend.update(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
    codes = panels
    for ax in axes[len(codes):]:
        ax.set_visible(False)
    # as many legend columns as panel columns (one row under a wide grid, stacked under a
    # single panel), so the legend never runs past the figure's edges
    fig.legend(list(legend.values()), list(legend), loc="outside lower center",
               ncols=max(1, min(len(legend), ncols)), frameon=False, fontsize=9)
    fig.supylabel(UNIT, fontsize=9)
    fig.suptitle(_text(f"Net emissions by municipality{note}"), fontsize=11, x=0.01,
                 horizontalalignment="left")
    return fig
