"""Emissions by sector per scenario for one municipality: a CSV and a stacked-area chart.

Run from the repository root:

    python examples/04_sector_wedges.py          # Sorø (340)
    python examples/04_sector_wedges.py 851      # any DST code, e.g. Aalborg

Uses the bundled Danish data (capf.datasets.denmark(), sources in capf/data/PROVENANCE.md):
scenarios bau (2023 held) and national_trend (TIMES-DK frozen policy). Writes
sector_emissions_<code>.csv and, if matplotlib is installed, sector_emissions_<code>.png into
$CAPF_EXAMPLES_OUT (or a temporary folder).
"""
import os
import sys
import tempfile
from pathlib import Path

import capf

CODE = sys.argv[1] if len(sys.argv) > 1 else "340"
OUT = Path(os.environ.get("CAPF_EXAMPLES_OUT") or tempfile.mkdtemp(prefix="capf_"))
OUT.mkdir(parents=True, exist_ok=True)

plan = capf.datasets.denmark(municipalities=[CODE])
ds = capf.project(plan)
name = str(ds["municipality_name"].sel(municipality=CODE).item())

# CO2e by sector: [sector, year, scenario] in t CO2e/yr, then a long table for the CSV.
by_sector = capf.assess.by_sector(ds).sel(municipality=CODE)
table = by_sector.to_dataframe(name="t_co2e_per_yr").reset_index()
table = table[["scenario", "sector", "year", "t_co2e_per_yr"]]
csv = OUT / f"sector_emissions_{CODE}.csv"
table.to_csv(csv, index=False)
print(f"{name} ({CODE}): emissions by sector, kt CO2e/yr")
print((by_sector.sel(year=[2023, 2030, 2040, 2050]) / 1000).round(1)
      .to_dataframe(name="kt").unstack("year")["kt"].to_string())
print(f"wrote {csv}")

try:
    import matplotlib
except ImportError:
    print("matplotlib is not installed: no chart (pip install matplotlib)")
    sys.exit(0)
matplotlib.use("Agg")                           # write files, open no window
import matplotlib.pyplot as plt  # noqa: E402

scenarios = [str(s) for s in ds["scenario"].values]
fig, axes = plt.subplots(1, len(scenarios), figsize=(5 * len(scenarios), 4),
                         sharey=True, squeeze=False)
years = by_sector["year"].values
for ax, scenario in zip(axes[0], scenarios):
    data = by_sector.sel(scenario=scenario).transpose("sector", "year") / 1000
    # stacked areas need non-negative parts; negative sector levels are drawn as 0
    ax.stackplot(years, data.clip(min=0).values, labels=[str(s) for s in data["sector"].values])
    ax.plot(years, data.sum("sector"), color="black", lw=1, label="net total")
    ax.set_title(scenario)
    ax.set_xlabel("year")
axes[0][0].set_ylabel("kt CO2e/yr")
axes[0][-1].legend(loc="upper right", fontsize="small")
fig.suptitle(f"{name} ({CODE}): emissions by sector (Energi- og CO2-regnskab 2023, estimates)")
fig.tight_layout()
png = OUT / f"sector_emissions_{CODE}.png"
fig.savefig(png, dpi=100)
plt.close(fig)
print(f"wrote {png}")
