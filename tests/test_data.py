"""capf.data: the bundled files and their loaders, checked against shared/data README figures."""

import pathlib
import re

import numpy as np
import pytest

from capf import data

DATA_DIR = pathlib.Path(data.__file__).parent


def test_municipalities():
    m = data.municipalities()
    assert len(m) == 98 and m.index.is_unique
    assert m["population"].sum() == 6_025_511
    assert m["area_km2"].sum() == pytest.approx(43_057.7, abs=0.05)
    assert m.loc["217", "region"] == "Hovedstaden"      # Helsingør, filled (README §2a)
    assert m.loc["101", "name"] == "København" and m.loc["101", "population"] == 671_714
    assert m.loc["851", "area_km2"] == pytest.approx(1138.1)


def test_inventory_2023():
    inv = data.inventory_2023()
    assert len(inv) == 98
    kbh = inv.loc["101"]
    assert (kbh["total"], kbh["agriculture"], kbh["energy"], kbh["transport"]) == \
        pytest.approx((1.329, -0.0016, 0.8298, 0.3464))
    parts = inv[["agriculture", "energy", "transport", "remainder"]].sum(axis=1)
    np.testing.assert_allclose(parts, inv["total"], atol=1e-12)
    assert inv.loc["825", "flag_negative_sector"]                     # Læsø
    assert "agriculture" in inv.loc["825", "flag_note"]
    assert inv.loc["851", "remainder"] == pytest.approx(15.637 - (1.945 + 7.676 + 1.402), abs=2e-3)
    assert not inv.loc["851", "flag_negative_sector"]


def test_series_2018_2024_matches_2023_file():
    s = data.inventory_per_capita_series()
    assert len(s) == 98 * 7
    y23 = s[s.year == 2023].set_index("code")["co2e_per_capita"]
    np.testing.assert_allclose(y23.sort_index(), data.inventory_2023()["total"].sort_index(),
                               atol=5e-4)


def test_national_series():
    s = data.national_sector_series()
    assert s.index.min() == 1990 and s.index.max() == 2023
    assert s.loc[1990, "Total (excl. LULUCF)"] == pytest.approx(69.21, abs=0.005)
    sectors = [c for c in s.columns if c not in ("Total (excl. LULUCF)", "AFOLU: LULUCF")]
    assert len(sectors) == 8
    np.testing.assert_allclose(s[sectors].sum(axis=1), s["Total (excl. LULUCF)"], atol=1e-6)
    e = data.national_sector_index("energy")
    assert e.loc[1990] == pytest.approx(sum(s.loc[1990, c] for c in data.NATIONAL_SECTOR_MAP["energy"]))
    assert e.loc[1990] == pytest.approx(25.34 + 5.49 + 8.96 + 1.90, abs=0.02)
    # the file's exact 1990 figures (Power, Industry, Buildings, Fuel production)
    assert e.loc[1990] == pytest.approx(
        25.3445331061754 + 5.48852935450723 + 8.95868211117184 + 1.90361347278739, abs=1e-12)
    # the four categories cover every non-LULUCF sector exactly once
    mapped = [c for cols in data.NATIONAL_SECTOR_MAP.values() for c in cols]
    assert sorted(mapped) == sorted(sectors)
    with pytest.raises(KeyError, match="unknown category 'waste'"):
        data.national_sector_index("waste")


def test_factors():
    br = data.br18_carrier_factors().set_index(["year", "carrier"])["kg_co2e_per_kwh"]
    assert br[(2030, "electricity")] == pytest.approx(0.0470)
    assert br[(2023, "district_heat")] == pytest.approx(0.105)
    assert br[(2040, "grid_gas")] == pytest.approx(0.105)
    hb = data.hb2016_fuels().set_index(["fuel_da", "unit"])
    assert hb.loc[("Fyringsgasolie", "kg"), "kg_co2_per_kwh"] == pytest.approx(0.266)
    seg = data.seges_organic_soils()
    assert seg["co2_from_carbon_t_per_ha_yr"].tolist() == [21.08, 42.17, 30.8, 15.4, 0]


def test_times_dk():
    fp = data.times_dk("FP_NO_WIN_INT")
    tot = fp[fp.indicator == "_All_GHG_emissions"].groupby("year")["value"].sum()
    # README §1c derived sums: 2015 47168; 2030 32043; 2050 15204
    assert tot.loc[2015] == pytest.approx(47168, abs=1)
    assert tot.loc[2030] == pytest.approx(32043, abs=1)
    assert tot.loc[2050] == pytest.approx(15204, abs=1)
    assert set(data.times_dk("KP")["scenario"]) == {"KP"}
    with pytest.raises(ValueError, match="unknown TIMES-DK scenario 'XX'; bundled: FP_NO_WIN_INT, KP"):
        data.times_dk("XX")


def test_loaders_return_copies():
    a = data.municipalities()
    a.loc["101", "population"] = 0
    assert data.municipalities().loc["101", "population"] == 671_714


def test_provenance_lists_every_file():
    prov = (DATA_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^### `([\w.-]+\.csv)`", prov, flags=re.M))
    files = {p.name for p in DATA_DIR.glob("*.csv")}
    assert files <= named, files - named
    for name in named:
        assert (DATA_DIR / name).is_file(), name


def test_data_path_error():
    with pytest.raises(FileNotFoundError, match="no bundled data file 'x.csv'; available: "):
        data.data_path("x.csv")


SHARED = pathlib.Path("/work/shared/data")
VERBATIM = {
    "municipalities": ["dk_municipalities_master_98.csv"],
    "inventories": ["dk_municipality_co2e_per_capita_2023_klimaregnskabet.csv",
                    "dk_municipality_sector_per_capita_2023_klimaregnskabet.csv",
                    "dk_municipality_co2e_per_capita_2018_2024_klimaregnskabet.csv"],
    "national": ["dnk_ghg_by_sector_1990_2023_unep_egr2024_edgar.csv",
                 "dk_national_ghg_headlines_from_public_pages.csv"],
    "factors": ["ef_organic_soils_seges_esgtool.csv",
                "ef_electricity_districtheat_gas_br18_bilag2_tabel8.csv",
                "ef_fuels_energy_carriers_hb2016_energikonsulenter.csv"],
}


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared data folder not available")
def test_bundled_files_match_shared_data():
    for folder, names in VERBATIM.items():
        for name in names:
            assert (DATA_DIR / name).read_bytes() == (SHARED / folder / name).read_bytes(), name
    src = (SHARED / "national" / "dk_times_dk_scenarios_2015_2050_ghg_klimaaftalen_tokni_dtu.csv")
    lines = src.read_bytes().splitlines(keepends=True)
    subset = [lines[0]] + [ln for ln in lines[1:]
                           if ln.split(b",", 1)[0] in (b"FP_NO_WIN_INT", b"KP")]
    bundled = DATA_DIR / "dk_times_dk_scenarios_2015_2050_ghg_klimaaftalen_tokni_dtu_FP_KP.csv"
    assert bundled.read_bytes() == b"".join(subset)


def test_inventory_2023_flags():
    inv = data.inventory_2023()
    assert inv.notna().all().all()
    assert (inv["year"] == 2023).all()
    flagged = set(inv.index[inv["flag_negative_sector"]])
    # negative agriculture: Copenhagen-area municipalities and Læsø (README §3)
    assert flagged == {"101", "153", "155", "157", "159", "161", "167", "169", "183", "217", "825"}
    assert inv.loc["825", "agriculture"] == pytest.approx(-9.9608)
    assert inv.loc["825", "flag_note"].startswith("agriculture reported negative (-9.96 t/cap)")
    assert "README §3" in inv.loc["825", "flag_note"]
    assert (inv.loc[~inv["flag_negative_sector"], "flag_note"] == "").all()
    assert (inv["remainder"] > 0).all()                   # no row where the parts exceed the total
    assert inv.loc["851", "remainder"] == pytest.approx(4.6149, abs=1e-9)   # Aalborg, cement


def test_times_dk_kp_and_schema():
    kp = data.times_dk("KP")
    assert list(kp.columns) == ["scenario", "indicator", "indicator_group", "year", "value"]
    tot = kp[kp.indicator == "_All_GHG_emissions"].groupby("year")["value"].sum()
    assert tot.loc[[2015, 2030, 2050]].tolist() == pytest.approx([46654, 18867, 7811], abs=1)
    assert sorted(kp["year"].unique()) == list(range(2015, 2051, 5))


def test_br18_carriers_and_interpolation_years():
    br = data.br18_carrier_factors()
    assert set(br["carrier"]) == {"electricity", "district_heat", "grid_gas"}
    assert sorted(br["year"].unique()) == [2023, 2025, 2030, 2035, 2040]


def test_every_loader_returns_a_fresh_copy():
    loaders = [data.municipalities, data.inventory_2023, data.inventory_per_capita_series,
               data.national_sector_series, data.times_dk, data.br18_carrier_factors,
               data.hb2016_fuels, data.seges_organic_soils, data.headlines]
    for load in loaders:
        first = load()
        column = first.columns[0]
        first[column] = "MUTATED"
        assert not (load()[column] == "MUTATED").any(), load.__name__


def test_data_path_reads_bundled_file():
    text = data.data_path("dk_municipalities_master_98.csv").read_text(encoding="utf-8")
    assert text.startswith("kommunekode,kommunenavn,region,")
