"""The capf command: outputs, exit codes and messages."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import xarray as xr

from capf.cli import main

TARGET_CONTRACT = ["scenario", "municipality", "target", "year", "reference_year",
                   "reference_level", "target_level", "projected_level", "base_year",
                   "base_year_level", "required_cut_from_base_year",
                   "projected_reduction_vs_reference", "met", "gap", "unit"]


def test_run_example(example_path, tmp_path, capsys):
    assert main(["run", str(example_path), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Climate Act 2030" in out and "NOT met" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "emissions_by_sector.csv", "gaps_by_sector.csv", "manifest.json", "results.nc",
        "targets.csv"]
    g = pd.read_csv(tmp_path / "gaps_by_sector.csv", dtype={"municipality": str})
    assert list(g.columns[:5]) == ["scenario", "municipality", "target", "year", "sector"]
    t = pd.read_csv(tmp_path / "targets.csv", dtype={"municipality": str})
    assert list(t.columns[:15]) == TARGET_CONTRACT
    assert len(t) == 4
    ca = t[(t.scenario == "plan") & (t.target == "Climate Act 2030")].iloc[0]
    assert ca["reference_level"] == 160_000 and ca["target_level"] == pytest.approx(48_000)
    assert ca["met"] == False  # noqa: E712
    nz = t[t.target == "Net zero 2050"].iloc[0]
    assert pd.isna(nz["reference_year"]) and pd.isna(nz["reference_level"])
    assert nz["target_level"] == 0
    e = pd.read_csv(tmp_path / "emissions_by_sector.csv", dtype={"municipality": str})
    assert list(e.columns) == ["scenario", "municipality", "sector", "year", "value", "unit"]
    assert set(e.unit) == {"t CO2e/yr"}
    base = e[(e.year == 2023) & (e.scenario == "bau")]["value"].sum()
    assert base == pytest.approx(68_637.78, abs=0.01)
    with xr.open_dataset(tmp_path / "results.nc", engine="h5netcdf") as ds:
        assert ds.co2e.attrs["units"] == "t CO2e / yr"
        assert set(ds.dims) >= {"municipality", "source", "gas", "year", "scenario"}


def test_run_bundled_data_covers_98(tmp_path, capsys):
    assert main(["run", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "98 municipalities" in out and "largest gaps" in out
    t = pd.read_csv(tmp_path / "targets.csv", dtype={"municipality": str})
    assert t.municipality.nunique() == 98
    ca = t[t.target == "Climate Act 2030"]
    assert ca.reference_year.eq(1990).all() and ca.reference_is_estimate.all()
    # observed 2023 totals: positive except Læsø (825), whose agriculture is a net sink as
    # the regnskab reports it (-9,374 t in all)
    assert ca[ca.municipality != "825"].base_year_level.gt(0).all()
    assert ca[ca.municipality == "825"].base_year_level.lt(0).all()
    assert set(t.scenario) == {"bau", "national_trend", "pipeline", "pipeline_prestudies"}
    st = pd.read_csv(tmp_path / "sector_test.csv", dtype={"municipality": str},
                     keep_default_na=False)
    assert list(st.columns[:7]) == ["scenario", "municipality", "sector",
                                    "reduction_2030_vs_2019", "low", "high", "verdict"]
    assert set(st.verdict) <= {"below", "within", "above", "not_applicable"}
    mon = pd.read_csv(tmp_path / "monitoring.csv", dtype={"municipality": str})
    assert set(mon.year) == {2024} and mon.municipality.nunique() == 98


def test_several_plans_get_their_own_folders(example_path, tmp_path):
    other = tmp_path / "second.toml"
    shutil.copy(example_path, other)
    assert main(["run", str(example_path), str(other), "--out", str(tmp_path / "o"),
                 "--quiet"]) == 0
    assert (tmp_path / "o" / "rewetting_and_heat_pumps" / "targets.csv").is_file()
    assert (tmp_path / "o" / "second" / "results.nc").is_file()


def test_check(example_path, capsys):
    assert main(["check", str(example_path)]) == 0
    assert "ok" in capsys.readouterr().out


def test_invalid_input_exit_2_one_message_per_problem(example_path, tmp_path, capsys):
    text = example_path.read_text().replace('activity = "2000 ha"', 'activity = "2000 kWh"')
    text = text.replace('share = "100 %"', 'share = "130 %"')
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert all(line.startswith(f"error: {bad}: ") for line in err)
    assert "Traceback" not in "".join(err)
    assert not out.exists()
    assert main(["check", str(bad)]) == 2


def test_missing_file_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "none.toml")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_error_leaves_previous_results_intact(example_path, tmp_path, monkeypatch):
    assert main(["run", str(example_path), "--out", str(tmp_path), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    import capf.io.tables as tables

    def boom(*a, **k):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(tables, "write_netcdf", boom)
    assert main(["run", str(example_path), "--out", str(tmp_path), "--quiet"]) == 1
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # no partial or temporary files, old results untouched


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("capf")
    if not exe.exists():
        pytest.skip("capf is not installed as a console script in this environment")
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120,
                       env={**os.environ})
    assert r.returncode == 0 and r.stdout.startswith("capf ")


def test_manifest_traces_the_run(example_path, tmp_path):
    import hashlib
    import json

    assert main(["run", str(example_path), "--out", str(tmp_path), "--quiet"]) == 0
    man = json.loads((tmp_path / "manifest.json").read_text())
    assert man["inputs"][0]["sha256"] == hashlib.sha256(example_path.read_bytes()).hexdigest()
    assert man["gwp"] == "AR5GWP100" and "capf_version" in man and man["seed"] is None
    for name, digest in man["outputs"].items():
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest
    assert set(man["outputs"]) == {p.name for p in tmp_path.iterdir()} - {"manifest.json"}


def test_same_plan_gives_bit_identical_results(example_path, tmp_path):
    import time

    assert main(["run", str(example_path), "--out", str(tmp_path / "a"), "--quiet"]) == 0
    time.sleep(1.1)  # a different wall-clock second must not matter
    assert main(["run", str(example_path), "--out", str(tmp_path / "b"), "--quiet"]) == 0
    for name in ("results.nc", "targets.csv", "emissions_by_sector.csv", "gaps_by_sector.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize("exc", [KeyboardInterrupt, MemoryError, OSError])
def test_interrupted_run_leaves_no_partial_files(example_path, tmp_path, monkeypatch, exc):
    assert main(["run", str(example_path), "--out", str(tmp_path), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    import capf.io.tables as tables

    real = tables.write_csv  # (most tables are written without DataFrame.to_csv)
    calls = {"n": 0}

    def interrupted(df, path, *a, **k):  # the second CSV is interrupted half-way
        calls["n"] += 1
        if calls["n"] == 2:
            Path(path).write_text("half a tab")
            raise exc("interrupted (simulated)")
        return real(df, path, *a, **k)

    monkeypatch.setattr(tables, "write_csv", interrupted)
    assert main(["run", str(example_path), "--out", str(tmp_path), "--quiet"]) == 1
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before


def test_too_large_a_projection_is_refused(monkeypatch):
    import capf
    import capf.api

    monkeypatch.setattr(capf.api, "_memory_limit", lambda: 10_000)
    with pytest.raises(capf.CapfError, match=r"this projection needs about .* GiB \(1 "
                       r"municipalities × 5 sources × 5 gases × 28 years × 2 scenarios\)"):
        capf.project(capf.testing.example_plan())


def test_sigterm_leaves_previous_results(example_path, tmp_path):
    """A real signal: SIGTERM a run while it writes; the old results stay, no temp files."""
    import signal
    import textwrap
    import time

    assert main(["run", str(example_path), "--out", str(tmp_path), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    script = textwrap.dedent(f"""
        import os, signal, time, sys
        import capf.io.tables as t
        real = t.write_netcdf
        def slow(ds, path):
            real(ds, path)
            sys.stdout.write("writing\\n"); sys.stdout.flush()
            time.sleep(30)
        t.write_netcdf = slow
        from capf.cli import main
        sys.exit(main(["run", {str(example_path)!r}, "--out", {str(tmp_path)!r}, "--quiet"]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 1
    time.sleep(0.1)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before


def test_xlsx_and_iamc_outputs(example_path, tmp_path):
    assert main(["run", str(example_path), "--out", str(tmp_path), "--quiet", "--xlsx",
                 "--iamc"]) == 0
    sheets = pd.read_excel(tmp_path / "results.xlsx", sheet_name=None)
    assert {"targets", "emissions_by_sector", "gaps_by_sector"} <= set(sheets)
    iamc = pd.read_csv(tmp_path / "iamc.csv")
    assert list(iamc.columns) == ["model", "scenario", "region", "variable", "unit", "year",
                                  "value"]
    assert "Emissions|Kyoto Gases [AR5GWP100]" in set(iamc.variable)


def test_progress_is_silent_without_a_terminal(example_path, tmp_path, capsys):
    assert main(["run", str(example_path), "--out", str(tmp_path), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_progress_callback_sees_every_action():
    import capf

    seen = []
    capf.project(capf.testing.example_plan(), progress=lambda d, n: seen.append((d, n)))
    assert seen == [(1, 2), (2, 2)]


def test_progress_bar_in_a_terminal(example_path, tmp_path):
    """Under a pseudo-terminal, capf run draws a bar on stderr; --quiet silences it."""
    import fcntl
    import pty
    import struct
    import termios

    def run(extra):
        script = ("import sys; from capf.cli import main; "
                  f"sys.exit(main(['run', {str(example_path)!r}, '--out', {str(tmp_path)!r}]"
                  f" + {extra!r}))")
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL,
                                stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=120)
        os.close(master)
        return b"".join(chunks).decode(errors="replace")

    assert "projecting" in run([])
    assert run(["--quiet"]) == ""


def test_monte_carlo_run_writes_probabilities(example_path, tmp_path):
    import json

    text = example_path.read_text().replace(
        'share = "100 %"', 'share = { dist = "triangular", low = "40 %", mode = "70 %", '
        'high = "100 %" }')
    plan = tmp_path / "mc.toml"
    plan.write_text(text)
    out = tmp_path / "out"
    assert main(["run", str(plan), "--out", str(out), "--quiet", "--samples", "200",
                 "--seed", "3"]) == 0
    p = pd.read_csv(out / "probabilities.csv", dtype={"municipality": str})
    assert list(p.columns) == ["scenario", "municipality", "target", "year", "probability"]
    assert p.probability.between(0, 1).all() and len(p) == 4
    assert json.loads((out / "manifest.json").read_text())["seed"] == 3
    first = (out / "results.nc").read_bytes()
    assert main(["run", str(plan), "--out", str(out), "--quiet", "--samples", "200",
                 "--seed", "3"]) == 0
    assert (out / "results.nc").read_bytes() == first


def test_optimise_macc_and_sensitivity_outputs(tmp_path):
    import tomli_w
    from test_costs_sensitivity import plan_dict

    d = plan_dict(scenario=[{"name": "bau"}])
    d["inventory"][0]["activity"] = {"dist": "normal", "mean": "1000 ha", "sd": "50 ha"}
    path = tmp_path / "lc.toml"
    path.write_text(tomli_w.dumps(d))
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--quiet", "--optimise", "--samples",
                 "64", "--seed", "1"]) == 0
    names = {p.name for p in out.iterdir()}
    assert {"macc.csv", "least_cost.csv", "sensitivity.csv", "probabilities.csv"} <= names
    t = pd.read_csv(out / "targets.csv")
    assert "least_cost" in set(t.scenario)
    s = pd.read_csv(out / "sensitivity.csv")
    assert set(s.method) == {"sobol", "tornado"}


def test_report_command_and_flag(example_path, tmp_path):
    assert main(["report", str(example_path), "--out", str(tmp_path / "r"), "--quiet"]) == 0
    html = (tmp_path / "r" / "report.html").read_text()
    # the figures are inline SVG
    assert "Climate Act 2030" in html and 'role="img"' in html and "<svg " in html
    assert main(["run", str(example_path), "--out", str(tmp_path / "o"), "--quiet",
                 "--report"]) == 0
    assert "Net zero 2050" in (tmp_path / "o" / "report.html").read_text()


def test_collector_is_rare_during_a_command_and_restored_after(example_path, monkeypatch,
                                                                capsys):
    """A command runs with few cyclic collections (issue 20) and leaves the interpreter's
    collector as it found it, also when the command fails or the caller froze objects."""
    import gc

    import capf.cli as cli

    seen = []
    real = cli._cmd_check

    def check(args):
        seen.append((gc.get_threshold(), gc.get_freeze_count() > 0))
        return real(args)

    monkeypatch.setattr(cli, "_cmd_check", check)
    before = gc.get_threshold()
    assert main(["check", str(example_path)]) == 0
    assert seen == [(cli.GC_THRESHOLD, True)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

    def fails(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_cmd_check", fails)
    assert main(["check", str(example_path)]) == 1
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

    monkeypatch.setattr(cli, "_cmd_check", check)
    gc.freeze()
    try:
        assert main(["check", str(example_path)]) == 0
        assert gc.get_freeze_count() > 0  # the caller's frozen objects stay frozen
    finally:
        gc.unfreeze()


def test_the_command_itself_leaves_the_collector_set(example_path, monkeypatch, capsys):
    """``capf`` from the command line (main() reads sys.argv) does not restore the collector
    before the process ends: that would traverse every object once more."""
    import gc

    import capf.cli as cli

    before = gc.get_threshold()
    monkeypatch.setattr(sys, "argv", ["capf", "check", str(example_path)])
    try:
        assert main() == 0
        assert gc.get_threshold() == cli.GC_THRESHOLD and gc.get_freeze_count() > 0
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def _python_m_capf(*args: str, **kw) -> subprocess.CompletedProcess:
    """``python -m capf ARGS`` (what the console script runs: :func:`capf.cli.command`)."""
    return subprocess.run([sys.executable, "-m", "capf", *args], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).resolve().parents[1], **kw)


def test_the_command_ends_with_its_output_flushed_and_its_exit_code(example_path, write_plan):
    """``capf`` ends the process without the interpreter's teardown (issue 20): what it
    printed arrives in full through a pipe, and the exit code is main()'s."""
    ok = _python_m_capf("check", str(example_path))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"{example_path}: ok (")
    many = _python_m_capf("catalogue")
    assert many.returncode == 0, many.stderr
    assert many.stdout.endswith("\n") and len(many.stdout.splitlines()) > 100
    bad = _python_m_capf("check", str(write_plan('[plan]\nname = "x"\nbase_year = "soon"\n')))
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")


def test_the_command_under_a_profiler_exits_normally(example_path, tmp_path):
    """``python -m cProfile -o F -m capf ...`` writes F: a profiler reports at a normal exit,
    which the command then takes."""
    out = tmp_path / "check.prof"
    r = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "capf", "check",
                        str(example_path)], capture_output=True, text=True, timeout=300,
                       cwd=Path(__file__).resolve().parents[1])
    assert r.returncode == 0, r.stderr
    import pstats

    assert pstats.Stats(str(out)).total_calls > 0


def test_the_command_is_quiet_when_its_reader_goes_away():
    """``capf catalogue | head -1``: exit code 0 and nothing on standard error."""
    proc = subprocess.Popen([sys.executable, "-m", "capf", "catalogue"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parents[1])
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=300) == 0 and err == b""


class _Stream:
    def __init__(self, exc=None):
        self.exc, self.text = exc, ""

    def write(self, text):
        self.text += text

    def flush(self):
        if self.exc is not None:
            raise self.exc


def test_a_failed_last_flush_is_an_error_and_a_gone_reader_is_not(monkeypatch):
    """What :func:`capf.cli.command` exits with when flushing fails: 1 with a message on
    standard error for a full disk, the command's own code when the reader went away."""
    import capf.cli as cli

    err = _Stream()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", _Stream(OSError(28, "No space left on device")))
    assert cli._flushed(0) == 1
    assert "cannot write standard output" in err.text and "No space left" in err.text
    assert cli._flushed(2) == 2  # a failed command keeps its own code
    monkeypatch.setattr(sys, "stdout", _Stream(BrokenPipeError(32, "Broken pipe")))
    err.text = ""
    assert cli._flushed(0) == 0 and err.text == ""
    monkeypatch.setattr(sys, "stdout", _Stream())
    assert cli._flushed(0) == 0 and cli._flushed(1) == 1
