"""The projection engine, checked against numbers worked out by hand.

Factors used below (see capf.sectors):
  drained organic soils (class unknown): 21.08 t CO2/ha/yr (SEGES rule 1)
  rewetted organic soils: 6.8 t CO2e/ha/yr as CH4 under AR4 (GWP 25) = 0.272 t CH4/ha/yr;
      under AR5 (CH4 28): 0.272 × 28 = 7.616 t CO2e/ha/yr
  grid electricity (BR18): 0.187 kg CO2e/kWh in 2023, 0.135 in 2025, 0.047 in 2030
"""

import numpy as np
import pytest

import capf

DRAINED = "lowland_soils.drained_organic_soils.rotation_6_12pct_c"
REWET = "lowland_soils.rewetted_organic_soils"
ELEC = "energy.electricity.consumption"
CCS = "removals.biogenic_ccs"


def plan(inventory, actions=(), scenarios=None, drivers=(), gwp="AR5GWP100", **meta):
    d = {
        "plan": {"name": "t", "base_year": 2023, "end_year": 2040, "gwp": gwp, **meta},
        "municipality": [{"code": "1"}, {"code": "2"}],
        "inventory": [dict({"municipality": "1"}, **x) for x in inventory],
        "action": list(actions),
        "driver": list(drivers),
        "scenario": scenarios or [{"name": "bau"},
                                  {"name": "plan", "actions": [a["name"] for a in actions]}],
    }
    return capf.Plan.model_validate(d)


def co2e(ds, source, year, scenario="plan", m="1"):
    return float(ds.co2e.sel(source=source, year=year, scenario=scenario, municipality=m))


def act(ds, source, year, scenario="plan", m="1"):
    return float(ds.activity.sel(source=source, year=year, scenario=scenario, municipality=m))


def test_base_year_emissions_by_hand():
    ds = capf.project(plan([{"source": DRAINED, "activity": "1000 ha"},
                            {"source": ELEC, "activity": "2000 MWh/yr"}]))
    assert co2e(ds, DRAINED, 2023, "bau") == pytest.approx(1000 * 21.08)
    # 2000 MWh × 0.187 t/MWh = 374 t CO2e; 2027: 0.135 + (0.047 - 0.135) × 2/5 = 0.0998
    assert co2e(ds, ELEC, 2023, "bau") == pytest.approx(374.0)
    assert co2e(ds, ELEC, 2027, "bau") == pytest.approx(2000 * 0.0998)
    # held at the 2040 value after the table ends (end_year 2040 here)
    assert co2e(ds, ELEC, 2040, "bau") == pytest.approx(2000 * 0.0403)
    # no drivers: activity stays at its base-year level
    assert np.allclose(ds.co2e.sel(source=DRAINED, scenario="bau", municipality="1"), 21080)
    # municipality 2 has no lines: all zero
    assert float(abs(ds.co2e.sel(municipality="2")).sum()) == 0


def test_reduce_linear():
    a = {"name": "cut", "kind": "reduce", "source": DRAINED, "share": "40 %", "start": 2025,
         "full": 2030, "curve": "linear"}
    ds = capf.project(plan([{"source": DRAINED, "activity": "1000 ha"}], [a]), activity=True)
    # 2027: curve (2027-2025)/5 = 0.4, × 40 % = 16 % less: 840 ha
    assert act(ds, DRAINED, 2027) == pytest.approx(840)
    assert act(ds, DRAINED, 2030) == pytest.approx(600)
    assert act(ds, DRAINED, 2025) == pytest.approx(1000)
    assert co2e(ds, DRAINED, 2030) == pytest.approx(600 * 21.08)
    assert act(ds, DRAINED, 2030, "bau") == pytest.approx(1000)


def test_switch_conserves_area_and_changes_gas():
    a = {"name": "rewet", "kind": "switch", "from": DRAINED, "to": REWET, "share": "50 %",
         "start": 2024, "full": 2026, "curve": "step"}
    ds = capf.project(plan([{"source": DRAINED, "activity": "1000 ha"}], [a]), activity=True)
    assert act(ds, DRAINED, 2025) == pytest.approx(1000)
    assert act(ds, DRAINED, 2026) == pytest.approx(500)
    assert act(ds, REWET, 2026) == pytest.approx(500)
    ch4 = float(ds.emissions.sel(source=REWET, gas="CH4", year=2026, scenario="plan",
                                 municipality="1"))
    assert ch4 == pytest.approx(500 * 6.8 / 25)        # 136 t CH4
    assert co2e(ds, REWET, 2026) == pytest.approx(500 * 0.272 * 28)  # 3808 t CO2e (AR5)


def test_gwp_set_changes_per_gas_figures_only():
    a = {"name": "rewet", "kind": "switch", "from": DRAINED, "to": REWET, "share": "100 %",
         "start": 2024, "full": 2025, "curve": "step"}
    inv = [{"source": DRAINED, "activity": "1000 ha"}, {"source": ELEC, "activity": "100 MWh/yr"}]
    ar4 = capf.project(plan(inv, [a], gwp="AR4GWP100"))
    ar6 = capf.project(plan(inv, [a], gwp="AR6GWP100"))
    assert co2e(ar4, REWET, 2030) == pytest.approx(1000 * 6.8)         # back to SEGES' own figure
    assert co2e(ar6, REWET, 2030) == pytest.approx(1000 * 0.272 * 27.9)
    assert co2e(ar4, ELEC, 2030) == co2e(ar6, ELEC, 2030)              # CO2e-only: unchanged
    assert ar4.co2e.attrs["gwp_context"] == "AR4GWP100"


def test_decarbonise_carrier():
    a = {"name": "wind", "kind": "decarbonise", "carrier": "electricity",
         "factor": "0 kg CO2e/kWh", "share": "50 %", "start": 2025, "full": 2030,
         "curve": "step"}
    ds = capf.project(plan([{"source": ELEC, "activity": "1000 MWh/yr"}], [a]))
    assert co2e(ds, ELEC, 2029) == pytest.approx(1000 * (0.135 + (0.047 - 0.135) * 4 / 5))
    assert co2e(ds, ELEC, 2030) == pytest.approx(1000 * 0.047 * 0.5)


def test_decarbonise_source_replaces_the_whole_factor():
    a = {"name": "fix", "kind": "decarbonise", "source": DRAINED, "factor": {"CO2": "1 t/ha/yr"},
         "start": 2024, "full": 2034, "curve": "linear"}
    ds = capf.project(plan([{"source": DRAINED, "activity": "100 ha"}], [a]))
    # 2029: half way from 21.08 to 1 t CO2/ha
    assert co2e(ds, DRAINED, 2029) == pytest.approx(100 * (21.08 * 0.5 + 1 * 0.5))


def test_remove_adds_a_negative_source():
    a = {"name": "beccs", "kind": "remove", "source": CCS, "activity": "100 kt/yr",
         "start": 2025, "full": 2035, "curve": "linear"}
    ds = capf.project(plan([{"source": DRAINED, "activity": "10 ha"}], [a]))
    assert co2e(ds, CCS, 2030) == pytest.approx(-50_000)
    assert float(ds.removal.sel(source=CCS))
    assert co2e(ds, CCS, 2030, m="2") == pytest.approx(-50_000)  # default selector "*"


def test_municipality_selector():
    a = {"name": "beccs", "kind": "remove", "source": CCS, "activity": "100 kt/yr",
         "start": 2025, "full": 2026, "curve": "step", "municipality": "2"}
    ds = capf.project(plan([{"source": DRAINED, "activity": "10 ha"}], [a]))
    assert co2e(ds, CCS, 2030, m="1") == 0
    assert co2e(ds, CCS, 2030, m="2") == pytest.approx(-100_000)


@pytest.mark.parametrize("order", ["reduce_first", "switch_first"])
def test_two_actions_on_one_source_in_both_orders(order):
    reduce = {"name": "reduce", "kind": "reduce", "source": DRAINED, "share": "50 %",
              "start": 2024, "full": 2025, "curve": "step"}
    switch = {"name": "switch", "kind": "switch", "from": DRAINED, "to": REWET, "share": "50 %",
              "start": 2024, "full": 2025, "curve": "step"}
    actions = [reduce, switch] if order == "reduce_first" else [switch, reduce]
    ds = capf.project(plan([{"source": DRAINED, "activity": "1000 ha"}], actions), activity=True)
    if order == "reduce_first":
        # 1000 → reduce 50 % → 500 → switch 50 % → 250 drained + 250 rewetted
        assert act(ds, DRAINED, 2030) == pytest.approx(250)
        assert act(ds, REWET, 2030) == pytest.approx(250)
    else:
        # 1000 → switch 50 % → 500 drained + 500 rewetted → reduce 50 % of drained → 250
        assert act(ds, DRAINED, 2030) == pytest.approx(250)
        assert act(ds, REWET, 2030) == pytest.approx(500)


def test_wedges_add_up_to_bau_minus_scenario():
    actions = [
        {"name": "reduce", "kind": "reduce", "source": DRAINED, "share": "30 %", "start": 2024,
         "full": 2030, "curve": "logistic"},
        {"name": "switch", "kind": "switch", "from": DRAINED, "to": REWET, "share": "60 %",
         "start": 2025, "full": 2035, "curve": "bass"},
        {"name": "wind", "kind": "decarbonise", "carrier": "electricity",
         "factor": "0 kg CO2e/kWh", "share": "80 %", "start": 2023, "full": 2030},
    ]
    ds = capf.project(plan([{"source": DRAINED, "activity": "1000 ha"},
                            {"source": ELEC, "activity": "5000 MWh/yr"}], actions))
    tot = ds.co2e.sum("source")
    diff = tot.sel(scenario="bau") - tot.sel(scenario="plan")
    np.testing.assert_allclose(ds.wedge.sel(scenario="plan").sum("action"), diff, atol=1e-6)
    assert float(abs(ds.wedge.sel(scenario="bau")).sum()) == 0


def test_drivers_rate_and_index():
    drivers = [
        {"name": "growth", "source": "energy", "rate": "2 %/yr"},
        {"name": "farms", "source": DRAINED, "index": {2020: 1.2, 2023: 1.0, 2033: 0.5},
         "scenarios": ["plan"]},
    ]
    ds = capf.project(plan([{"source": DRAINED, "activity": "1000 ha"},
                            {"source": ELEC, "activity": "1000 MWh/yr"}], drivers=drivers),
                      activity=True)
    assert act(ds, ELEC, 2033, "bau") == pytest.approx(1000 * 1.02 ** 10)
    assert act(ds, DRAINED, 2028, "plan") == pytest.approx(750)   # linear between key years
    assert act(ds, DRAINED, 2040, "plan") == pytest.approx(500)   # held after the last
    assert act(ds, DRAINED, 2040, "bau") == pytest.approx(1000)   # only in scenario "plan"


def test_scenario_extends():
    actions = [
        {"name": "a1", "kind": "reduce", "source": DRAINED, "share": "10 %", "start": 2024,
         "full": 2025, "curve": "step"},
        {"name": "a2", "kind": "reduce", "source": DRAINED, "share": "50 %", "start": 2024,
         "full": 2025, "curve": "step"},
    ]
    scen = [{"name": "bau"}, {"name": "planned", "actions": ["a1"]},
            {"name": "plan", "extends": "planned", "actions": ["a2"]}]
    ds = capf.project(plan([{"source": DRAINED, "activity": "1000 ha"}], actions, scen),
                      activity=True)
    assert act(ds, DRAINED, 2030, "planned") == pytest.approx(900)
    assert act(ds, DRAINED, 2030, "plan") == pytest.approx(450)


def test_inputs_in_other_units_give_identical_results():
    a = {"name": "cut", "kind": "reduce", "source": ELEC, "share": "40 %", "start": 2025,
         "full": 2030}
    one = capf.project(plan([{"source": ELEC, "activity": "3600 MWh/yr"},
                             {"source": DRAINED, "activity": "2 km**2"}], [a]))
    two = capf.project(plan([{"source": ELEC, "activity": "12960 GJ/yr"},
                             {"source": DRAINED, "activity": "200 ha"}], [a]))
    np.testing.assert_allclose(one.emissions, two.emissions, rtol=1e-12)


def test_factor_override():
    ds = capf.project(plan([{"source": DRAINED, "activity": "10 ha",
                             "factor": {"CO2": "30 t/ha/yr", "N2O": "20 kg N2O/ha/yr"}}]))
    co2 = ds.emissions.sel(source=DRAINED, year=2030, scenario="bau", municipality="1")
    assert float(co2.sel(gas="CO2")) == pytest.approx(300)
    assert float(co2.sel(gas="N2O")) == pytest.approx(0.2)
    assert co2e(ds, DRAINED, 2030, "bau") == pytest.approx(300 + 0.2 * 265)


def test_stock_turnover_switch():
    # new sales of heat pumps 0 -> 100 % linearly 2024 -> 2028; boilers last 10 years (fixed):
    # stock share = moving average of the sales share over 10 years.
    a = {"name": "hp", "kind": "switch", "from": "buildings.individual_heating.oil_boiler",
         "to": "buildings.individual_heating.heat_pump", "share": "100 %", "start": 2024,
         "full": 2028, "curve": "stock_turnover", "lifetime": 10}
    ds = capf.project(plan([{"source": "buildings.individual_heating.oil_boiler",
                             "activity": "1000 MWh/yr"}], [a]), activity=True)
    sales = {2024: 0, 2025: 0.25, 2026: 0.5, 2027: 0.75}
    # 2027: (0 + 0.25 + 0.5 + 0.75) / 10 = 0.15; 2040: sales 1 for 2031..2040 -> 1.0
    hp = lambda y: act(ds, "buildings.individual_heating.heat_pump", y)  # noqa: E731
    assert hp(2027) == pytest.approx(1000 * sum(sales.values()) / 10)
    assert hp(2033) == pytest.approx(1000 * (1.5 + 6) / 10)  # 2024..2027: 1.5, 2028..2033: 6
    assert hp(2040) == pytest.approx(1000)
    assert act(ds, "buildings.individual_heating.oil_boiler", 2040) == pytest.approx(0, abs=1e-9)


def test_stock_turnover_needs_lifetime():
    a = {"name": "hp", "kind": "reduce", "source": DRAINED, "share": 1, "start": 2024,
         "full": 2028, "curve": "stock_turnover"}
    with pytest.raises(capf.PlanError, match=r"action\[1\]\.lifetime: a 'stock_turnover' curve "
                       r"needs 'lifetime'"):
        plan([{"source": DRAINED, "activity": "1 ha"}], [a])


def test_local_netted_electricity():
    # 1000 MWh consumed, 400 MWh of local wind: factor × (1 - 400/1000) = 0.6 × national.
    # A wind farm adds 600 MWh by 2030 (step): production covers consumption, factor 0.
    wind = "energy.local_production.wind"
    a = {"name": "wind_farm", "kind": "add", "source": wind, "activity": "600 MWh/yr",
         "start": 2025, "full": 2030, "curve": "step"}
    inv = [{"source": ELEC, "activity": "1000 MWh/yr"}, {"source": wind, "activity": "400 MWh/yr"}]
    ds = capf.project(plan(inv, [a], electricity_method="local_netted"))
    assert co2e(ds, ELEC, 2023, "bau") == pytest.approx(1000 * 0.187 * 0.6)
    assert co2e(ds, ELEC, 2029, "plan") == pytest.approx(1000 * (0.135 - 0.088 * 4 / 5) * 0.6)
    assert co2e(ds, ELEC, 2030, "plan") == pytest.approx(0)
    assert ds.attrs["electricity_method"] == "local_netted"
    # wedges still add up when netting couples sources
    tot = ds.co2e.sum("source")
    np.testing.assert_allclose(ds.wedge.sel(scenario="plan").sum("action"),
                               tot.sel(scenario="bau") - tot.sel(scenario="plan"), atol=1e-9)
    # national average method: local production changes nothing
    nat = capf.project(plan(inv, [a]))
    assert co2e(nat, ELEC, 2023, "bau") == pytest.approx(187)


def test_netting_counts_heat_pump_electricity():
    # heat pumps use heat / COP of electricity: 3400 MWh heat / 3.4 = 1000 MWh electricity
    hp = "buildings.individual_heating.heat_pump"
    inv = [{"source": hp, "activity": "3400 MWh/yr"},
           {"source": "energy.local_production.solar", "activity": "250 MWh/yr"}]
    ds = capf.project(plan(inv, [], electricity_method="local_netted"))
    assert co2e(ds, hp, 2023, "bau") == pytest.approx(1000 * 0.187 * 0.75)


def test_remove_needs_a_removal_source():
    a = {"name": "x", "kind": "remove", "source": DRAINED, "activity": "5 ha", "start": 2024,
         "full": 2025}
    with pytest.raises(capf.PlanError, match=r"action\[1\]\.activity: 'remove' adds activity to "
                       r"a removal source; 'lowland_soils.drained_organic_soils.rotation_6_12pct_c' is not one"):
        capf.compile_plan(plan([{"source": DRAINED, "activity": "1 ha"}], [a]))


def test_switch_into_a_source_without_a_default_needs_a_factor():
    # vans: electric cars have a default factor (grid x kWh/vkm), electric vans none
    cars = {"name": "ev", "kind": "switch", "from": "transport.road.van_diesel",
            "to": "transport.road.van_electric", "share": "50 %", "start": 2024, "full": 2030}
    inv = [{"source": "transport.road.van_diesel", "activity": "1e6 vkm/yr",
            "factor": {"CO2": "0.15 kg/vkm"}}]
    with pytest.raises(capf.PlanError, match=r"action\[1\]\.to: action 'ev' moves activity into "
                       r"'transport.road.van_electric', which has no sourced default factor"):
        capf.compile_plan(plan(inv, [cars]))
    inv += [{"municipality": m, "source": "transport.road.van_electric", "activity": "0 vkm/yr",
             "factor": {"CO2e": "0.01 kg/vkm"}} for m in ("1", "2")]
    inv[0]["municipality"] = "1"
    d = plan(inv, [cars])
    ds = capf.project(d)
    assert co2e(ds, "transport.road.van_electric", 2030) == pytest.approx(0.5e6 * 0.01e-3)


def test_gross_and_net_totals():
    a = {"name": "beccs", "kind": "remove", "source": CCS, "activity": "5 kt/yr", "start": 2024,
         "full": 2025, "curve": "step"}
    ds = capf.project(plan([{"source": DRAINED, "activity": "1000 ha"}], [a]))
    sel = dict(municipality="1", year=2030, scenario="plan")
    assert float(ds.co2e_gross.sel(**sel)) == pytest.approx(21_080)
    assert float(ds.co2e_net.sel(**sel)) == pytest.approx(21_080 - 5_000)
    assert ds.co2e_net.attrs["units"] == "t CO2e / yr"


@pytest.mark.parametrize("method", ["national_average", "local_netted"])
def test_projecting_in_blocks_of_municipalities_changes_no_number(method):
    """Large plans go through the engine in blocks written into the result arrays."""
    model = capf.compile_plan(capf.testing.synthetic_plan(
        50, seed=4, base_year=2023, electricity_method=method))
    whole = capf.engine.run(model, block=1000)
    calls = []
    parts = capf.engine.run(model, block=8, progress=lambda d, t: calls.append((d, t)))
    for name in ("activity", "emissions", "co2e", "wedges"):
        np.testing.assert_array_equal(getattr(parts, name), getattr(whole, name), err_msg=name)
    A = len(model.actions)
    assert calls[-1] == (A, A) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) == 7  # 50 municipalities in blocks of 8
    without = capf.engine.run(model, block=8, wedges=False)
    assert without.wedges is None
    np.testing.assert_array_equal(without.co2e, whole.co2e)


def test_model_take_selects_every_field_along_its_axes():
    """Model.take: slices give views, index arrays and masks copies; a run of the taken
    sub-model is the taken part of the whole run."""
    from capf.engine.model import AXES

    model = capf.compile_plan(capf.testing.synthetic_plan(6, seed=4, base_year=2023))
    whole = capf.engine.run(model)
    view = model.take(municipalities=slice(1, 4))
    assert view.driver.base is not None and view.municipalities == model.municipalities[1:4]
    for ms in (slice(1, 4), np.array([1, 2, 3]), np.arange(6) % 2 == 1):
        sub = model.take(municipalities=ms)
        r = capf.engine.run(sub)
        np.testing.assert_array_equal(r.co2e, whole.co2e[ms])
        np.testing.assert_array_equal(r.wedges, whole.wedges[ms])
        assert sub.coords["municipality_name"] == list(
            np.asarray(model.coords["municipality_name"], dtype=object)[ms])
    K = len(model.scenarios)
    sub = model.take(sources=np.ones(len(model.sources), bool), scenarios=[K - 1])
    assert sub.scenarios == model.scenarios[-1:] and sub.driver.shape[0] == 1
    np.testing.assert_array_equal(capf.engine.run(sub).co2e, whole.co2e[..., -1:])
    assert set(AXES) <= {f.name for f in __import__("dataclasses").fields(model)}


def test_action_kinds_are_the_keys_of_the_engine_table_and_shares_are_arrays():
    from capf.engine.actions import KINDS

    assert capf.engine.ACTION_KINDS == tuple(KINDS) == (
        "reduce", "switch", "decarbonise_source", "decarbonise_carrier", "add")
    model = capf.compile_plan(capf.testing.example_plan())
    assert all(isinstance(a.share, np.ndarray) for a in model.actions)
    with pytest.raises(ValueError, match="unknown action kind 'grow'"):
        capf.engine.ActionRow("x", "grow")
