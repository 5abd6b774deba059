"""Reading plan files (TOML) and turning validation errors into capf problems."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PlanError, Problem
from .problems import problems_from_validation_error

if TYPE_CHECKING:
    from .models import Plan

__all__ = ["load_plan", "read_plan_dict", "problems_from_validation_error", "MAX_PLAN_BYTES",
           "MAX_DEPTH"]

#: Plan files larger than this are refused (a plan is data a person writes).
MAX_PLAN_BYTES = 20 * 1024 * 1024


#: Deepest nesting of tables and arrays read from a plan file (the keys README lists need 4).
MAX_DEPTH = 12


def _depth_problem(data: Any) -> Problem | None:
    """A problem when ``data`` nests deeper than :data:`MAX_DEPTH` (iterative, no recursion)."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        obj, depth, loc = stack.pop()
        if depth > MAX_DEPTH:
            return Problem(loc, f"tables and arrays nested more than {MAX_DEPTH} deep; a plan "
                           "file's keys are listed in README.md")
        if isinstance(obj, dict):
            stack.extend((v, depth + 1, f"{loc}.{k}" if loc else str(k)) for k, v in obj.items())
        elif isinstance(obj, list):
            stack.extend((v, depth + 1, f"{loc}[{i}]") for i, v in enumerate(obj, 1))
    return None


def read_plan_dict(path: str | os.PathLike) -> dict[str, Any]:
    """Read a TOML plan file into a dict, with capf errors for unreadable files.

    Only regular files are read (a FIFO or a device such as ``/dev/zero`` is refused
    before it is opened), at most :data:`MAX_PLAN_BYTES`; a UTF-8 byte-order mark is
    accepted; nesting deeper than :data:`MAX_DEPTH` is an error.

    Parameters
    ----------
    path : str or os.PathLike
        The TOML plan file.

    Returns
    -------
    dict
        The file's tables, as ``tomllib`` reads them (nothing validated yet).

    Raises
    ------
    capf.errors.PlanError
        The file cannot be read, is not a regular file, is too large, is not UTF-8 or not
        TOML; the error names the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.toml"
    >>> _ = path.write_text('[plan]\\nname = "Køge"\\nbase_year = 2023\\n', encoding="utf-8")
    >>> read_plan_dict(path)
    {'plan': {'name': 'Køge', 'base_year': 2023}}
    >>> read_plan_dict(path.parent)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    capf.errors.PlanError: 1 problem in plan ...: expected a plan file, got a directory
    """
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise PlanError([Problem("", f"cannot read the file: "
                                 f"{getattr(exc, 'strerror', None) or exc}")], name) from None
    if stat.S_ISDIR(st.st_mode):
        raise PlanError([Problem("", "expected a plan file, got a directory")], name)
    if not stat.S_ISREG(st.st_mode):
        raise PlanError([Problem("", "expected a regular plan file, got a pipe, socket or "
                                 "device; save the plan as a .toml file")], name)
    if st.st_size > MAX_PLAN_BYTES:
        raise PlanError([Problem("", f"the file has {st.st_size} bytes; plan files are limited "
                                 f"to {MAX_PLAN_BYTES} bytes")], name)
    try:
        # O_NONBLOCK: should the file have been replaced by a FIFO since stat, open does not wait
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise PlanError([Problem("", "expected a regular plan file")], name)
            raw = fh.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        raise PlanError([Problem("", f"cannot read the file: {exc.strerror or exc}")],
                        name) from None
    if len(raw) > MAX_PLAN_BYTES:
        raise PlanError([Problem("", f"the file has more than {MAX_PLAN_BYTES} bytes; plan "
                                 "files are limited to that")], name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanError([Problem("", f"the file is not UTF-8 text (byte {exc.start}: "
                                 f"{raw[exc.start:exc.start + 1]!r}); save it as UTF-8")],
                        name) from None
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write
    if not text.strip():
        raise PlanError([Problem("", "the file is empty; a plan needs at least a [plan] table")],
                        name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError([Problem("", f"not valid TOML: {exc}")], name) from None
    except RecursionError:
        raise PlanError([Problem("", f"not a plan: tables or arrays nested too deep (a plan "
                                 f"nests at most {MAX_DEPTH} deep)")], name) from None
    problem = _depth_problem(data)
    if problem is not None:
        raise PlanError([problem], name)
    meta = data.get("plan")
    if isinstance(meta, dict) and "provenance" in meta:
        raise PlanError([Problem("plan.provenance", "'provenance' is written by capf (what "
                                 "start_from took, replaced and added); remove it from the "
                                 "plan file", None)], name)
    return data


def load_plan(path: str | os.PathLike) -> Plan:
    """Read and validate a plan file.

    Parameters
    ----------
    path : str or path-like
        A TOML plan file (see README.md for every key).

    Returns
    -------
    capf.Plan

    Raises
    ------
    capf.errors.PlanError
        With one problem per offending field, each naming the file, the field
        path (``inventory[2].activity``, tables numbered from 1), the value and
        what was expected.

    Examples
    --------
    >>> import capf
    >>> plan = capf.load_plan("scenarios/examples/rewetting_and_heat_pumps.toml")  # doctest: +SKIP
    """
    from .models import Plan

    data = read_plan_dict(path)
    try:
        return Plan.model_validate(data)
    except PlanError as exc:
        raise PlanError(exc.problems, str(path)) from None
