"""The bundled data by municipality: the 98 municipalities, their inventories (Energi- og
CO2-regnskabet) and the lowland projects (MARS)."""

from __future__ import annotations

import functools

import pandas as pd

from ._files import (
    _LOWLAND_KEY,
    _LOWLAND_STATUS,
    _MUNICIPALITIES,
    _SECTOR_2023,
    _SERIES,
    _TONNES,
    _TOTAL_2023,
    _codes,
    _read,
)

__all__ = ["municipalities", "inventory_2023", "inventory_per_capita_series", "inventory_tonnes",
           "REGNSKAB_SECTORS", "lowland_key", "lowland_projects_by_status"]

_INVENTORY_PARTS = ("agriculture", "energy", "transport", "remainder")

#: Energi- og CO2-regnskab sector -> capf sector of its ``<sector>.other`` line.
REGNSKAB_SECTORS: dict[str, str] = {
    "energi": "energy", "transport": "transport", "landbrug": "agriculture",
    "affald": "waste", "industri": "industry",
}


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

    Examples
    --------
    >>> from capf import data
    >>> m = data.municipalities()
    >>> len(m), m.loc["101", "name"]
    (98, 'København')
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

    Examples
    --------
    >>> from capf import data
    >>> inv = data.inventory_2023()
    >>> inv.shape, float(inv.loc["101", "total"])
    ((98, 8), 1.329)
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

    Examples
    --------
    >>> from capf import data
    >>> s = data.inventory_per_capita_series()
    >>> len(s), int(s["year"].min()), int(s["year"].max())
    (686, 2018, 2024)
    """
    df = _read(_SERIES)
    return pd.DataFrame({
        "code": _codes(df["kommune_kode"]),
        "year": df["aar"].astype(int),
        "co2e_per_capita": df["vaerdi"].astype(float),
    })


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

    Examples
    --------
    >>> from capf import data
    >>> t = data.inventory_tonnes()
    >>> t.loc[(t["code"] == "101") & (t["year"] == 2018), "sector"].tolist()
    ['agriculture', 'energy', 'industry', 'transport', 'waste']
    """
    df = _read(_TONNES)
    long = df.melt(id_vars=["kommune_kode", "year"], value_vars=list(REGNSKAB_SECTORS),
                   var_name="regnskab_sector", value_name="t_co2e")
    out = pd.DataFrame({"code": _codes(long["kommune_kode"]), "year": long["year"].astype(int),
                        "regnskab_sector": long["regnskab_sector"],
                        "sector": long["regnskab_sector"].map(REGNSKAB_SECTORS),
                        "t_co2e": long["t_co2e"].astype(float)})
    return out.sort_values(["code", "year", "sector"], ignore_index=True)


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

    Examples
    --------
    >>> from capf import data
    >>> key = data.lowland_key()
    >>> len(key), round(float(key.sum()), 6), int((key > 0).sum())
    (98, 1.0, 64)
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

    Examples
    --------
    >>> from capf import data
    >>> data.lowland_projects_by_status().shape
    (64, 3)
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
