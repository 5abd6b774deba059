"""Chunked projections on dask give the in-memory numbers; a LocalCluster gives them too."""

import numpy as np
import pytest

import capf

dask = pytest.importorskip("dask")


@pytest.fixture(scope="module")
def plan():
    return capf.testing.synthetic_plan(23, seed=5, base_year=2023)


def test_chunked_equals_in_memory(plan):
    ref = capf.project(plan)
    ds = capf.project(plan, chunks={"municipality": 5})
    assert ds.co2e.chunks is not None and ds.co2e.data.numblocks[0] == 5
    out = ds.compute()
    for name in ("emissions", "co2e", "wedge"):
        np.testing.assert_array_equal(out[name].values, ref[name].values)
    table = capf.assess(out, plan)
    assert len(table) == len(capf.assess(ref, plan))


def test_distributed_local_cluster_gives_identical_results(plan):
    distributed = pytest.importorskip("distributed")
    ref = capf.project(plan)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        ds = capf.project(plan, chunks={"municipality": 4})
        values = ds.co2e.compute()
        total = ds.co2e.sum("municipality").compute()
    np.testing.assert_array_equal(values.values, ref.co2e.values)  # cell by cell: identical
    # a reduction on dask sums in another order: equal to the last bits only
    np.testing.assert_allclose(total.values, ref.co2e.sum("municipality").values, rtol=1e-12)


def test_bad_chunks(plan):
    with pytest.raises(capf.CapfError, match="chunks may name 'municipality' only"):
        capf.project(plan, chunks={"sample": 10})
