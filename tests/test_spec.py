"""capf.plan: plan files load; every rejected input names file, field, value and expectation."""

import re

import pytest

import capf
from capf.errors import PlanError


def problems_of(exc_info):
    return [str(p) for p in exc_info.value.problems]


# ----------------------------------------------------------------- loading


def test_example_file_loads_as_given(example_path):
    plan = capf.load_plan(example_path)
    assert plan.plan.name == "Rewetting and heat pumps"
    assert [a.name for a in plan.action] == ["rewet_lowland", "heat_pumps"]
    assert plan.action[0].from_ == "lowland_soils.drained_organic_soils.rotation_6_12pct_c"
    assert plan.action[0].share == pytest.approx(0.5)
    assert [s.name for s in plan.scenario] == ["bau", "plan"]


def test_file_and_python_objects_give_the_same_plan(example_path):
    assert capf.load_plan(example_path).model_dump() == capf.testing.example_plan().model_dump()


@pytest.mark.parametrize("share", ["60 %", "0.6", 0.6, "60 percent"])
def test_share_spellings_are_equal(example_dict, share):
    example_dict["action"][0]["share"] = share
    assert capf.Plan.model_validate(example_dict).action[0].share == pytest.approx(0.6)


def test_municipality_codes_are_any_nonempty_string(example_dict):
    d = example_dict
    d["municipality"][0]["code"] = "Gemeente Ede"
    for line in d["inventory"]:
        line["municipality"] = "Gemeente Ede"
    d["baseline"][0]["municipality"] = "Gemeente Ede"
    assert capf.Plan.model_validate(d).municipality_codes == ["Gemeente Ede"]


def test_plan_default_municipality(example_dict):
    for line in example_dict["inventory"]:
        del line["municipality"]
    plan = capf.Plan.model_validate(example_dict)  # one municipality: lines belong to it
    assert plan.line_municipality(plan.inventory[0].municipality) == "999"


def test_target_reduction_may_exceed_100_percent(example_dict):
    example_dict["target"][0]["reduction"] = "110 %"
    assert capf.Plan.model_validate(example_dict).target[0].reduction == pytest.approx(1.1)


def test_emissions_per_gas_and_co2e(example_dict):
    example_dict["inventory"].append({"municipality": "999", "source": "agriculture.other",
                                      "emissions": {"CH4": "1.2 t/yr", "N2O": "0.1 t N2O/yr"}})
    plan = capf.Plan.model_validate(example_dict)
    assert plan.inventory[-1].emissions_by_gas() == {"CH4": pytest.approx(1.2),
                                                     "N2O": pytest.approx(0.1)}
    assert plan.inventory[2].emissions_by_gas() == {"CO2e": pytest.approx(25000)}


# ------------------------------------------------------- rejected inputs


def _reject(write_plan, d, *patterns, count=None):
    path = write_plan(d)
    with pytest.raises(PlanError) as ei:
        capf.load_plan(path)
    msgs = problems_of(ei)
    for pat in patterns:
        assert any(re.search(pat, m) for m in msgs), (pat, msgs)
    assert all(str(path) in m for m in msgs)
    if count is not None:
        assert len(msgs) == count, msgs
    return msgs


def test_wrong_dimension(write_plan, example_dict):
    example_dict["inventory"][0]["activity"] = "2000 kWh"
    _reject(write_plan, example_dict,
            r"inventory\[1\]\.activity: expected an activity of source "
            r"'lowland_soils.drained_organic_soils.rotation_6_12pct_c' in ha \(area such as '120 ha'\), got '2000 kWh")


def test_negative_area(write_plan, example_dict):
    example_dict["inventory"][0]["activity"] = "-5 ha"
    _reject(write_plan, example_dict, r"inventory\[1\]\.activity: expected a non-negative "
            r"activity, got '-5 ha'")


def test_negative_activity(write_plan, example_dict):
    example_dict["inventory"][1]["activity"] = "-5000 MWh/yr"
    _reject(write_plan, example_dict, r"inventory\[2\]\.activity: expected a non-negative")


def test_negative_municipality_area(write_plan, example_dict):
    example_dict["municipality"][0]["area"] = "-3 km**2"
    _reject(write_plan, example_dict, r"municipality\[1\]\.area: expected a non-negative area")


@pytest.mark.parametrize("share", ["120 %", -0.1, "1.5"])
def test_share_outside_0_100(write_plan, example_dict, share):
    example_dict["action"][1]["share"] = share
    _reject(write_plan, example_dict,
            r"action\[2\]\.share: expected a share between 0 % and 100 %, got")


def test_share_with_a_unit(write_plan, example_dict):
    example_dict["action"][1]["share"] = "50 ha"
    _reject(write_plan, example_dict, r"action\[2\]\.share: expected a share without a unit")


def test_unknown_source(write_plan, example_dict):
    example_dict["inventory"][1]["source"] = "buildings.individual_heating.oil_boilr"
    _reject(write_plan, example_dict, r"inventory\[2\]\.source: unknown source "
            r"'buildings.individual_heating.oil_boilr'; did you mean "
            r"'buildings.individual_heating.oil_boiler'")


def test_action_names_unknown_source(write_plan, example_dict):
    example_dict["action"][0]["to"] = "lowland_soils.rewet"
    _reject(write_plan, example_dict, r"action\[1\]\.to: unknown source 'lowland_soils.rewet'")


def test_baseline_year_after_base_year(write_plan, example_dict):
    example_dict["baseline"][0]["year"] = 2024
    _reject(write_plan, example_dict, r"baseline\[1\]\.year: expected a year at or before the "
            r"base year 2023, got 2024")


def test_reference_year_after_base_year(write_plan, example_dict):
    example_dict["target"][0]["relative_to"] = 2025
    _reject(write_plan, example_dict, r"target\[1\]\.relative_to: expected a reference year at "
            r"or before the base year 2023, got 2025")


def test_action_year_before_base_year(write_plan, example_dict):
    example_dict["action"][0]["start"] = 2020
    _reject(write_plan, example_dict, r"action\[1\]\.start: expected a year from the base year "
            r"2023 on, got 2020")


def test_full_before_start(write_plan, example_dict):
    example_dict["action"][0]["full"] = 2024
    _reject(write_plan, example_dict, r"action\[1\]\.full: expected a year at or after start "
            r"\(2025\), got 2024")


def test_target_year_before_base_year(write_plan, example_dict):
    example_dict["target"][1]["year"] = 2020
    _reject(write_plan, example_dict, r"target\[2\]\.year: expected a year from the base year "
            r"2023 to the end year 2050, got 2020")


@pytest.mark.parametrize("table, key", [("action", "name"), ("scenario", "name"),
                                        ("target", "name"), ("municipality", "code")])
def test_duplicated_name(write_plan, example_dict, table, key):
    example_dict[table].append(dict(example_dict[table][0]))
    n = len(example_dict[table])
    _reject(write_plan, example_dict, rf"{table}\[{n}\]\.{key}: duplicated {key} "
            rf"'.*' \(first used in {table}\[1\]\)")


def test_duplicated_inventory_line(write_plan, example_dict):
    example_dict["inventory"].append(dict(example_dict["inventory"][0]))
    _reject(write_plan, example_dict, r"inventory\[4\]\.source: duplicated inventory line")


@pytest.mark.parametrize("where, key", [("plan", "base_yaer"), ("action", "shares"),
                                        ("inventory", "activty"), ("target", "relative_too")])
def test_misspelt_key(write_plan, example_dict, where, key):
    item = example_dict[where] if where == "plan" else example_dict[where][0]
    item[key] = 1
    _reject(write_plan, example_dict, rf"{key}: unknown key \(check the spelling")


def test_all_problems_reported_together(write_plan, example_dict):
    example_dict["inventory"][0]["activity"] = "2000 kWh"       # wrong dimension
    example_dict["inventory"][1]["source"] = "buildings.nope"   # unknown source
    example_dict["action"][1]["share"] = "150 %"                # share out of range
    example_dict["action"][0]["shares"] = 1                     # misspelt key
    msgs = _reject(write_plan, example_dict, r"inventory\[1\]\.activity", r"inventory\[2\]\.source",
                   r"action\[2\]\.share", r"action\[1\]\.shares", count=4)
    assert len(set(msgs)) == 4


def test_plan_error_is_a_value_error_listing_problems(write_plan, example_dict):
    example_dict["action"][1]["share"] = "150 %"
    path = write_plan(example_dict)
    with pytest.raises(ValueError, match=r"1 problem in plan .*plan.toml:\n  - .*action\[2\]"):
        capf.load_plan(path)


def test_model_validate_raises_capf_error(example_dict):
    example_dict["inventory"][0]["activity"] = "-1 ha"
    with pytest.raises(capf.PlanError, match=r"inventory\[1\]\.activity: expected a non-negative"):
        capf.Plan.model_validate(example_dict)


def test_plan_needs_a_scenario(write_plan, example_dict):
    del example_dict["scenario"]
    example_dict["target"] = []
    _reject(write_plan, example_dict, r"scenario: a plan needs at least one \[\[scenario\]\]")


def test_scenario_with_unknown_action(write_plan, example_dict):
    example_dict["scenario"][1]["actions"].append("bike_lanes")
    _reject(write_plan, example_dict, r"scenario\[2\]\.actions: unknown action 'bike_lanes'")


def test_cyclic_extends(write_plan, example_dict):
    example_dict["scenario"][0]["extends"] = "plan"
    example_dict["scenario"][1]["extends"] = "bau"
    _reject(write_plan, example_dict, r"cyclic 'extends': bau -> plan -> bau")


def test_unknown_municipality(write_plan, example_dict):
    example_dict["inventory"][0]["municipality"] = "998"
    _reject(write_plan, example_dict, r"inventory\[1\]\.municipality: unknown municipality '998'")


def test_activity_and_emissions_both(write_plan, example_dict):
    example_dict["inventory"][0]["emissions"] = "1 kt CO2e/yr"
    _reject(write_plan, example_dict, r"inventory\[1\]\.activity: give either 'activity' or "
            r"'emissions'")


def test_activity_on_emission_level_source(write_plan, example_dict):
    example_dict["inventory"][2] = {"source": "transport.other", "activity": "5 vkm"}
    _reject(write_plan, example_dict, r"inventory\[3\]\.activity: source 'transport.other' is "
            r"known only as emissions")


def test_emissions_without_gas(write_plan, example_dict):
    example_dict["inventory"][2]["emissions"] = "25 kt/yr"
    _reject(write_plan, example_dict, r"inventory\[3\]\.emissions: name the gas")


def test_negative_emissions_of_non_removal(write_plan, example_dict):
    example_dict["inventory"][2]["emissions"] = "-25 kt CO2e/yr"
    _reject(write_plan, example_dict, r"negative emissions for 'transport.other', which is not "
            r"a removal source")
    example_dict["inventory"][2]["reported_negative"] = True
    assert capf.load_plan(write_plan(example_dict)).inventory[2].reported_negative


@pytest.mark.parametrize("value", ["nan ha", "inf ha", "1e400 ha"])
def test_non_finite_numbers(write_plan, example_dict, value):
    example_dict["inventory"][0]["activity"] = value
    _reject(write_plan, example_dict, r"inventory\[1\]\.activity: (expected a finite number|"
            r"number out of range)")


def test_missing_reference_level(write_plan, example_dict):
    del example_dict["baseline"]
    _reject(write_plan, example_dict, r"target\[1\]\.relative_to: no reference level for 1990 in "
            r"municipality 999")


def test_switch_from_a_line_given_as_emissions(write_plan, example_dict):
    example_dict["inventory"][1] = {"source": "buildings.individual_heating.oil_boiler",
                                    "emissions": "1.3 kt CO2/yr"}
    _reject(write_plan, example_dict, r"action\[2\]\.from: action 'heat_pumps' needs the activity")


def test_switch_to_the_same_source(write_plan, example_dict):
    example_dict["action"][0]["to"] = example_dict["action"][0]["from"]
    _reject(write_plan, example_dict, r"action\[1\]\.to: a switch moves activity to another")


def test_key_that_does_not_apply_to_the_kind(write_plan, example_dict):
    example_dict["action"][0]["activity"] = "5 ha"
    _reject(write_plan, example_dict, r"action\[1\]\.activity: 'activity' does not apply to a "
            r"'switch' action")


@pytest.mark.parametrize("content, pattern", [
    (b"", r"the file is empty"),
    (b"\xff\xfe[plan]", r"not UTF-8 text"),
    (b"[plan\nname=", r"not valid TOML"),
])
def test_unreadable_files(write_plan, content, pattern):
    path = write_plan(content)
    with pytest.raises(PlanError, match=pattern) as ei:
        capf.load_plan(path)
    assert str(path) in str(ei.value.problems[0])


def test_missing_file(tmp_path):
    with pytest.raises(PlanError, match=r"nope.toml: .*cannot read the file"):
        capf.load_plan(tmp_path / "nope.toml")


def test_end_year_before_base_year(write_plan, example_dict):
    example_dict["plan"]["end_year"] = 2020
    _reject(write_plan, example_dict, r"plan\.end_year: expected a year after base_year 2023, "
            r"got 2020")


def test_output_folder_names_cannot_escape(tmp_path, example_path):
    from capf.cli import main

    odd = tmp_path / "...toml"   # its stem is '..'
    odd.write_bytes(example_path.read_bytes())
    other = tmp_path / "b.toml"
    other.write_bytes(example_path.read_bytes())
    out = tmp_path / "out"
    assert main(["run", str(odd), str(other), "--out", str(out), "--quiet"]) == 0
    assert not (tmp_path / "results.nc").exists()
    assert all(p.resolve().parent == out.resolve() for p in out.iterdir())


def test_driver_index_and_national_series_are_bounded(write_plan, example_dict):
    # found by the fuzzer: 1e308 in an index or a national series overflowed to inf
    example_dict["driver"] = [{"name": "d", "source": "transport", "index": {2023: 1.0,
                                                                             2030: 1e308}}]
    example_dict["national_series"] = [{"series": "s", "sector": "energy",
                                        "values": {1990: 1e308, 2023: 1.0}}]
    _reject(write_plan, example_dict, r"driver\[1\]\.index\.2030: expected a non-negative index "
            r"up to 1e12", r"national_series\[1\]\.values: expected values up to 1e12")
