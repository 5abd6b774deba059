"""The plan-file library under scenarios/: every file loads, checks and runs as shipped.

- scenarios/national/denmark.toml is capf.datasets.denmark() written out, and stays so;
- scenarios/municipalities/*.toml reproduce the bundled plan of their municipality for the
  scenarios bau and national_trend, and cite a source for every figure;
- their commented-out templates (lines starting with "#~", each under a "# PLANNER:" line)
  load and run once a planner's figures are filled in.
"""

import importlib.util
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import capf
from capf.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
ALL_FILES = sorted(SCENARIOS.rglob("*.toml"))
DENMARK = SCENARIOS / "national" / "denmark.toml"
MUNICIPALITIES = {"sonderborg": "540", "aalborg": "851", "soro": "340"}
MUNICIPAL_FILES = {code: SCENARIOS / "municipalities" / f"{stem}.toml"
                   for stem, code in MUNICIPALITIES.items()}
# files whose figures must be sourced; scenarios/examples/ holds illustrative inputs, which
# its files declare in their header
SOURCED_FILES = [p for p in ALL_FILES if "examples" not in p.relative_to(SCENARIOS).parts]


def _id(path):
    return str(path.relative_to(SCENARIOS))


def test_library_is_there():
    assert DENMARK.is_file()
    assert all(p.is_file() for p in MUNICIPAL_FILES.values())


@pytest.mark.parametrize("path", ALL_FILES, ids=_id)
def test_file_loads_checks_and_runs(path, tmp_path, capsys):
    plan = capf.load_plan(path)
    assert plan.scenario and plan.target
    assert main(["check", str(path)]) == 0
    assert main(["run", str(path), "--out", str(tmp_path), "--quiet"]) == 0
    for name in ("results.nc", "emissions_by_sector.csv", "targets.csv"):
        assert (tmp_path / name).is_file()
    targets = pd.read_csv(tmp_path / "targets.csv")
    assert len(targets) == len(plan.scenario) * len(plan.municipality) * len(plan.target)


# ------------------------------------------------------------------ the national plan

def _denmark_writer():
    spec = importlib.util.spec_from_file_location("write_denmark_toml",
                                                  ROOT / "examples" / "write_denmark_toml.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_denmark_toml_reproduces_the_bundled_plan():
    bundled = capf.datasets.denmark()
    plan = capf.load_plan(DENMARK)
    a, b = capf.project(bundled), capf.project(plan)
    assert a["co2e"].dims == b["co2e"].dims
    assert np.allclose(a["co2e"], b["co2e"], rtol=1e-9, atol=1e-6)
    ta, tb = capf.assess(a, bundled), capf.assess(b, plan)
    cols = ["reference_level", "target_level", "projected_level", "gap"]
    assert (ta["met"].to_numpy() == tb["met"].to_numpy()).all()
    assert np.allclose(ta[cols].astype(float), tb[cols].astype(float), rtol=1e-9, equal_nan=True)
    assert len(plan.municipality) == 98 and len(plan.inventory) == len(bundled.inventory)


def test_denmark_toml_is_up_to_date():
    """The shipped file is what examples/write_denmark_toml.py writes today."""
    text = _denmark_writer().to_toml(capf.datasets.denmark())
    assert DENMARK.read_text(encoding="utf-8") == text, (
        "scenarios/national/denmark.toml is out of date: run "
        "`python examples/write_denmark_toml.py scenarios/national/denmark.toml`")


# --------------------------------------------------------------- the municipal plans

@pytest.mark.parametrize("code", list(MUNICIPAL_FILES))
def test_municipal_file_reproduces_the_bundled_data(code):
    """Inventory, back-casts, drivers and observations are those of capf.datasets.denmark()."""
    plan = capf.load_plan(MUNICIPAL_FILES[code])
    bundled = capf.datasets.denmark(municipalities=[code])
    assert plan.plan.base_year == 2023
    assert [m.code for m in plan.municipality] == [code]
    assert plan.municipality[0].population == bundled.municipality[0].population
    ds, ref = capf.project(plan), capf.project(bundled)
    scenarios = ["bau", "national_trend"]
    a = capf.assess.by_sector(ds).sel(scenario=scenarios)
    b = capf.assess.by_sector(ref).sel(scenario=scenarios)
    assert sorted(a["sector"].values) == sorted(b["sector"].values)
    assert np.allclose(a.sel(sector=b["sector"]), b, rtol=1e-9, atol=1e-6)
    for year, method in ((1990, "backcast:kf25"), (2019, "observed")):
        ra = capf.assess.reference_levels(ds, plan, year)
        rb = capf.assess.reference_levels(ref, bundled, year)
        assert np.isclose(ra.total[code], rb.total[code], rtol=1e-9)
        assert ra.method[code] == rb.method[code] == method
    # the plan's own targets use the Climate Act presets: same levels as the bundled targets
    ta, tb = capf.assess(ds, plan), capf.assess(ref, bundled)
    ta = ta[ta["scenario"].isin(scenarios)].reset_index(drop=True)
    tb = tb[tb["scenario"].isin(scenarios)].reset_index(drop=True)
    for col in ("target_level", "projected_level"):
        assert np.allclose(ta[col].astype(float), tb[col].astype(float), rtol=1e-9)
    ma, mb = capf.assess.monitoring(ds, plan), capf.assess.monitoring(ref, bundled)
    ma = ma[ma["scenario"].isin(scenarios)].reset_index(drop=True)
    mb = mb[mb["scenario"].isin(scenarios)].reset_index(drop=True)
    assert np.allclose(ma["observed"], mb["observed"], rtol=1e-9)
    assert not capf.assess.sector_test(ds, plan).empty


@pytest.mark.parametrize("code", list(MUNICIPAL_FILES))
def test_municipal_file_has_three_scenarios_and_climate_act_targets(code):
    plan = capf.load_plan(MUNICIPAL_FILES[code])
    assert [s.name for s in plan.scenario] == ["bau", "national_trend", "plan", "pipeline",
                                               "pipeline_prestudies"]
    assert {t.name for t in plan.target} >= {"Climate Act 2030", "Climate neutrality 2050"}
    assert capf.load_plan(MUNICIPAL_FILES[code]).plan.gwp == "AR5GWP100"


# ---------------------------------------------------------------- sources and templates

@pytest.mark.parametrize("path", SOURCED_FILES, ids=_id)
def test_every_figure_has_a_source_comment(path):
    """Each activity or emissions line has a comment on the same or the previous line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    missing = []
    for i, line in enumerate(lines):
        if re.match(r"\s*(activity|emissions)\s*=", line):
            previous = lines[i - 1].strip() if i else ""
            if "#" not in line and not previous.startswith("#"):
                missing.append(f"line {i + 1}: {line.strip()}")
    assert not missing, f"{path.name}: figures without a source comment:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", SOURCED_FILES, ids=_id)
def test_no_placeholder_in_active_lines(path):
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        assert "<number>" not in code and "<year>" not in code, f"{path.name}:{i}: {line}"


def fill_in(text: str) -> str:
    """A plan file with its "#~" templates uncommented and test figures in the placeholders.

    The figures (1 for every <number>, 2025-2030 for the years) only check that the
    templates are valid once filled; they are not suggestions.
    """
    out = []
    for line in text.splitlines():
        m = re.match(r"#~ ?(.*)$", line)
        if m:
            line = m.group(1)
            line = re.sub(r"^start = <year>", "start = 2025", line)
            line = re.sub(r"^(full|year) = <year>", r"\1 = 2030", line)
            line = line.replace("<number>", "1")
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("code", list(MUNICIPAL_FILES))
def test_templates_have_planner_instructions(code):
    """Every commented-out block sits under a "# PLANNER: supply ..." line."""
    lines = MUNICIPAL_FILES[code].read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("# PLANNER: supply ") for line in lines)
    for i, line in enumerate(lines):
        if line.startswith("#~ [[") and "scenario" not in line:
            above = lines[max(0, i - 12):i]
            assert any(x.startswith("# PLANNER: supply ") for x in above), (
                f"{MUNICIPAL_FILES[code].name}:{i + 1}: template without a PLANNER line")


@pytest.mark.parametrize("code", list(MUNICIPAL_FILES))
def test_templates_are_valid_once_filled_in(code, tmp_path):
    path = tmp_path / MUNICIPAL_FILES[code].name
    path.write_text(fill_in(MUNICIPAL_FILES[code].read_text(encoding="utf-8")), encoding="utf-8")
    shipped = capf.load_plan(MUNICIPAL_FILES[code])
    plan = capf.load_plan(path)
    pipeline = {a.name for a in shipped.action}  # the MARS lowland projects (issue 18)
    assert all(n.startswith("lowland_") for n in pipeline)
    assert len(plan.action) > len(shipped.action)
    assert set(plan.scenario_actions("plan")) == {a.name for a in plan.action} - pipeline
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    ds = capf.project(plan)
    wedge = ds["wedge"].sel(scenario="plan")
    assert set(wedge["action"].values) == {a.name for a in plan.action}
    assert float(abs(wedge.sel(action=sorted(pipeline))).sum()) == 0.0


def test_check_lists_the_figures_the_planner_must_supply(capsys):
    from capf.cli import main

    path = "scenarios/municipalities/soro.toml"
    assert main(["check", path]) == 0
    out = capsys.readouterr().out
    assert "for the planner to supply" in out
    with open(path, encoding="utf-8") as f:
        marked = [x for x in f if x.lstrip().startswith("# PLANNER:")]
    assert out.count("for the planner to supply") == len(marked) > 0
