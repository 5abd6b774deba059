"""Buildings: individual heating by technology, and buildings.other.

For individual heating the activity is the useful heat delivered (MWh/yr), for
every technology, so a switch between them conserves the heat delivered. The
factor per MWh of heat is the carrier's factor divided by the seasonal
efficiency (a heat pump's COP). An inventory line may override the efficiency
(``efficiency = 0.85``). Building heating is stationary energy: DK2020 sector
"energy" (the Energi- og CO2-regnskab counts individual heating in "Energi").
"""

from .base import Sector, Source, action_template
from .citations import (
    DEA_HEATING_2050,
    DEA_INDIVIDUAL_HEATING,
    DEFINITION,
    PYPSA_OIL_BOILER,
)

_HEAT = "useful heat"


def _heating(name: str, label: str, carrier: str, efficiency: float, citation, ipcc: str,
             note: str = "") -> Source:
    return Source(
        f"buildings.individual_heating.{name}",
        f"Individual heating: {label}",
        "MWh/yr",
        carrier=carrier,
        efficiency=efficiency,
        efficiency_citation=citation,
        service=_HEAT,
        ipcc=ipcc,
        dk2020_sector="energy",
        description=f"{label}; activity = useful heat delivered (MWh/yr); factor = "
                    f"{carrier} factor / {efficiency:g}",
        notes=(note,) if note else (),
    )


#: Buildings: in the CCTF group "energy" and the named scope "energy".
SECTOR = Sector(
    "buildings", label="buildings", label_da="bygninger", colour="#E69F00", iamc="Buildings",
    cctf="energy", order=20, energy_scope=True,
)

SOURCES = (
    _heating("oil_boiler", "oil boiler", "heating_oil", 0.9, PYPSA_OIL_BOILER, "1.A.4.b"),
    _heating("natural_gas_boiler", "natural gas boiler (grid gas)", "grid_gas", 0.97,
             DEA_INDIVIDUAL_HEATING, "1.A.4.b",
             "DEA sheet 202 'Natural gas boiler: total efficiency, annual average, net', 2020"),
    _heating("heat_pump", "air-to-water heat pump", "electricity", 3.4, DEA_INDIVIDUAL_HEATING,
             "1.A.1.a (indirect, scope 2)",
             "DEA sheet 207.3 'Air to water existing: heat efficiency, annual average, net, "
             "radiators, existing one family house', 2020 (3.6 in 2030; capf keeps 3.4)"),
    _heating("ground_source_heat_pump", "ground-source heat pump", "electricity", 3.8,
             DEA_INDIVIDUAL_HEATING, "1.A.1.a (indirect, scope 2)",
             "DEA sheet 207.7 'Ground source existing: heat efficiency, annual average, net, "
             "radiators, existing one family house', 2020"),
    _heating("electric_heating", "electric resistance heating", "electricity", 1.0,
             DEA_HEATING_2050, "1.A.1.a (indirect, scope 2)"),
    _heating("district_heating", "district heating (house substation)", "district_heat", 1.0,
             DEFINITION, "1.A.1.a (indirect, scope 2)",
             "activity = heat delivered to the building; BR18's factor is per kWh delivered, "
             "so the factor is the district-heat factor itself (substation losses not modelled)"),
    Source("buildings.other", "Buildings: other (emission level)", None, ipcc="1.A.4",
           dk2020_sector="energy", description="Building emissions known only as totals."),
)

_IH = "buildings.individual_heating."
_TURNOVER = ("Boilers are long-lived stock, hence 'stock_turnover'. The heat delivered is "
             "conserved (MWh of heat to MWh of heat).")

ACTION_TEMPLATES = (
    action_template("oil_boiler_to_heat_pump", "switch", "Replace oil boilers by air-to-water "
                    "heat pumps.", from_=_IH + "oil_boiler", to=_IH + "heat_pump",
                    curve="stock_turnover", notes=_TURNOVER),
    action_template("gas_boiler_to_heat_pump", "switch", "Replace natural gas boilers by "
                    "air-to-water heat pumps.", from_=_IH + "natural_gas_boiler",
                    to=_IH + "heat_pump", curve="stock_turnover", notes=_TURNOVER),
    action_template("oil_boiler_to_district_heating", "switch", "Connect oil-heated buildings "
                    "to district heating.", from_=_IH + "oil_boiler",
                    to=_IH + "district_heating", notes="The heat delivered is conserved."),
    action_template("gas_boiler_to_district_heating", "switch", "Connect gas-heated buildings "
                    "to district heating.", from_=_IH + "natural_gas_boiler",
                    to=_IH + "district_heating", notes="The heat delivered is conserved."),
    action_template("building_retrofit", "reduce", "Insulation and retrofits: less heat "
                    "demand of oil-heated buildings (repeat for other technologies).",
                    source=_IH + "oil_boiler"),
)
