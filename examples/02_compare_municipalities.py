"""All 98 municipalities: who meets the Climate Act's 70 % in 2030, and the largest gaps.

Run from the repository root:

    python examples/02_compare_municipalities.py

Uses the bundled Danish data (capf.datasets.denmark(): Energi- og CO2-regnskab 2023 by
sector, observed, a 1990 level back-cast with the KF25 national series, scenarios bau,
national_trend, pipeline and pipeline_prestudies; sources in capf/data/PROVENANCE.md). Writes
climate_act_2030.csv into
$CAPF_EXAMPLES_OUT (or a temporary folder).
"""
import os
import tempfile
from pathlib import Path

import capf

OUT = Path(os.environ.get("CAPF_EXAMPLES_OUT") or tempfile.mkdtemp(prefix="capf_"))
OUT.mkdir(parents=True, exist_ok=True)

plan = capf.datasets.denmark()          # 98 municipalities, four scenarios, two targets
ds = capf.project(plan)
targets = capf.assess(ds, plan)

# The 2030 target: 70 % below the (back-cast, so estimated) 1990 level.
table = targets[targets["target"] == "Climate Act 2030"]
columns = ["scenario", "municipality", "municipality_name", "reference_level",
           "base_year_level", "target_level", "projected_level", "gap", "met",
           "required_cut_from_base_year", "reference_is_estimate"]
table = table[columns].sort_values(["scenario", "gap"], ascending=[True, False])

print("Climate Act 2030 (70 % below 1990), 98 municipalities")
for scenario, rows in table.groupby("scenario", sort=False):
    print(f"  {scenario:<15} met in {int(rows['met'].sum()):>2} of {len(rows)}")

# The ten largest gaps (projected − target level in 2030), per scenario, in kt CO2e/yr.
for scenario, rows in table.groupby("scenario", sort=False):
    print(f"\nTen largest gaps under {scenario} (kt CO2e/yr)")
    for r in rows.head(10).itertuples():       # the table is sorted by gap, largest first
        print(f"  {r.municipality} {r.municipality_name:<17} gap {r.gap / 1000:>8,.1f}   "
              f"projected {r.projected_level / 1000:>8,.1f}   "
              f"target {r.target_level / 1000:>7,.1f}")

path = OUT / "climate_act_2030.csv"
table.to_csv(path, index=False)
print(f"\nwrote {path} ({len(table)} rows; levels in t CO2e/yr, 1990 levels are estimates)")
