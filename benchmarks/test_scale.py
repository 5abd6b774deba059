"""Scale: time linear in municipalities, and 100,000 municipalities chunked on dask.

The 100,000-municipality plan is synthetic and never exists in memory as a
whole: each dask task builds its block of 2,000 municipalities from the compiled
98-municipality synthetic plan (seeded resampling and scaling of activities),
projects it with the numpy core and returns the block's totals by year and
scenario, which dask sums. Peak memory (VmHWM of a fresh process) stays near
one block's working set per worker thread.
"""

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import capf
from capf.engine.chunked import block

if __name__ != "__main__":
    dask = pytest.importorskip("dask")


def _block_totals(template, i, size, seed):
    rng = np.random.default_rng([seed, i])
    idx = rng.integers(0, len(template.municipalities), size)
    sub = block(template, idx)
    scale = rng.uniform(0.5, 1.5, size)
    sub = sub.__class__(**{**sub.__dict__, "activity0": sub.activity0 * scale[None, :]})
    r = capf.engine.run(sub, wedges=False)
    return r.co2e.sum(axis=(0, 1))  # [T, K]


def _peak_rss_kib() -> int:
    """Peak resident memory of this process: VmHWM (it starts afresh at exec, unlike
    ru_maxrss, which keeps the parent's size from before the fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _measure_chunked(n: int, size: int) -> dict:
    """Run the chunked projection in this (fresh) process; its time and peak RSS."""
    import dask

    template = capf.compile_plan(capf.testing.synthetic_plan(98, seed=1, base_year=2023))
    tasks = [dask.delayed(_block_totals)(template, i, size, 7) for i in range(n // size)]
    before = _peak_rss_kib()
    t = time.perf_counter()
    total = dask.delayed(sum)(tasks).compute(scheduler="threads", num_workers=2)
    dt = time.perf_counter() - t
    peak = _peak_rss_kib()
    return {"seconds": dt, "peak_rss_kib": peak, "rss_before_kib": before,
            "shape": list(total.shape), "finite": bool(np.isfinite(total).all())}


@pytest.mark.parametrize("n", [100_000])
def test_100k_municipalities_chunked(benchmark, n):
    """In a fresh Python process, so that its peak RSS is its own."""
    size = 2_000
    out = subprocess.run([sys.executable, __file__, str(n), str(size)], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).parent)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    benchmark.group = "scale-out"
    benchmark.extra_info.update({"municipalities": n, **r})
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    print(f"\n{n} municipalities in blocks of {size} (2 threads, fresh process): "
          f"{r['seconds']:.1f} s, peak RSS {r['peak_rss_kib'] / 1024:.0f} MiB "
          f"({r['rss_before_kib'] / 1024:.0f} MiB after importing capf and dask)")
    assert r["shape"] == [2050 - 2023 + 1, 3] and r["finite"]  # years × scenarios


@pytest.mark.parametrize("n", [98, 1_000, 10_000])
def test_time_linear_in_municipalities(benchmark, n):
    template = capf.compile_plan(capf.testing.synthetic_plan(98, seed=1, base_year=2023))
    model = block(template, np.random.default_rng(0).integers(0, 98, n))
    capf.engine.run(model)
    benchmark.group = "linear-in-municipalities"
    benchmark.name = f"engine.run[{n}]"
    benchmark.pedantic(capf.engine.run, args=(model,), rounds=3, iterations=1)


if __name__ == "__main__":  # the fresh process of test_100k_municipalities_chunked
    print(json.dumps(_measure_chunked(int(sys.argv[1]), int(sys.argv[2]))))
