"""Issue 18: the bundled scenario ``pipeline``: the MARS lowland projects rewetted."""

import numpy as np
import pytest

import capf
from capf import data, datasets
from capf.units import gwp_values

LOW = ["lowland_soils.other", "lowland_soils.rewetted_organic_soils"]


@pytest.fixture(scope="module")
def run():
    plan = datasets.denmark()
    return plan, capf.project(plan)


def _factors(gwp="AR5GWP100"):
    drained = data.lowland_default_factor(2023)
    rewetted = 6.8 / 25.0 * gwp_values(gwp)["CH4"]  # SEGES rule 5, AR4 CO2e -> t CH4
    return drained, rewetted


def _lowland(ds, scenario, year):
    src = [s for s in LOW if s in ds.source.values]
    return ds.co2e.sel(source=src, scenario=scenario, year=year).sum("source")


def test_pipeline_saving_2030_is_hectares_times_factor_difference(run):
    plan, ds = run
    drained, rewetted = _factors()
    assert drained - rewetted == pytest.approx(25.99 - 7.616, abs=0.01)
    ha = data.lowland_projects_by_status()
    counted = (ha["Anlagt"] + ha["Etableringstilsagn"]).reindex(ds.municipality.values,
                                                                 fill_value=0.0)
    want = counted * (drained - rewetted)
    saving = (_lowland(ds, "bau", 2030) - _lowland(ds, "pipeline", 2030)).to_pandas()
    np.testing.assert_allclose(saving.reindex(want.index), want, rtol=1e-9, atol=1e-6)
    # the wedges of the pipeline's actions say the same
    names = [n for n in ds.action.values if str(n).startswith("lowland_")
             and "prestudy" not in str(n)]
    wedge = ds.wedge.sel(scenario="pipeline", year=2030, action=names).sum("action")
    np.testing.assert_allclose(wedge.to_pandas().reindex(want.index), want, rtol=1e-9,
                               atol=1e-6)
    # national sums: 595.7 ha established + 19,986.3 ha approved
    assert counted.sum() == pytest.approx(595.698 + 19_986.257, abs=1e-6)
    assert saving.sum() == pytest.approx(20_581.955 * (drained - rewetted), rel=1e-9)
    assert saving.sum() == pytest.approx(378_170, rel=1e-3)


def test_pipeline_timing_and_prestudy_variant(run):
    _, ds = run
    drained, rewetted = _factors()
    ha = data.lowland_projects_by_status().sum()
    cut = lambda sc, y: float((_lowland(ds, "bau", y) - _lowland(ds, sc, y)).sum())  # noqa: E731
    assert cut("pipeline", 2025) == pytest.approx(0.0, abs=1e-6)
    # established by 2026 (step), approved linear 2026-2030
    assert cut("pipeline", 2026) == pytest.approx(ha["Anlagt"] * (drained - rewetted), rel=1e-9)
    assert cut("pipeline", 2040) == pytest.approx(cut("pipeline", 2030), rel=1e-12)
    # pre-studies only in the variant, 2030-2035
    assert cut("pipeline_prestudies", 2030) == pytest.approx(cut("pipeline", 2030), rel=1e-12)
    assert cut("pipeline_prestudies", 2035) == pytest.approx(ha.sum() * (drained - rewetted),
                                                             rel=1e-9)


def test_pipeline_follows_national_trend_outside_lowland_soils(run):
    _, ds = run
    other = [s for s in ds.source.values if not str(s).startswith("lowland_soils")]
    a = ds.co2e.sel(source=other, scenario="pipeline")
    b = ds.co2e.sel(source=other, scenario="national_trend")
    np.testing.assert_allclose(a, b, rtol=1e-12)
    # and lowland soils are held at 2023 without the projects: bau
    assert float(_lowland(ds, "pipeline", 2023).sum()) == pytest.approx(3.22e6, rel=1e-9)


def test_pipeline_no_reduce_exceeds_the_line():
    plan = datasets.denmark()
    shares = [a.share for a in plan.action if a.kind == "reduce"]
    assert shares and all(0 < float(s) <= 1 for s in shares)


def test_pipeline_valid_for_subsets_and_start_from():
    plan = datasets.denmark(municipalities=["340", "540"])
    names = {a.name for a in plan.action}
    assert {"lowland_approved_340", "lowland_approved_340_rewetted", "lowland_prestudy_340",
            "lowland_approved_540"} <= names
    assert all(n.split("_")[2] in ("340", "540") for n in names)
    ds = capf.project(plan)
    assert "pipeline" in ds.scenario.values
    merged = datasets.merge_start_from({"plan": {"name": "x", "start_from": "denmark",
                                                 "base_year": 2023,
                                                 "municipalities": ["851"]}})
    p = capf.Plan.model_validate(merged)
    assert {s.name for s in p.scenario} >= {"pipeline", "pipeline_prestudies"}
    assert all(a.name.endswith(("_851", "_851_rewetted")) for a in p.action)
