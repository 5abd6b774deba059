"""The report's figures laid out without a layout engine (capf/report/_layout.py)."""

from __future__ import annotations

import capf
from capf.report import _context, _figures
from capf.report._layout import fit_axes, fit_grid
from capf.report.messages import Text


def _inside(box, fig, tol=1.0) -> bool:
    return (box.x0 >= -tol and box.y0 >= -tol and box.x1 <= fig.bbox.width + tol
            and box.y1 <= fig.bbox.height + tol)


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_small_multiples_fit_the_figure_and_do_not_overlap(monkeypatch):
    seen = []
    monkeypatch.setattr(_figures, "_png", lambda fig: seen.append(fig) or "")
    plan = capf.testing.synthetic_plan(12, n_scenarios=2, seed=3, base_year=2023)
    ds = capf.project(plan)
    _figures.figures(ds, plan, capf.assess(ds, plan), Text("da"), _context.Names(plan))
    fig = seen[0]  # the small multiples come first
    assert fig.get_layout_engine() is None
    r = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(r) for ax in fig.axes if ax.get_visible()]
    assert len(boxes) == 12 and all(_inside(b, fig) for b in boxes)
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    texts = [fig.get_suptitle(), fig.get_supylabel()]
    assert texts[1] == "kt CO2e/år"
    legend = fig.legends[0]
    lbox = legend.get_window_extent(r)
    assert _inside(lbox, fig) and not any(_overlap(lbox, b) for b in boxes)
    shown = [t for t in fig.texts if t.get_text() in texts]
    assert len(shown) == 2
    for text in shown:
        box = text.get_window_extent(r)
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
