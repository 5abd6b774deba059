"""Issue 13: wrong results and broken API paths found by trying capf as a new user would.

One test (or a few) per item of the issue, numbered as there; each failed before its fix.
"""

import os
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pydantic  # noqa: E402
import pytest  # noqa: E402

import capf  # noqa: E402
from capf.cli import main  # noqa: E402

HEAT_PUMP = "buildings.individual_heating.heat_pump"


def costed_dict(**target):
    """The example plan with costed rewetting and heat pumps and one 2030 target."""
    d = capf.testing.example_plan_dict()
    d["plan"]["discount_rate"] = "4 %"
    d["action"][0].update(operating="1 MDKK/yr", price_year=2023)
    d["action"][1].update(investment="5 MDKK", lifetime=20, price_year=2023)
    d["target"] = [{"name": "t2030", "year": 2030, "level": "60 kt CO2e/yr", **target}]
    return d


def co2e_2030(ds, scenario):
    return float(ds["co2e"].sel(year=2030, scenario=scenario).sum())


# 1 -------------------------------------------------------------------------------------
def test_01_optimise_leaves_the_planners_actions_and_scenarios_alone(write_plan, tmp_path):
    plan = capf.Plan.model_validate(costed_dict())
    before = capf.project(plan)
    new, table = capf.optimise.least_cost(plan, base="bau")
    level = float(table.set_index("action").loc["rewet_lowland", "level"])
    assert 0 < level < 1
    # the planner's plan and its actions are as they were
    assert [(a.name, a.share) for a in plan.action] == [("rewet_lowland", 0.5),
                                                        ("heat_pumps", 1.0)]
    after = capf.project(new)
    for s in ("bau", "plan"):
        assert co2e_2030(after, s) == pytest.approx(co2e_2030(before, s), rel=1e-12)
    # least_cost has its own copy of the chosen candidate at the chosen level, without costs
    copy = {a.name: a for a in new.action}["rewet_lowland@least_cost"]
    assert copy.share == pytest.approx(0.5 * level)
    assert copy.operating is None and copy.investment is None
    assert new.scenario_actions("least_cost") == ["rewet_lowland@least_cost"]
    assert new.scenario_actions("plan") == ["rewet_lowland", "heat_pumps"]
    # and through the CLI: the plan scenario and macc.csv are the same with --optimise
    path = write_plan(costed_dict())
    assert main(["run", str(path), "--out", str(tmp_path / "a"), "-q"]) == 0
    assert main(["run", str(path), "--out", str(tmp_path / "b"), "-q", "--optimise",
                 "--base", "bau"]) == 0
    ta, tb = (pd.read_csv(tmp_path / x / "targets.csv") for x in "ab")
    for s in ("bau", "plan"):
        assert (tb[tb.scenario == s].projected_level.to_numpy()
                == pytest.approx(ta[ta.scenario == s].projected_level.to_numpy(), rel=1e-12))
    ma, mb = (pd.read_csv(tmp_path / x / "macc.csv") for x in "ab")
    pd.testing.assert_frame_equal(ma, mb)
    assert tb[tb.scenario == "least_cost"].met.all()


def test_01_add_actions_are_scaled_by_their_level():
    d = costed_dict(level="66 kt CO2e/yr")
    d["action"] = [{"name": "ccs", "kind": "remove", "source": "removals.biogenic_ccs",
                    "activity": "10 kt/yr", "start": 2024, "full": 2026, "curve": "step",
                    "operating": "1 MDKK/yr", "price_year": 2023}]
    d["scenario"] = [{"name": "bau"}]
    plan = capf.Plan.model_validate(d)
    new, table = capf.optimise.least_cost(plan)
    ds = capf.project(new)
    base = co2e_2030(ds, "bau")
    assert co2e_2030(ds, "least_cost") == pytest.approx(66_000, rel=1e-9)
    assert float(table["level"].iloc[0]) == pytest.approx((base - 66_000) / 10_000)


# 2 -------------------------------------------------------------------------------------
def test_02_monte_carlo_with_one_uncertain_parameter_writes_probabilities(write_plan, tmp_path):
    d = capf.testing.example_plan_dict()
    d["action"][0]["share"] = {"dist": "triangular", "low": "30 %", "mode": "50 %",
                               "high": "70 %"}
    d["scenario"] = [{"name": "plan", "actions": ["rewet_lowland", "heat_pumps"]}]
    path = write_plan(d)
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--samples", "4000", "--seed", "11",
                 "-q"]) == 0
    prob = pd.read_csv(out / "probabilities.csv")
    assert list(prob.columns) == ["scenario", "municipality", "target", "year", "probability"]
    assert len(prob) == 2 and prob["probability"].between(0, 1).all()
    sens = pd.read_csv(out / "sensitivity.csv")
    sobol = sens[sens.method == "sobol"].iloc[0]
    assert sobol["first_order"] == pytest.approx(1, abs=0.05)  # the only input


# 3 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["investment_without_discount_rate", "start_from_sector"])
def test_03_check_agrees_with_run(case, write_plan, tmp_path, capsys):
    if case == "investment_without_discount_rate":
        d = capf.testing.example_plan_dict()
        d["action"][0].update(investment="25 MDKK", lifetime=30, price_year=2023)
        expected = "give [plan] discount_rate"
    else:
        d = {"plan": {"name": "x", "base_year": 2023, "start_from": "denmark",
                      "municipalities": ["540"]},
             "inventory": [{"municipality": "540",
                            "source": "removals.biogenic_ccs",
                            "activity": "2000 t/yr"}]}
        expected = "has no sector 'removals'"
    path = write_plan(d)
    run = main(["run", str(path), "--out", str(tmp_path / "out"), "-q"])
    check = main(["check", str(path)])
    assert run == check == 2
    err = capsys.readouterr().err
    assert err.count(expected) == 2  # the same message from both


def test_03_check_passes_what_run_passes(example_path, tmp_path):
    assert main(["check", str(example_path)]) == main(
        ["run", str(example_path), "--out", str(tmp_path), "-q"]) == 0


# 4 -------------------------------------------------------------------------------------
def test_04_capf_io_is_there_after_import_capf():
    code = ("import capf; ds = capf.project(capf.testing.example_plan()); "
            "print(len(capf.io.iamc_long(ds)) > 0, callable(capf.io.to_iamc))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]


# 5 -------------------------------------------------------------------------------------
def test_05_plans_are_frozen_all_the_way_down_so_the_cache_cannot_go_stale():
    d = capf.testing.example_plan_dict()
    d["driver"] = [{"name": "g", "source": "transport.other", "index": {2023: 1.0, 2050: 2.0}}]
    d["inventory"][0]["factor"] = {"CO2": "20 t/ha/yr"}
    plan = capf.Plan.model_validate(d)
    first = capf.project(plan)
    with pytest.raises(AttributeError):
        plan.inventory.pop(0)
    with pytest.raises(AttributeError):
        plan.scenario[1].actions.append("x")
    with pytest.raises(TypeError, match="a plan is frozen"):
        plan.driver[0].index[2030] = 5.0
    with pytest.raises(TypeError, match="a plan is frozen"):
        plan.inventory[0].factor["CH4"] = "1 t/ha/yr"
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        plan.scenario = ()
    again = capf.project(plan)
    assert float(again.co2e.sum()) == float(first.co2e.sum())
    # a changed plan is a new plan, compiled afresh
    d["inventory"].pop(0)
    smaller = capf.project(capf.Plan.model_validate(d))
    assert co2e_2030(smaller, "bau") < co2e_2030(first, "bau")
    # frozen plans still copy, pickle and round-trip
    import copy
    import pickle

    assert pickle.loads(pickle.dumps(plan)) == plan == copy.deepcopy(plan)
    assert capf.Plan.model_validate(plan.model_dump()).model_dump() == plan.model_dump()


# 6 -------------------------------------------------------------------------------------
def test_06_catalogue_into_a_closed_pipe_is_quiet():
    p = subprocess.Popen([sys.executable, "-c", "import sys; from capf.cli import main; "
                          "sys.exit(main(['catalogue']))"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()  # as `| head -1` does
    err = p.stderr.read().decode()
    rc = p.wait(timeout=300)
    assert "BrokenPipe" not in err and "unexpected error" not in err, err
    assert rc == 0


# 7 -------------------------------------------------------------------------------------
def test_07_progress_bar_counts_samples(monkeypatch, write_plan, tmp_path):
    import tqdm.auto

    units = []

    class Bar:
        def __init__(self, *a, unit="it", **k):
            units.append(unit)
            self.n = 0

        def refresh(self):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(tqdm.auto, "tqdm", Bar)
    d = capf.testing.example_plan_dict()
    d["action"][0]["share"] = {"dist": "uniform", "low": "40 %", "high": "60 %"}
    plan = capf.Plan.model_validate(d)
    capf.project(plan, samples=8, seed=1, progress=True)
    capf.project(plan, progress=True)
    assert units == ["sample", "action"]
    monkeypatch.setattr("capf._progress.wanted", lambda quiet=False, stream=None: True)
    assert main(["run", str(write_plan(d)), "--out", str(tmp_path / "out"), "--samples", "16",
                 "--seed", "1", "-q"]) == 0
    assert units[-1] == "sample"


# 8 -------------------------------------------------------------------------------------
def test_08_wedge_chart_names_the_line_it_draws():
    d = {"plan": {"name": "x", "base_year": 2023, "start_from": "denmark",
                  "municipalities": ["540"]},
         "action": [{"name": "less_driving", "kind": "reduce",
                     "source": "transport.road.car_petrol",
                     "share": "30 %", "start": 2024, "full": 2030}],
         "scenario": [{"name": "plan", "extends": "national_trend",
                       "actions": ["less_driving"]}]}
    plan = capf.Plan.model_validate(d)
    ds = capf.project(plan)
    ax = capf.plot.wedges(ds, scenario="plan")
    (top,) = [line for line in ax.lines if line.get_gid() == "bau"]
    assert top.get_label() == "without the actions (national_trend)"
    ex = capf.testing.example_plan()
    ax = capf.plot.wedges(capf.project(ex), scenario="plan")
    (top,) = [line for line in ax.lines if line.get_gid() == "bau"]
    assert top.get_label() == "without the actions (bau)"


# 9 -------------------------------------------------------------------------------------
def test_09_small_multiples_legend_fits_one_panel():
    plan = capf.datasets.denmark(municipalities=["540"])  # bau, national_trend, target
    fig = capf.plot.small_multiples(capf.project(plan), plan)
    fig.canvas.draw()
    (legend,) = fig.legends
    box, page = legend.get_window_extent(), fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1
    assert page.y0 <= box.y0 and box.y1 <= page.y1


# 10 ------------------------------------------------------------------------------------
def test_10_baseline_takes_the_plans_default_municipality():
    d = capf.testing.example_plan_dict()
    d["plan"]["municipality"] = "999"
    d["municipality"].append({"code": "998", "name": "Other"})
    for x in d["inventory"] + d["baseline"]:
        del x["municipality"]
    d["target"][0]["municipality"] = "999"
    plan = capf.Plan.model_validate(d)
    assert plan.baseline[0].municipality == ("999",)
    table = capf.assess(capf.project(plan), plan)
    row = table[(table.scenario == "plan") & (table.target == "Climate Act 2030")]
    assert row.municipality.tolist() == ["999"] and row.reference_level.tolist() == [160_000]
    # with several municipalities and no default, a given level still needs its code
    del d["plan"]["municipality"]
    with pytest.raises(capf.PlanError, match=r"baseline\[1\].municipality.*\[plan\] "
                                             r"municipality"):
        capf.Plan.model_validate(d)


# 11 ------------------------------------------------------------------------------------
def test_11_factor_hint_in_the_sources_unit_and_did_you_mean_for_keys():
    d = capf.testing.example_plan_dict()
    d["inventory"].append({"municipality": "999", "source": "transport.road.van_diesel",
                           "activity": "1000 vkm/yr"})
    d["inventory"][0]["activty"] = d["inventory"][0].pop("activity")
    d["scenario"][1]["action"] = d["scenario"][1].pop("actions")
    with pytest.raises(capf.PlanError) as ei:
        capf.Plan.model_validate(d)
    msgs = {p.loc: p.message for p in ei.value.problems}
    assert "kg/vkm" in msgs["inventory[4].factor"] and "t/ha" not in msgs["inventory[4].factor"]
    assert "did you mean 'activity'?" in msgs["inventory[1].activty"]
    assert "did you mean 'actions'?" in msgs["scenario[2].action"]


# 12 ------------------------------------------------------------------------------------
def test_12_check_reports_the_good_files_too(example_path, write_plan, capsys):
    bad = write_plan({"plan": {"name": "bad", "base_year": 2023}}, name="bad.toml")
    assert main(["check", str(example_path), str(bad)]) == 2
    out = capsys.readouterr()
    assert f"{example_path}: ok" in out.out
    assert "bad.toml" in out.err


# 13 ------------------------------------------------------------------------------------
def test_13_infeasible_target_gives_the_best_effort_and_its_gap(write_plan, tmp_path, capsys):
    d = costed_dict(level="5 kt CO2e/yr")
    d["target"].append({"name": "transport", "year": 2030, "level": "1 kt CO2e/yr",
                        "sectors": ["transport"]})
    out = tmp_path / "out"
    assert main(["run", str(write_plan(d)), "--out", str(out), "-q", "--optimise"]) == 0
    err = capsys.readouterr().err
    assert "best effort" in err and "'t2030' in 999 (2030)" in err
    assert "HiGHS" not in err and "transport" in err  # the sector target is named
    lc = pd.read_csv(out / "least_cost.csv")
    assert lc["level"].tolist() == [1.0, 1.0]
    t = pd.read_csv(out / "targets.csv")
    gap = t[(t.scenario == "least_cost") & (t.target == "t2030")]["gap"].iloc[0]
    assert f"{gap:,.0f} t CO2e/yr" in err  # the warning's gap is the engine's


def test_13_base_scenario_is_chosen_and_named():
    plan = capf.Plan.model_validate(costed_dict(level="55 kt CO2e/yr"))
    assert capf.optimise.default_base(plan) == "plan"  # the first scenario with actions
    new, table = capf.optimise.least_cost(plan)
    assert table.attrs["base"] == "plan"
    ds = capf.project(new)
    assert co2e_2030(ds, "least_cost") <= 55_000 * (1 + 1e-9)
    with pytest.raises(capf.errors.AssessmentError, match="unknown base scenario 'nope'"):
        capf.optimise.least_cost(plan, base="nope")


def test_13_base_without_optimise_is_a_user_error(example_path, tmp_path, capsys):
    assert main(["run", str(example_path), "--out", str(tmp_path), "--base", "bau"]) == 2
    assert "--optimise" in capsys.readouterr().err


def test_13_drivers_of_the_base_apply_to_least_cost():
    d = costed_dict(level="60 kt CO2e/yr")
    d["driver"] = [{"name": "growth", "source": "transport.other", "rate": "2 %/yr",
                    "scenarios": ["bau"]}]
    plan = capf.Plan.model_validate(d)
    new, _ = capf.optimise.least_cost(plan, base="bau")
    assert "growth" in new.scenario_drivers("least_cost")
    assert "growth" not in new.scenario_drivers("plan")
    assert co2e_2030(capf.project(new), "least_cost") == pytest.approx(60_000, rel=1e-6)


# 14 ------------------------------------------------------------------------------------
def test_14_sensitivity_names_parameters_by_name():
    d = capf.testing.example_plan_dict()
    d["action"][0]["share"] = {"dist": "uniform", "low": "20 %", "high": "80 %"}
    d["driver"] = [{"name": "traffic", "source": "transport.other",
                    "rate": {"dist": "uniform", "low": "0 %/yr", "high": "2 %/yr"}}]
    plan = capf.Plan.model_validate(d)
    names = set(capf.uncertainty.tornado(plan)["parameter"])
    assert names == {"rewet_lowland.share", "traffic.rate"}
    assert set(capf.uncertainty.sobol(plan, n=16, seed=1)["parameter"]) == names
    ds = capf.project(plan, samples=8, seed=1)  # the drawn values carry the names too
    assert dict(zip(ds["parameter"].values, ds["parameter_label"].values, strict=True)) == {
        "action[1].share": "rewet_lowland.share", "driver[1].rate": "traffic.rate"}


# 15 ------------------------------------------------------------------------------------
def test_15_co2e_under_another_gwp_keeps_or_warns_about_the_wedges():
    plan = capf.testing.example_plan()
    ds = capf.project(plan)
    with pytest.warns(capf.errors.CapfWarning, match="dropped wedge"):
        ar6 = ds.capf.co2e(gwp="AR6GWP100")
    assert "wedge" not in ar6
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kept = ds.capf.co2e(gwp="AR6GWP100", plan=plan)
    d = capf.testing.example_plan_dict()
    d["plan"]["gwp"] = "AR6GWP100"
    direct = capf.project(capf.Plan.model_validate(d))
    np.testing.assert_allclose(kept["wedge"].values, direct["wedge"].values, rtol=1e-12)
    assert kept["wedge"].attrs["gwp_context"] == "AR6GWP100"
    assert not np.allclose(kept["wedge"].values, ds["wedge"].values)  # CH4 weighs more


# 16 ------------------------------------------------------------------------------------
def test_16_iamc_csv_needs_no_pyam(monkeypatch, example_path, tmp_path):
    monkeypatch.setitem(sys.modules, "pyam", None)  # as if pyam were not installed
    assert main(["run", str(example_path), "--out", str(tmp_path), "--iamc", "-q"]) == 0
    iamc = pd.read_csv(tmp_path / "iamc.csv")
    assert list(iamc.columns) == ["model", "scenario", "region", "variable", "unit", "year",
                                  "value"]
    with pytest.raises(ImportError, match=r"needs pyam: pip install 'capf\[iamc\]'"):
        capf.io.to_iamc(capf.project(capf.testing.example_plan()))


def test_16_a_broken_pyam_import_is_explained(monkeypatch):
    import builtins

    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "pyam":
            raise FileNotFoundError(2, "No such file or directory", "/gone/env/iam_units/x.txt")
        return real(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "pyam", raising=False)
    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(ImportError, match=r"failed to import.*IAM_UNITS_CACHE"):
        capf.io.import_pyam()


def test_16_pyam_gets_a_unit_cache_capf_controls(tmp_path):
    pytest.importorskip("iam_units")
    home = tmp_path / "home"
    stale = home / ".cache" / "iam-units"
    stale.parent.mkdir(parents=True)
    stale.write_text("not a folder: iam-units' shared default cache is unusable")
    env = {k: v for k, v in os.environ.items() if k not in ("IAM_UNITS_CACHE", "XDG_CACHE_HOME")}
    env["HOME"] = str(home)
    code = ("import os, capf; pyam = capf.io.import_pyam(); "
            "print(os.environ['IAM_UNITS_CACHE'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    cache = out.stdout.strip().splitlines()[-1]
    assert cache.startswith(str(home / ".cache" / "capf" / "iam-units"))
    assert os.path.isdir(cache)


def test_13_least_cost_on_a_plan_that_starts_from_bundled_data():
    d = {"plan": {"name": "x", "base_year": 2023, "start_from": "denmark",
                  "municipalities": ["540"], "discount_rate": "4 %"},
         "action": [{"name": "less_driving", "kind": "reduce",
                     "source": "transport.road.car_petrol",
                     "share": "30 %", "start": 2024, "full": 2030, "operating": "2 MDKK/yr",
                     "price_year": 2023}],
         "scenario": [{"name": "plan", "extends": "national_trend",
                       "actions": ["less_driving"]}]}
    plan = capf.Plan.model_validate(d)
    with pytest.warns(capf.errors.CapfWarning, match="best effort"):
        new, table = capf.optimise.least_cost(plan, base="plan")  # not the bundled pipeline
    assert table["level"].tolist() == [1.0]
    assert len(new.inventory) == len(plan.inventory)  # the bundled tables are not taken twice
    ds = capf.project(new)
    # at full level on top of the plan's base (national_trend's drivers), least_cost = plan
    assert co2e_2030(ds, "least_cost") == pytest.approx(co2e_2030(ds, "plan"), rel=1e-12)


# 1, as a property: for any plan, the least-cost portfolio leaves every scenario of the plan
# exactly as it was (its own copies carry the chosen levels)
def test_01_property_least_cost_never_changes_the_plans_scenarios():
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(capf.testing.plan_dicts())
    def check(d):
        if not d["action"]:
            return
        for a in d["action"]:
            a.update(operating="1 MDKK/yr", price_year=2023)
        d["target"] = [{"name": "half", "year": 2035, "level": "1 kt CO2e/yr"}]
        plan = capf.Plan.model_validate(d)
        dumped = plan.model_dump()
        before = capf.project(plan)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", capf.errors.CapfWarning)
            new, table = capf.optimise.least_cost(plan, base="plan")  # not the bundled pipeline
        assert plan.model_dump() == dumped
        after = capf.project(new)
        for s in before["scenario"].values:
            np.testing.assert_array_equal(after["co2e"].sel(scenario=s).values,
                                          before["co2e"].sel(scenario=s).values)
        assert table["level"].between(0, 1).all()

    check()
