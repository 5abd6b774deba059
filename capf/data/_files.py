"""Where the bundled data files are, and the cached reading of them."""

from __future__ import annotations

import functools
import importlib.resources
from importlib.resources.abc import Traversable

import pandas as pd

__all__ = ["data_path"]

_PACKAGE = "capf.data"

_MUNICIPALITIES = "dk_municipalities_master_98.csv"
_TOTAL_2023 = "dk_municipality_co2e_per_capita_2023_klimaregnskabet.csv"
_SECTOR_2023 = "dk_municipality_sector_per_capita_2023_klimaregnskabet.csv"
_SERIES = "dk_municipality_co2e_per_capita_2018_2024_klimaregnskabet.csv"
_EDGAR = "dnk_ghg_by_sector_1990_2023_unep_egr2024_edgar.csv"
_TIMES = "dk_times_dk_scenarios_2015_2050_ghg_klimaaftalen_tokni_dtu_FP_KP.csv"
_BR18 = "ef_electricity_districtheat_gas_br18_bilag2_tabel8.csv"
_HB2016 = "ef_fuels_energy_carriers_hb2016_energikonsulenter.csv"
_SEGES = "ef_organic_soils_seges_esgtool.csv"
_HEADLINES = "dk_national_ghg_headlines_from_public_pages.csv"
_TONNES = "dk_municipality_ghg_tonnes_by_sector_2018_2023_klimaregnskab.csv"
_KF25 = "dk_kf25_crf_national_1990_2050_ar5.csv"
_KF25_ORGANIC = "dk_kf25_lulucf_organic_soils_1990_2050.csv"
_LOWLAND_KEY = "dk_municipality_lowland_projects_mars_ha.csv"
_LOWLAND_STATUS = "dk_municipality_lowland_projects_mars_ha_by_status.csv"


def data_path(name: str) -> Traversable:
    """Locate a bundled data file.

    Parameters
    ----------
    name : str
        File name, e.g. ``"dk_municipalities_master_98.csv"``.

    Returns
    -------
    importlib.resources.abc.Traversable
        Path-like handle (a :class:`pathlib.Path` for a normal install); use
        ``.open()`` or ``.read_text()`` on it.

    Raises
    ------
    FileNotFoundError
        If no bundled file has that name; the message lists the available files.

    Examples
    --------
    >>> from capf.data import data_path
    >>> data_path("dk_municipalities_master_98.csv").name
    'dk_municipalities_master_98.csv'
    """
    root = importlib.resources.files(_PACKAGE)
    path = root.joinpath(name)
    if not path.is_file():
        available = sorted(p.name for p in root.iterdir() if p.name.endswith((".csv", ".md")))
        raise FileNotFoundError(
            f"no bundled data file {name!r}; available: {', '.join(available)}")
    return path


@functools.cache
def _read(name: str) -> pd.DataFrame:
    with data_path(name).open("rb") as f:
        return pd.read_csv(f)


def _codes(values: pd.Series) -> pd.Series:
    """DST municipality codes as 3-digit strings ("101")."""
    return values.astype(int).astype(str).str.zfill(3)
