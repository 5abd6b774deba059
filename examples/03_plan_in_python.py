"""Build a plan in Python, project it and show what each action avoids (its wedge).

Run from the repository root:

    python examples/03_plan_in_python.py

A plan is a dict with the same tables and keys as a plan file (README.md, "Plan files"),
validated by capf.Plan.model_validate. The municipality "999" and its quantities (2000 ha,
5000 MWh/yr, the shares and years of the actions) are ILLUSTRATIVE INPUTS, the same as in
scenarios/examples/rewetting_and_heat_pumps.toml, not data about a real place. Emission
factors are capf's catalogue defaults (cited in capf.sectors and the result's attrs).
Writes wedges.csv into $CAPF_EXAMPLES_OUT (or a temporary folder).
"""
import os
import tempfile
from pathlib import Path

import capf

OUT = Path(os.environ.get("CAPF_EXAMPLES_OUT") or tempfile.mkdtemp(prefix="capf_"))
OUT.mkdir(parents=True, exist_ok=True)

plan = capf.Plan.model_validate({
    "plan": {"name": "Plan built in Python (illustrative inputs)", "base_year": 2023},
    "municipality": [{"code": "999", "name": "Example"}],
    "inventory": [
        # illustrative: hectares of drained organic soil (default factor: SEGES rule 1)
        {"source": "lowland_soils.drained_organic_soils.rotation_6_12pct_c", "activity": "2000 ha"},
        # illustrative: useful heat from oil boilers (default: HB2016 gas oil / 0.9)
        {"source": "buildings.individual_heating.oil_boiler", "activity": "5000 MWh/yr"},
    ],
    "action": [
        # illustrative shares and years; rewetted soil: SEGES rule 5 (CH4)
        {"name": "rewet_lowland", "kind": "switch", "share": "50 %", "start": 2025,
         "full": 2030, "from": "lowland_soils.drained_organic_soils.rotation_6_12pct_c",
         "to": "lowland_soils.rewetted_organic_soils"},
        # heat pumps: grid electricity (BR18) / COP 3.4 (DEA technology data)
        {"name": "heat_pumps", "kind": "switch", "share": "100 %", "start": 2024,
         "full": 2035, "curve": "logistic", "from": "buildings.individual_heating.oil_boiler",
         "to": "buildings.individual_heating.heat_pump"},
    ],
    "scenario": [{"name": "bau"}, {"name": "plan", "actions": ["rewet_lowland", "heat_pumps"]}],
    "target": [{"preset": "climate_act_2050"}],     # climate neutrality by 2050
})

ds = capf.project(plan)

# The wedge: CO2e each action avoids, per year (t CO2e/yr), in the declared order.
wedge = ds["wedge"].sel(municipality="999", scenario="plan")
table = wedge.to_pandas().T                       # rows: years, columns: actions
table["total"] = table.sum(axis=1)
print("Avoided emissions per action under 'plan' (t CO2e/yr)")
print(table.loc[[2023, 2025, 2030, 2035, 2040, 2050]].round(0).to_string())

# The wedges add up to the difference between bau and plan.
total = ds["co2e"].sum("source").sel(municipality="999")
gap = (total.sel(scenario="bau") - total.sel(scenario="plan")).sel(year=2030)
print(f"\nbau − plan in 2030: {float(gap):,.0f} t CO2e/yr "
      f"(sum of the wedges: {table.loc[2030, 'total']:,.0f})")

# Which default factors were used, with their sources:
print("\nDefault factors used:\n" + ds.attrs["default_factors"])
table.to_csv(OUT / "wedges.csv", index_label="year")
print(f"\nwrote {OUT / 'wedges.csv'}")
