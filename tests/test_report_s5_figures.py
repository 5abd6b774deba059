"""The report's figures laid out without a layout engine (capf/report/_layout.py)."""

from __future__ import annotations

import re
from types import SimpleNamespace

from test_report_svg import NS
from test_report_svg import box as svg_box
from test_report_svg import root as svg_root
from test_report_svg import texts as svg_texts
from test_report_svg import texts_of as svg_texts_of
from test_report_svg import view as svg_view

import capf
from capf.report import _context, _figures
from capf.report._layout import fit_axes, fit_grid
from capf.report.messages import Text


def _inside(box, fig, tol=1.0) -> bool:
    return (box.x0 >= -tol and box.y0 >= -tol and box.x1 <= fig.bbox.width + tol
            and box.y1 <= fig.bbox.height + tol)


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _svg_box(boxes):
    return SimpleNamespace(x0=min(b[0] for b in boxes), y0=min(b[1] for b in boxes),
                           x1=max(b[2] for b in boxes), y1=max(b[3] for b in boxes))


def test_small_multiples_fit_the_figure_and_do_not_overlap():
    plan = capf.testing.synthetic_plan(12, n_scenarios=2, seed=3, base_year=2023)
    ds = capf.project(plan)
    figs = _figures.figures(ds, plan, capf.assess(ds, plan), Text("da"), _context.Names(plan))
    svg = figs["targets"][0]["svg"]  # the small multiples come first
    w, h = svg_view(svg)
    fig = SimpleNamespace(bbox=SimpleNamespace(width=w, height=h))
    panels = [g for g in svg_root(svg).iter(f"{NS}g") if g.get("class") == "panel"]
    boxes = []
    for g in panels:  # a panel: its axes' spines and every text in it
        spine = next(p.get("d") for p in g.iter(f"{NS}path")
                     if " V" in p.get("d") and " H" in p.get("d") and p.get("d").count("M") == 1)
        x0, y0, y1, x1 = (float(v) for v in re.findall(r"-?[\d.]+", spine))
        inner = [svg_box(t) for t in svg_texts_of(g)] + [(x0, y0, x1, y1)]
        boxes.append(_svg_box(inner))
    assert len(boxes) == 12 and all(_inside(b, fig) for b in boxes)
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    texts = [t for t in svg_texts(svg) if t["cls"] in ("title", "label")]
    assert [t["text"] for t in texts][1] == "kt CO2e/år"
    legend = [svg_box(t) for t in svg_texts(svg, "legend-label")]
    lbox = _svg_box(legend + [(8, b[1], b[2], b[3]) for b in legend])  # with the swatches
    assert _inside(lbox, fig) and not any(_overlap(lbox, b) for b in boxes)
    shown = [t for t in texts if t["text"] in ("kt CO2e/år", svg_root(svg).get("aria-label"))]
    assert len(shown) == 2
    for text in shown:
        box = _svg_box([svg_box(text)])
        assert _inside(box, fig) and not any(_overlap(box, b) for b in boxes)


def test_one_axes_figure_fits_with_its_legend():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.5, 4.6), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for i in range(3):
        ax.plot([2023, 2050], [40_000 * (i + 1), 1_000], label=f"scenario with a long name {i}")
    ax.set_title("Nettoudledning og mål: alle 98 kommuner", loc="left", fontsize=11, y=1.0)
    ax.set_xlabel("år")
    ax.set_ylabel("kt CO2e/år")
    legend = ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fit_axes(fig, ax)
    r = fig.canvas.get_renderer()
    box = ax.get_tightbbox(r)
    assert _inside(box, fig) and _inside(legend.get_window_extent(r), fig)
    # the axes take the room the texts leave: its edges are within a few points of them
    pos = ax.get_window_extent(r)
    assert box.x0 < 12 and fig.bbox.height - box.y1 < 12 and box.y0 < 12
    assert pos.width > 0.5 * fig.bbox.width and pos.height > 0.7 * fig.bbox.height


def test_grid_without_title_or_legend():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 4), dpi=100)
    FigureCanvasAgg(fig)
    axes = list(fig.subplots(2, 2, sharex=True).flat)
    for ax in axes:
        ax.plot([2023, 2050], [0, 12_345])
    fit_grid(fig, axes, 2, 2)
    r = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(r) for ax in axes]
    assert all(_inside(b, fig) for b in boxes)
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
