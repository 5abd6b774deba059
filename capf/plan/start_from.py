"""``[plan] start_from = "denmark"``: a plan file's tables merged over the bundled Danish plan.

The bundled tables (:func:`capf.data.denmark.denmark_dict`, plain dicts) of the named
municipalities come first; a table of the file with the same key replaces the bundled one.
"""

from __future__ import annotations

from typing import Any

from ..data.denmark import denmark_dict

__all__ = ["merge_start_from"]

_KEYS = {  # table -> how a line of the plan file replaces a bundled one
    "municipality": lambda x: x.get("code"),
    "inventory": lambda x: (x.get("municipality"), x.get("source")),
    "baseline": lambda x: (str(x.get("municipality", "*")), x.get("year"), x.get("scope"),
                           str(x.get("sectors")), str(x.get("gases")), x.get("backcast") is None,
                           bool(x.get("observed"))),
    "national_series": lambda x: (x.get("series"), x.get("sector")),
    "driver": lambda x: x.get("name"),
    "action": lambda x: x.get("name"),
    "scenario": lambda x: x.get("name"),
    "target": lambda x: x.get("name") or x.get("preset"),
    "budget": lambda x: x.get("name"),
    "observation": lambda x: (x.get("municipality"), x.get("year"), x.get("sector")),
}


def _key(table: str, item) -> str:
    """A hashable key of a table entry (plan files may hold anything; validation says what)."""
    try:
        return repr(_KEYS[table](item))
    except Exception:  # noqa: BLE001 - a malformed entry: its own key
        return repr(item)


def merge_start_from(data: dict) -> dict:
    """A plan-file dict with ``[plan] start_from = "denmark"`` merged with the bundled data.

    The bundled tables of the named ``municipalities`` come first; a table of the
    file with the same key (an inventory line for the same municipality and
    source, a scenario, target or action of the same name, ...) replaces the
    bundled one, other tables are added. What was taken, replaced and added is
    recorded in ``[plan] provenance`` and in the result's ``attrs["provenance"]``.
    A plan whose file names no municipality code in a line gets the plan's first
    municipality as default only if it has one municipality.

    Parameters
    ----------
    data : dict
        The plan file's tables; ``data["plan"]`` names ``municipalities`` (codes such as
        ``"540"``) and may give ``end_year`` and ``gwp``; ``base_year`` must be 2023 (the
        bundled inventory's year).

    Returns
    -------
    dict
        The merged plan, with ``[plan] provenance``; validated as any plan dict.

    Raises
    ------
    capf.errors.PlanError
        No municipalities given, an unknown code, or a base year other than 2023.

    Examples
    --------
    >>> d = merge_start_from({"plan": {"name": "Sønderborg", "start_from": "denmark",
    ...                                "municipalities": ["540"]},
    ...                       "scenario": [{"name": "mine"}]})
    >>> [s["name"] for s in d["scenario"]]
    ['bau', 'national_trend', 'pipeline', 'pipeline_prestudies', 'mine']
    >>> d["plan"]["provenance"]["added"]
    ['scenario: mine']
    """
    from ..errors import PlanError, Problem

    meta = dict(data["plan"])
    codes = meta.get("municipalities")
    if not codes or not isinstance(codes, list | tuple):
        raise PlanError([Problem("plan.municipalities", "start_from = 'denmark' needs "
                                 "municipalities = [...], e.g. ['540']", codes)])
    codes = [str(c) for c in codes]
    if meta.get("base_year", 2023) != 2023:
        raise PlanError([Problem("plan.base_year", f"the bundled Danish data have base year "
                                 f"2023; got base_year = {meta.get('base_year')!r}",
                                 meta.get("base_year"))])
    try:
        end_year = int(meta.get("end_year", 2050))
        bundled = denmark_dict(2023, end_year, str(meta.get("gwp", "AR5GWP100")), tuple(codes))
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanError([Problem("plan.municipalities", str(exc).strip('"'), codes)]) from None
    merged: dict = {}
    provenance: dict[str, Any] = {"start_from": "denmark", "municipalities": codes, "taken": {},
                  "replaced": [], "added": []}
    default_code = codes[0] if len(codes) == 1 else meta.get("municipality")
    for table in _KEYS:
        def key(x, table=table):
            return _key(table, x)

        own = data.get(table, [])
        if not isinstance(own, list | tuple):
            merged[table] = own  # let validation report the wrong type
            continue
        if table in ("inventory", "observation"):
            own = [dict(x, municipality=x.get("municipality", default_code))
                   if isinstance(x, dict) else x for x in own]
        own_keys = {key(x) for x in own if isinstance(x, dict)}
        base = [x for x in bundled.get(table, []) if key(x) not in own_keys]
        replaced = [x for x in bundled.get(table, []) if key(x) in own_keys]
        provenance["taken"][table] = len(base)
        provenance["replaced"] += [f"{table}: {_label(key(x))}" for x in replaced]
        provenance["added"] += [f"{table}: {_label(key(x))}" for x in own
                                if isinstance(x, dict) and key(x) not in
                                {key(b) for b in replaced}]
        merged[table] = base + list(own)
    for k, v in data.items():
        if k not in _KEYS and k != "plan":
            merged[k] = v
    meta["provenance"] = provenance
    merged["plan"] = meta
    return merged


def _label(key: str) -> str:
    import ast

    try:
        value = ast.literal_eval(key)
    except (ValueError, SyntaxError):
        return key
    if isinstance(value, tuple):
        return " ".join(str(k) for k in value if k not in (None, "None", True, False))
    return str(value)
