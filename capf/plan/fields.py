"""Field types and helpers shared by the spec models."""

from __future__ import annotations

from typing import Annotated, Any

import pint
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, StrictBool

from ..errors import PlanError, Problem
from ..units import ureg
from .domains import in_domain, number, whole_number
from .quantity import (
    _cacheable,
    check_dimension,
    parse_fraction,
    parse_quantity,
    parse_share,
    split_gas,
)

__all__ = [
    "QuantityField", "Share", "Fraction", "Year", "Code", "MunicipalitySelector", "Name",
    "Model", "FrozenDict", "frozen", "fail", "mass_rate", "q_str", "UQuantity", "UShare", "UYear",
    "Number", "Whole", "Flag", "Reduction",
]


def q_str(q: pint.Quantity) -> str:
    """A quantity as a planner would write it ('5000 MWh/a').

    Parameters
    ----------
    q : pint.Quantity
        Any quantity of :data:`capf.units.ureg`.

    Returns
    -------
    str
        Magnitude (12 significant digits) and the unit's short symbol.

    Examples
    --------
    >>> from capf.plan.quantity import parse_quantity
    >>> q_str(parse_quantity("5000 MWh/yr"))
    '5000 MWh/a'
    """
    units = q._units
    if q._REGISTRY is not ureg:
        return f"{q.magnitude:.12g} {q.units:~P}".strip()
    key = (units, ureg.formatter.default_sort_func)
    text = _UNIT_TEXTS.get(key)
    if text is None:  # formatting a unit costs ~0.1 ms; a plan shows thousands in a few units
        text = _UNIT_TEXTS.keep(key, f"{q.units:~P}")
    return f"{q.magnitude:.12g} {text}".strip()


#: (units container, sort function) -> the unit as :func:`q_str` shows it (emptied when a unit
#: is defined)
_UNIT_TEXTS = ureg._capf_memo("plan.fields: unit texts")


QuantityField = Annotated[
    pint.Quantity,
    BeforeValidator(parse_quantity),
    PlainSerializer(q_str, return_type=str),
]

Share = Annotated[float, BeforeValidator(parse_share)]
Fraction = Annotated[float, BeforeValidator(lambda v: parse_fraction(v, what="a fraction"))]

#: A strict number (``true`` is not 1.0) and a strict whole number.
Number = Annotated[float, BeforeValidator(number)]
Whole = Annotated[int, BeforeValidator(whole_number)]
#: A strict boolean (``1`` or ``"yes"`` is not ``true``).
Flag = StrictBool

Year = Annotated[int, BeforeValidator(whole_number), Field(ge=1800, le=2200)]
#: A target's reduction below its reference (0-200 %).
Reduction = Annotated[float, BeforeValidator(
    lambda v: in_domain("reduction", parse_fraction(v, what="a reduction"), repr(v),
                        what="a reduction"))]


def _serialise_uncertain(v: Any) -> Any:
    from .uncertain import Dist

    return v.to_dict() if isinstance(v, Dist) else (q_str(v) if isinstance(v, pint.Quantity) else v)


def _uquantity(v: Any) -> Any:
    from .uncertain import is_dist, parse_dist

    return parse_dist(v) if is_dist(v) else parse_quantity(v)


def _ushare(v: Any) -> Any:
    from .uncertain import converted, is_dist, parse_dist

    if not is_dist(v):
        return parse_share(v)
    from ..units import ureg

    d = parse_dist(v)
    if d.unit and not ureg.Quantity(1.0, d.unit).dimensionless:
        raise ValueError(f"expected a share without a unit (such as '60 %'), got a distribution "
                         f"in {d.unit}")
    d = converted(d, "") if d.unit else d
    if not 0.0 <= d.mean() <= 1.0:
        raise ValueError(f"expected a share between 0 % and 100 %; the distribution's mean is "
                         f"{d.mean():.4g}")
    return d


def _uyear(v: Any) -> Any:
    from .uncertain import is_dist, parse_dist

    if not is_dist(v):
        if isinstance(v, str) and v.strip().lstrip("-").isdigit():
            v = int(v)
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError("expected a year such as 2030 (or a distribution of years), "
                             f"got {v!r}")
        if not 1800 <= v <= 2200:
            raise ValueError(f"expected a year between 1800 and 2200, got {v}")
        return v
    from ..units import ureg
    from .uncertain import converted

    d = parse_dist(v)
    if d.unit:
        if not ureg.Quantity(1.0, d.unit).dimensionless or "percent" in d.unit:
            raise ValueError(f"a year is a plain number; got a distribution in {d.unit}")
        d = converted(d, "")
    if not 1800 <= d.mean() <= 2200:
        raise ValueError(f"expected years between 1800 and 2200, the mean is {d.mean():.6g}")
    return d


#: A quantity or a distribution of one (see capf.plan.uncertain).
UQuantity = Annotated[Any, BeforeValidator(_uquantity),
                      PlainSerializer(_serialise_uncertain)]
#: A share (0-1) or a distribution of one.
UShare = Annotated[Any, BeforeValidator(_ushare), PlainSerializer(_serialise_uncertain)]
#: A year or a distribution of years.
UYear = Annotated[Any, BeforeValidator(_uyear), PlainSerializer(_serialise_uncertain)]
def _code(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise ValueError(f"expected a municipality code (a string such as '540'), got {v!r}")
    s = str(v).strip()
    if not s:
        raise ValueError("expected a non-empty municipality code")
    return s


Code = Annotated[str, BeforeValidator(_code)]


def _selector(v: Any) -> str | tuple[str, ...]:
    if v == "*" or v is None:
        return "*"
    if isinstance(v, (list, tuple)):
        if not v:
            raise ValueError("expected '*', a code or a non-empty list of codes, got []")
        return tuple(_code(x) for x in v)
    return (_code(v),)


MunicipalitySelector = Annotated[str | tuple[str, ...], BeforeValidator(_selector)]

def _name(v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ValueError(f"expected a non-empty name, got {v!r}")
    v = v.strip()
    if len(v) > 200:
        raise ValueError(f"a name may have at most 200 characters, got {len(v)}")
    return v


Name = Annotated[str, BeforeValidator(_name)]


class FrozenDict(dict):
    """A dict that cannot change once built: plan models are frozen all the way down, so a
    compiled plan (cached by object) cannot go stale. Build a new plan to change one.

    Parameters
    ----------
    *args, **kwargs
        As for :class:`dict`.

    Examples
    --------
    >>> d = FrozenDict({"CO2": "74 kg/MWh"})
    >>> d["CO2"]
    '74 kg/MWh'
    >>> d["CH4"] = "1 kg/MWh"  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: a plan is frozen (tables are tuples, mappings read-only): build a new one ...
    """

    __slots__ = ()

    def _frozen(self, *args, **kwargs):
        raise TypeError("a plan is frozen (tables are tuples, mappings read-only): build a new "
                        "one with capf.Plan.model_validate(...) instead of changing it")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _frozen

    def __reduce__(self):
        return (FrozenDict, (dict(self),))

    def copy(self) -> dict:
        """A plain (changeable) dict with the same items.

        Examples
        --------
        >>> FrozenDict(a=1).copy()
        {'a': 1}
        """
        return dict(self)


def frozen(v: Any) -> Any:
    """``v`` with every dict a :class:`FrozenDict` and every list a tuple, recursively.

    Parameters
    ----------
    v : Any
        A value of a plan (dicts, lists, scalars).

    Returns
    -------
    Any

    Examples
    --------
    >>> frozen({"sectors": ["energy", "transport"]})
    {'sectors': ('energy', 'transport')}
    """
    if isinstance(v, dict):
        return FrozenDict({k: frozen(x) for k, x in v.items()})
    if isinstance(v, list | tuple):
        return tuple(frozen(x) for x in v)
    return v


class Model(BaseModel):
    """Base of every plan model: unknown keys are errors, instances are frozen.

    Examples
    --------
    >>> class Line(Model):
    ...     name: str
    >>> Line(name=" wind ").name
    'wind'
    >>> Line(name="wind", nmae="typo")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Line
    nmae
      Extra inputs are not permitted ...
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        arbitrary_types_allowed=True,
        populate_by_name=True,
        str_strip_whitespace=True,
    )


def fail(problems: list[Problem]) -> None:
    """Raise the problems of one model together (no-op when there are none).

    Parameters
    ----------
    problems : list of Problem
        The problems found by one model's checks.

    Raises
    ------
    capf.errors.PlanError
        When ``problems`` is not empty.

    Examples
    --------
    >>> fail([])
    >>> fail([Problem("plan.end_year", "expected a year after base_year 2023")])
    Traceback (most recent call last):
    ...
    capf.errors.PlanError: 1 problem in plan:
      - plan.end_year: expected a year after base_year 2023
    """
    if problems:
        raise PlanError(problems)


def mass_rate(q: pint.Quantity, gas_hint: str | None, raw: Any) -> tuple[str, float]:
    """Check an emissions quantity; return (gas, t/yr).

    Parameters
    ----------
    q : pint.Quantity
        Emissions per year of one gas, e.g. ``25 kt CO2e/yr`` or ``1.2 t/yr`` (with
        ``gas_hint``).
    gas_hint : str or None
        The gas a table key names (``{ CH4 = '1.2 t/yr' }``), or None.
    raw : Any
        The value as written, for messages.

    Returns
    -------
    tuple of (str, float)
        The gas and the emissions in t/yr of that gas.

    Examples
    --------
    >>> from capf.plan.quantity import parse_quantity
    >>> mass_rate(parse_quantity("25 kt CO2e/yr"), None, "25 kt CO2e/yr")
    ('CO2e', 25000.0)
    >>> mass_rate(parse_quantity("1.2 t/yr"), "CH4", "1.2 t/yr")
    ('CH4', 1.2)
    """
    hit = _rate_factor(q, gas_hint)
    if hit is not None:
        return hit[0], float(q.magnitude * hit[1])
    return _mass_rate(q, gas_hint, raw)


def _mass_rate(q: pint.Quantity, gas_hint: str | None, raw: Any) -> tuple[str, float]:
    """:func:`mass_rate` through pint (the unit split, checked and converted)."""
    gas, plain = split_gas(q)
    if gas_hint is not None:
        if gas is not None and gas != gas_hint and not (gas_hint == "F-gases" and gas == "CO2e"):
            raise ValueError(f"the key names {gas_hint} but the value names {gas}: {raw!r}")
        gas = gas_hint
    if gas is None:
        raise ValueError(
            f"name the gas: write e.g. '25 kt CO2e/yr', or a table such as "
            f"{{ CH4 = '1.2 t/yr' }}; got {raw!r}"
        )
    value = check_dimension(plain, "t/yr", what="emissions (mass per year)", raw=raw)
    return gas, float(value.magnitude)


# (unit, gas hint) -> (gas, t/yr per 1 of the unit), or None where the unit is not an
# emissions rate: a plan writes thousands of levels in a handful of units, and pint's split,
# dimension check and conversion cost ~0.3 ms each. mass_rate multiplies the magnitude by the
# factor, which is what pint's conversion of a multiplicative unit does (same float).
_RATE_FACTORS = ureg._capf_memo("plan.fields: rate factors", 512)


def _rate_factor(q: pint.Quantity, gas_hint: str | None) -> tuple[str, float] | None:
    """The cached (gas, factor) of ``q``'s unit; None when not cacheable or not a rate."""
    if not _cacheable(q):
        return None
    key = (q._units, gas_hint)
    try:
        return _RATE_FACTORS[key]
    except KeyError:
        pass
    try:
        gas, factor = _mass_rate(ureg.Quantity(1.0, q._units), gas_hint, None)
    except ValueError:
        hit = None  # the caller goes through pint, which says why
    else:
        hit = (gas, factor)
    return _RATE_FACTORS.keep(key, hit)


def co2e_total(q: pint.Quantity, what: str) -> float:
    """A CO2e total per year ('160 kt CO2e/yr') in t CO2e/yr; ValueError otherwise.

    Parameters
    ----------
    q : pint.Quantity
        Emissions of CO2e per year.
    what : str
        What the total is, for the message (``"a baseline's emissions"``).

    Returns
    -------
    float
        t CO2e per year.

    Examples
    --------
    >>> from capf.plan.quantity import parse_quantity
    >>> co2e_total(parse_quantity("160 kt CO2e/yr"), "a baseline")
    160000.0
    """
    hit = _rate_factor(q, None)
    if hit is not None and hit[0] == "CO2e":  # the unit's factor, without pint (same float)
        return float(q.magnitude * hit[1])
    gas, value = mass_rate(q, None, q_str(q))
    if gas != "CO2e":
        raise ValueError(f"{what} is a CO2e total, e.g. '160 kt CO2e/yr'; got '{q_str(q)}'")
    return value


def co2e_amount(q: pint.Quantity, what: str) -> float:
    """A CO2e amount ('1000 kt CO2e', no per-year) in t CO2e; ValueError otherwise.

    Parameters
    ----------
    q : pint.Quantity
        An amount of CO2e (a mass, not a rate).
    what : str
        What the amount is, for the message (``"a budget"``).

    Returns
    -------
    float
        t CO2e.

    Examples
    --------
    >>> from capf.plan.quantity import parse_quantity
    >>> co2e_amount(parse_quantity("1000 kt CO2e"), "a budget")
    1000000.0
    >>> co2e_amount(parse_quantity("1000 kt CH4"), "a budget")
    Traceback (most recent call last):
    ...
    ValueError: a budget is an amount of CO2e, e.g. '1000 kt CO2e'; got '1000 CH4·kt'
    """
    gas, plain = split_gas(q)
    if gas != "CO2e":
        raise ValueError(f"{what} is an amount of CO2e, e.g. '1000 kt CO2e'; got '{q_str(q)}'")
    return float(check_dimension(plain, "t", what=what, raw=q_str(q)).magnitude)


