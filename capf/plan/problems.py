"""Pydantic's validation errors as capf :class:`~capf.errors.Problem` rows.

Each row names the field path as a planner reads it (``inventory[2].activity``, items
numbered from 1), the value and what was expected, with "did you mean" on unknown keys.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import PlanError, Problem

__all__ = ["problems_from_validation_error"]


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


def _close_keys(loc: tuple, root: Any) -> list[str]:
    """Keys of the table at ``loc[:-1]`` of model ``root`` spelled like the unknown key."""
    import difflib

    if root is None or not loc or not isinstance(loc[-1], str):
        return []
    model: Any = root
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


def problems_from_validation_error(exc: ValidationError, data: Any = None,
                                   model: Any = None) -> list[Problem]:
    """One :class:`Problem` per pydantic error; capf's own grouped problems are expanded.

    Parameters
    ----------
    exc : pydantic.ValidationError
        The error of validating ``data``.
    data : object, optional
        The input that was validated (to show the offending values).
    model : pydantic model class, optional
        The model validated (e.g. :class:`capf.Plan`), for "did you mean" on unknown keys
        (none without it).

    Returns
    -------
    list of capf.errors.Problem
        One per distinct problem, each with its field path (items numbered from 1).

    Examples
    --------
    >>> import capf
    >>> from pydantic import ValidationError
    >>> from capf.plan.inventory import PlanMeta
    >>> try:
    ...     PlanMeta.model_validate({"nmae": "x"})
    ... except ValidationError as exc:
    ...     problems = problems_from_validation_error(exc, model=PlanMeta)
    >>> [p.loc for p in problems]
    ['name', 'base_year', 'nmae']
    >>> problems[-1].message.endswith("did you mean 'name'?")
    True
    """
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
            close = _close_keys(loc, model)
            if close:
                msg = f"{msg}; did you mean {' or '.join(repr(k) for k in close)}?"
        elif err["type"] not in ("missing",):
            shown = value if not isinstance(value, (dict, list)) else None
            if shown is not None and repr(shown) not in msg and str(shown) not in msg:
                text = repr(shown)
                msg = f"{msg}, got {text if len(text) <= 80 else text[:60] + '...'}"
        problems.append(Problem(base, msg, value))
    # the same problem can arrive through several union branches; keep one
    seen, unique = set(), []
    for p in problems:
        key = (p.loc, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique
