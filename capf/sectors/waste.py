"""Waste: landfill (solid waste disposal), wastewater, incineration of fossil waste.

No sourced default factor was available for any of them (no Danish Tier-2
figure and no verified IPCC default), so a plan gives ``factor`` per unit of
activity. Every source is DK2020 sector "waste".
"""

from __future__ import annotations

from .base import Sector, Source, action_template

_NO_DEFAULT = "No default: {missing}. Give 'factor', e.g. {example}."

#: Waste: in the CCTF group "other".
SECTOR = Sector(
    "waste", label="waste", label_da="affald", colour="#56B4E9", iamc="Waste", cctf="other",
    order=70,
)

SOURCES = (
    Source(
        "waste.landfill.solid_waste",
        "Landfill: solid waste disposal",
        "t/yr",
        service="waste landfilled",
        ipcc="5.A",
        dk2020_sector="waste",
        gases=("CH4",),
        description="CH4 from waste in landfills; activity = tonnes of waste landfilled per "
                    "year.",
        notes=(_NO_DEFAULT.format(
            missing="no Danish figure (CH4 per tonne landfilled, or the national inventory's "
                    "first-order-decay parameters) and no verified IPCC default were available",
            example="{ CH4 = '<value> kg/t' }"),
            "Landfill CH4 comes mostly from waste deposited in earlier years (first-order "
            "decay); a factor per tonne landfilled this year is an approximation. A municipal "
            "figure known only as a total belongs in waste.other."),
    ),
    Source(
        "waste.wastewater.treatment",
        "Wastewater treatment and discharge",
        "m**3/yr",
        service="wastewater treated",
        ipcc="5.D",
        dk2020_sector="waste",
        gases=("CH4", "N2O"),
        description="CH4 and N2O from treating and discharging wastewater; activity = cubic "
                    "metres of wastewater treated per year.",
        notes=(_NO_DEFAULT.format(
            missing="no Danish figure per m3 (or per person equivalent) and no verified IPCC "
                    "default were available",
            example="{ CH4 = '<value> g/m**3', N2O = '<value> g/m**3' }"),),
    ),
    Source(
        "waste.incineration.fossil_waste",
        "Incineration of fossil waste (plastics etc.)",
        "t/yr",
        service="waste incinerated",
        ipcc="5.C.1",
        dk2020_sector="waste",
        gases=("CO2", "N2O"),
        description="Fossil CO2 (and N2O) from incinerating the fossil part of waste; "
                    "activity = tonnes of fossil waste incinerated per year.",
        notes=(_NO_DEFAULT.format(
            missing="no sourced fossil carbon content of Danish waste was available (HB2016 "
                    "gives the calorific value of waste, 'Affald', but no CO2 factor)",
            example="{ CO2 = '<value> t/t' }"),
            "Where the heat and power are recovered (all Danish waste-to-energy plants), the "
            "UNFCCC tables report these emissions in 1.A.1.a, and the district-heat and grid "
            "factors may already contain them: count them once."),
    ),
    Source("waste.other", "Waste: other (emission level)", None, ipcc="5",
           dk2020_sector="waste", description="Waste emissions known only as totals."),
)

ACTION_TEMPLATES = (
    action_template("less_landfill", "reduce", "Divert waste from landfill (recycling, "
                    "biological treatment).", source="waste.landfill.solid_waste",
                    notes="Past deposits keep emitting (first-order decay); a 'reduce' on "
                    "this year's tonnes with a per-tonne factor overstates the short-term "
                    "effect."),
    action_template("plastic_sorting", "reduce", "Sort plastics out of residual waste before "
                    "incineration.", source="waste.incineration.fossil_waste"),
    action_template("wastewater_process", "decarbonise", "Lower CH4 and N2O at the wastewater "
                    "plant (covered tanks, process control).",
                    source="waste.wastewater.treatment",
                    notes="The new factor per m3 is the plant's own figure; none is sourced "
                    "here."),
)
