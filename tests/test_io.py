"""Exports: NetCDF round trip, IAMC (pyam), Excel."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import capf
from capf import io


@pytest.fixture(scope="module")
def result():
    plan = capf.datasets.denmark(municipalities=["540", "851", "340"])
    return plan, capf.project(plan)


def test_netcdf_round_trip_is_identical(tmp_path, result):
    _, ds = result
    io.write_netcdf(ds, tmp_path / "r.nc")
    with xr.open_dataset(tmp_path / "r.nc", engine="h5netcdf") as back:
        xr.testing.assert_identical(ds, back.load())
    q = ds.pint.quantify(unit_registry=capf.ureg)
    assert str(q.co2e.data.units) == "CO2e * metric_ton / year"


def test_iamc_table_adds_up(result):
    _, ds = result
    df = io.iamc_long(ds)
    assert {"Emissions|Kyoto Gases [AR5GWP100]", "Emissions|Kyoto Gases [AR5GWP100]|Energy"} <= \
        set(df.variable)
    assert set(df.region) == {"Sønderborg", "Aalborg", "Sorø"}
    kyoto = df[df.variable == "Emissions|Kyoto Gases [AR5GWP100]"].set_index(
        ["scenario", "region", "year"])["value"]
    expected = ds.co2e.sum("source").to_series() / 1000
    names = dict(zip(ds.municipality.values, ds.municipality_name.values, strict=True))
    expected.index = expected.index.set_levels(
        [names[m] for m in expected.index.levels[0]], level="municipality")
    for (m, year, scen), v in expected.items():
        assert kyoto[(scen, m, year)] == pytest.approx(v)


def test_pyam_check_aggregate(result):
    import importlib.util

    if importlib.util.find_spec("pyam") is None:
        pytest.skip("pyam is not installed")
    pyam = capf.io.import_pyam()  # with capf's own iam-units cache (pint issue #1572)
    _, ds = result
    d = capf.testing.example_plan_dict()
    d["inventory"].append({"municipality": "999", "source": "agriculture.other",
                           "emissions": {"CH4": "100 t/yr", "N2O": "5 t/yr",
                                         "F-gases": "1 kt CO2e/yr"}})
    for data in (ds, capf.project(capf.Plan.model_validate(d))):
        df = capf.io.to_iamc(data)
        assert isinstance(df, pyam.IamDataFrame)
        assert df.model == [f"capf {capf.__version__}"]
        parents = {v.split("|")[0] + "|" + v.split("|")[1] for v in df.variable
                   if v.count("|") == 2}
        assert parents
        for parent in parents:
            assert df.check_aggregate(parent) is None, parent


def test_excel_one_sheet_per_table(tmp_path, result):
    plan, ds = result
    tables = {"targets": capf.assess(ds, plan), "emissions_by_sector": io.emissions_by_sector(ds)}
    io.write_excel(tables, tmp_path / "r.xlsx")
    sheets = pd.read_excel(tmp_path / "r.xlsx", sheet_name=None)
    assert set(sheets) == {"targets", "emissions_by_sector"}
    assert len(sheets["targets"]) == len(tables["targets"])
    assert np.allclose(sheets["emissions_by_sector"]["value"],
                       tables["emissions_by_sector"]["value"])
