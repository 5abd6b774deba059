"""scenarios/national/denmark_uncertain.toml (issue 20): the planner's example of a national
plan under uncertainty and the Monte-Carlo benchmark case."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import capf
from capf.cli import main

PLAN = Path(__file__).resolve().parents[1] / "scenarios" / "national" / "denmark_uncertain.toml"


@pytest.fixture(scope="module")
def plan():
    return capf.load_plan(PLAN)


def test_checks(capsys):
    assert main(["check", str(PLAN)]) == 0
    assert "ok (98 municipalities" in capsys.readouterr().out


def test_all_municipalities_and_at_least_ten_uncertain_parameters(plan):
    model = capf.compile_plan(plan)
    assert len(model.municipalities) == 98
    kinds = [p.kind for p in model.params]
    assert len(kinds) >= 10
    assert {"rate", "share"} <= set(kinds)
    assert capf.engine.montecarlo.reach_municipalities(model).all()


def test_central_run_keeps_the_bundled_scenarios(plan):
    """The rates' mean is 0 %/yr: without samples, bau and national_trend are the bundled ones."""
    ds = capf.project(plan)
    bundled = capf.project(capf.datasets.denmark())
    np.testing.assert_array_equal(
        ds["co2e"].sel(scenario=["bau", "national_trend"]).values,
        bundled["co2e"].sel(scenario=["bau", "national_trend"]).values)
    assert "plan" in ds["scenario"].values


def test_runs_with_a_few_samples(plan, tmp_path):
    ds = capf.project(plan, samples=16, seed=1)
    assert ds.sizes["sample"] == 16 and ds.sizes["parameter"] >= 10
    table = capf.assess(ds, plan)
    assert table["probability"].between(0, 1).all()
    sd = ds["total_sd"].sel(year=2030)
    assert (sd > 0).all()  # every municipality and scenario is uncertain in 2030
    assert main(["run", str(PLAN), "--out", str(tmp_path), "--samples", "16", "--seed", "1",
                 "--quiet"]) == 0
    assert (tmp_path / "probabilities.csv").exists()


def test_base_year_sector_levels_are_held_once_and_equal_on_dask(plan, tmp_path):
    """No parameter reaches the base year: its sector levels are one broadcast row (memory
    that does not grow with the samples), with the numbers of the chunked run on dask and
    in the NetCDF file."""
    import xarray as xr

    ds = capf.project(plan, samples=30, seed=1)
    held = ds["sector_samples"].values
    assert held.strides[0] == 0 and held.strides[-1] == 0
    assert held.shape == (30, 98, 7, 1, 5)
    pytest.importorskip("dask.array")
    chunked = capf.project(plan, samples=30, seed=1, chunks={"municipality": 25}).compute()
    xr.testing.assert_identical(chunked, ds)
    capf.io.write_netcdf(ds, tmp_path / "mc.nc")
    with xr.open_dataset(tmp_path / "mc.nc") as back:
        np.testing.assert_array_equal(back["sector_samples"].values, held)
