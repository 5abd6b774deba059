"""Fuzzed plan files: a correct result or a clear error, never a traceback.

The default run tries a few hundred mutated files; the long run (``-m slow``)
a thousand, each under a 20 s limit. See tests/fuzzing.py for the mutations.
"""

from pathlib import Path

import pytest
from fuzzing import fuzz

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "scenarios").rglob("*.toml"))


def _report(outcome):
    lines = [f"{len(outcome.defects)} defects in {outcome.cases} cases"]
    for ops, what, data in outcome.defects[:10]:
        lines.append(f"--- mutations {ops}: {what}\n{data[:600]!r}")
    return "\n".join(lines)


def test_scenario_files_exist():
    assert FILES, "no plan files in scenarios/"


@pytest.mark.parametrize("seed", [1, 2])
def test_fuzz_plan_files(tmp_path, seed):
    outcome = fuzz(FILES, 150, seed, tmp_path)
    assert not outcome.defects, _report(outcome)
    assert outcome.rejected > 0 and outcome.passed > 0


@pytest.mark.slow
def test_fuzz_plan_files_long(tmp_path):
    # the national plans (98 municipalities each, denmark.toml 1.8 MB) take seconds per case
    # and are fuzzed without a limit in the default run above; the long run, under a time limit
    # per case, mutates the municipal and example plans
    small = [f for f in FILES if "national" not in f.parts]
    outcome = fuzz(small, 1000, 12345, tmp_path, limit=20.0)
    print(f"\nfuzz: {outcome.cases} cases, {outcome.passed} passed, {outcome.rejected} rejected, "
          f"{len(outcome.messages)} distinct messages")
    assert not outcome.defects, _report(outcome)
