"""The scripts and the notebook in examples/ run as a planner runs them, from the repo root.

Each script runs in its own process (sys.executable, cwd = repository root) with
CAPF_EXAMPLES_OUT pointing at a temporary folder, and must exit 0 and write its files
there. The notebook is executed with nbclient (skipped when nbclient is not installed).
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None

#: files each script writes into CAPF_EXAMPLES_OUT
EXPECTED = {
    "01_quickstart.py": ["targets.csv"],
    "02_compare_municipalities.py": ["climate_act_2030.csv"],
    "03_plan_in_python.py": ["wedges.csv"],
    "04_sector_wedges.py": ["sector_emissions_340.csv"]
    + (["sector_emissions_340.png"] if HAS_MATPLOTLIB else []),
    "write_denmark_toml.py": ["denmark.toml"],
}


def _env(out: Path) -> dict:
    """The environment of a planner's shell, plus the output folder; capf importable from
    the source tree when it is not installed."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "CAPF_EXAMPLES_OUT": str(out), "PYTHONPATH": path, "MPLBACKEND": "Agg"}


def test_every_script_has_expected_outputs():
    assert sorted(p.name for p in SCRIPTS) == sorted(EXPECTED)
    assert [p.name for p in NOTEBOOKS] == ["walkthrough.ipynb"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_is_short_and_shows_no_window(script):
    text = script.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 80
    assert "plt.show" not in text and ".show()" not in text
    assert text.startswith('"""')  # a docstring that says what it does and how to run it


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Run a script once per argument list: (completed process, its output folder)."""
    done = {}

    def _run(name, *args):
        if (name, args) not in done:
            out = tmp_path_factory.mktemp(Path(name).stem)
            r = subprocess.run([sys.executable, f"examples/{name}", *args], cwd=ROOT,
                               env=_env(out), capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, f"{name} exited {r.returncode}:\n{r.stderr[-3000:]}"
            done[name, args] = (r, out)
        return done[name, args]

    return _run


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_runs(script, run):
    r, out = run(script.name)
    for name in EXPECTED[script.name]:
        assert (out / name).is_file(), f"{script.name} did not write {name}"
        assert (out / name).stat().st_size > 0
    assert r.stdout.strip(), f"{script.name} printed nothing"
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPECTED[script.name])


def test_quickstart_prints_targets_and_sectors(run):
    r, _ = run("01_quickstart.py")
    assert "Climate Act 2030" in r.stdout and "Emissions by sector in 2030" in r.stdout
    assert "lowland_soils" in r.stdout


def test_compare_municipalities_table(run):
    import pandas as pd

    r, out = run("02_compare_municipalities.py")
    table = pd.read_csv(out / "climate_act_2030.csv", dtype={"municipality": str})
    assert len(table) == 98 * 4
    assert set(table["scenario"]) == {"bau", "national_trend", "pipeline", "pipeline_prestudies"}
    assert "met in" in r.stdout and r.stdout.count("Ten largest gaps") == 4


def test_plan_in_python_wedges_add_up(run):
    import pandas as pd

    r, out = run("03_plan_in_python.py")
    wedges = pd.read_csv(out / "wedges.csv", index_col="year")
    assert list(wedges.columns) == ["rewet_lowland", "heat_pumps", "total"]
    parts = wedges[["rewet_lowland", "heat_pumps"]].sum(axis=1)
    assert (wedges["total"] - parts).abs().max() < 1e-6
    assert "ILLUSTRATIVE" in (EXAMPLES / "03_plan_in_python.py").read_text(encoding="utf-8")


def test_sector_wedges_for_another_municipality(run):
    import pandas as pd

    r, out = run("04_sector_wedges.py", "851")
    table = pd.read_csv(out / "sector_emissions_851.csv")
    assert set(table["scenario"]) == {"bau", "national_trend", "pipeline", "pipeline_prestudies"}
    assert list(table.columns) == ["scenario", "sector", "year", "t_co2e_per_yr"]
    assert "Aalborg (851)" in r.stdout


def test_write_denmark_toml_matches_the_shipped_file(run):
    _, out = run("write_denmark_toml.py")
    shipped = ROOT / "scenarios" / "national" / "denmark.toml"
    assert (out / "denmark.toml").read_bytes() == shipped.read_bytes()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(notebook, tmp_path, monkeypatch):
    nbformat = pytest.importorskip(
        "nbformat", reason="nbformat is not installed (pip install nbformat nbclient ipykernel)")
    nbclient = pytest.importorskip(
        "nbclient", reason="nbclient is not installed (pip install nbclient ipykernel)")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install ipykernel)")
    for key, value in _env(tmp_path).items():
        monkeypatch.setenv(key, value)  # the kernel inherits the environment
    nb = nbformat.read(notebook, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    # the figures show (%matplotlib inline), in the run and in the notebook as stored
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2
    stored = nbformat.read(notebook, as_version=4)
    assert sum("image/png" in o.get("data", {}) for c in stored.cells if c.cell_type == "code"
               for o in c.get("outputs", [])) >= 2
    # small outputs besides the figures: text and tables, no large blobs
    size = sum(len(str({k: v for k, v in o.get("data", {}).items() if k != "image/png"}))
               + len(str(o.get("text", ""))) for o in outputs)
    assert size < 100_000
