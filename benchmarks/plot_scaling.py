"""Scaling plot: engine time against municipalities (and the bandwidth bound), log-log.

Run: ``.venv/bin/python benchmarks/plot_scaling.py`` (writes benchmarks/scaling.png).
Times are medians of 5 runs of ``capf.engine.run`` on municipalities resampled from the
98-municipality synthetic plan (11 sources, 6 actions, 3 scenarios, 2023-2050); the bound is
the bytes of ``emissions`` and ``co2e`` divided by the copy bandwidth measured in the same run.
"""

import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import capf  # noqa: E402
from capf.engine.chunked import block  # noqa: E402


def median_time(fn, rounds=5):
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def main():
    a = np.ones(64 * 2**20)
    b = np.empty_like(a)
    np.copyto(b, a)
    bandwidth = 2 * a.nbytes / median_time(lambda: np.copyto(b, a))
    template = capf.compile_plan(capf.testing.synthetic_plan(98, seed=1, base_year=2023))
    sizes = [1, 10, 98, 1_000, 10_000]
    rows = []
    for n in sizes:
        model = block(template, np.random.default_rng(0).integers(0, 98, n))
        r = capf.engine.run(model, wedges=False)
        t = median_time(lambda model=model: capf.engine.run(model, wedges=False))
        rows.append((n, t, (r.emissions.nbytes + r.co2e.nbytes) / bandwidth))
        print(f"{n:>6} municipalities: {t * 1e3:9.2f} ms, bound {rows[-1][2] * 1e3:8.2f} ms")
    n, t, bound = map(np.array, zip(*rows, strict=True))
    fig, ax = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
    ax.loglog(n, t * 1e3, "o-", color="#0072B2", label="capf.engine.run (median of 5)")
    ax.loglog(n, bound * 1e3, "s--", color="#D55E00",
              label=f"bytes of emissions + co2e ÷ {bandwidth / 1e9:.0f} GB/s")
    ax.loglog(n, t[2] * 1e3 * n / n[2], ":", color="#999999", label="linear from 98")
    ax.set_xlabel("municipalities")
    ax.set_ylabel("ms")
    ax.set_title("Projection time against plan size (2 cores, 24 GiB)", loc="left", fontsize=10)
    ax.legend(frameon=False, fontsize=8)
    out = Path(__file__).with_name("scaling.png")
    fig.savefig(out, dpi=110)
    print(f"written {out}")


if __name__ == "__main__":
    main()
