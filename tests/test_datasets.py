"""capf.datasets.denmark: the bundled national plan."""

import numpy as np
import pytest

import capf
from capf import data


@pytest.fixture(scope="module")
def denmark():
    plan = capf.datasets.denmark()
    ds = capf.project(plan)
    return plan, ds, capf.assess(ds, plan)


def test_all_98_municipalities(denmark):
    plan, ds, table = denmark
    assert len(plan.municipality) == 98 and ds.sizes["municipality"] == 98
    assert set(ds.scenario.values) == {"bau", "national_trend", "pipeline", "pipeline_prestudies"}
    assert len(table) == 98 * 4 * 2  # municipalities × scenarios × targets
    assert ds.municipality_name.sel(municipality="851").item() == "Aalborg"
    assert ds.region.sel(municipality="540").item() == "Syddanmark"


def test_base_year_totals_are_the_observed_regnskab_tonnes(denmark):
    _, ds, _ = denmark
    t = data.inventory_tonnes()
    expected = t[t.year == 2023].groupby("code")["t_co2e"].sum().reindex(ds.municipality.values)
    got = ds.co2e.sel(year=2023, scenario="bau").drop_sel(
        source="lowland_soils.other").sum("source")
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    # Sønderborg (540), no population scaling
    assert float(got.sel(municipality="540")) == pytest.approx(
        t[(t.code == "540") & (t.year == 2023)].t_co2e.sum(), rel=1e-12)


def test_sectors_industry_and_waste_are_their_own(denmark):
    _, ds, _ = denmark
    by = capf.assess.by_sector(ds).sel(year=2023, scenario="bau", municipality="851")
    # Aalborg 2023 (Energi- og CO2-regnskab, t CO2e): landbrug 432,912.2, energi
    # 1,708,346.5, industri (chemical processes: the cement works) 999,744.9, affald 27,452.8
    assert float(by.sel(sector="agriculture")) == pytest.approx(432_912.2)
    # the regnskab's Energi holds the boilers and the electric cars' grid electricity
    # (capf.data.activity.CARVED_FROM), now lines of their own
    ev = float(ds.co2e.sel(year=2023, scenario="bau", municipality="851",
                           source="transport.road.car_electric"))
    assert float(by.sel(sector="energy")) + float(by.sel(sector="buildings")) + ev == \
        pytest.approx(1_708_346.5)
    assert float(by.sel(sector="industry")) == pytest.approx(999_744.9)
    assert float(by.sel(sector="waste")) == pytest.approx(27_452.8)


def test_laeso_negative_agriculture_kept_and_flagged(denmark):
    plan, ds, _ = denmark
    line = next(x for x in plan.inventory if x.municipality == "825"
                and x.source == "agriculture.other")
    assert line.reported_negative and not line.estimate
    assert "reported negative" in line.note
    t = data.inventory_tonnes()
    laeso = t[(t.code == "825") & (t.year == 2023)].set_index("sector")["t_co2e"]
    got = ds.co2e.sel(municipality="825", year=2023, scenario="bau")
    assert float(got.sel(source="agriculture.other")) == pytest.approx(laeso["agriculture"])
    assert laeso["agriculture"] < 0
    # nothing pushed into another sector
    assert float(got.sel(source="industry.other")) == pytest.approx(laeso["industry"])


def test_backcast_1990_by_hand(denmark):
    plan, ds, table = denmark
    row = table[(table.municipality == "851") & (table.target == "Climate Act 2030")
                & (table.scenario == "bau")].iloc[0]
    t = data.inventory_tonnes()
    t = t[t.code == "851"].pivot(index="year", columns="sector", values="t_co2e")
    nat = data.kf25_sector_series("regnskab")
    crf = data.kf25_crf().set_index("crf_code")
    years = list(range(2018, 2024))
    nat["buildings"] = [float(crf.loc["1A4bi", y]) for y in nat.index]  # residential
    nat["energy"] -= nat["buildings"]
    # the boilers and the electric cars were carved out of Energi: its observed years are
    # split between energy, buildings and transport in the 2023 shares
    base = ds.co2e.sel(year=2023, scenario="bau", municipality="851")
    q_b = float(base.sel(source=[s for s in base.source.values if s.startswith("buildings.")])
                .sum()) / t["energy"].loc[2023]
    q_ev = float(base.sel(source="transport.road.car_electric")) / t["energy"].loc[2023]
    t["buildings"] = t["energy"] * q_b
    t["transport"] += t["energy"] * q_ev
    t["energy"] *= 1 - q_b - q_ev
    expected = sum(t[s].loc[years].sum() / nat[s].loc[years].sum() * nat[s].loc[1990]
                   for s in t.columns)
    expected += nat["lowland_soils"].loc[1990] * 1e6 * data.lowland_key()["851"]
    assert row["reference_level"] == pytest.approx(expected, rel=1e-9)
    assert row["reference_is_estimate"] and row["reference_method"] == "backcast:kf25"
    assert row["target_level"] == pytest.approx(0.3 * expected)


def test_national_trend_follows_kf25(denmark):
    _, ds, _ = denmark
    nat = data.kf25_sector_series("regnskab")
    e = ds.co2e.sel(source="agriculture.other", municipality="851")
    assert float(e.sel(year=2030, scenario="national_trend") / e.sel(year=2023,
                 scenario="national_trend")) == pytest.approx(
        nat["agriculture"].loc[2030] / nat["agriculture"].loc[2023])
    assert float(e.sel(year=2030, scenario="bau")) == float(e.sel(year=2023, scenario="bau"))
    r = ds.co2e.sel(source="industry.other", municipality="851", scenario="national_trend")
    assert float(r.sel(year=2030) / r.sel(year=2023)) == pytest.approx(
        nat["industry"].loc[2030] / nat["industry"].loc[2023])


def test_subset_and_unknown_codes():
    plan = capf.datasets.denmark(municipalities=["540", "340"])
    assert plan.municipality_codes == ["540", "340"]
    with pytest.raises(KeyError, match="unknown municipality code"):
        capf.datasets.denmark(municipalities=["999"])


def test_regnskab_importer_matches_the_bundled_plan():
    lines = capf.datasets.regnskab_inventory(
        data.data_path("dk_municipality_sector_per_capita_2023_klimaregnskabet.csv"))
    assert len(lines) == 98 * 3
    sor = {x["source"]: x["emissions"].to("t CO2e/yr").magnitude for x in lines
           if x["municipality"] == "340"}
    assert sor["agriculture.other"] == pytest.approx(2.331 * 30_853, rel=1e-3)
    assert all(x["estimate"] for x in lines)   # population 2026 stands in for 2023
    plan = capf.Plan.model_validate({
        "plan": {"name": "import", "base_year": 2023},
        "municipality": [{"code": "340"}],
        "inventory": [x for x in lines if x["municipality"] == "340"],
        "scenario": [{"name": "bau"}]})
    assert len(plan.inventory) == 3
    with pytest.raises(ValueError, match="lacks column"):
        import pandas as pd

        capf.datasets.regnskab_inventory(pd.DataFrame({"kommune_kode": [340]}))


def test_catalogue_command(capsys, tmp_path):
    from capf.cli import main

    assert main(["catalogue", "--sector", "lowland_soils"]) == 0
    out = capsys.readouterr().out
    assert "lowland_soils.rewetted_organic_soils" in out and "SEGES" in out
    assert main(["catalogue", "--csv", str(tmp_path / "c.csv")]) == 0
    import pandas as pd

    table = pd.read_csv(tmp_path / "c.csv")
    assert set(capf.sectors.SOURCES) == set(table.source)


def test_the_bundled_data_keep_the_raw_input_limits(monkeypatch):
    """denmark() skips the size and text limits on raw plan input (BUNDLED): they hold for what
    the bundled data build, and a plain model_validate of the same dict still applies them."""
    from capf.data.denmark import denmark_dict
    from capf.plan import limits
    from capf.plan.plan import Plan

    data = denmark_dict(2023, 2050, "AR5GWP100", None)
    assert limits.check_raw_plan(data) == []
    calls = []
    real = limits.check_raw_plan
    monkeypatch.setattr(limits, "check_raw_plan", lambda d: calls.append(1) or real(d))
    capf.datasets.denmark(municipalities=["101"])
    assert calls == []
    Plan.model_validate(denmark_dict(2023, 2050, "AR5GWP100", ("101",)))
    assert calls == [1]
