"""Write docs/validation.md (and docs/validation_backcast.png): the bundled Danish plan against KF25.

    .venv/bin/python docs/make_validation.py [OUT_DIR]      # default: docs/

Compares the national sums of ``capf.datasets.denmark()`` (``capf run`` with no file) with the
official national inventory and projection of KF25 (Klimastatus og -fremskrivning 2025, CRF
tables, AR5) by sector in 1990, 2019, 2023 and 2030, measures the skill of the back-cast
(leave one observed year out, per municipality) and lists the known scope differences between
the Energi- og CO2-regnskab and the national inventory. tests/test_validation_kf25.py checks the
figures this script reports.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

import capf
from capf import data

YEARS = (1990, 2019, 2023, 2030)
OBSERVED = list(capf.datasets.OBSERVED_YEARS)
METHODS = {
    "last": "one anchor year (the latest observed year; the former method)",
    "mean": "mean of the yearly ratios observed ÷ national",
    "sum": "ratio of sums: Σ observed ÷ Σ national over the anchor years",
}
CHOSEN = "sum"


def plan_sums() -> pd.DataFrame:
    """National sums of the bundled plan by sector (Mt CO2e/yr): 1990 reference (back-cast),
    2019 (observed reference), 2023 (base year), 2030 (scenario national_trend). The boilers
    (sector ``buildings``, carved out of the regnskab's Energi) are counted in ``energy``, as
    KF25's energy codes hold residential combustion (1A4bi)."""
    plan = capf.datasets.denmark()
    ds = capf.project(plan)
    sec = capf.assess.by_sector(ds).sum("municipality")
    out = {}
    for year in (1990, 2019):
        refs = capf.assess.reference_levels(ds, plan, year)
        out[year] = refs.sector.sum(axis=0)
    out[2023] = sec.sel(year=2023, scenario="bau").to_pandas()
    out[2030] = sec.sel(year=2030, scenario="national_trend").to_pandas()
    df = pd.DataFrame(out) / 1e6
    if "buildings" in df.index:  # the boilers, carved out of the regnskab's Energi
        df.loc["energy"] += df.loc["buildings"]
        df = df.drop(index="buildings")
    return df


def kf25_sums() -> pd.DataFrame:
    """KF25 by capf sector on the regnskab's scope (as capf maps it), Mt CO2e/yr."""
    return data.kf25_sector_series("regnskab").loc[list(YEARS)].T


def kf25_cuts() -> dict[str, float]:
    """KF25's cut 1990 → 2023 on several scopes (fractions)."""
    crf = data.kf25_crf()
    lulucf = crf["crf_code"].str.startswith("4")
    outside = crf["crf_code"].str.startswith(("1A1b", "1A1c", "1B", "ccs"))
    scopes = {
        "national total excl. LULUCF": ~lulucf,
        "regnskab scope (excl. 1A1b refineries, 1A1c, 1B)": ~lulucf & ~outside,
        "regnskab scope as capf maps it (incl. refineries)": crf["regnskab_scope"] == "yes",
        "regnskab scope + cropland and grassland (4B, 4C)":
            (crf["regnskab_scope"] == "yes") | crf["crf_code"].isin(["4B", "4C"]),
        "regnskab scope (excl. refineries) + 4B, 4C":
            (~lulucf & ~outside) | crf["crf_code"].isin(["4B", "4C"]),
        "regnskab scope (excl. refineries) + all LULUCF": ~outside,
    }
    return {k: 1 - crf.loc[m, 2023].sum() / crf.loc[m, 1990].sum() for k, m in scopes.items()}


def _observed() -> dict[str, pd.DataFrame]:
    t = data.inventory_tonnes()
    return {s: g.pivot(index="code", columns="year", values="t_co2e")[OBSERVED]
            for s, g in t.groupby("sector")}


def _scale(o: pd.DataFrame, n: pd.Series, years: list[int], method: str) -> pd.Series:
    if method == "last":
        return o[years[-1]] / n[years[-1]]
    if method == "mean":
        return o[years].div(n[years]).mean(axis=1)
    return o[years].sum(axis=1) / n[years].sum()


def backcast_skill() -> pd.DataFrame:
    """Leave-one-year-out skill of each anchor method: every observed year 2018-2023 is
    back-cast from the other five; the error of a municipality is the mean over the held-out
    years of |back-cast − observed| ÷ |observed| of its total (the five regnskab sectors).
    Returns one row per method: median and 90th percentile over the 98 municipalities, and
    the national 1990 sum and cut it gives."""
    nat = data.kf25_sector_series("regnskab").T * 1e6
    obs = _observed()
    total = sum(obs.values())
    rows = []
    for method in METHODS:
        errs = []
        for y in OBSERVED:
            others = [x for x in OBSERVED if x != y]
            pred = sum(_scale(obs[s], nat.loc[s], others, method) * nat.loc[s, y] for s in obs)
            errs.append(((pred - total[y]).abs() / total[y].abs()).rename(y))
        e = pd.concat(errs, axis=1).mean(axis=1)
        b1990 = sum(_scale(obs[s], nat.loc[s], OBSERVED, method) * nat.loc[s, 1990]
                    for s in obs).sum()
        rows.append({"method": method, "median_error": e.median(), "p90_error": e.quantile(0.9),
                     "sum_1990_mt": b1990 / 1e6,
                     "cut_1990_2023": 1 - total[2023].sum() / b1990})
    return pd.DataFrame(rows).set_index("method")


def scope_differences() -> pd.DataFrame:
    """The regnskab's national sum ÷ KF25 (as capf maps it) by sector and observed year."""
    nat = data.kf25_sector_series("regnskab").T * 1e6
    obs = _observed()
    return pd.DataFrame({s: obs[s].sum(axis=0) / nat.loc[s, OBSERVED] for s in obs}).T


#: Published figures the production lines are compared with (capf/data/PROVENANCE.md,
#: derived value 7, "Wind and solar production"): the Danish Energy Agency's wind and solar
#: production 2022 (TWh), the offshore wind capacity 2023 (MW) and the DEA's full-load hours
#: at sea (3,500-4,000 h).
WIND_SOLAR_2022_TWH = (21.2, "https://panamericanfinance.com/insights/energy-transition/"
                       "global-solar-pv-market-report-2023/key-regional-markets-solar/denmark/")
OFFSHORE_2023_MW = (2298.0, "https://www.okolariet.dk/viden-om/energi/vedvarende-energi/"
                    "vindenergi")
OFFSHORE_HOURS = (3500.0, 4000.0)


def production_sums() -> pd.DataFrame:
    """National sums of the bundled plan's local production lines: municipalities, MW, MWh/yr."""
    plan = capf.datasets.denmark()
    hours = {src: h for src, _col, h, _c in capf.data.activity.FULL_LOAD_HOURS}
    rows = {}
    for src, h in hours.items():
        lines = [x for x in plan.inventory if x.source == src]
        mwh = sum(float(x.activity.to("MWh/yr").magnitude) for x in lines)
        rows[src.rsplit(".", 1)[1]] = {"municipalities": len(lines), "MW": mwh / h,
                                       "full-load hours": h, "GWh/yr": mwh / 1e3}
    df = pd.DataFrame(rows).T
    df["municipalities"] = df["municipalities"].map(lambda v: f"{int(v)}")  # a count, as text
    return df


def _md(df: pd.DataFrame, fmt: str = "{:.2f}") -> str:
    cols = [" ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in df.columns]
    lines = ["| | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for i, r in df.iterrows():
        lines.append(f"| {i} | " + " | ".join(fmt.format(v) if isinstance(v, (float, np.floating))
                                              else str(v) for v in r) + " |")
    return "\n".join(lines)


def main() -> None:
    out = Path(sys.argv[1]) if sys.argv[1:] else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    ours, kf = plan_sums(), kf25_sums()
    ours.loc["total"], kf.loc["total"] = ours.sum(), kf.sum()
    ours_x = ours.drop(index=["lowland_soils", "total"]).sum()
    kf_x = kf.drop(index=["lowland_soils", "total"]).sum()
    ours.loc["total excl. LULUCF"], kf.loc["total excl. LULUCF"] = ours_x, kf_x
    cmp_ = pd.concat({"capf": ours, "KF25": kf, "capf ÷ KF25": ours / kf}, axis=1)
    cuts = kf25_cuts()
    cut_ours = 1 - ours.loc["total", 2023] / ours.loc["total", 1990]
    cut_ours_x = 1 - ours_x[2023] / ours_x[1990]
    skill = backcast_skill()
    scope = scope_differences()
    prod = production_sums()
    prod_twh = float(prod["GWh/yr"].sum()) / 1e3
    off_lo, off_hi = (OFFSHORE_2023_MW[0] * h / 1e6 for h in OFFSHORE_HOURS)
    rest_lo, rest_hi = WIND_SOLAR_2022_TWH[0] - off_hi, WIND_SOLAR_2022_TWH[0] - off_lo
    plan_1990 = float(ours.drop(index=["lowland_soils", "total", "total excl. LULUCF"],
                                errors="ignore")[1990].sum())
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(7, 4))
        ys = list(range(1990, 2051))
        nat = data.kf25_sector_series("regnskab").loc[ys].sum(axis=1)
        ax.plot(ys, nat, label="KF25, regnskab scope + 4B/4C (Mt)")
        ax.plot(list(YEARS), ours.loc["total", list(YEARS)], "o", label="bundled plan (capf)")
        ax.set_ylabel("Mt CO2e/yr (AR5)")
        ax.legend()
        ax.set_title("National sum of the 98 municipalities against KF25")
        fig.tight_layout()
        fig.savefig(out / "validation_backcast.png", dpi=110)
        figure = "![national sums against KF25](validation_backcast.png)\n"
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        figure = ""
    text = f"""# Validation: the bundled Danish plan against KF25

GENERATED by `python docs/make_validation.py` (capf {capf.__version__}); do not edit by hand.
The bundled plan is `capf.datasets.denmark()` (`capf run` with no file). KF25 is *Klimastatus og
-fremskrivning 2025*, CRF tables (KEFM), Mt CO2e under AR5, mapped onto capf's sectors as
`capf/data/PROVENANCE.md` says (CRF → sector), on the scope of the Energi- og CO2-regnskab as
capf maps it (without offshore extraction 1A1c, fugitive emissions 1B and the CO2 storage; with
refineries 1A1b), plus cropland and grassland (LULUCF 4B + 4C) as `lowland_soils`.

## National sums by sector (Mt CO2e/yr)

1990: the back-cast reference (estimate); 2019: the observed reference of the sector test;
2023: the base year (observed, lowland soils estimated); 2030: scenario `national_trend`.

{_md(cmp_)}

{figure}
## The cut 1990 → 2023

- bundled plan, all its sectors (incl. cropland and grassland): **{cut_ours:.1%}**;
  without lowland soils: **{cut_ours_x:.1%}**.
""" + "\n".join(f"- KF25, {k}: {v:.1%}" for k, v in cuts.items()) + f"""

The back-cast scales each municipality's observed sector levels by KF25's national sector
series; its cut is higher than KF25's because the regnskab's energy sector is larger than
KF25's energy codes in 2018-2021 (the ratio falls from about 1.2 to 1.0, table below), and a
constant ratio carries the larger 2018-2021 share back to 1990.

## Back-cast skill (leave one observed year out)

Each observed year 2018-2023 is back-cast from the other five with each anchor method; a
municipality's error is the mean over the held-out years of |back-cast − observed| ÷ |observed|
of its total. Median and 90th percentile over the 98 municipalities; the 1990 sum and cut each
method gives:

{_md(skill, "{:.4f}")}

Methods: """ + "; ".join(f"`{k}` = {v}" for k, v in METHODS.items()) + f""".
**Chosen: `{CHOSEN}`** (lowest median and 90th-percentile error; a single anchor year, the former
method, has the largest error). The bundled plan's 1990 baseline uses it
(`[[baseline]] backcast = "kf25"`, `anchor_years = [2018, ..., 2023]`); every back-cast is
flagged as an estimate with `reference_method = "backcast:kf25"`. The skill is measured on the
regnskab's five sectors; the bundled plan also carves the oil and gas boilers out of Energi
(sector `buildings`, back-cast with KF25's residential combustion 1A4bi, the rest of energy with
KF25's energy codes less 1A4bi), so its 1990 sum outside lowland soils,
{plan_1990:.2f} Mt, differs from the `{CHOSEN}` row by {plan_1990 / skill.loc[CHOSEN, "sum_1990_mt"] - 1:+.1%}.

## Local wind and solar production (no emissions)

The lines `energy.local_production.wind` (onshore) and `.solar`: installed MW (Energinet,
CapacityPerMunicipality, a month of 2025/2026, not 2023) × full-load hours, estimates
(PROVENANCE.md); offshore wind is left out. They emit nothing and change no sector sum above.

{_md(prod, "{:,.1f}")}

Together **{prod_twh:.1f} TWh/yr**. No published onshore-only production was found; as a rough
check, the Danish Energy Agency's wind and solar production was {WIND_SOLAR_2022_TWH[0]} TWh in
2022 ({WIND_SOLAR_2022_TWH[1]}), of which the offshore parks ({OFFSHORE_2023_MW[0]:,.0f} MW in
2023, {OFFSHORE_2023_MW[1]}) at the DEA's {OFFSHORE_HOURS[0]:,.0f}-{OFFSHORE_HOURS[1]:,.0f} h
make {off_lo:.1f}-{off_hi:.1f} TWh, leaving {rest_lo:.1f}-{rest_hi:.1f} TWh for onshore wind and
solar in 2022, below the lines' {prod_twh:.1f} TWh at the later capacities (solar has grown by
about 2 GW since March 2023).

## Known scope differences: regnskab ÷ KF25 by sector

The national sum of the 98 municipalities' regnskab sectors divided by KF25's codes for that
sector (as capf maps them):

{_md(scope, "{:.3f}")}

- **Energy**: the regnskab counts electricity by consumption in the municipality; KF25 by
  production in Denmark (1A1a), so net imports and exports move the ratio from year to year.
  Offshore extraction (1A1c) and fugitive emissions (1B) are outside the regnskab; refineries
  (1A1b) are counted inside (Fredericia's and Kalundborg's energy, 438 and 579 kt in 2023).
  Without 1A1b the chosen method's cut is about 1 point higher (see PROVENANCE.md).
- **Transport**: the regnskab has road traffic in the municipality and domestic transport; KF25
  includes border trade (1A3bx), domestic aviation, navigation, military and recreational boats:
  the regnskab's transport is about 70 % of KF25's.
- **Agriculture**: close to KF25's CRF 3 (ratio about 1.0).
- **Waste**: the regnskab has landfill and wastewater; KF25's CRF 5 has composting and biogas
  plants too.
- **Industry**: the regnskab has chemical processes; KF25's CRF 2 also F-gases (2F) and solvents.
- **LULUCF** is not in the regnskab: capf estimates cropland and grassland (4B + 4C) per
  municipality by the MARS lowland key (an estimate, summing to KF25's national figure); forest,
  wetlands, settlements and harvested wood (4A, 4D, 4E, 4G) are not allocated.
"""
    (out / "validation.md").write_text(text, encoding="utf-8")
    print(f"wrote {out / 'validation.md'}")


if __name__ == "__main__":
    main()
