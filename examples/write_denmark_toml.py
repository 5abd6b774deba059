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
COLUMN = {"agriculture.other": ("agriculture", "klima_landbrug (sector file)"),
          "energy.other": ("energy", "klima_energi (sector file)"),
          "transport.other": ("transport", "klima_transport (sector file)"),
          "industry.other": ("remainder", "total (3a) - landbrug - energi - transport")}
inv, muni, series = data.inventory_2023(), data.municipalities(), data.inventory_per_capita_series()


def value(v):
    """A TOML value (not a table) on one line."""
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    return tomli_w.dumps({"x": v})[4:].strip()


def comment(table, row):
    """The source comment of a table's figures ('' for tables whose keys cite their source)."""
    if table == "municipality":
        return f"# dk_municipalities_master_98.csv [2a], row kommunekode = {row['code']}\n"
    if table == "inventory":
        code, note = row["municipality"], row.get("note", "")
        col, what = COLUMN.get(row["source"], (None, None))  # None: an activity line, its note
        return (f"# {code} {muni.loc[code, 'name']}: " + (note if col is None else
                f"{what} = {inv.loc[code, col]:.4f} t/cap (2023) x population 2026 "
                f"{muni.loc[code, 'population']:,} (master file); {note}") + "\n")
    if table == "observation":
        code, year = row["municipality"], row["year"]
        pc = series[(series.code == code) & (series.year == year)].co2e_per_capita.item()
        return (f"# {code} {muni.loc[code, 'name']}: total {year} = {pc} t/cap (2018-2024 file, "
                f"aar {year}) x population 2026 {muni.loc[code, 'population']:,}\n")
    return ""


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
