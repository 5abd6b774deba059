"""The report's figures, drawn with :mod:`capf.plot` and embedded as base64 PNG.

Figures are made with :class:`matplotlib.figure.Figure` directly (not pyplot),
so writing a report leaves no open figures and needs no display.
"""

from __future__ import annotations

import base64
import io

from .. import plot

__all__ = ["figures", "MAX_DETAILED"]

#: Up to this many municipalities the report has figures per municipality;
#: above it small multiples and the sum over all municipalities.
MAX_DETAILED = 5
_DPI = 110


def _png(fig) -> str:
    """The figure as a base64 PNG (no timestamps or software tag: identical bytes per run)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _axes_figure(draw, *args, figsize=(8.5, 4.6), **kw) -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    draw(*args, ax=fig.add_subplot(), **kw)
    return _png(fig)


def _has_actions(ds, scenario: str, municipality) -> bool:
    if "wedge" not in ds or ds.sizes.get("action", 0) == 0:
        return False
    w = ds["wedge"].sel(scenario=scenario)
    if municipality != "all":
        w = w.sel(municipality=municipality)
    return bool((w != 0).any())


def figures(ds, plan, scenario: str, targets) -> list[dict]:
    """Figures of the report: ``[{"title", "caption", "png"}]`` (png as base64 text).

    Per municipality (up to :data:`MAX_DETAILED`): net emissions and targets,
    emissions by sector in ``scenario`` and, when it has actions, the reduction
    by action. Above that: small multiples, then the same three figures for the
    sum over every municipality.
    """
    from matplotlib.figure import Figure

    codes = [str(c) for c in ds["municipality"].values]
    out = []
    if len(codes) <= MAX_DETAILED:
        places = [(c, f"{ds['municipality_name'].sel(municipality=c).item()} ({c})")
                  for c in codes]
    else:
        n = min(len(codes), 24)
        cols = 6 if n > 16 else 4
        rows = -(-n // cols)
        fig = Figure(figsize=(2.7 * cols + 1.0, 2.1 * rows + 1.0), layout="constrained")
        plot.small_multiples(ds, plan, fig=fig, targets=targets, max_panels=24)
        out.append({"title": "Net emissions by municipality",
                    "caption": f"Net emissions of each scenario (kt CO2e/yr, each panel its own "
                               f"scale) and the first relative target's level; "
                               f"{n} of {len(codes)} municipalities, the largest emitters "
                               f"in the base year.", "png": _png(fig)})
        places = [("all", f"all {len(codes)} municipalities")]
    for code, label in places:
        out.append({"title": f"Net emissions and targets: {label}",
                    "caption": "Net emissions (removals included) of every scenario, the "
                               "targets' levels (markers), the straight-line paths from the "
                               "base year to them (dashed) and reference levels (dotted).",
                    "png": _axes_figure(plot.trajectory, ds, plan, municipality=code,
                                        targets=targets)})
        out.append({"title": f"Emissions by sector: {label}, scenario {scenario}",
                    "caption": "CO2e by sector (kt CO2e/yr); removals and other negative "
                               "emissions below zero; the line is the net total.",
                    "png": _axes_figure(plot.sectors, ds, municipality=code,
                                        scenario=scenario)})
        if _has_actions(ds, scenario, code):
            out.append({"title": f"Reductions by action: {label}, scenario {scenario}",
                        "caption": "What each action avoids (kt CO2e/yr), stacked from the "
                                   "scenario's total up to its total without actions.",
                        "png": _axes_figure(plot.wedges, ds, municipality=code,
                                            scenario=scenario)})
    return out
