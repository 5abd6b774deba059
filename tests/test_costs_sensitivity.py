"""Costs, MACC, least-cost portfolios and sensitivity, checked by hand."""

import numpy as np
import pytest

import capf

DRAINED = "lowland_soils.drained_organic_soils.rotation_6_12pct_c"   # 21.08 t CO2/ha/yr
REWET = "lowland_soils.rewetted_organic_soils"    # 0.272 t CH4/ha/yr = 7.616 t CO2e (AR5)


def plan_dict(**extra):
    d = {"plan": {"name": "lc", "base_year": 2023, "end_year": 2035, "discount_rate": "4 %"},
         "municipality": [{"code": "A"}],
         "inventory": [{"source": DRAINED, "activity": "1000 ha"},               # 21 080 t
                       {"source": "transport.other", "emissions": "20 kt CO2e/yr"}],
         "action": [
             # rewetting all 1000 ha saves 1000 × (21.08 − 7.616) = 13 464 t for 1 MDKK/yr
             {"name": "rewet", "kind": "switch", "from": DRAINED, "to": REWET,
              "share": "100 %", "start": 2024, "full": 2025, "curve": "step",
              "operating": "1 MDKK/yr", "price_year": 2023},
             # halving transport saves 10 000 t for 3 MDKK/yr
             {"name": "cars", "kind": "reduce", "source": "transport.other", "share": "50 %",
              "start": 2024, "full": 2025, "curve": "step", "operating": "3 MDKK/yr",
              "price_year": 2023}],
         "scenario": [{"name": "bau"}, {"name": "all", "actions": ["rewet", "cars"]}],
         "target": [{"name": "abs", "year": 2030, "level": "30 kt CO2e/yr"}]}
    d.update(extra)
    return d


def test_macc_by_hand():
    p = capf.Plan.model_validate(plan_dict())
    m = capf.assess.macc(capf.project(p), p).set_index("action")
    assert m.loc["rewet", "abatement"] == pytest.approx(13_464)
    assert m.loc["rewet", "cost_per_t"] == pytest.approx(1e6 / 13_464)
    assert m.loc["cars", "cost_per_t"] == pytest.approx(300)
    assert list(m.index) == ["rewet", "cars"]          # cheapest first
    assert m.loc["cars", "cumulative_abatement"] == pytest.approx(23_464)


def test_investment_is_annualised():
    d = plan_dict()
    d["action"][0].update(investment="10 MDKK", lifetime=20)
    del d["action"][0]["operating"]
    p = capf.Plan.model_validate(d)
    crf = 0.04 / (1 - 1.04 ** -20)
    m = capf.assess.macc(capf.project(p), p).set_index("action")
    assert m.loc["rewet", "annual_cost"] == pytest.approx(10e6 * crf)


def test_costs_need_a_price_year_and_valid_units():
    d = plan_dict()
    d["action"][0]["operating"] = "1 MWh/yr"
    del d["action"][1]["price_year"]
    with pytest.raises(capf.PlanError) as ei:
        capf.Plan.model_validate(d)
    msgs = " ".join(str(p) for p in ei.value.problems)
    assert "expected an amount in DKK/yr" in msgs and "costs need 'price_year'" in msgs


def test_least_cost_by_hand_and_rerun_meets_the_target():
    # BAU 2030: 21 080 + 20 000 = 41 080 t; target 30 000: cut 11 080 t.
    # rewet costs 74.3 DKK/t, cars 300 DKK/t: rewet at 11 080 / 13 464 = 0.8229 of its share
    p = capf.Plan.model_validate(plan_dict(scenario=[{"name": "bau"}]))
    p2, table = capf.optimise.least_cost(p)
    t = table.set_index("action")
    assert t.loc["rewet", "level"] == pytest.approx(11_080 / 13_464)
    assert t.loc["cars", "level"] == pytest.approx(0.0)
    assert t.loc["rewet", "annual_cost"] == pytest.approx(1e6 * 11_080 / 13_464)
    res = capf.assess(capf.project(p2), p2).set_index("scenario")
    assert res.loc["least_cost", "met"]
    assert res.loc["least_cost", "projected_level"] == pytest.approx(30_000)
    # on/off: rewetting alone (13 464 t ≥ 11 080 t) is the cheapest whole choice
    _, onoff = capf.optimise.least_cost(p, integer=True)
    assert onoff.set_index("action")["level"].tolist() == [1.0, 0.0]


def test_least_cost_infeasible():
    p = capf.Plan.model_validate(plan_dict(
        scenario=[{"name": "bau"}], target=[{"name": "nz", "year": 2030, "net_zero": True}]))
    with pytest.warns(capf.errors.CapfWarning, match="no combination of the candidate"):
        _, table = capf.optimise.least_cost(p)
    assert table["level"].tolist() == [1.0, 1.0]  # the best effort: everything


def test_sensitivity_sobol_and_tornado():
    d = capf.testing.example_plan_dict()
    d["action"][0]["share"] = {"dist": "uniform", "low": "20 %", "high": "80 %"}
    d["inventory"][1]["activity"] = {"dist": "normal", "mean": "5000 MWh/yr",
                                     "sd": "100 MWh/yr"}
    p = capf.Plan.model_validate(d)
    s = capf.uncertainty.sobol(p, n=256, seed=1).set_index(["scenario", "parameter"])
    # in bau only the boilers' heat varies; in the plan the rewetting share dominates
    oil = "999:buildings.individual_heating.oil_boiler.activity"
    assert s.loc[("bau", oil), "first_order"] == pytest.approx(1, abs=0.05)
    assert s.loc[("plan", "rewet_lowland.share"), "total_order"] == pytest.approx(1, abs=0.05)
    t = capf.uncertainty.tornado(p)
    top = t[t.scenario == "plan"].iloc[0]
    assert top["parameter"] == "rewet_lowland.share"
    # share 23 % .. 77 % (5th..95th of uniform 20-80 %) of 2000 ha × (21.08 − 7.616) t/ha
    assert top["swing"] == pytest.approx((0.77 - 0.23) * 2000 * (21.08 - 0.272 * 28))
    assert np.isclose(top["low"], 0.23) and np.isclose(top["high"], 0.77)
