"""Transport: road vehicles by class and fuel, rail, domestic navigation and aviation.

Road sources are measured in vehicle-kilometres (``vkm/yr``), so a switch from a
petrol car to an electric car conserves the kilometres driven. Passenger cars have
defaults: petrol and diesel cars KF25's 2023 road-car CO2e per vkm of the Danish
combustion fleet (derived, an estimate), electric cars grid electricity × 0.21 kWh
per vkm (Weiss et al. 2024). No Danish energy use per vkm of vans, trucks or buses
(e.g. DCE/COPERT MJ per vkm) was available, so those have no default: a plan gives
``factor`` per vkm.

Rail, ships and aircraft are measured in the energy of the fuel or electricity
they use (``MWh/yr``). Diesel (gas oil) has HB2016's heating gas oil factor
(same fuel class; CO2 only); electricity is the grid carrier with efficiency 1
(the activity is the electricity used); jet fuel has no default.

All transport is DK2020 sector "transport". Electric transport emits through
the grid (scope 2): its electricity may already be in the plan's
``energy.electricity.consumption`` line; count it once.
"""

from __future__ import annotations

from .base import Factor, Sector, Source, action_template
from .citations import (
    DEFINITION,
    HB2016_GAS_OIL_AS_DIESEL,
    KF25_CARS_PER_VKM,
    WEISS_EV_2024,
)

_COMBUSTION = ("CO2", "CH4", "N2O")
_NO_VKM = ("No default: the energy use per vkm of a Danish {label} (kWh or MJ per vkm, e.g. "
           "DCE/COPERT by vehicle class and fuel) is not sourced, nor is a tank-to-wheel CO2 "
           "factor of {fuel}. Give 'factor' per vkm, e.g. {{ CO2 = '<value> kg/vkm' }}.")
_NO_EV = ("No default: the electricity use of a Danish {label} (kWh per vkm) is not sourced. "
          "With it, the factor would be the grid electricity factor × kWh per vkm (carrier "
          "'electricity' with efficiency = vkm per kWh). Give 'factor' per vkm, e.g. "
          "{{ CO2e = '<value> kg/vkm' }}. Charging electricity may already be in "
          "energy.electricity.consumption: count it once.")
_FUEL_TEXT = {
    "petrol": "motor petrol",
    "diesel": "road diesel (HB2016's heating gas oil factor is per kWh of fuel, so it needs "
              "the missing energy per vkm)",
}


#: Passenger cars: petrol and diesel per vkm derived from KF25 (estimate), electric as
#: kWh per vkm (Weiss et al. 2024) x the grid factor, so they follow its trajectory.
CAR_CO2E_KG_PER_VKM = 0.25094168075038653
EV_KWH_PER_VKM = 0.21
_CAR_NOTES = {
    "petrol": ("Default: KF25's 2023 road-car CO2e per vkm of the Danish combustion fleet "
               "(derived, an estimate; see the citation). A plan with its own vkm and "
               "fleet data should give 'factor'."),
    "diesel": ("Default: the same KF25-derived CO2e per vkm as petrol cars (KF25 does not split "
               "1A3bi by fuel; an estimate). A plan with its own data should give 'factor'."),
    "electric": ("Default: grid electricity x 0.21 kWh per vkm (efficiency 4,762 vkm per MWh; "
                 "Weiss et al. 2024, a European real-world average), so it follows the grid "
                 "trajectory. 'efficiency' accepts e.g. '0.18 kWh/vkm'. Charging electricity "
                 "may already be in energy.electricity.consumption: count it once."),
}


def _road(vehicle: str, label: str, fuel: str, ipcc: str) -> Source:
    electric = fuel == "electric"
    if vehicle == "car":
        note = _CAR_NOTES[fuel]
        if electric:
            return Source(
                "transport.road.car_electric", f"Road: {label}, {fuel}", "vkm/yr",
                carrier="electricity", efficiency=1000.0 / EV_KWH_PER_VKM,
                efficiency_citation=WEISS_EV_2024, service=f"{label} vkm",
                ipcc=f"1.A.1.a (indirect, scope 2; service {ipcc})", dk2020_sector="transport",
                gases=("CO2e",),
                description=f"Road vehicles: {label}, {fuel}; activity = vehicle-km driven per "
                            "year; factor = grid electricity / (vkm per MWh)",
                notes=(note,))
        return Source(
            f"transport.road.car_{fuel}", f"Road: {label}, {fuel}", "vkm/yr",
            (Factor("CO2e", CAR_CO2E_KG_PER_VKM, "kg/vkm", KF25_CARS_PER_VKM),),
            service=f"{label} vkm", ipcc=ipcc, dk2020_sector="transport", gases=_COMBUSTION,
            description=f"Road vehicles: {label}, {fuel}; activity = vehicle-km driven per year.",
            notes=(note,))
    note = (_NO_EV.format(label=label) if electric
            else _NO_VKM.format(label=label, fuel=_FUEL_TEXT[fuel]))
    return Source(
        f"transport.road.{vehicle}_{fuel}",
        f"Road: {label}, {fuel}",
        "vkm/yr",
        service=f"{label} vkm",
        ipcc=f"1.A.1.a (indirect, scope 2; service {ipcc})" if electric else ipcc,
        dk2020_sector="transport",
        gases=("CO2e",) if electric else _COMBUSTION,
        description=f"Road vehicles: {label}, {fuel}; activity = vehicle-km driven per year.",
        notes=(note,),
    )


def _gas_oil(id_: str, name: str, ipcc: str, service: str) -> Source:
    return Source(
        id_, name, "MWh/yr",
        (Factor("CO2", 0.266, "kg/kWh", HB2016_GAS_OIL_AS_DIESEL),),
        service=service, ipcc=ipcc, dk2020_sector="transport", gases=_COMBUSTION,
        description=f"{name}; activity = fuel energy used (MWh/yr, lower heating value).",
        notes=("CO2 from HB2016 'Fyringsgasolie' (heating gas oil), used here because diesel "
               "and marine gas oil are the same fuel class (gas/diesel oil); no Danish "
               "transport-fuel factor was available. CH4 and N2O have no default.",),
    )


def _electric(id_: str, name: str, service: str, ipcc: str) -> Source:
    return Source(
        id_, name, "MWh/yr", carrier="electricity", efficiency=1.0,
        efficiency_citation=DEFINITION, service=service,
        ipcc=f"1.A.1.a (indirect, scope 2; service {ipcc})", dk2020_sector="transport",
        description=f"{name}; activity = electricity used (MWh/yr), so the factor is the grid "
                    "electricity factor.",
        notes=("Efficiency 1.0 by definition: the activity is the electricity itself. It may "
               "already be in energy.electricity.consumption: count it once.",),
    )


#: Transport: its own CCTF group; in the named scope "energy".
SECTOR = Sector(
    "transport", label="transport", label_da="transport", colour="#0072B2", iamc="Transport",
    cctf="transport", order=30, energy_scope=True,
)

SOURCES = (
    _road("car", "passenger car", "petrol", "1.A.3.b.i"),
    _road("car", "passenger car", "diesel", "1.A.3.b.i"),
    _road("car", "passenger car", "electric", "1.A.3.b.i"),
    _road("van", "van (light-duty vehicle)", "petrol", "1.A.3.b.ii"),
    _road("van", "van (light-duty vehicle)", "diesel", "1.A.3.b.ii"),
    _road("van", "van (light-duty vehicle)", "electric", "1.A.3.b.ii"),
    _road("truck", "truck (heavy-duty vehicle)", "diesel", "1.A.3.b.iii"),
    _road("truck", "truck (heavy-duty vehicle)", "electric", "1.A.3.b.iii"),
    _road("bus", "bus", "diesel", "1.A.3.b.iii"),
    _road("bus", "bus", "electric", "1.A.3.b.iii"),
    _gas_oil("transport.rail.diesel", "Rail: diesel traction", "1.A.3.c", "rail transport"),
    _electric("transport.rail.electric", "Rail: electric traction", "rail transport",
              "1.A.3.c"),
    _gas_oil("transport.navigation.gas_oil", "Domestic navigation: ships and ferries on "
             "marine gas oil", "1.A.3.d", "domestic navigation"),
    _electric("transport.navigation.electric", "Domestic navigation: electric ferries",
              "domestic navigation", "1.A.3.d"),
    Source(
        "transport.aviation.jet_fuel",
        "Domestic aviation: jet fuel",
        "MWh/yr",
        service="domestic aviation",
        ipcc="1.A.3.a",
        dk2020_sector="transport",
        gases=_COMBUSTION,
        description="Domestic flights; activity = jet fuel energy used (MWh/yr).",
        notes=("No default: no sourced CO2 factor of jet fuel (jet kerosene). HB2016's "
               "'Petroleum' row is heating kerosene, not jet fuel, and is not used. Give "
               "'factor' per MWh of fuel.",),
    ),
    Source("transport.other", "Transport: other (emission level)", None, ipcc="1.A.3",
           dk2020_sector="transport",
           description="Transport emissions known only as totals (e.g. the Energi- og "
           "CO2-regnskab 'Transport' sector)."),
)

_R = "transport.road."
_EV_NOTE = ("The vkm driven are conserved. {to} has no default factor: give it an inventory "
            "line (activity may be '0 vkm/yr') with its 'factor'; capf does not stop a switch "
            "into a source without a factor, whose vkm would then count as zero emissions.")


def _to_electric(vehicle: str, fuel: str, label: str) -> dict:
    to = f"{_R}{vehicle}_electric"
    notes = (("The vkm driven are conserved; electric cars have a default factor (grid "
              "electricity x kWh per vkm), and the bundled Danish data have car lines for "
              "every municipality.") if vehicle == "car" else _EV_NOTE.format(to=to))
    return action_template(
        f"{fuel}_{vehicle}_to_electric", "switch",
        f"Replace {fuel} {label} by electric ones (vehicle stock turns over).",
        from_=f"{_R}{vehicle}_{fuel}", to=to, curve="stock_turnover", notes=notes)


_CONVERSION = ("The switch needs 'conversion' (MWh of electricity per MWh of {fuel}: the ratio "
               "of the drivetrains' efficiencies, not sourced); without it capf would move MWh "
               "for MWh.")

ACTION_TEMPLATES = (
    _to_electric("car", "petrol", "passenger cars"),
    _to_electric("car", "diesel", "passenger cars"),
    _to_electric("van", "diesel", "vans"),
    _to_electric("truck", "diesel", "trucks"),
    _to_electric("bus", "diesel", "buses"),
    action_template("less_car_traffic", "reduce", "Less car traffic (modal shift, "
                    "planning): a share of petrol-car vkm avoided (repeat for diesel and "
                    "electric cars).", source=_R + "car_petrol"),
    action_template("rail_electrification", "switch", "Electrify diesel rail lines.",
                    from_="transport.rail.diesel", to="transport.rail.electric",
                    planner_gives=("conversion",), notes=_CONVERSION.format(fuel="diesel")),
    action_template("electric_ferries", "switch", "Replace gas-oil ferries by electric ferries.",
                    from_="transport.navigation.gas_oil", to="transport.navigation.electric",
                    curve="stock_turnover", planner_gives=("conversion",),
                    notes=_CONVERSION.format(fuel="marine gas oil")),
)
