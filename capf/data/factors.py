"""The bundled emission factors: BR18 (electricity, district heat, grid gas), HB2016 (fuels),
SEGES (organic soils) and the KF25-derived factor of drained lowland soil."""

from __future__ import annotations

import pandas as pd

from ._files import _BR18, _HB2016, _SEGES, _read
from .national import kf25_organic_soils

__all__ = ["br18_carrier_factors", "hb2016_fuels", "seges_organic_soils",
           "lowland_default_factor"]

_BR18_CARRIERS = {
    "El (electricity)": "electricity",
    "Fjernvarme (district heating)": "district_heat",
    "Ledningsgas (grid gas)": "grid_gas",
}


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

    Examples
    --------
    >>> from capf import data
    >>> f = data.br18_carrier_factors()
    >>> f[f["year"] == 2023].set_index("carrier")["kg_co2e_per_kwh"].to_dict()
    {'electricity': 0.187, 'district_heat': 0.105, 'grid_gas': 0.225}
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

    Examples
    --------
    >>> from capf import data
    >>> data.hb2016_fuels().columns[:3].tolist()
    ['fuel_da', 'unit', 'mass_kg_per_unit']
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

    Examples
    --------
    >>> from capf import data
    >>> "total_co2e_t_per_ha_yr" in data.seges_organic_soils().columns
    True
    """
    return _read(_SEGES).copy()


def lowland_default_factor(year: int = 2023) -> float:
    """National area-weighted average emission of drained organic agricultural soil.

    **Derived** (an estimate): KF25's CO2 and drainage CH4 of cropland and
    grassland on carbon-rich soil ÷ the carbon-rich agricultural area of the
    same year (:func:`kf25_organic_soils`), in t CO2e/ha/yr (AR5). N2O of
    these soils is reported under agriculture and is not in it.

    Parameters
    ----------
    year : int, default 2023
        A year of KF25's series (1990-2050).

    Returns
    -------
    float
        t CO2e per ha per year (AR5 GWP100).

    Examples
    --------
    >>> from capf import data
    >>> round(data.lowland_default_factor(), 2), round(data.lowland_default_factor(1990), 2)
    (25.99, 29.61)
    """
    r = kf25_organic_soils().loc[year]
    kt = (r["cropland_organic_co2_kt"] + r["grassland_organic_co2_kt"]
          + r["cropland_organic_ch4_kt_co2e"] + r["grassland_organic_ch4_kt_co2e"])
    return float(kt / r["organic_area_kha"])
