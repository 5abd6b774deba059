"""The projection loop timed against a per-cell (spreadsheet-style) and a pandas reference.

All three read the same compiled model and must give the same numbers (asserted
before timing). ``capf.project`` is measured on a loaded plan after one warm-up
call, so its compiled arrays are cached, as they are for a user who projects the
same plan again.
"""

import numpy as np
import pytest

import capf
import reference

PLANS = {
    "denmark": lambda: capf.datasets.denmark(),
    "synthetic-98": lambda: capf.testing.synthetic_plan(98, seed=1),
}


@pytest.fixture(scope="module", params=list(PLANS))
def loaded(request):
    plan = PLANS[request.param]()
    model = capf.compile_plan(plan)
    capf.project(plan)  # warm-up: compiles and caches
    expected = capf.engine.run(model, wedges=False).co2e
    return request.param, plan, model, expected


def test_capf_project(benchmark, loaded):
    name, plan, _, expected = loaded
    benchmark.group = name
    ds = benchmark(capf.project, plan)
    np.testing.assert_allclose(ds.co2e.values, expected, rtol=1e-12)


def test_engine_run(benchmark, loaded):
    name, _, model, expected = loaded
    benchmark.group = name
    r = benchmark(capf.engine.run, model)
    np.testing.assert_allclose(r.co2e, expected, rtol=1e-12)


def test_per_cell_reference(benchmark, loaded):
    name, _, model, expected = loaded
    benchmark.group = name
    got = benchmark.pedantic(reference.per_cell, args=(model,), rounds=3, iterations=1)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-6)


def test_pandas_reference(benchmark, loaded):
    name, _, model, expected = loaded
    benchmark.group = name
    got = benchmark.pedantic(reference.pandas_groupby, args=(model,), rounds=3, iterations=1)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("n", [1, 10, 98, 1000])
def test_scaling_in_municipalities(benchmark, n):
    plan = capf.testing.synthetic_plan(n, seed=2)
    capf.project(plan)
    benchmark.group = "scaling"
    benchmark.name = f"capf_project[{n}]"
    ds = benchmark.pedantic(capf.project, args=(plan,), rounds=5, iterations=1)
    assert ds.sizes["municipality"] == n
