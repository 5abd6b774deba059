"""Quickstart: load a plan file, project it, assess its targets.

Run from the repository root:

    python examples/01_quickstart.py

The plan is scenarios/examples/rewetting_and_heat_pumps.toml: one fictitious municipality
with illustrative inputs (see the comments in the file). The targets table is also written
as targets.csv into $CAPF_EXAMPLES_OUT (or a temporary folder).
"""
import os
import tempfile
from pathlib import Path

import pandas as pd

import capf

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("CAPF_EXAMPLES_OUT") or tempfile.mkdtemp(prefix="capf_"))
OUT.mkdir(parents=True, exist_ok=True)

# 1. Read and validate the plan file: a typo or a wrong unit is an error naming the field.
plan = capf.load_plan(ROOT / "scenarios" / "examples" / "rewetting_and_heat_pumps.toml")
print(f"plan {plan.plan.name!r}: base year {plan.plan.base_year}, "
      f"scenarios {[s.name for s in plan.scenario]}, actions {[a.name for a in plan.action]}")

# 2. Project: an xarray.Dataset with emissions per gas, co2e and each action's wedge,
#    for every municipality, source, year and scenario (t CO2e/yr).
ds = capf.project(plan)

# 3. Assess: one row per scenario × municipality × target.
targets = capf.assess(ds, plan)
columns = ["scenario", "target", "year", "reference_level", "target_level",
           "projected_level", "met", "gap"]
with pd.option_context("display.width", 120, "display.max_columns", 20,
                       "display.float_format", "{:,.0f}".format):
    print("\nTargets (levels in t CO2e/yr; gap > 0: short of the target)")
    print(targets[columns].to_string(index=False))

# 4. Emissions by sector in 2030, per scenario (t CO2e/yr).
by_sector = capf.assess.by_sector(ds).sel(year=2030).sum("municipality").to_pandas()
print("\nEmissions by sector in 2030 (t CO2e/yr)")
print(by_sector.round(0).to_string())

targets.to_csv(OUT / "targets.csv", index=False)
print(f"\nwrote {OUT / 'targets.csv'}")
