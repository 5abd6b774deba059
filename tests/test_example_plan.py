"""The example plan of the foundation issue, worked out by hand.

scenarios/examples/rewetting_and_heat_pumps.toml, GWP set AR5 (CH4 28).

Factors (capf.sectors, with their sources):
  drained organic soils (class unknown): 21.08 t CO2/ha/yr (SEGES rule 1)
  rewetted organic soils: 6.8 t CO2e/ha/yr as CH4 at AR4 GWP 25 -> 0.272 t CH4/ha/yr
                          -> 0.272 × 28 = 7.616 t CO2e/ha/yr under AR5
  oil boiler: heating gas oil 0.266 kg CO2/kWh (HB2016) / efficiency 0.9
              -> 0.266 / 0.9 = 0.295556 t CO2 per MWh of heat
  heat pump: grid electricity (BR18) / COP 3.4 (DEA); electricity 0.047 kg CO2e/kWh in 2030
              -> 0.047 / 3.4 = 0.0138235 t CO2e per MWh of heat in 2030

Base year 2023 (both scenarios):
  lowland  2000 ha × 21.08            = 42 160.00 t
  heating  5000 MWh × 0.295556        =  1 477.78 t
  transport (given)                   = 25 000.00 t
  total                               = 68 637.78 t CO2e/yr

2030, scenario "plan":
  rewetting 50 %, linear 2025 -> 2030: fully in effect in 2030
     1000 ha drained × 21.08 = 21 080 t;  1000 ha rewetted × 7.616 = 7 616 t
  heat pumps 100 %, logistic 2024 -> 2035: x = (2030 - 2024) / 11 = 0.545455
     f(x) = 1 / (1 + exp(-10 (x - 0.5))); share = (f(x) - f(0)) / (f(1) - f(0)) = 0.613235
     oil:  5000 × (1 - 0.613235) × 0.295556 = 571.55 t
     heat pumps: 5000 × 0.613235 × 0.0138235 = 42.39 t
  transport 25 000 t
  total = 54 309.94 t CO2e/yr

Targets: 70 % below the given 1990 level of 160 kt: target level 48 000 t.
  bau 2030: 68 637.78 t, gap 20 637.78 t, not met; plan 2030: 54 309.94 t, gap 6 309.94 t.
  required cut from the base year: 1 - 48 000 / 68 637.78 = 0.300677.
"""

import math

import numpy as np
import pytest

import capf

HP_SHARE_2030 = None


def _logistic_share(t, start=2024, full=2035, k=10.0):
    f = lambda x: 1 / (1 + math.exp(-k * (x - 0.5)))  # noqa: E731
    x = (t - start) / (full - start)
    return (f(x) - f(0)) / (f(1) - f(0))


@pytest.fixture(scope="module")
def result():
    plan = capf.load_plan("scenarios/examples/rewetting_and_heat_pumps.toml")
    return plan, capf.project(plan, activity=True)


def total(ds, year, scenario):
    return float(ds.co2e.sel(year=year, scenario=scenario).sum())


def test_base_year(result):
    _, ds = result
    expected = 2000 * 21.08 + 5000 * 0.266 / 0.9 + 25_000
    assert expected == pytest.approx(68_637.78, abs=0.01)
    assert total(ds, 2023, "bau") == pytest.approx(expected)
    assert total(ds, 2023, "plan") == pytest.approx(expected)


def test_2030_plan(result):
    _, ds = result
    share = _logistic_share(2030)
    assert share == pytest.approx(0.613235, abs=1e-6)
    lowland = 1000 * 21.08 + 1000 * 6.8 / 25 * 28
    heating = 5000 * (1 - share) * 0.266 / 0.9 + 5000 * share * 0.047 / 3.4
    expected = lowland + heating + 25_000
    assert expected == pytest.approx(54_309.94, abs=0.01)
    assert total(ds, 2030, "plan") == pytest.approx(expected)
    assert total(ds, 2030, "bau") == pytest.approx(68_637.78, abs=0.01)


def test_heat_is_conserved_by_the_switch(result):
    _, ds = result
    heat = ds.activity.sel(source=["buildings.individual_heating.oil_boiler",
                                   "buildings.individual_heating.heat_pump"]).sum("source")
    np.testing.assert_allclose(heat, 5000.0)
    area = ds.activity.sel(source=["lowland_soils.drained_organic_soils.rotation_6_12pct_c",
                                   "lowland_soils.rewetted_organic_soils"]).sum("source")
    np.testing.assert_allclose(area, 2000.0)


def test_rewetting_half_way_in_2027(result):
    _, ds = result
    # linear 2025 -> 2030: (2027 - 2025) / 5 = 0.4 of the 50 % -> 400 ha rewetted
    a = ds.activity.sel(year=2027, scenario="plan", municipality="999")
    assert float(a.sel(source="lowland_soils.rewetted_organic_soils")) == pytest.approx(400)
    assert float(a.sel(source="lowland_soils.drained_organic_soils.rotation_6_12pct_c")) == pytest.approx(1600)


def test_targets(result):
    plan, ds = result
    t = capf.assess(ds, plan).set_index(["scenario", "target"])
    row = t.loc[("bau", "Climate Act 2030")]
    assert row["reference_level"] == 160_000
    assert row["target_level"] == pytest.approx(48_000)
    assert row["projected_level"] == pytest.approx(68_637.78, abs=0.01)
    assert row["gap"] == pytest.approx(20_637.78, abs=0.01)
    assert not row["met"]
    assert row["required_cut_from_base_year"] == pytest.approx(1 - 48_000 / 68_637.78, abs=1e-6)
    assert row["projected_reduction_vs_reference"] == pytest.approx(1 - 68_637.78 / 160_000,
                                                                    abs=1e-6)
    assert row["reference_method"] == "given" and not row["reference_is_estimate"]
    row = t.loc[("plan", "Climate Act 2030")]
    assert row["gap"] == pytest.approx(6_309.94, abs=0.01)
    assert not row["met"]
    nz = t.loc[("plan", "Net zero 2050")]
    assert nz["target_level"] == 0 and math.isnan(nz["reference_level"])
    assert nz["required_cut_from_base_year"] == 1.0
    assert not nz["met"]
