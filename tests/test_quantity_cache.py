"""The per-unit caches of capf.plan.quantity and capf.plan.fields (issue 20) give what pint's own
path gives: the same floats bit for bit, the same units and the same error messages, on the
first use of a unit and on every later one."""

from __future__ import annotations

import numpy as np
import pytest

from capf.plan import limits, quantity
from capf.plan.fields import q_str
from capf.plan.quantity import check_dimension, parse_quantity
from capf.units import ureg

# (value as written, the unit it is checked against)
PAIRS = [
    ("12 GWh/yr", "MWh/yr"), ("18000 GJ/yr", "MWh/yr"), ("257 km**2", "km**2"),
    ("25700 ha", "km**2"), ("1.5e7 vkm/yr", "vkm/yr"), ("3 %/yr", "1/yr"),
    ("0.1 1/yr", "1/yr"), ("12.3 kt/yr", "t/yr"), ("7 Mt/yr", "t/yr"), ("120 ha", "ha"),
    ("0.18 kWh/vkm", "MWh/vkm"), ("33.3 kg/MWh/yr", "t/MWh/yr"), ("1e-3 t/ha/yr", "kg/ha/yr"),
]


def _pint(text: str, unit: str):
    """The conversion through pint alone."""
    q = parse_quantity(text)
    return q.to(ureg.Unit(unit))


@pytest.mark.parametrize("text,unit", PAIRS)
def test_check_dimension_equals_pints_conversion_bit_for_bit(text, unit):
    quantity._CONVERSIONS.clear()
    for _ in range(3):  # the first use fills the cache, the later ones read it
        got, want = check_dimension(parse_quantity(text), unit, what="x"), _pint(text, unit)
        assert float(got.magnitude).hex() == float(want.magnitude).hex()
        assert got._units == want._units and type(got.magnitude) is type(want.magnitude)


@pytest.mark.parametrize("text,unit", [("120 ha", "MWh/yr"), ("5 MW", "MWh/yr"),
                                       ("3 t CO2e/yr", "t/yr"), ("1 kWh", "MWh/yr")])
def test_check_dimension_messages_on_every_use(text, unit):
    quantity._CONVERSIONS.clear()
    messages = set()
    for _ in range(3):
        with pytest.raises(ValueError) as exc:
            check_dimension(parse_quantity(text), unit, what="an activity", raw=text)
        messages.add(str(exc.value))
    assert len(messages) == 1
    assert repr(text) in messages.pop()


def test_check_dimension_offset_units_go_through_pint():
    q = ureg.Quantity(20.0, "degC")
    assert float(check_dimension(q, "K", what="a temperature").magnitude) == 293.15
    assert float(check_dimension(q, "K", what="a temperature").magnitude) == 293.15


def test_parse_quantity_same_units_and_messages_when_cached():
    quantity._UNIT_TEXTS.clear()
    a, b = parse_quantity("5 t CO2e / yr"), parse_quantity("7 t CO2e / yr")
    assert a._units == b._units == ureg.parse_units("t CO2e / yr")._units
    assert float(b.magnitude) == 7.0
    for _ in range(2):  # a known unit text: the number's own errors are still found
        with pytest.raises(ValueError, match="too small to be stored"):
            parse_quantity("1e-400 t CO2e / yr")
        with pytest.raises(ValueError, match=r"number out of range \(expected 0 or 2.2e-308"):
            parse_quantity("1e-310 t CO2e / yr")
    with pytest.raises(ValueError, match="commas, spaces and points between digits"):
        parse_quantity("2,5 t CO2e / yr")


def test_parse_quantity_of_a_quantity_is_a_new_equal_quantity():
    q = ureg.Quantity(np.float64(-0.0), "MWh/yr")
    p = parse_quantity(q)
    assert p is not q and str(p.units) == "megawatt_hour / year"
    assert float(p.magnitude) == 0.0 and np.signbit(p.magnitude) == np.False_


def test_caches_emptied_when_a_unit_is_defined():
    parse_quantity("3 ha")
    assert quantity._UNIT_TEXTS
    ureg.define("capf_test_unit = 2 * hectare")
    assert not quantity._UNIT_TEXTS and not quantity._CONVERSIONS
    assert float(check_dimension(parse_quantity("3 capf_test_unit"), "ha",
                                 what="an area").magnitude) == 6.0


def test_q_str_cached_unit_text():
    for _ in range(2):
        assert q_str(parse_quantity("5000 MWh/yr")) == "5000 MWh/a"
        assert q_str(parse_quantity("1.5 t CO2e/yr")) == "1.5 CO2e·t/a"


@pytest.mark.parametrize("data,loc", [
    ({"plan": {"name": "K\x1bge"}}, "plan.name"),
    ({"inventory": [{"note": "ok"}, {"no\x00te": "x"}]}, "inventory[2].no\x00te"),
    ({"scenario": [{"actions": ["a", "b\x7f"]}]}, "scenario[1].actions[2]"),
])
def test_raw_plan_control_characters_found_past_the_quick_pass(data, loc):
    assert not limits._plain(data)
    assert [p.loc for p in limits.check_raw_plan(data)] == [loc]


def test_raw_plan_quick_pass_on_a_clean_plan():
    data = {"plan": {"name": "Køge", "note": "two\nlines\tand a tab"},
            "inventory": [{"activity": ureg.Quantity(1.0, "ha")}, {"index": {2023: 1.0}}]}
    assert limits._plain(data) and limits.check_raw_plan(data) == []


def _same_object(got, want) -> None:
    """Two quantities that pint would not tell apart: class, registry, stored magnitude (type,
    dtype, bits) and units container."""
    assert type(got) is type(want) and got._REGISTRY is want._REGISTRY
    assert set(vars(got)) == set(vars(want)) == {"_magnitude", "_units"}
    assert type(got._magnitude) is type(want._magnitude)
    assert np.asarray(got._magnitude).dtype == np.asarray(want._magnitude).dtype
    assert np.asarray(got._magnitude).shape == np.asarray(want._magnitude).shape
    assert float(got._magnitude).hex() == float(want._magnitude).hex()
    assert got._units == want._units


@pytest.mark.parametrize("force", ["pint-xarray", "none", "ndarray"])
@pytest.mark.parametrize("magnitude", [1.5, -0.0, 1e-300, np.float64(2.25)])
@pytest.mark.parametrize("unit", ["t CO2e / yr", "MWh/yr", "km**2", "ha", "%"])
def test_fast_quantity_is_pints_quantity(force, magnitude, unit):
    from capf.units import _quantity

    before = ureg.force_ndarray, ureg.force_ndarray_like
    ureg.force_ndarray, ureg.force_ndarray_like = {
        "pint-xarray": (False, True), "none": (False, False), "ndarray": (True, False)}[force]
    try:
        want = ureg.Quantity(magnitude, unit)
        for _ in range(2):  # the unit text's container made, then kept
            _same_object(_quantity(magnitude, unit), want)
            _same_object(_quantity(magnitude, want._units), want)
    finally:
        ureg.force_ndarray, ureg.force_ndarray_like = before


@pytest.mark.parametrize("magnitude", [3, np.arange(3.0), [1.0, 2.0], np.float32(1.5)])
def test_fast_quantity_leaves_other_magnitudes_to_pint(magnitude):
    from capf.units import _quantity

    got, want = _quantity(magnitude, "ha"), ureg.Quantity(magnitude, "ha")
    assert type(got._magnitude) is type(want._magnitude) and got._units == want._units
    assert np.array_equal(got._magnitude, want._magnitude)


def test_fast_quantity_unknown_unit_is_pints_error():
    from capf.units import _quantity

    with pytest.raises(Exception) as fast:
        _quantity(1.0, "flurbs/yr")
    with pytest.raises(Exception) as pint_:
        ureg.Quantity(1.0, "flurbs/yr")
    assert type(fast.value) is type(pint_.value) and str(fast.value) == str(pint_.value)


def test_parse_quantity_of_array_magnitudes_as_pint_makes_them():
    """A quantity with a 0-d (capf's default) or 1-element array magnitude: the result is what
    the pint path gives (a float made 0-d array, -0.0 turned to 0.0)."""
    for value in (ureg.Quantity(np.asarray(-0.0), "t CO2e/yr"),
                  ureg.Quantity(np.asarray(5), "ha"), ureg.Quantity(np.asarray(2.5), "km**2")):
        want = ureg.Quantity(float(value.magnitude) + 0.0, value.units)
        _same_object(parse_quantity(value), want)
    with pytest.raises(ValueError, match="expected a single number"):
        parse_quantity(ureg.Quantity(np.arange(2.0), "ha"))


def test_bundled_plan_quantities_are_pints():
    """The bundled plan's dicts hold quantities pint itself would make from their figures."""
    from capf.data.denmark import denmark_dict

    d = denmark_dict.__wrapped__(2023, 2050, "AR5GWP100", ("851", "340"))
    qs = [x[k] for t in ("inventory", "observation", "municipality", "action") for x in d[t]
          for k in ("emissions", "activity", "area") if k in x]
    assert len(qs) > 50
    for q in qs:
        _same_object(q, ureg.Quantity(float(q.magnitude), q._units))
