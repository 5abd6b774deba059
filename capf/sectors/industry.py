"""Industry: process emissions (cement clinker, lime) and industrial energy use by fuel.

Process CO2 of clinker and lime comes from calcining carbonates; the factor per
tonne depends on the product's CaO (and MgO) content, and no sourced default was
available (the IPCC Tier-1 values were not among the project's verified
sources), so these sources have no default: a plan gives ``factor`` per tonne.

Industrial energy use is measured in final energy (``MWh/yr`` of gas, oil or
electricity) and uses the energy carriers of :mod:`capf.sectors.energy` with
efficiency 1 (by definition: the activity is the carrier energy itself).

DK2020 sectors: process emissions are "industry"; industrial energy use is
"energy", as in the Energi- og CO2-regnskab, whose "Energi" sector covers
industrial energy use (capf/data/PROVENANCE.md), and as in the GPC's stationary
energy.
"""

from __future__ import annotations

from .base import Sector, Source, action_template
from .citations import DEFINITION

_CAO = ("With a known CaO content f (t CaO per t of product, from calcined carbonates), the "
        "stoichiometric factor is f × 44/56 t CO2 per t (molar masses of CO2 and CaO); "
        "give it as 'factor'.")


def _process(name: str, label: str, ipcc: str, product: str) -> Source:
    return Source(
        f"industry.process.{name}",
        f"Industrial processes: {label}",
        "t/yr",
        service=product,
        ipcc=ipcc,
        dk2020_sector="industry",
        gases=("CO2",),
        description=f"Process CO2 from calcination in {label}; activity = tonnes of {product} "
                    "produced per year. Fuel combustion at the plant is industrial energy use.",
        notes=(f"No default: no Danish plant-specific or national factor per tonne of "
               f"{product} and no verified IPCC Tier-1 default was available. " + _CAO,),
    )


def _energy(name: str, label: str, carrier: str, ipcc: str, note: str) -> Source:
    return Source(
        f"industry.energy.{name}",
        f"Industrial energy use: {label}",
        "MWh/yr",
        carrier=carrier,
        efficiency=1.0,
        efficiency_citation=DEFINITION,
        service="industrial final energy",
        ipcc=ipcc,
        dk2020_sector="energy",
        description=f"{label.capitalize()} used by industry; activity = final energy used "
                    f"(MWh/yr), so the factor is the {carrier} carrier's factor.",
        notes=("Efficiency 1.0 by definition: the activity is the carrier energy. DK2020 "
               "sector 'energy', as the Energi- og CO2-regnskab counts industrial energy use "
               "in 'Energi'.", note),
    )


#: Industry: its own CCTF group.
SECTOR = Sector(
    "industry", label="industry", label_da="industri", colour="#CC79A7", iamc="Industry",
    cctf="industry", order=60,
)

SOURCES = (
    _process("cement_clinker", "cement clinker production", "2.A.1", "clinker"),
    _process("lime", "lime production", "2.A.2", "lime"),
    _energy("natural_gas", "natural gas (grid gas)", "grid_gas", "1.A.2",
            "BR18 'Ledningsgas' factor (CO2e per kWh, with the grid's biogas share)."),
    _energy("heating_oil", "heating oil (gas oil)", "heating_oil", "1.A.2",
            "HB2016 'Fyringsgasolie' factor (CO2 only; CH4 and N2O not included)."),
    _energy("electricity", "grid electricity", "electricity", "1.A.1.a (indirect, scope 2)",
            "BR18 'El' factor. It may already be in energy.electricity.consumption: count it "
            "once."),
    Source("industry.other", "Industry: other (emission level)", None, ipcc="2",
           dk2020_sector="industry",
           description="Industrial emissions known only as totals. The bundled Danish data "
           "put here the part of the Energi- og CO2-regnskab total outside its agriculture, "
           "energy and transport sectors (landfill, chemical processes, wastewater)."),
)

_CONV = ("The switch needs 'conversion' (MWh of {to} per MWh of {fr}: the ratio of the "
         "process's efficiencies, not sourced); without it capf would move MWh for MWh.")

ACTION_TEMPLATES = (
    action_template("industry_gas_to_electricity", "switch", "Electrify industrial process "
                    "heat now fired with natural gas (electric boilers, heat pumps).",
                    from_="industry.energy.natural_gas", to="industry.energy.electricity",
                    planner_gives=("conversion",),
                    notes=_CONV.format(to="electricity", fr="gas")),
    action_template("industry_oil_to_gas", "switch", "Replace heating oil by grid gas in "
                    "industry.", from_="industry.energy.heating_oil",
                    to="industry.energy.natural_gas", planner_gives=("conversion",),
                    notes=_CONV.format(to="gas", fr="oil")),
    action_template("industry_energy_efficiency", "reduce", "Energy efficiency in industry: "
                    "less gas used (repeat for oil and electricity).",
                    source="industry.energy.natural_gas"),
    action_template("lower_clinker_output", "reduce", "Less clinker (substitution by other "
                    "binders, lower clinker ratio).", source="industry.process.cement_clinker"),
    action_template("cement_carbon_capture", "reduce", "Capture and store a share of the cement "
                    "process CO2 (acts on the bundled Danish data's emissions line for Aalborg, "
                    "as on an activity line).", source="industry.process.cement_clinker",
                    notes="share = the share of the process CO2 captured and stored by `full`; "
                    "no capture rate is sourced here."),
    action_template("cement_process_ccs", "decarbonise", "Capture and store the process CO2 "
                    "of clinker production.", source="industry.process.cement_clinker",
                    notes="The new factor is the residual CO2 per tonne after capture; no "
                    "capture rate is sourced here. Stored biogenic CO2 belongs in "
                    "removals.biogenic_ccs."),
)
