"""capf.run and Results: what ``capf run`` computes and writes, from Python."""

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

import capf
from capf.cli import main
from capf.errors import CapfError, CapfWarning, OutputError, PlanError
from capf.results import Results, assessment_tables, sobol_base_samples, write_all


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _uncertain(write_plan):
    d = capf.testing.example_plan_dict()
    d["action"][0]["share"] = {"dist": "uniform", "low": "40 %", "high": "60 %"}
    return write_plan(d)


def test_run_gives_the_tables_capf_run_writes(example_path, tmp_path):
    cli = tmp_path / "cli"
    assert main(["run", str(example_path), "--out", str(cli), "-q"]) == 0
    res = capf.run(example_path)
    assert isinstance(res, Results) and res.plan_file == str(example_path)
    assert {f"{name}.csv" for name in res.tables} == {p.name for p in cli.glob("*.csv")}
    for name, table in res.tables.items():
        back = pd.read_csv(cli / f"{name}.csv", dtype={"municipality": str})
        assert list(back.columns) == list(table.columns), name
        assert len(back) == len(table), name
        capf.io.write_csv(table, tmp_path / "one.csv")  # the same table, cell for cell
        assert (tmp_path / "one.csv").read_bytes() == (cli / f"{name}.csv").read_bytes(), name
    # and written: the same files, bytes and manifest
    py = res.write(tmp_path / "py")
    assert _files(py) == _files(cli)
    assert json.loads((py / "manifest.json").read_text())["options"]["command"] == "run"


def test_monte_carlo_run_matches_the_cli(write_plan, tmp_path):
    path = _uncertain(write_plan)
    cli = tmp_path / "cli"
    assert main(["run", str(path), "--out", str(cli), "-q", "--samples", "16", "--seed", "3"]) == 0
    res = capf.run(path, samples=16, seed=3)
    assert {"probabilities", "sensitivity"} <= set(res.tables)
    assert res.seed == 3 and res.manifest["seed"] == 3
    assert _files(res.write(tmp_path / "py")) == _files(cli)
    # the sensitivity year is a parameter: outside the plan's years, no sensitivity table
    assert "sensitivity" not in capf.run(path, samples=16, seed=3, sensitivity_year=2100).tables


def test_monte_carlo_run_without_a_seed_draws_and_records_one(write_plan):
    res = capf.run(_uncertain(write_plan), samples=8, sobol_samples=16)
    assert isinstance(res.seed, int) and res.manifest["seed"] == res.seed
    assert f"seed {res.seed}" in repr(res)


def test_sobol_rule():
    assert [sobol_base_samples(n) for n in (1, 16, 31, 32, 1000, 5000)] == \
        [16, 16, 16, 32, 512, 1024]


def test_extra_files_and_repr(example_path, tmp_path):
    res = capf.run(example_path, xlsx=True, iamc=True)
    assert list(res.extra) == ["results.xlsx", "iamc.csv"]
    text = repr(res)
    assert text.startswith("<capf.Results of 'Rewetting and heat pumps': 1 municipality, "
                           "2 scenarios, 0 of 4 targets met>")
    assert "Climate Act 2030  met in 0 of 1" in text and "files: results.xlsx, iamc.csv" in text
    out = res.write(tmp_path / "out")
    assert {"results.xlsx", "iamc.csv"} <= {p.name for p in out.iterdir()}
    assert res.targets_met is False


def test_check_and_run_share_the_assessment(example_path):
    plan = capf.load_plan(example_path)
    ds = capf.project(plan)
    from capf import cli

    assert list(cli._assessment_tables(ds, plan)) == list(assessment_tables(ds, plan))


def test_write_refuses_a_folder_that_capf_did_not_write(tmp_path, example_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    res = capf.run(capf.testing.example_plan())
    with pytest.raises(OutputError, match="holds files that are not a capf run's results"):
        res.write(out)
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]
    assert main(["run", str(example_path), "--out", str(out), "-q"]) == 2  # as the CLI does
    assert "holds files that are not a capf run's results" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]


def test_a_failing_write_leaves_no_partial_folder(tmp_path, monkeypatch):
    res = capf.run(capf.testing.example_plan())
    from capf.io import tables

    def half(df, path):
        Path(path).write_text("half a table")
        raise OSError(28, "No space left on device (simulated)")

    monkeypatch.setattr(tables, "write_csv", half)
    out = tmp_path / "area" / "out"
    with pytest.raises(OSError, match="No space left"):
        res.write(out)
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # no temporary folder, no lock file left


def test_write_all_is_every_plan_or_none(tmp_path):
    a = capf.run(capf.testing.example_plan())
    b = capf.run(capf.testing.example_plan())
    out = tmp_path / "out"
    assert write_all(out, [a, b], folders=["a", "b"]) == [out / "a", out / "b"]
    first = _files(out)
    assert {"a/manifest.json", "b/targets.csv"} <= set(first)

    def broken(path):
        raise OSError(5, "I/O error (simulated)")

    b.extra["broken.txt"] = broken
    with pytest.raises(OSError, match="simulated"):
        write_all(out, [a, b], folders=["a", "b"])
    assert _files(out) == first
    fresh = tmp_path / "fresh"
    with pytest.raises(OSError, match="simulated"):
        write_all(fresh, [a, b], folders=["a", "b"])
    assert not fresh.exists()
    with pytest.raises(CapfError, match="same folder"):
        write_all(fresh, [a, b], folders=["x", "x"])


def test_a_plan_file_with_a_problem_is_named(write_plan):
    d = capf.testing.example_plan_dict()
    d["plan"]["base_yr"] = 2023
    path = write_plan(d, name="typo.toml")
    with pytest.raises(PlanError, match="typo.toml"):
        capf.run(path)


def test_base_needs_optimise():
    with pytest.raises(CapfError, match="give optimise=True too"):
        capf.run(capf.testing.example_plan(), base="bau")


def test_optimiser_warnings_are_warnings(tmp_path, capsys):
    d = capf.testing.example_plan_dict()
    d["plan"]["discount_rate"] = "3.5 %"
    d["action"][0].update(investment="25 MDKK", lifetime=20, price_year=2023)
    plan = capf.Plan.model_validate(d)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CapfWarning)
        res = capf.run(plan, optimise=True, base="bau")
    assert "least_cost" in res.tables and "least_cost" in set(res.targets["scenario"])
    assert any(issubclass(w.category, CapfWarning) for w in caught)


def test_progress_callback_and_label(example_path):
    seen = []
    res = capf.run(example_path, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert res.label == str(example_path)
    assert capf.run(capf.testing.example_plan()).label == "Rewetting and heat pumps"
