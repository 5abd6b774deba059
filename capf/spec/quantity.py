"""Parsing of the quantities a planner writes ("2000 ha", "5000 MWh/yr", "50 %").

Every function here raises ``ValueError`` with a message that names the value
and what was expected; the spec models turn those into :class:`capf.errors.Problem`.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import pint

from ..units import GASES, ureg

__all__ = [
    "parse_quantity",
    "parse_share",
    "parse_fraction",
    "check_dimension",
    "split_gas",
    "describe_dimension",
    "GAS_DIMENSIONS",
]

#: pint dimension name of each gas that has one (F-gases are given as CO2e).
GAS_DIMENSIONS = {
    "CO2": "[carbon_dioxide]",
    "CH4": "[methane]",
    "N2O": "[nitrous_oxide]",
    "CO2e": "[carbon_dioxide_equivalent]",
}
_GAS_UNIT = {"CO2": "CO2", "CH4": "CH4", "N2O": "N2O", "CO2e": "CO2e"}

_DIM_WORDS = {
    "[mass] / [time]": "mass per year such as '12 t/yr'",
    "[area]": "area such as '120 ha'",
    "[energy] / [time]": "energy per year such as '5000 MWh/yr'",
    "": "plain number or percentage such as '50 %'",
}


def _fmt(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def parse_quantity(value: Any) -> pint.Quantity:
    """Parse a planner's quantity: a string with a unit, or a plain number.

    Booleans, empty strings and non-finite numbers are rejected.

    Examples
    --------
    >>> float(parse_quantity("12 kt CO2e/yr").to("t CO2e/yr").magnitude)
    12000.0
    """
    if isinstance(value, pint.Quantity):
        q = ureg.Quantity(value.magnitude, str(value.units))
    elif isinstance(value, bool) or value is None:
        raise ValueError(f"expected a quantity with a unit such as '120 ha', got {_fmt(value)}")
    elif isinstance(value, (int, float)):
        q = ureg.Quantity(float(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError("expected a quantity with a unit such as '120 ha', got an empty string")
        try:
            q = ureg.Quantity(text)
        except Exception as exc:  # pint raises many kinds for a bad string
            raise ValueError(
                f"cannot read {_fmt(value)} as a quantity ({type(exc).__name__}: {exc}); "
                "write a number and a unit such as '120 ha' or '5000 MWh/yr'"
            ) from None
        if not isinstance(q, pint.Quantity):  # a bare number string
            q = ureg.Quantity(float(q))
    else:
        raise ValueError(
            f"expected a quantity such as '120 ha', got {type(value).__name__} {_fmt(value)}"
        )
    mag = q.magnitude
    try:
        mag = float(mag)
    except (TypeError, ValueError):
        raise ValueError(f"expected a single number with a unit, got {_fmt(value)}") from None
    if not math.isfinite(mag):
        raise ValueError(f"expected a finite number, got {_fmt(value)}")
    if abs(mag) > 1e30 or 0 < abs(mag) < sys.float_info.min:  # too large, or subnormal
        raise ValueError(f"number out of range (expected 0 or 2.2e-308 <= |x| <= 1e30), got "
                         f"{_fmt(value)}")
    return ureg.Quantity(mag + 0.0, q.units)  # + 0.0 turns -0.0 into 0.0


def split_gas(q: pint.Quantity) -> tuple[str | None, pint.Quantity]:
    """Split a gas-tagged quantity ("1.2 t CH4/yr") into the gas and a plain one ("1.2 t/yr").

    Returns ``(None, q)`` when the quantity names no gas. Raises when it names
    several gases.
    """
    dims = q.dimensionality
    found = [g for g, d in GAS_DIMENSIONS.items() if d in dims]
    if not found:
        return None, q
    if len(found) > 1:
        raise ValueError(f"a quantity may name one gas only, got {q:~P}")
    gas = found[0]
    power = dims[GAS_DIMENSIONS[gas]]
    if power != 1:
        raise ValueError(f"the gas must appear once in the numerator of the unit, got {q:~P}")
    return gas, q / ureg.Quantity(1.0, _GAS_UNIT[gas])


def describe_dimension(unit: str | pint.Unit) -> str:
    """Words for the dimension of a unit, for error messages."""
    u = ureg.Unit(unit) if isinstance(unit, str) else unit
    dim = str(u.dimensionality)
    if dim in ("dimensionless",):
        return _DIM_WORDS[""]
    for key, words in _DIM_WORDS.items():
        if key and ureg.Quantity(1, u).check(key):
            return words
    return f"quantity in {u:~P} ({dim})"


def check_dimension(q: pint.Quantity, unit: str, *, what: str, raw: Any = None) -> pint.Quantity:
    """Check that ``q`` converts to ``unit``; return it converted.

    The error names the expected unit: ``expected <what> in MWh/yr ..., got '120 ha'``.
    """
    target = ureg.Unit(unit)
    if q.dimensionality != target.dimensionality:
        shown = _fmt(raw) if raw is not None else f"'{q:~P}'"
        raise ValueError(
            f"expected {what} in {target:~P} ({describe_dimension(target)}), got {shown}"
        )
    return q.to(target)


def parse_fraction(value: Any, *, what: str = "a share") -> float:
    """A dimensionless number: "60 %", "0.6" and 0.6 all give 0.6."""
    q = parse_quantity(value)
    if not q.dimensionless:
        raise ValueError(
            f"expected {what} without a unit (such as '60 %' or 0.6), got {_fmt(value)}"
        )
    return float(q.to("").magnitude)


def parse_share(value: Any, *, what: str = "a share") -> float:
    """A share between 0 % and 100 %: "60 %", "0.6" and 0.6 all give 0.6."""
    x = parse_fraction(value, what=what)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"expected {what} between 0 % and 100 %, got {_fmt(value)}")
    return x


assert set(GAS_DIMENSIONS) | {"F-gases"} == set(GASES)
