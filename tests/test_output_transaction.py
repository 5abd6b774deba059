"""Outputs (issue 15): one output folder written as a whole, under a lock; faults injected.

A first run's results in OUT; a second run killed at any step or failing on one
output leaves OUT holding exactly the first run's files or exactly the
second's (manifest hashes matching), and the next run leaves no temporary file.
"""

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import to_toml

import capf
from capf.cli import main


def _plan(name="A", budget=False, **over):
    d = capf.testing.example_plan_dict()
    d["plan"]["name"] = name
    if budget:
        d["budget"] = [{"name": "b", "start": 2023, "amount": "1000 kt CO2e"}]
    for key, value in over.items():
        d[key] = value
    return d


@pytest.fixture
def plans(tmp_path):
    """Two different plans (B has a budget, so budgets.csv) in their own folder."""
    src = tmp_path / "plans"
    src.mkdir()
    a, b = src / "a.toml", src / "b.toml"
    a.write_text(to_toml(_plan("A")), encoding="utf-8")
    b.write_text(to_toml(_plan("B", budget=True)), encoding="utf-8")
    return a, b


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _manifest_consistent(folder: Path) -> None:
    """Every manifest lists exactly the files beside it, with their SHA-256."""
    manifests = list(folder.rglob("manifest.json"))
    assert manifests
    for m in manifests:
        doc = json.loads(m.read_text(encoding="utf-8"))
        here = {p.name for p in m.parent.iterdir() if p.is_file()} - {"manifest.json"}
        assert set(doc["outputs"]) == here
        for name, digest in doc["outputs"].items():
            assert hashlib.sha256((m.parent / name).read_bytes()).hexdigest() == digest


def _run(plan, out, *extra) -> int:
    return main(["run", *map(str, plan if isinstance(plan, (list, tuple)) else [plan]),
                 "--out", str(out), "--quiet", *extra])


def test_second_run_replaces_the_first_as_a_whole(plans, tmp_path):
    a, b = plans
    out = tmp_path / "area" / "out"
    assert _run(b, out) == 0
    assert (out / "budgets.csv").is_file()
    assert _run(a, out) == 0
    assert not (out / "budgets.csv").exists()  # B's file does not stay beside A's results
    _manifest_consistent(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]  # no lock, no temporary
    ref = tmp_path / "ref"
    assert _run(a, ref) == 0
    assert _files(out) == _files(ref)


# -- kill at every step ------------------------------------------------------------------

def _fork_run(argv, kill_at, counter_file, hooks):
    """Run ``main(argv)`` in a forked child that dies (os._exit) at its ``kill_at``-th step."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 70
        try:
            import capf.io.tables as tables
            import capf.io.transaction as tr

            steps = {"n": 0}

            def hook(module, name):
                real = getattr(module, name)

                def step(*a, **k):
                    steps["n"] += 1
                    if steps["n"] == kill_at:
                        os._exit(97)
                    return real(*a, **k)
                setattr(module, name, step)

            for module, name in [(tr, "_fsync_path"), (tr, "_settle"), (tr, "_exchange"),
                                 (tr, "_remove"),
                                 (tr.os, "rename"), (tr.os, "replace"),
                                 (tables, "write_netcdf")]:
                hook(module, name)
            if not hooks.get("exchange", True):
                tr._renameat2 = None
            code = main(argv)
            Path(counter_file).write_text(str(steps["n"]))
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _next_run(out: Path, files: dict[str, bytes]) -> None:
    """The next run into ``out`` (the same transaction as ``capf run``, files given)."""
    with capf.io.OutputTransaction(out) as tx:
        for rel, data in files.items():
            tx.write(rel, lambda p, data=data: p.write_bytes(data))


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@needs_fork
@pytest.mark.parametrize("exchange,opts", [(True, ["--xlsx"]), (False, [])],
                         ids=["renameat2", "two_renames"])
def test_kill_at_every_step_leaves_one_run(plans, tmp_path, exchange, opts):
    if exchange and capf.io.transaction._renameat2 is None:
        pytest.skip("renameat2 is not available here")
    a, b = plans
    out = tmp_path / "area" / "out"
    ref_a, ref_b = tmp_path / "ref_a", tmp_path / "ref_b"
    assert _run(a, ref_a, *opts) == 0 and _run(b, ref_b, *opts) == 0
    first, second = _files(ref_a), _files(ref_b)
    assert first != second
    assert _run(a, out, *opts) == 0
    counter = tmp_path / "steps"
    argv_b = ["run", str(b), "--out", str(out), "--quiet", *opts]
    assert _fork_run(argv_b, 0, counter, {"exchange": exchange}) == 0  # count the steps
    n = int(counter.read_text())
    assert n >= 8
    assert _files(out) == second
    assert _run(a, out, *opts) == 0
    seen = set()
    for k in range(1, n + 1):
        assert _fork_run(argv_b, k, counter, {"exchange": exchange}) == 97, k
        now = _files(out) if out.exists() else None
        if now is None:  # killed between the two renames: the next run puts A back
            assert not exchange
            seen.add("between")
        else:
            assert now in (first, second), k
            _manifest_consistent(out)
            seen.add("first" if now == first else "second")
        _next_run(out, first)
        assert _files(out) == first
        assert sorted(p.name for p in out.parent.iterdir()) == ["out"], k  # nothing left
    assert {"first", "second"} <= seen


@needs_fork
def test_kill_between_renames_is_repaired_with_the_earlier_results(plans, tmp_path):
    """Fallback swap killed after OUT was moved aside: the next run starts from the earlier
    results (put back), and a reader of the next run's lock-free state sees a whole run."""
    import capf.io.transaction as tr

    a, b = plans
    out = tmp_path / "area" / "out"
    assert _run(a, out) == 0
    first = _files(out)
    # renames of the fallback: OUT -> old is the first os.rename call of the commit
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            tr._renameat2 = None
            real = tr.os.rename

            def rename(src, dst):
                real(src, dst)
                if ".capf-old-" in str(dst):
                    os._exit(97)
            tr.os.rename = rename
            main(["run", str(b), "--out", str(out), "--quiet"])
        finally:
            os._exit(70)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 97
    assert not out.exists()
    left = sorted(p.name for p in out.parent.iterdir())
    assert any(".capf-old-" in n for n in left) and any(".capf-new-" in n for n in left)
    with capf.io.OutputTransaction(out) as tx:  # recovery happens on opening
        assert _files(out) == first
        tx.write("x.txt", lambda p: p.write_text("x"))
    assert _files(out) == {"x.txt": b"x"}
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


# -- ordinary errors ---------------------------------------------------------------------

def test_failing_output_leaves_the_first_run(plans, tmp_path, monkeypatch, capsys):
    a, b = plans
    out = tmp_path / "area" / "out"
    assert _run(a, out, "--xlsx") == 0
    first = _files(out)
    import capf.io as cio

    def broken(tables, path):
        Path(path).write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device (simulated)")

    monkeypatch.setattr(cio, "write_excel", broken)
    assert _run(b, out, "--xlsx") == 1
    assert "No space left on device" in capsys.readouterr().err
    assert _files(out) == first
    _manifest_consistent(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_blocked_output_path_inside_out_is_replaced(plans, tmp_path):
    """A folder where a file of the earlier run was: the new run replaces OUT whole."""
    a, b = plans
    out = tmp_path / "out"
    assert _run(a, out) == 0
    (out / "targets.csv").unlink()
    (out / "targets.csv").mkdir()
    (out / "targets.csv" / "x").write_text("in the way")
    assert _run(b, out) == 0
    ref = tmp_path / "ref"
    assert _run(b, ref) == 0
    assert _files(out) == _files(ref)


def test_blocked_lock_path_or_out_a_file_exit_2(plans, tmp_path, capsys):
    a, _ = plans
    out = tmp_path / "out"
    assert _run(a, out) == 0
    first = _files(out)
    (tmp_path / ".out.lock").mkdir()
    assert _run(a, out) == 2
    assert "lock file" in capsys.readouterr().err
    assert _files(out) == first
    (tmp_path / ".out.lock").rmdir()
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    assert _run(a, afile) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert afile.read_text() == "not a folder"


def test_folder_capf_did_not_write_is_refused(plans, tmp_path, capsys):
    a, _ = plans
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes")
    assert _run(a, out) == 2
    err = capsys.readouterr().err
    assert "holds files that are not a capf run's results (no manifest.json): notes.txt" in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_dead_runs_temporary_folders_are_removed(plans, tmp_path):
    a, _ = plans
    out = tmp_path / "area" / "out"
    assert _run(a, out) == 0
    dead = out.parent / ".out.capf-new-dead1234"
    dead.mkdir()
    (dead / "results.nc").write_bytes(b"partial")
    (out.parent / ".out.lock").write_text("99999999\n")  # a lock file nobody holds
    others = [".other.capf-new-keep", ".out.capf-x.capf-new-keep"]  # other folders' own
    for name in others:
        (out.parent / name).mkdir()
    assert _run(a, out) == 0
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(others + ["out"])


# -- a concurrent run --------------------------------------------------------------------

def test_concurrent_run_is_refused(plans, tmp_path, capsys):
    a, b = plans
    out = tmp_path / "area" / "out"
    go = tmp_path / "go"
    script = textwrap.dedent(f"""
        import sys, time, pathlib
        import capf.io.tables as t
        real = t.write_netcdf
        def slow(ds, path):
            real(ds, path)
            sys.stdout.write("writing\\n"); sys.stdout.flush()
            for _ in range(600):
                if pathlib.Path({str(go)!r}).exists():
                    break
                time.sleep(0.05)
        t.write_netcdf = slow
        from capf.cli import main
        sys.exit(main(["run", {str(a)!r}, "--out", {str(out)!r}, "--quiet"]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        assert _run(b, out) == 2
        err = capsys.readouterr().err
        assert f"another capf run (process {proc.pid}) is writing to {out}" in err
    finally:
        go.write_text("")
        assert proc.wait(timeout=120) == 0
    ref = tmp_path / "ref"
    assert _run(a, ref) == 0
    assert _files(out) == _files(ref)
    _manifest_consistent(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_lock_refuses_a_second_holder(tmp_path):
    out = tmp_path / "out"
    with capf.io.OutputLock(out), \
            pytest.raises(capf.errors.OutputError, match="another capf run"), \
            capf.io.OutputTransaction(out):
        pass
    with capf.io.OutputTransaction(out) as tx:  # free again
        tx.write("a.txt", lambda p: p.write_text("a"))
    assert (out / "a.txt").read_text() == "a"


# -- multi-file runs and symlinks --------------------------------------------------------

def test_multi_file_run_all_or_nothing_names_the_file(plans, tmp_path, monkeypatch, capsys):
    a, b = plans
    out = tmp_path / "out"
    assert _run([a, b], out) == 0
    first = _files(out)
    assert {"a/manifest.json", "b/manifest.json", "b/budgets.csv"} <= set(first)
    _manifest_consistent(out)
    import capf.assess as assess_pkg

    real = assess_pkg.assess
    calls = {"n": 0}

    def fails_second(ds, plan):
        calls["n"] += 1
        if calls["n"] == 2:
            raise capf.errors.AssessmentError("no reference level (simulated)")
        return real(ds, plan)

    monkeypatch.setattr(assess_pkg, "assess", fails_second)
    assert _run([a, b], out) == 2
    err = capsys.readouterr().err
    assert f"error: {b}: (plan): no reference level (simulated)" in err  # file: field: message
    assert _files(out) == first
    fresh = tmp_path / "fresh"
    calls["n"] = 0
    assert _run([a, b], fresh) == 2
    assert not fresh.exists()  # the first plan's results were not written either

    def unexpected(ds, plan):
        raise RuntimeError("boom")

    monkeypatch.setattr(assess_pkg, "assess", unexpected)
    assert _run([b, a], out) == 1
    assert f"while running {b}; nothing was written" in capsys.readouterr().err
    assert _files(out) == first


def test_symlink_at_dir_stem_is_not_followed(plans, tmp_path, capsys):
    a, b = plans
    out = tmp_path / "out"
    assert _run([a, b], out) == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    import shutil

    shutil.rmtree(out / "b")
    (out / "b").symlink_to(elsewhere, target_is_directory=True)
    assert _run([a, b], out) == 2
    assert "b (a symbolic link; capf never follows links" in capsys.readouterr().err
    assert [p.name for p in elsewhere.iterdir()] == ["keep.txt"]
    assert (out / "b").is_symlink()


def test_out_at_a_symlink(plans, tmp_path, capsys):
    a, _ = plans
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    assert _run(a, dangling) == 2
    err = capsys.readouterr().err
    assert f"is a symbolic link to {tmp_path / 'nowhere'}, which does not exist" in err
    assert "File exists" not in err
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert _run(a, link) == 0
    assert link.is_symlink() and (real / "manifest.json").is_file()
    _manifest_consistent(real)


def test_output_names_stay_inside_the_folder(tmp_path):
    with capf.io.OutputTransaction(tmp_path / "out") as tx:
        for bad in ("../x", "/etc/x", "a/b/c", "", ".", "a/..", "a\\b"):
            with pytest.raises(capf.errors.OutputError, match="refusing output name"):
                tx.write(bad, lambda p: p.write_text("x"))
        tx.write("ok.txt", lambda p: p.write_text("x"))
    assert _files(tmp_path / "out") == {"ok.txt": b"x"}


def test_write_results_api_is_one_transaction(tmp_path):
    plan = capf.testing.example_plan()
    ds = capf.project(plan)
    out = tmp_path / "out"
    (out).mkdir()
    (out / "manifest.json").write_text("{}")
    (out / "old.csv").write_text("from before")
    paths = capf.io.write_results(out, ds, {"targets": capf.assess(ds, plan)}, {"seed": None})
    assert sorted(p.name for p in paths) == ["manifest.json", "results.nc", "targets.csv"]
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "results.nc",
                                                     "targets.csv"]
    _manifest_consistent(out)


def test_time_between_runs_does_not_matter_for_the_lock(tmp_path):
    """The lock file is removed after each run, even right after another."""
    out = tmp_path / "out"
    for _ in range(3):
        with capf.io.OutputTransaction(out) as tx:
            tx.write("t.txt", lambda p: p.write_text(str(time.time_ns())))
            tx.write("manifest.json", lambda p: p.write_text("{}"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_file_that_cannot_be_flushed_fails_the_run_and_leaves_the_first(tmp_path,
                                                                          monkeypatch):
    """Files are flushed and hashed on a worker thread while the run goes on; an error there
    (a full disk at fsync) fails the commit, and ``out`` keeps what it had."""
    from capf.io import transaction as tr

    out = tmp_path / "out"
    _next_run(out, {"manifest.json": b"{}", "a.txt": b"first"})
    real = tr._settle

    def settle(path):
        if path.name == "b.txt":
            raise OSError(28, "No space left on device")
        return real(path)

    monkeypatch.setattr(tr, "_settle", settle)
    with pytest.raises(capf.errors.OutputError, match="No space left"), \
            tr.OutputTransaction(out) as tx:
        tx.write("manifest.json", lambda p: p.write_bytes(b"{}"))
        tx.write("a.txt", lambda p: p.write_bytes(b"second"))
        tx.write("b.txt", lambda p: p.write_bytes(b"second"))
    assert (out / "a.txt").read_bytes() == b"first" and not (out / "b.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left


def test_digests_are_of_the_files_as_written(tmp_path):
    import hashlib

    from capf.io import transaction as tr

    with tr.OutputTransaction(tmp_path / "out") as tx:
        tx.write("a.txt", lambda p: p.write_bytes(b"x" * (3 << 20)))
        tx.write("d/b.txt", lambda p: p.write_bytes(b""))
        assert tx.digests() == {"a.txt": hashlib.sha256(b"x" * (3 << 20)).hexdigest()}
        assert tx.digests("d") == {"b.txt": hashlib.sha256(b"").hexdigest()}
