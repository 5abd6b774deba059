"""capf.sectors: every default factor equals its source's figure; the catalogue is complete."""

from __future__ import annotations

import numpy as np
import pytest

import capf
from capf import data, sectors
from capf.compile import carrier_factor, default_factor
from capf.units import GASES, gwp_values, ureg

YEARS = np.array([2023, 2025, 2030, 2035, 2040])


def factor_of(source_id: str, gas: str) -> np.ndarray:
    """The catalogue default of one gas, in t of gas per unit of activity (per year), by year."""
    values, carrier_based = default_factor(source_id, YEARS)
    assert not carrier_based, source_id
    return values[GASES.index(gas)]


def other_gases_zero(source_id: str, *gases: str) -> None:
    values, _ = default_factor(source_id, YEARS)
    for i, g in enumerate(GASES):
        if g not in gases:
            assert np.all(values[i] == 0), (source_id, g)


# ------------------------------------------------------- carrier factors


@pytest.mark.parametrize("carrier", ["electricity", "district_heat", "grid_gas"])
def test_br18_carriers_match_tabel_8(carrier):
    table = data.br18_carrier_factors()
    rows = table[table["carrier"] == carrier].sort_values("year")
    # kg CO2e/kWh = t CO2e/MWh; grid gas's BR18 factor is its named alternative "br18"
    variant = "br18" if carrier == "grid_gas" else None
    got = carrier_factor(carrier, rows["year"].to_numpy(), variant)[GASES.index("CO2e")]
    np.testing.assert_allclose(got, rows["kg_co2e_per_kwh"].to_numpy())
    # linear between the listed years, held outside
    mid = carrier_factor(carrier, [2024, 2050], variant)[GASES.index("CO2e")]
    first, second = rows["kg_co2e_per_kwh"].iloc[:2]
    assert mid[0] == pytest.approx((first + second) / 2)
    assert mid[1] == pytest.approx(rows["kg_co2e_per_kwh"].iloc[-1])


def hb2016_gas_oil() -> float:
    hb = data.hb2016_fuels()
    rows = hb[hb["fuel_da"] == "Fyringsgasolie"]
    value = float(rows["kg_co2_per_kwh"].iloc[0])
    assert (rows["kg_co2_per_kwh"] == value).all()
    # the per-litre columns agree: 2.691 kg CO2 / 10.10 kWh
    litre = rows[rows["unit"] == "liter"].iloc[0]
    assert litre["kg_co2_per_unit"] / litre["kwh_per_unit"] == pytest.approx(value, abs=5e-4)
    return value


def test_heating_oil_carrier_matches_hb2016():
    got = carrier_factor("heating_oil", YEARS)
    np.testing.assert_allclose(got[GASES.index("CO2")], hb2016_gas_oil())  # t/MWh = kg/kWh


@pytest.mark.parametrize("source_id", ["transport.rail.diesel", "transport.navigation.gas_oil"])
def test_gas_oil_transport_uses_hb2016_heating_gas_oil_with_its_caveat(source_id):
    np.testing.assert_allclose(factor_of(source_id, "CO2"), hb2016_gas_oil())
    other_gases_zero(source_id, "CO2")
    src = sectors.get_source(source_id)
    assert "heating gas oil" in src.factors[0].citation.note
    assert "same fuel class" in src.factors[0].citation.note
    assert any("heating gas oil" in n for n in src.notes)


# ------------------------------------------------------- lowland soils (SEGES)

_SEGES_RULE = {
    1: ["lowland_soils.drained_organic_soils.rotation_6_12pct_c"],
    2: ["lowland_soils.drained_organic_soils.rotation_over_12pct_c"],
    3: ["lowland_soils.drained_organic_soils.grass_over_12pct_c"],
    4: ["lowland_soils.drained_organic_soils.grass_6_12pct_c"],
    5: ["lowland_soils.rewetted_organic_soils"],
}


@pytest.mark.parametrize("rule", sorted(_SEGES_RULE))
def test_organic_soils_match_seges_rows_after_gwp_conversion(rule):
    table = data.seges_organic_soils()
    row = table[table["rule_no_in_source"] == rule].iloc[0]
    assert row["gwp_basis"].startswith("AR4")
    ar4 = gwp_values("AR4GWP100")
    for sid in _SEGES_RULE[rule]:
        np.testing.assert_allclose(factor_of(sid, "CO2"), row["co2_from_carbon_t_per_ha_yr"])
        np.testing.assert_allclose(factor_of(sid, "N2O"),
                                   row["n2o_as_co2e_t_per_ha_yr"] / ar4["N2O"])
        np.testing.assert_allclose(factor_of(sid, "CH4"),
                                   row["ch4_as_co2e_t_per_ha_yr"] / ar4["CH4"])
        other_gases_zero(sid, "CO2", "N2O", "CH4")


def test_rewetted_ch4_is_6_8_t_co2e_ar4_as_0_272_t_ch4():
    assert gwp_values("AR4GWP100")["CH4"] == 25.0
    np.testing.assert_allclose(factor_of("lowland_soils.rewetted_organic_soils", "CH4"), 0.272)


# ------------------------------------------------------- IPCC Tier 1 (defaults.md, MED)


@pytest.mark.parametrize("source_id", ["agriculture.soils.synthetic_fertiliser_n",
                                       "agriculture.soils.manure_n_applied"])
def test_n_applied_uses_ef1_times_44_28(source_id):
    # defaults.md §5: EF1 = 0.01 kg N2O-N per kg N (MED); 44/28 N2O-N -> N2O (definition)
    np.testing.assert_allclose(factor_of(source_id, "N2O"), 0.01 * 44 / 28)  # t N2O per t N
    other_gases_zero(source_id, "N2O")
    assert "not checked against the primary document" in \
        sectors.get_source(source_id).factors[0].citation.note


@pytest.mark.parametrize("source_id, c_per_t", [("agriculture.liming.limestone", 0.12),
                                                ("agriculture.liming.dolomite", 0.13)])
def test_liming_uses_ipcc_carbon_fraction_times_44_12(source_id, c_per_t):
    # defaults.md §5: 0.12 / 0.13 t C per t (MED); 44/12 C -> CO2 (definition)
    np.testing.assert_allclose(factor_of(source_id, "CO2"), c_per_t * 44 / 12)
    other_gases_zero(source_id, "CO2")
    assert "not checked against the primary document" in \
        sectors.get_source(source_id).factors[0].citation.note


# ------------------------------------------------------- definitions


def test_biogenic_ccs_removes_one_tonne_per_tonne():
    np.testing.assert_allclose(factor_of("removals.biogenic_ccs", "CO2"), -1.0)
    assert sectors.get_source("removals.biogenic_ccs").removal


@pytest.mark.parametrize("source_id", ["energy.local_production.wind",
                                       "energy.local_production.solar"])
def test_local_production_emits_nothing(source_id):
    np.testing.assert_allclose(default_factor(source_id, YEARS)[0], 0.0)


# efficiency of each carrier-based source and where it comes from (defaults.md §1, MED, or a
# definition; the oil boiler's 0.9 is PyPSA's non-Danish figure, as the catalogue says)
_EFFICIENCY = {
    "energy.electricity.consumption": 1.0,
    "energy.district_heat.consumption": 1.0,
    "buildings.individual_heating.oil_boiler": 0.9,
    "buildings.individual_heating.natural_gas_boiler": 0.97,
    "buildings.individual_heating.heat_pump": 3.4,
    "buildings.individual_heating.ground_source_heat_pump": 3.8,
    "buildings.individual_heating.electric_heating": 1.0,
    "buildings.individual_heating.district_heating": 1.0,
    "transport.rail.electric": 1.0,
    "transport.navigation.electric": 1.0,
    "industry.energy.natural_gas": 1.0,
    "industry.energy.heating_oil": 1.0,
    "industry.energy.electricity": 1.0,
}


@pytest.mark.parametrize("source_id", sorted(_EFFICIENCY))
def test_carrier_based_efficiency(source_id):
    src = sectors.get_source(source_id)
    assert src.efficiency == _EFFICIENCY[source_id]
    assert src.efficiency_citation is not None
    if src.efficiency == 1.0 and not source_id.startswith("buildings.individual_heating.elec"):
        assert src.efficiency_citation == sectors.citations.DEFINITION


def test_every_default_is_checked_above():
    with_default = {s.id for s in sectors.SOURCES.values() if s.has_default_factor}
    checked = set(_EFFICIENCY) | {
        "transport.rail.diesel", "transport.navigation.gas_oil",
        "agriculture.soils.synthetic_fertiliser_n", "agriculture.soils.manure_n_applied",
        "agriculture.liming.limestone", "agriculture.liming.dolomite",
        "removals.biogenic_ccs", "energy.local_production.wind",
        "energy.local_production.solar",
        "lowland_soils.drained_organic_soils",  # KF25 average: tests/test_kf25_data.py
        # checked in tests/test_activity.py (KF25-derived per vkm; kWh/vkm x grid)
        "transport.road.car_petrol", "transport.road.car_diesel", "transport.road.car_electric",
    } | {sid for ids in _SEGES_RULE.values() for sid in ids}
    assert with_default == checked


# ------------------------------------------------------- the catalogue


def test_every_sector_has_sources_and_other():
    for sector in sectors.SECTORS:
        ids = sectors.sources_in(sector)
        assert len(ids) >= 2 or sector == "removals", sector
        assert any(not sectors.get_source(s).emission_level for s in ids), sector


@pytest.mark.parametrize("source_id", [s for s in sectors.SOURCES
                                       if sectors.get_source(s).activity_unit])
def test_activity_unit_parses_and_factors_convert(source_id):
    src = sectors.get_source(source_id)
    unit = ureg.Unit(src.activity_unit)
    assert ureg.Quantity(f"1 {src.activity_unit}").units == unit
    default_factor(source_id, YEARS)  # every factor unit converts to t per unit of activity


def test_every_source_has_ipcc_category_and_dk2020_sector():
    for s in sectors.SOURCES.values():
        assert s.ipcc, s.id
        assert s.dk2020_sector in sectors.DK2020_SECTORS, s.id
        assert set(s.gases) <= set(GASES), s.id


@pytest.mark.parametrize("prefix, ipcc, dk2020", [
    ("agriculture.enteric_fermentation.", "3.A", "agriculture"),
    ("agriculture.enteric_fermentation.dairy_cattle", "3.A.1", "agriculture"),
    ("agriculture.manure_management.", "3.B", "agriculture"),
    ("agriculture.soils.synthetic_fertiliser_n", "3.D.a.1", "agriculture"),
    ("agriculture.liming.", "3.G", "agriculture"),
    ("industry.process.cement_clinker", "2.A.1", "industry"),
    ("industry.energy.natural_gas", "1.A.2", "energy"),
    ("waste.landfill.", "5.A", "waste"),
    ("waste.wastewater.", "5.D", "waste"),
    ("waste.incineration.", "5.C", "waste"),
    ("transport.road.car_petrol", "1.A.3.b", "transport"),
    ("transport.road.truck_diesel", "1.A.3.b", "transport"),
    ("transport.rail.diesel", "1.A.3.c", "transport"),
    ("transport.navigation.gas_oil", "1.A.3.d", "transport"),
    ("transport.aviation.", "1.A.3.a", "transport"),
    ("removals.forest.afforestation", "4.A", "land use"),
    ("removals.biogenic_ccs", "1.C", "energy"),
    ("lowland_soils.", "4", "land use"),
    ("buildings.", "1.A", "energy"),
])
def test_category_mapping(prefix, ipcc, dk2020):
    ids = [s for s in sectors.SOURCES if s.startswith(prefix)]
    assert ids, prefix
    for sid in ids:
        src = sectors.get_source(sid)
        assert src.ipcc.startswith(ipcc), (sid, src.ipcc)
        assert src.dk2020_sector == dk2020, sid


def test_sources_without_default_say_what_is_missing():
    for s in sectors.SOURCES.values():
        if s.emission_level or s.has_default_factor:
            continue
        assert s.gases, s.id
        assert any("no default" in n.lower() for n in s.notes), s.id
        assert s.carrier is None and s.factors == (), s.id
    for sid in ("transport.road.car_electric", "transport.road.bus_electric"):
        assert "kWh per vkm" in " ".join(sectors.get_source(sid).notes)
    for sid in sectors.sources_in("agriculture.enteric_fermentation"):
        notes = " ".join(sectors.get_source(sid).notes)
        assert "Tier-2" in notes and "Tier-1" in notes and "not verified" in notes


def test_catalogue_table_covers_every_source():
    t = sectors.catalogue_table()
    assert list(t.columns) == ["source", "sector", "subsector", "name", "activity_unit", "gas",
                               "default_factor", "years", "citation", "ipcc", "dk2020_sector",
                               "notes"]
    assert set(t["source"]) == set(sectors.SOURCES)
    assert not t.duplicated(["source", "gas"]).any()
    for sid, rows in t.groupby("source"):
        src = sectors.get_source(sid)
        assert (rows["default_factor"] != "").any() == src.has_default_factor, sid
        assert ((rows["default_factor"] != "") == (rows["citation"] != "")).all(), sid
    by = t.set_index(["source", "gas"])
    # the unknown class: KF25's national area-weighted average (tests/test_kf25_data.py)
    assert by.loc[("lowland_soils.drained_organic_soils", "CO2"), "default_factor"] == \
        "23.9658 t/ha/yr"
    row = by.loc[("buildings.individual_heating.heat_pump", "CO2e")]
    assert (row["default_factor"], row["years"]) == ("carrier electricity / 3.4", "2023-2040")
    row = by.loc[("transport.road.car_electric", "CO2e")]
    assert row["default_factor"] == "carrier electricity / 4761.9"
    assert "Weiss" in row["citation"]
    row = by.loc[("transport.road.van_electric", "CO2e")]
    assert (row["default_factor"], row["citation"]) == ("", "")
    assert by.loc[("removals.biogenic_ccs", "CO2"), "dk2020_sector"] == "energy"


# ------------------------------------------------------- plans with the new sources


def _plan(inventory: list[dict], action: list[dict] | None = None) -> dict:
    action = action or []
    return {
        "plan": {"name": "catalogue test", "base_year": 2023, "end_year": 2045},
        "municipality": [{"code": "999", "name": "Test", "population": 1000}],
        "inventory": inventory,
        "action": action,
        "scenario": [{"name": "bau"}, {"name": "plan", "actions": [a["name"] for a in action]}],
    }


def test_source_without_default_needs_a_factor():
    line = {"municipality": "999", "source": "agriculture.enteric_fermentation.dairy_cattle",
            "activity": "100 head"}
    with pytest.raises(capf.PlanError, match="no sourced default factor"):
        capf.Plan.model_validate(_plan([line]))
    line["factor"] = {"CH4": "50 kg/head/yr"}  # a test value, not a catalogue figure
    ds = capf.project(capf.Plan.model_validate(_plan([line])))
    got = ds["emissions"].sel(municipality="999", gas="CH4", year=2030, scenario="bau").sum()
    assert float(got) == pytest.approx(5.0)  # t CH4/yr


def test_default_factor_in_a_plan():
    line = {"municipality": "999", "source": "agriculture.soils.synthetic_fertiliser_n",
            "activity": "200 t/yr"}
    ds = capf.project(capf.Plan.model_validate(_plan([line])))
    got = ds["emissions"].sel(municipality="999", gas="N2O", year=2023, scenario="bau").sum()
    assert float(got) == pytest.approx(200 * 0.01 * 44 / 28)


def _line(source_id: str, amount: float, factor: float = 1.0) -> dict:
    """An inventory line; a test factor (not a catalogue figure) where there is no default."""
    src = sectors.get_source(source_id)
    line = {"municipality": "999", "source": source_id,
            "activity": f"{amount} {src.activity_unit}"}
    if not src.has_default_factor:
        sign = "-" if src.removal else ""
        line["factor"] = {src.gases[0]: f"{sign}{factor} kg/yr/({src.activity_unit})"}
    return line


def _action(t: dict) -> dict:
    a = {k: t[k] for k in sectors.base.TEMPLATE_ACTION_KEYS if k in t}
    a.update(name=t["name"], start=2025, full=2032)
    needs = set(t["planner_gives"])
    unit = sectors.get_source(t["source"]).activity_unit if "source" in t else None
    values = {
        "share": "60 %",
        "lifetime": 8,
        "conversion": "0.5",
        "activity": f"100 {unit}",
        "factor": "0 kg CO2e/kWh" if "carrier" in t else {"CO2e": f"0 kg/yr/({unit})"},
    }
    for key in needs - {"start", "full"}:
        a[key] = values[key]
    return a


_TEMPLATES = {t["name"]: t for t in sectors.ACTION_TEMPLATES}


def test_templates_cite_or_leave_numbers_to_the_planner():
    assert _TEMPLATES
    for t in sectors.ACTION_TEMPLATES:
        assert "citation" in t or "left to the planner" in t["notes"], t["name"]
        if t["curve"] == "stock_turnover":
            assert "lifetime" in t["planner_gives"], t["name"]
    kinds = {(t["kind"], t.get("from", t.get("source"))) for t in sectors.ACTION_TEMPLATES}
    assert ("switch", "buildings.individual_heating.oil_boiler") in kinds
    assert ("switch", "transport.road.car_petrol") in kinds
    assert ("switch", "lowland_soils.drained_organic_soils") in kinds
    assert ("remove", "removals.forest.afforestation") in kinds
    assert _TEMPLATES["petrol_car_to_electric"]["curve"] == "stock_turnover"


@pytest.mark.parametrize("name", sorted(_TEMPLATES))
def test_every_template_makes_a_valid_plan(name):
    t = _TEMPLATES[name]
    ids = [t[k] for k in ("source", "from", "to") if k in t]
    inventory = [_line(sid, 1000.0 if i == 0 and t["kind"] != "remove" else 0.0,
                       factor=1.0 if i == 0 else 0.5) for i, sid in enumerate(ids)]
    if "carrier" in t:
        inventory = [_line("energy.district_heat.consumption", 1000.0)]
    plan = capf.Plan.model_validate(_plan(inventory, [_action(t)]))
    ds = capf.project(plan, activity=True)
    co2e = ds["co2e"].sel(municipality="999").sum("source")
    if t["kind"] != "add":  # local wind and solar change nothing under the national average
        assert not np.allclose(co2e.sel(scenario="plan"), co2e.sel(scenario="bau")), name


@pytest.mark.parametrize("name", sorted(n for n, t in _TEMPLATES.items()
                                        if t["kind"] == "switch"))
def test_switch_templates_conserve_the_service(name):
    t = _TEMPLATES[name]
    action = _action(t)
    plan = capf.Plan.model_validate(_plan([_line(t["from"], 1000.0), _line(t["to"], 0.0)],
                                          [action]))
    act = capf.project(plan, activity=True)["activity"].sel(municipality="999")
    conversion = float(ureg.Quantity(action.get("conversion", "1")).to("").magnitude)
    service = act.sel(source=t["from"]) + act.sel(source=t["to"]) / conversion
    np.testing.assert_allclose(service, 1000.0)
    moved = float(act.sel(source=t["to"], scenario="plan", year=2045))
    assert moved == pytest.approx(0.6 * 1000.0 * conversion)


# ------------------------------------------------------- the Sector records

# The tables that read the records, as they were written out before the records existed.
_COLOURS = {"energy": "#D55E00", "buildings": "#E69F00", "transport": "#0072B2",
            "agriculture": "#F0E442", "lowland_soils": "#009E73", "industry": "#CC79A7",
            "waste": "#56B4E9", "removals": "#999999"}
_IAMC = {"energy": "Energy", "buildings": "Buildings", "transport": "Transport",
         "agriculture": "Agriculture", "lowland_soils": "Lowland Soils", "industry": "Industry",
         "waste": "Waste", "removals": "Removals"}
_CCTF = {"energy": "energy", "buildings": "energy", "transport": "transport",
         "industry": "industry", "agriculture": "agriculture", "lowland_soils": "agriculture",
         "waste": "other"}
_SCOPES = {"all": None,
           "excl_lulucf": ("energy", "buildings", "transport", "agriculture", "industry",
                           "waste"),
           "energy": ("energy", "buildings", "transport")}
_REPORT = {"energy": ("energy", "energi"), "buildings": ("buildings", "bygninger"),
           "transport": ("transport", "transport"), "agriculture": ("agriculture", "landbrug"),
           "lowland_soils": ("lowland soils", "lavbundsjorder"),
           "industry": ("industry", "industri"), "waste": ("waste", "affald"),
           "removals": ("removals", "optag")}


def test_sector_records_in_their_modules_and_order():
    import importlib

    assert list(sectors.SECTORS) == ["energy", "buildings", "transport", "agriculture",
                                     "lowland_soils", "industry", "waste", "removals"]
    for name, rec in sectors.SECTOR_RECORDS.items():
        assert isinstance(rec, sectors.Sector) and rec.name == name
        assert importlib.import_module(f"capf.sectors.{name}").SECTOR is rec
        assert sectors.get_sector(name) is rec
    orders = [r.order for r in sectors.SECTOR_RECORDS.values()]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    # every source's sector has a record
    assert {s.sector for s in sectors.SOURCES.values()} == set(sectors.SECTORS)


def test_sector_record_is_frozen():
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        sectors.get_sector("energy").colour = "#000000"


def test_get_sector_names_the_known_sectors():
    with pytest.raises(KeyError, match=r"unknown sector 'forestry'; expected one of energy, "
                                       r"buildings, .*, removals"):
        sectors.get_sector("forestry")


def test_tables_derived_from_the_records_keep_their_values():
    from capf import plot
    from capf.assess.sector_test import CCTF_SECTOR_MAP
    from capf.io.iamc import SECTOR_LABELS
    from capf.plan.targets import SCOPES
    from capf.report.messages import MESSAGES, Text

    assert plot.SECTOR_COLOURS == _COLOURS and list(plot.SECTOR_COLOURS) == list(_COLOURS)
    assert SECTOR_LABELS == _IAMC and list(SECTOR_LABELS) == list(_IAMC)
    assert CCTF_SECTOR_MAP == _CCTF
    assert SCOPES == _SCOPES
    for name, (en, da) in _REPORT.items():
        assert MESSAGES[f"sector.{name}"] == {"en": en, "da": da}
        assert Text("en").sector(name) == en and Text("da").sector(name) == da
    assert Text("da").sector("other") == "øvrige"  # a CCTF group, not a capf sector


def test_catalogue_problems_raise_naming_the_file(monkeypatch):
    assert sectors._catalogue_problems() == []
    bad = sectors.Source("energy.bogus", "Bogus", "MWh/yr", carrier="steam", ipcc="",
                         dk2020_sector="space", gases=("XY",))
    monkeypatch.setitem(sectors._SOURCE_FILES, bad.id, "capf/sectors/energy.py")
    monkeypatch.setattr(sectors, "SOURCES", {**sectors.SOURCES, bad.id: bad})
    with pytest.raises(RuntimeError, match=r"(?s)inconsistent.*capf/sectors/energy.py: source "
                                           r"'energy.bogus': no IPCC category.*DK2020 sector "
                                           r"'space'.*carrier 'steam'.*needs an efficiency"
                                           r".*gas 'XY'"):
        sectors._check_catalogue()


def test_every_sector_module_is_listed(monkeypatch):
    monkeypatch.setattr(sectors, "_NOT_SECTORS", ("base",))
    with pytest.raises(RuntimeError, match=r"capf/sectors/citations.py: a module of capf.sectors "
                                           r"that is not in its table of sector modules"):
        sectors._check_catalogue()


def test_sector_records_checked_at_import():
    import types

    def module(name, **attrs):
        m = types.ModuleType(f"capf.sectors.{name}")
        m.__dict__.update(attrs)
        return m

    rec = sectors.get_sector("waste")
    with pytest.raises(RuntimeError, match=r"capf/sectors/peat.py: no SECTOR record"):
        sectors._collect_sectors([module("peat")])
    with pytest.raises(RuntimeError, match=r"capf/sectors/peat.py: SECTOR is named 'waste'"):
        sectors._collect_sectors([module("peat", SECTOR=rec)])
    with pytest.raises(RuntimeError, match=r"capf/sectors/waste.py: sector 'waste' \(order 70\) "
                                           r"repeats"):
        sectors._collect_sectors([module("waste", SECTOR=rec)] * 2)


def test_cctf_groups_are_checked(monkeypatch):
    import dataclasses
    import importlib

    st = importlib.import_module("capf.assess.sector_test")  # capf.assess.sector_test: a function
    odd = dataclasses.replace(sectors.get_sector("waste"), cctf="circular")
    monkeypatch.setitem(st.SECTOR_RECORDS, "waste", odd)
    with pytest.raises(RuntimeError, match=r"capf/sectors/waste.py: CCTF group 'circular' of "
                                           r"sector 'waste' is not one of energy, transport"):
        st._cctf_groups()


def test_iamc_names_and_report_labels_read_the_records(monkeypatch):
    import dataclasses

    from capf.io.iamc import iamc_long

    plan = capf.testing.example_plan()
    ds = capf.project(plan)
    odd = dataclasses.replace(sectors.get_sector("lowland_soils"), iamc="AFOLU|Peat")
    monkeypatch.setitem(sectors.SECTOR_RECORDS, "lowland_soils", odd)
    variables = set(iamc_long(ds)["variable"])
    assert "Emissions|CO2|AFOLU|Peat" in variables
    assert not any(v.endswith("|Lowland Soils") for v in variables)
