"""Lowland soils: drained and rewetted organic (peat) soils.

Factors from SEGES' ESGreenTool (rules 1-5). SEGES gives N2O and CH4 as CO2e
with AR4 GWPs (N2O 298, CH4 25); capf stores them as mass of gas
(``gwp_basis="AR4GWP100"``) so the plan's GWP set applies. Lowland soils are
LULUCF: DK2020 sector "land use".
"""

import csv
import importlib.resources

from .base import Factor, Sector, Source, action_template
from .citations import KF25_LULUCF
from .citations import SEGES_ORGANIC_SOILS as SEGES

_AREA = "organic soil area"


def _drained(id_: str, name: str, co2: float, n2o_co2e: float, rule: int, note: str = "") -> Source:
    factors = [Factor("CO2", co2, "t/ha/yr", SEGES)]
    if n2o_co2e:
        factors.append(Factor("N2O", n2o_co2e, "t/ha/yr", SEGES, gwp_basis="AR4GWP100"))
    notes = (f"SEGES rule {rule}",) + ((note,) if note else ())
    return Source(
        id_,
        name,
        "ha",
        tuple(factors),
        service=_AREA,
        ipcc="4.B.1 / 4.C.1 (organic soils, drained)",
        dk2020_sector="land use",
        description=name,
        notes=notes,
    )




def _kf25_average(year: int = 2023) -> tuple[float, float]:
    """KF25's national area-weighted (CO2 t/ha/yr, CH4 t CO2e/ha/yr AR5) of drained organic
    agricultural soil in ``year``, from the bundled extract of the LULUCF data sheet."""
    path = importlib.resources.files("capf.data").joinpath(
        "dk_kf25_lulucf_organic_soils_1990_2050.csv")
    with path.open(encoding="utf-8") as f:
        r = next(r for r in csv.DictReader(f) if int(r["year"]) == year)
    area_kha = float(r["organic_area_kha"])
    co2 = (float(r["cropland_organic_co2_kt"]) + float(r["grassland_organic_co2_kt"])) / area_kha
    ch4 = (float(r["cropland_organic_ch4_kt_co2e"])
           + float(r["grassland_organic_ch4_kt_co2e"])) / area_kha
    return co2, ch4


_KF25_CO2, _KF25_CH4 = _kf25_average()

#: Lowland soils: LULUCF (left out of ``excl_lulucf``); in the CCTF group "agriculture".
SECTOR = Sector(
    "lowland_soils", label="lowland soils", label_da="lavbundsjorder", colour="#009E73",
    iamc="Lowland Soils", cctf="agriculture", order=50, lulucf=True,
)

SOURCES = (
    Source(
        "lowland_soils.drained_organic_soils",
        "Drained organic soils, carbon class and use not known",
        "ha",
        (Factor("CO2", _KF25_CO2, "t/ha/yr", KF25_LULUCF),
         Factor("CH4", _KF25_CH4, "t/ha/yr", KF25_LULUCF, gwp_basis="AR5GWP100")),
        service=_AREA,
        ipcc="4.B.1 / 4.C.1 (organic soils, drained)",
        dk2020_sector="land use",
        description="Drained organic soils, carbon class and use not known",
        notes=("capf's default for an unknown class is KF25's national area-weighted average "
               "of cropland and grassland on carbon-rich soil in 2023 (CO2 and drainage CH4 ÷ "
               "area; an estimate, capf/data/PROVENANCE.md derived value 6). Give the "
               "class-specific SEGES sources when the class is known.",),
    ),
    _drained(
        "lowland_soils.drained_organic_soils.rotation_6_12pct_c",
        "Drained organic soils in rotation, 6-12 % C", 21.08, 0.0, 1),
    _drained(
        "lowland_soils.drained_organic_soils.rotation_over_12pct_c",
        "Drained organic soils in rotation, > 12 % C", 42.17, 3.87, 2),
    _drained(
        "lowland_soils.drained_organic_soils.grass_over_12pct_c",
        "Drained organic soils not in rotation (permanent grass), > 12 % C", 30.8, 2.44, 3),
    _drained(
        "lowland_soils.drained_organic_soils.grass_6_12pct_c",
        "Drained organic soils not in rotation (permanent grass), 6-12 % C", 15.4, 0.0, 4),
    Source(
        "lowland_soils.rewetted_organic_soils",
        "Rewetted organic soils (high water table)",
        "ha",
        (Factor("CH4", 6.8, "t/ha/yr", SEGES, gwp_basis="AR4GWP100"),),
        service=_AREA,
        ipcc="4.D (wetlands, rewetted organic soils)",
        dk2020_sector="land use",
        description="Rewetted organic soils; CH4 6.8 t CO2e/ha/yr (AR4) = 0.272 t CH4/ha/yr.",
        notes=("SEGES rule 5",),
    ),
    Source("lowland_soils.other", "Lowland soils: other (emission level)", None,
           ipcc="4", dk2020_sector="land use",
           description="Lowland-soil emissions known only as totals."),
)

ACTION_TEMPLATES = (
    action_template(
        "rewet_lowland", "switch", "Rewet drained organic soils (raise the water table).",
        from_="lowland_soils.drained_organic_soils", to="lowland_soils.rewetted_organic_soils",
        notes="The area is conserved (ha to ha). The same switch applies from each "
        "class-specific drained source (lowland_soils.drained_organic_soils.<class>)."),
)
