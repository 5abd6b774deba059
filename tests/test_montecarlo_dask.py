"""Monte Carlo on dask (issue 20): ``capf.project(plan, samples=n, chunks={"municipality": m})``
gives the numbers of the in-memory run, also on a dask.distributed local cluster."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import xarray as xr

import capf
from capf.engine import montecarlo as mc

pytest.importorskip("dask.array")


@pytest.fixture(scope="module")
def plan():
    return capf.testing.synthetic_plan(12, seed=3, base_year=2023, uncertain=True)


@pytest.fixture(scope="module")
def in_memory(plan):
    return capf.project(plan, samples=120, seed=5)


def test_result_is_lazy_and_identical(plan, in_memory):
    ds = capf.project(plan, samples=120, seed=5, chunks={"municipality": 5})
    import dask.array as da

    assert isinstance(ds["co2e"].data, da.Array)
    assert isinstance(ds["total_samples"].data, da.Array)
    assert ds["co2e"].chunks[0] == (5, 5, 2)
    xr.testing.assert_identical(ds.compute(), in_memory)


def test_on_a_distributed_local_cluster(plan, in_memory):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ds = capf.project(plan, samples=120, seed=5, chunks={"municipality": 4})
        futures = client.compute(ds)
        result = futures.result()
        assert client.scheduler_info()["workers"]
    xr.testing.assert_identical(result, in_memory)


def test_assessment_of_a_chunked_run_equals_the_in_memory_one(plan, in_memory):
    """Computed, the same table; assessed lazily, dask's own reductions (sums over
    sources in blocks) may round differently in the last bits."""
    ds = capf.project(plan, samples=120, seed=5, chunks={"municipality": 6})
    b = capf.assess(in_memory, plan)
    assert "probability" in b.columns
    assert capf.assess(ds.compute(), plan).equals(b)
    lazy = capf.assess(ds, plan)
    assert lazy["met"].equals(b["met"]) and lazy["probability"].equals(b["probability"])
    num = b.select_dtypes("number").columns
    np.testing.assert_allclose(lazy[num].to_numpy(float), b[num].to_numpy(float), rtol=1e-12)


def test_single_municipality_blocks_agree_to_rounding(plan, in_memory):
    """A block with a single sampled municipality gives numpy's einsum one column,
    which it sums in another order: equal to the last bits, not bit for bit."""
    ds = capf.project(plan, samples=120, seed=5, chunks={"municipality": 1}).compute()
    for name in in_memory.data_vars:
        np.testing.assert_allclose(ds[name].values, in_memory[name].values, rtol=1e-12,
                                   atol=1e-9, err_msg=name)


def test_keep_samples_and_no_wedges(plan):
    a = capf.project(plan, samples=40, seed=2, keep_samples=True, wedges=False)
    b = capf.project(plan, samples=40, seed=2, keep_samples=True, wedges=False,
                     chunks={"municipality": 4})
    assert "wedge" not in b
    xr.testing.assert_identical(b.compute(), a)


def test_block_reads_only_the_parameters_that_reach_it(plan):
    model = capf.compile_plan(plan)
    M = len(model.municipalities)
    whole, cols = mc.municipality_block(model, np.arange(M))
    assert list(cols) == list(range(len(model.params)))
    for m in range(M):
        sub, cols = mc.municipality_block(model, [m])
        assert sub.municipalities == (model.municipalities[m],)
        reaching = [i for i, slot in enumerate(model.params)
                    if mc.reach_municipalities(
                        dataclasses.replace(model, params=(slot,)))[m]]
        assert list(cols) == reaching
        assert len(sub.params) == len(cols)


def test_bad_chunks_with_samples(plan):
    with pytest.raises(capf.CapfError, match="chunks may name 'municipality' only"):
        capf.project(plan, samples=10, chunks={"sample": 5})
    with pytest.raises(capf.CapfError, match="must be at least 1"):
        capf.project(plan, samples=10, chunks={"municipality": -1})
