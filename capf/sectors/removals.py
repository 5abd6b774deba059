"""Removals: afforestation, biogenic CO2 capture and storage, removals.other.

Removal sources have negative factors. ``removals.biogenic_ccs`` is
definitional: each tonne of biogenic CO2 captured and stored is a tonne
removed. Afforestation has no sourced default uptake per hectare.

DK2020 sectors: afforestation (and removals known only as totals, mostly LULUCF
sinks) are "land use"; biogenic CCS is "energy", because the CO2 is captured at
energy plants (biomass CHP, biogas upgrading) and the UNFCCC tables put CO2
transport and storage under 1.C.
"""

from __future__ import annotations

from .base import Factor, Sector, Source, action_template
from .citations import DEFINITION

#: Removals: a sector of sinks, left out of ``excl_lulucf`` and of the CCTF sector test
#: (afforestation is LULUCF, biogenic CCS is not; the scope leaves the whole sector out).
SECTOR = Sector(
    "removals", label="removals", label_da="optag", colour="#999999", iamc="Removals", cctf=None,
    order=80, removal=True,
)

SOURCES = (
    Source(
        "removals.forest.afforestation",
        "Afforestation (new forest)",
        "ha",
        removal=True,
        service="forest area",
        ipcc="4.A.2 (land converted to forest land)",
        dk2020_sector="land use",
        gases=("CO2",),
        description="Carbon uptake of new forest; activity = hectares planted (cumulative "
                    "area of new forest).",
        notes=("No default: no sourced Danish uptake per hectare (it depends on species, "
               "age, soil and management; a Danish figure, e.g. from the national forest "
               "inventory, was not available). Give a negative 'factor', e.g. "
               "{ CO2 = '-<value> t/ha/yr' }.",),
    ),
    Source(
        "removals.biogenic_ccs",
        "Biogenic CO2 captured and stored (BECCS)",
        "t/yr",
        (Factor("CO2", -1.0, "t/t", DEFINITION),),
        removal=True,
        service="CO2 captured",
        ipcc="1.C (CO2 transport and storage)",
        dk2020_sector="energy",
        description="Activity: tonnes of biogenic CO2 captured and stored per year.",
    ),
    Source("removals.other", "Removals: other (emission level)", None, removal=True,
           ipcc="4", dk2020_sector="land use",
           description="Removals known only as totals (negative emissions)."),
)

ACTION_TEMPLATES = (
    action_template("afforestation", "remove", "Plant new forest (hectares at full effect).",
                    source="removals.forest.afforestation",
                    notes="removals.forest.afforestation has no default uptake: give it an "
                    "inventory line (activity may be '0 ha') with its negative 'factor'; "
                    "otherwise the new hectares remove nothing. Uptake grows with the age "
                    "of the stand, which a constant factor does not model."),
    action_template("biogenic_ccs", "remove", "Capture and store biogenic CO2 (tonnes per "
                    "year at full effect).", source="removals.biogenic_ccs"),
)
