"""Monte Carlo: the engine's sample axis (issue 20).

A chunk of n samples is one model with a sample axis in front of every municipality
axis (``capf.engine.sampling.expand``). Factors are the plan's own arrays, broadcast over
the samples, never tiled; only what a parameter changes is held per sample. It must
project exactly (bit for bit) as the model of every column with each array tiled
(``sampling.tiled``), which is how the engine projected samples before.
"""

import functools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_montecarlo import (
    _base_year_plan,
    _factor_and_decarbonised_source_plan,
    _one_municipality_plan,
    _rate_in_one_scenario_plan,
    normal_ha,
)
from test_montecarlo_rates import overlapping_rates_plan

import capf
from capf.engine import sampling

NATIONAL = Path(__file__).resolve().parents[1] / "scenarios" / "national" / "denmark_uncertain.toml"

PLANS = {
    # shares, a year of full effect and a grid factor (every action kind of the plan)
    "synthetic": lambda: capf.testing.synthetic_plan(4, seed=2, base_year=2023, uncertain=True),
    "netted": lambda: capf.testing.synthetic_plan(3, seed=2, base_year=2023, uncertain=True,
                                                  electricity_method="local_netted"),
    # a sampled own factor, a decarbonised source with a sampled share, a sampled carrier
    "factor": _factor_and_decarbonised_source_plan,
    "rate": _rate_in_one_scenario_plan,
    "rates": overlapping_rates_plan,
    "activity": _one_municipality_plan,
    "base year": lambda: _base_year_plan(normal_ha(1000, 100)),
}


@functools.cache
def compiled(name: str):
    if name == "national":
        return capf.compile_plan(capf.load_plan(NATIONAL))
    return capf.compile_plan(PLANS[name]())


def _equal(a, b, what):
    np.testing.assert_array_equal(a, b, err_msg=what)
    assert a.shape == b.shape and a.dtype == b.dtype, what


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(sorted(PLANS)), n=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_the_sample_axis_projects_as_every_column_tiled(name, n, seed):
    model = compiled(name)
    big = sampling.expand(model, sampling.draw(model, n, seed=seed))
    flat = sampling.tiled(big)
    assert big.samples == n and flat.samples is None
    got, want = capf.engine.run(big), capf.engine.run(flat)
    for field in ("activity", "emissions", "co2e", "wedges"):
        _equal(getattr(got, field), getattr(want, field), field)
    # the per-gas mean over the samples, never written per sample
    mean = capf.engine.run(big, emissions="mean").emissions
    M = len(model.municipalities)
    per_sample = want.emissions.reshape((n, M) + want.emissions.shape[1:])
    np.testing.assert_allclose(mean, per_sample.mean(axis=0), rtol=1e-12, atol=1e-9)


def test_the_national_plan_projects_as_every_column_tiled():
    model = compiled("national")
    sub = sampling.restrict(model, *sampling.reach(model))
    big = sampling.expand(sub, sampling.draw(sub, 4, seed=3))
    got, want = capf.engine.run(big), capf.engine.run(sampling.tiled(big))
    for field in ("activity", "emissions", "co2e", "wedges"):
        _equal(getattr(got, field), getattr(want, field), field)
    assert np.ptp(got.co2e.reshape((4, -1) + got.co2e.shape[1:]), axis=0).max() > 0


@pytest.mark.parametrize("name", sorted(PLANS) + ["national"])
def test_factors_are_never_tiled_per_sample(name):
    """The factors of a model of n samples are the plan's own arrays (views with a sample
    axis of one); only the sampled rows, activities and drivers are held per sample."""
    model = compiled(name)
    n = 50
    big = sampling.expand(model, sampling.draw(model, n, seed=1))
    assert big.columns == (n, len(model.municipalities))
    for field in ("own_factor", "carrier_factor", "carrier_weight", "inv_efficiency"):
        arr = getattr(big, field)
        assert arr.shape[-2] == 1, field
        assert np.shares_memory(arr, getattr(model, field)), field
    for arr in big.co2e_factors:
        assert arr.shape[-2] == 1
    # a sampled own factor is a row of its own, and only then
    sampled = {slot.j for slot in model.params if slot.kind in ("emissions", "factor")}
    assert set(big.own_rows) == sampled
    assert list(np.flatnonzero(big.own_sampled)) == sorted(sampled)
    # per sample only where a parameter of that kind is
    kinds = {slot.kind for slot in model.params}
    assert (big.activity0.shape[1] == n) is ("activity" in kinds)
    assert (big.driver.shape[-2] == n) is ("rate" in kinds)
    # what the samples hold beyond the plan's arrays is far less than tiling them
    own = sum(row.nbytes for row in big.own_rows.values())
    held = own + sum(getattr(big, f).nbytes for f in ("activity0", "driver")
                     if getattr(big, f).base is None)
    flat = sampling.tiled(big)
    tiled = sum(getattr(flat, f).nbytes for f in ("own_factor", "carrier_factor", "driver",
                                                  "activity0"))
    assert held < tiled / 2


@pytest.mark.parametrize("name", ["factor", "rates", "activity", "synthetic"])
def test_the_expander_rewrites_only_the_sampled_cells(name):
    """Chunk after chunk, the arrays held per sample are rewritten in the sampled cells (a
    smaller last chunk in the first samples of them); each model is the one a fresh
    expansion gives, and read-only."""
    model = compiled(name)
    expander = sampling.Expander(model)
    draws = [sampling.draw(model, n, seed=seed) for n, seed in ((5, 1), (5, 2), (3, 3))]
    expander(draws[0])
    for values in draws[1:]:
        big = expander(values)
        fresh = sampling.Expander(model)(values)
        got, want = sampling.tiled(big), sampling.tiled(fresh)
        for field in ("activity0", "driver", "own_factor"):
            _equal(getattr(got, field), getattr(want, field), field)
        for a, b in zip(got.actions, want.actions, strict=True):
            for field in ("share", "start", "full", "value"):
                _equal(np.asarray(getattr(a, field)), np.asarray(getattr(b, field)), field)
        for arr in (big.activity0, big.driver, *big.own_rows.values()):
            assert not arr.flags.writeable
            with pytest.raises(ValueError):
                arr[...] = 0.0
        _equal(capf.engine.run(big).co2e, capf.engine.run(fresh).co2e, "co2e")
    # the samples of the last chunk differ (a parameter reaches the CO2e)
    co2e = capf.engine.run(big).co2e
    assert np.ptp(co2e.reshape((3, -1) + co2e.shape[1:]), axis=0).max() > 0


def test_a_model_of_samples_is_not_taken_apart_nor_averaged_over_another_count():
    model = compiled("synthetic")
    big = sampling.expand(model, sampling.draw(model, 3, seed=1))
    with pytest.raises(ValueError, match="not taken apart"):
        big.take(municipalities=[0])
    with pytest.raises(ValueError, match="samples=4 but the model holds 3"):
        capf.engine.run(big, emissions="mean", samples=4)
    with pytest.raises(ValueError, match="samples=3 but the model holds 1"):
        capf.engine.run(model, emissions="mean", samples=3)
    # the old way of asking (samples given as the model's own) still works
    r = capf.engine.run(big, wedges=False, emissions="mean", samples=3)
    assert r.emissions.shape[0] == len(model.municipalities)
    # the tiled form can be taken apart, and its blocks project as the whole
    flat = sampling.tiled(big)
    whole = capf.engine.run(flat, block=10_000)
    parts = capf.engine.run(flat, block=8)
    _equal(parts.co2e, whole.co2e, "co2e")
    assert flat.take(municipalities=[0]).activity0.shape[1] == 1


@pytest.mark.parametrize("name", sorted(PLANS) + ["national"])
def test_the_chunk_size_counts_what_a_sample_holds(name):
    """The bytes per sample that size a chunk cover the arrays the engine holds per sample
    (activity, CO2e and wedges, drivers and own factors where sampled, the factors a
    decarbonisation changes), with room for temporaries, and not the tiled factors,
    which are not made."""
    from capf.engine import montecarlo

    model = compiled(name)
    part = montecarlo._sampled(model)
    n = 4
    big = sampling.expand(part.sub, sampling.draw(part.sub, n, seed=1))
    K, S, T = len(big.scenarios), len(big.sources), big.years.size
    M, A = big.columns[1], len(big.actions)
    G = len(big.gases)
    decarbonised = sum(a.kind.startswith("decarbonise") for a in big.actions)
    # the activity, CO2e and wedge buffers, and the per-gas factors decarbonisations change
    engine = 8 * K * T * n * M * (2 * S + A + decarbonised * G)
    held = engine + sum(x.nbytes for x in (big.activity0, big.driver, *big.own_rows.values())
                        if x.base is None)
    estimate = part.per_sample(True) * n
    tiled = sampling.tiled(big)
    factors = tiled.own_factor.nbytes + tiled.carrier_factor.nbytes
    assert held <= estimate <= 1.6 * held
    assert estimate < held + factors  # the tiled factors are not counted
