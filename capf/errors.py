"""Exceptions raised by capf.

Every error a user can cause with bad input is a :class:`CapfError` (a
``ValueError``). Plan files are checked as a whole: :class:`PlanError` carries
one :class:`Problem` per offending field, each naming the file, the field path,
the value and what was expected, so that all problems are reported together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

__all__ = ["CapfError", "PlanError", "Problem", "AssessmentError", "OutputError", "CapfWarning"]


class CapfError(ValueError):
    """Base class of every capf input error."""


@dataclass(frozen=True)
class Problem:
    """One problem in a plan.

    Parameters
    ----------
    loc : str
        Field path in the plan, e.g. ``"inventory[1].activity"``.
    message : str
        What is wrong and what was expected.
    value : Any, optional
        The offending value, as given.
    file : str, optional
        The plan file the value came from.
    """

    loc: str
    message: str
    value: Any = None
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        loc = self.loc or "(plan)"
        return f"{where}{loc}: {self.message}"


class PlanError(CapfError):
    """A plan (file or Python objects) is invalid; ``problems`` lists every problem."""

    def __init__(self, problems: Iterable[Problem], file: str | None = None):
        probs = [p if (p.file or not file) else Problem(p.loc, p.message, p.value, file)
                 for p in problems]
        self.problems: list[Problem] = probs
        self.file = file
        n = len(probs)
        head = f"{n} problem{'s' if n != 1 else ''} in {'plan ' + file if file else 'plan'}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in probs))


class AssessmentError(CapfError):
    """A target cannot be evaluated (e.g. no reference level can be found)."""


class CapfWarning(UserWarning):
    """A result was computed, but with a caveat the planner must see (e.g. a least-cost
    portfolio that cannot meet every target); the CLI prints it as ``warning: ...``."""


class OutputError(CapfError):
    """Results cannot be written where asked."""
