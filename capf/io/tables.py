"""Result tables (long format) and the files of ``capf run``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xarray as xr

from ..pathways import UNIT, by_sector
from .atomic import AtomicWriter

__all__ = ["emissions_by_sector", "write_results", "write_netcdf", "manifest", "RESULT_FILES"]

RESULT_FILES = ("results.nc", "emissions_by_sector.csv", "targets.csv")


def emissions_by_sector(ds: xr.Dataset) -> pd.DataFrame:
    """Long table ``scenario, municipality, sector, year, value, unit`` (t CO2e/yr)."""
    da = by_sector(ds).transpose("scenario", "municipality", "sector", "year")
    df = da.to_dataframe(name="value").reset_index()
    df = df[["scenario", "municipality", "sector", "year", "value"]]
    df["unit"] = UNIT
    return df


def write_netcdf(ds: xr.Dataset, path: str | Path) -> None:
    """Write a result to NetCDF-4 (h5netcdf); ``xarray.open_dataset`` reads it back identical.

    Boolean coordinates are stored by xarray's CF encoding (int8 with a dtype
    attribute) and decoded back to bool.
    """
    import sys

    if "dask" in sys.modules or any(v.chunks is not None for v in ds.variables.values()):
        ds.to_netcdf(path, engine="h5netcdf")
        return
    # No dask array and dask not imported, so no dask scheduler can be active:
    # to_netcdf would import dask and dask.distributed only to find that out (about
    # as long as importing xarray). The same store and encoding, without that look-up.
    # (the lock xarray takes without a scheduler: HDF5's and one for this new file)
    import threading

    from xarray.backends import H5NetCDFStore
    from xarray.backends.locks import HDF5_LOCK, combine_locks

    store = H5NetCDFStore.open(str(path), mode="w",
                               lock=combine_locks([HDF5_LOCK, threading.Lock()]))
    try:
        ds.dump_to_store(store)
    finally:
        store.close()


def write_results(out_dir: str | Path, ds: xr.Dataset, tables: dict[str, pd.DataFrame],
                  manifest: dict | None = None, *, extra: dict | None = None) -> list[Path]:
    """Write ``results.nc``, each table as ``<name>.csv`` and ``manifest.json``, atomically.

    Every file is written to a temporary name in ``out_dir`` and renamed only when
    all are complete. The manifest records what the caller gives (inputs and
    their hashes, options) and the SHA-256 of every output file. ``extra`` maps
    further file names to writer functions ``f(path)``.
    """
    import json

    out = Path(out_dir)
    with AtomicWriter(out) as w:
        w.write("results.nc", lambda p: write_netcdf(ds, p))
        for name, df in tables.items():
            w.write(f"{name}.csv", lambda p, df=df: df.to_csv(p, index=False, lineterminator="\n"))
        for name, writer in (extra or {}).items():
            w.write(name, writer)
        if manifest is not None:
            doc = dict(manifest)
            doc["outputs"] = w.digests()
            text = json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True, default=str)
            w.write("manifest.json", lambda p: p.write_text(text + "\n", encoding="utf-8"))
    names = ["results.nc"] + [f"{n}.csv" for n in tables] + list(extra or {})
    return [out / n for n in names + (["manifest.json"] if manifest is not None else [])]


def manifest(plan_files: list[str | Path] | None, *, gwp: str, options: dict) -> dict:
    """What a run needs to be traced and reproduced: inputs' hashes, versions, options."""
    import datetime
    import hashlib
    import platform
    from importlib.metadata import PackageNotFoundError, version

    def sha(p: Path) -> str:
        return hashlib.sha256(p.read_bytes()).hexdigest()

    inputs = []
    for f in plan_files or []:
        p = Path(f)
        inputs.append({"path": str(p), "sha256": sha(p), "bytes": p.stat().st_size})
    if not plan_files:  # the bundled data
        from .. import data

        root = Path(str(data.data_path("PROVENANCE.md"))).parent
        inputs = [{"path": f"capf/data/{p.name}", "sha256": sha(p), "bytes": p.stat().st_size}
                  for p in sorted(root.glob("*.csv"))]
    versions = {}
    for pkg in ("capf", "numpy", "scipy", "pandas", "xarray", "pint", "pydantic", "h5netcdf"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:  # pragma: no cover
            versions[pkg] = "unknown"
    return {
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "capf_version": versions["capf"],
        "versions": versions,
        "python": platform.python_version(),
        "gwp": gwp,
        "seed": options.get("seed"),
        "options": options,
        "inputs": inputs,
    }
