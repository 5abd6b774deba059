"""Helpers of the report's content: the plan's labels (:class:`Names`), plan values,
numbers and municipality names in the report's language, inventory lines.

Used by :mod:`capf.report._context`; plain functions of a plan's values and a
:class:`~capf.report.messages.Text`.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import pandas as pd
import pint

from ..plan.uncertain import Dist
from .messages import Text

_NUMBER = re.compile(r"(?<![\w.,-])(-?\d+(?:\.\d+)?)(?![\w.]*\d)")


class Names:
    """Names a planner reads: the plan's ``label`` of a scenario or action, else its name.

    Parameters
    ----------
    plan : capf.Plan
        The plan whose scenarios and actions are named.

    Examples
    --------
    >>> import capf
    >>> d = capf.testing.example_plan_dict()
    >>> d["scenario"][1]["label"] = "The plan"
    >>> names = Names(capf.Plan.model_validate(d))
    >>> names.scenario("plan"), names.scenario("bau"), names.action("heat_pumps")
    ('The plan', 'bau', 'heat_pumps')

    Actions that share a label are told apart by the municipalities they apply to:

    >>> d["municipality"].append({"code": "998", "name": "Nabo", "population": 20000})
    >>> d["baseline"].append({"municipality": "998", "year": 1990,
    ...                       "emissions": "80 kt CO2e/yr"})
    >>> d["municipality"][0]["name"] = "Eksempel"
    >>> for a, code in zip(d["action"], ("999", "998"), strict=True):
    ...     a.update(label="Tiltag", municipality=code)
    >>> names = Names(capf.Plan.model_validate(d))
    >>> names.action("rewet_lowland"), names.action("heat_pumps")
    ('Tiltag (Eksempel)', 'Tiltag (Nabo)')
    """

    def __init__(self, plan):
        self._scenario = {s.name: (s.label or s.name) for s in plan.scenario}
        self._action = {a.name: (a.label or a.name) for a in plan.action}
        # actions sharing a label (the bundled plan's lowland projects: one per municipality
        # and status) are told apart by where they apply, else by their name
        repeated = Counter(self._action.values())
        town = {m.code: m.name for m in plan.municipality}
        for a in plan.action:
            label = self._action[a.name]
            if repeated[label] > 1:
                codes = plan.select(a.municipality)
                where = (", ".join(town.get(c, c) for c in codes)
                         if 0 < len(codes) <= 2 and len(codes) < len(town) else a.name)
                self._action[a.name] = f"{label} ({where})"

    def scenario(self, name) -> str:
        """The label of scenario ``name`` (a name not in the plan is returned as it is).

        Parameters
        ----------
        name : str
            A scenario's name.

        Examples
        --------
        >>> import capf
        >>> Names(capf.testing.example_plan()).scenario("bau")
        'bau'
        """
        return self._scenario.get(str(name), str(name))

    def action(self, name) -> str:
        """The label of action ``name`` (a name not in the plan is returned as it is).

        Parameters
        ----------
        name : str
            An action's name.

        Examples
        --------
        >>> import capf
        >>> Names(capf.testing.example_plan()).action("unknown")
        'unknown'
        """
        return self._action.get(str(name), str(name))


def _numbers(text: str, t: Text) -> str:
    """Decimal numbers in a short technical text in the report's format ('21.08' -> '21,08')."""
    if t.lang == "en":
        return text
    return _NUMBER.sub(lambda m: m.group(1).replace(".", ","), text)


def _value(v, t: Text, share: bool = False) -> str:
    """A plan value as a planner would read it."""
    if v is None:
        return ""
    if isinstance(v, Dist):
        params = ", ".join(f"{k} {t.g(x * 100 if share else x, 4)}" for k, x in v.params)
        return f"{v.kind} ({params}){' %' if share else (' ' + v.unit if v.unit else '')}"
    if isinstance(v, pint.Quantity):
        return f"{t.g(v.magnitude)} {v.units:~P}".strip()
    if share and isinstance(v, (int, float)):
        return f"{t.g(float(v) * 100, 4)} %"
    if isinstance(v, float):
        return t.g(v)
    return str(v)


def _selector(sel, n_all: int, t: Text) -> str:
    if sel == "*":
        return t("all_n", n=n_all) if n_all > 1 else t("all")
    return ", ".join(sel)


def _is_true(v) -> bool:
    return not pd.isna(v) and bool(v)


def _codes_text(codes: list[str], t: Text, limit: int = 8) -> str:
    head = ", ".join(codes[:limit])
    return t("and_more", head=head, n=len(codes) - limit) if len(codes) > limit else head


def _place(ds, code) -> str:
    names = dict(zip([str(c) for c in ds["municipality"].values],
                     [str(n) for n in ds["municipality_name"].values], strict=True))
    name = names.get(str(code), str(code))
    return name if name == str(code) else f"{name} ({code})"


def report_date():
    """Today, or the date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def _line_activity(line, t: Text) -> str:
    return _value(line.activity, t) if line.activity is not None else "–"


def _line_factor(line, catalogue: pd.DataFrame, t: Text,
                 defaults: dict | None = None) -> tuple[str, str]:
    """(factor text, its source) of an inventory line; ``defaults`` (a dict kept over the
    lines of one table) caches the catalogue's default factors per source."""
    if line.activity is None:
        return "–", line.note or t("factor.emissions_only")
    if line.factor:
        text = ", ".join(f"{g} {_value(q, t)}" for g, q in line.factor.items())
        return text, t("factor.given") + (f": {line.note}" if line.note else "")
    found = None if defaults is None else defaults.get(line.source)
    if found is None:
        found = _default_factor(catalogue, line.source, t)
        if defaults is not None:
            defaults[line.source] = found
    if found == ("–", ""):
        return found
    text, cites = found
    if line.efficiency is not None:
        text += f"; {t('factor.given')}: {_value(line.efficiency, t)}"
    return text, cites


def _default_factor(catalogue: pd.DataFrame, source: str, t: Text) -> tuple[str, str]:
    """(text, citations) of the catalogue's default factors of ``source``."""
    rows = catalogue[(catalogue["source"] == source)
                     & catalogue["default_factor"].astype(bool)]
    if rows.empty:
        return "–", ""
    text = "; ".join(f"{r.gas} {_factor_in_words(str(r.default_factor), r.activity_unit, t)}"
                     + (f" ({r.years})" if r.years else "") for r in rows.itertuples())
    cites = "; ".join(dict.fromkeys(str(c) for c in rows["citation"] if c))
    return text, cites


_CARRIER_FACTOR = re.compile(r"carrier (\S+) / (\S+)")


def _factor_in_words(text: str, activity_unit: str, t: Text) -> str:
    """A catalogue default factor as a planner reads it. A carrier's factor divided by an
    efficiency (``"carrier electricity / 4761.9"``) names the carrier and gives the
    efficiency where the activity is energy (a heat pump's COP, a boiler's 0.9), and
    otherwise the energy used per unit of activity (0.21 kWh/vkm for an electric car);
    an efficiency of 1 is left out. Other factors are shown as the catalogue gives them.

    Examples
    --------
    >>> en, da = Text("en"), Text("da")
    >>> _factor_in_words("carrier electricity / 4761.9", "vkm/yr", en)
    'carrier electricity, 0.21 kWh/vkm'
    >>> _factor_in_words("carrier electricity / 3.4", "MWh/yr", da)
    'energibærer electricity, virkningsgrad 3,4'
    >>> _factor_in_words("carrier district_heat / 1", "MWh/yr", en)
    'carrier district_heat'
    >>> _factor_in_words("21.08 t/ha/yr", "ha", da)
    '21,08 t/ha/yr'
    """
    m = _CARRIER_FACTOR.fullmatch(text)
    if m is None:
        return _numbers(text, t)
    carrier, efficiency = t("carrier", carrier=m.group(1)), float(m.group(2))
    if efficiency == 1.0:
        return carrier
    unit = activity_unit.removesuffix("/yr")
    if unit == "MWh":
        return f"{carrier}, {t('factor.efficiency', value=t.g(efficiency, 3))}"
    per_unit = 1.0 / efficiency  # MWh of the carrier per unit of activity
    use = f"{t.g(per_unit * 1000, 3)} kWh" if per_unit < 0.1 else f"{t.g(per_unit, 3)} MWh"
    return f"{carrier}, {use}/{unit}"


def _flags(line, t: Text) -> str:
    out = []
    if line.estimate:
        out.append(t("flag.estimate"))
    if line.reported_negative:
        out.append(t("flag.reported_negative"))
    return ", ".join(out)


def _common_note(notes: list[str], t: Text) -> str:
    """One note for a group: the note if all agree, else their common beginning and a count."""
    distinct = list(dict.fromkeys(notes))
    if len(distinct) <= 1:
        return distinct[0] if distinct else ""
    prefix = os.path.commonprefix(distinct)
    cut = max(prefix.rfind(";"), prefix.rfind("("), prefix.rfind(":"))
    prefix = (prefix[:cut] if cut > 0 else prefix).rstrip(" ;:(")
    return t("assumptions.notes_differ", prefix=prefix, n=len(distinct))
