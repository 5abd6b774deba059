"""capf.report: one self-contained, escaped HTML file, written atomically."""

import html.parser
import os
import pathlib
import re
import shutil
import subprocess

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import capf  # noqa: E402
from capf.report import render_report, write_report  # noqa: E402

CHROMIUM = pathlib.Path("/usr/bin/chromium")
NASTY = 'Plan <script>alert("x")</script> & Co\'s "best" $plan$'
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Checker(html.parser.HTMLParser):
    """Collects tags, checks nesting, and gathers resource references and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.refs, self.imgs, self.text = [], [], [], [], []
        self.scripts = 0
        self.doctype = False
        self.svgs = []  # the figures: inline <svg> elements

    def handle_decl(self, decl):
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if key in a:
                self.refs.append(a[key])
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        if tag == "svg":
            self.svgs.append(a)
        if tag == "script":
            self.scripts += 1
        if tag == "wbr":  # a line-break opportunity inside a word: the word stays one text
            self.joined = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if getattr(self, "joined", False) and self.text:
            self.text[-1] += data
        else:
            self.text.append(data)
        self.joined = False


def check(text: str) -> Checker:
    c = Checker()
    c.feed(text)
    c.close()
    assert c.doctype, "no <!DOCTYPE html>"
    assert c.errors == [] and c.stack == [], (c.errors, c.stack)
    return c


@pytest.fixture(autouse=True)
def _no_open_figures():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before  # the report draws without pyplot


@pytest.fixture(scope="module")
def example():
    d = capf.testing.example_plan_dict()
    d["plan"]["name"] = NASTY
    d["plan"]["description"] = "<b>bold?</b>"
    d["action"][0]["note"] = "<img src='https://example.com/x.png'>"
    plan = capf.Plan.model_validate(d)
    return plan, capf.project(plan)


@pytest.fixture(scope="module")
def denmark():
    plan = capf.datasets.denmark(municipalities=["540", "851", "340"])
    return plan, capf.project(plan)


@pytest.fixture(scope="module")
def example_report(example, tmp_path_factory):
    plan, ds = example
    return write_report(ds, plan, tmp_path_factory.mktemp("rep") / "sub" / "report.html")


def test_report_is_one_valid_self_contained_file(example_report, example):
    plan, _ = example
    assert example_report.is_file() and example_report.name == "report.html"
    assert list(example_report.parent.iterdir()) == [example_report]  # no temporary left
    text = example_report.read_text(encoding="utf-8")
    c = check(text)
    assert c.scripts == 0
    for ref in c.refs:
        assert not ref.lower().startswith(("http:", "https:", "//", "file:")), ref
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert "@import" not in text and "url(" not in text
    assert not c.imgs and len(c.svgs) >= 2 and all(s.get("role") == "img" for s in c.svgs)
    body = " ".join(c.text)
    for t in plan.target:
        assert t.name in body
    for a in plan.action:
        assert a.name in body
    for fact in ("Base year", "2023", "End year", "2050", "AR5GWP100", "kt CO2e/yr"):
        assert fact in body


def test_plan_text_is_escaped(example_report):
    text = example_report.read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>bold?</b>" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co&#39;s" in text
    assert "&lt;b&gt;bold?&lt;/b&gt;" in text
    assert "&lt;img src=&#39;https://example.com/x.png&#39;&gt;" in text
    c = check(text)
    assert NASTY in " ".join(c.text)  # the browser shows the name as written
    title = re.search(r"<title>(.*?)</title>", text).group(1)
    assert title.startswith("Plan &lt;script&gt;")


def test_report_tables(example_report):
    text = example_report.read_text(encoding="utf-8")
    # targets: reference 160 kt (given, not an estimate), target 48 kt, gap 20.6 under bau
    assert "160.0 <span" in text and "48.0" in text and "20.6" in text
    body = " ".join(check(text).text)
    for heading in ("Targets", "Gaps by sector", "Scenarios and actions", "Assumptions and sources",
                    "Default factors used", "Inventory lines flagged as estimates"):
        assert heading in body
    # default factors with their sources (the example uses SEGES and DEA defaults)
    assert "SEGES" in body and "lowland_soils.rewetted_organic_soils" in body
    assert "lowland_soils.drained_organic_soils.rotation_6_12pct_c → lowland_soils.rewetted_organic_soils" in body
    assert "50 %" in body and "logistic" in body


def test_denmark_report_flags_estimates(denmark, tmp_path):
    plan, ds = denmark
    out = write_report(ds, plan, tmp_path, title="Three municipalities")
    assert out == tmp_path / "report.html"
    text = out.read_text(encoding="utf-8")
    c = check(text)
    body = " ".join(c.text)
    assert "Three municipalities" in body and plan.plan.name in body
    for name in ("Sønderborg (540)", "Aalborg (851)", "Sorø (340)"):
        assert name in body
    # reference levels back-cast with KF25: marked with an asterisk and explained
    assert re.search(r"\d\*", body)
    assert "* Estimate: back-cast from the base-year inventory (and the observed years it is " \
        "anchored on) with the national series" in body
    assert "backcast:kf25" in body and "KF25" in body
    assert "lowland_soils.other" in body and "estimate" in body  # estimated inventory lines
    # per municipality: trajectory + sectors of each of the 4 scenarios + wedges of the two
    # with actions (pipeline, pipeline_prestudies)
    assert len(c.svgs) == 3 * (1 + 4 + 2)
    assert "Klimaloven" in body


def test_many_municipalities_use_small_multiples(tmp_path):
    plan = capf.testing.synthetic_plan(8, n_scenarios=2, seed=2, base_year=2023)
    ds = capf.project(plan)
    out = write_report(ds, plan, tmp_path / "r.html")
    c = check(out.read_text(encoding="utf-8"))
    body = " ".join(c.text)
    assert "Net emissions by municipality" in body and "all 8 municipalities" in body
    # small multiples, trajectory, sectors of both scenarios, wedges of the one with actions
    assert len(c.svgs) == 5


def test_report_uses_given_tables_and_scenario(example, tmp_path):
    plan, ds = example
    targets = capf.assess(ds, plan)
    targets.loc[0, "target"] = "A target from the given table"
    html_text = render_report(ds, plan, tables={"targets": targets}, scenario="bau")
    assert "A target from the given table" in html_text
    assert "Emissions by sector: Example (999), scenario bau" in html_text
    with pytest.raises(KeyError, match="scenario 'nope'"):
        render_report(ds, plan, scenario="nope")


def test_write_is_atomic(example, tmp_path, monkeypatch):
    plan, ds = example
    out = tmp_path / "report.html"
    out.write_text("previous report", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_report(ds, plan, out)
    assert out.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # temporary removed
    monkeypatch.undo()
    write_report(ds, plan, out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_same_input_same_bytes(example, tmp_path):
    plan, ds = example
    a = write_report(ds, plan, tmp_path / "a.html").read_bytes()
    b = write_report(ds, plan, tmp_path / "b.html").read_bytes()
    assert a == b


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_report_renders_in_a_real_browser(example_report, tmp_path):
    profile = tmp_path / "profile"
    shot = tmp_path / "report.png"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={shot}",
           "--window-size=1280,2000", "--enable-logging=stderr", "--v=0",
           example_report.resolve().as_uri()]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert shot.exists(), proc.stderr[-2000:]
    assert shot.stat().st_size > 10_000
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not [line for line in console if "Uncaught" in line], console


def test_compiled_template_is_cached_and_survives_a_broken_file(tmp_path):
    """The report's compiled template is kept in CAPF_CACHE_DIR (a fresh process each time,
    since the environment is built once per process); a truncated file, or no cache at
    all, gives the same page."""
    import subprocess
    import sys

    out = tmp_path / "out"
    out.mkdir()
    code = ("import capf, sys\nplan = capf.testing.example_plan()\n"
            "html = capf.report.render_report(capf.project(plan), plan)\n"
            "open(sys.argv[1], 'w', encoding='utf-8').write(html)\n")

    def render(name: str, cache: str) -> str:
        env = {**os.environ, "CAPF_CACHE_DIR": cache}
        subprocess.run([sys.executable, "-c", code, str(out / name)], check=True, env=env,
                       timeout=300)
        return (out / name).read_text(encoding="utf-8")

    cache = tmp_path / "cache"
    first = render("first.html", str(cache))
    compiled = sorted(cache.glob("jinja2-*/*.cache"))  # the page and the template it includes
    assert compiled and all(f.stat().st_size > 1000 for f in compiled)
    stamps = [f.stat().st_mtime_ns for f in compiled]
    assert render("cached.html", str(cache)) == first
    assert [f.stat().st_mtime_ns for f in compiled] == stamps  # read, not written again
    for f in compiled:  # half-written files (a killed process)
        f.write_bytes(f.read_bytes()[:40])
    assert render("broken.html", str(cache)) == first
    assert all(f.stat().st_size > 1000 for f in compiled)  # written anew
    assert render("none.html", "") == first
