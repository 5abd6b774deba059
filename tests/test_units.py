"""capf.units: the registry and the GWP sets."""

import pint
import pytest

from capf.units import GWP_SETS, gwp_values, ureg


def test_kt_is_kilotonne_not_knot():
    assert ureg.Quantity("1 kt").to("kg").magnitude == pytest.approx(1e6)
    assert ureg.Quantity("12 kt CO2e/yr").to("t CO2e/yr").magnitude == pytest.approx(12000)


def test_planner_units():
    assert ureg.Quantity("1 ha").to("m**2").magnitude == pytest.approx(1e4)
    assert ureg.Quantity("1 yr").to("day").magnitude == pytest.approx(365.25)
    assert ureg.Quantity("1 a").to("yr").magnitude == pytest.approx(1)
    assert ureg.Quantity("50 %").to("").magnitude == pytest.approx(0.5)
    assert ureg.Quantity("3 vkm").to("vehicle * m").magnitude == pytest.approx(3000)
    assert str(ureg.Quantity("5 head").units) == "head"
    assert ureg.Quantity("2 MDKK").to("DKK").magnitude == pytest.approx(2e6)


def test_gases_are_separate_kinds_of_mass():
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity("1 t CH4") + ureg.Quantity("1 t CO2")
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity("1 t CH4").to("t CO2e")  # needs a GWP context


@pytest.mark.parametrize("gwp, ch4, n2o", [
    ("AR4GWP100", 25, 298),    # IPCC AR4 WG1 Table 2.14
    ("AR5GWP100", 28, 265),    # IPCC AR5 WG1 Table 8.7 (no climate-carbon feedback)
    ("AR6GWP100", 27.9, 273),  # IPCC AR6 WG1 Table 7.SM.7
])
def test_gwp_sets_match_published_tables(gwp, ch4, n2o):
    v = gwp_values(gwp)
    assert v["CH4"] == pytest.approx(ch4)
    assert v["N2O"] == pytest.approx(n2o)
    assert v["CO2"] == v["CO2e"] == v["F-gases"] == 1.0
    q = ureg.Quantity("1 t CH4/yr").to("kg CO2e/yr", gwp)
    assert q.magnitude == pytest.approx(ch4 * 1000)
    q = ureg.Quantity("2 kt N2O").to("t CO2e", gwp)
    assert q.magnitude == pytest.approx(2000 * n2o)


def test_unknown_gwp_set():
    with pytest.raises(ValueError, match="unknown GWP set 'AR3'.*AR4GWP100"):
        gwp_values("AR3")
    assert GWP_SETS == ("AR4GWP100", "AR5GWP100", "AR6GWP100")


def test_pint_xarray_quantify_uses_capf_registry():
    import xarray as xr

    ds = xr.Dataset({"x": ("a", [1.0], {"units": "t CO2e / yr"})})
    q = ds.pint.quantify(unit_registry=ureg)
    assert q.x.data.to("kt CO2e/yr").magnitude[0] == pytest.approx(1e-3)
