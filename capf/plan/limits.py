"""Limits on what a plan may hold, checked on the raw input before anything is built.

A plan is data a person writes: these bounds are far above any real plan (Denmark has
98 municipalities; a DK2020 plan has tens of actions) and keep a careless or hostile
file from allocating gigabytes or running for hours before its first error.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..errors import Problem

__all__ = ["MAX_ITEMS", "check_raw_plan", "control_character"]

#: Most tables of each kind in one plan.
MAX_ITEMS: dict[str, int] = {
    "municipality": 200_000,
    "inventory": 2_000_000,
    "baseline": 200_000,
    "national_series": 1_000,
    "driver": 2_000,
    "action": 2_000,
    "scenario": 200,
    "target": 1_000,
    "budget": 1_000,
    "observation": 200_000,
}
#: Longest list inside a table (scenario actions, municipality lists, sectors, ...).
MAX_LIST = 200_000

_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# the C0 controls but tab and newlines, DEL and the C1 controls (first found: the leftmost)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str) -> str | None:
    """The first control character of ``text`` (tab and newlines excepted), named.

    Parameters
    ----------
    text : str
        A name, code, key or note of a plan.

    Returns
    -------
    str or None
        The code point and its name, e.g. ``"U+001B (ESC)"``, or None if there is none.

    Examples
    --------
    >>> control_character("Aarhus\\x1b[2J"), control_character("two\\nlines")
    ('U+001B (ESC)', None)
    """
    m = _CONTROL.search(text)
    if m is None:
        return None
    ch = m.group(0)
    name = {"\x00": "NUL", "\x1b": "ESC"}.get(ch) or unicodedata.name(ch, "control")
    return f"U+{ord(ch):04X} ({name})"


def check_raw_plan(data: Any) -> list[Problem]:
    """Problems of size and of text in a plan's raw dict (before validation).

    Parameters
    ----------
    data : Any
        The plan as read from its file (a dict of tables); anything else has no problems
        here (validation reports it).

    Returns
    -------
    list of Problem
        Tables over :data:`MAX_ITEMS`, lists over :data:`MAX_LIST` and control characters in
        text (at most about 20); empty when there are none.

    Examples
    --------
    >>> check_raw_plan({"plan": {"name": "Køge"}})
    []
    >>> [p.loc for p in check_raw_plan({"plan": {"name": "K\\x00ge"}})]
    ['plan.name']
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return problems
    for table, limit in MAX_ITEMS.items():
        items = data.get(table)
        if isinstance(items, (list, tuple)) and len(items) > limit:
            problems.append(Problem(table, f"{len(items)} [[{table}]] tables; a plan may have at "
                                    f"most {limit:,}", len(items)))
    if problems or _plain(data):
        return problems
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack and len(problems) < 20:
        obj, loc = stack.pop()
        if isinstance(obj, dict):
            for k, v in reversed(obj.items()):
                where = f"{loc}.{k}" if loc else str(k)
                bad = control_character(k) if isinstance(k, str) else None
                if bad:
                    problems.append(Problem(where, f"control character {bad} in a key; remove it",
                                            k))
                stack.append((v, where))
        elif isinstance(obj, (list, tuple)):
            if len(obj) > MAX_LIST and loc not in MAX_ITEMS:
                problems.append(Problem(loc, f"a list of {len(obj)} items; at most {MAX_LIST:,}",
                                        len(obj)))
                continue
            stack.extend((v, f"{loc}[{i}]") for i, v in reversed(list(enumerate(obj, 1))))
        elif isinstance(obj, str):
            bad = control_character(obj)
            if bad:
                problems.append(Problem(loc, f"control character {bad} in the text; remove it "
                                        "(names, codes and notes are plain text)", obj))
    return problems


def _plain(data: Any) -> bool:
    """True when no list of ``data`` is longer than :data:`MAX_LIST` and no key or text holds a
    control character: one pass without field paths (a plan is mostly that), one search over
    the texts joined by newlines (allowed); :func:`check_raw_plan` walks again, naming each
    problem's field, only when something is found."""
    texts: list[str] = []
    add = texts.append
    stack: list[Any] = [data]
    push, pop = stack.append, stack.pop
    while stack:
        obj = pop()
        if isinstance(obj, dict):
            for k, v in obj.items():
                if isinstance(k, str):
                    add(k)
                if isinstance(v, str):
                    add(v)
                elif isinstance(v, (dict, list, tuple)):
                    push(v)
        else:  # a list or tuple
            if len(obj) > MAX_LIST:
                return False
            for v in obj:
                if isinstance(v, str):
                    add(v)
                elif isinstance(v, (dict, list, tuple)):
                    push(v)
    return _CONTROL.search("\n".join(texts)) is None
