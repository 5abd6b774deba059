"""The report's small multiples (SVG) fit the figure: panels, title, unit and legend apart."""

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
