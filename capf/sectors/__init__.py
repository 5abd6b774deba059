"""The sector catalogue: which sources exist, their units, default factors and citations.

Sector knowledge lives here as data (one module per sector); SPEC validates plans
against it and COMPILE reads its factors. The engine never imports it.

Examples
--------
>>> from capf import sectors
>>> sectors.get_source("buildings.individual_heating.heat_pump").carrier
'electricity'
>>> "energy.other" in sectors.SOURCES
True
"""

from __future__ import annotations

from typing import Mapping

from ..units import GASES
from . import buildings, energy, lowland_soils, other_sectors
from .base import Carrier, Citation, Factor, Source

__all__ = [
    "SECTORS",
    "SOURCES",
    "CARRIERS",
    "Source",
    "Carrier",
    "Factor",
    "Citation",
    "get_source",
    "get_carrier",
    "sources_in",
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


_MODULES = (energy, buildings, lowland_soils, other_sectors)

#: Every source of the catalogue by id, in catalogue order.
SOURCES: Mapping[str, Source] = _index(
    sorted((s for m in _MODULES for s in m.SOURCES), key=lambda s: (SECTORS.index(s.sector), s.id)),
    "source",
)
#: Every energy carrier by id.
CARRIERS: Mapping[str, Carrier] = _index(energy.CARRIERS, "carrier")


def _check_catalogue() -> None:
    for s in SOURCES.values():
        assert s.sector in SECTORS, s.id
        assert s.carrier is None or s.carrier in CARRIERS, s.id
        assert s.carrier is None or s.efficiency, s.id
        for f in s.factors:
            assert f.gas in GASES, s.id
    for sector in SECTORS:
        if sector != "removals":
            assert f"{sector}.other" in SOURCES, sector


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
