"""The sector catalogue: which sources exist, their units, default factors and citations.

Sector knowledge lives here as data (one module per sector); SPEC validates plans
against it and COMPILE reads its factors. The engine never imports it.

Each source has its IPCC category (``ipcc``: the code of the UNFCCC reporting
tables that implement the 2006 IPCC Guidelines) and its DK2020 sector
(``dk2020_sector``, one of :data:`DK2020_SECTORS`). The DK2020 view follows the
Energi- og CO2-regnskab: buildings' heating and industrial energy use are
"energy"; lowland soils and afforestation (and removals known only as totals)
are "land use"; biogenic CCS is "energy" (captured at energy plants; 1.C).
A source without a sourced default factor has ``factors == ()`` and no carrier;
a plan must then give ``factor`` on its inventory line.

Examples
--------
>>> from capf import sectors
>>> sectors.get_source("buildings.individual_heating.heat_pump").carrier
'electricity'
>>> "energy.other" in sectors.SOURCES
True
>>> sectors.get_source("agriculture.enteric_fermentation.dairy_cattle").has_default_factor
False
>>> sectors.catalogue_table().set_index(["source", "gas"]).loc[
...     ("lowland_soils.rewetted_organic_soils", "CH4"), "default_factor"]
'6.8 t/ha/yr (as CO2e, AR4GWP100)'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from ..units import GASES
from . import (agriculture, buildings, energy, industry, lowland_soils, removals, transport,
               waste)
from .base import (DK2020_SECTORS, TEMPLATE_ACTION_KEYS, Carrier, Citation,
                   Factor, Source)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "SECTORS",
    "SOURCES",
    "CARRIERS",
    "ACTION_TEMPLATES",
    "DK2020_SECTORS",
    "Source",
    "Carrier",
    "Factor",
    "Citation",
    "get_source",
    "get_carrier",
    "sources_in",
    "catalogue_table",
]

#: Sector names, as in DESIGN.md.
SECTORS: tuple[str, ...] = (
    "energy",
    "buildings",
    "transport",
    "agriculture",
    "lowland_soils",
    "industry",
    "waste",
    "removals",
)


def _index(items, kind: str) -> dict:
    out: dict = {}
    for item in items:
        if item.id in out:
            raise RuntimeError(f"duplicate {kind} id in the catalogue: {item.id}")
        out[item.id] = item
    return out


_MODULES = (energy, buildings, transport, agriculture, lowland_soils, industry, waste, removals)

#: Every source of the catalogue by id, in catalogue order.
SOURCES: Mapping[str, Source] = _index(
    sorted((s for m in _MODULES for s in m.SOURCES), key=lambda s: (SECTORS.index(s.sector), s.id)),
    "source",
)
#: Every energy carrier by id.
CARRIERS: Mapping[str, Carrier] = _index(energy.CARRIERS, "carrier")
#: Action templates of every sector, in sector order: dicts with the keys of an
#: ``[[action]]`` (``kind``, ``source``/``from``/``to``/``carrier``, ``curve``)
#: plus ``name``, ``description``, ``planner_gives`` (the keys a planner must
#: still give), ``notes`` and, only where a typical value is sourced, ``citation``.
ACTION_TEMPLATES: tuple[dict[str, Any], ...] = tuple(
    t for m in sorted(_MODULES, key=lambda m: SECTORS.index(m.__name__.rsplit(".", 1)[1]))
    for t in m.ACTION_TEMPLATES
)


def _check_catalogue() -> None:
    for s in SOURCES.values():
        assert s.sector in SECTORS, s.id
        assert s.ipcc, f"{s.id}: no IPCC category"
        assert s.dk2020_sector in DK2020_SECTORS, f"{s.id}: DK2020 sector {s.dk2020_sector!r}"
        assert s.carrier is None or s.carrier in CARRIERS, s.id
        assert s.carrier is None or s.efficiency, s.id
        assert s.carrier is None or not s.factors, s.id
        for f in s.factors:
            assert f.gas in GASES, s.id
        for g in s.gases:
            assert g in GASES, s.id
    for sector in SECTORS:
        if sector != "removals":
            assert f"{sector}.other" in SOURCES, sector
    names: set[str] = set()
    for t in ACTION_TEMPLATES:
        assert t["name"] not in names, t["name"]
        names.add(t["name"])
        for key in ("source", "from", "to"):
            assert key not in t or t[key] in SOURCES, (t["name"], t.get(key))
        assert "carrier" not in t or t["carrier"] in CARRIERS, t["name"]
        assert set(t) <= set(TEMPLATE_ACTION_KEYS) | {
            "name", "description", "planner_gives", "notes", "citation"}, t["name"]


_check_catalogue()


def get_source(source_id: str) -> Source:
    """The catalogue entry of a source id; ``KeyError`` naming close matches if unknown."""
    try:
        return SOURCES[source_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(source_id, list(SOURCES), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"unknown source {source_id!r}{hint}") from None


def get_carrier(carrier_id: str) -> Carrier:
    """The catalogue entry of an energy carrier."""
    try:
        return CARRIERS[carrier_id]
    except KeyError:
        raise KeyError(
            f"unknown carrier {carrier_id!r}; expected one of {', '.join(CARRIERS)}"
        ) from None


def sources_in(selector: str) -> list[str]:
    """Source ids matching a selector: an id, a sector (``"energy"``) or a prefix (``"energy.*"``)."""
    if selector in SOURCES:
        return [selector]
    prefix = selector[:-2] if selector.endswith(".*") else selector
    found = [s for s in SOURCES if s == prefix or s.startswith(prefix + ".")]
    if not found:
        raise KeyError(f"no source matches {selector!r}")
    return found


def _number(value: float) -> str:
    return f"{value:.6g}"


def _factor_text(f: Factor) -> tuple[str, str]:
    """(value with unit, years) of a catalogue factor, for :func:`catalogue_table`."""
    basis = f" (as CO2e, {f.gwp_basis})" if f.gwp_basis else ""
    if isinstance(f.value, Mapping):
        years = sorted(f.value)
        text = ", ".join(f"{y}: {_number(f.value[y])}" for y in years)
        return f"{text} {f.unit}{basis}", f"{years[0]}-{years[-1]}"
    return f"{_number(f.value)} {f.unit}{basis}", ""


def catalogue_table() -> "pd.DataFrame":
    """The catalogue as a table: one row per source and gas.

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``sector``, ``subsector``, ``name``,
        ``activity_unit`` ("" for emission-level sources), ``gas`` ("" for a
        source given as emissions only), ``default_factor`` (e.g. ``"21.08
        t/ha/yr"``, ``"carrier electricity / 3.4"``, or ``""`` when there is no
        sourced default and the plan must give ``factor``), ``years`` (the span
        of a trajectory, e.g. ``"2023-2040"``, linear between the listed years
        and held outside; ``""`` for constants), ``citation``, ``ipcc``,
        ``dk2020_sector`` and ``notes`` (joined with "; "). A source has a row
        for each gas of its default factors (or its carrier's) and of its
        ``gases``; every source has at least one row.

    Examples
    --------
    >>> t = catalogue_table()
    >>> set(t["source"]) == set(SOURCES)
    True
    >>> row = t[t["source"] == "buildings.individual_heating.heat_pump"].iloc[0]
    >>> row["default_factor"], row["years"]
    ('carrier electricity / 3.4', '2023-2040')
    """
    import pandas as pd

    rows: list[dict[str, str]] = []
    for s in SOURCES.values():
        base = {
            "source": s.id, "sector": s.sector, "subsector": s.subsector, "name": s.name,
            "activity_unit": s.activity_unit or "",
        }
        tail = {"ipcc": s.ipcc, "dk2020_sector": s.dk2020_sector, "notes": "; ".join(s.notes)}
        by_gas: dict[str, tuple[str, str, str]] = {}
        if s.carrier is not None:
            c = CARRIERS[s.carrier]
            for f in c.factors:
                _, years = _factor_text(f)
                by_gas[f.gas] = (f"carrier {c.id} / {s.efficiency:g}", years,
                                 f"{f.citation}; efficiency: {s.efficiency_citation}")
        for f in s.factors:
            text, years = _factor_text(f)
            by_gas[f.gas] = (text, years, str(f.citation))
        for g in s.gases:
            by_gas.setdefault(g, ("", "", ""))
        if not by_gas:
            by_gas[""] = ("", "", "")
        for gas, (text, years, citation) in by_gas.items():
            rows.append({**base, "gas": gas, "default_factor": text, "years": years,
                         "citation": citation, **tail})
    return pd.DataFrame(rows, columns=[
        "source", "sector", "subsector", "name", "activity_unit", "gas", "default_factor",
        "years", "citation", "ipcc", "dk2020_sector", "notes"])
