"""The report's figures as inline SVG: trajectory with targets, sectors, reductions by action,
small multiples, the Monte-Carlo fan and the MACC.

The data of each figure (series, values, colours, legend order) comes from
:mod:`capf.plot._data`, the functions :mod:`capf.plot` draws with matplotlib, so the report
and a notebook's figure show the same things; here they are labelled in the report's
language (from each series' gid and ``meta``, with the plan's labels of scenarios and
actions) and written with :mod:`capf.report._svg`. No matplotlib.
"""

from __future__ import annotations

import math

import numpy as np

from ..plot import _data
from ._svg import (
    SLACK,
    Axes,
    Canvas,
    fit,
    legend,
    legend_size,
    nice_ticks,
    step_digits,
    text_width,
)
from .messages import Text

__all__: list[str] = []

_W, _H = 760.0, 400.0  # one-axes figure (units of the viewBox)
_TITLE, _TICK, _LEGEND, _LABEL = 14.0, 11.0, 11.0, 11.5
_PAD = 8.0


def label(s, t: Text, names, kind: str = "") -> str | None:
    """The legend label of series ``s`` in the report's language (None: not in the legend).

    ``kind``: ``"wedges"`` (the scenario line is "scenario <name>", the line without the
    actions names the scenario) or ``"fan"``.
    """
    if s.label is None:
        return None
    head, _, rest = s.gid.partition(":")
    m = s.meta
    if head == "scenario":
        name = names.scenario(rest)
        return t("legend.scenario", name=name) if kind == "wedges" else name
    if head == "target":
        if s.label.endswith(" level"):
            return t("legend.target_level", name=rest)
        return t("legend.target", name=rest, year=int(m["year"]), level=t.num(m["level"]))
    if head == "reference":
        key = "legend.reference_estimate" if m.get("estimate") else "legend.reference"
        return t(key, year=rest, level=t.num(m["level"]))
    if head == "sector":
        return t.sector(rest.split(":")[0])
    if head == "others":
        return t("legend.other_actions", n=rest)
    if head in ("wedge", "bar"):
        return names.action(rest)
    if s.gid == "net":
        return t("legend.net_total")
    if s.gid == "bau":
        return t("legend.without_actions", name=names.scenario(m["scenario"]))
    if head in ("band90", "mean", "exact"):
        return t(f"legend.{head}", name=names.scenario(rest))
    return s.label


def _extent(series) -> tuple[float, float]:
    """The smallest and largest value drawn (bars from zero; zero always on the scale)."""
    vals = [0.0]
    for s in series:
        for v in (s.y, s.base, s.meta.get("lo"), s.meta.get("hi")):
            if v is not None:
                a = np.asarray(v, float)
                a = a[np.isfinite(a)]
                if a.size:
                    vals += [float(a.min()), float(a.max())]
    return min(vals), max(vals)


def _ylim(series) -> tuple[float, float]:
    """matplotlib's 5 % margins; zero stays the edge when nothing is below it."""
    lo, hi = _extent(series)
    span = (hi - lo) or max(abs(hi), 1.0)
    return (lo - 0.05 * span if lo < 0 else 0.0), hi + 0.05 * span


def _xlim(x0: float, x1: float) -> tuple[float, float]:
    span = (x1 - x0) or 1.0
    return x0 - 0.02 * span, x1 + 0.02 * span


def _fmt(t: Text, step: float):
    digits = step_digits(step)
    return lambda v: t.num(v, digits)


def _years(v: float) -> str:
    return str(int(round(v)))


def _title(c: Canvas, x: float, y: float, title: str, width: float) -> None:
    size = _TITLE
    while size > 9 and text_width(title, size) * SLACK > width:
        size -= 0.5
    c.text(x, y, title, size, weight="bold", cls="title")


def one_axes(uid: str, title: str, series, entries, t: Text, *, xlabel: str, ylabel: str,
             x_years: bool = True, xlim=None, note: str | None = None) -> str:
    """A figure of one axes: title, the axes with its ticks and labels, the legend on the
    right (or below it when the labels are long), and ``note`` centred in the axes."""
    lw, lh = legend_size(entries, _LEGEND)
    below = lw > 0.36 * _W
    if below:
        entries = [(s, fit(x, _LEGEND, _W - 2 * _PAD - 28)) for s, x in entries]
        lw, lh = legend_size(entries, _LEGEND, _W - 2 * _PAD)
    height = _H + (lh + 6 if below else max(0.0, lh + 40 - _H))
    lo, hi = _ylim(series)
    yticks, ystep = nice_ticks(lo, hi, 6)
    yfmt = _fmt(t, ystep)
    ytw = max(text_width(yfmt(v), _TICK) for v in yticks) * SLACK
    if xlim is None:
        xs = np.concatenate([np.asarray(s.x, float) for s in series if s.kind != "hline"]
                            or [np.zeros(1)])
        xlim = _xlim(float(xs.min()), float(xs.max()))
    if x_years:
        xticks, _ = nice_ticks(xlim[0], xlim[1], 7, (1, 2, 5, 10), integer=True)
        xfmt = _years
    else:
        xticks, xstep = nice_ticks(xlim[0], xlim[1], 6)
        xfmt = _fmt(t, xstep)
    left = _PAD + _LABEL * 1.3 + 6 + ytw + 6
    top = 40.0
    right = _W - _PAD - (lw + 14 if not below else 0.0)
    bottom = height - (lh + 6 if below else 0.0) - (5 + _TICK + 8 + _LABEL + _PAD)
    c = Canvas(_W, height, title, uid)
    _title(c, _PAD, _PAD + _TITLE, title, _W - 2 * _PAD)
    ax = Axes(c, (left, top, right, bottom), xlim, (lo, hi), xticks, yticks, xfmt, yfmt)
    ax.frame(_TICK)
    ax.draw(series)
    if note:
        c.text((left + right) / 2, (top + bottom) / 2, note, _LABEL, "middle", "#666666")
    c.text(_PAD + _LABEL, (top + bottom) / 2, ylabel, _LABEL, "middle", rotate=True,
           cls="label")
    c.text((left + right) / 2, bottom + 5 + _TICK + 8 + _LABEL, xlabel, _LABEL, "middle",
           cls="label")
    if below:
        legend(c, _PAD, height - lh - _PAD / 2, entries, _LEGEND, _W - 2 * _PAD)
    else:
        legend(c, right + 14, top, entries, _LEGEND)
    return c.render()


def _entries(series, order, t: Text, names, kind: str = ""):
    by = {s.gid: s for s in series}
    out = []
    for gid in order:
        s = by.get(gid)
        text = None if s is None else label(s, t, names, kind)
        if text is not None:
            out.append((s, text))
    return out


def trajectory(uid, ds, plan, code, targets, t: Text, names, title: str) -> str:
    """Net emissions per scenario with the targets (:func:`capf.plot.trajectory`)."""
    series, order, _ = _data.trajectory_data(ds, plan, municipality=code, targets=targets)
    return one_axes(uid, title, series, _entries(series, order, t, names), t,
                    xlabel=t("axis.year"), ylabel=t("unit"))


def sectors(uid, ds, code, scenario, t: Text, names, title: str) -> str:
    """Stacked sectors of one scenario (:func:`capf.plot.sectors`)."""
    series, order, _, _ = _data.sectors_data(ds, municipality=code, scenario=scenario)
    return one_axes(uid, title, series, _entries(series, order, t, names), t,
                    xlabel=t("axis.year"), ylabel=t("unit"))


def wedges(uid, ds, code, scenario, t: Text, names, title: str) -> str:
    """Reductions by action (:func:`capf.plot.wedges`, the 12 largest and the rest)."""
    series, order, _, _ = _data.wedges_data(ds, municipality=code, scenario=scenario,
                                            top=_data.TOP_ACTIONS)
    has = any(s.gid.startswith("wedge:") for s in series)
    return one_axes(uid, title, series, _entries(series, order, t, names, "wedges"), t,
                    xlabel=t("axis.year"), ylabel=t("unit"),
                    note=None if has else t("legend.no_actions"))


def fan(uid, ds, codes, t: Text, names, title: str) -> str:
    """The Monte-Carlo fan (:func:`capf.plot._data.fan_data`)."""
    series, _ = _data.fan_data(ds, codes)
    order = [s.gid for s in series if s.label is not None]
    return one_axes(uid, title, series, _entries(series, order, t, names, "fan"), t,
                    xlabel=t("axis.year"), ylabel=t("unit"))


def macc(uid, table, t: Text, names, title: str) -> str:
    """The MACC: one bar per costed action, cheapest first (:func:`capf.plot.macc`)."""
    bars = _data.macc_data(table)
    order = [s.gid for s in bars]
    end = sum(s.meta["width"] for s in bars)
    return one_axes(uid, title, bars, _entries(bars, order, t, names), t,
                    xlabel=t("axis.abatement", unit=t("unit")), ylabel=t("axis.cost_per_t"),
                    x_years=False, xlim=(0.0, end * 1.02 or 1.0))


def _panel_title(title: str, size: float, left: float, axis: float,
                 right: float) -> tuple[float, str, float]:
    """x, text and font size of a panel's title: over the axes (from ``axis``) when it fits,
    else moved left as far as the panel's edge (over the y tick labels), then in a smaller
    font down to 9 px, and shortened with "…" only when even that is too wide (long names:
    "Ringkøbing-Skjern (760)")."""
    if text_width(title, size) * SLACK <= right - axis:
        return axis, title, size
    room = right - (left + 2)
    while size > 9 and text_width(title, size) * SLACK > room:
        size -= 0.5
    start = max(left + 2, right - text_width(title, size) * SLACK - 0.5)  # 0.5: rounding
    return start, fit(title, size, right - start), size


def small_multiples(uid, ds, plan, targets, t: Text, names, n: int, total: int) -> str:
    """One panel per municipality, each its own y scale (:func:`capf.plot.small_multiples`)."""
    panels, order, _ = _data.small_multiples_data(ds, plan, targets=targets, max_panels=24)
    cols = min(len(panels), 6 if len(panels) > 16 else 4)
    rows = math.ceil(len(panels) / cols)
    note = t("figures.small_multiples_note", n=n, total=total) if total > n else ""
    title = t("figures.small_multiples") + note
    width = max(_W, 150.0 * cols + 40)
    by = {}
    for p in panels:
        by.update({s.gid: s for s in p["series"]})
    entries = [(by[g], label(by[g], t, names)) for g in order]
    entries = [(s, x) for s, x in entries if x is not None]
    lw, lh = legend_size(entries, _LEGEND, width - 2 * _PAD)
    ph, top, left = 150.0, 40.0, _PAD + _LABEL * 1.3 + 4
    pw = (width - left - _PAD) / cols
    height = top + rows * ph + 6 + lh + _PAD
    c = Canvas(width, height, title, uid)
    _title(c, _PAD, _PAD + _TITLE, title, width - 2 * _PAD)
    years = ds["year"].values.astype(float)
    xlim = _xlim(float(years[0]), float(years[-1]))
    xticks, _ = nice_ticks(xlim[0], xlim[1], 4, (1, 2, 5, 10), integer=True)
    size = 10.0
    for k, p in enumerate(panels):
        r, col = divmod(k, cols)
        x0, y0 = left + col * pw, top + r * ph
        lo, hi = _ylim(p["series"])
        yticks, ystep = nice_ticks(lo, hi, 5)
        yfmt = _fmt(t, ystep)
        ytw = max(text_width(yfmt(v), size) for v in yticks) * SLACK
        box = (x0 + ytw + 10, y0 + 18, x0 + pw - 8, y0 + ph - 22)
        c.open(f"panel:{p['code']}", cls="panel")
        tx, title_text, tsize = _panel_title(p["title"], 11, x0, box[0], x0 + pw)
        c.text(tx, y0 + 12, title_text, tsize, cls="panel-title")
        ax = Axes(c, box, xlim, (lo, hi), xticks, yticks, _years, yfmt)
        ax.frame(size, xlabels=k + cols >= len(panels))  # no panel below: the years
        ax.draw(p["series"])
        c.close()
    c.text(_PAD + _LABEL, top + rows * ph / 2, t("unit"), _LABEL, "middle", rotate=True,
           cls="label")
    legend(c, _PAD, top + rows * ph + 6, entries, _LEGEND, width - 2 * _PAD)
    return c.render()
