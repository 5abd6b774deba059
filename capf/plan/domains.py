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
    """A closed or half-open interval and how to say it to a planner."""

    low: float
    high: float
    text: str
    low_open: bool = False
    high_open: bool = False

    def contains(self, x: float) -> bool:
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
    """``x`` when it lies in ``DOMAINS[kind]``; a ``ValueError`` naming the range otherwise."""
    d = DOMAINS[kind]
    if not d.contains(x):
        got = shown if shown is not None else repr(x)
        raise ValueError(f"expected {what or kind.replace('_', ' ')} {d.text}, got {got}")
    return x


def number(v: Any) -> Any:
    """A strict number: ``true``/``false`` are not 1 and 0."""
    if isinstance(v, bool):
        raise ValueError(f"expected a number, got {v!r} (true and false are not numbers)")
    return v


def whole_number(v: Any) -> Any:
    """A strict whole number (booleans refused; 12.0 is 12)."""
    v = number(v)
    if isinstance(v, float):
        if not v.is_integer():
            raise ValueError(f"expected a whole number, got {v!r}")
        return int(v)
    return v
