"""Lowland soils: drained and rewetted organic (peat) soils.

Factors from SEGES' ESGreenTool (rules 1-5). SEGES gives N2O and CH4 as CO2e
with AR4 GWPs (N2O 298, CH4 25); capf stores them as mass of gas
(``gwp_basis="AR4GWP100"``) so the plan's GWP set applies. Lowland soils are
LULUCF: DK2020 sector "land use".
"""

from .base import Factor, Source, action_template
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


SOURCES = (
    _drained(
        "lowland_soils.drained_organic_soils",
        "Drained organic soils, carbon class and use not known",
        21.08,
        0.0,
        1,
        "capf's default for an unknown class is SEGES rule 1 (in rotation, 6-12 % C), the "
        "lowest in-rotation factor: a conservative choice that does not overstate what "
        "rewetting saves. It is not a national average (no area split by class was "
        "available); give the class-specific sources when the class is known.",
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
