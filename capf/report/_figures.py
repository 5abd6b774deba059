"""The report's figures, drawn with :mod:`capf.plot` and embedded as base64 PNG.

Figures are made with :class:`matplotlib.figure.Figure` directly (not pyplot),
so writing a report leaves no open figures and needs no display. The figures of
:mod:`capf.plot` are drawn as they are and then relabelled in the report's
language (title, axis labels, tick numbers, legend) from the artists' ``gid``,
with the plan's labels for scenarios and actions.
"""

from __future__ import annotations

import base64
import io

import numpy as np

from .. import plot
from ._layout import fit_axes, fit_grid
from .messages import Text

__all__ = ["figures", "MAX_DETAILED"]

#: Up to this many municipalities the report has figures per municipality;
#: above it small multiples and the sum over all municipalities.
MAX_DETAILED = 5
_DPI = 110
_KT = 1e-3


def _png(fig) -> str:
    """The figure as a base64 PNG (no timestamps or software tag: identical bytes per run).

    A figure of one axes is laid out here by :func:`~capf.report._layout.fit_axes` (its
    texts measured once, at the saved resolution: the figure is made at _DPI); the small
    multiples are laid out when they are made. No layout engine: ``savefig`` with one
    draws the whole figure twice, and the constrained layout measures every artist twice.
    """
    buf = io.BytesIO()
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")
    elif len(fig.axes) == 1:
        fit_axes(fig, fig.axes[0])
    fig.savefig(buf, format="png", dpi=_DPI, metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figure(figsize=(8.5, 4.6)):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=_DPI)  # no layout engine: laid out by _layout
    FigureCanvasAgg(fig)  # the renderer the layout is computed with
    return fig


def _has_actions(ds, scenario: str, municipality) -> bool:
    if "wedge" not in ds or ds.sizes.get("action", 0) == 0:
        return False
    w = ds["wedge"].sel(scenario=scenario)
    if municipality != "all":
        w = w.sel(municipality=municipality)
    return bool((w != 0).any())


def _label(artist, old: str, t: Text, names) -> str:
    """The legend label of ``artist`` in the report's language, from its gid."""
    if hasattr(artist, "patches"):  # a bar container: the gid is on its bars
        artist = artist.patches[0]
    gid = (artist.get_gid() if hasattr(artist, "get_gid") else None) or ""
    kind, _, rest = gid.partition(":")
    if kind == "scenario":
        name = names.scenario(rest)
        return t("legend.scenario", name=name) if old.startswith("scenario ") else name
    if kind == "target":
        y = np.asarray(artist.get_ydata(), float)
        if old.endswith(" level"):
            return t("legend.target_level", name=rest)
        x = np.asarray(artist.get_xdata(), float)
        return t("legend.target", name=rest, year=int(x[0]), level=t.num(y[0]))
    if kind == "reference":
        y = np.asarray(artist.get_ydata(), float)
        key = "legend.reference_estimate" if "(estimate)" in old else "legend.reference"
        return t(key, year=rest, level=t.num(y[0]))
    if kind == "sector":
        return t.sector(rest.split(":")[0])
    if kind == "others":
        return t("legend.other_actions", n=rest)
    if kind == "wedge" or kind == "bar":
        return names.action(rest)
    if gid == "net":
        return t("legend.net_total")
    if gid == "bau":
        return t("legend.without_actions")
    return old


def _ticks(t: Text, axis):
    """Tick labels in the report's number format, with the decimals the tick step needs."""
    from matplotlib.ticker import FuncFormatter

    class StepFormatter(FuncFormatter):
        # the locations being labelled, kept by format_ticks: asking the axis again re-ran
        # its locator for every label
        labelled = None

        def format_ticks(self, values):
            self.labelled = values
            try:
                return super().format_ticks(values)
            finally:
                self.labelled = None

    def fmt(v, _pos):
        locs = formatter.labelled
        if locs is None:
            locs = axis.get_majorticklocs()
        step = abs(float(locs[1] - locs[0])) if len(locs) > 1 else 1.0
        digits = next((d for d in range(4) if abs(round(step, d) - step) <= 1e-9 * max(1, step)),
                      3)
        return t.num(v, digits)

    formatter = StepFormatter(fmt)
    return formatter


def _relabel(ax, t: Text, names, title: str, *, xlabel: str | None = None,
             ylabel: str | None = None) -> None:
    """Title, axis labels, y tick numbers and legend of a capf.plot axes in ``t``'s language."""
    ax.set_title(title, loc="left", fontsize=11, y=1.0)  # fixed: see small_multiples
    ax.set_xlabel(t("axis.year") if xlabel is None else xlabel)
    ax.set_ylabel(t("unit") if ylabel is None else ylabel)
    ax.yaxis.set_major_formatter(_ticks(t, ax.yaxis))
    for text in ax.texts:
        if text.get_text() == "no actions in this scenario":
            text.set_text(t("legend.no_actions"))
    legend = ax.get_legend()
    if legend is None:
        return
    handles, labels = ax.get_legend_handles_labels()
    by_label = dict(zip(labels, handles, strict=True))
    shown = [x.get_text() for x in legend.get_texts()]
    artists = [by_label[s] for s in shown if s in by_label]
    new = [_label(a, s, t, names) for a, s in zip(artists, shown, strict=False)]
    ax.legend(artists, new, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              fontsize=8.5)


def _small_multiples(ds, plan, targets, t: Text, names, n: int, total: int) -> str:
    cols = 6 if n > 16 else 4
    rows = -(-n // cols)
    fig = _figure((2.7 * cols + 1.0, 2.1 * rows + 1.0))  # laid out by fit_grid
    plot.small_multiples(ds, plan, fig=fig, targets=targets, max_panels=24)
    handles, labels = [], []
    for legend in list(fig.legends):
        for h, txt in zip(legend.legend_handles, legend.get_texts(), strict=True):
            handles.append(h)
            labels.append(txt.get_text())
        legend.remove()
    originals: dict = {}
    for ax in fig.axes:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            originals.setdefault(lab, h)
    new = [_label(originals.get(lab, h), lab, t, names)
           for h, lab in zip(handles, labels, strict=True)]
    legend = fig.legend(handles, new, loc="lower center", ncols=max(1, len(new)),
                        frameon=False, fontsize=9, borderaxespad=0.0)
    ylabel = fig.supylabel(t("unit"), fontsize=9)
    note = t("figures.small_multiples_note", n=n, total=total) if total > n else ""
    title = fig.suptitle(t("figures.small_multiples") + note, fontsize=11, x=0.01,
                         horizontalalignment="left")
    shape = fig.axes[0].get_subplotspec().get_gridspec().get_geometry()
    fit_grid(fig, fig.axes, *shape, title=title, ylabel=ylabel, legend=legend)
    return _png(fig)


def _fan(ds, codes: list[str], t: Text, names, title: str) -> str:
    """Mean, the 25–75 % and 5–95 % bands (one municipality) and the exact quantiles."""
    fig = _figure()
    ax = fig.add_subplot()
    years = ds["year"].values
    kept = ds["sample_year"].values
    samples = ds["total_samples"].sel(municipality=codes).sum("municipality")
    bands = len(codes) == 1 and "total_quantile_approx" in ds
    for s in [str(x) for x in ds["scenario"].values]:
        colour = plot._colour(ds, s)
        label = names.scenario(s)
        mean = ds["co2e"].sel(scenario=s, municipality=codes).sum(("source", "municipality"))
        if bands:
            q = ds["total_quantile_approx"].sel(scenario=s, municipality=codes[0])
            qs = [float(x) for x in q["quantile"].values]
            if all(x in qs for x in (0.05, 0.25, 0.75, 0.95)):
                v = {x: q.sel(quantile=x).values * _KT for x in (0.05, 0.25, 0.75, 0.95)}
                ax.fill_between(years, v[0.05], v[0.95], color=colour, alpha=0.13, linewidth=0,
                                label=t("legend.band90", name=label), gid=f"band90:{s}")
                ax.fill_between(years, v[0.25], v[0.75], color=colour, alpha=0.28, linewidth=0,
                                gid=f"band50:{s}")  # (the caption says what it is)
        ax.plot(years, mean.values * _KT, color=colour, linewidth=1.8,
                label=t("legend.mean", name=label), gid=f"mean:{s}")
        per = samples.sel(scenario=s).transpose("sample", "sample_year").values * _KT
        lo, med, hi = np.quantile(per, [0.05, 0.5, 0.95], axis=0)
        ax.errorbar(kept, med, yerr=[med - lo, hi - med], fmt="o", color=colour, markersize=4,
                    markerfacecolor="white", capsize=3, linewidth=1.0,
                    label=t("legend.exact", name=label) if not bands else None,
                    gid=f"exact:{s}")
    ax.axhline(0.0, color="#666666", linewidth=0.6)
    plot._style(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    _relabel(ax, t, names, title)
    return _png(fig)


def _macc(ds, plan, t: Text, names) -> str:
    fig = _figure()
    ax = plot.macc(ds, plan, ax=fig.add_subplot())
    ax.xaxis.set_major_formatter(_ticks(t, ax.xaxis))
    _relabel(ax, t, names, t("figures.macc"), xlabel=t("axis.abatement", unit=t("unit")),
             ylabel=t("axis.cost_per_t"))
    return _png(fig)


def _scenario_figure(draw, ds, code: str, scenario: str, t: Text, names, title: str,
                     caption: str) -> dict:
    """One scenario's figure drawn by ``draw`` (:func:`capf.plot.sectors` or
    :func:`capf.plot.wedges`) for one municipality code (or ``"all"``), relabelled in the
    report's language: ``{"title", "caption", "png"}``."""
    fig = _figure()
    ax = draw(ds, municipality=code, scenario=scenario, ax=fig.add_subplot())
    _relabel(ax, t, names, title)
    return {"title": title, "caption": caption, "png": _png(fig)}


def figures(ds, plan, targets, t: Text, names, macc_table=None,
            first: str | None = None) -> dict[str, list[dict]]:
    """The report's figures by section: ``{"targets": [...], "scenarios": [...], ...}``.

    Each figure is ``{"title", "caption", "png"}`` (png as base64 text). Per
    municipality (up to :data:`MAX_DETAILED`): net emissions and targets
    (``targets``), emissions by sector in every scenario and, where a scenario
    has actions, the reduction by action (``scenarios``), and in a Monte-Carlo
    result the fan of net emissions (``uncertainty``). Above that: small
    multiples, then the same figures for the sum over every municipality. With
    costed actions the MACC (``costs``).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` of ``plan`` (t CO2e/yr; figures in kt CO2e/yr).
    plan : capf.Plan
        The plan, for its targets and the labels of scenarios and actions.
    targets : pandas.DataFrame
        The :func:`capf.assess` table of ``ds`` and ``plan``.
    t : Text
        The report's language (:class:`capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions (:class:`capf.report._context.Names`).
    macc_table : pandas.DataFrame, optional
        The :func:`capf.assess.macc` table; the MACC is drawn if an action abates.
    first : str, optional
        A scenario whose figures come first.

    Returns
    -------
    dict of str to list of dict
        The figures of each section, in order.

    Examples
    --------
    >>> import capf
    >>> from capf.report._context import Names
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan()
    >>> ds = capf.project(plan).sel(scenario=["bau"])  # one scenario: two figures
    >>> out = figures(ds, plan, capf.assess(ds, plan), Text("da"), Names(plan))
    >>> [f["title"] for section in out.values() for f in section]
    ['Nettoudledning og mål: Example (999)', 'Udledning pr. sektor: Example (999), scenarie bau']
    >>> out["scenarios"][0]["png"][:8]
    'iVBORw0K'
    """
    codes = [str(c) for c in ds["municipality"].values]
    unit = t("unit")
    out: dict[str, list[dict]] = {"targets": [], "scenarios": [], "uncertainty": [],
                                  "costs": []}
    if len(codes) <= MAX_DETAILED:
        places = [(c, [c], f"{ds['municipality_name'].sel(municipality=c).item()} ({c})")
                  for c in codes]
    else:
        n = min(len(codes), 24)
        out["targets"].append({
            "title": t("figures.small_multiples"),
            "caption": t("figures.small_multiples_caption", unit=unit, n=n, total=len(codes)),
            "png": _small_multiples(ds, plan, targets, t, names, n, len(codes))})
        places = [("all", codes, t("figures.all_municipalities", n=len(codes)))]
    scenarios = [str(s) for s in ds["scenario"].values]
    if first is not None:  # this scenario's figures first
        scenarios = [first] + [s for s in scenarios if s != first]
    mc = ds.attrs.get("statistic") == "mean" and "total_samples" in ds
    for code, sel, where in places:
        title = t("figures.trajectory", where=where)
        fig = _figure()
        ax = plot.trajectory(ds, plan, municipality=code, targets=targets, ax=fig.add_subplot())
        _relabel(ax, t, names, title)
        out["targets"].append({"title": title, "caption": t("figures.trajectory_caption"),
                               "png": _png(fig)})
        for s in scenarios:
            scen = names.scenario(s)
            out["scenarios"].append(_scenario_figure(
                plot.sectors, ds, code, s, t, names,
                t("figures.sectors", where=where, scenario=scen),
                t("figures.sectors_caption", unit=unit)))
            if _has_actions(ds, s, code):
                out["scenarios"].append(_scenario_figure(
                    plot.wedges, ds, code, s, t, names,
                    t("figures.wedges", where=where, scenario=scen),
                    t("figures.wedges_caption", unit=unit)))
        if mc:
            title = t("figures.fan", where=where)
            years = ", ".join(str(int(y)) for y in ds["sample_year"].values)
            out["uncertainty"].append({
                "title": title,
                "caption": t("figures.fan_caption", n=ds.attrs.get("samples", "?"), unit=unit,
                             years=years),
                "png": _fan(ds, sel, t, names, title)})
    if macc_table is not None and (macc_table["abatement"] > 0).any():
        out["costs"].append({"title": t("figures.macc"),
                             "caption": t("figures.macc_caption", unit=unit),
                             "png": _macc(ds, plan, t, names)})
    return out
