"""Benchmarks of the projection loop (pytest-benchmark).

Run: ``.venv/bin/python -m pytest benchmarks --benchmark-only`` (ratios are printed at
the end). The normal test run does not collect this folder; CI runs it once with
``--benchmark-disable`` as a smoke test (each benchmark body runs once, untimed).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    bs = getattr(config, "_benchmarksession", None)
    if bs is None or bs.disabled or not bs.benchmarks:
        return
    groups: dict[str, dict[str, float]] = {}
    for b in bs.benchmarks:
        if b.stats is None:
            continue
        name = b.name.replace("test_", "").replace(f"[{b.group}]", "")
        groups.setdefault(b.group or "", {})[name] = b.stats.median
    tr = terminalreporter
    tr.section("capf: median time ratios against capf.project in the same run")
    for group, times in groups.items():
        ref = times.get("capf_project") or min(times.values())
        for name, median in sorted(times.items(), key=lambda x: x[1]):
            tr.write_line(f"{group:<24} {name:<22} median {median * 1e3:10.3f} ms   "
                          f"{median / ref:8.1f} × {'capf.project' if 'capf_project' in times else 'fastest'}")
