"""The report in Danish and English: catalogue, number format, sections, labels (issue 19)."""

import html.parser
import re
import string
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import xarray as xr  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from report_fixtures import DA_NUMBER, EN_NUMBER, SECTIONS, write_plan  # noqa: E402
from test_report_svg import texts as svg_texts  # noqa: E402

import capf  # noqa: E402
from capf import cli  # noqa: E402
from capf.errors import CapfError  # noqa: E402
from capf.report import _context, _figures, render_report  # noqa: E402
from capf.report.messages import LANGUAGES, MESSAGES, Text  # noqa: E402


class Report(html.parser.HTMLParser):
    """The lang attribute, the text of each section by id, and the numeric table cells."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.lang, self.sections, self.cells, self.empty = None, {}, [], {}
        self._section, self._cell, self._empty = None, None, False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "section":
            self._section = a.get("id")
            self.sections[self._section] = ""
        if tag == "td" and "num" in (a.get("class") or "").split():
            self._cell = ""
        if tag == "p" and a.get("class") == "empty":
            self._empty = True
            self.empty[self._section] = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._section:
            self.sections[self._section] += " "  # cells are separate words
        if tag == "section":
            self._section = None
        if tag == "td" and self._cell is not None:
            self.cells.append(self._cell.strip())
            self._cell = None
        if tag == "p":
            self._empty = False

    def handle_data(self, data):
        if self._section:
            self.sections[self._section] += data
        if self._cell is not None:
            self._cell += data
        if self._empty:
            self.empty[self._section] += data


def _cell_pattern(number: str, of: str) -> re.Pattern:
    """Every kind of numeric cell: a number, '–', '3 of 4', an interval, a year in brackets."""
    return re.compile(rf"^(?:|–|\d{{4}}|{number}(?: \(\d{{4}}\))?|\d+ {of} \d+|"
                      rf"{number} – {number})$")


# ------------------------------------------------------------------ the catalogue
def test_every_message_has_both_languages_with_the_same_fields():
    fields = string.Formatter()
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        names = [{f for _, f, _, _ in fields.parse(texts[lang]) if f} for lang in LANGUAGES]
        assert names[0] == names[1], key
        assert all(texts[lang].strip() for lang in LANGUAGES), key


def test_every_message_key_in_the_template_and_code_exists():
    import importlib.resources
    import pathlib

    root = pathlib.Path(capf.__file__).parent / "report"
    template = importlib.resources.files("capf.report").joinpath("template.html").read_text(
        encoding="utf-8")
    used = set(re.findall(r"""\bt\(["']([\w.-]+)["']""", template))
    for module in ("_context.py", "_detail.py", "_format.py", "_figures.py"):
        used |= set(re.findall(r"""\bt\(["']([\w.-]+)["']""",
                               (root / module).read_text(encoding="utf-8")))
    assert used and not used - set(MESSAGES), used - set(MESSAGES)
    # headings looked up by section id in the navigation
    for sid in SECTIONS + ("scenarios", "emissions"):
        assert f"{sid}.heading" in MESSAGES


def test_number_and_date_formats():
    import datetime

    da, en = Text("da"), Text("en")
    assert da.num(1557.94) == "1.557,9" and en.num(1557.94) == "1,557.9"
    assert da.num(-1234567.891, 2) == "-1.234.567,89"
    assert da.num(-0.04) == "0,0" and en.num(float("nan")) == "–" and da.num(None) == "–"
    assert da.kt(1_557_940) == "1.557,9" and da.pct(0.7) == "70 %"
    assert da.date(datetime.date(2026, 12, 1)) == "1. december 2026"
    assert en.date(datetime.date(2026, 12, 1)) == "1 December 2026"
    assert da.g(0.9) == "0,9" and da.g(2000.0) == "2.000" and en.g(21.08) == "21.08"
    with pytest.raises(CapfError, match="unknown report language 'de'; expected one of en, da"):
        Text("de")


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
       st.integers(min_value=0, max_value=3))
def test_danish_numbers_read_back(x, digits):
    da, en = Text("da").num(x, digits), Text("en").num(x, digits)
    assert re.fullmatch(DA_NUMBER, da) and re.fullmatch(EN_NUMBER, en)
    back = float(da.replace(".", "").replace(",", "."))
    assert back == float(en.replace(",", ""))
    assert abs(back - x) <= 0.5 * 10 ** -digits + 1e-9 * abs(x)


# ------------------------------------------------------------------ the CLI's reports
@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """`capf run PLAN --report --lang da|en --samples 200` on the costed plan with observations."""
    folder = tmp_path_factory.mktemp("lang")
    plan = write_plan(folder)
    out = {}
    for lang in ("da", "en"):
        code = cli.main(["run", str(plan), "--out", str(folder / lang), "--report", "--lang", lang,
                         "--samples", "200", "--seed", "1", "--quiet"])
        assert code == 0
        out[lang] = folder / lang
    return out


@pytest.mark.parametrize("lang", ["da", "en"])
def test_report_has_the_eight_sections_and_the_language(reports, lang):
    text = (reports[lang] / "report.html").read_text(encoding="utf-8")
    r = Report(text)
    assert r.lang == lang and text.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    for sid in SECTIONS:
        assert sid in r.sections, sid
        if sid != "assumptions":  # (its sub-lists may be empty: no default factor used)
            assert sid not in r.empty, (sid, r.empty.get(sid))  # everything is there to show
        assert len(r.sections[sid].split()) > 10, sid
    assert list(r.sections) == list(SECTIONS[:7]) + ["scenarios", "emissions", "assumptions"]


def test_danish_tables_use_decimal_commas(reports):
    r = Report((reports["da"] / "report.html").read_text(encoding="utf-8"))
    pattern = _cell_pattern(DA_NUMBER, "af")
    bad = [c for c in r.cells if not pattern.match(c)]
    assert not bad, bad[:10]
    assert sum("," in c for c in r.cells) > 50
    body = " ".join(r.sections.values())
    assert "241,4" in body  # Sorø's 2023 total, kt CO2e/år (Energi- og CO2-regnskab + lowland)
    assert not re.search(r"\d,\d{3}\.\d", body)  # no English thousands
    for heading in ("Opgørelse i basisåret", "Mål", "Mangler fordelt på sektorer",
                    "DK2020-sektortest", "Opfølgning", "Usikkerhed", "Omkostninger",
                    "Antagelser og kilder", "Marginalomkostningskurve", "kt CO2e/år"):
        assert heading in body, heading


def test_english_tables_use_decimal_points(reports):
    r = Report((reports["en"] / "report.html").read_text(encoding="utf-8"))
    pattern = _cell_pattern(EN_NUMBER, "of")
    bad = [c for c in r.cells if not pattern.match(c)]
    assert not bad, bad[:10]
    assert "241.4" in " ".join(r.sections.values())


def test_csv_stays_point_decimal(reports):
    for lang in ("da", "en"):
        raw = (reports[lang] / "targets.csv").read_text(encoding="utf-8")
        table = pd.read_csv(reports[lang] / "targets.csv")
        assert table["target_level"].dtype == float and re.search(r"\d\.\d", raw)
        assert not re.search(r'"-?\d+,\d+"', raw)  # no quoted decimal commas
    a, b = (pd.read_csv(reports[x] / "targets.csv") for x in ("da", "en"))
    pd.testing.assert_frame_equal(a, b)


def test_labels_dates_and_version(reports):
    text = (reports["da"] / "report.html").read_text(encoding="utf-8")
    sections = Report(text).sections
    body = " ".join(v for k, v in sections.items() if k != "assumptions")  # not the provenance
    for label in ("Klimaplan", "Elektrificering af transport", "Tiltag i landbruget"):
        assert label in body
    assert "transport_electrification" not in body and "farm_measures" not in body
    assert re.search(r"\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|"
                     r"oktober|november|december) \d{4} med capf " + re.escape(capf.__version__),
                     text)


def test_report_figures(reports):
    text = (reports["da"] / "report.html").read_text(encoding="utf-8")
    r = Report(text)
    # a sector chart for every scenario, a wedge chart for the one with actions, the fan, MACC
    for scen in ("bau", "national_trend", "Klimaplan"):
        assert f"Udledning pr. sektor: Sorø (340), scenarie {scen}</h3>" in text
    assert text.count("Reduktioner pr. tiltag: Sorø (340)") >= 1
    assert "Usikkerhed på nettoudledningen: Sorø (340)</h3>" in text
    assert "Marginalomkostningskurve</h3>" in text
    # the figure's heading and the <title> of its <svg> in the section
    assert r.sections["uncertainty"].count("Usikkerhed på nettoudledningen: Sorø (340)") >= 2 or \
        text.index('id="uncertainty"') < text.index("Usikkerhed på nettoudledningen")


# ------------------------------------------------------------------ empty sections
def test_empty_sections_say_why_in_one_line():
    plan = capf.testing.example_plan()
    r = Report(render_report(capf.project(plan), plan, lang="da"))
    for sid in ("sector-test", "monitoring", "uncertainty", "costs"):
        line = r.empty[sid].strip()
        assert line.startswith("Vises ikke: ") and "\n" not in line and len(line) < 200, line
    assert set(SECTIONS) <= set(r.sections)


# ------------------------------------------------------------------ inventory
def test_inventory_shows_planner_factors_and_default_citations():
    d = capf.testing.example_plan_dict()
    d["inventory"][0]["factor"] = {"CO2": "30 t/ha/yr"}
    d["inventory"][0]["note"] = "the municipality's own soil survey"
    d["inventory"][2]["estimate"] = True
    plan = capf.Plan.model_validate(d)
    ds = capf.project(plan)
    inv = _context.inventory_section(ds, plan, Text("da"))
    rows = {r["source"]: r for r in inv["rows"]}
    soils = rows["lowland_soils.drained_organic_soils.rotation_6_12pct_c"]
    assert soils["factor"].startswith("CO2 30 t/ha/") and soils["activity"] == "2.000 ha"
    assert soils["cite"] == "angivet i planen: the municipality's own soil survey"
    assert soils["level"] == "60,0"  # 2000 ha × 30 t CO2/ha/yr
    oil = rows["buildings.individual_heating.oil_boiler"]
    assert "0,9" in oil["factor"] and "HB2016" in oil["cite"]
    assert rows["transport.other"]["flags"] == "skøn" and rows["transport.other"]["factor"] == "–"
    assert inv["total"] == Text("da").kt(float(ds.co2e.sel(year=2023).isel(scenario=0).sum()))


def test_carrier_factors_read_as_an_efficiency_or_the_energy_used():
    """A carrier user's default factor is the carrier's divided by an efficiency: the report
    gives it as the efficiency where the activity is energy, else as the energy used per
    unit of activity (the catalogue's '/ 4761.9' vkm per MWh of an electric car read as
    nothing a planner knows)."""
    plan = capf.load_plan(Path(__file__).resolve().parents[1] / "scenarios" / "municipalities"
                          / "soro.toml")
    ds = capf.project(plan)
    for lang, car, boiler in (("en", "carrier electricity, 0.21 kWh/vkm", "efficiency 0.9"),
                              ("da", "energibærer electricity, 0,21 kWh/vkm",
                               "virkningsgrad 0,9")):
        rows = {r["source"]: r for r in _context.inventory_section(ds, plan, Text(lang))["rows"]}
        electric = rows["transport.road.car_electric"]["factor"]
        assert car in electric and "4761" not in electric
        assert boiler in rows["buildings.individual_heating.oil_boiler"]["factor"]


def test_many_municipalities_are_grouped():
    plan = capf.datasets.denmark()
    a = _context.assumptions_section(xr.Dataset(), plan, pd.DataFrame(), Text("en"))
    by = {(e["source"], e["flag"]): e for e in a["estimates"]}
    # 98 municipalities × 9 estimated or negative lines (with the wind and solar production):
    # one row per source and flag, not one per municipality
    assert len(a["estimates"]) == 10
    assert by[("agriculture.other", "reported negative")]["count"] == 11
    oil = by[("buildings.individual_heating.oil_boiler", "estimate")]
    assert oil["count"] == 98 and re.search(r" … \(\d+ variants, figures per municipality\)$",
                                            oil["note"])
    assert by[("lowland_soils.other", "estimate")]["count"] == 98
    sub = capf.datasets.denmark(municipalities=[m.code for m in plan.municipality[:13]])
    inv = _context.inventory_section(capf.project(sub), sub, Text("en"))
    assert inv["grouped"] and len(inv["rows"]) == len({x.source for x in sub.inventory}) == 13


def test_figure_legends_in_danish():
    d = capf.testing.example_plan_dict()
    d["scenario"][1]["label"] = "Klimaplan"
    d["action"][1]["label"] = "Varmepumper"
    plan = capf.Plan.model_validate(d)
    ds = capf.project(plan)
    figs = _figures.figures(ds, plan, capf.assess(ds, plan), Text("da"), _context.Names(plan))
    assert len(figs["targets"]) == 1 and len(figs["scenarios"]) == 3  # 2 sector charts + wedges
    texts = []  # titles, axis labels, legends and tick numbers of the SVG figures
    for f in [f for section in figs.values() for f in section]:
        texts += [t["text"] for t in svg_texts(f["svg"])]
    assert "Klimaplan" in texts and "Varmepumper" in texts and "netto i alt" in texts
    assert "kt CO2e/år" in texts and "år" in texts and "Climate Act 2030 (2030): 48,0" in texts
    assert "plan" not in texts and "heat_pumps" not in texts and "net total" not in texts
    assert "Klimaplan uden tiltagene" in texts and "lavbundsjorder" in texts


# ------------------------------------------------------------------ small fixes
def test_check_says_one_municipality(capsys):
    assert cli.main(["check", "scenarios/examples/rewetting_and_heat_pumps.toml"]) == 0
    assert "(1 municipality," in capsys.readouterr().out


def test_plot_accessor_methods_carry_their_docstrings():
    import inspect

    import capf.accessor  # noqa: F401
    import capf.plot

    ds = capf.project(capf.testing.example_plan())
    for kind in ("trajectory", "sectors", "wedges", "waterfall", "small_multiples", "macc",
                 "fan"):
        method = getattr(ds.capf.plot, kind)
        assert method.__doc__ == getattr(capf.plot, kind).__doc__
        assert "ds" not in inspect.signature(method).parameters
    assert "municipality" in inspect.signature(ds.capf.plot.trajectory).parameters
    assert "Parameters" in ds.capf.plot.sectors.__doc__


def test_bad_language_is_a_user_error(tmp_path, capsys):
    plan = capf.testing.example_plan()
    with pytest.raises(CapfError, match="unknown report language 'fr'"):
        render_report(capf.project(plan), plan, lang="fr")
    with pytest.raises(SystemExit) as exc:
        cli.main(["report", "--out", str(tmp_path), "--lang", "fr"])
    assert exc.value.code == 2 and "invalid choice: 'fr'" in capsys.readouterr().err


def test_target_rules_in_danish():
    d = capf.testing.example_plan_dict()
    d["target"][0]["reduction"] = "55 %"  # 0.55 × 100 is not exactly 55 in floating point
    d["target"].append({"name": "Half", "year": 2040, "reduction": "47.5 %", "relative_to": 1990})
    plan = capf.Plan.model_validate(d)
    rules = [x["rule"] for x in _context.targets_section(plan, capf.assess(capf.project(plan),
                                                                           plan),
                                                         Text("da"), _context.Names(plan))
             ["definitions"]]
    assert rules == ["55 % under 1990", "netto nul (optag medregnet)", "47,5 % under 1990"]


def test_many_municipalities_monte_carlo():
    """Above MAX_DETAILED municipalities: the fan of the sum from the summed samples."""
    plan = capf.testing.synthetic_plan(8, n_scenarios=3, seed=2, base_year=2023, uncertain=True)
    ds = capf.project(plan, samples=32, seed=1)
    targets = capf.assess(ds, plan)
    figs = _figures.figures(ds, plan, targets, Text("en"), _context.Names(plan))
    assert [f["title"] for f in figs["uncertainty"]] == [
        "Uncertainty of net emissions: all 8 municipalities"]
    fan = figs["uncertainty"][0]["svg"]
    labels = [t["text"] for t in svg_texts(fan, "legend-label")]
    assert "plan: median, 5–95 % (exact)" in labels and "plan: 5–95 %" not in labels
    u = _context.uncertainty_section(ds, targets, Text("en"), _context.Names(plan))
    assert u["active"] and not u["grouped"] and len(u["rows"]) == len(targets)
