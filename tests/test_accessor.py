"""The ds.capf accessor: thin wrappers over public functions."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import xarray as xr  # noqa: E402

import capf  # noqa: E402
import capf.accessor  # noqa: E402,F401  (registers ds.capf)
from capf.accessor import with_gwp  # noqa: E402

REWETTED = "lowland_soils.rewetted_organic_soils"


@pytest.fixture(scope="module")
def example():
    plan = capf.testing.example_plan()
    return plan, capf.project(plan)


def test_registered_on_import_and_not_a_subclass(example):
    _, ds = example
    assert type(ds) is xr.Dataset
    assert isinstance(ds.capf, capf.accessor.CapfAccessor)


def test_total_and_by_sector_wrap_pathways(example):
    _, ds = example
    xr.testing.assert_identical(ds.capf.total(), capf.assess.total(ds))
    xr.testing.assert_identical(ds.capf.by_sector(), capf.assess.by_sector(ds))


def test_co2e_with_another_gwp_set(example):
    _, ds = example
    ar4 = ds.capf.co2e(gwp="AR4GWP100")
    ar5 = ds.capf.co2e(gwp="AR5GWP100")
    assert ar4.attrs["gwp_context"] == ar4.co2e.attrs["gwp_context"] == "AR4GWP100"
    assert ar5.co2e.attrs["units"] == ds.co2e.attrs["units"]
    # recomputing under the result's own set reproduces it
    xr.testing.assert_allclose(ar5.co2e, ds.co2e)
    # the rewetted soils emit CH4: 0.272 t CH4/ha × 1000 ha in 2030 (plan), GWP 25 vs 28
    ch4 = ds.emissions.sel(source=REWETTED, gas="CH4", scenario="plan", year=2030).item()
    assert ch4 > 0
    got4 = ar4.co2e.sel(source=REWETTED, scenario="plan", year=2030).item()
    got5 = ar5.co2e.sel(source=REWETTED, scenario="plan", year=2030).item()
    assert got4 == pytest.approx(25 * ch4) and got5 == pytest.approx(28 * ch4)
    # figures known only as CO2e (transport.other) and pure CO2 sources do not change
    for source in ("transport.other", "buildings.individual_heating.heat_pump",
                   "lowland_soils.drained_organic_soils.rotation_6_12pct_c"):
        np.testing.assert_allclose(ar4.co2e.sel(source=source).values,
                                   ds.co2e.sel(source=source).values, rtol=1e-13, atol=0)
    assert ds.emissions.sel(source="transport.other", gas="CO2e").max() > 0
    # the input is left as it was
    assert ds.attrs["gwp_context"] == "AR5GWP100" and "wedge" in ds


def test_co2e_drops_what_it_cannot_recompute(example):
    _, ds = example
    with pytest.warns(capf.errors.CapfWarning, match="dropped wedge"):
        ar6 = with_gwp(ds, "AR6GWP100")
    assert "wedge" not in ar6 and ar6.attrs["dropped_with_gwp_change"] == "wedge"
    assert set(ar6.data_vars) == {"emissions", "co2e", "co2e_net", "co2e_gross"}
    np.testing.assert_allclose(ar6.co2e_net, ar6.co2e.sum("source"))  # totals follow
    # assessment works on the recomputed result
    table = capf.assess(ar6, capf.testing.example_plan())
    assert len(table) == 4


def test_co2e_errors(example):
    _, ds = example
    with pytest.raises(ValueError, match="unknown GWP set 'AR7'"):
        ds.capf.co2e(gwp="AR7")
    with pytest.raises(ValueError, match="needs the 'emissions' variable"):
        ds.drop_vars("emissions").capf.co2e(gwp="AR4GWP100")


def test_plot_namespace_calls_capf_plot(example, tmp_path):
    plan, ds = example
    assert sorted(dir(ds.capf.plot)) == ["fan", "macc", "sectors", "small_multiples",
                                         "trajectory", "waterfall", "wedges"]
    ax = ds.capf.plot.trajectory(plan, scenario="plan")
    assert ax.get_title(loc="left") == "Net emissions and targets, Example (999)"
    ax = ds.capf.plot.sectors(scenario="bau")
    assert ax.get_title(loc="left").endswith("scenario bau")
    ax = ds.capf.plot.wedges(scenario="plan")
    assert ax.get_ylabel() == "kt CO2e/yr"
    ax = ds.capf.plot.waterfall(year=2035)
    assert ax.get_title(loc="left").startswith("From 2023 to 2035")
    fig = ds.capf.plot.small_multiples(plan)
    fig.savefig(tmp_path / "sm.png")
    plt.close("all")


def test_plot_methods_carry_the_functions_docstrings(example):
    import inspect

    from capf import plot

    _, ds = example
    for kind in dir(ds.capf.plot):
        method, func = getattr(ds.capf.plot, kind), getattr(plot, kind)
        assert method.__doc__ == func.__doc__ and method.__doc__, kind
        assert method.__name__ == kind and method.__wrapped__ is func
        # the signature is the function's without ``ds``, as for a bound method
        assert list(inspect.signature(method).parameters) == \
            list(inspect.signature(func).parameters)[1:]
        assert getattr(type(ds.capf.plot), kind).__get__(None, type(ds.capf.plot)) is func
    # the common parameters are filled in (no template left in the text)
    assert "%(common)s" not in ds.capf.plot.wedges.__doc__
    assert "municipality : str, optional" in ds.capf.plot.wedges.__doc__
