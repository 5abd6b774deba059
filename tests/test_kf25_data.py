"""Issue 16: observed inventories, the KF25 series, lowland soils, the anchored back-cast.

The "Done when" figures of the issue are checked on the bundled plan (`capf run` with no
file), and the figures docs/make_validation.py publishes are recomputed independently.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import capf
from capf import data
from capf.compile import carrier_factor, default_factor
from capf.units import GASES, gwp_values

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundled():
    plan = capf.datasets.denmark()
    ds = capf.project(plan)
    return plan, ds, capf.assess(ds, plan)


@pytest.fixture(scope="module")
def validation():
    return _load(ROOT / "docs" / "make_validation.py", "make_validation")


def _regnskab(year: int) -> pd.Series:
    t = data.inventory_tonnes()
    return t[t.year == year].groupby("code")["t_co2e"].sum()


# ------------------------------------------------------------------ "Done when" figures

def test_cut_1990_2023_is_within_5_points_of_kf25(bundled):
    plan, ds, table = bundled
    t = table[(table.target == "Climate Act 2030") & (table.scenario == "bau")]
    cut = 1 - t.base_year_level.sum() / t.reference_level.sum()
    assert abs(cut - 0.477) <= 0.05  # KF25, regnskab scope + cropland and grassland
    refs = capf.assess.reference_levels(ds, plan, 1990)
    by = refs.sector.sum()
    base = capf.assess.by_sector(ds).sel(year=2023, scenario="bau").sum("municipality")
    excl = [s for s in by.index if s != "lowland_soils"]
    cut_x = 1 - float(base.sel(sector=excl).sum()) / by[excl].sum()
    assert abs(cut_x - 0.469) <= 0.05  # KF25 without LULUCF, regnskab scope
    # every 1990 level is a flagged estimate, by the KF25 back-cast
    assert set(t.reference_method) == {"backcast:kf25"} and t.reference_is_estimate.all()


def test_2023_levels_equal_the_regnskab(bundled):
    _, ds, _ = bundled
    got = (ds.co2e.sel(year=2023, scenario="bau").drop_sel(source="lowland_soils.other")
           .sum("source").to_pandas())
    want = _regnskab(2023).reindex(got.index)
    assert ((got - want).abs() <= np.maximum(0.01 * want.abs(), 300)).all()
    assert want.sum() == pytest.approx(34_039_454, abs=1)  # nationalTotal of the source file


def test_sector_test_2019_levels_are_observed(bundled):
    plan, ds, _ = bundled
    st_ = capf.assess.sector_test(ds, plan)
    assert set(st_.level_2019_method) == {"observed"}
    refs = capf.assess.reference_levels(ds, plan, 2019)
    assert set(refs.method) == {"observed"}
    regnskab = refs.sector.drop(columns="lowland_soils").sum().sum()
    assert regnskab == pytest.approx(41_803_611, rel=0.015)
    assert regnskab == pytest.approx(_regnskab(2019).sum(), rel=1e-9)
    # Aalborg's 2019 industry level is the regnskab's industri of 2019, not a back-cast
    t = data.inventory_tonnes()
    aal = t[(t.code == "851") & (t.year == 2019) & (t.sector == "industry")].t_co2e.item()
    assert refs.sector.loc["851", "industry"] == pytest.approx(aal)


def test_lowland_soils_sum_to_kf25_cropland_and_grassland(bundled):
    plan, ds, table = bundled
    low = ds.co2e.sel(source="lowland_soils.other", scenario="bau")
    national = data.kf25_sector_series("regnskab")["lowland_soils"]
    assert float(low.sel(year=2023).sum()) / 1e6 == pytest.approx(3.22, rel=0.40)
    assert float(low.sel(year=2023).sum()) / 1e6 == pytest.approx(national[2023], rel=1e-9)
    lines = [x for x in plan.inventory if x.source == "lowland_soils.other"]
    assert len(lines) == 98 and all(x.estimate for x in lines)
    # the target that says "all sectors" has LULUCF (cropland and grassland) in its data
    assert set(table.scope) == {"all sectors"}
    assert data.lowland_key().sum() == pytest.approx(1.0)


def test_national_trend_follows_kf25_by_sector(bundled):
    _, ds, _ = bundled
    sec = capf.assess.by_sector(ds).sum("municipality").sel(scenario="national_trend")
    ratio = (sec.sel(year=2030) / sec.sel(year=2023)).to_pandas()
    crf = data.kf25_crf()
    codes = {"energy": ["1A1a", "1A1ax", "1A1b", "1A2", "1A2gvii", "1A4ai", "1A4aii", "1A4bi",
                        "1A4bii", "1A4ci", "1A4cii", "cor"],
             "transport": [c for c in crf.crf_code if c.startswith(("1A3", "1A5"))],
             "agriculture": [c for c in crf.crf_code if c.startswith("3")]}
    for sector, cs in codes.items():
        rows = crf[crf.crf_code.isin(cs)]
        assert ratio[sector] == pytest.approx(rows[2030].sum() / rows[2023].sum(), abs=0.06)
    assert 0.46 <= ratio["energy"] <= 0.55
    assert 0.52 <= ratio["transport"] <= 0.57
    assert 0.80 <= ratio["agriculture"] <= 0.82


def test_laeso_negative_agriculture_stays_in_its_sector(bundled):
    plan, ds, _ = bundled
    by = capf.assess.by_sector(ds).sel(municipality="825", year=2023, scenario="bau")
    # the regnskab 2023: landbrug -17,819.8 t, total -9,374.2 t (the issue's -9,374)
    assert float(by.sel(sector="agriculture")) == pytest.approx(-17_819.8)
    assert float(by.drop_sel(sector="lowland_soils").sum()) == pytest.approx(-9_374.2)
    line = next(x for x in plan.inventory if x.municipality == "825"
                and x.source == "agriculture.other")
    assert line.reported_negative and "reported negative" in line.note


def test_observations_2018_2022_by_sector(bundled):
    plan, _, _ = bundled
    obs = [o for o in plan.observation if o.sector is not None and o.sector != "lowland_soils"]
    # the regnskab's five sectors, and buildings: the part of Energi the boilers were carved
    # out of (split in the base-year shares, estimates, like Energi and transport then)
    assert len(obs) == 98 * 6 * 5
    assert not any(o.estimate for o in obs if o.sector in ("agriculture", "industry", "waste"))
    assert all(o.estimate for o in obs if o.sector == "buildings")
    assert {o.year for o in obs} == {2018, 2019, 2020, 2021, 2022}


# ------------------------------------------------------------------ the validation page

def test_validation_sums_are_the_data(validation, bundled):
    ours, kf = validation.plan_sums(), validation.kf25_sums()
    plan, ds, _ = bundled
    # 2023: the regnskab and the lowland estimate
    assert ours[2023].sum() == pytest.approx((_regnskab(2023).sum() + 3.22e6) / 1e6, abs=0.01)
    # KF25's sums are the CRF rows of each sector
    crf = data.kf25_crf()
    rows = crf[(crf.regnskab_scope == "yes") | crf.crf_code.isin(["4B", "4C"])]
    for year in (1990, 2019, 2023, 2030):
        assert kf[year].sum() == pytest.approx(rows[year].sum(), rel=1e-9)
    assert kf.loc["agriculture", 1990] == pytest.approx(
        crf[crf.crf_code.str.startswith("3")][1990].sum())
    # the 2030 column is scenario national_trend
    sec = capf.assess.by_sector(ds).sum("municipality").sel(scenario="national_trend",
                                                              year=2030)
    assert ours[2030].sum() == pytest.approx(float(sec.sum()) / 1e6, rel=1e-9)
    cuts = validation.kf25_cuts()
    assert cuts["national total excl. LULUCF"] == pytest.approx(0.458, abs=0.0005)
    assert cuts["regnskab scope (excl. 1A1b refineries, 1A1c, 1B)"] == pytest.approx(
        0.469, abs=0.0005)
    assert cuts["regnskab scope (excl. refineries) + 4B, 4C"] == pytest.approx(0.477, abs=0.0005)
    assert cuts["regnskab scope (excl. refineries) + all LULUCF"] == pytest.approx(
        0.521, abs=0.0005)


def test_backcast_skill_picks_the_method_the_plan_uses(validation, bundled):
    skill = validation.backcast_skill()
    assert skill["median_error"].idxmin() == validation.CHOSEN == "sum"
    assert skill["p90_error"].idxmin() == "sum"
    assert skill.loc["last", "median_error"] > skill.loc["sum", "median_error"]
    # the chosen method's 1990 sum is the plan's 1990 reference outside lowland soils, but for
    # the boilers, which the plan back-casts with KF25's residential combustion (1A4bi)
    plan, ds, _ = bundled
    refs = capf.assess.reference_levels(ds, plan, 1990)
    ours = refs.sector.drop(columns="lowland_soils").sum().sum() / 1e6
    assert skill.loc["sum", "sum_1990_mt"] == pytest.approx(ours, rel=0.02)


def test_backcast_skill_by_hand_for_one_municipality(validation):
    """The leave-one-out error of Aalborg under the chosen method, computed directly."""
    nat = data.kf25_sector_series("regnskab")
    t = data.inventory_tonnes()
    t = t[t.code == "851"].pivot(index="year", columns="sector", values="t_co2e")
    years = list(range(2018, 2024))
    errs = []
    for y in years:
        o = [x for x in years if x != y]
        pred = sum(t[s].loc[o].sum() / (nat[s].loc[o].sum() * 1e6) * nat[s].loc[y] * 1e6
                   for s in t.columns)
        errs.append(abs(pred - t.loc[y].sum()) / abs(t.loc[y].sum()))
    e = validation._observed()
    total = sum(e.values())
    assert total.loc["851", 2020] == pytest.approx(t.loc[2020].sum())
    assert np.mean(errs) < 0.2


def test_validation_page_is_generated(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "docs" / "make_validation.py"),
                          str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "validation.md").read_text(encoding="utf-8")
    assert "Chosen: `sum`" in text and "46.9%" in text and "47.7%" in text
    assert (tmp_path / "validation_backcast.png").is_file()
    shipped = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    assert shipped == text, "docs/validation.md is out of date: run docs/make_validation.py"


# ------------------------------------------------------------------ anchored back-cast

def _plan(inv, obs, anchors, national, year=1990, observed_2019=False):
    baseline = [{"year": year, "backcast": "n", "anchor_years": anchors}]
    if observed_2019:
        baseline.append({"year": 2019, "observed": True})
    return capf.Plan.model_validate({
        "plan": {"name": "t", "base_year": 2023, "end_year": 2030},
        "municipality": [{"code": "A"}],
        "inventory": [{"municipality": "A", "source": f"{s}.other",
                       "emissions": f"{v} t CO2e/yr"} for s, v in inv.items()],
        "observation": [{"municipality": "A", "year": y, "sector": s,
                         "emissions": f"{v} t CO2e/yr"} for (s, y), v in obs.items()],
        "national_series": [{"series": "n", "sector": s, "values": vals}
                            for s, vals in national.items()],
        "baseline": baseline,
        "scenario": [{"name": "bau"}],
        "target": [{"name": "t", "year": 2030, "reduction": "70 %", "relative_to": year}],
    })


def test_anchored_backcast_by_hand():
    plan = _plan({"energy": 100.0, "transport": 50.0},
                 {("energy", 2021): 150.0, ("transport", 2021): 40.0},
                 [2021], {"energy": {1990: 30.0, 2021: 12.0, 2023: 10.0},
                          "transport": {1990: 8.0, 2021: 9.0, 2023: 10.0}})
    ds = capf.project(plan)
    r = capf.assess.reference_levels(ds, plan, 1990)
    # ratio of sums over 2021 and 2023
    assert r.sector.loc["A", "energy"] == pytest.approx(30.0 * (150 + 100) / (12 + 10))
    assert r.sector.loc["A", "transport"] == pytest.approx(8.0 * (40 + 50) / (9 + 10))
    assert r.method["A"] == "backcast:n" and r.estimate["A"]
    assert "anchored" in r.note["A"]


@settings(max_examples=30, deadline=None)
@given(e=st.floats(1.0, 1e6), n90=st.floats(0.1, 100.0), n23=st.floats(0.1, 100.0))
def test_anchor_on_the_base_year_alone_is_the_plain_backcast(e, n90, n23):
    national = {"energy": {1990: n90, 2023: n23}}
    anchored = _plan({"energy": e}, {}, [2023], national)
    plain = anchored.model_copy(update={"baseline": [
        anchored.baseline[0].model_copy(update={"anchor_years": None})]})
    a = capf.assess.reference_levels(capf.project(anchored), anchored, 1990)
    b = capf.assess.reference_levels(capf.project(plain), plain, 1990)
    assert a.total["A"] == pytest.approx(b.total["A"], rel=1e-12)
    assert a.total["A"] == pytest.approx(e * n90 / n23, rel=1e-12)


@settings(max_examples=30, deadline=None)
@given(k=st.floats(0.01, 100.0), obs=st.floats(1.0, 1e5), base=st.floats(1.0, 1e5))
def test_anchored_backcast_scales_with_the_observations(k, obs, base):
    """Scaling every observed level by k scales the back-cast by k (national series fixed)."""
    national = {"energy": {1990: 20.0, 2020: 15.0, 2023: 10.0}}
    p1 = _plan({"energy": base}, {("energy", 2020): obs}, [2020], national)
    p2 = _plan({"energy": base * k}, {("energy", 2020): obs * k}, [2020], national)
    r1 = capf.assess.reference_levels(capf.project(p1), p1, 1990).total["A"]
    r2 = capf.assess.reference_levels(capf.project(p2), p2, 1990).total["A"]
    assert r2 == pytest.approx(k * r1, rel=1e-9)


def test_observed_baseline_needs_every_sector_with_emissions():
    national = {"energy": {1990: 2.0, 2023: 1.0}, "transport": {1990: 2.0, 2023: 1.0}}
    plan = _plan({"energy": 100.0, "transport": 50.0}, {("energy", 2019): 120.0}, [2023],
                 national, observed_2019=True)
    plan = plan.model_copy(update={"baseline": [plan.baseline[1], plan.baseline[0].model_copy(
        update={"year": 2019})]})
    r = capf.assess.reference_levels(capf.project(plan), plan, 2019)
    assert r.method["A"] == "backcast:n"  # transport was not observed in 2019
    full = _plan({"energy": 100.0, "transport": 50.0},
                 {("energy", 2019): 120.0, ("transport", 2019): 55.0}, [2023], national,
                 observed_2019=True)
    r = capf.assess.reference_levels(capf.project(full), full, 2019)
    assert r.method["A"] == "observed" and not r.estimate["A"]
    assert r.total["A"] == pytest.approx(175.0)


def test_baseline_errors_name_the_field():
    base = {"plan": {"name": "t", "base_year": 2023}, "municipality": [{"code": "A"}],
            "inventory": [{"municipality": "A", "source": "energy.other",
                           "emissions": "1 t CO2e/yr"}],
            "national_series": [{"series": "n", "sector": "energy",
                                 "values": {1990: 1.0, 2023: 1.0}}],
            "scenario": [{"name": "bau"}]}
    with pytest.raises(capf.PlanError, match=r"baseline\[1\]\.anchor_years: anchor years"):
        capf.Plan.model_validate({**base, "baseline": [
            {"year": 1990, "observed": True, "anchor_years": [2020]}]})
    with pytest.raises(capf.PlanError, match=r"baseline\[1\]\.emissions: give either"):
        capf.Plan.model_validate({**base, "baseline": [
            {"year": 2019, "observed": True, "backcast": "n"}]})
    with pytest.raises(capf.PlanError, match=r"baseline\[1\]\.anchor_years: expected anchor "
                                             r"years at or before the base year 2023, got 2024"):
        capf.Plan.model_validate({**base, "baseline": [
            {"year": 1990, "backcast": "n", "anchor_years": [2024]}]})


# ------------------------------------------------------------------ factors

def test_grid_gas_is_the_hb2016_combustion_factor_and_br18_an_alternative():
    hb = data.hb2016_fuels()
    gas = float(hb.loc[hb.fuel_da == "Naturgas", "kg_co2_per_kwh"].iloc[0])
    assert gas == 0.204
    f = carrier_factor("grid_gas", [2023, 2030])
    np.testing.assert_allclose(f[GASES.index("CO2")], gas)
    br = data.br18_carrier_factors()
    br = br[br.carrier == "grid_gas"].set_index("year")["kg_co2e_per_kwh"]
    np.testing.assert_allclose(carrier_factor("grid_gas", [2023, 2030], "br18")[
        GASES.index("CO2e")], [br[2023], br[2030]])

    def run(option):
        meta = {"name": "t", "base_year": 2023, "end_year": 2030}
        if option:
            meta["grid_gas_factor"] = option
        plan = capf.Plan.model_validate({
            "plan": meta, "municipality": [{"code": "A"}],
            "inventory": [{"municipality": "A", "activity": "970 MWh/yr",
                           "source": "buildings.individual_heating.natural_gas_boiler"}],
            "scenario": [{"name": "bau"}]})
        return capf.project(plan).co2e.sel(municipality="A", scenario="bau").sum("source")

    assert float(run(None).sel(year=2023)) == pytest.approx(1000 * 0.204)  # 970 / 0.97 MWh gas
    assert float(run("br18").sel(year=2023)) == pytest.approx(1000 * br[2023])
    with pytest.raises(capf.PlanError, match="grid_gas_factor"):
        capf.Plan.model_validate({"plan": {"name": "t", "base_year": 2023,
                                           "grid_gas_factor": "lca"},
                                  "scenario": [{"name": "bau"}]})


def test_unknown_lowland_class_is_the_kf25_area_weighted_average():
    f, _ = default_factor("lowland_soils.drained_organic_soils", [2023])
    co2e = f[GASES.index("CO2"), 0] + f[GASES.index("CH4"), 0] * gwp_values("AR5GWP100")["CH4"]
    assert co2e == pytest.approx(data.lowland_default_factor(2023), rel=1e-9)
    r = data.kf25_organic_soils().loc[2023]
    assert co2e == pytest.approx((2005.68 + 719.016 + 118.665 + 111.467) / 113.691, rel=1e-5)
    assert r["organic_area_kha"] == pytest.approx(113.691)
    # the SEGES class factors stay
    f1, _ = default_factor("lowland_soils.drained_organic_soils.rotation_6_12pct_c", [2023])
    assert f1[GASES.index("CO2"), 0] == pytest.approx(21.08)
    src = capf.sectors.get_source("lowland_soils.drained_organic_soils")
    assert any("estimate" in n for n in src.notes)


# ------------------------------------------------------------------ data files and names

def test_old_series_still_load():
    assert data.national_sector_index("energy").loc[1990] == pytest.approx(41.70, abs=0.01)
    assert not data.times_dk("FP_NO_WIN_INT").empty
    drivers = capf.datasets.times_dk_drivers(["national_trend"])
    assert {d["name"] for d in drivers} == {"times_dk_fp_energy", "times_dk_fp_transport",
                                            "times_dk_fp_agriculture"}
    plan = capf.Plan.model_validate({
        "plan": {"name": "t", "base_year": 2023}, "municipality": [{"code": "A"}],
        "inventory": [{"municipality": "A", "source": "energy.other",
                       "emissions": "100 t CO2e/yr"}],
        "national_series": [{"series": "edgar_dk", "sector": "energy",
                             "values": data.national_sector_index("energy").to_dict()}],
        "baseline": [{"year": 1990, "backcast": "edgar_dk"}],
        "driver": drivers[:1], "scenario": [{"name": "national_trend"}]})
    r = capf.assess.reference_levels(capf.project(plan), plan, 1990)
    idx = data.national_sector_index("energy")
    assert r.total["A"] == pytest.approx(100 * idx[1990] / idx[2023])


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs the shared data folder")
def test_build_script_reproduces_the_bundled_files(tmp_path, monkeypatch):
    build = _load(ROOT / "scripts" / "build_kf25.py", "build_kf25")
    monkeypatch.setattr(build, "OUT", tmp_path)
    monkeypatch.setattr(sys, "argv", ["build_kf25.py", str(SHARED)])
    build.main()
    for p in tmp_path.iterdir():
        assert p.read_bytes() == (ROOT / "capf" / "data" / p.name).read_bytes(), p.name


def test_every_crf_code_has_a_sector_and_sectors_add_up():
    crf = data.kf25_crf()
    assert crf["capf_sector"].notna().all() and len(crf) == 65
    years = [c for c in crf.columns if isinstance(c, int)]
    assert years == list(range(1990, 2051))
    total = data.kf25_sector_series("all").sum(axis=1)
    assert total[1990] == pytest.approx(crf[1990].sum())
    excl = crf[~crf.crf_code.str.startswith("4")]
    assert excl[1990].sum() == pytest.approx(72.47, abs=0.01)
    assert excl[2023].sum() == pytest.approx(39.27, abs=0.01)


def test_municipal_files_are_up_to_date():
    """scenarios/municipalities/*.toml are what `capf new` writes from the bundled data."""
    for code, name in (("540", "sonderborg"), ("851", "aalborg"), ("340", "soro")):
        path = ROOT / "scenarios" / "municipalities" / f"{name}.toml"
        assert path.read_text(encoding="utf-8") == capf.datasets.plan_file(code), (
            f"{path} is out of date: regenerate it with `capf new {code} --out {path}`")


def test_monte_carlo_reference_follows_the_anchored_backcast():
    """Each sample's 1990 reference is anchored as the deterministic one (not base × ratio)."""
    plan = capf.Plan.model_validate({
        "plan": {"name": "t", "base_year": 2023, "end_year": 2030},
        "municipality": [{"code": "A"}],
        "inventory": [{"municipality": "A", "source": "energy.other",
                       "emissions": {"dist": "normal", "mean": "100 t CO2e/yr",
                                     "sd": "0.001 t CO2e/yr"}}],
        "observation": [{"municipality": "A", "year": 2021, "sector": "energy",
                         "emissions": "150 t CO2e/yr"}],
        "national_series": [{"series": "n", "sector": "energy",
                             "values": {1990: 30.0, 2021: 12.0, 2023: 10.0}}],
        "baseline": [{"year": 1990, "backcast": "n", "anchor_years": [2021]}],
        "action": [{"name": "cut", "kind": "reduce", "source": "energy.other", "share": "5 %",
                    "start": 2024, "full": 2030}],
        "scenario": [{"name": "plan", "actions": ["cut"]}],
        "target": [{"name": "t", "year": 2030, "reduction": "70 %", "relative_to": 1990}],
    })
    det = capf.assess(capf.project(plan), plan).iloc[0]
    # anchored: 30 × (150 + 100) / (12 + 10) = 340.9, target 102.3 ≥ 95 projected: met
    # (base × ratio would give 300 and a target of 90: not met)
    assert det["reference_level"] == pytest.approx(30 * 250 / 22)
    assert bool(det["met"])
    mc = capf.project(plan, samples=64, seed=1)
    p = capf.assess.probabilities(mc, plan)
    assert float(p["probability"].iloc[0]) == 1.0
