"""Rewrite the data sections of scenarios/municipalities/*.toml from capf.datasets.denmark().

    python scripts/update_municipal_toml.py            # all three files, in place
    python scripts/update_municipal_toml.py --check    # exit 1 if a file is out of date

The files are written for planners, with hand-written measures (the "#~" templates) between
generated data sections. This script regenerates, from the bundled data, the sections a data
update changes: the 2023 inventory, the reference levels, the national_trend scenario's
drivers, the monitoring observations and the reference data at the end (national series and
drivers). Everything else in a file is kept as it is.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import capf
from capf import data

ROOT = Path(__file__).resolve().parents[1]
FILES = {"540": "sonderborg", "851": "aalborg", "340": "soro"}
REGNSKAB = {v: k for k, v in data.REGNSKAB_SECTORS.items()}
LABEL = {
    "energy": "Energi: el, fjernvarme, brændsler (power, heat, individual heating, industrial "
              "energy use)",
    "transport": "Transport", "agriculture": "Landbrug",
    "waste": "Affald: Affaldsdeponi + Spildevand (landfill, wastewater)",
    "industry": "Industri: Kemiske processer (process emissions)",
    "lowland_soils": "LULUCF cropland + grassland (not in the regnskab): KF25 estimate",
}
TONNES = "dk_municipality_ghg_tonnes_by_sector_2018_2023_klimaregnskab.csv"


def q(v: float) -> str:
    return f'"{v:.10g} t CO2e/yr"'


def _tbl(rows: list[str]) -> str:
    return "\n".join(rows) + "\n"


def inventory(plan, code: str) -> str:
    key, kf25 = data.lowland_key()[code], data.kf25_sector_series("regnskab")
    out = [
        "# ---- 2023 inventory: Energi- og CO2-regnskab (klimaregnskabet.dk) ----",
        "# Absolute t CO2e by sector, 2023, observed (no population scaling): file",
        f"# {TONNES} [6],",
        f"# row kommune_kode = {code}, year = 2023 (Energistyrelsen / KL / Realdania, via",
        "# GitHub NielsKSchjoedt/groen-trepart-tracker). The regnskab gives its five sectors only",
        "# as totals, so each goes to a `<sector>.other` source given as `emissions`. A negative",
        "# sector stays negative (`reported_negative = true`). Lowland soils are LULUCF, which the",
        "# regnskab leaves out: an estimate from KF25 (below). No `municipality` key: a plan with",
        "# one municipality needs none.",
    ]
    for line in plan.inventory:
        sector = line.source.split(".")[0]
        v = line.emissions.to("t CO2e/yr").magnitude
        out += ["", "[[inventory]]", f'source = "{line.source}"'.ljust(32) + f"  # {LABEL[sector]}"]
        if sector == "lowland_soils":
            out.append(f"# KF25 CRF 4B + 4C 2023 = {kf25.loc[2023, 'lowland_soils']:.6g} Mt CO2e "
                       f"(dk_kf25_crf_national_1990_2050_ar5.csv [6]) × {key:.6f}, this "
                       "municipality's share of the MARS lowland-project area "
                       "(dk_municipality_lowland_projects_mars_ha.csv, capf/data/PROVENANCE.md "
                       "derived value 5)")
        else:
            out.append(f"# column {REGNSKAB[sector]}, 2023 [6]")
        out.append(f"emissions = {q(v)}")
        if line.reported_negative:
            out.append("reported_negative = true")
        if line.estimate:
            out.append("estimate = true")
        out.append(f'note = "{line.note}"')
    return _tbl(out) + "\n"


def references() -> str:
    return _tbl([
        "# ---- Reference levels ----",
        "# 1990: `backcast` names the [[national_series]] at the end of the file: each sector's",
        "# level = national(1990) × Σ observed ÷ Σ national over the `anchor_years` (the 2023",
        "# inventory and the [[observation]] tables by sector 2018-2022): the ratio of sums, chosen",
        "# on the leave-one-year-out skill in docs/validation.md. 2019: `observed = true` takes the",
        "# [[observation]] tables by sector of 2019. No `municipality` key: every municipality.",
        "[[baseline]]",
        "year = 1990                     # the Climate Act's reference year",
        'backcast = "kf25"',
        "anchor_years = [2018, 2019, 2020, 2021, 2022, 2023]",
        "estimate = true",
        'note = "back-cast with the KF25 national sector series, anchored on the observed years '
        '2018-2023 (ratio of sums): an estimate"',
        "",
        "[[baseline]]",
        "year = 2019                     # the DK2020/CCTF sector test compares 2030 with 2019 "
        "(sector_test.csv)",
        "observed = true",
        'note = "observed: Energi- og CO2-regnskab 2019 by sector (lowland soils: KF25 estimate)"',
    ])


def monitoring_and_reference(plan, code: str) -> str:
    out = ["# ---- Monitoring and history ----",
           "# The regnskab's sectors 2018-2022 (observed; they anchor the 1990 back-cast, and 2019",
           "# is the sector test's reference), lowland soils (KF25 estimate) and the 2024 total",
           "# (an estimate), compared with each scenario in monitoring.csv where projected."]
    key, kf25 = data.lowland_key()[code], data.kf25_sector_series("regnskab")
    for o in plan.observation:
        v = o.emissions.to("t CO2e/yr").magnitude
        out += ["", "[[observation]]", f"year = {o.year}"]
        if o.sector is not None:
            out.append(f'sector = "{o.sector}"')
        if o.sector == "lowland_soils":
            out.append(f"# KF25 4B + 4C {o.year} = {kf25.loc[o.year, 'lowland_soils']:.6g} Mt × "
                       f"key {key:.6f}")
        elif o.sector is not None:
            out.append(f"# {TONNES} [6], row {code}, year {o.year}, column {REGNSKAB[o.sector]}")
        else:
            pc = data.inventory_per_capita_series()
            pc = pc[(pc.code == code) & (pc.year == o.year)].co2e_per_capita.item()
            pop = plan.municipality[0].population
            out.append(f"# {pc} t/inh. (dk_municipality_co2e_per_capita_2018_2024_klimaregnskabet"
                       f".csv [3c], row {code}, aar {o.year}) × {pop:,} inh. + lowland KF25 "
                       f"{kf25.loc[o.year, 'lowland_soils']:.6g} Mt × key {key:.6f}")
        out.append(f"emissions = {q(v)}")
        if o.estimate:
            out.append("estimate = true")
        out.append(f'source = "{o.source}"')
    out += ["", "# " + "=" * 85,
            "# Reference data copied from the bundled plan (capf.datasets.denmark(); regenerated by",
            "# `python scripts/update_municipal_toml.py`). Leave them as they are unless you replace",
            "# a source (tests/test_scenarios.py checks that the shipped file's bau and national_trend",
            "# reproduce the bundled plan of this municipality).",
            "# " + "=" * 85, "",
            "# ---- [[national_series]] kf25: national emissions by capf sector, Mt CO2e/yr ----",
            "# KF25 (Klimastatus og -fremskrivning 2025), KEFM CRF tables, sheet CO2-ækv, AR5, file",
            "# dk_kf25_crf_national_1990_2050_ar5.csv [6]: the CRF codes named in each `source`",
            "# summed per year (capf/data/PROVENANCE.md: CRF code -> capf sector). History to 2023,",
            "# projection (frozen policy) after. Keys: series (the name a [[baseline]] backcast",
            "# refers to), sector (capf sector), source (citation), values (year = level; unit",
            "# defaults to Mt CO2e/yr)."]
    for s in plan.national_series:
        out += ["", "[[national_series]]", f'series = "{s.series}"', f'sector = "{s.sector}"',
                f'source = "{s.source}"', "[national_series.values]"]
        out += [f"{y} = {v!r}" for y, v in s.values.items()]
    out += ["", "# ---- [[driver]]: the national_trend scenario's drivers ----",
            "# The KF25 series above from 2023 on (Mt CO2e), each divided by its 2023 value: every",
            "# source of the sector follows KF25's national projection. Modelled, not observed.",
            "# They carry no `scenarios` key: a driver named in a scenario's `drivers` applies there",
            "# and in the scenarios that extend it (national_trend and plan)."]
    for d in plan.driver:
        out += ["", "[[driver]]", f'name = "{d.name}"', f'source = "{d.source}"',
                f'note = "{d.note}"', "[driver.index]                      # Mt CO2e, KF25 [6]"]
        out += [f"{y} = {v!r}" for y, v in d.index.items()]
    return _tbl(out)


def update(text: str, code: str) -> str:
    plan = capf.datasets.denmark(municipalities=[code])
    a = text.index("# ---- 2023 inventory")
    b = re.search(r"^# (Buildings:|---- Reference levels)", text[a:], flags=re.M).start() + a
    text = text[:a] + inventory(plan, code) + text[b:]
    a = text.index("# ---- Reference levels ----")
    m = re.search(r'^\[\[baseline\]\]\nyear = 2019.*?\nnote = "[^"]*"\n', text[a:],
                  flags=re.M | re.S)
    text = text[:a] + references() + text[a + m.end():]
    drivers = ", ".join(f'"{d.name}"' for d in plan.driver)
    text = re.sub(r'^drivers = \[.*$', f"drivers = [{drivers}]  # the [[driver]] tables at "
                  "the end", text, count=1, flags=re.M)
    text = text.replace('description = "each sector follows the TIMES-DK frozen-policy '
                        'projection"', 'description = "each sector follows the KF25 national '
                        'projection (frozen policy)"')
    a = re.search(r"^# ---- Monitoring", text, flags=re.M).start()
    return text[:a] + monitoring_and_reference(plan, code)


def main() -> None:
    stale = []
    for code, stem in FILES.items():
        path = ROOT / "scenarios" / "municipalities" / f"{stem}.toml"
        old = path.read_text(encoding="utf-8")
        new = update(old, code)
        if "--check" in sys.argv:
            if new != old:
                stale.append(str(path))
        else:
            path.write_text(new, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        sys.exit("out of date: " + ", ".join(stale))


if __name__ == "__main__":
    main()
