"""Emission-level sources of the sectors whose full catalogue is still to come.

Every sector of DESIGN.md has a ``<sector>.other`` source, given in a plan as
emissions only. ``removals.biogenic_ccs`` is definitional: each tonne of
biogenic CO2 captured and stored is a tonne removed.
"""

from .base import Factor, Source
from .citations import DEFINITION

SOURCES = (
    Source("transport.other", "Transport: other (emission level)", None, ipcc="1.A.3",
           description="Transport emissions known only as totals (e.g. the Energi- og "
           "CO2-regnskab 'Transport' sector)."),
    Source("agriculture.other", "Agriculture: other (emission level)", None, ipcc="3",
           description="Agricultural emissions known only as totals (e.g. the Energi- og "
           "CO2-regnskab 'Landbrug' sector)."),
    Source("industry.other", "Industry: other (emission level)", None, ipcc="2",
           description="Industrial emissions known only as totals. The bundled Danish data "
           "put here the part of the Energi- og CO2-regnskab total outside its agriculture, "
           "energy and transport sectors (landfill, chemical processes, wastewater)."),
    Source("waste.other", "Waste: other (emission level)", None, ipcc="5",
           description="Waste emissions known only as totals."),
    Source("removals.other", "Removals: other (emission level)", None, removal=True,
           ipcc="4", description="Removals known only as totals (negative emissions)."),
    Source(
        "removals.biogenic_ccs",
        "Biogenic CO2 captured and stored (BECCS)",
        "t/yr",
        (Factor("CO2", -1.0, "t/t", DEFINITION),),
        removal=True,
        service="CO2 captured",
        ipcc="1.C (CO2 transport and storage)",
        description="Activity: tonnes of biogenic CO2 captured and stored per year.",
    ),
)
