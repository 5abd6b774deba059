"""Reading plan files (TOML) and turning validation errors into capf problems."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..errors import PlanError, Problem

if TYPE_CHECKING:
    from .models import Plan

__all__ = ["load_plan", "read_plan_dict", "problems_from_validation_error", "MAX_PLAN_BYTES"]

#: Plan files larger than this are refused (a plan is data a person writes).
MAX_PLAN_BYTES = 20 * 1024 * 1024


def read_plan_dict(path: str | os.PathLike) -> dict[str, Any]:
    """Read a TOML plan file into a dict, with capf errors for unreadable files."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise PlanError([Problem("", f"cannot read the file: {exc.strerror or exc}")], name) from None
    if p.is_dir():
        raise PlanError([Problem("", "expected a plan file, got a directory")], name)
    if size > MAX_PLAN_BYTES:
        raise PlanError([Problem("", f"the file has {size} bytes; plan files are limited to "
                                 f"{MAX_PLAN_BYTES} bytes")], name)
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanError([Problem("", f"the file is not UTF-8 text (byte {exc.start}: "
                                 f"{raw[exc.start:exc.start + 1]!r}); save it as UTF-8")],
                        name) from None
    if not text.strip():
        raise PlanError([Problem("", "the file is empty; a plan needs at least a [plan] table")],
                        name)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError([Problem("", f"not valid TOML: {exc}")], name) from None


def _loc_str(loc: tuple, data: Any) -> str:
    """Pydantic loc -> 'inventory[2].activity' (list items numbered from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            part = "from" if part == "from_" else part
            out += ("." if out else "") + str(part)
    return out


def _input_at(data: Any, loc: tuple) -> Any:
    cur = data
    for part in loc:
        try:
            if isinstance(cur, dict):
                cur = cur["from" if part == "from_" and "from" in cur else part]
            elif isinstance(cur, list) and isinstance(part, int):
                cur = cur[part]
            else:
                return None
        except (KeyError, IndexError, TypeError):
            return None
    return cur


_MESSAGES = {
    "extra_forbidden": "unknown key (check the spelling; see the plan-file keys in README.md)",
    "missing": "missing required key",
}


def _close_keys(loc: tuple) -> list[str]:
    """Keys of the table at ``loc[:-1]`` spelled like the unknown key ``loc[-1]``."""
    import difflib

    from .models import Plan

    if not loc or not isinstance(loc[-1], str):
        return []
    model: Any = Plan
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        ann = field.annotation
        inner = [a for a in getattr(ann, "__args__", ()) if hasattr(a, "model_fields")]
        model = ann if hasattr(ann, "model_fields") else (inner[0] if inner else None)
        if model is None:
            return []
    keys = [f.alias or name for name, f in model.model_fields.items()]
    return difflib.get_close_matches(loc[-1], keys, n=2, cutoff=0.6)


def problems_from_validation_error(exc: ValidationError, data: Any = None) -> list[Problem]:
    """One :class:`Problem` per pydantic error; capf's own grouped problems are expanded."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p and "]" in p
                                                   and p.startswith(("function", "tagged"))))
        # drop pydantic's union-branch labels such as 'str', 'dict[str,...]'
        loc = tuple(p for p in loc if not (isinstance(p, str) and (
            p.startswith(("dict[", "list[", "function-", "is-instance[", "lax-", "json-"))
            or p in ("str", "int", "float", "bool", "Quantity"))))
        ctx_err = (err.get("ctx") or {}).get("error")
        base = _loc_str(loc, data)
        if isinstance(ctx_err, PlanError):
            for p in ctx_err.problems:
                sub = p.loc
                full = base + ("" if not sub else (sub if sub.startswith("[") else
                                                   ("." if base else "") + sub))
                problems.append(Problem(full, p.message, p.value))
            continue
        msg = err["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
        msg = _MESSAGES.get(err["type"], msg)
        value = err.get("input")
        if err["type"] == "extra_forbidden":
            value = loc[-1] if loc else None
            close = _close_keys(loc)
            if close:
                msg = f"{msg}; did you mean {' or '.join(repr(k) for k in close)}?"
        elif err["type"] not in ("missing",):
            shown = value if not isinstance(value, (dict, list)) else None
            if shown is not None and repr(shown) not in msg:
                msg = f"{msg}, got {shown!r}"
        problems.append(Problem(base, msg, value))
    # the same problem can arrive through several union branches; keep one
    seen, unique = set(), []
    for p in problems:
        key = (p.loc, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


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
