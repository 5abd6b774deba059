"""Result tables (long format) and the files of ``capf run``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from ..assess import UNIT, by_sector
from ._csv import factorize_text
from .transaction import OutputTransaction

__all__ = [
    "RESULT_FILES",
    "emissions_by_sector",
    "manifest",
    "spreadsheet_safe",
    "stage_results",
    "write_csv",
    "write_netcdf",
    "write_results",
]

RESULT_FILES = ("results.nc", "emissions_by_sector.csv", "targets.csv")


def emissions_by_sector(ds: xr.Dataset) -> pd.DataFrame:
    """Long table ``scenario, municipality, sector, year, value, unit`` (t CO2e/yr).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (``co2e`` in t CO2e/yr).

    Returns
    -------
    pandas.DataFrame
        One row per scenario × municipality × sector × year; ``value`` in t CO2e/yr,
        ``unit`` naming it (what ``emissions_by_sector.csv`` holds).

    Examples
    --------
    >>> import capf
    >>> df = emissions_by_sector(capf.project(capf.testing.example_plan()))
    >>> list(df.columns), df["unit"].iloc[0]
    (['scenario', 'municipality', 'sector', 'year', 'value', 'unit'], 't CO2e/yr')
    """
    da = by_sector(ds)
    order = ("scenario", "municipality", "sector", "year")
    if type(da.data) is not np.ndarray:  # a dask array: xarray's table
        df = da.transpose(*order).to_dataframe(name="value").reset_index()
        df = df[list(order) + ["value"]]
        df["unit"] = UNIT
        return df
    # the table xarray's to_dataframe makes, from the array (the last label varies fastest)
    values = np.transpose(da.data, [da.dims.index(d) for d in order])
    labels = [da.indexes[d] for d in order]
    index = pd.MultiIndex.from_product(labels, names=list(order))
    df = pd.DataFrame({"value": values.reshape(-1)}, index=index).reset_index()
    df["unit"] = UNIT
    return df


def write_netcdf(ds: xr.Dataset, path: str | Path) -> None:
    """Write a result to NetCDF-4 (h5netcdf); ``xarray.open_dataset`` reads it back identical.

    Boolean coordinates are stored by xarray's CF encoding (int8 with a dtype
    attribute) and decoded back to bool.

    Parameters
    ----------
    ds : xarray.Dataset
        A result (units in each variable's ``attrs["units"]``, kept as written).
    path : str or pathlib.Path
        The file to write (overwritten).

    Examples
    --------
    >>> import tempfile, pathlib, xarray as xr, capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "results.nc"
    >>> write_netcdf(ds, path)
    >>> with xr.open_dataset(path, engine="h5netcdf") as back:
    ...     bool(back["co2e"].equals(ds["co2e"]))
    True
    """
    import sys

    from ._netcdf import write_plain

    if write_plain(ds, path):  # a result in memory: xarray's file, without its overheads
        return
    if "distributed" in sys.modules or any(v.chunks is not None for v in ds.variables.values()):
        ds.to_netcdf(path, engine="h5netcdf")
        return
    # No dask array and dask.distributed not imported, so no distributed scheduler can be
    # active: to_netcdf would import dask.distributed only to find that out (about as long
    # as importing xarray). The same store and encoding, without that look-up.
    _write_store(ds, path)


def _write_store(ds: xr.Dataset, path: str | Path) -> None:
    """``ds`` written by xarray's h5netcdf store, as ``to_netcdf`` does without a dask
    scheduler (the lock it takes then: HDF5's and one for this new file)."""
    import threading

    from xarray.backends import H5NetCDFStore
    from xarray.backends.locks import HDF5_LOCK, combine_locks

    store = H5NetCDFStore.open(str(path), mode="w",
                               lock=combine_locks([HDF5_LOCK, threading.Lock()]))
    try:
        ds.dump_to_store(store)
    finally:
        store.close()


#: first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _escape_column(s: pd.Series) -> pd.Series:
    """``s.map(_escape, na_action="ignore")``; a column of text (object strings or a string
    dtype, pandas 3's default) escapes each distinct value once (a result table repeats a
    few names over thousands of rows) and is returned as it is when no value changes."""
    text = s.dtype != object or pd.api.types.infer_dtype(s, skipna=True) == "string"
    if not text:
        return s.map(_escape, na_action="ignore")
    found = factorize_text(s)
    if found is None:  # pandas could not tell the texts apart: each on its own
        return s.map(_escape, na_action="ignore")
    codes, uniques = found
    escaped = [_escape(u) for u in uniques]
    if escaped == uniques:
        return s.copy()
    values = np.asarray(escaped + [None], dtype=object)[codes]  # -1 (missing): refilled
    missing = codes < 0
    values[missing] = s.to_numpy(dtype=object)[missing]
    return pd.Series(values, index=s.index, name=s.name, dtype=s.dtype)


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell that starts with ``= + - @``, tab or CR prefixed by ``'``.

    OWASP's advice against CSV injection: a spreadsheet then shows the text
    instead of evaluating it. Only text cells change; numbers (negative ones
    too) stay numbers. Column names are escaped the same way.

    Parameters
    ----------
    df : pandas.DataFrame
        Any table (values in their own units; unchanged).

    Returns
    -------
    pandas.DataFrame
        A shallow copy with the text cells escaped.

    Examples
    --------
    >>> import pandas as pd
    >>> spreadsheet_safe(pd.DataFrame({"name": ["=1+1", "ok"], "value": [-1.5, 2.0]}))
        name  value
    0  '=1+1   -1.5
    1     ok    2.0
    """
    out = df.copy(deep=False)
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            out[col] = _escape_column(s)
    out.columns = [_escape(c) for c in out.columns]
    return out


def write_csv(df: pd.DataFrame, path: str | Path) -> None:
    """Write a result table as CSV (no index, ``\\n`` line ends), spreadsheet-safe.

    Parameters
    ----------
    df : pandas.DataFrame
        The table (values in the units its columns name; written as they are).
    path : str or pathlib.Path
        The file to write (overwritten).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_csv(pd.DataFrame({"name": ["@x"], "value": [1.0]}), path)
    >>> path.read_text()
    "name,value\\n'@x,1.0\\n"
    """
    from ._csv import csv_text

    # the text of spreadsheet_safe(df) as pandas writes it, each distinct text escaped once
    # (None: a table csv_text leaves to pandas)
    text = csv_text(df, escape=_escape)
    if text is None:
        safe = spreadsheet_safe(df)
        text = csv_text(safe)
        if text is None:
            safe.to_csv(path, index=False, lineterminator="\n")
            return
    Path(path).write_text(text, encoding="utf-8", newline="")


def stage_results(tx: OutputTransaction, ds: xr.Dataset, tables: dict[str, pd.DataFrame],
                  manifest: dict | None = None, *, extra: dict | None = None,
                  folder: str = "") -> list[str]:
    """Write one run's files into an open :class:`OutputTransaction` (in ``folder``).

    ``results.nc``, each table as ``<name>.csv`` (:func:`write_csv`), the ``extra``
    files (file name -> writer ``f(path)``) and last ``manifest.json`` with the
    SHA-256 of every other file. Returns the names written, relative to the
    transaction's folder.

    Parameters
    ----------
    tx : OutputTransaction
        An open transaction.
    ds : xarray.Dataset
        The projection (written as ``results.nc``).
    tables : dict of str to pandas.DataFrame
        Tables by file name without ``.csv``.
    manifest : dict, optional
        What ``manifest.json`` records (:func:`manifest`); None writes none.
    extra : dict of str to callable, optional
        Further files: name -> writer ``f(path)``.
    folder : str, default ""
        The sub-folder of the transaction's folder ("" = its top).

    Examples
    --------
    >>> import tempfile, pathlib, capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> with OutputTransaction(pathlib.Path(tempfile.mkdtemp()) / "out") as tx:
    ...     stage_results(tx, ds, {"targets": capf.assess(ds, capf.testing.example_plan())},
    ...                   {"seed": None}, folder="a")
    ['a/results.nc', 'a/targets.csv', 'a/manifest.json']
    """
    import json

    prefix = f"{folder}/" if folder else ""
    names = []

    def put(name, writer):
        tx.write(prefix + name, writer)
        names.append(prefix + name)

    put("results.nc", lambda p: write_netcdf(ds, p))
    for name, df in tables.items():
        put(f"{name}.csv", lambda p, df=df: write_csv(df, p))
    for name, writer in (extra or {}).items():
        put(name, writer)
    if manifest is not None:
        doc = dict(manifest)
        doc["outputs"] = tx.digests(folder)
        text = json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True, default=str)
        put("manifest.json", lambda p: p.write_text(text + "\n", encoding="utf-8"))
    return names


def write_results(out_dir: str | Path, ds: xr.Dataset, tables: dict[str, pd.DataFrame],
                  manifest: dict | None = None, *, extra: dict | None = None) -> list[Path]:
    """Write ``results.nc``, each table as ``<name>.csv`` and ``manifest.json`` as one folder.

    The files are written into a fresh folder beside ``out_dir`` that then replaces
    ``out_dir`` as a whole (:class:`~capf.io.transaction.OutputTransaction`): an
    error leaves ``out_dir`` as it was, and files of an earlier run that this one
    does not write are gone. The manifest records what the caller gives (inputs
    and their hashes, options) and the SHA-256 of every output file. ``extra``
    maps further file names to writer functions ``f(path)``. (:meth:`capf.Results.write`
    writes what ``capf run`` writes.)

    Parameters
    ----------
    out_dir : str or pathlib.Path
        The output folder (new, empty, or one capf wrote).
    ds : xarray.Dataset
        The projection (``results.nc``).
    tables : dict of str to pandas.DataFrame
        Tables by file name without ``.csv``.
    manifest : dict, optional
        What ``manifest.json`` records (:func:`manifest`); None writes none.
    extra : dict of str to callable, optional
        Further files: name -> writer ``f(path)``.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import tempfile, pathlib, capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> [p.name for p in write_results(out, ds, {}, {"seed": None})]
    ['results.nc', 'manifest.json']
    """
    with OutputTransaction(out_dir) as tx:
        names = stage_results(tx, ds, tables, manifest, extra=extra)
    return [Path(out_dir) / n for n in names]


#: the packages whose versions a run's manifest records
MANIFEST_PACKAGES = ("capf", "numpy", "scipy", "pandas", "xarray", "pint", "pydantic", "h5netcdf")


def manifest(plan_files: list[str | Path] | None, *, gwp: str, options: dict) -> dict:
    """What a run needs to be traced and reproduced: inputs' hashes, versions, options.

    Nothing that varies with the clock or the machine (no creation time, no output
    path), so the same plan, version and seed give the same manifest byte for byte.

    Parameters
    ----------
    plan_files : list of str or pathlib.Path, optional
        The plan files read (their size in bytes and SHA-256 are recorded); None or empty:
        the bundled data files.
    gwp : str
        The GWP set of the run (e.g. ``"AR5GWP100"``).
    options : dict
        The run's options (``seed`` among them), recorded as given.

    Returns
    -------
    dict
        ``capf_version``, ``versions``, ``python``, ``gwp``, ``seed``, ``options``,
        ``inputs``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> plan_file = pathlib.Path(tempfile.mkdtemp()) / "plan.toml"
    >>> _ = plan_file.write_text("[plan]\\n")
    >>> m = manifest([plan_file], gwp="AR5GWP100", options={"seed": 1})
    >>> m["seed"], m["inputs"][0]["bytes"], m["inputs"][0]["sha256"][:8]
    (1, 7, 'b3814128')
    """
    import hashlib
    import platform
    import sys
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
    for pkg in MANIFEST_PACKAGES:
        # an imported package's own __version__ (its metadata's, which importlib.metadata
        # would find by reading and parsing its METADATA file: ~1-3 ms each, ~10 ms in all)
        known = getattr(sys.modules.get(pkg), "__version__", None)
        if isinstance(known, str):
            versions[pkg] = known
            continue
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:  # pragma: no cover
            versions[pkg] = "unknown"
    return {
        "capf_version": versions["capf"],
        "versions": versions,
        "python": platform.python_version(),
        "gwp": gwp,
        "seed": options.get("seed"),
        "options": options,
        "inputs": inputs,
    }
