"""Result tables (long format) and the files of ``capf run``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xarray as xr

from ..pathways import UNIT, by_sector
from .atomic import AtomicWriter

__all__ = ["emissions_by_sector", "write_results", "write_netcdf", "RESULT_FILES"]

RESULT_FILES = ("results.nc", "emissions_by_sector.csv", "targets.csv")


def emissions_by_sector(ds: xr.Dataset) -> pd.DataFrame:
    """Long table ``scenario, municipality, sector, year, value, unit`` (t CO2e/yr)."""
    da = by_sector(ds).transpose("scenario", "municipality", "sector", "year")
    df = da.to_dataframe(name="value").reset_index()
    df = df[["scenario", "municipality", "sector", "year", "value"]]
    df["unit"] = UNIT
    return df


def _netcdf_ready(ds: xr.Dataset) -> xr.Dataset:
    out = ds.copy()
    # netCDF has no bool type: store flags as int8 with a note
    for name in list(out.coords) + list(out.data_vars):
        if out[name].dtype == bool:
            out[name] = out[name].astype("int8")
            out[name].attrs["flag_meanings"] = "0: false, 1: true"
    return out


def write_netcdf(ds: xr.Dataset, path: str | Path) -> None:
    """Write a result to NetCDF-4 (h5netcdf)."""
    _netcdf_ready(ds).to_netcdf(path, engine="h5netcdf")


def write_results(out_dir: str | Path, ds: xr.Dataset, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Write ``results.nc`` and each table as ``<name>.csv`` into ``out_dir``, atomically."""
    out = Path(out_dir)
    with AtomicWriter(out) as w:
        w.write("results.nc", lambda p: write_netcdf(ds, p))
        for name, df in tables.items():
            w.write(f"{name}.csv", lambda p, df=df: df.to_csv(p, index=False, lineterminator="\n"))
    return [out / "results.nc"] + [out / f"{n}.csv" for n in tables]
