"""Monte Carlo over 98 municipalities: peak memory for 1,000 vs 10,000 samples, cost per sample.

Peak memory is measured with tracemalloc (numpy reports its buffers to it) in the
same run; time per sample is compared with one deterministic projection of the
same plan. Targets (issue 8): memory for 10,000 samples ≤ 1.5 × that for 1,000;
cost per sample ≤ 25 % of a deterministic run.
"""

import time
import tracemalloc

import pytest

import capf

RESULTS: dict = {}


@pytest.fixture(scope="module")
def plan():
    p = capf.testing.synthetic_plan(98, seed=3, base_year=2023, uncertain=True)
    capf.project(p)  # compile once
    return p


def _peak(fn):
    tracemalloc.start()
    tracemalloc.reset_peak()
    t = time.perf_counter()
    fn()
    dt = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, dt


def test_deterministic_reference(benchmark, plan):
    benchmark.group = "montecarlo-98"
    benchmark(capf.project, plan)
    RESULTS["deterministic"] = benchmark.stats.stats.median if benchmark.stats else None


@pytest.mark.parametrize("samples", [1_000, 10_000])
def test_samples_memory_and_time(benchmark, plan, samples):
    benchmark.group = "montecarlo-98"
    peak, dt = _peak(lambda: capf.project(plan, samples=samples, seed=1))
    RESULTS[samples] = (peak, dt)
    benchmark.extra_info.update({"peak_bytes": peak, "seconds": dt,
                                 "seconds_per_sample": dt / samples})
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    print(f"\n{samples} samples: peak {peak / 2**20:.0f} MiB, {dt:.2f} s, "
          f"{dt / samples * 1e3:.3f} ms per sample")
    if 1_000 in RESULTS and 10_000 in RESULTS and RESULTS.get("deterministic"):
        ratio = RESULTS[10_000][0] / RESULTS[1_000][0]
        per_sample = RESULTS[10_000][1] / 10_000 / RESULTS["deterministic"]
        print(f"peak memory 10,000 / 1,000 samples: {ratio:.2f}x (target <= 1.5x); "
              f"cost per sample / deterministic run: {per_sample:.1%} (target <= 25 %)")
