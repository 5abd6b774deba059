"""Figures of emissions over the years: trajectory, sectors, wedges, waterfall, small
multiples (in kt CO2e/yr; see :mod:`capf.plot`)."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from ..assess import assess, by_sector, total, trajectories
from ..sectors import SECTOR_RECORDS
from ._common import (
    _AXIS,
    _DARK,
    _GREY,
    _KT,
    _MARKERS,
    OKABE_ITO,
    UNIT,
    _axes,
    _colour,
    _doc,
    _finish,
    _pick,
    _scenarios,
    _style,
    _target_levels,
    _text,
    _where,
)

#: Most actions :func:`wedges` draws as bands of their own (the rest summed in one band).
TOP_ACTIONS = 12


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
    codes, where = _where(ds, municipality)
    tot = _pick(total(ds), codes)
    years = ds["year"].values
    for s in _scenarios(ds, scenario):
        ax.plot(years, tot.sel(scenario=s).values * _KT, color=_colour(ds, s), label=_text(s),
                gid=f"scenario:{s}", **{"linewidth": 2.0, **kw})
    if plan is not None and plan.target:
        paths = _pick(trajectories(ds, plan)["linear_path"], codes)
        refs = set()
        for i, t in enumerate(_target_levels(ds, plan, codes, targets)):
            name, level, ref = t["name"], t["level"] * _KT, t["ref"] * _KT
            ax.plot(years, paths.sel(target=name).values * _KT, color=_DARK, linestyle="--",
                    linewidth=1.0, gid=f"path:{name}")
            ax.plot([t["year"]], [level], linestyle="none", marker=_MARKERS[i % len(_MARKERS)],
                    markersize=8, color=_DARK, markerfacecolor="white", markeredgewidth=1.8,
                    label=_text(f"{name} ({t['year']}): {level:,.1f}"), gid=f"target:{name}")
            if t["kind"] == "relative" and np.isfinite(ref) and (t["ref_year"], ref) not in refs:
                refs.add((t["ref_year"], ref))
                est = " (estimate)" if t["estimate"] else ""
                ax.axhline(ref, color=_GREY, linestyle=":", linewidth=1.4,
                           label=f"{t['ref_year']} level{est}: {ref:,.1f}",
                           gid=f"reference:{t['ref_year']}")
    ax.axhline(0.0, color=_AXIS, linewidth=0.6, gid="zero")
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
    codes, where = _where(ds, municipality)
    (s,) = _scenarios(ds, scenario, default_all=False)
    sec = _pick(by_sector(ds), codes).sel(scenario=s).transpose("sector", "year")
    years, vals = ds["year"].values, sec.values * _KT
    base = {"pos": np.zeros(years.size), "neg": np.zeros(years.size)}
    extra = iter(OKABE_ITO[1:])
    style = {"alpha": 0.9, "linewidth": 0.0, **kw}
    for name, v in zip([str(x) for x in sec["sector"].values], vals, strict=True):
        rec = SECTOR_RECORDS.get(name)
        colour = rec.colour if rec is not None else next(extra, _GREY)
        label: str | None = _text(rec.label if rec is not None else name.replace("_", " "))
        for part, x, extra_style in (("pos", np.clip(v, 0, None), {}),
                                     ("neg", np.clip(v, None, 0),
                                      {"hatch": "//", "edgecolor": "white"})):
            if np.any(x):
                gid = f"sector:{name}" + (":neg" if part == "neg" else "")
                ax.fill_between(years, base[part], base[part] + x, color=colour, label=label,
                                gid=gid, **style, **extra_style)
                base[part] = base[part] + x
                label = None
    ax.plot(years, vals.sum(axis=0), color="black", linewidth=1.8, label="net total", gid="net")
    ax.axhline(0.0, color=_AXIS, linewidth=0.6, gid="zero")
    n = len(ax.get_legend_handles_labels()[0]) - 1  # top of the stack first, then the net line
    _finish(ax, f"Emissions by sector, {where}, scenario {s}", list(range(n))[::-1] + [n])
    return ax


def _wedge_parts(ds: xr.Dataset, codes: list[str], s: str):
    """Scenario total [year] and wedges [action, year] (t CO2e/yr) of actions active in s."""
    tot = _pick(total(ds), codes).sel(scenario=s).values
    if "wedge" not in ds or ds.sizes.get("action", 0) == 0:
        return tot, np.zeros((0, tot.size)), []
    w = _pick(ds["wedge"], codes).sel(scenario=s).transpose("action", "year")
    keep = np.any(w.values != 0, axis=1)
    return tot, w.values[keep], [str(a) for a, k in zip(w["action"].values, keep, strict=True) if k]


def _without_label(ds: xr.Dataset, codes, s: str, line: np.ndarray) -> str:
    """The legend of a scenario's total without its actions: named after the scenario without
    actions it equals (``bau``, ``national_trend``...), else said plainly."""
    tot = total(ds).sel(municipality=codes).sum("municipality") * _KT
    for other in ds["scenario"].values:
        other = str(other)
        no_actions = "wedge" not in ds or not np.any(ds["wedge"].sel(scenario=other).values)
        if other != s and no_actions and np.allclose(tot.sel(scenario=other).values, line,
                                                     rtol=1e-9, atol=1e-9):
            return f"without the actions ({other})"
    return f"scenario {s} without its actions"


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
    codes, where = _where(ds, municipality)
    (s,) = _scenarios(ds, scenario, default_all=False)
    years = ds["year"].values
    tot, w, names = _wedge_parts(ds, codes, s)
    tot, w = tot * _KT, w * _KT
    ax.fill_between(years, 0.0, tot, color="#eeeeee", linewidth=0.0, gid="remaining")
    lower, without = tot.copy(), tot + w.sum(axis=0)  # the stack ends on the total without
    if top is not None and len(names) > top + 1:  # the largest bands, the rest as one
        size = np.abs(w).sum(axis=1)
        kept = sorted(np.argsort(-size, kind="stable")[:max(0, top)])
        rest = np.setdiff1d(np.arange(len(names)), kept)
        ax.fill_between(years, lower, lower + w[rest].sum(axis=0), color="#bbbbbb",
                        label=_text(f"other actions ({rest.size})"), gid=f"others:{rest.size}",
                        **{"alpha": 0.85, "linewidth": 0.0, **kw})
        lower = lower + w[rest].sum(axis=0)
        w, names = w[kept], [names[i] for i in kept]
        extra = 1
    else:
        extra = 0
    for i in range(len(names) - 1, -1, -1):  # the last declared action sits on the scenario
        ax.fill_between(years, lower, lower + w[i], color=OKABE_ITO[1 + i % 7],
                        label=_text(names[i]), gid=f"wedge:{names[i]}",
                        **{"alpha": 0.85, "linewidth": 0.0, **kw})
        lower = lower + w[i]
    ax.plot(years, without, color="black", linewidth=1.8,
            label=_text(_without_label(ds, codes, s, without)), gid="bau")
    ax.plot(years, tot, color=_colour(ds, s), linewidth=1.8, linestyle="--",
            label=_text(f"scenario {s}"), gid=f"scenario:{s}")
    if not names:
        ax.text(0.5, 0.5, "no actions in this scenario", transform=ax.transAxes, ha="center",
                color=_AXIS)
    # legend top-down as drawn: BAU, first ... last action, other actions, scenario
    n = len(names) + extra
    _finish(ax, f"Reductions by action, {where}, scenario {s}",
            [n] + list(range(n - 1, -1, -1)) + [n + 1])
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
    tot, w, names = _wedge_parts(ds, codes, s)
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
    codes, note = [str(c) for c in ds["municipality"].values], ""
    if municipalities is not None:
        codes = [_where(ds, c)[0][0] for c in municipalities][:max_panels]
    elif len(codes) > max_panels:
        base = total(ds).isel(year=0, scenario=0).to_series().sort_values(ascending=False)
        note = f" ({max_panels} of {len(codes)} with the largest emissions)"
        codes = [str(c) for c in base.index[:max_panels]]
    scen = _scenarios(ds, scenario)
    first = next((t.name for t in (plan.target if plan is not None else [])
                  if t.kind == "relative" and t.scope_key() == (None, None)), None)
    if first is not None:
        table = assess(ds, plan) if targets is None else targets
        table = table[(table["target"] == first) & (table["scenario"] == scen[0])]
        table = table.set_index("municipality")
    ncols = min(len(codes), 6 if len(codes) > 16 else 4)
    nrows = math.ceil(len(codes) / ncols)
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(2.7 * ncols + 1.0, 2.1 * nrows + 1.0), layout="constrained")
    from matplotlib.ticker import MaxNLocator

    axes = list(fig.subplots(nrows, ncols, sharex=True, squeeze=False).flat)
    # few ticks on small panels: easier to read, and each tick is several artists to draw
    axes[0].xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, steps=[1, 2, 5, 10]))
    tot, years = total(ds).transpose("municipality", "scenario", "year"), ds["year"].values
    row = {str(c): i for i, c in enumerate(tot["municipality"].values)}
    col = {str(s): i for i, s in enumerate(tot["scenario"].values)}
    values = tot.values
    legend: dict = {}
    for ax, code in zip(axes, codes, strict=False):  # more panels than codes
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        for s in scen:
            ax.plot(years, values[row[code], col[s]] * _KT,
                    color=_colour(ds, s), label=_text(s), gid=f"scenario:{s}",
                    **{"linewidth": 1.4, **kw})
        if first is not None and code in table.index:
            lvl = float(table.loc[code, "target_level"]) * _KT
            ax.axhline(lvl, color=_DARK, linestyle="--", linewidth=0.8)
            ax.plot([int(table.loc[code, "year"])], [lvl], marker="o", markerfacecolor="white",
                    color=_DARK, linestyle="none", markersize=5, label=_text(f"{first} level"),
                    gid=f"target:{first}")
        # y=1.0: the title sits on the axes (the x ticks are below it); not placed
        # automatically, which measured every panel's y tick labels again in each draw
        ax.set_title(_text(_where(ds, code)[1]), fontsize=9, loc="left", y=1.0)
        _style(ax, small=True)
        legend.update(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
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
