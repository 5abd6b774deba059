"""capf.pathways: reference levels and targets, with numbers worked out by hand."""

import math

import pytest

import capf

DRAINED = "lowland_soils.drained_organic_soils"  # 21.08 t CO2/ha/yr
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
