"""The report's figures as inline SVG (capf/report/_svg.py, _svgfig.py; issue 20).

The SVG is parsed back: every series of capf.plot's figure data (capf/plot/_data.py) is
there under its gid, the drawn coordinates read back through the axis' scale (from two
tick labels) are the data's values, ticks lie on the axis, no two texts overlap (by the
renderer's width table) and every text is inside the figure.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import capf
from capf.plot import _data
from capf.report import _context, _figures, _svg
from capf.report.messages import Text

NS = "{http://www.w3.org/2000/svg}"


def root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: str, cls: str | None = None) -> list[dict]:
    """Every <text>: its string, position, size, anchor, class and whether rotated."""
    out = []
    for e in root(svg).iter(f"{NS}text"):
        if cls is not None and e.get("class") != cls:
            continue
        out.append({"text": e.text or "", "x": float(e.get("x")), "y": float(e.get("y")),
                    "size": float(e.get("font-size")), "anchor": e.get("text-anchor"),
                    "cls": e.get("class"), "rotate": e.get("transform") is not None})
    return out


def box(t: dict) -> tuple[float, float, float, float]:
    """The text's box (x0, y0, x1, y1) by the renderer's width table (no slack)."""
    w, s = _svg.text_width(t["text"], t["size"]), t["size"]
    if t["rotate"]:  # rotated upwards about its anchor, centred on it
        return t["x"] - 0.75 * s, t["y"] - w / 2, t["x"] + 0.25 * s, t["y"] + w / 2
    x0 = {"start": t["x"], "middle": t["x"] - w / 2, "end": t["x"] - w}[t["anchor"]]
    return x0, t["y"] - 0.75 * s, x0 + w, t["y"] + 0.25 * s


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def view(svg: str) -> tuple[float, float]:
    _, _, w, h = (float(v) for v in root(svg).get("viewBox").split())
    return w, h


def gids(svg: str) -> set[str]:
    return {e.get("data-gid") for e in root(svg).iter() if e.get("data-gid")}


def groups(svg: str, gid: str) -> list[ET.Element]:
    """The groups drawing series ``gid`` (not its legend entry)."""
    return [e for e in root(svg).iter(f"{NS}g")
            if e.get("data-gid") == gid and e.get("class") != "legend"]


def numbers(d: str) -> np.ndarray:
    """The (x, y) points of a path's M/L commands."""
    pts = re.findall(r"[ML](-?[\d.]+),(-?[\d.]+)", d)
    return np.array([(float(x), float(y)) for x, y in pts])


def axes(svg: str) -> list[dict]:
    """Each axes group: its box (from the spines) and its y scale (from two tick labels)."""
    out = []
    for g in root(svg).iter(f"{NS}g"):
        if g.get("class") != "axes":
            continue
        paths = [p.get("d") for p in g.iter(f"{NS}path")]
        spine = next(d for d in paths if " V" in d and " H" in d and d.count("M") == 1)
        x0, y0, y1, x1 = (float(v) for v in re.findall(r"-?[\d.]+", spine))
        ticks = [t for t in (texts_of(g)) if t["anchor"] == "end"]
        xt = [t for t in texts_of(g) if t["anchor"] == "middle"]
        out.append({"box": (x0, y0, x1, y1), "yticks": ticks, "xticks": xt})
    return out


def texts_of(g: ET.Element) -> list[dict]:
    return [{"text": e.text, "x": float(e.get("x")), "y": float(e.get("y")),
             "size": float(e.get("font-size")), "anchor": e.get("text-anchor"),
             "rotate": e.get("transform") is not None} for e in g.iter(f"{NS}text")]


def en_number(s: str) -> float:
    return float(s.replace(",", "").replace("−", "-"))


def y_scale(ax: dict):
    """Data value of a pixel y, from the first and last y tick label (English numbers)."""
    (a, b) = ax["yticks"][0], ax["yticks"][-1]
    pa, pb = a["y"] - 0.35 * a["size"], b["y"] - 0.35 * b["size"]
    va, vb = en_number(a["text"]), en_number(b["text"])
    return lambda p: va + (np.asarray(p) - pa) * (vb - va) / (pb - pa)


def x_scale(ax: dict):
    (a, b) = ax["xticks"][0], ax["xticks"][-1]
    va, vb = en_number(a["text"]), en_number(b["text"])
    return lambda p: va + (np.asarray(p) - a["x"]) * (vb - va) / (b["x"] - a["x"])


@pytest.fixture(scope="module")
def soro(tmp_path_factory):
    """Sorø with two actions, one uncertain, costs (MACC) and 64 samples (the fan)."""
    from report_fixtures import PLAN_TOML

    path = tmp_path_factory.mktemp("svg") / "plan.toml"
    path.write_text(PLAN_TOML, encoding="utf-8")
    plan = capf.load_plan(path)
    ds = capf.project(plan, samples=64, seed=3)
    targets = capf.assess(ds, plan)
    figs = _figures.figures(ds, plan, targets, Text("en"), _context.Names(plan),
                            capf.assess.macc(ds, plan))
    return plan, ds, targets, figs


@pytest.fixture(scope="module")
def many():
    """Six municipalities with 24 actions: small multiples, the sum, 12 wedges + others."""
    plan = capf.datasets.denmark(municipalities=["376", "787", "561", "550", "851", "540"])
    ds = capf.project(plan)
    targets = capf.assess(ds, plan)
    figs = _figures.figures(ds, plan, targets, Text("en"), _context.Names(plan))
    return plan, ds, targets, figs


def _all(figs):
    return [f for section in figs.values() for f in section]


def test_every_figure_is_an_accessible_svg(soro, many):
    for figs in (soro[3], many[3]):
        for f in _all(figs):
            r = root(f["svg"])
            assert r.tag == f"{NS}svg" and r.get("role") == "img"
            assert r.get("aria-label") == f["title"] == r.find(f"{NS}title").text
            assert r.get("viewBox") and r.get("width") is None  # scales to the column
            assert "url(" not in f["svg"] and "href" not in f["svg"]


def test_every_series_is_drawn(soro, many):
    plan, ds, targets, figs = soro
    by = {f["title"]: f["svg"] for f in _all(figs)}
    t = Text("en")
    series, legend, where = _data.trajectory_data(ds, plan, targets=targets)
    svg = by[t("figures.trajectory", where=where)]
    assert {s.gid for s in series} <= gids(svg)
    assert {"scenario:plan", "target:Climate Act 2030",
            "path:Climate Act 2030"} <= gids(svg)
    for s in [str(x) for x in ds["scenario"].values]:
        sec, _, _, _ = _data.sectors_data(ds, scenario=s)
        svg = by[t("figures.sectors", where=where, scenario=_context.Names(plan).scenario(s))]
        assert {x.gid for x in sec} <= gids(svg) and "sector:transport" in gids(svg)
    wed, _, _, _ = _data.wedges_data(ds, scenario="plan")
    svg = by[t("figures.wedges", where=where, scenario="Klimaplan")]
    assert {x.gid for x in wed} <= gids(svg)
    assert {"wedge:transport_electrification", "wedge:farm_measures", "bau"} <= gids(svg)
    fan, _ = _data.fan_data(ds, ["340"])
    svg = by[t("figures.fan", where=where)]
    assert {x.gid for x in fan} <= gids(svg) and "band90:plan" in gids(svg)
    bars = _data.macc_data(capf.assess.macc(ds, plan))
    assert {x.gid for x in bars} <= gids(by[t("figures.macc")]) and len(bars) == 2
    _, _, _, figs = many
    panels, order, _ = _data.small_multiples_data(ds=many[1], plan=many[0], targets=many[2])
    svg = figs["targets"][0]["svg"]
    assert {f"panel:{p['code']}" for p in panels} <= gids(svg) and len(panels) == 6
    for p in panels:
        assert {s.gid for s in p["series"]} <= {e.get("data-gid") for g in
                                                 groups(svg, f"panel:{p['code']}")
                                                 for e in g.iter() if e.get("data-gid")}


def test_plotted_values_are_the_data(soro, many):
    plan, ds, targets, figs = soro
    svg = figs["targets"][0]["svg"]
    (ax,) = axes(svg)
    ys, xs = y_scale(ax), x_scale(ax)
    series, _, _ = _data.trajectory_data(ds, plan, targets=targets)
    for s in series:
        if s.kind != "line":
            continue
        (g,) = groups(svg, s.gid)
        pts = numbers(g.find(f"{NS}path").get("d"))
        ok = np.isfinite(s.y)
        assert len(pts) == ok.sum()
        np.testing.assert_allclose(xs(pts[:, 0]), s.x[ok], atol=0.15)
        span = ax["yticks"][-1]["text"], ax["yticks"][0]["text"]
        tol = 0.1 * abs(en_number(span[0]) - en_number(span[1])) / (ax["box"][3] - ax["box"][1])
        np.testing.assert_allclose(ys(pts[:, 1]), s.y[ok], atol=tol * 1.5 + 1e-9)
    # the sector stack of the sum over six municipalities: its top is the positive total
    _, ds6, _, figs6 = many
    svg = next(f["svg"] for f in figs6["scenarios"] if "scenario bau" in f["title"])
    (ax,) = axes(svg)
    ys = y_scale(ax)
    sec, _, _, _ = _data.sectors_data(ds6, municipality="all", scenario="bau")
    net = next(s for s in sec if s.gid == "net")
    pts = numbers(groups(svg, "net")[0].find(f"{NS}path").get("d"))
    expect = _data.net(ds6, [str(c) for c in ds6["municipality"].values])[0] * 1e-3
    np.testing.assert_allclose(net.y, expect, rtol=1e-12)
    step = abs(en_number(ax["yticks"][-1]["text"]) - en_number(ax["yticks"][0]["text"]))
    tol = step / (ax["box"][3] - ax["box"][1]) * 0.1
    np.testing.assert_allclose(ys(pts[:, 1]), expect, atol=tol * 1.5)


def test_ticks_are_on_the_axis_and_texts_do_not_overlap(soro, many):
    for figs in (soro[3], many[3]):
        for f in _all(figs):
            svg = f["svg"]
            w, h = view(svg)
            for ax in axes(svg):
                x0, y0, x1, y1 = ax["box"]
                assert len(ax["yticks"]) >= 2
                for t in ax["yticks"]:
                    assert y0 - 0.5 <= t["y"] - 0.35 * t["size"] <= y1 + 0.5, (f["title"], t)
                    assert t["x"] < x0
                for t in ax["xticks"]:
                    assert x0 - 0.5 <= t["x"] <= x1 + 0.5 and t["y"] > y1, (f["title"], t)
            boxes = [(t, box(t)) for t in texts(svg)]
            for t, b in boxes:
                assert b[0] >= -0.5 and b[2] <= w + 0.5 and b[1] >= -0.5 and b[3] <= h + 0.5, \
                    (f["title"], t)
            for i, (t, a) in enumerate(boxes):
                for u, b in boxes[i + 1:]:
                    assert not overlap(a, b), (f["title"], t["text"], u["text"])


def test_reductions_by_action_have_12_distinct_colours(many):
    plan, ds, _, figs = many
    svg = next(f["svg"] for f in figs["scenarios"] if "Reductions by action" in f["title"]
               and "scenario pipeline_prestudies" in f["title"])
    colours = {}
    for g in root(svg).iter(f"{NS}g"):
        gid = g.get("data-gid") or ""
        if gid.startswith(("wedge:", "others:")) and g.get("class") != "legend":
            colours[gid] = g.find(f"{NS}path").get("fill")
    wedges = {k: v for k, v in colours.items() if k.startswith("wedge:")}
    assert len(wedges) == 12 and len(set(wedges.values())) == 12
    assert colours["others:12"] not in wedges.values()
    legend = [t["text"] for t in texts(svg, "legend-label")]
    assert "other actions (12)" in legend and "pipeline_prestudies without its actions" in legend
    assert "without the actions (BAU)" not in legend
    assert len(set(_data.WEDGE_COLOURS)) == len(_data.WEDGE_COLOURS) == 13


def test_thirteen_actions_have_13_distinct_colours(many):
    # TOP_ACTIONS + 1 actions are drawn without an "other actions" band: each its own colour
    plan, ds, _, _ = many
    series, *_ = _data.wedges_data(ds, scenario="pipeline_prestudies", top=None)
    bands = [x for x in series if x.gid.startswith("wedge:")]
    assert len(bands) > _data.TOP_ACTIONS + 1
    kept = ds.isel(action=[list(map(str, ds["action"].values)).index(x.gid[6:])
                           for x in bands[-(_data.TOP_ACTIONS + 1):]])
    series, *_ = _data.wedges_data(kept, scenario="pipeline_prestudies")
    colours = [x.colour for x in series if x.gid.startswith("wedge:")]
    assert len(colours) == _data.TOP_ACTIONS + 1 == len(set(colours))
    assert not any(x.gid.startswith("others:") for x in series)


def test_the_report_in_danish_has_danish_texts():
    d = capf.testing.example_plan_dict()
    d["scenario"][1]["label"] = "Klimaplan"
    plan = capf.Plan.model_validate(d)
    ds = capf.project(plan)
    figs = _figures.figures(ds, plan, capf.assess(ds, plan), Text("da"), _context.Names(plan))
    svg = figs["scenarios"][-1]["svg"]
    legend = [t["text"] for t in texts(svg, "legend-label")]
    assert legend[0] == "Klimaplan uden tiltagene" and "scenarie Klimaplan" in legend
    assert "år" in [t["text"] for t in texts(svg, "label")]


def test_text_width_table():
    assert _svg.text_width("0", 10) == pytest.approx(5.56)
    assert _svg.text_width("Sorø", 10) > _svg.text_width("Soro", 10) - 1
    assert _svg.fit("Lavbundsprojekter Ringkøbing-Skjern", 11, 80).endswith("…")
    assert _svg.text_width(_svg.fit("Lavbundsprojekter Ringkøbing", 11, 80), 11) * _svg.SLACK \
        <= 80
    ticks, step = _svg.nice_ticks(0.0, 38_000.0, 6)
    assert ticks == [0, 10_000, 20_000, 30_000] and step == 10_000
    assert _svg.nice_ticks(2022.4, 2050.6, 7, (1, 2, 5, 10), integer=True)[0][0] == 2025


def test_capf_run_report_imports_no_matplotlib(tmp_path):
    code = ("import sys; from capf import cli; "
            f"rc = cli.main(['run', 'scenarios/municipalities/soro.toml', '--out', "
            f"{str(tmp_path)!r}, '--report', '--quiet']); "
            "print(rc, sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split("\n")[-2] == "0 []", out.stdout[-500:] + out.stderr[-2000:]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 2


def test_panel_titles_move_left_and_shrink_before_they_are_shortened():
    from capf.report._svg import SLACK, text_width
    from capf.report._svgfig import _panel_title

    name = "Ringkøbing-Skjern (760)"
    need = text_width(name, 11) * SLACK
    # fits over the axes: there
    assert _panel_title(name, 11, 0.0, 30.0, 30.0 + need + 1) == (30.0, name, 11)
    # not over the axes but within the panel: moved left, whole, same size
    x, text, size = _panel_title(name, 11, 0.0, 40.0, need + 10)
    assert text == name and size == 11 and 2.0 <= x < 40.0
    # narrower: a smaller font, still whole
    x, text, size = _panel_title(name, 11, 0.0, 40.0, need * 0.9)
    assert text == name and 9 <= size < 11 and x >= 2.0
    # far too narrow: shortened at 9 px, within the panel
    x, text, size = _panel_title(name, 11, 0.0, 40.0, 60.0)
    assert size == 9 and text.endswith("…") and x + text_width(text, 9) * SLACK <= 60.0


def test_small_multiples_titles_are_whole():
    # 17 municipalities: six narrow panels a row; Ringkøbing-Skjern (760) was shortened
    codes = ["760", "851", "791", "751", "550", "561", "101", "820", "573", "326", "461",
             "860", "657", "630", "580", "607", "575"]
    plan = capf.datasets.denmark(municipalities=codes)
    ds = capf.project(plan)
    figs = _figures.figures(ds, plan, capf.assess(ds, plan), Text("en"), _context.Names(plan))
    svg = next(f["svg"] for f in _all(figs) if f["title"].startswith("Net emissions by "))
    titles = [t["text"] for t in texts(svg, "panel-title")]
    assert len(titles) == 17 and "Ringkøbing-Skjern (760)" in titles
    assert not any(x.endswith("…") for x in titles)
