"""Energy supply: grid electricity, district heat, the fuel carriers, energy.other.

Carriers are the energy forms other sources use; their factors are per unit of
delivered energy. BR18 Bilag 2 Tabel 8 gives the Danish trajectories for grid
electricity and district heating (kg CO2e/kWh, 2023-2040; figures known only as
CO2e, so they sit under the ``CO2e`` gas and a change of GWP set leaves them as
they are). HB2016 gives the combustion CO2 of heating gas oil and of natural gas
(grid gas, kg CO2/kWh); BR18's grid-gas trajectory (a building life-cycle factor)
is the named alternative ``br18``. District heat stays the national BR18
trajectory: the per-municipality fuel mix is bundled, but sourced CO2 factors of
its waste and mixed-fossil fuels are not (HB2016 gives none for waste or coal). Every
energy source is in the DK2020 sector "energy".
"""

from .base import Carrier, Factor, Sector, Source, action_template
from .citations import BR18_TABLE8, DEFINITION, HB2016_FUELS, HB2016_NATURAL_GAS

_BR18 = {
    "electricity": {2023: 0.187, 2025: 0.135, 2030: 0.0470, 2035: 0.0414, 2040: 0.0403},
    "district_heat": {2023: 0.105, 2025: 0.0878, 2030: 0.0713, 2035: 0.0688, 2040: 0.0680},
    "grid_gas": {2023: 0.225, 2025: 0.189, 2030: 0.105, 2035: 0.105, 2040: 0.105},
}

CARRIERS = (
    Carrier(
        "electricity",
        "Grid electricity (Danish national average)",
        (Factor("CO2e", _BR18["electricity"], "kg/kWh", BR18_TABLE8),),
        "BR18 'El'; the national-average method",
    ),
    Carrier(
        "district_heat",
        "District heat (Danish national average)",
        (Factor("CO2e", _BR18["district_heat"], "kg/kWh", BR18_TABLE8),),
        "BR18 'Fjernvarme', per kWh of heat delivered",
    ),
    Carrier(
        "grid_gas",
        "Grid gas (natural gas; the grid's biogas share as a decarbonisation)",
        (Factor("CO2", 0.204, "kg/kWh", HB2016_NATURAL_GAS),),
        "HB2016 'Naturgas' combustion CO2 per kWh of gas; a biogas share in the grid is a "
        "`decarbonise` action on carrier grid_gas. Named alternative `br18` ([plan] "
        "grid_gas_factor = \"br18\"): BR18 'Ledningsgas', the building-LCA factor (kg CO2e/kWh, "
        "2023-2040, with BR18's assumed biogas share)",
        alternatives=(("br18", (Factor("CO2e", _BR18["grid_gas"], "kg/kWh", BR18_TABLE8),)),),
    ),
    Carrier(
        "heating_oil",
        "Heating gas oil",
        (Factor("CO2", 0.266, "kg/kWh", HB2016_FUELS),),
        "HB2016 'Fyringsgasolie', per kWh of fuel",
    ),
)

#: The energy sector: in the CCTF group "energy" and the named scope "energy".
SECTOR = Sector(
    "energy", label="energy", label_da="energi", colour="#D55E00", iamc="Energy", cctf="energy",
    order=10, energy_scope=True,
)

SOURCES = (
    Source(
        "energy.electricity.consumption",
        "Electricity consumption (grid)",
        "MWh/yr",
        carrier="electricity",
        efficiency=1.0,
        efficiency_citation=DEFINITION,
        service="electricity",
        ipcc="1.A.1.a (indirect, scope 2)",
        dk2020_sector="energy",
        description="Electricity used in the municipality; factor = grid electricity factor.",
    ),
    Source(
        "energy.district_heat.consumption",
        "District heat consumption",
        "MWh/yr",
        carrier="district_heat",
        efficiency=1.0,
        efficiency_citation=DEFINITION,
        service="heat",
        ipcc="1.A.1.a (indirect, scope 2)",
        dk2020_sector="energy",
        description="District heat delivered to consumers; factor = district-heat factor.",
        notes=("activity is heat delivered at the consumer; substation losses are not modelled",),
    ),
    Source(
        "energy.local_production.wind",
        "Local wind power production",
        "MWh/yr",
        (Factor("CO2e", 0.0, "kg/kWh", DEFINITION),),
        produces="electricity",
        service="electricity",
        ipcc="1.A.1.a",
        dk2020_sector="energy",
        description="Electricity from wind turbines in the municipality; no territorial "
        "emissions. With electricity_method = 'local_netted' it lowers the municipality's "
        "electricity factor.",
    ),
    Source(
        "energy.local_production.solar",
        "Local solar power production",
        "MWh/yr",
        (Factor("CO2e", 0.0, "kg/kWh", DEFINITION),),
        produces="electricity",
        service="electricity",
        ipcc="1.A.1.a",
        dk2020_sector="energy",
        description="Electricity from solar PV in the municipality; no territorial emissions.",
    ),
    Source(
        "energy.other",
        "Energy: other (emission level)",
        None,
        ipcc="1.A",
        dk2020_sector="energy",
        description="Energy emissions known only as totals (e.g. the Energi- og CO2-regnskab "
        "'Energi' sector, which covers power, heat, individual heating and industrial energy use).",
    ),
)

ACTION_TEMPLATES = (
    action_template(
        "local_wind", "add", "New wind turbines in the municipality (MWh/yr produced at full "
        "effect).", source="energy.local_production.wind",
        notes="Lowers the municipality's electricity factor only with electricity_method = "
        "'local_netted'."),
    action_template(
        "local_solar", "add", "New solar PV in the municipality (MWh/yr produced at full "
        "effect).", source="energy.local_production.solar",
        notes="Lowers the municipality's electricity factor only with electricity_method = "
        "'local_netted'."),
    action_template(
        "electricity_savings", "reduce", "Electricity savings: a share of the grid electricity "
        "consumption avoided.", source="energy.electricity.consumption"),
    action_template(
        "district_heat_conversion", "decarbonise", "Lower the district-heat factor (fuel "
        "switch at the local plant: heat pumps, surplus heat, biomass).",
        carrier="district_heat",
        notes="The new factor is the plant's own figure; BR18's national trajectory already "
        "assumes a falling factor, so do not count that fall twice."),
)
