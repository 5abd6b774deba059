"""Plans that start from the bundled Danish data and refine it."""

import json

import numpy as np
import pytest

import capf

BASE = """
[plan]
name = "Sorø from the bundled data"
base_year = 2023
start_from = "denmark"
municipalities = ["340"]
"""


def load(tmp_path, text):
    p = tmp_path / "plan.toml"
    p.write_text(BASE + text, encoding="utf-8")
    return capf.load_plan(p)


def test_bundled_tables_are_taken(tmp_path):
    plan = load(tmp_path, "")
    assert plan.municipality_codes == ["340"]
    assert {s.name for s in plan.scenario} == {"bau", "national_trend", "pipeline",
                                               "pipeline_prestudies"}
    bundled = capf.datasets.denmark(municipalities=["340"])
    np.testing.assert_allclose(capf.project(plan).co2e, capf.project(bundled).co2e)
    # 6 sector lines + oil and gas boilers, petrol, diesel and electric cars + Sorø's onshore
    # wind and solar production
    assert plan.plan.provenance["taken"]["inventory"] == 13


def test_file_lines_replace_and_add(tmp_path):
    plan = load(tmp_path, """
[[inventory]]
source = "transport.other"            # replaces the bundled transport total of Sorø
emissions = "70 kt CO2e/yr"

[[action]]
name = "less_driving"
kind = "reduce"
source = "transport.other"
share = "20 %"
start = 2024
full = 2030

[[scenario]]
name = "plan"
extends = "national_trend"
actions = ["less_driving"]

[[target]]
name = "Climate Act 2030"              # replaces the bundled target of the same name
preset = "climate_act_2030"
""")
    prov = plan.plan.provenance
    assert "inventory: 340 transport.other" in prov["replaced"]
    assert "target: Climate Act 2030" in prov["replaced"]
    assert "scenario: plan" in prov["added"] and "action: less_driving" in prov["added"]
    ds = capf.project(plan)
    t = float(ds.co2e.sel(municipality="340", source="transport.other", year=2023,
                          scenario="bau"))
    assert t == pytest.approx(70_000)
    assert json.loads(ds.attrs["provenance"])["start_from"] == "denmark"
    table = capf.assess(ds, plan)
    assert set(table.scenario) == {"bau", "national_trend", "plan", "pipeline",
                                   "pipeline_prestudies"}


def test_start_from_needs_municipalities(tmp_path):
    p = tmp_path / "x.toml"
    p.write_text('[plan]\nname = "x"\nbase_year = 2023\nstart_from = "denmark"\n')
    with pytest.raises(capf.PlanError, match="start_from = 'denmark' needs municipalities"):
        capf.load_plan(p)


def test_start_from_other_base_year(tmp_path):
    p = tmp_path / "x.toml"
    p.write_text('[plan]\nname = "x"\nbase_year = 2020\nstart_from = "denmark"\n'
                 'municipalities = ["340"]\n')
    with pytest.raises(capf.PlanError, match="the bundled Danish data have base year 2023"):
        capf.load_plan(p)


def test_unknown_code(tmp_path):
    p = tmp_path / "x.toml"
    p.write_text('[plan]\nname = "x"\nbase_year = 2023\nstart_from = "denmark"\n'
                 'municipalities = ["999"]\n')
    with pytest.raises(capf.PlanError, match="unknown municipality code"):
        capf.load_plan(p)
