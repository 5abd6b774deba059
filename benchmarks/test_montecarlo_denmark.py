"""Monte Carlo of scenarios/national/denmark_uncertain.toml (issue 20): all 98 municipalities,
23 uncertain parameters (sector trend rates by region, measure shares).

In one run: one deterministic ``capf.project`` of the plan (median of many), the time
per sample of 10,000 samples (target <= 10 % of the deterministic run), peak memory
(tracemalloc) of 1,000 and 10,000 samples (target <= 1.5 x), and 10,000 samples on
dask (``chunks={"municipality": 25}``, the local threaded scheduler) against the
in-memory run.
"""

import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import capf

PLAN = Path(__file__).resolve().parents[1] / "scenarios" / "national" / "denmark_uncertain.toml"
RESULTS: dict = {}


@pytest.fixture(scope="module")
def plan():
    p = capf.load_plan(PLAN)
    capf.project(p)  # compile once
    capf.project(p, samples=10, seed=1)  # imports (scipy.stats.qmc)
    return p


def test_deterministic(benchmark, plan):
    benchmark.group = "montecarlo-denmark"
    benchmark(capf.project, plan)
    RESULTS["deterministic"] = benchmark.stats.stats.median if benchmark.stats else None


def test_time_per_sample(benchmark, plan):
    benchmark.group = "montecarlo-denmark"
    samples = 10_000
    benchmark.pedantic(capf.project, args=(plan,), kwargs={"samples": samples, "seed": 1},
                       rounds=3, iterations=1)
    if benchmark.stats is None:
        return
    per = benchmark.stats.stats.median / samples
    RESULTS["per_sample"] = per
    det = RESULTS.get("deterministic")
    if det:
        print(f"\ndenmark_uncertain, {samples} samples: {per * 1e3:.3f} ms per sample = "
              f"{per / det:.1%} of one capf.project ({det * 1e3:.3f} ms; target <= 10 %)")


def test_dask_time(benchmark, plan):
    pytest.importorskip("dask.array")
    benchmark.group = "montecarlo-denmark"
    samples = 10_000

    def run():
        return capf.project(plan, samples=samples, seed=1,
                            chunks={"municipality": 25}).compute()

    benchmark.pedantic(run, rounds=1, iterations=1)
    if benchmark.stats is None:
        return
    per = benchmark.stats.stats.median / samples
    if RESULTS.get("per_sample"):
        print(f"\non dask (blocks of 25 municipalities, threads): {per * 1e3:.3f} ms per "
              f"sample = {per / RESULTS['per_sample']:.2f} x the in-memory run")


def _held(a):
    """Bytes ``a`` holds: a broadcast view (stride 0) holds one row of each broadcast axis."""
    return a.itemsize * int(np.prod([n for n, st in zip(a.shape, a.strides, strict=True)
                                    if st != 0]))


@pytest.mark.parametrize("samples", [1_000, 10_000])
def test_memory(benchmark, plan, samples):
    benchmark.group = "montecarlo-denmark"
    tracemalloc.start()
    tracemalloc.reset_peak()
    t = time.perf_counter()
    ds = capf.project(plan, samples=samples, seed=1)
    dt = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # what the Dataset holds per sample (total_samples, sector_samples, parameter_samples):
    # it grows linearly with the samples whatever the chunking, and bounds the ratio below;
    # a broadcast view (sector_samples where every sample agrees) holds only its own rows
    kept = sum(_held(ds[k].values) for k in ds.data_vars if "sample" in ds[k].dims)
    del ds
    RESULTS[samples] = peak
    benchmark.extra_info["peak_bytes"] = peak
    benchmark.extra_info["kept_bytes"] = kept
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    print(f"\n{samples} samples: peak {peak / 2**20:.0f} MiB (tracemalloc; {dt:.1f} s under it), "
          f"of which {kept / 2**20:.0f} MiB the per-sample arrays of the result")
    if 1_000 in RESULTS and 10_000 in RESULTS:
        print(f"peak memory 10,000 / 1,000 samples: {RESULTS[10_000] / RESULTS[1_000]:.2f}x "
              f"(target <= 1.5x)")
