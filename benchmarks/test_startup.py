"""The planner's loop: `capf check`, `capf run` and `capf run --report` against the floor.

The floor is a fresh interpreter that imports numpy, pandas and xarray (what any
capf command needs at least). Each command runs in a fresh process; the best of 5
of each is compared with the best of 5 of the floor, measured in the same run
(interleaved, so load from other processes hits all alike). Targets (issue 20):
check of a municipal plan <= 1.5 x, run of the bundled plan <= 2.5 x, run --report
<= 4 x the floor.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5
TARGETS = {"import capf": None, "capf check soro.toml": 1.5, "capf run (bundled)": 2.5,
           "capf run --report (bundled)": 4.0}


def _commands(out: Path) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "floor": [py, "-c", "import numpy, pandas, xarray"],
        "import capf": [py, "-c", "import capf"],
        "capf check soro.toml": [py, "-m", "capf", "check",
                                 "scenarios/municipalities/soro.toml"],
        "capf run (bundled)": [py, "-m", "capf", "run", "--out", str(out / "run"), "--quiet"],
        "capf run --report (bundled)": [py, "-m", "capf", "run", "--out", str(out / "rep"),
                                        "--quiet", "--report"],
    }


def _time(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def test_startup_ratios(benchmark, tmp_path):
    """Best of 5 of each command, interleaved with the floor, as ratios to it."""
    benchmark.group = "startup"
    cmds = _commands(tmp_path)
    for cmd in cmds.values():  # warm-up: caches (unit definitions, .pyc files)
        _time(cmd)
    best = {name: float("inf") for name in cmds}

    def one_round():
        for name, cmd in cmds.items():
            best[name] = min(best[name], _time(cmd))

    benchmark.pedantic(one_round, rounds=ROUNDS, iterations=1)
    floor = best["floor"]
    lines = [f"\nfloor (import numpy, pandas, xarray): {floor:.3f} s (best of {ROUNDS})"]
    for name, t in best.items():
        if name == "floor":
            continue
        target = TARGETS[name]
        mark = "" if target is None else f" (target <= {target} x: " \
            f"{'met' if t / floor <= target else 'NOT met'})"
        lines.append(f"{name:<30} {t:.3f} s = {t / floor:.2f} x the floor{mark}")
        benchmark.extra_info[name] = t / floor
    print("\n".join(lines))


@pytest.mark.parametrize("command", ["check", "run"])
def test_in_process(benchmark, command, tmp_path):
    """The same commands in a warm interpreter: what remains beyond imports."""
    from capf.cli import main

    benchmark.group = "startup-in-process"
    args = (["check", "scenarios/municipalities/soro.toml"] if command == "check"
            else ["run", "--out", str(tmp_path), "--quiet"])
    import contextlib
    import io
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            benchmark.pedantic(main, args=(args,), rounds=3, iterations=1)
    finally:
        os.chdir(cwd)
