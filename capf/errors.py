"""Exceptions raised by capf.

Every error a user can cause with bad input is a :class:`CapfError` (a
``ValueError``). Plan files are checked as a whole: :class:`PlanError` carries
one :class:`Problem` per offending field, each naming the file, the field path,
the value and what was expected, so that all problems are reported together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["CapfError", "PlanError", "Problem", "AssessmentError", "OutputError", "CapfWarning"]


class CapfError(ValueError):
    """Base class of every capf input error.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    field : str, optional
        The field path in the plan the error comes from (``"plan.discount_rate"``,
        ``"baseline[1].backcast"``), or the option (``"--samples"``).
    file : str, optional
        The plan file; the CLI fills it in for the file it was running.

    Examples
    --------
    >>> err = CapfError("expected a rate such as '3.5 %', got '3.5'", field="plan.discount_rate")
    >>> isinstance(err, ValueError), err.field
    (True, 'plan.discount_rate')
    >>> print(err.problems[0])
    plan.discount_rate: expected a rate such as '3.5 %', got '3.5'
    """

    def __init__(self, message: str = "", *, field: str | None = None,
                 file: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.file = file

    @property
    def problems(self) -> list[Problem]:
        """The error as problems (one here; several for a :class:`PlanError`)."""
        return [Problem(self.field or "", self.message, None, self.file)]

    def in_file(self, file: str) -> CapfError:
        """This error with ``file`` filled in where it names none (for the CLI).

        Parameters
        ----------
        file : str
            The plan file the error comes from.

        Returns
        -------
        CapfError
            This error (changed in place).

        Examples
        --------
        >>> CapfError("bad", field="x").in_file("plan.toml").file
        'plan.toml'
        """
        if self.file is None:
            self.file = file
        return self


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

    Examples
    --------
    >>> print(Problem("inventory[1].activity", "expected an energy per year", "120 ha",
    ...               "plan.toml"))
    plan.toml: inventory[1].activity: expected an energy per year
    """

    loc: str
    message: str
    value: Any = None
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        loc = self.loc or "(plan)"
        return _one_line(f"{where}{loc}: {self.message}")


def _one_line(text: str) -> str:
    """Control characters (newlines included) escaped, so each problem is one line."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]",
                  lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(
                      m.group(0), f"\\x{ord(m.group(0)):02x}"), text)


class PlanError(CapfError):
    """A plan (file or Python objects) is invalid; ``problems`` lists every problem.

    Parameters
    ----------
    problems : iterable of Problem
        Every problem found (reported together, not one per run).
    file : str, optional
        The plan file; given to each problem that names none.

    Examples
    --------
    >>> err = PlanError([Problem("plan.name", "expected a name", None),
    ...                  Problem("scenario", "a plan needs at least one [[scenario]]")],
    ...                 "plan.toml")
    >>> print(err)
    2 problems in plan plan.toml:
      - plan.toml: plan.name: expected a name
      - plan.toml: scenario: a plan needs at least one [[scenario]]
    >>> len(err.problems)
    2
    """

    def __init__(self, problems: Iterable[Problem], file: str | None = None):
        probs = [p if (p.file or not file) else Problem(p.loc, p.message, p.value, file)
                 for p in problems]
        self._problems: list[Problem] = probs
        n = len(probs)
        head = f"{n} problem{'s' if n != 1 else ''} in {'plan ' + file if file else 'plan'}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in probs),
                         field=probs[0].loc if len(probs) == 1 else None, file=file)

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the plan."""
        return self._problems

    def in_file(self, file: str) -> PlanError:
        """The same problems, each naming ``file`` where it names none.

        Parameters
        ----------
        file : str
            The plan file the problems come from.

        Returns
        -------
        PlanError
            This error if every problem names a file already, else a new one.

        Examples
        --------
        >>> err = PlanError([Problem("plan.name", "expected a name")]).in_file("a.toml")
        >>> err.problems[0].file
        'a.toml'
        """
        return self if all(p.file for p in self._problems) else PlanError(self._problems, file)


class AssessmentError(CapfError):
    """A target cannot be evaluated (e.g. no reference level can be found).

    Takes the parameters of :class:`CapfError`.

    Examples
    --------
    >>> err = AssessmentError("no reference level for 1990", field="target[1].relative_to")
    >>> isinstance(err, CapfError), err.field
    (True, 'target[1].relative_to')
    """


class CapfWarning(UserWarning):
    """A result was computed, but with a caveat the planner must see (e.g. a least-cost
    portfolio that cannot meet every target); the CLI prints it as ``warning: ...``.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("no portfolio meets every target", CapfWarning)
    >>> caught[0].category.__name__
    'CapfWarning'
    """


class OutputError(CapfError):
    """Results cannot be written where asked.

    Takes the parameters of :class:`CapfError`.

    Examples
    --------
    >>> raise OutputError("out/ exists; give --force to replace it", field="--out")
    Traceback (most recent call last):
    ...
    capf.errors.OutputError: out/ exists; give --force to replace it
    """
