"""Activity lines for every municipality (capf.data.activity), car factors and `capf new`."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import capf
from capf import data, sectors
from capf.cli import main
from capf.data import activity
from capf.units import ureg

CODES = list(data.municipalities().index)
CAR_SOURCES = ["transport.road.car_petrol", "transport.road.car_diesel",
               "transport.road.car_electric"]
BOILERS = ["buildings.individual_heating.oil_boiler",
           "buildings.individual_heating.natural_gas_boiler"]


def observed_lines(codes=None, scale=1.0):
    """The unrefined `.other` lines as datasets.denmark() builds them (the regnskab's absolute
    2023 tonnes by sector)."""
    t = data.inventory_tonnes()
    t = t[t.year == 2023].set_index(["code", "sector"])["t_co2e"]
    lines = []
    for code in codes or CODES:
        for sector, source in capf.datasets.CATEGORY_SOURCES.items():
            if sector == "lowland_soils":
                continue  # an estimate from KF25, nothing is carved out of it
            lines.append({"municipality": code, "source": source,
                          "emissions": ureg.Quantity(float(t[(code, sector)]) * scale,
                                                     "t CO2e/yr")})
    return lines


def co2e_2023(line) -> float:
    if "emissions" in line:
        return float(line["emissions"].to("t CO2e/yr").magnitude)
    return (float(line["activity"].magnitude)
            * activity.base_year_co2e_factor(line["source"]))


def check_carving(before, after):
    """Per municipality and observed `.other` line: carved lines + remainder = observed."""
    observed = {(x["municipality"], x["source"]): co2e_2023(x) for x in before}
    got = {}
    for x in after:
        key = (x["municipality"], activity.CARVED_FROM.get(x["source"], x["source"]))
        got[key] = got.get(key, 0.0) + co2e_2023(x)
    assert set(got) == set(observed)
    for key, value in observed.items():
        assert got[key] == pytest.approx(value, rel=1e-9, abs=1e-6), key
    for x in after:
        if x["source"] in activity.CARVED_FROM:
            assert x["estimate"] is True and x["note"]
            assert co2e_2023(x) >= 0


def test_lines_plus_remainder_equal_the_observed_total_in_every_sector():
    before = observed_lines()
    after = activity.refine(before)
    check_carving(before, after)
    # the inputs are not modified
    assert [x["emissions"] for x in before] == [x["emissions"] for x in observed_lines()]


def test_bundled_plan_keeps_the_observed_totals_by_dk2020_sector():
    """The projected 2023 CO2e of the bundled plan, by DK2020 sector, is the observed data."""
    codes = ["340", "851", "101", "825"]
    plan = capf.datasets.denmark(municipalities=codes)
    ds = capf.project(plan).sel(scenario="bau", year=2023)
    sector_of = {s: sectors.get_source(s).dk2020_sector for s in ds["source"].values}
    t = data.inventory_tonnes()
    t = t[t.year == 2023].set_index(["code", "sector"])["t_co2e"]
    for code in codes:
        by = {}
        for s in ds["source"].values:
            remainder = activity.CARVED_FROM.get(str(s), str(s))
            by[remainder] = by.get(remainder, 0.0) + float(ds["co2e"].sel(municipality=code,
                                                                             source=s))
        for sector, source in capf.datasets.CATEGORY_SOURCES.items():
            if sector != "lowland_soils":
                assert by[source] == pytest.approx(float(t[(code, sector)]), rel=1e-9,
                                                   abs=1e-6)
    # boilers and combustion cars sit in the DK2020 sector of the total they are carved from
    for s in BOILERS + CAR_SOURCES[:2] + ["industry.process.cement_clinker"]:
        assert sector_of[s] == sectors.get_source(activity.CARVED_FROM[s]).dk2020_sector


def test_at_least_95_municipalities_have_boiler_and_car_lines_with_co2e():
    """Every municipality has the five lines; CO2e > 0 wherever its data have the stock.

    Ten municipalities have no dwelling with natural-gas central heating in BOL102
    (Lolland, Guldborgsund, Langeland, Ærø, Fanø, Syddjurs, Norddjurs, Samsø, Læsø,
    Frederiksberg): their gas-boiler line is 0, as the data say.
    """
    lines = activity.refine(observed_lines())
    table = activity.activity_table()
    has = {c: {} for c in CODES}
    for x in lines:
        if x["source"] in BOILERS + CAR_SOURCES:
            has[x["municipality"]][x["source"]] = co2e_2023(x)
    assert all(set(got) == set(BOILERS + CAR_SOURCES) for got in has.values())
    others = [c for c, got in has.items()
              if all(got[s] > 0 for s in [BOILERS[0]] + CAR_SOURCES)]
    assert len(others) >= 95, sorted(set(CODES) - set(others))
    for code, got in has.items():
        assert (got[BOILERS[1]] > 0) == (table.loc[code, "opv_naturgas"] > 0), code
    assert sum(got[BOILERS[1]] > 0 for got in has.values()) == 88


def test_negative_remainder_is_scaled_down_flagged_and_recorded():
    before = observed_lines(["340"], scale=0.05)  # totals too small for the activity lines
    after = activity.refine(before)
    check_carving(before, after)
    transport = [x for x in after if x["source"] == "transport.other"][0]
    assert transport["emissions"].magnitude == 0.0
    cars = [x for x in after if x["source"] in CAR_SOURCES[:2]]
    assert all("scaled by" in x["note"] for x in cars)
    # a negative observed total: the lines carved out of it get no activity
    neg = [dict(before[2], emissions=ureg.Quantity(-10.0, "t CO2e/yr"))]
    out = activity.refine(neg)
    assert out[0]["emissions"].magnitude == -10.0
    assert all(co2e_2023(x) == 0 for x in out[1:]) and len(out) == 3


def test_aalborg_has_the_cement_line_from_kf25():
    lines = activity.refine(observed_lines(["851"]))
    cement = [x for x in lines if x["source"] == "industry.process.cement_clinker"]
    assert len(cement) == 1 and co2e_2023(cement[0]) == 980000.0
    assert not [x for x in activity.refine(observed_lines(["340"]))
                if x["source"] == "industry.process.cement_clinker"]


def test_car_factors_are_sourced_and_derived_from_kf25_and_the_fleet():
    land = activity.activity_table().loc["000"]
    combustion = float(land["biler"] - land["biler_el"])
    expected = activity.kf25_crf_2023("1A3bi") / (combustion * activity.KM_PER_CAR_YEAR)
    for s in CAR_SOURCES[:2]:
        src = sectors.get_source(s)
        assert src.has_default_factor
        assert activity.base_year_co2e_factor(s) == pytest.approx(expected, rel=1e-12)
        assert "KF25" in str(src.factors[0].citation)
    ev = sectors.get_source("transport.road.car_electric")
    assert ev.carrier == "electricity" and "Weiss" in str(ev.efficiency_citation)
    # kWh/vkm x the grid factor, following the grid trajectory
    grid = {y: f for y, f in zip((2023, 2030), sectors.get_carrier("electricity").factors[0]
                                 .values_at([2023, 2030]), strict=True)}
    for year in (2023, 2030):
        assert activity.base_year_co2e_factor(ev.id, year) == pytest.approx(
            0.21 * grid[year] / 1000, rel=1e-12)  # t per vkm


def test_electric_car_efficiency_accepts_kwh_per_vkm(tmp_path):
    path = tmp_path / "ev.toml"
    path.write_text('[plan]\nname = "ev"\nbase_year = 2023\n[[municipality]]\ncode = "1"\n'
                    '[[inventory]]\nsource = "transport.road.car_electric"\n'
                    'activity = "1000000 vkm/yr"\nefficiency = "0.18 kWh/vkm"\n'
                    '[[scenario]]\nname = "bau"\n', encoding="utf-8")
    plan = capf.load_plan(path)
    assert plan.inventory[0].efficiency == pytest.approx(1000 / 0.18)
    co2e = float(capf.project(plan)["co2e"].sel(year=2023).sum())
    grid = sectors.get_carrier("electricity").factors[0].values_at([2023])[0]
    assert co2e == pytest.approx(1e6 * 0.18 * grid / 1000, rel=1e-9)
    path.write_text(path.read_text().replace('"0.18 kWh/vkm"', '"0.18 kWh/ha"'))
    with pytest.raises(capf.errors.PlanError, match=r"efficiency.*0\.18 kWh/ha"):
        capf.load_plan(path)


def _switch_plan(code, actions):
    plan = capf.datasets.denmark(municipalities=[code])
    d = plan.model_dump(mode="python", by_alias=True, exclude_none=True)
    d["action"] = [*d.get("action", []), *actions]  # after the pipeline's (issue 18)
    d["scenario"] = [*d["scenario"], {"name": "switch", "actions": [a["name"] for a in actions]}]
    return capf.Plan.model_validate(d)


def test_all_oil_boilers_to_heat_pumps_saves_boilers_minus_heat_pump_electricity():
    code = "340"
    plan = _switch_plan(code, [{"name": "hp", "kind": "switch",
                                "from": BOILERS[0], "to": "buildings.individual_heating.heat_pump",
                                "share": 1.0, "start": 2024, "full": 2025, "curve": "step"}])
    ds = capf.project(plan).sel(municipality=code, year=2030)
    heat = float(plan.inventory[[x.source for x in plan.inventory].index(BOILERS[0])]
                 .activity.magnitude)
    boilers = heat * activity.base_year_co2e_factor(BOILERS[0], 2030)
    hp = heat * activity.base_year_co2e_factor("buildings.individual_heating.heat_pump", 2030)
    saved = float(ds["co2e"].sel(scenario="bau").sum() - ds["co2e"].sel(scenario="switch").sum())
    assert saved == pytest.approx(boilers - hp, rel=1e-9)
    assert float(ds["wedge"].sel(scenario="switch").sum()) == pytest.approx(boilers - hp,
                                                                            rel=1e-9)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=st.sampled_from(CODES), share=st.floats(0.0, 1.0).map(lambda x: round(x, 6)),
       scale=st.floats(0.01, 3.0))
def test_property_carving_and_switch_savings(code, share, scale):
    before = observed_lines([code], scale=scale)
    after = activity.refine(before)
    check_carving(before, after)
    oil = [x for x in after if x["source"] == BOILERS[0]]
    if not oil:
        return
    heat = float(oil[0]["activity"].magnitude)
    f_oil = activity.base_year_co2e_factor(BOILERS[0], 2030)
    f_hp = activity.base_year_co2e_factor("buildings.individual_heating.heat_pump", 2030)
    plan = _switch_plan(code, [{"name": "hp", "kind": "switch", "from": BOILERS[0],
                                "to": "buildings.individual_heating.heat_pump", "share": share,
                                "start": 2024, "full": 2026, "curve": "linear"}])
    line = [x for x in plan.inventory if x.source == BOILERS[0]][0]
    heat = float(line.activity.magnitude)
    ds = capf.project(plan).sel(municipality=code, year=2030)
    saved = float(ds["co2e"].sel(scenario="bau").sum() - ds["co2e"].sel(scenario="switch").sum())
    assert saved == pytest.approx(share * heat * (f_oil - f_hp), rel=1e-9, abs=1e-6)
    assert saved >= -1e-9


def test_done_when_soro_boilers_and_cars_switched_by_2030_save_at_least_half():
    code = "340"
    to_hp, to_ev = "buildings.individual_heating.heat_pump", "transport.road.car_electric"
    actions = [{"name": f"a{i}", "kind": "switch", "from": f, "to": t, "share": 1.0,
                "start": 2024, "full": 2030, "curve": "linear"}
               for i, (f, t) in enumerate([(BOILERS[0], to_hp), (BOILERS[1], to_hp),
                                           (CAR_SOURCES[0], to_ev), (CAR_SOURCES[1], to_ev)])]
    plan = _switch_plan(code, actions)
    ds = capf.project(plan).sel(municipality=code, year=2030)
    four = BOILERS + CAR_SOURCES[:2]
    bau_four = float(ds["co2e"].sel(scenario="bau", source=four).sum())
    saved = float(ds["co2e"].sel(scenario="bau").sum() - ds["co2e"].sel(scenario="switch").sum())
    assert bau_four > 0 and saved >= 0.5 * bau_four


# --------------------------------------------------------------------------- capf new

def test_plan_file_for_every_municipality_checks_and_projects(tmp_path):
    for code in CODES:
        path = tmp_path / f"{code}.toml"
        path.write_text(capf.datasets.plan_file(code), encoding="utf-8")
        plan = capf.load_plan(path)
        bundled = capf.datasets.denmark(municipalities=[code])
        a = capf.project(plan)["co2e"].sel(scenario=["bau", "national_trend"])
        b = capf.project(bundled)["co2e"].sel(source=a["source"],
                                              scenario=["bau", "national_trend"])
        assert np.allclose(a.sum("source"), b.sum("source"), rtol=1e-9, atol=1e-6), code


@pytest.mark.parametrize("code", ["101", "825", "851"])
def test_capf_new_writes_a_file_that_passes_check_and_runs(code, tmp_path, capsys):
    path = tmp_path / "plan.toml"
    assert main(["new", code, "--out", str(path)]) == 0
    assert main(["check", str(path)]) == 0
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert (tmp_path / "out" / "targets.csv").is_file()


def test_capf_new_unknown_code_is_a_user_error(tmp_path, capsys):
    assert main(["new", "999", "--out", str(tmp_path / "x.toml")]) == 2
    assert "unknown municipality code(s) 999" in capsys.readouterr().err
    assert not (tmp_path / "x.toml").exists()


def test_switch_conversion_in_kwh_per_vkm_is_accepted():
    """Petrol-car vkm into grid electricity (MWh) with conversion '0.18 kWh/vkm'."""
    code = "340"
    plan = _switch_plan(code, [{"name": "ev_as_electricity", "kind": "switch",
                                "from": CAR_SOURCES[0], "to": "energy.electricity.consumption",
                                "conversion": "0.18 kWh/vkm", "share": 1.0, "start": 2024,
                                "full": 2025, "curve": "step"}])
    vkm = float([x for x in plan.inventory if x.source == CAR_SOURCES[0]][0].activity.magnitude)
    ds = capf.project(plan).sel(municipality=code, year=2030, scenario="switch")
    grid = sectors.get_carrier("electricity").factors[0].values_at([2030])[0]  # kg/kWh
    assert float(ds["co2e"].sel(source="energy.electricity.consumption")) == pytest.approx(
        vkm * 0.18 * grid / 1000, rel=1e-9)


def test_refine_takes_totals_as_strings_and_leaves_per_gas_totals_alone():
    lines = [{"municipality": "340", "source": "energy.other", "emissions": "42.8 kt CO2e/yr"},
             {"municipality": "340", "source": "transport.other",
              "emissions": {"CO2": "70 kt/yr"}}]
    out = activity.refine(lines)
    energy = out[0]["emissions"].to("t CO2e/yr").magnitude
    carved = sum(co2e_2023(x) for x in out if activity.CARVED_FROM.get(x["source"])
                 == "energy.other")
    assert energy + carved == pytest.approx(42800.0)
    assert out[1]["emissions"] == {"CO2": "70 kt/yr"}
    assert not [x for x in out if x["source"] in CAR_SOURCES[:2]]
