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
