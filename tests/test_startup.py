"""Import only what a command needs (issue 20): which libraries `import capf`,
`capf check` and `capf run` load, and that pint and xarray keep their dask support.
Times are measured in benchmarks/test_startup.py.

capf itself imports scipy and dask only where it samples, optimises or chunks; pint
imports ``scipy`` and ``dask.base`` by itself whenever they are installed (capf does
not patch other libraries' imports), so only the libraries capf decides about are
checked for ``check`` and ``run``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "scipy", "dask", "distributed", "pyam", "jinja2", "openpyxl")
#: what capf decides to import (scipy and dask.base, with dask's jinja2 widgets, come with
#: pint when they are installed)
OWN = ("matplotlib", "distributed", "pyam", "openpyxl")

_PROBE = """
import json, sys
{body}
print("MODULES=" + json.dumps(sorted({{m.split(".")[0] for m in sys.modules}})))
"""


def _loaded(body: str, env=None) -> set[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE.format(body=body)], cwd=ROOT,
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    line = [x for x in out.stdout.splitlines() if x.startswith("MODULES=")][-1]
    return set(json.loads(line[len("MODULES="):]))


def _cli(args: list[str]) -> str:
    return f"from capf.cli import main\nrc = main({args!r})\nassert rc == 0, rc"


def test_import_capf_loads_no_heavy_library():
    mods = _loaded("import capf")
    assert not mods & set(HEAVY + ("pint", "pydantic")), mods & set(HEAVY)


def test_check_loads_no_heavy_library():
    mods = _loaded(_cli(["check", "scenarios/municipalities/soro.toml"]))
    assert not mods & set(OWN), mods & set(OWN)
    assert {"pint", "pydantic"} <= mods


def test_run_loads_no_heavy_library(tmp_path):
    mods = _loaded(_cli(["run", "--out", str(tmp_path), "--quiet"]))
    assert not mods & set(OWN), mods & set(OWN)
    assert (tmp_path / "results.nc").exists()


def test_report_loads_jinja2_only(tmp_path):
    # the report's figures are SVG written directly (capf/report/_svg.py): no matplotlib
    mods = _loaded(_cli(["run", "--out", str(tmp_path), "--quiet", "--report"]))
    assert "jinja2" in mods and "matplotlib" not in mods
    assert not mods & {"distributed", "pyam", "openpyxl"}, mods & {"distributed", "pyam", "openpyxl"}


def test_public_api_unchanged():
    import capf

    for name in capf.__all__:
        assert getattr(capf, name) is not None, name
        assert name in dir(capf)
    assert capf.project is capf.api.project
    assert capf.Plan is capf.plan.models.Plan
    assert capf.ureg is capf.units.ureg
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        capf.nope  # noqa: B018


def test_accessor_registered_on_import():
    mods = _loaded("import capf, xarray as xr\nassert hasattr(xr.Dataset(), 'capf')")
    assert "matplotlib" not in mods


def test_pint_keeps_its_dask_and_scipy_support():
    pytest.importorskip("dask.array")
    import dask.array as da

    import capf

    q = capf.ureg.Quantity(da.arange(4.0, chunks=2), "kt")
    assert q.sum().compute().to("t").magnitude == 6000.0
    assert q.persist().magnitude.chunks == ((2, 2),)
    assert str(capf.ureg.Quantity(1500.0, "m").to_preferred([capf.ureg.km])) == "1.5 kilometer"


def test_xarray_keeps_its_dask_support():
    pytest.importorskip("dask.array")
    body = """
import capf, xarray as xr, numpy as np
xr.DataArray(np.ones(3), dims="a").sum()
import dask.array as da
x = xr.DataArray(da.ones(4, chunks=2), dims="a")
assert x.chunks == ((2, 2),) and x.sum().compute().item() == 4.0
assert xr.DataArray(np.ones(2), dims="a").chunk(1).chunks == ((1, 1),)
"""
    assert "dask" in _loaded(body)


def test_unit_registry_cache_is_used_and_survives_a_broken_file(tmp_path):
    env = {**os.environ, "CAPF_CACHE_DIR": str(tmp_path)}
    body = "import capf\nassert str(capf.ureg('18000 GJ/yr').to('MWh/yr')) == '5000.0 megawatt_hour / year'"
    _loaded(body, env)
    cached = list(tmp_path.glob("pint-*/*.pickle"))
    assert cached
    for f in cached:  # a half-written cache (a killed process)
        f.write_bytes(f.read_bytes()[:20])
    _loaded(body, env)
    _loaded(body, {**os.environ, "CAPF_CACHE_DIR": ""})  # no cache at all


def test_netcdf_written_without_dask_equals_xarrays(tmp_path):
    import xarray as xr

    import capf
    from capf.io.tables import write_netcdf

    ds = capf.project(capf.testing.example_plan())
    write_netcdf(ds, tmp_path / "a.nc")
    ds.to_netcdf(tmp_path / "b.nc", engine="h5netcdf")
    with xr.open_dataset(tmp_path / "a.nc") as a, xr.open_dataset(tmp_path / "b.nc") as b:
        xr.testing.assert_identical(a, b)


_NO_DASK_ARRAY = """
import json, sys
{body}
print("LOADED=" + json.dumps([m for m in ("dask.array", "scipy.fft") if m in sys.modules]))
"""


def _loaded_exactly(body: str) -> list[str]:
    """Which of ``dask.array`` and ``scipy.fft`` a fresh interpreter has imported after ``body``."""
    out = subprocess.run([sys.executable, "-c", _NO_DASK_ARRAY.format(body=body)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    line = [x for x in out.stdout.splitlines() if x.startswith("LOADED=")][-1]
    return json.loads(line[len("LOADED="):])


def test_check_assesses_without_dask_array():
    """The assessment runs on numpy arrays: xarray never probes for dask arrays (which
    imports ``dask.array`` and scipy's FFT through it when dask is installed)."""
    assert _loaded_exactly(_cli(["check", "scenarios/municipalities/soro.toml"])) == []


def test_run_assesses_without_dask_array(tmp_path):
    """Everything ``capf run`` of the bundled plan computes, and its CSV tables written."""
    body = f"""
import pathlib, capf
from capf.io.tables import write_csv
res = capf.run(capf.datasets.denmark())
assert {{"emissions_by_sector", "targets", "gaps_by_sector"}} <= set(res.tables)
for name, table in res.tables.items():
    write_csv(table, pathlib.Path({str(tmp_path)!r}) / (name + ".csv"))
"""
    assert _loaded_exactly(body) == []
    assert (tmp_path / "targets.csv").stat().st_size > 0


@pytest.mark.parametrize("plan", [[], ["scenarios/municipalities/soro.toml", "--lang", "da"]],
                         ids=["bundled", "soro-da"])
def test_run_with_report_without_dask_array(tmp_path, plan):
    """The whole ``capf run --report``: the report's page and figures select by position, so
    xarray never checks for dask arrays either (``dask.array`` and scipy's FFT stay
    unimported where dask is installed)."""
    out = str(tmp_path / "out")
    assert _loaded_exactly(_cli(["run", *plan, "--out", out, "--report", "--quiet"])) == []
    assert (tmp_path / "out" / "report.html").stat().st_size > 0


def test_monte_carlo_projection_without_dask_array():
    """``capf.project(plan, samples=N)`` assembles its Dataset from plain arrays as the
    deterministic projection does: ``dask.array`` is imported only for ``chunks=``."""
    body = """
import capf
ds = capf.project(capf.testing.synthetic_plan(3, seed=2, uncertain=True), samples=16, seed=1)
assert ds.sizes["sample"] == 16 and "sector_samples" in ds and "total_quantile_approx" in ds
"""
    assert "dask.array" not in _loaded_exactly(body)


def test_monte_carlo_run_without_dask_array(tmp_path):
    """``capf run --samples N``: the probabilities read the kept samples by position too."""
    out = str(tmp_path / "out")
    args = ["run", "scenarios/examples/rewetting_and_heat_pumps.toml", "--samples", "20",
            "--seed", "1", "--out", out, "--quiet"]
    assert "dask.array" not in _loaded_exactly(_cli(args))
    assert (tmp_path / "out" / "probabilities.csv").stat().st_size > 0
