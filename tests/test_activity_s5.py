"""Wind and solar production lines, lowland labels by municipality, and the issue's "Done when"
on the bundled plan (capf.datasets.denmark)."""

import numpy as np
import pytest

import capf
from capf import data
from capf.cli import main
from capf.data import activity

CODES = list(data.municipalities().index)
WIND, SOLAR = "energy.local_production.wind", "energy.local_production.solar"
BOILERS = ["buildings.individual_heating.oil_boiler",
           "buildings.individual_heating.natural_gas_boiler"]
CARS = ["transport.road.car_petrol", "transport.road.car_diesel", "transport.road.car_electric"]
#: BOL102 counts no dwelling with natural-gas central heating in these ten (PROVENANCE.md)
NO_GAS_DWELLINGS = {"147", "360", "376", "482", "492", "563", "706", "707", "741", "825"}


@pytest.fixture(scope="module")
def bundled():
    plan = capf.datasets.denmark()
    return plan, capf.project(plan)


def _lines(plan, source):
    return {x.municipality: x for x in plan.inventory if x.source == source}


# --------------------------------------------------------------------------- wind and solar

def test_every_municipality_with_mw_has_its_production_lines(bundled):
    plan, _ = bundled
    cap = activity.capacity_table()
    for source, column in ((WIND, "ve_vind_mw"), (SOLAR, "ve_sol_mw")):
        lines = _lines(plan, source)
        with_mw = {c for c in CODES if cap.loc[c, column] > 0}
        assert set(lines) == with_mw, source
        assert all(x.estimate for x in lines.values())
    assert len(_lines(plan, WIND)) == 79 and len(_lines(plan, SOLAR)) == 98


def test_production_is_mw_times_full_load_hours_for_ringkobing_skjern():
    lines = {x["source"]: x for x in activity.production_lines(["760"])}
    # Energinet: 516.5 MW onshore wind, 165.1 MW solar; 168 MW offshore left out
    assert float(lines[WIND]["activity"].to("MWh/yr").magnitude) == pytest.approx(516.5 * 2000)
    assert float(lines[SOLAR]["activity"].to("MWh/yr").magnitude) == pytest.approx(165.1 * 850)
    assert "168 MW offshore wind" in lines[WIND]["note"]
    assert "estimate" in lines[WIND]["note"] and "Full_Load_Hours.htm" in lines[WIND]["note"]
    assert "solcelleforening.dk" in lines[SOLAR]["note"]


def test_national_sums_of_the_production_lines(bundled):
    plan, _ = bundled
    wind = sum(float(x.activity.to("MWh/yr").magnitude) for x in _lines(plan, WIND).values())
    solar = sum(float(x.activity.to("MWh/yr").magnitude) for x in _lines(plan, SOLAR).values())
    # 4,908.0 MW onshore x 2,000 h and 5,323.5 MW solar x 850 h (PROVENANCE.md)
    assert wind == pytest.approx(4908.0 * 2000, rel=1e-9)
    assert solar == pytest.approx(5323.5 * 850, rel=1e-9)


def test_validation_page_reports_the_production_sums():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "docs" / "make_validation.py"
    spec = importlib.util.spec_from_file_location("make_validation_s5", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sums = module.production_sums()
    assert sums.loc["wind", "GWh/yr"] == pytest.approx(9816.0)
    assert sums.loc["solar", "GWh/yr"] == pytest.approx(4524.975)
    assert int(sums.loc["wind", "municipalities"]) == 79
    text = path.with_name("validation.md").read_text(encoding="utf-8")
    assert "| wind | 79 | 4,908.0 | 2,000.0 | 9,816.0 |" in text


def test_production_lines_emit_nothing_and_change_no_sector(bundled):
    _, ds = bundled
    assert float(abs(ds["co2e"].sel(source=[WIND, SOLAR])).max()) == 0.0
    # the same plan without the production lines gives the same CO2e of every other source,
    # every scenario and year (national_average: nothing is netted, nothing carved)
    from capf.data.denmark import denmark_dict

    codes = ("760", "340", "101", "851")
    d = dict(denmark_dict(2023, 2050, "AR5GWP100", codes))
    d["inventory"] = [x for x in d["inventory"] if x["source"] not in (WIND, SOLAR)]
    without = capf.project(capf.Plan.model_validate(d))["co2e"]
    with_ = capf.project(capf.datasets.denmark(municipalities=list(codes)))["co2e"]
    assert set(with_.source.values) - set(without.source.values) == {WIND, SOLAR}
    assert np.array_equal(with_.sel(source=without.source).values, without.values)


def _plan(code, method, tmp_path):
    """The `capf new` plan of ``code``, with ``electricity_method = "local_netted"`` uncommented
    for ``method = "local_netted"``."""
    text = capf.datasets.plan_file(code)
    if method == "local_netted":
        assert '#~ electricity_method = "local_netted"' in text
        text = text.replace('#~ electricity_method = "local_netted"',
                            'electricity_method = "local_netted"')
    path = tmp_path / f"{code}_{method}.toml"
    path.write_text(text, encoding="utf-8")
    return capf.load_plan(path)


@pytest.mark.parametrize("code", ["760", "340"])
def test_local_netted_lowers_electric_car_co2e_never_below_zero(code, tmp_path):
    """Ringkøbing-Skjern (516.5 MW wind) and Sorø (6.8 MW wind, 99.2 MW solar)."""
    ev = "transport.road.car_electric"
    national = capf.project(_plan(code, "national_average", tmp_path))["co2e"]
    netted = capf.project(_plan(code, "local_netted", tmp_path))["co2e"]
    a = national.sel(municipality=code, source=ev, scenario="bau")
    b = netted.sel(municipality=code, source=ev, scenario="bau")
    assert float(a.sel(year=2023)) > 0
    assert (b.values < a.values).all()
    assert (b.values >= 0).all()
    # the other sources do not change (the netted path sums in another order: to rounding)
    rest = [s for s in national.source.values if s != ev]
    assert np.allclose(national.sel(source=rest).values, netted.sel(source=rest).values,
                       rtol=1e-12, atol=1e-9)


def test_plan_file_lists_the_production_lines():
    text = capf.datasets.plan_file("760")
    assert 'source = "energy.local_production.wind"\n# estimate: 516.5 MW' in text
    assert 'activity = "1033000.0 MWh/yr"' in text
    assert 'activity = "140335.0 MWh/yr"' in text


# --------------------------------------------------------------------------- lowland labels

def test_lowland_action_labels_name_the_municipality(bundled):
    plan, _ = bundled
    names = data.municipalities()["name"]
    lowland = [a for a in plan.action if a.name.startswith("lowland_")]
    assert lowland
    for a in lowland:
        (code,) = a.municipality  # one municipality per action
        assert a.label.startswith(f"Lavbundsprojekter {names[code]} ("), a.label
    labels = [a.label for a in lowland]
    assert len(set(labels)) == len(labels)
    skive = {a.label for a in lowland if a.municipality == ("779",)}
    assert "Lavbundsprojekter Skive (approved): drained soil" in skive


# --------------------------------------------------------------------------- Done when

def test_done_when_lines_with_real_2023_co2e_on_the_bundled_plan(bundled):
    plan, ds = bundled
    co2e = ds["co2e"].sel(year=2023, scenario="bau")
    lines = {s: _lines(plan, s) for s in BOILERS + CARS}
    # every municipality has the gas-boiler line (0 where BOL102 counts no gas dwelling)
    assert set(lines[BOILERS[1]]) == set(CODES)
    full = [c for c in CODES
            if all(c in lines[s] and float(co2e.sel(municipality=c, source=s)) > 0
                   for s in [BOILERS[0]] + CARS)]
    assert len(full) >= 95, sorted(set(CODES) - set(full))
    gas = {c for c in CODES if float(co2e.sel(municipality=c, source=BOILERS[1])) > 0}
    assert len(gas) == 88
    assert set(CODES) - gas == NO_GAS_DWELLINGS
    table = activity.activity_table()
    assert all(table.loc[c, "opv_naturgas"] == 0 for c in NO_GAS_DWELLINGS)


@pytest.mark.slow  # ~40 s: `capf check` of 98 files (test_activity.py projects every file)
def test_done_when_capf_check_passes_for_every_municipality(tmp_path, capsys):
    paths = []
    for code in CODES:
        path = tmp_path / f"{code}.toml"
        path.write_text(capf.datasets.plan_file(code), encoding="utf-8")
        paths.append(str(path))
    assert main(["check", *paths]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok (1 municipality") == len(CODES)
