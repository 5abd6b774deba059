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
