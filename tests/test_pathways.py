"""capf.assess: reference levels and targets, with numbers worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

import capf

DRAINED = "lowland_soils.drained_organic_soils.rotation_6_12pct_c"  # 21.08 t CO2/ha/yr
CCS = "removals.biogenic_ccs"


def make(targets, baseline=None, actions=(), inventory=None, series=None):
    d = {
        "plan": {"name": "p", "base_year": 2023, "end_year": 2050},
        "municipality": [{"code": "A"}, {"code": "B"}],
        "inventory": inventory or [
            {"municipality": "A", "source": DRAINED, "activity": "1000 ha"},  # 21 080 t
            {"municipality": "B", "source": "transport.other", "emissions": "10 kt CO2e/yr"},
        ],
        "baseline": baseline or [],
        "national_series": series or [],
        "action": list(actions),
        "scenario": [{"name": "bau"}, {"name": "plan", "actions": [a["name"] for a in actions]}],
        "target": targets,
    }
    plan = capf.Plan.model_validate(d)
    return capf.assess(capf.project(plan), plan).set_index(["scenario", "municipality", "target"])


def test_reference_year_equal_to_base_year():
    t = make([{"name": "half", "year": 2030, "reduction": "50 %", "relative_to": 2023}])
    row = t.loc[("bau", "A", "half")]
    assert row["reference_level"] == pytest.approx(21_080)
    assert row["target_level"] == pytest.approx(10_540)
    assert row["reference_method"] == "base_year"
    assert row["required_cut_from_base_year"] == pytest.approx(0.5)


def test_target_met_exactly_at_the_limit():
    # reduce 50 % by 2030: 21 080 → 10 540 = exactly the target level
    a = {"name": "r", "kind": "reduce", "source": DRAINED, "share": "50 %", "start": 2025,
         "full": 2030, "municipality": "A"}
    t = make([{"name": "half", "year": 2030, "reduction": "50 %", "relative_to": 2023,
               "municipality": "A"}], actions=[a])
    row = t.loc[("plan", "A", "half")]
    assert row["projected_level"] == pytest.approx(10_540)
    assert row["gap"] == pytest.approx(0, abs=1e-9)
    assert row["met"]
    assert not t.loc[("bau", "A", "half")]["met"]


def test_already_met_in_the_base_year():
    # B: 10 kt in 2023, 1990 level 40 kt: 70 % below 1990 = 12 kt > 10 kt: already met
    t = make([{"name": "ca", "year": 2030, "reduction": "70 %", "relative_to": 1990,
               "municipality": "B"}],
             baseline=[{"municipality": "B", "year": 1990, "emissions": "40 kt CO2e/yr"}])
    row = t.loc[("bau", "B", "ca")]
    assert row["target_level"] == pytest.approx(12_000)
    assert row["met"]
    assert row["gap"] == pytest.approx(-2_000)
    assert row["required_cut_from_base_year"] == pytest.approx(1 - 12_000 / 10_000)  # -0.2
    assert row["projected_reduction_vs_reference"] == pytest.approx(0.75)


def test_net_zero_reached_only_through_removals():
    # B keeps 10 kt; 10 kt/yr of BECCS from 2040 in B brings the net total to 0
    a = {"name": "beccs", "kind": "remove", "source": CCS, "activity": "10 kt/yr", "start": 2039,
         "full": 2040, "curve": "step", "municipality": "B"}
    t = make([{"name": "nz", "year": 2050, "net_zero": True}], actions=[a])
    row = t.loc[("plan", "B", "nz")]
    assert row["projected_level"] == pytest.approx(0, abs=1e-9)
    assert row["met"]
    assert row["target_level"] == 0 and math.isnan(row["reference_level"])
    assert not t.loc[("bau", "B", "nz")]["met"]
    assert not t.loc[("plan", "A", "nz")]["met"]  # the removal is in B only


def test_absolute_target():
    t = make([{"name": "abs", "year": 2030, "level": "20 kt CO2e/yr"}])
    assert t.loc[("bau", "A", "abs")]["target_level"] == 20_000
    assert not t.loc[("bau", "A", "abs")]["met"]   # 21 080 > 20 000
    assert t.loc[("bau", "B", "abs")]["met"]


def test_backcast_reference_is_flagged_as_estimate():
    # national lowland-soil series halves from 1990 to 2023: 1990 level = 2 × 21 080
    series = [{"series": "nat", "sector": "lowland_soils", "values": {1990: 2.0, 2023: 1.0}},
              {"series": "nat", "sector": "transport", "values": {1990: 4.0, 2000: 3.0,
                                                                  2023: 5.0}}]
    t = make([{"name": "ca", "year": 2030, "reduction": "70 %", "relative_to": 1990}],
             baseline=[{"year": 1990, "backcast": "nat"}], series=series)
    a = t.loc[("bau", "A", "ca")]
    assert a["reference_level"] == pytest.approx(42_160)
    assert a["reference_method"] == "backcast:nat" and a["reference_is_estimate"]
    b = t.loc[("bau", "B", "ca")]
    assert b["reference_level"] == pytest.approx(10_000 * 4 / 5)


def test_backcast_needs_a_series_for_every_sector_with_emissions():
    series = [{"series": "nat", "sector": "lowland_soils", "values": {1990: 2.0, 2023: 1.0}}]
    with pytest.raises(capf.errors.AssessmentError, match="national series 'nat' has no sector "
                       "'transport'"):
        make([{"name": "ca", "year": 2030, "reduction": "70 %", "relative_to": 1990}],
             baseline=[{"year": 1990, "backcast": "nat"}], series=series)


# ------------------------------------------------------------------ issue 4 extensions
ELEC = "energy.electricity.consumption"  # BR18: 0.187 (2023), 0.135 (2025), 0.047 (2030)


def make_plan(end_year=2040, **extra):
    d = {
        "plan": {"name": "p", "base_year": 2023, "end_year": end_year},
        "municipality": [{"code": "A", "population": 1000}, {"code": "B", "population": 3000}],
        "inventory": [
            {"municipality": "A", "source": DRAINED, "activity": "1000 ha"},      # 21 080 t
            {"municipality": "A", "source": ELEC, "activity": "10000 MWh/yr"},    # 1 870 t
            {"municipality": "B", "source": "transport.other", "emissions": "10 kt CO2e/yr"},
        ],
        "scenario": [{"name": "bau"}],
    }
    d.update(extra)
    plan = capf.Plan.model_validate(d)
    return plan, capf.project(plan)


def test_sector_target_on_its_own_scope():
    # energy only, 2030 vs 2023: 10 000 MWh × 0.187 = 1 870 t -> 10 000 × 0.047 = 470 t: −74.9 %
    plan, ds = make_plan(target=[{"name": "energy", "year": 2030, "reduction": "70 %",
                                  "relative_to": 2023, "sectors": ["energy"],
                                  "municipality": "A"}])
    row = capf.assess(ds, plan).iloc[0]
    assert row["reference_level"] == pytest.approx(1870)
    assert row["target_level"] == pytest.approx(561)
    assert row["projected_level"] == pytest.approx(470)
    assert row["met"] and row["scope"] == "energy"


def test_energy_co2_against_2007_like_sonderborg():
    # scope energy, gases CO2 only: the BR18 electricity factor is CO2e, so energy CO2 = 0;
    # a given 2007 level of energy CO2 is the reference on exactly that scope
    plan, ds = make_plan(
        baseline=[{"municipality": "A", "year": 2007, "emissions": "5 kt CO2e/yr",
                   "scope": "energy", "gases": ["CO2"]}],
        target=[{"name": "energy CO2", "year": 2029, "reduction": "75 %", "relative_to": 2007,
                 "scope": "energy", "gases": ["CO2"], "municipality": "A"}])
    row = capf.assess(ds, plan).iloc[0]
    assert row["reference_level"] == 5000 and row["target_level"] == pytest.approx(1250)
    assert row["projected_level"] == 0 and row["met"]
    assert row["scope"] == "energy (CO2)"


def test_reference_on_another_scope_is_not_used():
    plan, ds = make_plan(
        baseline=[{"municipality": "A", "year": 2007, "emissions": "5 kt CO2e/yr"}],
        target=[{"name": "energy", "year": 2030, "reduction": "75 %", "relative_to": 2007,
                 "scope": "energy", "municipality": "A"}])
    with pytest.raises(capf.errors.AssessmentError, match="no reference level for 2007 on "
                       "scope energy in municipality A"):
        capf.assess(ds, plan)


def test_per_capita_target():
    # B: 10 kt for 3 000 inhabitants = 3.33 t/cap; target 4 t/cap -> 12 kt: met
    plan, ds = make_plan(target=[{"name": "pc", "year": 2030, "level": "4 t CO2e/yr",
                                  "per_capita": True}])
    t = capf.assess(ds, plan).set_index("municipality")
    assert t.loc["B", "target_level"] == pytest.approx(12_000) and t.loc["B", "met"]
    assert t.loc["A", "target_level"] == pytest.approx(4_000) and not t.loc["A", "met"]
    assert t.loc["A", "target_kind"] == "per_capita"


def test_presets_carry_their_source():
    plan, _ = make_plan(
        end_year=2050,
        baseline=[{"municipality": m, "year": 1990, "emissions": "30 kt CO2e/yr"}
                  for m in ("A", "B")],
        target=[{"preset": "climate_act_2030"}, {"preset": "climate_act_2025"},
                {"preset": "government_2045"}])
    t = {x.name: x for x in plan.target}
    assert t["Climate Act 2030"].reduction == 0.7 and t["Climate Act 2030"].relative_to == 1990
    assert "LOV nr 965" in t["Climate Act 2030"].source_note
    assert t["Climate Act 2025"].reduction == 0.5
    assert t["Climate neutrality 2045"].net_zero
    with pytest.raises(capf.PlanError, match="unknown preset 'climate_act_2031'"):
        make_plan(target=[{"preset": "climate_act_2031"}])


def test_first_year_reached_and_rates():
    # A's electricity: 1870 t in 2023, 0.135 × 10 000 = 1 350 t in 2025 ...
    # target: 1 000 t (absolute) on the energy scope: first reached when
    # 10 000 × f ≤ 1000, f ≤ 0.1: f(2027) = 0.135 − 0.088 × 2/5 = 0.0998 -> 2027
    plan, ds = make_plan(target=[{"name": "abs", "year": 2030, "level": "1 kt CO2e/yr",
                                  "sectors": ["energy"], "municipality": "A"}])
    row = capf.assess(ds, plan).iloc[0]
    assert row["first_year_reached"] == 2027
    n = 2030 - 2023
    assert row["required_annual_rate"] == pytest.approx(1 - (1000 / 1870) ** (1 / n))
    assert row["achieved_annual_rate"] == pytest.approx(1 - (470 / 1870) ** (1 / n))
    assert row["required_annual_cut"] == pytest.approx((1870 - 1000) / n)
    assert row["gap_share_of_base_year"] == pytest.approx((470 - 1000) / 1870)


def test_gaps_by_sector_add_up_and_net_zero_residuals():
    plan, ds = make_plan(
        baseline=[{"municipality": "A", "year": 1990, "backcast": "nat"},
                  {"municipality": "B", "year": 1990, "emissions": "20 kt CO2e/yr"}],
        national_series=[
            {"series": "nat", "sector": "lowland_soils", "values": {1990: 1.0, 2023: 1.0}},
            {"series": "nat", "sector": "energy", "values": {1990: 2.0, 2023: 1.0}}],
        target=[{"name": "ca", "year": 2030, "reduction": "70 %", "relative_to": 1990},
                {"name": "nz", "year": 2040, "net_zero": True}])
    t = capf.assess(ds, plan).set_index(["municipality", "target"])
    g = capf.assess.gaps_by_sector(ds, plan)
    sums = g.groupby(["municipality", "target"])["gap"].sum()
    for key in sums.index:
        assert sums[key] == pytest.approx(t.loc[key, "gap"])
    a = g[(g.municipality == "A") & (g.target == "ca")].set_index("sector")
    # same cut per sector: lowland 21 080 × 0.3; energy 2 × 1 870 × 0.3
    assert a.loc["lowland_soils", "target_level"] == pytest.approx(21_080 * 0.3)
    assert a.loc["energy", "target_level"] == pytest.approx(3_740 * 0.3)
    assert set(a["split"]) == {"same_cut"}
    b = g[(g.municipality == "B") & (g.target == "ca")]
    assert set(b["split"]) == {"base_year_share"}       # a given total: no sector split known
    nz = g[(g.municipality == "A") & (g.target == "nz")].set_index("sector")
    assert nz.loc["lowland_soils", "gap"] == pytest.approx(21_080)  # residual emissions


def test_trajectories():
    plan, ds = make_plan(target=[{"name": "half", "year": 2033, "reduction": "50 %",
                                  "relative_to": 2023, "municipality": "A"}])
    tr = capf.assess.trajectories(ds, plan)
    a = tr.sel(municipality="A", target="half")
    base = 21_080 + 1_870
    assert float(a.linear_path.sel(year=2028)) == pytest.approx(base * 0.75)
    assert float(a.constant_rate_path.sel(year=2028)) == pytest.approx(base * 0.5 ** 0.5)
    assert np.isnan(float(a.linear_path.sel(year=2035)))


def test_budget_overspent_and_within():
    # B emits 10 kt/yr: from 2025 to 2040 that is 16 years = 160 kt
    plan, ds = make_plan(budget=[
        {"name": "small", "start": 2025, "amount": "100 kt CO2e", "municipality": "B"},
        {"name": "large", "start": 2025, "amount": "200 kt CO2e", "municipality": "B"},
        {"name": "exact", "start": 2025, "amount": "160 kt CO2e", "municipality": "B"}])
    b = capf.assess.budgets(ds, plan).set_index("budget")
    assert b.loc["small", "used"] == pytest.approx(160_000)
    assert b.loc["small", "exhausted_year"] == 2034      # 10 years × 10 kt = 100 kt
    assert b.loc["small", "remaining"] == pytest.approx(-60_000)
    assert b.loc["small", "status"] == "overspent"
    assert pd.isna(b.loc["large", "exhausted_year"]) and b.loc["large", "status"] == "within"
    assert b.loc["large", "remaining"] == pytest.approx(40_000)
    assert b.loc["exact", "exhausted_year"] == 2040 and b.loc["exact", "status"] == "exhausted"
    assert list(capf.assess.budgets(ds, plan).columns[:9]) == [
        "scenario", "municipality", "budget", "start", "amount", "used", "exhausted_year",
        "remaining", "unit"]


def test_budget_per_capita_share():
    plan, ds = make_plan(budget=[{"name": "dk", "start": 2023, "national_amount": "4 Mt CO2e",
                                  "allocation": "per_capita"}])
    b = capf.assess.budgets(ds, plan).set_index("municipality")
    assert b.loc["A", "amount"] == pytest.approx(1e6)   # 1 000 of 4 000 inhabitants
    assert b.loc["B", "amount"] == pytest.approx(3e6)


def test_cctf_sector_test():
    # base year 2019 so the 2019 level is the inventory; energy 2019→2030 falls with the grid
    d = {"plan": {"name": "c", "base_year": 2019, "end_year": 2035},
         "municipality": [{"code": "A"}],
         "inventory": [{"source": ELEC, "activity": "10000 MWh/yr"},
                       {"source": "transport.other", "emissions": "10 kt CO2e/yr"}],
         "action": [{"name": "t", "kind": "reduce", "source": "transport.other",
                     "share": "33 %", "start": 2020, "full": 2030}],
         "scenario": [{"name": "bau"}, {"name": "plan", "actions": ["t"]}]}
    plan = capf.Plan.model_validate(d)
    st = capf.assess.sector_test(capf.project(plan), plan).set_index(["scenario", "sector"])
    # energy: BR18 held at its 2023 value 0.187 before 2023 -> 0.047 in 2030: 1 - 0.047/0.187
    assert st.loc[("bau", "energy"), "reduction_2030_vs_2019"] == pytest.approx(1 - 0.047 / 0.187)
    assert st.loc[("bau", "energy"), "verdict"] == "below"         # 74.9 % < 89 %
    assert st.loc[("bau", "transport"), "verdict"] == "below"
    assert st.loc[("plan", "transport"), "reduction_2030_vs_2019"] == pytest.approx(0.33)
    assert st.loc[("plan", "transport"), "verdict"] == "within"    # 30-36 %
    assert (st["low"], st["high"]) and capf.assess.CCTF_INTERVALS["transport"] == (0.30, 0.36)


def test_monitoring_on_and_off_track():
    plan, ds = make_plan(observation=[
        {"municipality": "B", "year": 2025, "emissions": "9 kt CO2e/yr"},
        {"municipality": "B", "year": 2026, "emissions": "11 kt CO2e/yr"},
        {"municipality": "B", "year": 2020, "emissions": "11 kt CO2e/yr"}])  # before base: out
    m = capf.assess.monitoring(ds, plan).set_index("year")
    assert list(m.index) == [2025, 2026]
    assert m.loc[2025, "status"] == "on_track" and m.loc[2025, "deviation"] == -1000
    assert m.loc[2026, "status"] == "off_track"


def test_assessment_tables_sum_the_sectors_once_per_scope(monkeypatch):
    """The tables of a run share one array of the levels by sector on each scope (issue 20):
    the targets, both reference years, the sector test and monitoring do not sum it again."""
    from pathlib import Path

    from capf.assess import levels
    from capf.results import assessment_tables

    plan = capf.load_plan(Path(__file__).parents[1] / "scenarios/municipalities/soro.toml")
    ds = capf.project(plan)
    scopes = []
    sums = levels._sector_sums

    def counted(ds_, scope, gwp):
        scopes.append(scope)
        return sums(ds_, scope, gwp)

    monkeypatch.setattr(levels, "_sector_sums", counted)
    tables = assessment_tables(ds, plan)
    assert {"targets", "sector_test", "monitoring"} <= set(tables)
    # one for emissions_by_sector (capf.io's by_sector), one shared by the assessment
    assert scopes == [levels.ALL, levels.ALL]
    scopes.clear()
    capf.assess.sector_test(ds, plan)  # outside a run's tables: computed afresh
    capf.assess.sector_test(ds, plan)
    assert len(scopes) == 4
