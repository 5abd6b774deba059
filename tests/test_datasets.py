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
    assert set(ds.scenario.values) == {"bau", "national_trend"}
    assert len(table) == 98 * 2 * 2  # municipalities × scenarios × targets
    assert ds.municipality_name.sel(municipality="851").item() == "Aalborg"
    assert ds.region.sel(municipality="540").item() == "Syddanmark"


def test_base_year_totals_are_per_capita_times_population(denmark):
    _, ds, _ = denmark
    inv, muni = data.inventory_2023(), data.municipalities()
    expected = (inv["total"] * muni["population"]).reindex(ds.municipality.values)
    got = ds.co2e.sel(year=2023, scenario="bau").sum("source")
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    # Sønderborg (540): 4.072 t/cap × 74,123 inhabitants
    assert float(got.sel(municipality="540")) == pytest.approx(4.072 * 74_123, rel=1e-3)


def test_sectors_and_remainder(denmark):
    _, ds, _ = denmark
    by = capf.pathways.by_sector(ds).sel(year=2023, scenario="bau", municipality="851")
    pop = 226_033
    assert float(by.sel(sector="agriculture")) == pytest.approx(1.945 * pop, rel=1e-3)
    # the regnskab's Energi holds the boilers and the electric cars' grid electricity
    # (capf.data.activity.CARVED_FROM), now lines of their own
    ev = float(ds.co2e.sel(year=2023, scenario="bau", municipality="851",
                           source="transport.road.car_electric"))
    assert float(by.sel(sector="energy")) + float(by.sel(sector="buildings")) + ev == \
        pytest.approx(7.676 * pop, rel=1e-3)
    assert float(by.sel(sector="industry")) == pytest.approx(
        (15.637 - 1.945 - 7.676 - 1.402) * pop, rel=2e-3)


def test_laeso_negative_agriculture_kept_and_flagged(denmark):
    plan, ds, _ = denmark
    line = next(x for x in plan.inventory if x.municipality == "825"
                and x.source == "agriculture.other")
    assert line.reported_negative and line.estimate
    assert "reported negative" in line.note
    assert float(ds.co2e.sel(municipality="825", source="agriculture.other", year=2023,
                             scenario="bau")) < 0


def test_backcast_1990_by_hand(denmark):
    plan, ds, table = denmark
    row = table[(table.municipality == "851") & (table.target == "Climate Act 2030")
                & (table.scenario == "bau")].iloc[0]
    inv, pop = data.inventory_2023().loc["851"], 226_033
    ratio = {c: data.national_sector_index(c).loc[1990] / data.national_sector_index(c).loc[2023]
             for c in ("agriculture", "energy", "transport", "remainder")}
    expected = sum(inv[c] * pop * ratio[c] for c in ratio)
    # electric cars are carved out of Energi but back-cast, as transport, with its series
    ev = float(ds.co2e.sel(year=2023, scenario="bau", municipality="851",
                           source="transport.road.car_electric"))
    expected += ev * (ratio["transport"] - ratio["energy"])
    assert row["reference_level"] == pytest.approx(expected, rel=1e-9)
    assert row["reference_is_estimate"] and row["reference_method"] == "backcast:edgar_dk"
    assert row["target_level"] == pytest.approx(0.3 * expected)
    assert row["base_year_level"] == pytest.approx(inv["total"] * pop, rel=1e-9)


def test_national_trend_follows_times_dk(denmark):
    _, ds, _ = denmark
    fp = data.times_dk("FP_NO_WIN_INT")
    agr = fp[(fp.indicator == "_All_GHG_emissions")
             & (fp.indicator_group == "Landbrugs emissioner")].set_index("year")["value"]
    at_2023 = agr.loc[2020] + (agr.loc[2025] - agr.loc[2020]) * 3 / 5
    e = ds.co2e.sel(source="agriculture.other", municipality="851")
    assert float(e.sel(year=2030, scenario="national_trend") / e.sel(year=2023,
                 scenario="national_trend")) == pytest.approx(agr.loc[2030] / at_2023)
    assert float(e.sel(year=2030, scenario="bau")) == float(e.sel(year=2023, scenario="bau"))
    # the remainder has no TIMES-DK series: held flat in both scenarios
    r = ds.co2e.sel(source="industry.other", municipality="851", scenario="national_trend")
    assert float(r.sel(year=2050)) == float(r.sel(year=2023))


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
