"""Extract the compact Danish data files in capf/data from the shared data folder.

    .venv/bin/python scripts/build_kf25.py [SHARED_DATA_DIR]   # default ../shared/data

Writes (see capf/data/PROVENANCE.md for each file's source and method):

- ``dk_kf25_crf_national_1990_2050_ar5.csv``: the ``CO2-ækv`` sheet of the KF25
  CRF tables (KEFM, mio. t CO2e, AR5), one row per CRF code, with the capf
  sector it maps to (:data:`CRF_SECTOR`) and whether the Energi- og
  CO2-regnskab covers it (:data:`OUTSIDE_REGNSKAB`; LULUCF, CRF 4, is
  outside it too).
- ``dk_kf25_lulucf_organic_soils_1990_2050.csv``: from the KF25 LULUCF data
  sheet (DCE/IGN): carbon-rich (> 6 % OC) agricultural area and the CO2 and CH4
  of cropland and grassland on carbon-rich soil.
- ``dk_municipality_ghg_tonnes_by_sector_2018_2023_klimaregnskab.csv``: the
  absolute t CO2e per municipality, year and sector of the Energi- og
  CO2-regnskab (the trepart JSON reshaped to a table; values verbatim).
- ``dk_municipality_lowland_projects_mars_ha.csv``: hectares of carbon-rich
  soil in the MARS lowland projects (Lavbundsprojekter, all statuses) per
  municipality: the allocation key of the lowland-soil estimate.
- ``dk_municipality_lowland_projects_mars_ha_by_status.csv``: the same hectares
  (and project counts) per municipality and project status (Anlagt,
  Etableringstilsagn, Forundersøgelsestilsagn): the scenario ``pipeline``.
- ``dk_municipality_district_heating_fuel_mix_2024_ens_ept_doughnut.csv``:
  copied verbatim.

The package reads only these files at run time, never the shared folder.
"""
from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parents[1] / "capf" / "data"

#: CRF code (or prefix, longest match wins) -> capf sector of the KF25 national series.
CRF_SECTOR = {
    "1A1": "energy", "1A2": "energy", "1A4": "energy", "cor": "energy",
    "ccs": "removals",  # national CO2 storage (from 2025): not a trend of municipal sources
    "1A3": "transport", "1A5": "transport",
    "1B": "energy",
    "2": "industry",
    "3": "agriculture",
    "4B": "lowland_soils", "4C": "lowland_soils",
    "4": "removals",
    "5": "waste", "cor_5B2": "waste", "cor_5D1a": "waste",
}
#: CRF codes outside the Energi- og CO2-regnskab's scope as capf maps it (offshore extraction
#: 1A1c, fugitive emissions 1B, the national CO2 storage ccs). Refineries (1A1b) are kept
#: inside: the regnskab's energy of Fredericia and Kalundborg, the refinery towns, is
#: 438 and 579 kt in 2023 (see PROVENANCE.md).
OUTSIDE_REGNSKAB = ("1A1c", "1B", "ccs")


def sector_of(code: str) -> str:
    best = max((k for k in CRF_SECTOR if code.startswith(k)), key=len, default=None)
    if best is None:
        raise ValueError(f"CRF code {code!r} has no capf sector in CRF_SECTOR")
    return CRF_SECTOR[best]


def _rows(path: Path, sheet: str):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def crf_table(shared: Path) -> None:
    rows = _rows(shared / "national" / "dk_kf25_crf_tabeller_national_1990_2050_kefm.xlsx",
                 "CO2-ækv")
    head = next(i for i, r in enumerate(rows) if r[0] == "CRF code")
    years = [int(y) for y in rows[head][2:] if y is not None]
    with (OUT / "dk_kf25_crf_national_1990_2050_ar5.csv").open("w", newline="",
                                                               encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["crf_code", "description", "capf_sector", "regnskab_scope"] + years)
        for r in rows[head + 1:]:
            if not r[0]:
                continue
            code = str(r[0]).strip()
            scope = "no" if code.startswith(OUTSIDE_REGNSKAB) or code.startswith("4") else "yes"
            vals = [0.0 if v is None else float(v) for v in r[2:2 + len(years)]]
            w.writerow([code, r[1], sector_of(code), scope] + [f"{v:.6g}" for v in vals])


def organic_soils(shared: Path) -> None:
    path = shared / "national" / "dk_kf25_lulucf_dataark_areas_dce.xlsx"
    areas = _rows(path, "LULUCF_arealer")
    pools = _rows(path, "Udledninger_kulstofpuljer")
    nonco2 = _rows(path, "LULUCF_totaler_NonCO2_AR5")

    def row(rows, label):
        r = next(r for r in rows if isinstance(r[0], str) and r[0].strip().startswith(label))
        return r

    head = next(r for r in areas if r[0] == "Arealer (ha) med >12 % SOC")
    years = [int(y) for y in head[1:] if isinstance(y, (int, float))]
    cols = {
        "organic_area_kha": row(areas, "I alt, > 6 % OC"),
        "cropland_organic_co2_kt": row(pools, "Dyrket mark på kulstofrig jord"),
        "grassland_organic_co2_kt": row(pools, "Græsarealer på kulstofrig jord"),
        "cropland_organic_ch4_kt_co2e": row(nonco2, "Drænet kulstofrig opdyrket jord"),
        "grassland_organic_ch4_kt_co2e": row(nonco2, "Drænet kulstofrig græsareal"),
    }
    with (OUT / "dk_kf25_lulucf_organic_soils_1990_2050.csv").open("w", newline="",
                                                                    encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["year"] + list(cols))
        for i, y in enumerate(years):
            w.writerow([y] + [f"{float(r[1 + i]):.6g}" for r in cols.values()])


def municipal_tonnes(shared: Path) -> None:
    src = shared / "inventories" / \
        "dk_municipality_ghg_tonnes_by_sector_2018_2023_klimaregnskab_trepart.json"
    d = json.loads(src.read_text(encoding="utf-8"))
    sectors = ["energi", "transport", "landbrug", "affald", "industri"]
    with (OUT / "dk_municipality_ghg_tonnes_by_sector_2018_2023_klimaregnskab.csv").open(
            "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["kommune_kode", "kommune_navn", "year"] + sectors + ["samlet"])
        for k in sorted(d["kommuner"], key=lambda k: int(k["kommuneKode"])):
            for i, y in enumerate(k["years"]):
                w.writerow([str(int(k["kommuneKode"])).zfill(3), k["kommuneNavn"], y]
                           + [k["sektorer"][s][i] for s in sectors] + [k["samletUdledning"][i]])


def lowland_key(shared: Path) -> None:
    src = shared / "activity" / "dk_mars_projects_by_municipality_measure_status_DERIVED_trepart.csv"
    ha: dict[str, float] = {}
    with src.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["mitigation_measure"] == "Lavbundsprojekter" and r["kommunekode"]:
                code = str(int(r["kommunekode"])).zfill(3)
                ha[code] = ha.get(code, 0.0) + float(r["extractionEffortHa_sum"])
    with (OUT / "dk_municipality_lowland_projects_mars_ha.csv").open("w", newline="",
                                                                      encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["kommune_kode", "lavbund_extraction_ha"])
        for code in sorted(ha, key=int):
            w.writerow([code, f"{ha[code]:.3f}"])


def lowland_by_status(shared: Path) -> None:
    src = shared / "activity" / "dk_mars_projects_by_municipality_measure_status_DERIVED_trepart.csv"
    rows: dict[tuple[str, str], list[float]] = {}
    with src.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["mitigation_measure"] == "Lavbundsprojekter" and r["kommunekode"]:
                key = (str(int(r["kommunekode"])).zfill(3), r["project_status"])
                acc = rows.setdefault(key, [0.0, 0.0])
                acc[0] += int(r["n_projects"])
                acc[1] += float(r["extractionEffortHa_sum"])
    with (OUT / "dk_municipality_lowland_projects_mars_ha_by_status.csv").open(
            "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["kommune_kode", "project_status", "n_projects", "lavbund_extraction_ha"])
        for code, status in sorted(rows, key=lambda k: (int(k[0]), k[1])):
            n, ha = rows[(code, status)]
            w.writerow([code, status, int(n), f"{ha:.3f}"])


def main() -> None:
    shared = Path(sys.argv[1]) if sys.argv[1:] else \
        Path(__file__).resolve().parents[1].parent / "shared" / "data"
    crf_table(shared)
    organic_soils(shared)
    municipal_tonnes(shared)
    lowland_key(shared)
    lowland_by_status(shared)
    name = "dk_municipality_district_heating_fuel_mix_2024_ens_ept_doughnut.csv"
    shutil.copyfile(shared / "activity" / name, OUT / name)
    print(f"wrote the KF25, regnskab and key files into {OUT}")


if __name__ == "__main__":
    main()
