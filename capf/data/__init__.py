"""Bundled Danish data and their loaders.

Every file here is a verbatim copy (or a stated row subset) of a file in the
project's shared data folder; PROVENANCE.md beside this file gives the origin,
licence statement, columns, units and caveats of each. The loaders return
fresh pandas objects (callers may modify them).

Examples
--------
>>> from capf import data
>>> len(data.municipalities())
98
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Mapping

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
]

_FILES = {
    "municipalities": "dk_municipalities_master_98.csv",
    "total_2023": "dk_municipality_co2e_per_capita_2023_klimaregnskabet.csv",
    "sector_2023": "dk_municipality_sector_per_capita_2023_klimaregnskabet.csv",
    "series": "dk_municipality_co2e_per_capita_2018_2024_klimaregnskabet.csv",
    "edgar": "dnk_ghg_by_sector_1990_2023_unep_egr2024_edgar.csv",
    "times": "dk_times_dk_scenarios_2015_2050_ghg_klimaaftalen_tokni_dtu_FP_KP.csv",
    "br18": "ef_electricity_districtheat_gas_br18_bilag2_tabel8.csv",
    "hb2016": "ef_fuels_energy_carriers_hb2016_energikonsulenter.csv",
    "seges": "ef_organic_soils_seges_esgtool.csv",
    "headlines": "dk_national_ghg_headlines_from_public_pages.csv",
}

#: Categories of the Energi- og CO2-regnskab (and capf's remainder) -> EDGAR
#: ``sector_lv2`` rows of the national series used to back-cast them. The
#: regnskab's "Energi" sector covers power, heat, individual heating and
#: industrial energy use; the remainder (total minus agriculture, energy and
#: transport) covers landfill, chemical processes and wastewater.
NATIONAL_SECTOR_MAP: Mapping[str, tuple[str, ...]] = {
    "energy": ("Energy: Power", "Energy: Industry", "Energy: Buildings",
               "Energy: Fuel production"),
    "transport": ("Energy: Transport",),
    "agriculture": ("AFOLU: Agriculture",),
    "remainder": ("Industrial processes", "Waste & Other"),
}


def data_path(name: str):
    """Path (a ``Traversable``) of a bundled file by file name."""
    root = importlib.resources.files(__name__)
    p = root.joinpath(name)
    if not p.is_file():
        available = sorted(x.name for x in root.iterdir() if x.name.endswith((".csv", ".md")))
        raise FileNotFoundError(f"no bundled data file {name!r}; available: {', '.join(available)}")
    return p


@functools.lru_cache(maxsize=None)
def _read(key: str, **kw) -> pd.DataFrame:
    with data_path(_FILES[key]).open("rb") as f:
        return pd.read_csv(f, **kw)


def _codes(s: pd.Series) -> pd.Series:
    return s.astype(int).astype(str).str.zfill(3)


def municipalities() -> pd.DataFrame:
    """The 98 municipalities (shared/data README §2a; DST, DAWA, iholas).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code`` (DST 3-digit code, str): ``name``, ``region``,
        ``region_source``, ``kommunegruppe`` (DST 2018 group 1-5), ``population``
        (persons, 2026, DST FOLK1A) and ``area_km2`` (km², DAWA polygons).
    """
    df = _read("municipalities").copy()
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


def inventory_2023() -> pd.DataFrame:
    """2023 territorial emissions per inhabitant by sector (Energi- og CO2-regnskab).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``; ``total``, ``agriculture``, ``energy``, ``transport`` in
        t CO2e per inhabitant as reported (shared/data README §3a, §3b), and
        ``remainder`` = total − the three (landfill, chemical processes,
        wastewater; derived). ``flag_negative_sector`` marks rows where a part is
        negative and ``flag_note`` says why; ``year`` is 2023. Negative values are
        kept as reported.
    """
    tot = _read("total_2023").copy()
    sec = _read("sector_2023").copy()
    tot.index = _codes(tot["kommune_kode"])
    sec.index = _codes(sec["kommune_kode"])
    out = pd.DataFrame({
        "total": tot["co2e_per_capita"].astype(float),
        "agriculture": sec["klima_landbrug"].astype(float),
        "energy": sec["klima_energi"].astype(float),
        "transport": sec["klima_transport"].astype(float),
    })
    out.index.name = "code"
    out["remainder"] = out["total"] - out[["agriculture", "energy", "transport"]].sum(axis=1)
    parts = ["agriculture", "energy", "transport", "remainder"]
    out["flag_negative_sector"] = (out[parts] < 0).any(axis=1)
    notes = []
    for code, r in out.iterrows():
        neg = [f"{p} {r[p]:.4g} t/cap" for p in parts if r[p] < 0]
        if not neg:
            notes.append("")
            continue
        text = "reported negative: " + ", ".join(neg)
        if r["agriculture"] < 0:
            text += ("; the klimaregnskabet.dk total keeps the larger 'Samlet' row, so with "
                     "negative agriculture the stored total is effectively the total excluding "
                     "agriculture and the remainder absorbs the difference (shared/data README §3)")
        notes.append(text)
    out["flag_note"] = notes
    out["year"] = 2023
    return out


def inventory_per_capita_series() -> pd.DataFrame:
    """Total t CO2e per inhabitant 2018-2024 (README §3c): ``code, year, co2e_per_capita``."""
    df = _read("series").copy()
    return pd.DataFrame({"code": _codes(df["kommune_kode"]), "year": df["aar"].astype(int),
                         "co2e_per_capita": df["vaerdi"].astype(float)})


def national_sector_series() -> pd.DataFrame:
    """Danish emissions by EDGAR sector 1990-2023, Mt CO2e/yr, AR6 GWP100 (README §1a).

    Index ``year``; one column per ``sector_lv2`` (LULUCF empty outside 2000-2021).
    """
    df = _read("edgar").copy()
    years = [c for c in df.columns if c.isdigit()]
    out = df.set_index("sector_lv2")[years].T.astype(float)
    out.index = out.index.astype(int)
    out.index.name = "year"
    out.columns.name = None
    return out


def national_sector_index(category: str) -> pd.Series:
    """Sum of the EDGAR sectors mapped to a category (:data:`NATIONAL_SECTOR_MAP`), Mt CO2e/yr."""
    try:
        cols = NATIONAL_SECTOR_MAP[category]
    except KeyError:
        raise KeyError(f"unknown category {category!r}; expected one of "
                       f"{', '.join(NATIONAL_SECTOR_MAP)}") from None
    s = national_sector_series()[list(cols)].sum(axis=1)
    s.name = category
    return s


def times_dk(scenario: str = "FP_NO_WIN_INT") -> pd.DataFrame:
    """TIMES-DK (DTU / Tokni, 2020) projections, kt CO2e (units not stated; README §1c).

    Modelled, not observed. Columns ``scenario, indicator, indicator_group, year, value``.
    """
    df = _read("times")
    valid = sorted(df["scenario"].unique())
    if scenario not in valid:
        raise ValueError(f"unknown TIMES-DK scenario {scenario!r}; bundled: {', '.join(valid)}")
    out = df[df["scenario"] == scenario].copy()
    out["year"] = out["year"].astype(int)
    return out.reset_index(drop=True)


_CARRIERS = {"El (electricity)": "electricity", "Fjernvarme (district heating)": "district_heat",
             "Ledningsgas (grid gas)": "grid_gas"}


def br18_carrier_factors() -> pd.DataFrame:
    """BR18 Bilag 2 Tabel 8 (README §4c): ``year, carrier, kg_co2e_per_kwh``."""
    df = _read("br18").copy()
    return pd.DataFrame({"year": df["year"].astype(int),
                         "carrier": df["energy_carrier"].map(_CARRIERS),
                         "kg_co2e_per_kwh": df["ef_kg_co2e_per_kwh"].astype(float)})


def hb2016_fuels() -> pd.DataFrame:
    """HB2016 table 9.3.1 fuels (README §4d), as in the file (kg, kWh, kg CO2 per unit)."""
    return _read("hb2016").copy()


def seges_organic_soils() -> pd.DataFrame:
    """SEGES organic-soil factors (README §4a), t per ha per year; N2O, CH4 as CO2e (AR4)."""
    return _read("seges").copy()


def headlines() -> pd.DataFrame:
    """Danish national headline figures from public pages (README §1d)."""
    return _read("headlines").copy()
