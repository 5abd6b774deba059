"""capf.plot: every figure on the example plan and on three bundled Danish municipalities."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import capf  # noqa: E402
from capf import plot  # noqa: E402

UNIT = "kt CO2e/yr"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def example():
    plan = capf.testing.example_plan()
    return plan, capf.project(plan)


@pytest.fixture(scope="module")
def denmark():
    plan = capf.datasets.denmark(municipalities=["540", "851", "340"])
    return plan, capf.project(plan)


@pytest.fixture(scope="module")
def with_removal():
    d = capf.testing.example_plan_dict()
    d["plan"]["name"] = "Removal $x$ <plan>"
    d["action"].append({"name": "beccs", "kind": "remove", "source": "removals.biogenic_ccs",
                        "activity": "30 kt/yr", "start": 2026, "full": 2032})
    d["scenario"][1]["actions"].append("beccs")
    d["target"][0]["name"] = "Cut $70 %$ by _2030"  # mathtext and legend-hiding characters
    plan = capf.Plan.model_validate(d)
    return plan, capf.project(plan)


def gids(artists, prefix):
    return [a.get_gid() for a in artists if (a.get_gid() or "").startswith(prefix)]


def by_gid(artists, gid):
    (a,) = [a for a in artists if a.get_gid() == gid]
    return a


def save(fig_or_ax, tmp_path, name):
    fig = fig_or_ax if isinstance(fig_or_ax, Figure) else fig_or_ax.figure
    out = tmp_path / f"{name}.png"
    fig.savefig(out, dpi=60)
    assert out.stat().st_size > 5000
    return out


# ---------------------------------------------------------------- trajectory
def test_trajectory_example(example, tmp_path):
    plan, ds = example
    ax = plot.trajectory(ds, plan)
    save(ax, tmp_path, "trajectory")
    assert ax.get_ylabel() == UNIT and ax.get_xlabel() == "year"
    assert ax.get_title(loc="left") == "Net emissions and targets, Example (999)"
    assert gids(ax.lines, "scenario:") == ["scenario:bau", "scenario:plan"]
    assert gids(ax.lines, "target:") == ["target:Climate Act 2030", "target:Net zero 2050"]
    assert gids(ax.lines, "path:") == ["path:Climate Act 2030", "path:Net zero 2050"]
    assert gids(ax.lines, "reference:") == ["reference:1990"]
    # values in kt: the 1990 reference is 160 kt, the 2030 target 48 kt in 2030
    assert by_gid(ax.lines, "reference:1990").get_ydata()[0] == pytest.approx(160.0)
    mk = by_gid(ax.lines, "target:Climate Act 2030")
    assert (mk.get_xdata()[0], mk.get_ydata()[0]) == (2030, pytest.approx(48.0))
    plan_line = by_gid(ax.lines, "scenario:plan")
    total = ds.co2e.sum("source").sel(scenario="plan", municipality="999").values / 1000
    np.testing.assert_allclose(plan_line.get_ydata(), total)
    # the straight-line path runs from the base-year level to the target level
    path = by_gid(ax.lines, "path:Climate Act 2030").get_ydata()
    assert path[0] == pytest.approx(total[0]) and path[2030 - 2023] == pytest.approx(48.0)
    labels = ax.get_legend().get_texts()
    assert "1990 level: 160.0" in [t.get_text() for t in labels]


def test_trajectory_denmark_one_and_all(denmark, tmp_path):
    plan, ds = denmark
    ax = plot.trajectory(ds, plan, municipality="851", scenario="national_trend")
    assert ax.get_title(loc="left") == "Net emissions and targets, Aalborg (851)"
    assert gids(ax.lines, "scenario:") == ["scenario:national_trend"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("1990 level (estimate)") for t in legend)
    save(ax, tmp_path, "traj_851")
    ax = plot.trajectory(ds, plan, municipality="all")
    assert ax.get_title(loc="left").endswith("all 3 municipalities")
    table = capf.assess(ds, plan)
    level = table[(table.target == "Climate Act 2030") & (table.scenario == "bau")].target_level
    mk = by_gid(ax.lines, "target:Climate Act 2030")
    assert mk.get_ydata()[0] == pytest.approx(level.sum() / 1000)
    # the summed straight-line path stops at the target year (no zeros after it)
    path = by_gid(ax.lines, "path:Climate Act 2030").get_ydata()
    assert np.isnan(path[2031 - 2023:]).all()
    save(ax, tmp_path, "traj_all")


def test_trajectory_without_plan_and_errors(example):
    _, ds = example
    ax = plot.trajectory(ds)
    assert gids(ax.lines, "target:") == [] and len(gids(ax.lines, "scenario:")) == 2
    with pytest.raises(KeyError, match="municipality '123' is not in the result"):
        plot.trajectory(ds, municipality="123")
    with pytest.raises(KeyError, match="scenario 'nope' is not in the result"):
        plot.trajectory(ds, scenario="nope")


# ------------------------------------------------------------------- sectors
def test_sectors_example(example, tmp_path):
    plan, ds = example
    ax = plot.sectors(ds, municipality="999", scenario="plan")
    save(ax, tmp_path, "sectors")
    assert ax.get_ylabel() == UNIT
    assert ax.get_title(loc="left") == "Emissions by sector, Example (999), scenario plan"
    assert sorted(gids(ax.collections, "sector:")) == [
        "sector:buildings", "sector:lowland_soils", "sector:transport"]
    net = by_gid(ax.lines, "net").get_ydata()
    expected = capf.assess.total(ds).sel(municipality="999", scenario="plan").values / 1000
    np.testing.assert_allclose(net, expected)
    # the top of the stack is the total (no negative sectors here)
    top = max(np.max(c.get_paths()[0].vertices[:, 1]) for c in ax.collections)
    assert top == pytest.approx(expected.max())


def test_sectors_colours_and_labels_come_from_the_sector_records(example, monkeypatch):
    import dataclasses

    from matplotlib.colors import to_hex

    from capf import sectors

    _, ds = example
    ax = plot.sectors(ds, municipality="999", scenario="plan")
    legend = {h.get_gid(): label for h, label in zip(*ax.get_legend_handles_labels(),
                                                          strict=True)}
    for area in ax.collections:
        name = str(area.get_gid()).removeprefix("sector:")
        rec = sectors.get_sector(name)
        assert to_hex(area.get_facecolor()[0]) == rec.colour.lower() == \
            plot.SECTOR_COLOURS[name].lower()
        assert legend[area.get_gid()] == rec.label  # "lowland soils"
    # a changed record changes the figure: it is read, not copied
    odd = dataclasses.replace(sectors.get_sector("transport"), colour="#123456", label="roads")
    monkeypatch.setitem(sectors.SECTOR_RECORDS, "transport", odd)
    ax = plot.sectors(ds, municipality="999", scenario="plan")
    area = next(a for a in ax.collections if a.get_gid() == "sector:transport")
    assert to_hex(area.get_facecolor()[0]) == "#123456"
    assert "roads" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_sectors_removals_below_zero(with_removal, tmp_path):
    plan, ds = with_removal
    ax = plot.sectors(ds, scenario="plan")
    save(ax, tmp_path, "sectors_removal")
    neg = by_gid(ax.collections, "sector:removals:neg")
    assert neg.get_paths()[0].vertices[:, 1].min() == pytest.approx(-30.0)
    assert "sector:removals" not in gids(ax.collections, "sector:")


def test_sectors_denmark(denmark, tmp_path):
    _, ds = denmark
    ax = plot.sectors(ds, municipality="all", scenario="national_trend")
    assert ax.get_title(loc="left") == ("Emissions by sector, all 3 municipalities, "
                                        "scenario national_trend")
    # energy, buildings (the boilers), transport, agriculture, industry, waste, lowland soils
    assert len(gids(ax.collections, "sector:")) == 7
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "net total"
    save(ax, tmp_path, "sectors_dk")


# -------------------------------------------------------------------- wedges
def test_wedges_example(example, tmp_path):
    _, ds = example
    ax = plot.wedges(ds, scenario="plan")
    save(ax, tmp_path, "wedges")
    assert ax.get_ylabel() == UNIT
    assert gids(ax.collections, "wedge:") == ["wedge:heat_pumps", "wedge:rewet_lowland"]
    bau = by_gid(ax.lines, "bau").get_ydata()
    expected = capf.assess.total(ds).sel(municipality="999", scenario="bau").values / 1000
    np.testing.assert_allclose(bau, expected)
    # the top of the highest band reaches BAU
    top = by_gid(ax.collections, "wedge:rewet_lowland").get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(expected.max())


def test_wedges_top_folds_the_smaller_actions_into_one_band(with_removal):
    # three actions, the largest kept: the other two are one band and the stack still ends on
    # the total without the actions
    _, ds = with_removal
    ax = plot.wedges(ds, scenario="plan", top=1)
    bands = gids(ax.collections, "wedge:") + gids(ax.collections, "others:")
    assert len(bands) == 2 and bands[1] == "others:2"
    assert [t.get_text() for t in ax.get_legend().get_texts()][-2] == "other actions (2)"
    without = by_gid(ax.lines, "bau").get_ydata()
    expected = (capf.assess.total(ds).sel(municipality="999", scenario="plan")
                + ds["wedge"].sel(municipality="999", scenario="plan").sum("action")).values
    np.testing.assert_allclose(without, expected / 1000)
    tops = [np.max(c.get_paths()[0].vertices[:, 1]) for c in ax.collections]
    assert max(tops) == pytest.approx(without.max())
    # top=None and a top the actions fit in draw every action
    for top in (None, 2):
        ax = plot.wedges(ds, scenario="plan", top=top)
        assert gids(ax.collections, "others:") == [] and len(gids(ax.collections, "wedge:")) == 3


def test_wedges_without_actions(denmark, tmp_path):
    _, ds = denmark
    ax = plot.wedges(ds, municipality="540", scenario="national_trend")
    assert gids(ax.collections, "wedge:") == []
    assert any(t.get_text() == "no actions in this scenario" for t in ax.texts)
    save(ax, tmp_path, "wedges_dk")


# ----------------------------------------------------------------- waterfall
def _bars(ax):
    return {p.get_gid(): p for p in ax.patches}


@pytest.mark.parametrize("fixture,municipality,scenario,year", [
    ("example", None, "plan", 2030), ("example", "999", "plan", 2045),
    ("with_removal", None, "plan", 2040), ("denmark", "851", "national_trend", 2030),
    ("denmark", "all", "national_trend", 2050), ("denmark", "340", "bau", 2030),
])
def test_waterfall_bars_sum_to_the_scenario_total(request, tmp_path, fixture, municipality,
                                                  scenario, year):
    plan, ds = request.getfixturevalue(fixture)
    ax = plot.waterfall(ds, municipality=municipality, scenario=scenario, year=year)
    save(ax, tmp_path, f"waterfall_{fixture}_{year}")
    bars = _bars(ax)
    n_actions = len(plan.scenario_actions(scenario))
    assert len(ax.patches) == 3 + n_actions
    assert list(bars)[0] == "bar:base" and list(bars)[-1] == "bar:end"
    codes = [str(c) for c in ds.municipality.values] if municipality in (None, "all") \
        else [municipality]
    tot = capf.assess.total(ds).sel(municipality=codes, scenario=scenario).sum("municipality")
    end = tot.sel(year=year).item() / 1000
    assert bars["bar:end"].get_height() == pytest.approx(end, rel=1e-12)
    assert bars["bar:base"].get_height() == pytest.approx(tot.sel(year=2023).item() / 1000)
    steps = [p for g, p in bars.items() if g not in ("bar:base", "bar:end")]
    running = bars["bar:base"].get_height()
    for p in steps:  # each step starts where the previous one ended
        assert p.get_y() == pytest.approx(running, rel=1e-12, abs=1e-12)
        running += p.get_height()
    assert running == pytest.approx(end, rel=1e-6)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "2023" and labels[1] == "other changes"
    assert labels[-1] == f"{year} ({scenario})"
    assert ax.get_ylabel() == UNIT


def test_waterfall_example_action_bars(example):
    _, ds = example
    ax = plot.waterfall(ds, scenario="plan", year=2030)
    bars = _bars(ax)
    wedge = ds.wedge.sel(municipality="999", scenario="plan", year=2030)
    for a in ("rewet_lowland", "heat_pumps"):
        assert bars[f"bar:{a}"].get_height() == pytest.approx(-wedge.sel(action=a).item() / 1000)
    assert bars["bar:other"].get_height() == pytest.approx(0.0, abs=1e-9)  # nothing drives BAU
    with pytest.raises(ValueError, match="year 2060 is not projected"):
        plot.waterfall(ds, year=2060)


# ----------------------------------------------------------- small multiples
def test_small_multiples(denmark, example, tmp_path):
    plan, ds = denmark
    fig = plot.small_multiples(ds, plan, scenario="national_trend")
    save(fig, tmp_path, "small_multiples")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == [
        "Sønderborg (540)", "Aalborg (851)", "Sorø (340)"]
    for ax in panels:
        assert gids(ax.lines, "scenario:") == ["scenario:national_trend"]
        assert gids(ax.lines, "target:") == ["target:Climate Act 2030"]
    assert fig.get_suptitle() == "Net emissions by municipality"
    plan, ds = example
    fig = plot.small_multiples(ds, plan)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 1


def test_small_multiples_caps_panels_at_the_largest_emitters():
    plan = capf.testing.synthetic_plan(7, seed=3)
    ds = capf.project(plan)
    fig = plot.small_multiples(ds, plan, max_panels=4)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 4
    base = capf.assess.total(ds).isel(year=0, scenario=0).to_series()
    assert [ax.get_title(loc="left") for ax in panels] == list(base.nlargest(4).index)
    assert "4 of 7" in fig.get_suptitle()


def test_draws_into_a_given_axes_and_escapes_mathtext(with_removal, tmp_path):
    plan, ds = with_removal
    fig = Figure()
    ax = fig.add_subplot()
    assert plot.trajectory(ds, plan, ax=ax) is ax
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert r"Cut \$70 %\$ by _2030 (2030): 48.0" in legend
    assert plot._text("cost $5 and $6") == r"cost \$5 and \$6"
    assert plot._text("_hidden") == " _hidden"
    fig.savefig(tmp_path / "given.png")


def test_macc_and_fan(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from test_costs_sensitivity import plan_dict

    p = capf.Plan.model_validate(plan_dict())
    ax = capf.plot.macc(capf.project(p), p)
    bars = [b for b in ax.patches if str(b.get_gid()).startswith("bar:")]
    assert [b.get_gid() for b in bars] == ["bar:rewet", "bar:cars"]
    assert bars[0].get_width() == pytest.approx(13.464)           # kt CO2e/yr
    assert bars[1].get_height() == pytest.approx(300)              # DKK per t
    ax.figure.savefig(tmp_path / "macc.png")
    d = capf.testing.example_plan_dict()
    d["action"][0]["share"] = {"dist": "uniform", "low": "20 %", "high": "80 %"}
    pm = capf.Plan.model_validate(d)
    ds = capf.project(pm, samples=200, seed=1)
    ax = capf.plot.fan(ds, pm, municipality="999", scenario="plan")
    gids = {str(a.get_gid()) for a in ax.get_children()}
    assert {"band:plan", "mean:plan", "q0.5:plan"} <= gids
    ax.figure.savefig(tmp_path / "fan.png")
    assert (tmp_path / "fan.png").stat().st_size > 10_000
    with pytest.raises(ValueError, match="needs a Monte-Carlo result"):
        capf.plot.fan(capf.project(pm), pm)
    plt.close("all")
