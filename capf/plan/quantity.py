"""Parsing of the quantities a planner writes ("2000 ha", "5000 MWh/yr", "50 %").

Every function here raises ``ValueError`` with a message that names the value
and what was expected; the spec models turn those into :class:`capf.errors.Problem`.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any

import numpy as np
import pint

from ..units import GASES, _quantity, ureg

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


#: Longest quantity string read (a quantity is a number and a unit, not a program).
MAX_QUANTITY_CHARS = 200
#: Largest exponent allowed in a unit expression ("km**2", "m^3").
MAX_UNIT_POWER = 12

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: A number written with a decimal comma, thousands separators or spaces between digit groups.
_DANISH = re.compile(r"\s*(?:[,.]\s*\d|\d)")
_UNIT_TOKEN = re.compile(r"\s*(?:(?P<name>[^\W\d]\w*)|(?P<pow>\*\*|\^)|(?P<op>[*/()])|(?P<pct>%)"
                         r"|(?P<int>[+-]?\d+))")
_PRETTY = str.maketrans({"·": "*", "⋅": "*", "×": "*"})
_SUPERSCRIPT = re.compile("[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SUP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_EXAMPLE = "write a number and a unit such as '120 ha' or '5000 MWh/yr'"


def _suggest(text: str) -> str:
    """How a planner should write a number typed with Danish separators ('2.000,5 ha')."""
    m = re.match(r"[+-]?[\d.,\s]*\d", text)
    if m is None:  # pragma: no cover - only called when digits come first
        return text
    raw, unit = re.sub(r"\s", "", m.group(0)), text[m.end():].strip()
    if "," in raw and "." in raw:  # the last separator is the decimal one
        cut = max(raw.rfind(","), raw.rfind("."))
        number = re.sub(r"[.,]", "", raw[:cut]) + "." + raw[cut + 1:]
    elif raw.count(",") == 1:  # a Danish decimal comma
        number = raw.replace(",", ".")
    else:  # several commas or points, or spaces: thousands separators
        number = re.sub(r"[.,]", "", raw)
    number = number.lstrip("+")
    return f"{number} {unit}".strip()


def _parse_unit(text: str, value: str) -> pint.Unit:
    """A unit expression pint parses, after a check that it is only names, operators and
    small integer powers (no numbers to compute, no power towers)."""
    text = _SUPERSCRIPT.sub(lambda m: "**" + m.group(0).translate(_SUP_DIGITS),
                            text.translate(_PRETTY))
    pos, prev, depth, percent = 0, None, 0, 0
    while pos < len(text):
        m = _UNIT_TOKEN.match(text, pos)
        if m is None:
            if not text[pos:].strip():
                break
            raise ValueError(f"cannot read {value!r}: unexpected {text[pos:].strip()[:20]!r} in "
                             f"the unit; {_EXAMPLE}")
        kind = m.lastgroup
        tok = m.group(kind or 0)
        if kind == "int":
            if prev == "pow":
                if abs(int(tok)) > MAX_UNIT_POWER:
                    raise ValueError(f"cannot read {value!r}: a unit power may be at most "
                                     f"{MAX_UNIT_POWER}, got {tok}")
            elif not (prev is None and tok == "1" and text[m.end():].lstrip().startswith("/")):
                raise ValueError(f"cannot read {value!r}: a quantity is one number and a unit; "
                                 f"{tok!r} inside the unit is not read (no arithmetic); "
                                 f"{_EXAMPLE}")
        elif prev == "pow":
            raise ValueError(f"cannot read {value!r}: a unit power is a whole number such as "
                             "'km**2'")
        if kind == "pow" and prev == "powint":
            raise ValueError(f"cannot read {value!r}: one power per unit (such as 'km**2')")
        if tok == "(":
            depth += 1
            if depth > 3:
                raise ValueError(f"cannot read {value!r}: too many parentheses in the unit")
        elif tok == ")":
            depth -= 1
            if depth < 0:
                raise ValueError(f"cannot read {value!r}: unbalanced parentheses in the unit")
        if kind == "pct":
            percent += 1
            if percent > 1:
                raise ValueError(f"cannot read {value!r}: '%' may appear once (write '50 %')")
        prev = "powint" if (kind == "int" and prev == "pow") else kind
        pos = m.end()
    if prev in ("pow", "op") and not text.rstrip().endswith(")") or depth:
        raise ValueError(f"cannot read {value!r}: the unit is incomplete; {_EXAMPLE}")
    try:
        unit = ureg.parse_units(text)
    except Exception as exc:  # pint raises many kinds for a bad unit
        raise ValueError(f"cannot read {value!r}: unknown unit ({type(exc).__name__}: {exc}); "
                         f"{_EXAMPLE}") from None
    return unit


#: unit text (what follows the number, as written) -> its units in :data:`ureg`, for the texts
#: that passed the grammar and pint: a plan writes thousands of quantities in a handful of units,
#: and the grammar's check and pint's parse depend on the text alone (emptied when a unit is
#: defined; not used under an active context)
_UNIT_TEXTS = ureg._capf_memo("plan.quantity: unit texts", 4096)


def _units_of(rest: str, value: str) -> Any:
    """The units container of the unit text ``rest`` of ``value`` (checked, cached)."""
    if ureg._active_ctx.contexts:
        return _parse_unit(rest, value)._units
    units = _UNIT_TEXTS.get(rest)
    if units is None:
        units = _UNIT_TEXTS.keep(rest, _parse_unit(rest, value)._units)
    return units


def _parse_text(value: str) -> tuple[float, Any]:
    """The quantity grammar: a number (sign, digits, decimal point, exponent) and a unit.

    Returns the number and the units container of :data:`ureg` (None for a plain number)."""
    text = value.strip()
    if not text:
        raise ValueError("expected a quantity with a unit such as '120 ha', got an empty string")
    if len(text) > MAX_QUANTITY_CHARS:
        raise ValueError(f"a quantity is at most {MAX_QUANTITY_CHARS} characters, got "
                         f"{len(text)} ({text[:30]!r}...)")
    m = _NUMBER.match(text)
    if m is None and re.match(r"[+-]?(nan|inf)", text, re.IGNORECASE):
        raise ValueError(f"expected a finite number, got {value!r}")
    if m is None:
        raise ValueError(f"cannot read {value!r}: a quantity starts with a number; "
                         f"{_EXAMPLE}")
    rest = text[m.end():]
    # a unit text read before passed the separator check below (it depends on the text alone)
    known = rest in _UNIT_TEXTS and not ureg._active_ctx.contexts
    if not known and _DANISH.match(rest) and not re.match(r"\s+1\s*/", rest):
        also = ""
        if re.match(r"[+-]?\d{1,3},\d{3}(?!\d)", text) and "." not in text[:m.end() + 4]:
            also = f" (or {_suggest(text.replace(',', '', 1))} if the comma separates thousands)"
        raise ValueError(f"cannot read {value!r}: commas, spaces and points between digits are "
                         f"not read; write {_suggest(text)}{also}: a decimal point, no thousands "
                         "separators")
    number = m.group(0)
    mag = float(number)
    if not math.isfinite(mag):
        raise ValueError(f"number out of range in {value!r} (expected |x| <= 1e30)")
    if mag == 0.0 and re.search(r"[1-9]", number.split("e")[0].split("E")[0]):
        raise ValueError(f"number out of range in {value!r}: it is too small to be stored "
                         "and would read as 0")
    if rest.strip():
        return mag, _units_of(rest, value)
    return mag, None


# a unit of ureg -> itself re-made through its text, as parse_quantity re-makes any quantity's
# unit (formatting and parsing a unit cost ~0.2 ms; the bundled plan has thousands)
_REMADE = ureg._capf_memo("plan.quantity: remade units", 512)


def _remade_units(value: pint.Quantity) -> Any:
    """The units of ``value`` re-made in :data:`ureg` from their text (cached for ureg's)."""
    if value._REGISTRY is not ureg or ureg._active_ctx.contexts:
        return str(value.units)
    units = _REMADE.get(value._units)
    if units is None:
        units = _REMADE.keep(value._units, ureg.parse_units(str(value.units))._units)
    return units


#: (units container, default format) -> ``str`` of the unit, for :func:`_unit_str`
_UNIT_STRS = ureg._capf_memo("plan.quantity: unit str")


def _unit_str(q: pint.Quantity) -> str:
    """``str(q.units)``, formatted once per unit of :data:`ureg` (~60 us each; COMPILE groups
    thousands of lines by their unit's text)."""
    if q._REGISTRY is not ureg:
        return str(q.units)
    key = (q._units, ureg.formatter.default_format)
    text = _UNIT_STRS.get(key)
    if text is None:
        text = _UNIT_STRS.keep(key, str(q.units))
    return text


def parse_quantity(value: Any) -> pint.Quantity:
    """Parse a planner's quantity: a string with a unit, or a plain number.

    The grammar is capf's own: an optional sign, digits with an optional decimal
    point and exponent, then a unit expression (names, ``*``, ``/``, parentheses
    and small whole powers). Commas, spaces or points between digit groups
    (``"2 000 ha"``, ``"2,5 ha"``, ``"1.000,5 kt CO2e/yr"``) are errors that
    show how to write the number. Booleans, empty strings, non-finite numbers
    and numbers that would underflow to 0 are rejected.

    Parameters
    ----------
    value : str, number or pint.Quantity
        ``"12 kt CO2e/yr"``, ``"60 %"``, ``0.6`` (dimensionless) or a quantity (of any
        registry; re-made in :data:`capf.units.ureg`).

    Returns
    -------
    pint.Quantity
        In the unit written (nothing converted).

    Raises
    ------
    ValueError
        The value cannot be read; the message shows how to write it.

    Examples
    --------
    >>> float(parse_quantity("12 kt CO2e/yr").to("t CO2e/yr").magnitude)
    12000.0
    >>> parse_quantity("2,5 ha")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: cannot read '2,5 ha': commas, spaces and points between digits ... separators
    """
    units: Any = None  # the units container of the result (None: a plain number)
    if isinstance(value, str):
        mag, units = _parse_text(value)
    elif isinstance(value, pint.Quantity):
        mag = value.magnitude
        if type(mag) in (float, int, np.ndarray):  # as ureg.Quantity(mag, units) keeps it
            units = _remade_units(value)
        else:
            q = ureg.Quantity(mag, _remade_units(value))
            mag, units = q.magnitude, q._units
        if isinstance(units, str):  # another registry's unit, by its text
            units = ureg.parse_units(units)._units
    elif isinstance(value, bool) or value is None:
        raise ValueError(f"expected a quantity with a unit such as '120 ha', got {_fmt(value)}")
    elif isinstance(value, (int, float)):
        try:
            mag = float(value)
        except OverflowError:
            raise ValueError(f"number out of range (expected |x| <= 1e30), got {value}") from None
    else:
        raise ValueError(
            f"expected a quantity such as '120 ha', got {type(value).__name__} {_fmt(value)}"
        )
    try:
        mag = float(mag)
    except (TypeError, ValueError):
        raise ValueError(f"expected a single number with a unit, got {_fmt(value)}") from None
    if not math.isfinite(mag):
        raise ValueError(f"expected a finite number, got {_fmt(value)}")
    if abs(mag) > 1e30 or 0 < abs(mag) < sys.float_info.min:  # too large, or subnormal
        raise ValueError(f"number out of range (expected 0 or 2.2e-308 <= |x| <= 1e30), got "
                         f"{_fmt(value)}")
    if units is None:
        return ureg.Quantity(mag + 0.0)  # + 0.0 turns -0.0 into 0.0
    return _quantity(mag + 0.0, units)


def split_gas(q: pint.Quantity) -> tuple[str | None, pint.Quantity]:
    """Split a gas-tagged quantity ("1.2 t CH4/yr") into the gas and a plain one ("1.2 t/yr").

    Returns ``(None, q)`` when the quantity names no gas. Raises when it names
    several gases.

    Parameters
    ----------
    q : pint.Quantity
        A quantity whose unit may name one gas in its numerator (``t CH4/yr``,
        ``kg CO2e/MWh``).

    Returns
    -------
    tuple of (str or None, pint.Quantity)
        The gas (``"CO2"``, ``"CH4"``, ``"N2O"``, ``"CO2e"``) and the quantity without it.

    Examples
    --------
    >>> gas, plain = split_gas(parse_quantity("1.2 t CH4/yr"))
    >>> gas, f"{plain:~P}"
    ('CH4', '1.2 t/a')
    >>> split_gas(parse_quantity("5 ha"))[0] is None
    True
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
    """Words for the dimension of a unit, for error messages.

    Parameters
    ----------
    unit : str or pint.Unit
        A unit such as ``"MWh/yr"``.

    Returns
    -------
    str
        The kind of quantity with an example, e.g. ``"area such as '120 ha'"``.

    Examples
    --------
    >>> describe_dimension("MWh/yr")
    "energy per year such as '5000 MWh/yr'"
    """
    u = ureg.Unit(unit) if isinstance(unit, str) else unit
    dim = str(u.dimensionality)
    if dim in ("dimensionless",):
        return _DIM_WORDS[""]
    for key, words in _DIM_WORDS.items():
        if key and ureg.Quantity(1, u).check(key):
            return words
    return f"quantity in {u:~P} ({dim})"


_ENERGY_PER_TIME = ureg.Unit("MWh/yr").dimensionality
_TIME = ureg.Unit("yr").dimensionality


def check_dimension(q: pint.Quantity, unit: str, *, what: str, raw: Any = None) -> pint.Quantity:
    """Check that ``q`` converts to ``unit``; return it converted.

    The error names the expected unit: ``expected <what> in MWh/yr ..., got '120 ha'``.

    Parameters
    ----------
    q : pint.Quantity
        The quantity as given.
    unit : str
        The unit it must convert to, e.g. ``"MWh/yr"``.
    what : str
        What the quantity is, for the message (``"an activity of source ..."``).
    raw : Any, optional
        The value as written, for the message.

    Returns
    -------
    pint.Quantity
        ``q`` converted to ``unit``.

    Raises
    ------
    ValueError
        ``q`` does not convert to ``unit`` (a power given for an energy per year, too).

    Examples
    --------
    >>> f"{check_dimension(parse_quantity('12 GWh/yr'), 'MWh/yr', what='an activity'):~P}"
    '12000.0 MWh/a'
    >>> check_dimension(parse_quantity("120 ha"), "MWh/yr", what="an activity", raw="120 ha")
    Traceback (most recent call last):
    ...
    ValueError: expected an activity in MWh/a (energy per year such as '5000 MWh/yr'), got '120 ha'
    """
    fast = _conversion_to(q, unit)
    if fast is not None:  # the unit pair's cached factor: what pint's conversion multiplies by
        return _quantity(q._magnitude * fast[0], fast[1])
    return _check_dimension(q, unit, what=what, raw=raw)


# (units container, unit) -> (factor, target units container) of a check that passed, or None
# (not cacheable: the caller goes through pint, which says why). The check depends on the units
# alone, and pint converts a multiplicative unit by one factor (``value * factor``), so
# ``x * factor`` is the float pint's conversion gives (emptied when a unit is defined).
_CONVERSIONS = ureg._capf_memo("plan.quantity: conversions")


def _cacheable(q: pint.Quantity) -> bool:
    """Whether what is worked out about ``q``'s unit may be taken from a memo: a float
    magnitude (or a 0-d float64 array: capf's registry forces magnitudes to arrays, for
    pint-xarray), a quantity of :data:`ureg`, and no active context."""
    mag = q._magnitude
    return ((type(mag) is float or type(mag) is np.ndarray and mag.ndim == 0
             and mag.dtype == np.float64) and q._REGISTRY is ureg
            and not ureg._active_ctx.contexts)


def _conversion_to(q: pint.Quantity, unit: Any) -> tuple[float, Any] | None:
    """The cached factor and target units of ``q``'s unit checked against ``unit``."""
    if not _cacheable(q):
        return None
    key = (q._units, unit)
    try:
        return _CONVERSIONS[key]
    except KeyError:
        pass
    one = ureg.Quantity(1.0, q._units)
    hit: tuple[float, Any] | None
    try:
        converted = _check_dimension(one, unit, what="", raw=None)
    except ValueError:
        hit = None
    else:
        ok = one._is_multiplicative and converted._is_multiplicative
        hit = (converted._magnitude, converted._units) if ok else None
    return _CONVERSIONS.keep(key, hit)


def _check_dimension(q: pint.Quantity, unit: Any, *, what: str, raw: Any) -> pint.Quantity:
    """:func:`check_dimension` through pint."""
    target = ureg.Unit(unit)
    if target.dimensionality == _ENERGY_PER_TIME and q.dimensionality == _ENERGY_PER_TIME \
            and not any(p < 0 and ureg.Unit(u).dimensionality == _TIME  # type: ignore[operator]
                        for u, p in q.units._units.items()):
        yearly = q.to(target)
        raise ValueError(
            f"expected {what} in {unit} (the energy per year), got a power "
            f"{_fmt(raw) if raw is not None else repr(f'{q:~P}')}: {q.magnitude:g} "
            f"{q.units:~P} all year round is {yearly.magnitude:.6g} {unit}; write the yearly "
            f"energy, e.g. '12000 {unit}'")
    if q.dimensionality != target.dimensionality:
        shown = _fmt(raw) if raw is not None else f"'{q:~P}'"
        raise ValueError(
            f"expected {what} in {target:~P} ({describe_dimension(target)}), got {shown}"
        )
    return q.to(target)


def parse_fraction(value: Any, *, what: str = "a share") -> float:
    """A dimensionless number: "60 %", "0.6" and 0.6 all give 0.6.

    Parameters
    ----------
    value : str, number or pint.Quantity
        A number with no unit but ``%``.
    what : str, default "a share"
        What the number is, for the message.

    Returns
    -------
    float
        The number as a fraction (60 % is 0.6).

    Examples
    --------
    >>> parse_fraction("60 %"), parse_fraction(0.6), parse_fraction("-5 %")
    (0.6, 0.6, -0.05)
    """
    q = parse_quantity(value)
    if not q.dimensionless:
        raise ValueError(
            f"expected {what} without a unit (such as '60 %' or 0.6), got {_fmt(value)}"
        )
    return float(q.to("").magnitude)


def parse_share(value: Any, *, what: str = "a share") -> float:
    """A share between 0 % and 100 %: "60 %", "0.6" and 0.6 all give 0.6.

    Parameters
    ----------
    value : str, number or pint.Quantity
        A share, as a percentage or a fraction.
    what : str, default "a share"
        What the share is, for the message.

    Returns
    -------
    float
        The share as a fraction between 0 and 1.

    Examples
    --------
    >>> parse_share("60 %")
    0.6
    >>> parse_share("120 %")
    Traceback (most recent call last):
    ...
    ValueError: expected a share between 0 % and 100 %, got '120 %'
    """
    from .domains import in_domain

    return in_domain("share", parse_fraction(value, what=what), _fmt(value), what=what)


if set(GAS_DIMENSIONS) | {"F-gases"} != set(GASES):  # one table of gases: keep them in step
    raise RuntimeError(f"capf.plan.quantity.GAS_DIMENSIONS {sorted(GAS_DIMENSIONS)} and "
                       f"capf.units.GASES {sorted(GASES)} name different gases")
