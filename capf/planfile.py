"""``capf new``: a plan file for one Danish municipality from the bundled data.

:func:`plan_file` writes the municipality's bundled plan (what
``capf.datasets.denmark(municipalities=[code])`` holds: the 2023 inventory with
its activity lines, the 1990/2019 back-casts, targets, the 2024 observation,
national series and the TIMES-DK drivers) as TOML with a source comment on every
figure, and the measure templates that act on its lines commented out under
``# PLANNER: supply ...`` lines, each with the figures it needs.
"""

from __future__ import annotations

import tomli_w

__all__ = ["plan_file", "TEMPLATES"]

_IH = "buildings.individual_heating."
_CAR = "transport.road."

#: The measures written as templates: (name, sector line it needs, keys, what the
#: planner supplies). Curves are linear so a template needs only share and years;
#: the comment says where ``stock_turnover`` fits.
TEMPLATES: tuple[tuple[str, str, dict, str], ...] = (
    ("oil_boilers_to_heat_pumps", _IH + "oil_boiler",
     {"kind": "switch", "from": _IH + "oil_boiler", "to": _IH + "heat_pump"},
     "the share of the oil boilers' heat moved to air-to-water heat pumps by `full`, and the "
     "years (the municipality's heat plan)"),
    ("gas_boilers_to_heat_pumps", _IH + "natural_gas_boiler",
     {"kind": "switch", "from": _IH + "natural_gas_boiler", "to": _IH + "heat_pump"},
     "the share of the gas boilers' heat moved to heat pumps, and the years (heat plan)"),
    ("gas_boilers_to_district_heating", _IH + "natural_gas_boiler",
     {"kind": "switch", "from": _IH + "natural_gas_boiler", "to": _IH + "district_heating"},
     "the share of the gas-heated buildings connected to district heating, and the years "
     "(the district-heating company's conversion plan; it acts on what the line above left)"),
    ("petrol_cars_to_electric", _CAR + "car_petrol",
     {"kind": "switch", "from": _CAR + "car_petrol", "to": _CAR + "car_electric"},
     "the share of petrol-car km driven electric by `full`, and the years (e.g. the national "
     "fleet projection or the municipality's transport plan)"),
    ("diesel_cars_to_electric", _CAR + "car_diesel",
     {"kind": "switch", "from": _CAR + "car_diesel", "to": _CAR + "car_electric"},
     "the share of diesel-car km driven electric, and the years"),
    ("cement_carbon_capture", "industry.process.cement_clinker",
     {"kind": "reduce", "source": "industry.process.cement_clinker"},
     "the share of the cement process CO2 captured and stored by `full`, and the years (the "
     "plant's CCS plan)"),
    ("agriculture_strategy", "agriculture.other",
     {"kind": "reduce", "source": "agriculture.other"},
     "the share by which the agriculture strategy lowers agriculture.other, and its years"),
    ("energy_strategy", "energy.other", {"kind": "reduce", "source": "energy.other"},
     "the share by which the energy strategy lowers the rest of energy (energy.other: power, "
     "district heat, industry's energy, services), and its years"),
    ("transport_strategy", "transport.other", {"kind": "reduce", "source": "transport.other"},
     "the share by which the transport strategy lowers the rest of transport (vans, trucks, "
     "buses, through traffic: transport.other), and its years"),
)


_LOCAL_TARGET = """
# A local target against a reference year of the municipality's own (e.g. Sønderborg's
# ProjectZero: energy-system CO2 against 2007). capf takes a target's reference on the
# target's own scope, so the reference level is given on the same scope as the target;
# scope = "energy" is capf's energy + buildings + transport sectors.
# PLANNER: supply the level of the reference year on the target's scope (t or kt CO2e/yr) and the year, e.g. from the municipality's own CO2 accounts
#~ [[baseline]]
#~ municipality = "{code}"         # a given level belongs to one municipality
#~ year = 2007
#~ scope = "energy"
#~ emissions = "<number> kt CO2e/yr"
#~ note = "the municipality's CO2 accounts (<edition>)"
# PLANNER: supply the reduction against that year and the target year, e.g. from the target adopted by the city council
#~ [[target]]
#~ name = "Local target: energy-system CO2"
#~ year = <year>
#~ reduction = "<number> %"
#~ relative_to = 2007
#~ scope = "energy"
#~ citation = "council decision (<edition>)"
"""  # noqa: E501 (a PLANNER line is one line of the plan file)

_EXTRA_MEASURES = """
# Wind and solar power. A turbine or a panel emits nothing in territorial accounting, so
# production lowers emissions only where capf nets it against the municipality's
# electricity use: set electricity_method = "local_netted" in [plan]. The inventory above
# has the existing onshore wind and solar as lines where the municipality has MW (installed
# MW x full-load hours, an estimate; offshore wind left out). Netted, they lower the factor
# of the electricity the lines above use (electric cars, heat pumps) to grid x max(0, 1 -
# production / consumption). The lines' own use is small beside the production, so without a line for
# the rest of the consumption that factor is 0 in most municipalities: give the rest its
# own line and take its emissions out of energy.other, so nothing is counted twice.
# PLANNER: supply the 2023 electricity consumption, e.g. from the Energi- og CO2-regnskab's energy use by carrier (elforbrug)
#~ [[inventory]]
#~ source = "energy.electricity.consumption"    # factor: BR18 grid electricity (catalogue default)
#~ activity = "<number> MWh/yr"
#~ estimate = true
# PLANNER: supply the wind farm's expected yearly production and its commissioning years, e.g. from the project's environmental assessment (VVM)
#~ [[action]]
#~ name = "wind_farm"
#~ kind = "add"                 # new activity of a source
#~ source = "energy.local_production.wind"
#~ activity = "<number> MWh/yr" # production at full effect
#~ start = <year>
#~ full = <year>
#~ curve = "step"

# Lowland rewetting. The bundled data have no area of drained organic soils per municipality
# (the Kulstof 2022 map is not aggregated by municipality in the data): give the hectares,
# and a national series for the back-cast of the new sector. The scenarios pipeline and
# pipeline_prestudies below already rewet the MARS lowland projects (out of
# lowland_soils.other): hectares given here must not include them again.
# PLANNER: supply the hectares of drained organic soils in 2023, e.g. from the Kulstof 2022 map of carbon-rich soils
#~ [[inventory]]
#~ source = "lowland_soils.drained_organic_soils"   # SEGES rule 1 default, 21.08 t CO2/ha/yr
#~ activity = "<number> ha"
#~ estimate = true
# PLANNER: supply national CO2 from drained organic soils in 1990, 2019 and 2023 (Mt CO2e/yr), e.g. from KF25's LULUCF data sheet or DCE's National Inventory Report
#~ [[national_series]]
#~ series = "edgar_dk"
#~ sector = "lowland_soils"
#~ unit = "Mt CO2e/yr"
#~ source = "<citation>"
#~ values = {{ 1990 = <number>, 2019 = <number>, 2023 = <number> }}
# PLANNER: supply the share of the drained area the lowland projects take out of drainage and their years, e.g. from the municipality's lowland projects (MARS: pre-study, establishment grant, established)
#~ [[action]]
#~ name = "rewet_lowland"
#~ kind = "switch"
#~ from = "lowland_soils.drained_organic_soils"
#~ to = "lowland_soils.rewetted_organic_soils"
#~ share = "<number> %"
#~ start = <year>
#~ full = <year>
#~ curve = "linear"
"""  # noqa: E501 (a PLANNER line is one line of the plan file)


def _value(v) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return tomli_w.dumps({"x": v})[4:].strip()


def _q(q) -> str:
    """A pint quantity as a plan-file string."""
    unit = {"t CO2e / yr": "t CO2e/yr", "MWh / yr": "MWh/yr", "vkm / yr": "vkm/yr",
            "km ** 2": "km**2", "ha": "ha"}.get(f"{q.units:~}".replace("metric_ton", "t"))
    if unit is None:
        unit = str(q.units).replace("megawatt_hour", "MWh").replace("vehicle_kilometer", "vkm")
        unit = (unit.replace("CO2e * metric_ton", "t CO2e").replace("metric_ton", "t")
                .replace("year", "yr").replace(" / ", "/").replace("kilometer ** 2", "km**2"))
    return f"{float(q.magnitude)!r} {unit}"


def plan_file(code: str) -> str:
    """The TOML text of a plan for one municipality, from the bundled Danish data.

    Parameters
    ----------
    code : str
        DST municipality code, e.g. ``"340"`` (Sorø).

    Returns
    -------
    str
        A plan file that passes ``capf check`` and runs as written; its scenarios
        ``bau`` and ``national_trend`` reproduce the bundled plan, and ``plan``
        (extending ``national_trend``) gets the measures the planner uncomments.

    Examples
    --------
    >>> text = plan_file("340")
    >>> 'name = "Sorø"' in text and "oil_boilers_to_heat_pumps" in text
    True
    """
    from .data.denmark import denmark_dict

    code = str(code)
    d = denmark_dict(2023, 2050, "AR5GWP100", (code,))
    m = d["municipality"][0]
    name = m["name"]
    out: list[str] = []
    w = out.append
    w("# " + "=" * 86 + "\n")
    w(f"# {name} (DST code {code}): a climate action plan, written by `capf new {code}`\n")
    w("# " + "=" * 86 + "\n")
    w("# Everything active in this file is the bundled data of capf (capf/data/PROVENANCE.md),\n"
      "# each figure with its source in a comment: the 2023 inventory (Energi- og CO2-regnskab\n"
      "# sector totals, with activity lines for boilers, cars and cement carved out of them,\n"
      "# and local wind and solar production),\n"
      "# the 1990 and 2019 levels back-cast with national sector series, the Climate Act\n"
      "# targets, the observed 2024 total, and the scenarios bau, national_trend, pipeline\n"
      "# and pipeline_prestudies (the MARS lowland projects rewetted).\n"
      "# The measures are commented out on lines starting with \"#~\": put your figures in\n"
      "# place of <number> and <year> (the \"# PLANNER:\" line above each says which), delete\n"
      "# the \"#~ \" at the start of its lines, add its name to the scenario \"plan\", and run\n"
      "# `capf check <this file>` and `capf run <this file> --out results/`.\n"
      "# README.md (\"Plan files\") documents every key.\n\n")
    w("[plan]\n")
    w(f"name = {_value(f'{name} ({code}): climate action plan')}\n")
    w("base_year = 2023                # the year of the inventory\n")
    w("end_year = 2050                 # the Climate Act's neutrality year\n")
    w('gwp = "AR5GWP100"               # GWP set for per-gas figures (capf\'s default)\n')
    w(f"description = {_value(d['plan']['description'])}\n")
    w("# Net the local wind and solar lines (below) against the electricity the lines use,\n"
      "# instead of the national grid factor (see the wind template first):\n"
      "#~ electricity_method = \"local_netted\"\n\n")
    w("[[municipality]]\n")
    w(f"# dk_municipalities_master_98.csv, row kommunekode = {code}\n")
    w(f"code = {_value(code)}\nname = {_value(name)}\n")
    w(f"population = {m['population']}              # population_2026 (DST FOLK1A)\n")
    w(f"region = {_value(m['region'])}\n")
    w(f"area = {_value(_q(m['area']))}   # DAWA municipality polygon\n")
    w("\n# ---- 2023 inventory ----\n"
      "# `<sector>.other`: the Energi- og CO2-regnskab sector total (capf.datasets.denmark()),\n"
      "# minus the activity lines carved out of it (capf.data.activity.CARVED_FROM), so lines\n"
      "# + remainder = the observed total. Activity lines: useful heat of oil and gas boilers,\n"
      "# vkm of petrol, diesel and electric cars, MWh of local wind and solar production (no\n"
      "# emissions, carved out of nothing); the factors are the catalogue's defaults\n"
      "# (`capf catalogue`). Activity lines are estimates, flagged; each note says how it was "
      "made.\n")
    present = set()
    for line in d["inventory"]:
        present.add(line["source"])
        w("\n[[inventory]]\n")
        w(f"source = {_value(line['source'])}\n")
        note = line.get("note") or ""
        if "activity" in line:
            w("# " + note[:300] + "\n")
            w(f"activity = {_value(_q(line['activity']))}\n")
        else:
            w("# " + note[:300] + "\n")
            w(f"emissions = {_value(_q(line['emissions']))}\n")
        if line.get("reported_negative"):
            w("reported_negative = true\n")
        if line.get("estimate"):
            w("estimate = true\n")
        w(f"note = {_value(note)}\n")
    w("\n# ---- Reference levels: 1990 back-cast with the national series at the end, "
      "anchored on\n# the observed years; 2019 observed (the [[observation]] tables by sector) "
      "----\n")
    for b in d["baseline"]:
        w("\n[[baseline]]\n")
        w("".join(f"{k} = {_value(b[k])}\n"
                  for k in ("year", "backcast", "anchor_years", "observed", "estimate", "note")
                  if b.get(k) not in (None, False)))
    w("\n# ---- Targets ----\n[[target]]\npreset = \"climate_act_2030\"     # 70 % below 1990 in "
      "2030 (Klimaloven § 1)\n\n[[target]]\npreset = \"climate_act_2050\"     # climate "
      "neutrality by 2050 (Klimaloven § 1)\n")
    w(_LOCAL_TARGET.format(code=code))
    w("\n# ---- Measures (templates) ----\n"
      "# A switch moves `share` of the activity of `from` to `to` (MWh of heat stay MWh of\n"
      "# heat; vkm stay vkm), along `curve` from 0 in `start` to the share in `full`. For\n"
      "# long-lived stock, curve = \"stock_turnover\" with `lifetime` (years) follows the\n"
      "# replacement of boilers and cars. Actions apply in order, each to what the previous\n"
      "# ones left. Lowland rewetting and afforestation need an area line (hectares and, for\n"
      "# afforestation, its factor) first: see scenarios/examples/rewetting_and_heat_pumps.toml.\n")
    names = []
    for tname, needs, keys, what in TEMPLATES:
        if needs not in present:
            continue
        names.append(tname)
        w(f"# PLANNER: supply {what}\n")
        w("#~ [[action]]\n")
        w(f"#~ name = {_value(tname)}\n")
        for k, v in keys.items():
            w(f"#~ {k} = {_value(v)}\n")
        w('#~ share = "<number> %"\n#~ start = <year>\n#~ full = <year>\n#~ curve = "linear"\n')
    w(_EXTRA_MEASURES.format(code=code))
    names += ["wind_farm", "rewet_lowland"]
    drivers = [x["name"] for x in d["driver"]]
    w("\n# ---- Scenarios ----\n[[scenario]]\nname = \"bau\"\n"
      f"description = {_value(d['scenario'][0]['description'])}\n\n")
    w("[[scenario]]\nname = \"national_trend\"\n"
      f"drivers = {_value(drivers)}  # the [[driver]] tables at the end\n"
      f"description = {_value(d['scenario'][1]['description'])}\n\n")
    w("[[scenario]]\nname = \"plan\"\nextends = \"national_trend\"\n"
      "description = \"national trend plus the municipality's measures\"\n")
    w(f"#~ actions = {_value(names)}\n")
    by_name = {x["name"]: x for x in d["scenario"]}
    if d.get("action"):
        w("\n# ---- The MARS lowland projects (capf.datasets.pipeline_actions) ----\n"
          "# Each project status takes its hectares x the drained factor out of\n"
          "# lowland_soils.other and adds them as rewetted soil (SEGES rule 5 CH4); the years\n"
          "# are capf's assumption (capf.datasets.PIPELINE_STATUSES, capf/data/PROVENANCE.md).\n")
        for a in d["action"]:
            w("\n[[action]]\n")
            for k in ("name", "kind", "source", "share", "activity", "start", "full", "curve",
                      "label", "note"):
                if k in a:
                    v = a[k]
                    if k == "activity":
                        w(f"# {a.get('note', '')[:300]}\n")
                    w(f"{k} = {_value(_q(v) if hasattr(v, 'units') else v)}\n")
    for sc in ("pipeline", "pipeline_prestudies"):
        x = by_name.get(sc)
        if x is None:
            continue
        w(f"\n[[scenario]]\nname = {_value(sc)}\n")
        if x.get("extends"):
            w(f"extends = {_value(x['extends'])}\n")
        if x.get("drivers"):
            w(f"drivers = {_value(x['drivers'])}\n")
        w(f"actions = {_value(x['actions'])}\n")
        w(f"description = {_value(x['description'])}\n")
    w("\n# ---- Monitoring ----\n")
    for o in d["observation"]:
        w("\n[[observation]]\n")
        w(f"year = {o['year']}\n" + (f"sector = {_value(o['sector'])}\n" if o.get("sector")
                                      else "") + f"# {o['source']}\n")
        w(f"emissions = {_value(_q(o['emissions']))}\n"
          + ("estimate = true\n" if o.get("estimate") else "")
          + f"source = {_value(o['source'])}\n")
    w("\n# " + "=" * 86 + "\n# Reference data: the national series of the back-casts and "
      "the drivers of national_trend\n# (capf.datasets.denmark(); capf/data/PROVENANCE.md). "
      "Leave them as they are.\n# " + "=" * 86 + "\n")
    for s in d["national_series"]:
        w("\n[[national_series]]\n")
        w(f"series = {_value(s['series'])}\nsector = {_value(s['sector'])}\n"
          f"unit = {_value(s['unit'])}\nsource = {_value(s['source'])}\n")
        w("[national_series.values]\n")
        w("".join(f"{y} = {_value(v)}\n" for y, v in s["values"].items()))
    for x in d["driver"]:
        w("\n[[driver]]\n")
        w(f"name = {_value(x['name'])}\nsource = {_value(x['source'])}\n"
          f"note = {_value(x['note'])}\n")
        w("[driver.index]\n")
        w("".join(f"{y} = {_value(v)}\n" for y, v in x["index"].items()))
    return "".join(out)
