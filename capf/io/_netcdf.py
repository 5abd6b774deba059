"""A result written to NetCDF-4 through h5netcdf directly: the file xarray writes, faster.

:func:`capf.io.tables.write_netcdf` calls :func:`write_plain` for a result held in memory
(numpy arrays of numbers, booleans or text, no encoding set). It makes the calls xarray's
h5netcdf store makes (same dimensions, variables, attributes and order, so the same bytes;
``tests/test_io_netcdf.py`` compares them), with two differences:

- xarray's string coders re-wrap each text variable in an :class:`xarray.Variable`,
  which asks whether the data is a dask array and so imports ``dask.array`` (and scipy
  with it, ~0.4 s) when dask is installed; here no variable is built;
- each array is handed to h5py C-contiguous: the projection's arrays are views in the
  engine's axis order, and h5py writes a strided array element group by element group
  (~0.35 s for the bundled plan's 19 MB of wedges, ~10 ms contiguous).

Anything else (dask arrays, dates, encodings, CF attributes xarray acts on) returns False,
and the caller writes with xarray.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

__all__ = ["write_plain"]

#: A strided array larger than this is written in slabs along its first axis, each made
#: contiguous on its own, so writing never copies it whole (a Monte-Carlo result's
#: ``sector_samples`` is a broadcast view of ~260 MiB at 10,000 samples of the bundled plan).
SLAB_BYTES = 32 * 2**20

#: attributes xarray's encoders read or write: a variable carrying one goes through xarray
_CF_ATTRS = frozenset({
    "_FillValue", "missing_value", "scale_factor", "add_offset", "_Unsigned", "_Encoding",
    "dtype", "coordinates", "calendar", "bounds", "grid_mapping", "climatology", "geometry",
    "node_coordinates", "node_count", "part_node_count", "interior_ring", "cell_measures",
    "formula_terms"})


def _plain(ds: xr.Dataset) -> dict[str, np.ndarray] | None:
    """The data of every variable, or None when one needs xarray's encoding."""
    if "coordinates" in ds.attrs:
        return None
    out = {}
    non_dim = set(ds.coords) - set(ds.dims)
    for name, v in ds.variables.items():
        if (not isinstance(name, str) or "/" in name or (name in non_dim and " " in name)
                or v.encoding or _CF_ATTRS.intersection(v.attrs)
                or any(not isinstance(d, str) or "/" in d for d in v.dims)):
            return None
        data = v.data  # an index coordinate's values, or the variable's array
        if type(data) is not np.ndarray or data.dtype.kind not in "fiubU" or not v.dims:
            return None
        out[name] = data
    return out


def write_plain(ds: xr.Dataset, path: str | Path) -> bool:
    """Write ``ds`` as xarray's ``to_netcdf(path, engine="h5netcdf")`` would, if it is plain.

    Parameters
    ----------
    ds : xarray.Dataset
        A result held in memory.
    path : str or pathlib.Path
        The file to write (overwritten).

    Returns
    -------
    bool
        True when written; False (nothing written) when ``ds`` needs xarray's encoders.

    Examples
    --------
    >>> import tempfile, pathlib, xarray as xr, capf
    >>> ds = capf.project(capf.testing.example_plan())
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "results.nc"
    >>> write_plain(ds, path), write_plain(ds.chunk(), path)
    (True, False)
    >>> with xr.open_dataset(path, engine="h5netcdf") as back:
    ...     bool(back.identical(ds))
    True
    """
    if any(v.chunks is not None for v in ds.variables.values()):
        return False
    data = _plain(ds)
    if data is None:
        return False
    import h5netcdf
    import h5py  # type: ignore[import-untyped]
    from packaging.version import Version
    from xarray.backends.locks import HDF5_LOCK
    from xarray.conventions import encode_dataset_coordinates

    # the "coordinates" attributes xarray writes (shallow copies: no data touched)
    variables, attrs = encode_dataset_coordinates(ds)
    kwargs: dict = {"invalid_netcdf": None, "decode_vlen_strings": True, "driver": None}
    if Version(h5netcdf.__version__) > Version("1.6.4"):
        kwargs["format"] = "NETCDF4"
    with HDF5_LOCK, h5netcdf.File(str(path), mode="w", **kwargs) as f:
        for key, value in attrs.items():
            f.attrs[key] = value
        sizes: dict = {}
        for v in variables.values():
            sizes |= v.sizes
        for dim, length in sizes.items():
            f.dimensions[dim] = length
        for name, v in variables.items():
            values, var_attrs = data[name], dict(v.attrs)
            fillvalue = None
            if values.dtype.kind == "f":
                fillvalue = values.dtype.type(np.nan)  # xarray's default _FillValue
            elif values.dtype.kind == "b":
                var_attrs["dtype"] = "bool"
                values = values.astype("i1")
            dtype = h5py.special_dtype(vlen=str) if values.dtype.kind == "U" else values.dtype
            var = f.create_variable(name, dimensions=v.dims, dtype=dtype, fillvalue=fillvalue,
                                    chunks=None)
            for key, value in var_attrs.items():
                var.attrs[key] = value
            _put(var, values)
    return True


def _put(var, values: np.ndarray) -> None:
    """``var[...] = values``, C-contiguous; a large strided array slab by slab (the same
    bytes in the file: h5py writes each slab where the whole would go)."""
    if values.flags.c_contiguous or values.nbytes <= SLAB_BYTES or values.ndim == 0 \
            or values.shape[0] < 2:
        var[...] = np.ascontiguousarray(values)
        return
    step = max(1, int(values.shape[0] * SLAB_BYTES // values.nbytes))
    for i in range(0, values.shape[0], step):
        var[i:i + step] = np.ascontiguousarray(values[i:i + step])
