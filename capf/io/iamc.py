"""IAMC export: a result as a ``pyam.IamDataFrame`` (pyam is an optional extra).

Variables follow the IAMC template: ``Emissions|CO2``, ``Emissions|CH4``,
``Emissions|N2O``, ``Emissions|F-Gases`` (as CO2e) and
``Emissions|Kyoto Gases [<GWP set>]``, each with one child per sector
(``Emissions|CO2|Energy``, ``Emissions|Kyoto Gases [AR5GWP100]|Transport``…),
so every parent equals the sum of its children. Figures known only as CO2e
appear in the Kyoto-gas variables only. Values in kt per year; region = the
municipality's name; model = ``capf <version>``; scenario = the scenario.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pandas as pd
import xarray as xr

from ..sectors import SECTOR_RECORDS, get_sector
from ..units import gwp_values

__all__ = ["to_iamc", "iamc_long", "import_pyam", "iam_units_cache", "SECTOR_LABELS",
           "GAS_VARIABLES"]

#: capf sector -> its part of an IAMC variable name (``Emissions|CO2|<label>``), from each
#: sector's record (:attr:`capf.sectors.Sector.iamc`).
SECTOR_LABELS: dict[str, str] = {name: s.iamc for name, s in SECTOR_RECORDS.items()}
#: capf gas -> (IAMC variable, unit of the kt values)
GAS_VARIABLES = {
    "CO2": ("Emissions|CO2", "kt CO2/yr"),
    "CH4": ("Emissions|CH4", "kt CH4/yr"),
    "N2O": ("Emissions|N2O", "kt N2O/yr"),
    "F-gases": ("Emissions|F-Gases", "kt CO2e/yr"),
}


def _iamc(sector) -> str:
    """The IAMC name of a sector, from its record (:func:`capf.sectors.get_sector`)."""
    return get_sector(str(sector)).iamc


def iamc_long(ds: xr.Dataset) -> pd.DataFrame:
    """The IAMC table as a long DataFrame (model, scenario, region, variable, unit, year, value).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` with ``emissions`` (t of each gas per year) and a
        ``sector`` coordinate on ``source``.

    Returns
    -------
    pandas.DataFrame
        Columns ``model`` (``capf <version>``), ``scenario``, ``region`` (the
        municipality's name), ``variable`` (``Emissions|<gas>`` and one child per sector,
        named by the sector's record, :attr:`capf.sectors.Sector.iamc`), ``unit`` (kt of
        the gas per year, ``kt CO2e/yr`` for Kyoto gases under the result's GWP set),
        ``year`` and ``value``. Needs no pyam.

    Examples
    --------
    >>> import capf
    >>> df = iamc_long(capf.project(capf.testing.example_plan()))
    >>> row = df[(df.variable == "Emissions|Kyoto Gases [AR5GWP100]|Lowland Soils")
    ...          & (df.year == 2030) & (df.scenario == "plan")].iloc[0]
    >>> row["unit"], round(float(row["value"]), 3)
    ('kt CO2e/yr', 28.696)
    """
    from .._version import __version__

    gwp_set = ds.attrs.get("gwp_context", "AR5GWP100")
    names = dict(zip(ds["municipality"].values, ds["municipality_name"].values, strict=True))
    by_gas = ds["emissions"].groupby("sector").sum("source") / 1000.0  # kt
    frames = []

    def add(da: xr.DataArray, variable: str, unit: str) -> None:
        df = da.transpose("scenario", "municipality", "year").to_dataframe("value").reset_index()
        df["variable"], df["unit"] = variable, unit
        frames.append(df[["scenario", "municipality", "variable", "unit", "year", "value"]])

    for gas, (var, unit) in GAS_VARIABLES.items():
        if gas not in by_gas["gas"].values:
            continue
        g = by_gas.sel(gas=gas, drop=True)
        add(g.sum("sector"), var, unit)
        for sector in g["sector"].values:
            add(g.sel(sector=sector, drop=True), f"{var}|{_iamc(sector)}", unit)
    gwp = gwp_values(gwp_set)
    w = xr.DataArray([gwp[str(x)] for x in by_gas["gas"].values], dims="gas",
                     coords={"gas": by_gas["gas"].values})
    kyoto = (by_gas * w).sum("gas")
    var = f"Emissions|Kyoto Gases [{gwp_set}]"
    add(kyoto.sum("sector"), var, "kt CO2e/yr")
    for sector in kyoto["sector"].values:
        add(kyoto.sel(sector=sector, drop=True), f"{var}|{_iamc(sector)}",
            "kt CO2e/yr")
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "model", f"capf {__version__}")
    out.insert(2, "region", out.pop("municipality").map(lambda c: str(names.get(c, c))))
    out["year"] = out["year"].astype(int)
    return out


def to_iamc(ds: xr.Dataset):
    """A result as a ``pyam.IamDataFrame`` (needs the optional extra ``capf[iamc]``).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (t of each gas per year in ``emissions``).

    Returns
    -------
    pyam.IamDataFrame
        The table of :func:`iamc_long` (values in kt per year).

    Examples
    --------
    >>> import capf
    >>> df = capf.io.to_iamc(capf.project(capf.testing.example_plan()))  # doctest: +SKIP
    >>> df.check_aggregate("Emissions|CO2") is None  # doctest: +SKIP
    True
    """
    return import_pyam().IamDataFrame(iamc_long(ds))


def iam_units_cache() -> Path:
    """The folder capf gives iam-units (pyam's unit registry) for its pint definitions cache.

    One folder per Python environment (``sys.prefix``), under the user's cache
    folder: iam-units' own default (``~/.cache/iam-units``) is shared by every
    environment, and pint's cache there holds absolute paths into the environment
    that wrote it, so ``import pyam`` fails once that environment is deleted
    (pint issue #1572). ``IAM_UNITS_CACHE``, when set, is left as it is.

    Parameters
    ----------
    None
        The folder depends on ``XDG_CACHE_HOME`` (or the home folder) and ``sys.prefix``.

    Returns
    -------
    pathlib.Path
        ``<cache>/capf/iam-units/<16 hex digits of the environment>`` (not created here).

    Examples
    --------
    >>> p = iam_units_cache()
    >>> p.parent.parts[-2:], len(p.name)
    (('capf', 'iam-units'), 16)
    """
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    env = hashlib.sha256(sys.prefix.encode()).hexdigest()[:16]
    return root / "capf" / "iam-units" / env


def import_pyam():
    """``import pyam`` with iam-units' cache in :func:`iam_units_cache`.

    Parameters
    ----------
    None
        ``IAM_UNITS_CACHE``, when set, is left as it is; otherwise it is set to
        :func:`iam_units_cache` before pyam is first imported.

    Returns
    -------
    module
        The ``pyam`` module.

    Raises
    ------
    ImportError
        A clear one when pyam is missing (install ``capf[iamc]``) or fails to import
        (naming the unit cache to delete).

    Examples
    --------
    >>> pyam = import_pyam()  # doctest: +SKIP
    >>> hasattr(pyam, "IamDataFrame")  # doctest: +SKIP
    True
    """
    if "pyam" not in sys.modules and not os.environ.get("IAM_UNITS_CACHE"):
        os.environ["IAM_UNITS_CACHE"] = str(iam_units_cache())
    try:
        import pyam
    except ImportError as exc:
        if exc.name == "pyam":
            raise ImportError("capf.io.to_iamc needs pyam: pip install 'capf[iamc]' (iamc.csv "
                              "from `capf run --iamc` and capf.io.iamc_long need no pyam)") from exc
        raise _import_failed(exc) from exc
    except Exception as exc:  # a broken unit cache, a mismatched dependency...
        raise _import_failed(exc) from exc
    return pyam


def _import_failed(exc: BaseException) -> ImportError:
    cache = os.environ.get("IAM_UNITS_CACHE", "")
    return ImportError(f"pyam is installed but failed to import ({type(exc).__name__}: {exc}). "
                       f"A stale unit cache of iam-units is a known cause (pint issue #1572): "
                       f"delete {cache or '~/.cache/iam-units'} or point IAM_UNITS_CACHE at an "
                       f"empty folder. capf.io.iamc_long (and `capf run --iamc`) need no pyam.")
