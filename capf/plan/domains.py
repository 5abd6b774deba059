"""The ranges of the plan's numbers, as one table.

Every number a planner gives has a domain: a share is 0-100 %, a discount rate
0-100 %, a growth rate above -100 %/yr, a year between 1800 and 2200... The spec
models check their values against :data:`DOMAINS`; a value outside is an error
that names the range, never a silent clip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

__all__ = ["Domain", "DOMAINS", "in_domain", "number", "whole_number"]


@dataclass(frozen=True)
class Domain:
    """A closed or half-open interval and how to say it to a planner.

    Parameters
    ----------
    low, high : float
        The bounds, in the unit the plan's number is read in (a fraction for shares and
        rates: 0.5 = 50 %; a year for years).
    text : str
        The range as an error message says it, e.g. ``"between 0 % and 100 %"``.
    low_open, high_open : bool, default False
        True when the bound itself lies outside.

    Examples
    --------
    >>> d = Domain(0.0, 1.0, "between 0 % and 100 %", low_open=True)
    >>> d.contains(0.5), d.contains(0.0), d.contains(float("nan"))
    (True, False, False)
    """

    low: float
    high: float
    text: str
    low_open: bool = False
    high_open: bool = False

    def contains(self, x: float) -> bool:
        """True when ``x`` lies in the interval (never for NaN or infinities).

        Parameters
        ----------
        x : float
            The value, in the unit of the bounds.

        Returns
        -------
        bool

        Examples
        --------
        >>> DOMAINS["year"].contains(2030), DOMAINS["year"].contains(3000)
        (True, False)
        """
        if not math.isfinite(x):
            return False
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below


#: The domain of each kind of number in a plan (fractions as fractions: 0.5 = 50 %).
DOMAINS: dict[str, Domain] = {
    "share": Domain(0.0, 1.0, "between 0 % and 100 %"),
    "discount_rate": Domain(0.0, 1.0, "between 0 % and 100 % (e.g. '3.5 %')"),
    "reduction": Domain(0.0, 2.0, "between 0 % and 200 % below the reference (above 100 % "
                        "the plan is a net sink)"),
    "growth_rate": Domain(-1.0, 1.0, "above -100 %/yr and at most 100 %/yr (e.g. '1 %/yr')",
                          low_open=True),
    "year": Domain(1800, 2200, "between 1800 and 2200"),
    "efficiency": Domain(0.0, 20.0, "above 0 and at most 20 (a COP of a heat pump is 2-5)",
                         low_open=True),
    "index": Domain(0.0, 1e12, "from 0 to 1e12"),
    "series_value": Domain(-1e12, 1e12, "up to 1e12 in size"),
    "conversion": Domain(0.0, 1e9, "above 0 and at most 1e9", low_open=True),
}


def in_domain(kind: str, x: float, shown: Any = None, *, what: str | None = None) -> float:
    """``x`` when it lies in ``DOMAINS[kind]``; a ``ValueError`` naming the range otherwise.

    Parameters
    ----------
    kind : str
        A key of :data:`DOMAINS` (``"share"``, ``"year"``, ...).
    x : float
        The value, in the domain's unit (a fraction for shares and rates).
    shown : Any, optional
        The value as the planner wrote it (e.g. ``"120 %"``), for the message.
    what : str, optional
        What the value is, for the message; by default the kind.

    Returns
    -------
    float
        ``x`` unchanged.

    Examples
    --------
    >>> in_domain("share", 0.6)
    0.6
    >>> in_domain("share", 1.2, "'120 %'")
    Traceback (most recent call last):
    ...
    ValueError: expected share between 0 % and 100 %, got '120 %'
    """
    d = DOMAINS[kind]
    if not d.contains(x):
        got = shown if shown is not None else repr(x)
        raise ValueError(f"expected {what or kind.replace('_', ' ')} {d.text}, got {got}")
    return x


def number(v: Any) -> Any:
    """A strict number: ``true``/``false`` are not 1 and 0.

    Parameters
    ----------
    v : Any
        The value as read from the plan.

    Returns
    -------
    Any
        ``v`` unchanged (pydantic checks its type afterwards).

    Examples
    --------
    >>> number(2.5)
    2.5
    >>> number(True)
    Traceback (most recent call last):
    ...
    ValueError: expected a number, got True (true and false are not numbers)
    """
    if isinstance(v, bool):
        raise ValueError(f"expected a number, got {v!r} (true and false are not numbers)")
    return v


def whole_number(v: Any) -> Any:
    """A strict whole number (booleans refused; 12.0 is 12).

    Parameters
    ----------
    v : Any
        The value as read from the plan.

    Returns
    -------
    Any
        An int for a whole float, else ``v`` unchanged.

    Examples
    --------
    >>> whole_number(12.0)
    12
    >>> whole_number(12.5)
    Traceback (most recent call last):
    ...
    ValueError: expected a whole number, got 12.5
    """
    v = number(v)
    if isinstance(v, float):
        if not v.is_integer():
            raise ValueError(f"expected a whole number, got {v!r}")
        return int(v)
    return v
