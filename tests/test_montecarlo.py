"""Monte Carlo: distributions in plans, sampling, chunked reduction, probabilities."""

import dataclasses

import numpy as np
import pytest
import scipy.stats as st

import capf

DRAINED = "lowland_soils.drained_organic_soils.rotation_6_12pct_c"   # 21.08 t CO2/ha/yr
REWET = "lowland_soils.rewetted_organic_soils"


def plan(inventory, actions=(), targets=(), drivers=(), **extra):
    d = {"plan": {"name": "mc", "base_year": 2023, "end_year": 2035},
         "municipality": [{"code": "A"}, {"code": "B"}],
         "inventory": list(inventory), "action": list(actions), "driver": list(drivers),
         "scenario": [{"name": "bau"}, {"name": "plan", "actions": [a["name"] for a in actions]}],
         "target": list(targets)}
    d.update(extra)
    return capf.Plan.model_validate(d)


def normal_ha(mean, sd, **kw):
    return {"dist": "normal", "mean": f"{mean} ha", "sd": f"{sd} ha", **kw}


def test_probability_agrees_with_the_analytic_value():
    # emissions = 21.08 × area, area ~ N(1000, 100): P(21.08 × area <= 22 000) = Φ((1043.6 − 1000)/100)
    p = plan([{"municipality": "A", "source": DRAINED, "activity": normal_ha(1000, 100)}],
             targets=[{"name": "abs", "year": 2030, "level": "22 kt CO2e/yr",
                       "municipality": "A"}])
    ds = capf.project(p, samples=4000, seed=7)
    prob = capf.assess.probabilities(ds, p).set_index("scenario").loc["bau", "probability"]
    expected = st.norm.cdf((22_000 / 21.08 - 1000) / 100)
    assert prob == pytest.approx(expected, abs=3 * np.sqrt(expected * (1 - expected) / 4000))
    assert "probability" in capf.assess(ds, p).columns


def test_same_seed_same_result_bit_for_bit():
    p = plan([{"municipality": "A", "source": DRAINED, "activity": normal_ha(1000, 100)}],
             [{"name": "r", "kind": "switch", "from": DRAINED, "to": REWET, "start": 2024,
               "full": {"dist": "uniform", "low": 2026, "high": 2032},
               "share": {"dist": "triangular", "low": "30 %", "mode": "50 %", "high": "70 %"}}])
    a = capf.project(p, samples=300, seed=1)
    b = capf.project(p, samples=300, seed=1)
    c = capf.project(p, samples=300, seed=2)
    for name in ("co2e", "emissions", "co2e_sd", "total_samples", "parameter_samples"):
        assert np.array_equal(a[name].values, b[name].values), name
    assert not np.array_equal(a["total_samples"].values, c["total_samples"].values)


def test_chunks_and_kept_samples_agree():
    p = plan([{"municipality": "A", "source": DRAINED, "activity": normal_ha(1000, 100)}],
             [{"name": "r", "kind": "switch", "from": DRAINED, "to": REWET, "start": 2024,
               "full": 2030, "share": {"dist": "uniform", "low": 0.2, "high": 0.8}}],
             targets=[{"name": "abs", "year": 2030, "level": "20 kt CO2e/yr"}])
    one = capf.project(p, samples=200, seed=4, chunk=200, keep_samples=True)
    many = capf.project(p, samples=200, seed=4, chunk=7)
    np.testing.assert_allclose(one.co2e, many.co2e, rtol=1e-12)
    np.testing.assert_allclose(one.co2e_sd, many.co2e_sd, rtol=1e-9)
    np.testing.assert_allclose(one.wedge, many.wedge, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(one.emissions, many.emissions, rtol=1e-12, atol=1e-9)
    full = one.co2e_samples
    np.testing.assert_allclose(full.mean("sample"), one.co2e, rtol=1e-12)
    np.testing.assert_allclose(full.std("sample", ddof=1), one.co2e_sd, rtol=1e-9, atol=1e-9)
    kept = one.total_samples.sel(sample_year=2030)
    np.testing.assert_allclose(kept.transpose("sample", "municipality", "scenario"),
                               full.sum("source").sel(year=2030).transpose(
                                   "sample", "municipality", "scenario"))


def test_drawn_values_follow_their_distributions():
    p = plan([{"municipality": "A", "source": DRAINED,
               "activity": {"dist": "triangular", "low": "1 km**2", "mode": "2 km**2",
                            "high": "6 km**2"}},
              {"municipality": "B", "source": DRAINED,
               "activity": {"dist": "lognormal", "mean": "500 ha", "sd": "50 ha"}}])
    ds = capf.project(p, samples=3000, seed=5)
    v = ds.parameter_samples
    a = v.sel(parameter="inventory[1].activity")
    assert float(a.min()) >= 100 and float(a.max()) <= 600      # km² -> ha
    assert float(a.mean()) == pytest.approx(300, rel=0.01)       # (100 + 200 + 600) / 3
    b = v.sel(parameter="inventory[2].activity")
    assert float(b.mean()) == pytest.approx(500, rel=0.01)
    assert float(b.std()) == pytest.approx(50, rel=0.05)


def test_groups_are_fully_correlated():
    p = plan([{"municipality": m, "source": DRAINED, "activity": normal_ha(1000, 100, group="g")}
              for m in ("A", "B")])
    v = capf.project(p, samples=100, seed=1).parameter_samples.values
    np.testing.assert_array_equal(v[:, 0], v[:, 1])


def test_uncertain_driver_rate_and_added_activity():
    drivers = [{"name": "g", "source": "lowland_soils",
                "rate": {"dist": "uniform", "low": "-2 %/yr", "high": "2 %/yr"}}]
    p = plan([{"municipality": "A", "source": DRAINED, "activity": "1000 ha"}], drivers=drivers)
    for chunk in (None, 7):  # one chunk; chunks that reuse their tiled arrays
        ds = capf.project(p, samples=500, seed=3, keep_samples=True, chunk=chunk)
        r = ds.parameter_samples.sel(parameter="driver[1].rate").values
        e = ds.co2e_samples.sel(municipality="A", source=DRAINED, year=2033,
                                scenario="bau").values
        np.testing.assert_allclose(e, 21_080 * (1 + r) ** 10, rtol=1e-12)


def test_backcast_reference_moves_with_the_sampled_base_year():
    # reference = back-cast ×2 of the sampled base year: P(meeting 50 % below it) = 1 in bau
    p = plan([{"municipality": "A", "source": DRAINED, "activity": normal_ha(1000, 200)}],
             targets=[{"name": "half", "year": 2030, "reduction": "50 %", "relative_to": 1990,
                       "municipality": "A"}],
             baseline=[{"year": 1990, "backcast": "nat"}],
             national_series=[{"series": "nat", "sector": "lowland_soils",
                               "values": {1990: 2.0, 2023: 1.0}}])
    ds = capf.project(p, samples=500, seed=3)
    prob = capf.assess.probabilities(ds, p)
    assert set(prob.probability) == {1.0}   # 2030 level == base level == 1/2 × reference


@pytest.mark.parametrize("value, pattern", [
    ({"dist": "gauss", "mean": "1 ha"}, "unknown distribution 'gauss'"),
    ({"dist": "normal", "mean": "1 ha"}, "a normal distribution needs sd"),
    ({"dist": "normal", "mean": "1 ha", "sd": "1 kWh"}, "share a unit"),
    ({"dist": "normal", "mean": "1 ha", "sd": "1 ha", "colour": 1}, "unknown key 'colour'"),
    ({"dist": "triangular", "low": "3 ha", "mode": "1 ha", "high": "5 ha"}, "low <= mode"),
    ({"dist": "uniform", "low": "1 kWh", "high": "2 kWh"}, r"expected an activity of source"),
])
def test_bad_distributions(value, pattern):
    with pytest.raises(capf.PlanError, match=pattern):
        plan([{"municipality": "A", "source": DRAINED, "activity": value}])


def test_share_distribution_with_a_unit_is_rejected():
    a = {"name": "r", "kind": "reduce", "source": DRAINED, "start": 2024, "full": 2030,
         "share": {"dist": "uniform", "low": "1 ha", "high": "2 ha"}}
    with pytest.raises(capf.PlanError, match=r"action\[1\]\.share: expected a share without"):
        plan([{"municipality": "A", "source": DRAINED, "activity": "1 ha"}], [a])


def test_deterministic_run_uses_the_means():
    p = plan([{"municipality": "A", "source": DRAINED,
               "activity": {"dist": "uniform", "low": "500 ha", "high": "1500 ha"}}])
    ds = capf.project(p)
    assert float(ds.co2e.sel(municipality="A", source=DRAINED, year=2023, scenario="bau")) == \
        pytest.approx(1000 * 21.08)


def test_one_uncertain_grid_factor_for_all_municipalities():
    # a decarbonisation of the grid to an uncertain factor, one group for every municipality
    elec = "energy.electricity.consumption"
    a = {"name": "grid", "kind": "decarbonise", "carrier": "electricity", "start": 2024,
         "full": 2025, "curve": "step",
         "factor": {"dist": "uniform", "low": "0 kg CO2e/kWh", "high": "0.04 kg CO2e/kWh",
                    "group": "grid"}}
    p = plan([{"municipality": m, "source": elec, "activity": "1000 MWh/yr"} for m in "AB"], [a])
    ds = capf.project(p, samples=400, seed=2, keep_samples=True)
    f = ds.parameter_samples.sel(parameter="action[1].factor").values   # t per MWh
    assert f.min() >= 0 and f.max() <= 0.04 and f.mean() == pytest.approx(0.02, rel=0.02)
    e = ds.co2e_samples.sel(source=elec, year=2030, scenario="plan")
    np.testing.assert_allclose(e.sel(municipality="A"), 1000 * f, rtol=1e-12)
    np.testing.assert_array_equal(e.sel(municipality="A"), e.sel(municipality="B"))
    det = capf.project(p)
    assert float(det.co2e.sel(source=elec, year=2030, scenario="plan",
                              municipality="A")) == pytest.approx(20)


def test_total_sd_is_the_sd_of_the_net_total():
    p = plan([{"municipality": "A", "source": DRAINED, "activity": normal_ha(1000, 100)}],
             [{"name": "r", "kind": "switch", "from": DRAINED, "to": REWET, "start": 2024,
               "full": 2030, "share": {"dist": "uniform", "low": 0.2, "high": 0.8}}])
    ds = capf.project(p, samples=300, seed=4, keep_samples=True)
    direct = ds.co2e_samples.sum("source").std("sample", ddof=1)
    np.testing.assert_allclose(ds.total_sd, direct.transpose(*ds.total_sd.dims), rtol=1e-9,
                               atol=1e-9)


def test_uncertain_factor_override_and_cost():
    p = plan([{"municipality": "A", "source": DRAINED, "activity": "100 ha",
               "factor": {"CO2": {"dist": "uniform", "low": "10 t/ha/yr", "high": "30 t/ha/yr"}}}],
             [{"name": "r", "kind": "reduce", "source": DRAINED, "share": "50 %", "start": 2024,
               "full": 2025, "curve": "step", "price_year": 2023,
               "operating": {"dist": "normal", "mean": "2 MDKK/yr", "sd": "0.2 MDKK/yr"}}])
    ds = capf.project(p, samples=400, seed=1, keep_samples=True)
    f = ds.parameter_samples.sel(parameter="inventory[1].factor.CO2").values
    assert f.min() >= 10 and f.max() <= 30
    e = ds.co2e_samples.sel(municipality="A", source=DRAINED, year=2023, scenario="bau").values
    np.testing.assert_allclose(e, 100 * f, rtol=1e-12)
    assert p.action[0].annual_cost(0.0) == pytest.approx(2e6)   # costs count with their means


def test_only_what_the_assessment_needs_is_kept():
    p = plan([{"municipality": "A", "source": DRAINED, "activity": normal_ha(1000, 100)},
              {"municipality": "A", "source": "transport.other", "emissions": "10 kt CO2e/yr"}],
             targets=[{"name": "abs", "year": 2030, "level": "20 kt CO2e/yr"},
                      {"name": "soils", "year": 2032, "level": "15 kt CO2e/yr",
                       "sectors": ["lowland_soils"]}])
    ds = capf.project(p, samples=100, seed=1)
    assert list(ds.sample_year.values) == [2023, 2030, 2032]
    assert list(ds.sector_year.values) == [2023, 2032]
    prob = capf.assess.probabilities(ds, p).set_index(["scenario", "target", "municipality"])
    soils = ds.sector_samples.sel(sample_sector="lowland_soils", sector_year=2032,
                                  scenario="bau", municipality="A")
    assert prob.loc[("bau", "soils", "A"), "probability"] == pytest.approx(
        float((soils <= 15_000).mean()))
    q = ds.total_quantile_approx.sel(quantile=0.5, municipality="A", scenario="bau")
    np.testing.assert_allclose(q, ds.co2e.sum("source").sel(municipality="A", scenario="bau"))


def _factor_and_decarbonised_source_plan():
    oil = "buildings.individual_heating.oil_boiler"
    elec = "energy.electricity.consumption"
    return plan([{"municipality": "A", "source": DRAINED, "activity": "100 ha",
                  "factor": {"CO2": {"dist": "uniform", "low": "10 t/ha/yr",
                                     "high": "30 t/ha/yr"}}},
                 {"municipality": "B", "source": oil, "activity": {
                     "dist": "normal", "mean": "500 MWh/yr", "sd": "50 MWh/yr"}},
                 {"municipality": "A", "source": elec, "activity": "800 MWh/yr"}],
                [{"name": "bio", "kind": "decarbonise", "source": oil, "start": 2024,
                  "full": 2030, "factor": {"CO2": "0.01 kg/kWh"},
                  "share": {"dist": "uniform", "low": 0.2, "high": 0.9}},
                 {"name": "grid", "kind": "decarbonise", "carrier": "electricity",
                  "start": 2024, "full": 2030,
                  "factor": {"dist": "uniform", "low": "0 kg CO2e/kWh",
                             "high": "0.04 kg CO2e/kWh"}}])


@pytest.mark.parametrize("make", [
    lambda: capf.testing.synthetic_plan(4, seed=1, uncertain=True),
    _factor_and_decarbonised_source_plan])
def test_per_gas_mean_is_reduced_without_writing_each_sample(make):
    """run(..., emissions="mean") equals the mean of the per-sample emissions it never writes."""
    from capf.engine import montecarlo

    model = capf.compile_plan(make())
    n, M = 9, len(model.municipalities)
    big = montecarlo.expand(model, montecarlo.draw(model, n, seed=3))
    full = capf.engine.run(big, wedges=False).emissions
    mean = capf.engine.run(big, wedges=False, emissions="mean", samples=n).emissions
    assert mean.shape == (M,) + full.shape[1:]
    assert np.ptp(full.reshape((n, M) + full.shape[1:]), axis=0).max() > 0  # samples differ
    np.testing.assert_allclose(mean, full.reshape((n, M) + full.shape[1:]).mean(axis=0),
                               rtol=1e-12, atol=1e-9)
    with pytest.raises(ValueError, match="emissions must be"):
        capf.engine.run(big, emissions="sum")


def _rate_in_one_scenario_plan():
    oil = "buildings.individual_heating.oil_boiler"
    return plan([{"municipality": "A", "source": DRAINED, "activity": "1000 ha"},
                 {"municipality": "B", "source": oil, "activity": "300 MWh/yr"},
                 {"municipality": "B", "source": "transport.other", "emissions": "5 kt CO2e/yr"}],
                [{"name": "r", "kind": "switch", "from": DRAINED, "to": REWET, "start": 2024,
                  "full": 2030, "share": "40 %"}],
                drivers=[{"name": "g", "source": "lowland_soils", "scenarios": ["plan"],
                          "rate": {"dist": "uniform", "low": "-2 %/yr", "high": "2 %/yr"}}],
                targets=[{"name": "soils", "year": 2030, "level": "15 kt CO2e/yr",
                          "sectors": ["lowland_soils"]}])


def _one_municipality_plan():
    # the uncertain area and share reach municipality B only (the second: index errors
    # show); A is deterministic
    return plan([{"municipality": "B", "source": DRAINED, "activity": normal_ha(1000, 100)},
                 {"municipality": "A", "source": DRAINED, "activity": "500 ha"},
                 {"municipality": "B", "source": "transport.other", "emissions": "3 kt CO2e/yr"},
                 {"municipality": "A", "source": "transport.other", "emissions": "5 kt CO2e/yr"}],
                [{"name": "r", "kind": "switch", "from": DRAINED, "to": REWET, "start": 2024,
                  "full": 2030, "municipality": ["B"],
                  "share": {"dist": "uniform", "low": 0.2, "high": 0.8}},
                 {"name": "a", "kind": "switch", "from": DRAINED, "to": REWET, "start": 2025,
                  "full": 2032, "share": "30 %", "municipality": ["A"]}],
                targets=[{"name": "soils", "year": 2030, "level": "15 kt CO2e/yr",
                          "sectors": ["lowland_soils"]}])


@pytest.mark.parametrize("make", [
    lambda: capf.testing.synthetic_plan(5, seed=2, base_year=2023, uncertain=True),
    lambda: capf.testing.synthetic_plan(5, seed=2, base_year=2023, uncertain=True,
                                        electricity_method="local_netted"),
    _factor_and_decarbonised_source_plan,
    _rate_in_one_scenario_plan,
    _one_municipality_plan])
def test_sampling_only_what_the_parameters_reach_changes_no_number(make):
    """Sources and scenarios no parameter reaches come from one deterministic run; the
    result equals projecting everything in every sample."""
    from capf.engine import montecarlo

    model = capf.compile_plan(make())
    sector_of = np.arange(len(model.sources)) % 3
    args = (model, sector_of, ("a", "b", "c"), [2023, 2030], [2023, 2030])
    kw = dict(samples=23, seed=5, chunk=6, keep_samples=True)
    fast = montecarlo.simulate(*args, **kw)
    slow = montecarlo.simulate(*args, **kw, reach_only=False)
    src, scen = montecarlo.reach(model)
    assert src.any() and scen.any()
    for name in ("emissions_mean", "co2e_mean", "co2e_var", "wedge_mean", "kept_total",
                 "kept_sector", "total_var", "co2e_samples"):
        np.testing.assert_allclose(getattr(fast, name), getattr(slow, name), rtol=1e-11,
                                   atol=1e-6, err_msg=name)
    # what is not reached does not vary; what is reached does somewhere
    assert (fast.co2e_var.transpose(1, 3, 0, 2)[~src] == 0).all()
    assert (fast.co2e_var[..., ~scen] == 0).all()
    assert fast.co2e_var.max() > 0


def test_reach_is_closed_over_switches_and_carriers():
    from capf.engine import montecarlo

    p = capf.testing.synthetic_plan(3, seed=1, base_year=2023, uncertain=True)
    model = capf.compile_plan(p)
    src, scen = montecarlo.reach(model)
    reached = {s for s, r in zip(model.sources, src, strict=True) if r}
    # oil -> heat pump share, gas -> heat pump year, grid factor (electricity users),
    # less driving share; not the soils, the wind farm or the untouched sources
    assert {"buildings.individual_heating.oil_boiler", "buildings.individual_heating.heat_pump",
            "buildings.individual_heating.natural_gas_boiler",
            "energy.electricity.consumption", "transport.other"} <= reached
    assert "lowland_soils.drained_organic_soils.rotation_6_12pct_c" not in reached
    assert list(scen) == [s != "bau" for s in model.scenarios]
    netted = capf.compile_plan(capf.testing.synthetic_plan(
        3, seed=1, base_year=2023, uncertain=True, electricity_method="local_netted"))
    src_n, _ = montecarlo.reach(netted)
    assert src_n[list(netted.sources).index("energy.local_production.wind")]


@pytest.mark.parametrize("make", [
    lambda: capf.testing.synthetic_plan(4, seed=2, base_year=2023, uncertain=True),
    _rate_in_one_scenario_plan,
    _one_municipality_plan])
def test_net_totals_of_parameter_sets(make):
    """The sensitivity analyses' totals: only what the parameters reach is projected per
    set, and the totals equal projecting the whole expanded model."""
    from capf.engine import montecarlo

    model = capf.compile_plan(make())
    values = montecarlo.draw(model, 11, seed=9)
    got = montecarlo.net_totals(model, values, 2030, chunk=4)
    r = capf.engine.run(montecarlo.expand(model, values), wedges=False)
    t = list(model.years).index(2030)
    M = len(model.municipalities)
    want = r.co2e[:, :, t, :].sum(axis=1).reshape(11, M, -1).sum(axis=1).T
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert np.ptp(got, axis=1).max() > 0


@pytest.mark.parametrize("make", [
    lambda: capf.testing.synthetic_plan(6, seed=3, base_year=2023, uncertain=True),
    _factor_and_decarbonised_source_plan])
def test_an_expanded_model_projects_the_same_whole_or_in_blocks(make):
    """The CO2e factors an expanded model carries from chunk to chunk (its sampled own
    factors are the state's) equal the ones the engine would compute, and its tiled form
    (every column of every sample) projects the same in blocks."""
    from capf.engine import montecarlo, sampling

    model = capf.compile_plan(make())
    expander = montecarlo._Expander(model)
    expander(montecarlo.draw(model, 10, seed=2))  # a first chunk, then the one checked
    big = expander(montecarlo.draw(model, 10, seed=1))
    assert big.co2e_factors is not None
    whole = capf.engine.run(big, block=10_000)
    parts = capf.engine.run(sampling.tiled(big), block=8)
    for name in ("emissions", "co2e", "wedges"):
        np.testing.assert_array_equal(getattr(parts, name), getattr(whole, name), err_msg=name)
    plain = capf.engine.run(dataclasses.replace(big, co2e_factors=None))
    np.testing.assert_allclose(whole.co2e, plain.co2e, rtol=1e-13, atol=1e-9)
    np.testing.assert_allclose(whole.wedges, plain.wedges, rtol=1e-12, atol=1e-6)


def test_reach_municipalities():
    from capf.engine import montecarlo

    model = capf.compile_plan(_one_municipality_plan())
    assert list(montecarlo.reach_municipalities(model)) == [False, True]
    ds = capf.project(_one_municipality_plan(), samples=50, seed=1)
    assert float(ds.co2e_sd.sel(municipality="A").max()) == 0.0
    assert float(ds.co2e_sd.sel(municipality="B").max()) > 0.0


def _base_year_plan(activity="1000 ha", actions=(), drivers=()):
    """A back-cast reference (so the base year's sector levels are kept per sample) with an
    uncertain driver rate in both municipalities."""
    rate = {"dist": "uniform", "low": "-2 %/yr", "high": "2 %/yr"}
    return plan([{"municipality": "A", "source": DRAINED, "activity": activity},
                 {"municipality": "B", "source": "transport.other",
                  "emissions": "10 kt CO2e/yr"}], actions,
                targets=[{"name": "half", "year": 2030, "reduction": "50 %", "relative_to": 1990}],
                drivers=[{"name": "d", "source": "transport", "rate": rate}, *drivers],
                baseline=[{"year": 1990, "backcast": "nat"}],
                national_series=[{"series": "nat", "sector": "lowland_soils",
                                  "values": {1990: 2.0, 2023: 1.0}},
                                 {"series": "nat", "sector": "transport",
                                  "values": {1990: 1.5, 2023: 1.0}}])


@pytest.mark.parametrize("make, per_sample, per_scenario", [
    (lambda: _base_year_plan(), False, False),
    # an uncertain base-year activity: the base year differs from sample to sample
    (lambda: _base_year_plan(normal_ha(1000, 100)), True, False),
    # a measure from the base year on: the base year differs between the scenarios
    (lambda: _base_year_plan(actions=[
        {"name": "r", "kind": "reduce", "source": DRAINED, "start": 2023, "full": 2023,
         "curve": "step", "share": {"dist": "uniform", "low": 0.2, "high": 0.8}}]), True, True)])
def test_sector_levels_hold_no_repeats(make, per_sample, per_scenario):
    """A rate leaves the base year as it is: its sector levels are held once (a read-only
    broadcast over samples and scenarios), as the values of every sample and scenario."""
    p = make()
    ds = capf.project(p, samples=40, seed=2, chunk=6, keep_samples=True)
    ss = ds["sector_samples"]
    assert list(ss["sector_year"].values) == [2023]
    held = ss.values
    assert (held.strides[0] != 0) is per_sample and (held.strides[-1] != 0) is per_scenario
    assert held.flags.writeable is (per_sample and per_scenario)
    # every sample's CO2e, summed by sector, in the base year
    co2e = ds["co2e_samples"].sel(year=2023)
    for sector in ss["sample_sector"].values:
        want = co2e.where(co2e["sector"] == sector).sum("source").transpose(
            "sample", "municipality", "scenario")
        np.testing.assert_allclose(ss.sel(sample_sector=sector, sector_year=2023), want,
                                   rtol=1e-13)
    assert np.ptp(held[:, 1], axis=0).max() == 0  # transport: the rate starts after 2023
    if per_sample:
        assert np.ptp(held[:, 0], axis=0).max() > 0
    prob = capf.assess.probabilities(ds, p)
    assert prob["probability"].between(0, 1).all() and len(prob) == 4


def test_repeats_are_the_values_written():
    """_Repeats against a plain array written chunk by chunk: the same bits, whatever breaks
    the repeats (a later chunk, one scenario, one municipality, -0.0 against 0.0)."""
    from capf.engine.montecarlo import _Repeats

    rng = np.random.default_rng(1)
    N, M, C, Y, K = 10, 3, 2, 2, 4
    first = rng.normal(size=(M, C, Y, 1)).repeat(K, axis=3)
    chunks = [(0, 4), (4, 7), (7, 10)]

    def same_rows(n, mv, kv, base):
        return np.broadcast_to(base[None][:, mv][..., kv], (n, mv.size, C, Y, kv.size)).copy()

    def check(writes, shape):
        held, plain = _Repeats(first, N), np.empty((N, M, C, Y, K))
        plain[:] = first
        for (start, stop), mv, kv, value in writes:
            held.write(start, stop, mv, kv, value)
            plain[np.ix_(np.arange(start, stop), mv, np.arange(C), np.arange(Y), kv)] = value
        np.testing.assert_array_equal(held.array().view(np.uint64), plain.view(np.uint64))
        assert held.data.shape == shape

    allm, allk = np.arange(M), np.arange(K)
    other = first + 1.0
    check([(c, allm, allk, same_rows(c[1] - c[0], allm, allk, other)) for c in chunks],
          (1, M, C, Y, 1))
    # the unsampled scenarios keep their values; the sampled ones take the chunks'
    check([(c, allm, allk[1:], same_rows(c[1] - c[0], allm, allk[1:], first)) for c in chunks],
          (1, M, C, Y, 1))
    check([(c, allm, allk[1:], same_rows(c[1] - c[0], allm, allk[1:], other)) for c in chunks],
          (1, M, C, Y, K))
    check([(c, allm[1:], allk, same_rows(c[1] - c[0], allm[1:], allk, other)) for c in chunks],
          (1, M, C, Y, 1))
    varied = [(c, allm, allk, same_rows(c[1] - c[0], allm, allk, other)) for c in chunks]
    varied[2][3][1, 0, 0, 0] += 1e-9  # one sample of the last chunk
    check(varied, (N, M, C, Y, 1))
    varied = [(c, allm, allk, same_rows(c[1] - c[0], allm, allk, other)) for c in chunks]
    varied[1][3][..., 2] += 1.0  # one scenario of the second chunk: and so its samples
    check(varied, (N, M, C, Y, K))
    varied = [(c, allm, allk, same_rows(c[1] - c[0], allm, allk, other)) for c in chunks]
    for write in varied:
        write[3][..., 2] += 1.0  # one scenario in every chunk
    check(varied, (1, M, C, Y, K))
    zeros = [(c, allm, allk, np.zeros((c[1] - c[0], M, C, Y, K))) for c in chunks]
    zeros[1][3][0, 0, 0, 0, 0] = -0.0
    check(zeros, (N, M, C, Y, K))


def test_quantiles_in_blocks_are_numpy_s(monkeypatch):
    rng = np.random.default_rng(4)
    kept = rng.normal(size=(501, 7, 3, 2))
    kept[:, 2] = 1.5  # ties
    monkeypatch.setattr(capf.uncertainty, "_QUANTILE_BYTES", kept[:, :2].nbytes)
    got = capf.uncertainty._quantiles(kept, capf.uncertainty.QUANTILES)
    want = np.quantile(kept, capf.uncertainty.QUANTILES, axis=0)
    np.testing.assert_array_equal(got.view(np.uint64), want.view(np.uint64))


def test_a_runs_probabilities_are_computed_once(monkeypatch):
    # the targets table's probability column and the probabilities table share one evaluation
    from capf.assess import probability

    calls = []
    real = probability._probabilities
    monkeypatch.setattr(probability, "_probabilities",
                        lambda ds, plan: calls.append(1) or real(ds, plan))
    plan = capf.testing.example_plan()
    res = capf.run(plan, samples=8, seed=1)
    assert len(calls) == 1
    assert "probability" in res.tables["targets"] and len(res.tables["probabilities"]) > 0
    merged = res.tables["targets"].merge(res.tables["probabilities"],
                                         on=["scenario", "municipality", "target"])
    assert (merged["probability_x"] == merged["probability_y"]).all()
    # outside a run each call computes afresh, and callers get their own table
    a = probability.probabilities(res.dataset, plan)
    a.loc[:, "probability"] = -1.0
    assert len(calls) == 2 and (probability.probabilities(res.dataset, plan)["probability"]
                                >= 0).all()
