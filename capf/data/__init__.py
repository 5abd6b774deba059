"""Bundled Danish data and their loaders.

Every CSV file in this folder is a byte-for-byte copy, or a stated row subset,
of a file in the project's shared data folder. ``PROVENANCE.md`` beside this
file gives, for each, its origin, licence statement, columns, units, GWP basis
and caveats, and describes the values capf derives from them.

The loaders read through :mod:`importlib.resources`, so they also work when
capf is installed from a wheel. Reads are cached; every loader returns a fresh
copy, so callers may modify the result.

Examples
--------
>>> from capf import data
>>> len(data.municipalities())
98
>>> float(data.inventory_2023().loc["101", "total"])
1.329
"""

from __future__ import annotations

import functools
import importlib.resources
from importlib.resources.abc import Traversable

import pandas as pd

__all__ = [
    "data_path",
    "municipalities",
    "inventory_2023",
    "inventory_per_capita_series",
    "national_sector_series",
    "national_sector_index",
    "NATIONAL_SECTOR_MAP",
    "times_dk",
    "br18_carrier_factors",
    "hb2016_fuels",
    "seges_organic_soils",
    "headlines",
    "REGNSKAB_SECTORS",
    "inventory_tonnes",
    "kf25_crf",
    "kf25_sector_series",
    "kf25_organic_soils",
    "lowland_default_factor",
    "lowland_key",
    "lowland_projects_by_status",
]

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

_BR18_CARRIERS = {
    "El (electricity)": "electricity",
    "Fjernvarme (district heating)": "district_heat",
    "Ledningsgas (grid gas)": "grid_gas",
}

_INVENTORY_PARTS = ("agriculture", "energy", "transport", "remainder")


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
    """
    root = importlib.resources.files(__name__)
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


def municipalities() -> pd.DataFrame:
    """The 98 Danish municipalities (Christiansø excluded).

    Source: ``dk_municipalities_master_98.csv`` (shared/data README §2a), a join
    of DST FOLK1A population, DST municipality groups, iholas/dk_municipalities
    regions (Helsingør filled) and DAWA polygon areas.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code`` (str, DST 3-digit code, e.g. ``"101"``), with columns

        - ``name`` (str): DST spelling
        - ``region`` (str)
        - ``region_source`` (str): where the region comes from (flags the
          Helsingør fill)
        - ``kommunegruppe`` (int): DST municipality group 2018, 1-5
        - ``population`` (int): persons, 2026 (DST FOLK1A)
        - ``area_km2`` (float): km², from DAWA municipality polygons
    """
    df = _read(_MUNICIPALITIES)
    out = pd.DataFrame({
        "code": _codes(df["kommunekode"]),
        "name": df["kommunenavn"],
        "region": df["region"],
        "region_source": df["region_source"],
        "kommunegruppe": df["kommunegruppe_dst2018"].astype(int),
        "population": df["population_2026"].astype(int),
        "area_km2": df["area_km2_dawa_polygon"].astype(float),
    })
    return out.set_index("code")


def _flag_note(row: pd.Series) -> str:
    negative = [p for p in _INVENTORY_PARTS if row[p] < 0]
    if not negative:
        return ""
    note = "; ".join(f"{p} reported negative ({row[p]:.3g} t/cap)" for p in negative)
    if row["agriculture"] < 0:
        note += ("; the stored total is effectively the total excluding agriculture, so the "
                 "remainder also absorbs the negative agriculture (shared/data README §3)")
    if row["remainder"] < 0:
        note += "; the total is below the sum of the three reported sectors"
    return note


@functools.cache
def _inventory_2023() -> pd.DataFrame:
    total, sector = _read(_TOTAL_2023), _read(_SECTOR_2023)
    total = total.set_index(_codes(total["kommune_kode"]))
    sector = sector.set_index(_codes(sector["kommune_kode"]))
    out = pd.DataFrame({
        "total": total["co2e_per_capita"].astype(float),
        "agriculture": sector["klima_landbrug"].astype(float),
        "energy": sector["klima_energi"].astype(float),
        "transport": sector["klima_transport"].astype(float),
    })
    out.index.name = "code"
    if out.isna().any().any():  # pragma: no cover - guards the bundled files
        raise ValueError("the 2023 total and sector files do not cover the same municipalities")
    out["remainder"] = out["total"] - out[["agriculture", "energy", "transport"]].sum(axis=1)
    out["flag_negative_sector"] = (out[list(_INVENTORY_PARTS)] < 0).any(axis=1)
    out["flag_note"] = [_flag_note(row) for _, row in out.iterrows()]
    out["year"] = 2023
    return out


def inventory_2023() -> pd.DataFrame:
    """2023 territorial emissions per inhabitant by sector, per municipality.

    Source: Energi- og CO2-regnskabet (klimaregnskabet.dk API, via GitHub
    augustseptimius-beep/doughnut): the total from
    ``dk_municipality_co2e_per_capita_2023_klimaregnskabet.csv`` (shared/data
    README §3a) and the sectors from
    ``dk_municipality_sector_per_capita_2023_klimaregnskabet.csv`` (§3b).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code`` (str, DST 3-digit code); 98 rows. Columns

        - ``total`` (float): t CO2e per inhabitant ("Samlet", the larger of the
          two rows, i.e. including agriculture unless agriculture is negative)
        - ``agriculture``, ``energy``, ``transport`` (float): t CO2e per
          inhabitant, sectors Landbrug, Energi, Transport, as reported
          (negatives kept)
        - ``remainder`` (float): t CO2e per inhabitant, **derived** as total −
          (agriculture + energy + transport): landfill, chemical processes,
          wastewater
        - ``flag_negative_sector`` (bool): any of the four parts is negative
        - ``flag_note`` (str): why, or ``""`` when not flagged
        - ``year`` (int): 2023
    """
    return _inventory_2023().copy()


def inventory_per_capita_series() -> pd.DataFrame:
    """Total territorial emissions per inhabitant 2018-2024, per municipality.

    Source: Energi- og CO2-regnskabet (klimaregnskabet.dk, indicator
    ``klimapaavirkning``), file
    ``dk_municipality_co2e_per_capita_2018_2024_klimaregnskabet.csv`` (shared/data
    README §3c). 98 municipalities × 7 years = 686 rows.

    Returns
    -------
    pandas.DataFrame
        Long table with columns ``code`` (str, DST 3-digit code), ``year`` (int)
        and ``co2e_per_capita`` (float, t CO2e per inhabitant).
    """
    df = _read(_SERIES)
    return pd.DataFrame({
        "code": _codes(df["kommune_kode"]),
        "year": df["aar"].astype(int),
        "co2e_per_capita": df["vaerdi"].astype(float),
    })


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
    """
    df = _read(_TIMES)
    valid = sorted(df["scenario"].unique())
    if scenario not in valid:
        raise ValueError(f"unknown TIMES-DK scenario {scenario!r}; bundled: {', '.join(valid)}")
    out = df[df["scenario"] == scenario].reset_index(drop=True)
    return out.astype({"year": int, "value": float})


def br18_carrier_factors() -> pd.DataFrame:
    """Emission factors of electricity, district heating and grid gas, 2023-2040.

    Source: Bygningsreglementet BR18, Bilag 2, Tabel 8 (factors for building
    LCA; interpolate linearly between the listed years), file
    ``ef_electricity_districtheat_gas_br18_bilag2_tabel8.csv`` (shared/data README
    §4c).

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int: 2023, 2025, 2030, 2035, 2040), ``carrier`` (str:
        ``"electricity"``, ``"district_heat"`` or ``"grid_gas"``, from El,
        Fjernvarme, Ledningsgas) and ``kg_co2e_per_kwh`` (float, kg CO2e/kWh).
    """
    df = _read(_BR18)
    carrier = df["energy_carrier"].map(_BR18_CARRIERS)
    if carrier.isna().any():  # pragma: no cover - guards the bundled file
        raise ValueError(f"unmapped BR18 carriers: {sorted(df['energy_carrier'][carrier.isna()])}")
    return pd.DataFrame({
        "year": df["year"].astype(int),
        "carrier": carrier,
        "kg_co2e_per_kwh": df["ef_kg_co2e_per_kwh"].astype(float),
    })


def hb2016_fuels() -> pd.DataFrame:
    """Calorific values and CO2 factors of fuels and energy carriers (historical).

    Source: Håndbog for energikonsulenter HB2016, table 9.3.1 "Brændværdier og
    CO2 emissionsfaktorer", file
    ``ef_fuels_energy_carriers_hb2016_energikonsulenter.csv`` (shared/data README
    §4d). District heating (0.065) and electricity (0.197) are national averages
    assuming 200 % CHP heat efficiency.

    Returns
    -------
    pandas.DataFrame
        As in the file: ``fuel_da`` (str, Danish fuel name), ``unit`` (str, the
        quantity unit the row refers to), ``mass_kg_per_unit`` (float, kg per
        unit), ``kwh_per_unit`` (float, kWh per unit), ``kg_co2_per_unit``
        (float, kg CO2 per unit) and ``kg_co2_per_kwh`` (float, kg CO2/kWh).
        NaN where the source gives no value (e.g. biomass has no CO2 factor).
    """
    return _read(_HB2016).copy()


def seges_organic_soils() -> pd.DataFrame:
    """Emission factors of drained and rewetted organic (organogene) soils.

    Source: SEGES Innovation ESGreenTool formula documentation (GitHub
    segesdk/ESGT_formler, ``Marker/Organogene_jorde.md``), file
    ``ef_organic_soils_seges_esgtool.csv`` (shared/data README §4a).

    Returns
    -------
    pandas.DataFrame
        As in the file: ``land_use``, ``water_table``, ``soil_carbon_class``
        (str); ``co2_from_carbon_t_per_ha_yr``, ``n2o_as_co2e_t_per_ha_yr``,
        ``ch4_as_co2e_t_per_ha_yr`` and ``total_co2e_t_per_ha_yr`` (float,
        t CO2 or t CO2e per ha per year; the total is derived as the sum of the
        three; AR4 GWPs N2O 298, CH4 25); ``rule_no_in_source`` (int);
        ``gwp_basis`` (str).
    """
    return _read(_SEGES).copy()


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
    """
    return _read(_HEADLINES).copy()


# ------------------------------------------------------ KF25 and absolute regnskab tonnes

_TONNES = "dk_municipality_ghg_tonnes_by_sector_2018_2023_klimaregnskab.csv"
_KF25 = "dk_kf25_crf_national_1990_2050_ar5.csv"
_KF25_ORGANIC = "dk_kf25_lulucf_organic_soils_1990_2050.csv"
_LOWLAND_KEY = "dk_municipality_lowland_projects_mars_ha.csv"
_LOWLAND_STATUS = "dk_municipality_lowland_projects_mars_ha_by_status.csv"
_DH_MIX = "dk_municipality_district_heating_fuel_mix_2024_ens_ept_doughnut.csv"

#: Energi- og CO2-regnskab sector -> capf sector of its ``<sector>.other`` line.
REGNSKAB_SECTORS: dict[str, str] = {
    "energi": "energy", "transport": "transport", "landbrug": "agriculture",
    "affald": "waste", "industri": "industry",
}


def inventory_tonnes() -> pd.DataFrame:
    """Absolute territorial emissions by sector per municipality, 2018-2023.

    Source: Energi- og CO2-regnskabet (Energistyrelsen / KL / Realdania,
    klimaregnskabet.dk API, via GitHub NielsKSchjoedt/groen-trepart-tracker),
    ``dk_municipality_ghg_tonnes_by_sector_2018_2023_klimaregnskab.csv``
    (the trepart JSON as a table, values verbatim; PROVENANCE.md).

    Returns
    -------
    pandas.DataFrame
        Long table: ``code`` (str, DST 3-digit), ``year`` (int, 2018-2023),
        ``regnskab_sector`` (energi, transport, landbrug, affald, industri),
        ``sector`` (the capf sector, :data:`REGNSKAB_SECTORS`) and ``t_co2e``
        (float, t CO2e/yr; negatives as reported).
    """
    df = _read(_TONNES)
    long = df.melt(id_vars=["kommune_kode", "year"], value_vars=list(REGNSKAB_SECTORS),
                   var_name="regnskab_sector", value_name="t_co2e")
    out = pd.DataFrame({"code": _codes(long["kommune_kode"]), "year": long["year"].astype(int),
                        "regnskab_sector": long["regnskab_sector"],
                        "sector": long["regnskab_sector"].map(REGNSKAB_SECTORS),
                        "t_co2e": long["t_co2e"].astype(float)})
    return out.sort_values(["code", "year", "sector"], ignore_index=True)


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
    """
    return _read(_KF25_ORGANIC).set_index("year").copy()


def lowland_default_factor(year: int = 2023) -> float:
    """National area-weighted average emission of drained organic agricultural soil.

    **Derived** (an estimate): KF25's CO2 and drainage CH4 of cropland and
    grassland on carbon-rich soil ÷ the carbon-rich agricultural area of the
    same year (:func:`kf25_organic_soils`), in t CO2e/ha/yr (AR5). N2O of
    these soils is reported under agriculture and is not in it.
    """
    r = kf25_organic_soils().loc[year]
    kt = (r["cropland_organic_co2_kt"] + r["grassland_organic_co2_kt"]
          + r["cropland_organic_ch4_kt_co2e"] + r["grassland_organic_ch4_kt_co2e"])
    return float(kt / r["organic_area_kha"])


def lowland_key() -> pd.Series:
    """Allocation key of the national lowland-soil emissions to municipalities.

    **Derived** (an estimate): each municipality's share of the hectares of
    carbon-rich soil in the MARS lowland projects (Lavbundsprojekter, all
    statuses; ``dk_municipality_lowland_projects_mars_ha.csv``). The project
    pipeline stands in for the drained organic area, which is not published by
    municipality. Municipalities without a project get 0.

    Returns
    -------
    pandas.Series
        Index ``code`` (all 98), shares summing to 1.
    """
    df = _read(_LOWLAND_KEY)
    ha = pd.Series(df["lavbund_extraction_ha"].astype(float).to_numpy(),
                   index=_codes(df["kommune_kode"]))
    ha = ha.reindex(municipalities().index, fill_value=0.0)
    ha.index.name = "code"
    return ha / ha.sum()


def lowland_projects_by_status() -> pd.DataFrame:
    """Hectares of carbon-rich soil in the MARS lowland projects by municipality and status.

    Source: the MARS project list (Lavbundsprojekter, snapshot 2026-05-18, via
    ``groen-trepart-tracker``; the municipality from each project polygon's centroid),
    ``dk_municipality_lowland_projects_mars_ha_by_status.csv`` (PROVENANCE.md).

    Returns
    -------
    pandas.DataFrame
        Index ``code`` (DST 3-digit, the 64 municipalities with a project), one column
        per ``project_status`` (``Anlagt`` established, ``Etableringstilsagn``
        establishment grant, ``Forundersøgelsestilsagn`` pre-study grant) in ha of
        carbon-rich soil taken out of drainage (``extractionEffortHa``); 0 where a
        municipality has no project of a status.
    """
    df = _read(_LOWLAND_STATUS)
    df["code"] = _codes(df["kommune_kode"])
    out = df.pivot_table(index="code", columns="project_status",
                         values="lavbund_extraction_ha", aggfunc="sum", fill_value=0.0)
    out.columns.name = None
    for status in ("Anlagt", "Etableringstilsagn", "Forundersøgelsestilsagn"):
        if status not in out.columns:
            out[status] = 0.0
    return out[["Anlagt", "Etableringstilsagn", "Forundersøgelsestilsagn"]].astype(float)
