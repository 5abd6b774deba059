"""Write the bundled national plan (capf.datasets.denmark()) as a TOML plan file.

    python examples/write_denmark_toml.py scenarios/national/denmark.toml   # regenerate it
    python examples/write_denmark_toml.py      # into $CAPF_EXAMPLES_OUT or a temporary folder

Each table with a number gets its source rows; the file must project as the bundled plan does.
"""
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import tomli_w

import capf
from capf import data

HEADER = (Path(__file__).resolve().parent / "denmark_toml_header.txt").read_text(encoding="utf-8")
TONNES, REGNSKAB = ("dk_municipality_ghg_tonnes_by_sector_2018_2023_klimaregnskab.csv",
                    {v: k for k, v in data.REGNSKAB_SECTORS.items()})  # capf sector -> column
muni, series = data.municipalities(), data.inventory_per_capita_series()
key, kf25 = data.lowland_key(), data.kf25_sector_series("regnskab")


def value(v):
    """A TOML value (not a table) on one line."""
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    return tomli_w.dumps({"x": v})[4:].strip()


def comment(table, row):
    """The source comment of a table's figures ('' for tables whose keys cite their source)."""
    if table == "municipality":
        return f"# dk_municipalities_master_98.csv [2a], row kommunekode = {row['code']}\n"
    if table not in ("inventory", "observation"):  # actions (MARS lowland projects): the note
        return f"# {row.get('note', '')}\n" if table == "action" else ""
    code, year = row["municipality"], row.get("year", 2023)
    sector = row["source"].split(".")[0] if table == "inventory" else row.get("sector")
    who, low = f"# {code} {muni.loc[code, 'name']}:", f"{kf25.loc[year, 'lowland_soils']:.6g} Mt"
    if sector == "lowland_soils":  # below: the regnskab's sectors, then the 2024 totals
        return f"{who} KF25 4B + 4C {year} = {low} x MARS lowland key {key[code]:.6f}: estimate\n"
    if sector is not None:  # activity lines and split observations are estimates: their note
        return (f"{who} {row.get('note') or row.get('source', '')}\n" if row.get("estimate") else
                f"{who} {TONNES} [6], year {year}, column {REGNSKAB[sector]} (observed)\n")
    pc = series[(series.code == code) & (series.year == year)].co2e_per_capita.item()
    return (f"{who} total {year} = {pc} t/cap ([3c], aar {year}) x population 2026 "
            f"{muni.loc[code, 'population']:,} + lowland {low} x key {key[code]:.6f}\n")


def to_toml(plan) -> str:
    d = plan.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    out = [HEADER, "[plan]\n"] + [f"{k} = {value(v)}\n" for k, v in d.pop("plan").items()]
    for table, rows in d.items():
        out.append(f"\n# {'-' * 20} [[{table}]]: {len(rows)} tables\n")
        for row in rows:
            note = comment(table, row)  # above the line with the figure, or the table
            out.append(f"\n{'' if {'emissions', 'activity'} & set(row) else note}[[{table}]]\n")
            out += [f"{note if k in ('emissions', 'activity') else ''}{k} = {value(v)}\n"
                    for k, v in row.items() if not isinstance(v, dict)]
            for k, v in ((k, v) for k, v in row.items() if isinstance(v, dict)):  # one a line
                out += [f"[{table}.{k}]\n"] + [f"{y} = {value(x)}\n" for y, x in v.items()]
    return "".join(out)


def main() -> None:
    out = os.environ.get("CAPF_EXAMPLES_OUT")
    path = Path(sys.argv[1]) if sys.argv[1:] else Path(out or tempfile.mkdtemp()) / "denmark.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_toml(plan := capf.datasets.denmark()), encoding="utf-8")
    a, b = capf.project(plan).co2e, capf.project(capf.load_plan(path)).co2e
    if a.dims != b.dims or not np.allclose(a, b, rtol=1e-9, atol=1e-6):  # load it back
        sys.exit(f"{path} does not reproduce capf.datasets.denmark()")
    print(f"wrote {path} ({path.stat().st_size:,} bytes), same projection as the bundled plan")


if __name__ == "__main__":
    main()
