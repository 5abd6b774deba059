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


def _value(v) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return tomli_w.dumps({"x": v})[4:].strip()


def _q(q) -> str:
    """A pint quantity as a plan-file string."""
    unit = {"t CO2e / yr": "t CO2e/yr", "MWh / yr": "MWh/yr", "vkm / yr": "vkm/yr",
            "km ** 2": "km**2"}.get(f"{q.units:~}".replace("metric_ton", "t"), None)
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
    from .datasets import _denmark_dict

    code = str(code)
    d = _denmark_dict(2023, 2050, "AR5GWP100", (code,))
    m = d["municipality"][0]
    name = m["name"]
    out: list[str] = []
    w = out.append
    w("# " + "=" * 86 + "\n")
    w(f"# {name} (DST code {code}): a climate action plan, written by `capf new {code}`\n")
    w("# " + "=" * 86 + "\n")
    w("# Everything active in this file is the bundled data of capf (capf/data/PROVENANCE.md),\n"
      "# each figure with its source in a comment: the 2023 inventory (Energi- og CO2-regnskab\n"
      "# sector totals, with activity lines for boilers, cars and cement carved out of them),\n"
      "# the 1990 and 2019 levels back-cast with national sector series, the Climate Act\n"
      "# targets, the observed 2024 total, and the scenarios bau and national_trend.\n"
      "# The measures are commented out on lines starting with \"#~\": put your figures in\n"
      "# place of <number> and <year> (the \"# PLANNER:\" line above each says which), delete\n"
      "# the \"#~ \" at the start of its lines, add its name to the scenario \"plan\", and run\n"
      f"# `capf check <this file>` and `capf run <this file> --out results/`.\n"
      "# README.md (\"Plan files\") documents every key.\n\n")
    w("[plan]\n")
    w(f"name = {_value(f'{name} ({code}): climate action plan')}\n")
    w("base_year = 2023                # the year of the inventory\n")
    w("end_year = 2050                 # the Climate Act's neutrality year\n")
    w('gwp = "AR5GWP100"               # GWP set for per-gas figures (capf\'s default)\n')
    w(f"description = {_value(d['plan']['description'])}\n\n")
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
      "# vkm of petrol, diesel and electric cars; the factors are the catalogue's defaults\n"
      "# (`capf catalogue`). Every figure is an estimate; its note says how it was made.\n")
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
        w("estimate = true\n")
        w(f"note = {_value(note)}\n")
    w("\n# ---- Reference levels: back-cast with the national series at the end ----\n")
    for b in d["baseline"]:
        w("\n[[baseline]]\n")
        w(f"year = {b['year']}\nbackcast = {_value(b['backcast'])}\nestimate = true\n"
          f"note = {_value(b['note'])}\n")
    w("\n# ---- Targets ----\n[[target]]\npreset = \"climate_act_2030\"     # 70 % below 1990 in "
      "2030 (Klimaloven § 1)\n\n[[target]]\npreset = \"climate_act_2050\"     # climate "
      "neutrality by 2050 (Klimaloven § 1)\n")
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
    drivers = [x["name"] for x in d["driver"]]
    w("\n# ---- Scenarios ----\n[[scenario]]\nname = \"bau\"\n"
      f"description = {_value(d['scenario'][0]['description'])}\n\n")
    w("[[scenario]]\nname = \"national_trend\"\n"
      f"drivers = {_value(drivers)}  # the [[driver]] tables at the end\n"
      f"description = {_value(d['scenario'][1]['description'])}\n\n")
    w("[[scenario]]\nname = \"plan\"\nextends = \"national_trend\"\n"
      "description = \"national trend plus the municipality's measures\"\n")
    w(f"#~ actions = {_value(names)}\n")
    w("\n# ---- Monitoring ----\n")
    for o in d["observation"]:
        w("\n[[observation]]\n")
        w(f"year = {o['year']}\n# {o['source']}\n")
        w(f"emissions = {_value(_q(o['emissions']))}\nestimate = true\n"
          f"source = {_value(o['source'])}\n")
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
