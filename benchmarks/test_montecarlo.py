"""Monte Carlo over 98 municipalities: peak memory for 1,000 vs 10,000 samples, cost per sample.

Peak memory is measured with tracemalloc (numpy reports its buffers to it);
time per sample, in a separate run without tracemalloc, is compared with one
deterministic projection of the same plan (``capf.project`` and ``engine.run``)
in the same session. Targets (issue 8): memory for 10,000 samples ≤ 1.5 × that for 1,000;
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


def test_deterministic_engine_reference(benchmark, plan):
    benchmark.group = "montecarlo-98"
    model = capf.compile_plan(plan)
    benchmark(capf.engine.run, model)
    RESULTS["engine"] = benchmark.stats.stats.median if benchmark.stats else None


def test_time_per_sample(benchmark, plan):
    """10,000 samples timed without tracemalloc (it slows every allocation)."""
    benchmark.group = "montecarlo-98"
    samples = 10_000
    benchmark.pedantic(capf.project, args=(plan,), kwargs={"samples": samples, "seed": 1},
                       rounds=3, iterations=1)
    if benchmark.stats is None:  # --benchmark-disable: smoke run only
        return
    per_sample = benchmark.stats.stats.median / samples
    benchmark.extra_info["seconds_per_sample"] = per_sample
    det, eng = RESULTS.get("deterministic"), RESULTS.get("engine")
    if det and eng:
        print(f"\n{samples} samples: {per_sample * 1e3:.3f} ms per sample = "
              f"{per_sample / det:.1%} of capf.project ({det * 1e3:.3f} ms; target <= 25 %), "
              f"{per_sample / eng:.1%} of engine.run ({eng * 1e3:.3f} ms)")


@pytest.mark.parametrize("samples", [1_000, 10_000])
def test_samples_memory(benchmark, plan, samples):
    benchmark.group = "montecarlo-98"
    peak, dt = _peak(lambda: capf.project(plan, samples=samples, seed=1))
    RESULTS[samples] = (peak, dt)
    benchmark.extra_info.update({"peak_bytes": peak})
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    print(f"\n{samples} samples: peak {peak / 2**20:.0f} MiB (tracemalloc; {dt:.1f} s under it, "
          f"which slows every allocation)")
    if 1_000 in RESULTS and 10_000 in RESULTS:
        ratio = RESULTS[10_000][0] / RESULTS[1_000][0]
        print(f"peak memory 10,000 / 1,000 samples: {ratio:.2f}x (target <= 1.5x)")
