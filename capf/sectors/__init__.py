"""The sector catalogue: which sources exist, their units, default factors and citations.

Sector knowledge lives here as data (one module per sector); PLAN validates plans
against it and COMPILE reads its factors. The engine never imports it.

Each sector module defines its :class:`Sector` record (``SECTOR``: English and Danish
labels, figure colour, IAMC name, CCTF group, LULUCF or removal, scope ``energy``),
collected in :data:`SECTORS`. The figures (:data:`capf.plot.SECTOR_COLOURS`), the IAMC
variable names (:data:`capf.io.iamc.SECTOR_LABELS`), the named scopes
(:data:`capf.plan.targets.SCOPES`), the sector test
(:data:`capf.assess.sector_test.CCTF_SECTOR_MAP`) and the report's sector labels read
these records. To add a sector: write ``capf/sectors/<name>.py`` with ``SECTOR``,
``SOURCES`` (including ``<name>.other``) and ``ACTION_TEMPLATES``, and list the module
in ``_MODULES`` below; the import-time check names what is missing.

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
>>> sectors.SECTOR_RECORDS["lowland_soils"].label_da, sectors.SECTORS[:3]
('lavbundsjorder', ('energy', 'buildings', 'transport'))
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

import pkgutil
from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..units import GASES
from . import agriculture, buildings, energy, industry, lowland_soils, removals, transport, waste
from .base import (
    DK2020_SECTORS,
    TEMPLATE_ACTION_KEYS,
    Carrier,
    Citation,
    Factor,
    Sector,
    Source,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ACTION_TEMPLATES",
    "CARRIERS",
    "DK2020_SECTORS",
    "SECTORS",
    "SECTOR_RECORDS",
    "SOURCES",
    "Carrier",
    "Citation",
    "Factor",
    "Sector",
    "Source",
    "catalogue_table",
    "get_carrier",
    "get_sector",
    "get_source",
    "sources_in",
]

#: The sector modules; each defines ``SECTOR``, ``SOURCES`` and ``ACTION_TEMPLATES``.
_MODULES: tuple[ModuleType, ...] = (energy, buildings, transport, agriculture, lowland_soils,
                                    industry, waste, removals)


def _where(module) -> str:
    """The file a definition comes from, for error messages (``capf/sectors/energy.py``)."""
    return module.__name__.replace(".", "/") + ".py"


def _collect_sectors(modules) -> dict[str, Sector]:
    """The ``SECTOR`` records of ``modules`` by name, in their ``order``; raises
    ``RuntimeError`` (``TypeError`` for a record of another type) naming the module if a
    record is missing, misnamed or repeated."""
    out: dict[str, Sector] = {}
    for m in modules:
        rec = getattr(m, "SECTOR", None)
        if rec is None:
            raise RuntimeError(f"{_where(m)}: no SECTOR record (a capf.sectors.Sector)")
        if not isinstance(rec, Sector):
            raise TypeError(f"{_where(m)}: SECTOR is a {type(rec).__name__}, not a "
                            "capf.sectors.Sector")
        if rec.name != m.__name__.rsplit(".", 1)[1]:
            raise RuntimeError(f"{_where(m)}: SECTOR is named {rec.name!r}; a sector's record "
                               "has the name of its module")
        if rec.name in out or any(o.order == rec.order for o in out.values()):
            raise RuntimeError(f"{_where(m)}: sector {rec.name!r} (order {rec.order}) repeats "
                               "the name or order of another sector")
        out[rec.name] = rec
    return dict(sorted(out.items(), key=lambda kv: kv[1].order))


#: Every sector's :class:`Sector` record by name, in sector order (energy, buildings,
#: transport, agriculture, lowland_soils, industry, waste, removals).
SECTOR_RECORDS: Mapping[str, Sector] = _collect_sectors(_MODULES)
#: The sector names in sector order (a tuple, as it always was; the records are in
#: :data:`SECTOR_RECORDS` and :func:`get_sector`).
SECTORS: tuple[str, ...] = tuple(SECTOR_RECORDS)
_MODULES = tuple(sorted(_MODULES, key=lambda m: m.SECTOR.order))  # in sector order
#: Modules of this package that are not sectors.
_NOT_SECTORS = ("base", "citations")
#: The file each sector is defined in, by name (for error messages).
_SECTOR_FILES: dict[str, str] = {m.SECTOR.name: _where(m) for m in _MODULES}


def _index(items, kind: str) -> dict:
    out: dict = {}
    for where, item in items:
        if item.id in out:
            raise RuntimeError(f"{where}: duplicate {kind} id in the catalogue: {item.id}")
        out[item.id] = item
    return out


def _sector_order(source: Source) -> int:
    rec = SECTOR_RECORDS.get(source.sector)
    if rec is None:
        raise RuntimeError(f"source {source.id!r}: sector {source.sector!r} is not one of "
                           f"{', '.join(SECTORS)}")
    return rec.order


#: The file each source is defined in, by id (for error messages).
_SOURCE_FILES: dict[str, str] = {s.id: _where(m) for m in _MODULES for s in m.SOURCES}
#: Every source of the catalogue by id, in catalogue order.
SOURCES: Mapping[str, Source] = _index(
    sorted(((_where(m), s) for m in _MODULES for s in m.SOURCES),
           key=lambda ws: (_sector_order(ws[1]), ws[1].id)),
    "source",
)
#: Every energy carrier by id.
CARRIERS: Mapping[str, Carrier] = _index(((_where(energy), c) for c in energy.CARRIERS),
                                         "carrier")
#: Action templates of every sector, in sector order: dicts with the keys of an
#: ``[[action]]`` (``kind``, ``source``/``from``/``to``/``carrier``, ``curve``)
#: plus ``name``, ``description``, ``planner_gives`` (the keys a planner must
#: still give), ``notes`` and, only where a typical value is sourced, ``citation``.
ACTION_TEMPLATES: tuple[dict[str, Any], ...] = tuple(
    t for m in _MODULES for t in m.ACTION_TEMPLATES
)
_TEMPLATE_FILES: dict[str, str] = {t["name"]: _where(m) for m in _MODULES
                                   for t in m.ACTION_TEMPLATES}
_TEMPLATE_KEYS = set(TEMPLATE_ACTION_KEYS) | {
    "name", "description", "planner_gives", "notes", "citation"}


def _catalogue_problems() -> list[str]:
    """What is wrong in the catalogue, one line per problem naming the file and the entry."""
    out: list[str] = []
    listed = {m.__name__.rsplit(".", 1)[1] for m in _MODULES} | set(_NOT_SECTORS)
    for info in pkgutil.iter_modules(__path__):
        if info.name not in listed:
            out.append(f"capf/sectors/{info.name}.py: a module of capf.sectors that is not in "
                       "its table of sector modules (_MODULES in capf/sectors/__init__.py)")
    for s in SOURCES.values():
        at = f"{_SOURCE_FILES[s.id]}: source {s.id!r}"
        if not s.ipcc:
            out.append(f"{at}: no IPCC category (ipcc)")
        if s.dk2020_sector not in DK2020_SECTORS:
            out.append(f"{at}: DK2020 sector {s.dk2020_sector!r} is not one of "
                       f"{', '.join(DK2020_SECTORS)}")
        if s.carrier is not None:
            if s.carrier not in CARRIERS:
                out.append(f"{at}: carrier {s.carrier!r} is not one of {', '.join(CARRIERS)}")
            if not s.efficiency:
                out.append(f"{at}: a source with a carrier needs an efficiency")
            if s.factors:
                out.append(f"{at}: a source with a carrier has no factors of its own")
        for gas in [f.gas for f in s.factors] + list(s.gases):
            if gas not in GASES:
                out.append(f"{at}: gas {gas!r} is not one of {', '.join(GASES)}")
    for name, rec in SECTOR_RECORDS.items():
        if not rec.removal and f"{name}.other" not in SOURCES:
            out.append(f"{_SECTOR_FILES[name]}: sector {name!r} has no emission-level source "
                       f"{name}.other")
    seen: set[str] = set()
    for t in ACTION_TEMPLATES:
        at = f"{_TEMPLATE_FILES[t['name']]}: action template {t['name']!r}"
        if t["name"] in seen:
            out.append(f"{at}: the name is used by another template")
        seen.add(t["name"])
        for key in ("source", "from", "to"):
            if key in t and t[key] not in SOURCES:
                out.append(f"{at}: {key} {t[key]!r} is not a catalogue source")
        if "carrier" in t and t["carrier"] not in CARRIERS:
            out.append(f"{at}: carrier {t['carrier']!r} is not one of {', '.join(CARRIERS)}")
        extra = sorted(set(t) - _TEMPLATE_KEYS)
        if extra:
            out.append(f"{at}: unknown keys {', '.join(extra)}")
    return out


def _check_catalogue() -> None:
    """Raise ``RuntimeError`` listing every problem of the catalogue (checked at import)."""
    problems = _catalogue_problems()
    if problems:
        raise RuntimeError("the sector catalogue (capf/sectors) is inconsistent:\n  "
                           + "\n  ".join(problems))


_check_catalogue()


def get_sector(name: str) -> Sector:
    """The :class:`Sector` record of a sector.

    Parameters
    ----------
    name : str
        A sector name (``"energy"``, ``"lowland_soils"``...; :data:`SECTORS`).

    Returns
    -------
    Sector
        Its record: labels, colour, IAMC name, CCTF group, LULUCF or not.

    Raises
    ------
    KeyError
        For an unknown name; the message lists the known sectors.

    Examples
    --------
    >>> get_sector("lowland_soils").iamc, get_sector("lowland_soils").lulucf
    ('Lowland Soils', True)
    >>> get_sector("forestry")
    Traceback (most recent call last):
    ...
    KeyError: "unknown sector 'forestry'; expected one of energy, buildings, transport, \
agriculture, lowland_soils, industry, waste, removals"
    """
    try:
        return SECTOR_RECORDS[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown sector {name!r}; expected one of {', '.join(SECTORS)}") from None


def get_source(source_id: str) -> Source:
    """The catalogue entry of a source id.

    Parameters
    ----------
    source_id : str
        A dotted source id (``"buildings.individual_heating.oil_boiler"``).

    Returns
    -------
    Source
        Its catalogue entry (activity unit, default factors, carrier...).

    Raises
    ------
    KeyError
        For an unknown id, naming up to three close matches.

    Examples
    --------
    >>> get_source("transport.road.car_petrol").activity_unit
    'vkm/yr'
    >>> get_source("transport.road.car_petorl")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    KeyError: "unknown source 'transport.road.car_petorl'; did you mean 'transport.road.car_pe...?"
    """
    try:
        return SOURCES[source_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(source_id, list(SOURCES), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"unknown source {source_id!r}{hint}") from None


def get_carrier(carrier_id: str) -> Carrier:
    """The catalogue entry of an energy carrier.

    Parameters
    ----------
    carrier_id : str
        One of :data:`CARRIERS` (``"electricity"``, ``"district_heat"``, ``"grid_gas"``,
        ``"heating_oil"``).

    Returns
    -------
    Carrier
        Its factors per unit of delivered energy (e.g. kg/kWh) with citations.

    Raises
    ------
    KeyError
        For an unknown id, listing the known carriers.

    Examples
    --------
    >>> f = get_carrier("heating_oil").factors[0]
    >>> f.gas, f.value, f.unit
    ('CO2', 0.266, 'kg/kWh')
    """
    try:
        return CARRIERS[carrier_id]
    except KeyError:
        raise KeyError(
            f"unknown carrier {carrier_id!r}; expected one of {', '.join(CARRIERS)}"
        ) from None


def sources_in(selector: str) -> list[str]:
    """Source ids matching a selector: an id, a sector (``"energy"``) or a prefix (``"energy.*"``).

    Parameters
    ----------
    selector : str
        A source id, a sector name, or a dotted prefix with or without ``".*"``.

    Returns
    -------
    list of str
        The matching source ids, in catalogue order.

    Raises
    ------
    KeyError
        If nothing matches.

    Examples
    --------
    >>> sources_in("energy.local_production.*")
    ['energy.local_production.solar', 'energy.local_production.wind']
    >>> sources_in("removals")[-1]
    'removals.other'
    """
    if selector in SOURCES:
        return [selector]
    prefix = selector.removesuffix(".*")
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


def catalogue_table() -> pd.DataFrame:
    """The catalogue as a table: one row per source and gas.

    Parameters
    ----------
    None
        The table covers the whole catalogue (:data:`SOURCES`, :data:`CARRIERS`).

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
