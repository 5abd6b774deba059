"""results.nc written through h5netcdf directly (capf/io/_netcdf.py): xarray's bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import capf
from capf.io._netcdf import write_plain
from capf.io.tables import _write_store, write_netcdf

ROOT = Path(__file__).resolve().parents[1]


def _xarray_bytes(ds: xr.Dataset, path) -> bytes:
    """The file xarray's h5netcdf store writes (what write_netcdf wrote before)."""
    _write_store(ds, path)
    return path.read_bytes()


def _variants() -> dict[str, xr.Dataset]:
    ds = capf.project(capf.testing.example_plan())
    extra = ds.copy()
    extra.attrs.update({"an_int": 3, "a_float": 1.5, "a_list": [1, 2]})
    extra["co2e"].attrs["note"] = "ø and ü"
    extra = extra.assign_coords(flag=("scenario", np.ones(extra.sizes["scenario"], bool)),
                                label=("scenario", [f"s{i}" for i in
                                                    range(extra.sizes["scenario"])]))
    extra["f32"] = extra["co2e"].astype("float32")
    extra["i32"] = extra["co2e"].fillna(0).astype("int32")
    extra["u8"] = extra["co2e"].fillna(0).clip(0, 200).astype("uint8")
    extra["text"] = ("municipality", np.array(["x"] * extra.sizes["municipality"]))
    transposed = ds.transpose(*reversed(list(ds.dims)))  # strided arrays
    samples = capf.project(capf.load_plan(ROOT / "scenarios/examples/rewetting_and_heat_pumps.toml"),
                           samples=3, seed=1)
    return {"example": ds, "extra": extra, "transposed": transposed, "samples": samples}


@pytest.mark.parametrize("name", ["example", "extra", "transposed", "samples"])
def test_same_bytes_as_xarray(name, tmp_path):
    ds = _variants()[name]
    assert write_plain(ds, tmp_path / "plain.nc")
    assert (tmp_path / "plain.nc").read_bytes() == _xarray_bytes(ds, tmp_path / "xr.nc")
    with xr.open_dataset(tmp_path / "plain.nc", engine="h5netcdf") as back:
        assert back.load().identical(ds)


def test_bundled_plan_same_bytes(tmp_path):
    ds = capf.project(capf.datasets.denmark(municipalities=["101", "340", "851"]))
    write_netcdf(ds, tmp_path / "a.nc")
    assert (tmp_path / "a.nc").read_bytes() == _xarray_bytes(ds, tmp_path / "b.nc")


@pytest.mark.parametrize("change", ["encoding", "fill_attr", "datetime", "object", "scalar",
                                    "global_coordinates", "slash"])
def test_falls_back_to_xarray(change, tmp_path):
    ds = capf.project(capf.testing.example_plan())
    if change == "encoding":
        ds["co2e"].encoding = {"zlib": True, "complevel": 4}
    elif change == "fill_attr":
        ds["co2e"].attrs["_FillValue"] = -1.0
    elif change == "datetime":
        ds["when"] = ("year", np.array(["2020-01-01"] * ds.sizes["year"], "datetime64[ns]"))
    elif change == "object":
        ds["obj"] = ("year", np.array(["a"] * ds.sizes["year"], dtype=object))
    elif change == "scalar":
        ds["one"] = ((), 1.0)
    elif change == "global_coordinates":
        ds.attrs["coordinates"] = "x"
    else:
        ds = ds.rename({"co2e": "co2e/x"})
    assert not write_plain(ds, tmp_path / "x.nc")
    assert not (tmp_path / "x.nc").exists()
    if change != "slash":  # xarray refuses names with "/"
        write_netcdf(ds, tmp_path / "y.nc")
        assert (tmp_path / "y.nc").read_bytes() == _xarray_bytes(ds, tmp_path / "z.nc")


def test_no_dask_import(tmp_path):
    """Writing a result in memory imports no dask.array (xarray's string coders would)."""
    code = ("import sys, capf\n"
            "from capf.io.tables import write_netcdf\n"
            "ds = capf.project(capf.testing.example_plan())\n"
            "before = 'dask.array' in sys.modules\n"
            f"write_netcdf(ds, {str(tmp_path / 'r.nc')!r})\n"
            "print(before, 'dask.array' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_large_strided_arrays_in_slabs_same_bytes(tmp_path, monkeypatch):
    """A strided array above SLAB_BYTES is written slab by slab along its first axis (never
    copied whole): the file is byte for byte the one xarray writes."""
    import h5netcdf

    from capf.io import _netcdf

    ds = _variants()["transposed"]
    monkeypatch.setattr(_netcdf, "SLAB_BYTES", 64)  # every strided variable in slabs
    keys = []
    setitem = h5netcdf.Variable.__setitem__

    def spy(self, key, value):
        keys.append(key)
        return setitem(self, key, value)

    monkeypatch.setattr(h5netcdf.Variable, "__setitem__", spy)
    assert write_plain(ds, tmp_path / "plain.nc")
    monkeypatch.setattr(h5netcdf.Variable, "__setitem__", setitem)
    assert sum(isinstance(k, slice) for k in keys) > 1  # written in slabs
    assert (tmp_path / "plain.nc").read_bytes() == _xarray_bytes(ds, tmp_path / "xr.nc")
