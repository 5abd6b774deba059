"""The bundled national data: EDGAR sector series, TIMES-DK projections, KF25 (history and
projection by CRF code) and headline figures."""

from __future__ import annotations

import pandas as pd

from ._files import _EDGAR, _HEADLINES, _KF25, _KF25_ORGANIC, _TIMES, _read

__all__ = ["national_sector_series", "national_sector_index", "NATIONAL_SECTOR_MAP", "times_dk",
           "headlines", "kf25_crf", "kf25_sector_series", "kf25_organic_soils"]

#: Energi- og CO2-regnskab categories (plus capf's derived ``remainder``) ->
#: EDGAR ``sector_lv2`` names of :func:`national_sector_series` used to
#: back-cast them. The regnskab's "Energi" sector covers power, heat, individual
#: (building) heating and industrial energy use, hence power + industry +
#: buildings + fuel production; the remainder (total minus agriculture, energy
#: and transport) holds landfill, chemical processes and wastewater, hence
#: industrial processes + waste & other.
NATIONAL_SECTOR_MAP: dict[str, tuple[str, ...]] = {
    "energy": ("Energy: Power", "Energy: Industry", "Energy: Buildings",
               "Energy: Fuel production"),
    "transport": ("Energy: Transport",),
    "agriculture": ("AFOLU: Agriculture",),
    "remainder": ("Industrial processes", "Waste & Other"),
}


def national_sector_series() -> pd.DataFrame:
    """Danish national GHG emissions by sector, 1990-2023.

    Source: UNEP Emissions Gap Report 2024, chapter 2 data (GitHub
    lambwf/UNEP-Gap-Report-2024-Chapter-2; EDGAR v9, AR6 GWP100), file
    ``dnk_ghg_by_sector_1990_2023_unep_egr2024_edgar.csv`` (shared/data README
    §1a). Third-party data, not the official Danish inventory.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (int, 1990-2023); one float column per ``sector_lv2``
        (e.g. ``"Energy: Power"``, ``"Total (excl. LULUCF)"``), in Mt CO2e/yr
        (AR6 GWP100). ``"AFOLU: LULUCF"`` is NaN outside 2000-2021.

    Examples
    --------
    >>> from capf import data
    >>> s = data.national_sector_series()
    >>> int(s.index.min()), int(s.index.max())
    (1990, 2023)
    >>> round(float(s.loc[1990, "Total (excl. LULUCF)"]), 2)
    69.21
    """
    df = _read(_EDGAR)
    years = [c for c in df.columns if c.isdigit()]
    out = df.set_index("sector_lv2")[years].T.astype(float)
    out.index = out.index.astype(int)
    out.index.name = "year"
    out.columns.name = None
    return out


def national_sector_index(category: str) -> pd.Series:
    """National emissions of one inventory category, summed from EDGAR sectors.

    Parameters
    ----------
    category : str
        A key of :data:`NATIONAL_SECTOR_MAP`: ``"energy"``, ``"transport"``,
        ``"agriculture"`` or ``"remainder"``.

    Returns
    -------
    pandas.Series
        Index ``year`` (int, 1990-2023), values in Mt CO2e/yr (AR6 GWP100),
        the sum of the mapped columns of :func:`national_sector_series`.

    Raises
    ------
    KeyError
        For an unknown category; the message names the valid ones.

    Examples
    --------
    >>> from capf import data
    >>> round(float(data.national_sector_index("transport").loc[2023]), 2)
    11.37
    """
    if category not in NATIONAL_SECTOR_MAP:
        raise KeyError(f"unknown category {category!r}; expected one of "
                       f"{', '.join(NATIONAL_SECTOR_MAP)}")
    series = national_sector_series()[list(NATIONAL_SECTOR_MAP[category])].sum(axis=1)
    series.name = category
    return series


def times_dk(scenario: str = "FP_NO_WIN_INT") -> pd.DataFrame:
    """TIMES-DK national projections 2015-2050 for one scenario (modelled, not observed).

    Source: GitHub olavurellefsen/klimaaftalen (Tokni / DTU Management, TIMES-DK,
    2020), file ``dk_times_dk_scenarios_2015_2050_ghg_klimaaftalen_tokni_dtu_FP_KP.csv``,
    a row subset (scenarios ``FP_NO_WIN_INT`` and ``KP``) of the shared file
    (shared/data README §1c).

    Parameters
    ----------
    scenario : str, default "FP_NO_WIN_INT"
        ``"FP_NO_WIN_INT"`` (frozen policy / reference) or ``"KP"`` (climate
        partnerships, ≥70 % in 2030).

    Returns
    -------
    pandas.DataFrame
        Long table with columns ``scenario`` (str), ``indicator`` (str),
        ``indicator_group`` (str), ``year`` (int, 2015, 2020, ..., 2050) and
        ``value`` (float; the unit is not stated in the source, magnitudes fit
        kt CO2e).

    Raises
    ------
    ValueError
        For a scenario that is not bundled; the message lists the valid ones.

    Examples
    --------
    >>> from capf import data
    >>> t = data.times_dk("KP")
    >>> sorted(t["year"].unique().tolist())[:3], t["scenario"].unique().tolist()
    ([2015, 2020, 2025], ['KP'])
    """
    df = _read(_TIMES)
    valid = sorted(df["scenario"].unique())
    if scenario not in valid:
        raise ValueError(f"unknown TIMES-DK scenario {scenario!r}; bundled: {', '.join(valid)}")
    out = df[df["scenario"] == scenario].reset_index(drop=True)
    return out.astype({"year": int, "value": float})


def headlines() -> pd.DataFrame:
    """Danish national headline GHG figures as quoted on public pages.

    Source: ``dk_national_ghg_headlines_from_public_pages.csv`` (shared/data
    README §1d): EEA citing KF25, UNEP EGR 2024, press and other pages, one row
    per number.

    Returns
    -------
    pandas.DataFrame
        As in the file: ``metric`` (str), ``year`` (int), ``value`` (float, in
        the row's ``unit``: Mt CO2e, Mt CO2, %, or ha), ``unit``, ``scope``,
        ``derived`` ("no" or how it was derived), ``source_org``,
        ``source_url``, ``note`` (str, NaN when empty).

    Examples
    --------
    >>> from capf import data
    >>> "metric" in data.headlines().columns
    True
    """
    return _read(_HEADLINES).copy()


def kf25_crf() -> pd.DataFrame:
    """The KF25 national emissions by CRF code, 1990-2050 (Mt CO2e/yr, AR5 GWP100).

    Source: Klimastatus og -fremskrivning 2025, "CRF-tabeller" (KEFM), sheet
    ``CO2-ækv``, extracted by ``scripts/build_kf25.py`` into
    ``dk_kf25_crf_national_1990_2050_ar5.csv``. History to 2023, projection
    (frozen policy, normal year) after.

    Returns
    -------
    pandas.DataFrame
        ``crf_code``, ``description``, ``capf_sector`` (capf's mapping,
        PROVENANCE.md), ``regnskab_scope`` (``"yes"`` where the Energi- og
        CO2-regnskab covers the code as capf maps it) and one float column
        per year (int 1990-2050).

    Examples
    --------
    >>> from capf import data
    >>> crf = data.kf25_crf()
    >>> crf.columns[:4].tolist(), (1990 in crf.columns, 2050 in crf.columns)
    (['crf_code', 'description', 'capf_sector', 'regnskab_scope'], (True, True))
    """
    df = _read(_KF25).copy()
    df.columns = [int(c) if str(c).isdigit() else c for c in df.columns]
    return df


def kf25_sector_series(scope: str = "regnskab") -> pd.DataFrame:
    """KF25 national emissions by capf sector, 1990-2050, Mt CO2e/yr (AR5).

    Parameters
    ----------
    scope : {"regnskab", "all"}
        ``"regnskab"``: the CRF codes the Energi- og CO2-regnskab covers, plus
        ``lowland_soils`` (cropland and grassland, CRF 4B + 4C); ``"all"``:
        every code, LULUCF other than 4B/4C and the CO2 storage under
        ``removals``.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (int), one column per capf sector.

    Examples
    --------
    >>> from capf import data
    >>> s = data.kf25_sector_series()
    >>> s.columns.tolist()
    ['agriculture', 'energy', 'industry', 'lowland_soils', 'transport', 'waste']
    >>> round(float(s.loc[2023].sum()), 2)
    41.51
    """
    df = kf25_crf()
    if scope == "regnskab":
        df = df[(df["regnskab_scope"] == "yes") | (df["capf_sector"] == "lowland_soils")]
    elif scope != "all":
        raise ValueError(f"unknown scope {scope!r}; expected 'regnskab' or 'all'")
    years = [c for c in df.columns if isinstance(c, int)]
    out = df.groupby("capf_sector")[years].sum().T
    out.index.name, out.columns.name = "year", None
    return out


def kf25_organic_soils() -> pd.DataFrame:
    """KF25 carbon-rich (organic) agricultural soils, 1990-2050.

    Source: KF25 LULUCF data sheet (DCE / IGN), extracted by
    ``scripts/build_kf25.py`` into ``dk_kf25_lulucf_organic_soils_1990_2050.csv``.

    Returns
    -------
    pandas.DataFrame
        Index ``year``; ``organic_area_kha`` (1000 ha, > 6 % OC, Tabel 3 "I
        alt"), ``cropland_organic_co2_kt``, ``grassland_organic_co2_kt`` (kt
        CO2, carbon-pool tables incl. leached organic matter),
        ``cropland_organic_ch4_kt_co2e``, ``grassland_organic_ch4_kt_co2e``
        (kt CO2e AR5, CH4 from drainage).

    Examples
    --------
    >>> from capf import data
    >>> float(data.kf25_organic_soils().loc[2023, "organic_area_kha"])
    113.691
    """
    return _read(_KF25_ORGANIC).set_index("year").copy()
