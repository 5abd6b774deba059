"""The data classes of the sector catalogue.

A :class:`Source` is one thing that emits (or removes): its activity unit, its
default factor per gas with a citation, and, for fuel- or carrier-using
sources, the energy carrier and the conversion efficiency, so that the factor
per unit of service is ``carrier factor / efficiency``. A :class:`Sector` is
what the rest of capf knows of a sector (labels, colour, IAMC name, CCTF group,
LULUCF or not); each sector module defines one. Definitions are data: the
engine never imports this package; COMPILE reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Sector",
    "Factor",
    "Carrier",
    "Source",
    "Citation",
    "DK2020_SECTORS",
    "TEMPLATE_ACTION_KEYS",
    "action_template",
]

#: The sector view of DK2020 climate plans (and of the Energi- og CO2-regnskab):
#: every source maps to exactly one of these in :attr:`Source.dk2020_sector`.
DK2020_SECTORS: tuple[str, ...] = (
    "energy", "transport", "industry", "agriculture", "land use", "waste",
)

#: Keys of an action template that are keys of an ``[[action]]`` table.
TEMPLATE_ACTION_KEYS: tuple[str, ...] = ("kind", "source", "from", "to", "carrier", "curve")


@dataclass(frozen=True)
class Sector:
    """What plots, IAMC names, scopes, the sector test and the report know of a sector.

    Each module of :mod:`capf.sectors` defines one (``SECTOR``);
    :data:`capf.sectors.SECTORS` collects them, in ``order``.

    Parameters
    ----------
    name : str
        The sector's name: the first part of its source ids (``"lowland_soils"``)
        and the name of its module.
    label : str
        English label for figures and the report (``"lowland soils"``).
    label_da : str
        Danish label for the report (``"lavbundsjorder"``).
    colour : str
        Hex colour of the sector in every figure (Okabe-Ito palette).
    iamc : str
        The sector's part of an IAMC variable name
        (``Emissions|CO2|<iamc>``, e.g. ``"Lowland Soils"``).
    cctf : str or None
        The CCTF sector group of the DK2020 sector test (one of the keys of
        :data:`capf.assess.sector_test.CCTF_INTERVALS`); None: left out of the test.
    order : int
        Position of the sector in every listing (smaller first).
    lulucf : bool, default False
        Land use, land-use change and forestry: left out of the scope
        ``excl_lulucf``.
    removal : bool, default False
        A sector of sinks (negative emissions): left out of ``excl_lulucf`` too.
    energy_scope : bool, default False
        Part of the named scope ``energy``.

    Examples
    --------
    >>> s = Sector("peat", "peat", "tørv", "#009E73", "Peat", "agriculture", 55, lulucf=True)
    >>> s.label_da, s.lulucf, s.removal
    ('tørv', True, False)
    """

    name: str
    label: str
    label_da: str
    colour: str
    iamc: str
    cctf: str | None
    order: int
    lulucf: bool = False
    removal: bool = False
    energy_scope: bool = False


@dataclass(frozen=True)
class Citation:
    """Where a number comes from.

    Parameters
    ----------
    source : str
        The publication (author, title, year).
    location : str, optional
        Where in it (table, page, rule).
    url : str, optional
        A link to it.
    note : str, optional
        A caveat (e.g. "not checked against the primary document").

    Examples
    --------
    >>> str(Citation("BR18", "Bilag 2, Tabel 8", note="national average"))
    'BR18, Bilag 2, Tabel 8 (national average)'
    """

    source: str
    location: str = ""
    url: str = ""
    note: str = ""

    def __str__(self) -> str:
        parts = [self.source]
        if self.location:
            parts.append(self.location)
        if self.url:
            parts.append(self.url)
        text = ", ".join(parts)
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True)
class Factor:
    """A default emission factor of one gas.

    Parameters
    ----------
    gas : str
        One of ``capf.units.GASES``.
    value : float or mapping of year to float
        The factor; a mapping is a trajectory, interpolated linearly between
        the listed years and held at the first/last value outside them.
    unit : str
        pint unit of mass of the gas per unit of activity (or of carrier
        energy), without the gas: ``"kg/MWh"``, ``"t/ha/yr"``.
    citation : Citation
    gwp_basis : str, optional
        Set when the source gives a non-CO2 gas as CO2-equivalents under a GWP
        set (e.g. SEGES uses AR4): capf divides by that set's GWP to get the
        mass of the gas, so the plan's own GWP set is applied later.

    Examples
    --------
    >>> f = Factor("CO2e", {2023: 0.187, 2025: 0.135}, "kg/kWh", Citation("BR18"))
    >>> [round(float(x), 3) for x in f.values_at([2020, 2024, 2030])]
    [0.187, 0.161, 0.135]
    """

    gas: str
    value: float | Mapping[int, float]
    unit: str
    citation: Citation
    gwp_basis: str | None = None

    def values_at(self, years) -> list[float]:
        """The factor in each of ``years`` (interpolated; flat outside the table).

        Parameters
        ----------
        years : sequence of int
            Calendar years.

        Returns
        -------
        list of float
            The factor in each year, in :attr:`unit` (e.g. kg/kWh).

        Examples
        --------
        >>> Factor("CO2", 0.266, "kg/kWh", Citation("HB2016")).values_at([2023, 2050])
        [0.266, 0.266]
        """
        import numpy as np

        if isinstance(self.value, Mapping):
            xs = np.array(sorted(self.value), dtype=float)
            ys = np.array([self.value[int(x)] for x in xs], dtype=float)
            return list(np.interp(np.asarray(years, dtype=float), xs, ys))
        return [float(self.value)] * len(years)


@dataclass(frozen=True)
class Carrier:
    """An energy carrier (grid electricity, district heat, grid gas, a fuel).

    Parameters
    ----------
    id : str
        The carrier's id (``"electricity"``), as a source's ``carrier`` names it.
    name : str
        A readable name.
    factors : tuple of Factor
        Per unit of delivered carrier energy (``unit`` of each factor, e.g. ``kg/kWh``).
    description : str, optional
        What the figures stand for.
    alternatives : tuple of (str, tuple of Factor), optional
        Named alternative factor sets, chosen by a plan option.

    Examples
    --------
    >>> c = Carrier("steam", "Process steam", (Factor("CO2", 0.1, "kg/kWh", Citation("x")),))
    >>> c.factors[0].unit
    'kg/kWh'
    """

    id: str
    name: str
    factors: tuple[Factor, ...]
    description: str = ""
    #: named alternative factor sets, ``((name, factors), ...)``, chosen by a plan option
    #: (e.g. ``[plan] grid_gas_factor = "br18"``)
    alternatives: tuple[tuple[str, tuple[Factor, ...]], ...] = ()


@dataclass(frozen=True)
class Source:
    """One source (or sink) of the catalogue.

    ``activity_unit`` is ``None`` for emission-level sources (``<sector>.other``),
    which a plan gives as emissions only. For a source with a ``carrier``, the
    default factor is the carrier's factor divided by ``efficiency`` (useful
    output per unit of carrier energy, e.g. a heat pump's COP). A source with
    neither ``factors`` nor ``carrier`` has no sourced default: a plan gives its
    ``factor`` on the inventory line.

    ``ipcc`` is the category code of the UNFCCC reporting tables (CRF/CRT) that
    implement the 2006 IPCC Guidelines, as the Danish national inventory reports
    them (e.g. ``"3.A.1"`` enteric fermentation of cattle, ``"5.A"`` landfill,
    ``"4.A.2"`` land converted to forest land); the Guidelines' own numbering of
    AFOLU and waste differs (AFOLU is 3 and waste 4 there). ``dk2020_sector`` is
    one of :data:`DK2020_SECTORS`. ``gases`` lists the gases the category emits
    (so a plan knows which ``factor`` to give where the default factors cover
    none or only some of them).

    Parameters
    ----------
    id : str
        Dotted id ``<sector>.<subsector>[.<detail>]``; its first part is the sector.
    name : str
        A readable name.
    activity_unit : str or None
        pint unit of the activity per year (``"MWh/yr"``, ``"vkm/yr"``, ``"ha"``,
        ``"head"``); None for an emission-level source.
    factors : tuple of Factor, optional
        Default factors per unit of activity, one per gas.
    carrier : str, optional
        The energy carrier used (factor = carrier factor / ``efficiency``).
    efficiency : float, optional
        Useful output per unit of carrier energy (dimensionless, e.g. a COP of 3.4).
    efficiency_citation : Citation, optional
        Where the efficiency comes from.
    removal : bool, default False
        A sink: its factors are negative.
    produces : str, optional
        The carrier a production source makes (``"electricity"`` for local wind).
    service : str, optional
        What a switch between sources conserves (``"useful heat"``, ``"vkm"``).
    ipcc, dk2020_sector : str
        Reporting categories (see above).
    gases : tuple of str, optional
        The gases the category emits.
    description : str, optional
    notes : tuple of str, optional
        Caveats, shown in the catalogue.

    Examples
    --------
    >>> s = Source("waste.compost", "Composting", "t/yr", ipcc="5.B", dk2020_sector="waste")
    >>> s.sector, s.subsector, s.emission_level, s.has_default_factor
    ('waste', 'compost', False, False)
    """

    id: str
    name: str
    activity_unit: str | None
    factors: tuple[Factor, ...] = ()
    carrier: str | None = None
    efficiency: float | None = None
    efficiency_citation: Citation | None = None
    removal: bool = False
    produces: str | None = None
    service: str | None = None
    ipcc: str = ""
    dk2020_sector: str = ""
    gases: tuple[str, ...] = ()
    description: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def sector(self) -> str:
        return self.id.split(".")[0]

    @property
    def subsector(self) -> str:
        parts = self.id.split(".")
        return parts[1] if len(parts) > 2 else parts[-1]

    @property
    def emission_level(self) -> bool:
        """True for sources known only as emissions (no activity unit)."""
        return self.activity_unit is None

    @property
    def has_default_factor(self) -> bool:
        return bool(self.factors) or self.carrier is not None


def action_template(name: str, kind: str, description: str, *, source: str | None = None,
                    from_: str | None = None, to: str | None = None,
                    carrier: str | None = None, curve: str = "linear",
                    planner_gives: tuple[str, ...] = (), notes: str = "",
                    citation: Citation | None = None) -> dict[str, Any]:
    """An action template: the keys of an ``[[action]]`` a sector suggests.

    Parameters
    ----------
    name : str
        Suggested action name.
    kind : str
        One of the kinds of ``capf.plan.actions.ACTION_KINDS`` (the one table of kinds,
        which checks every template's kind when it is imported).
    description : str
        What the measure is.
    source, from_, to, carrier : str, optional
        The catalogue ids the action acts on (``from_`` becomes key ``"from"``).
    curve : str, default "linear"
        The suggested adoption curve.
    planner_gives : tuple of str
        Keys the planner must add beyond those implied by ``kind`` and ``curve``
        (e.g. ``"conversion"``).
    notes : str
        Caveats; say here that parameters without a sourced typical value
        (lifetime, shares, years) are left to the planner.
    citation : Citation, optional
        Only where a typical parameter value is sourced.

    Returns
    -------
    dict
        Keys ``name``, ``kind``, the ids given, ``curve``, ``description``,
        ``planner_gives`` (every key the planner must still give: ``share``,
        ``start``, ``full``, ``lifetime`` for a stock-turnover curve,
        ``factor`` for ``decarbonise``, ``activity`` for ``remove``/``add``,
        plus ``planner_gives``), ``notes`` and, if given, ``citation``.

    Examples
    --------
    >>> t = action_template("rewet", "switch", "Rewet drained organic soils.",
    ...                     from_="lowland_soils.drained_organic_soils",
    ...                     to="lowland_soils.rewetted_organic_soils")
    >>> t["from"], t["planner_gives"]
    ('lowland_soils.drained_organic_soils', ('share', 'start', 'full'))
    >>> t["notes"]
    'No sourced typical values: share, start, full are left to the planner.'
    """
    needs: list[str] = {
        "reduce": ["share"], "switch": ["share"], "decarbonise": ["factor"],
        "remove": ["activity"], "add": ["activity"],
    }[kind] + ["start", "full"]
    if curve == "stock_turnover":
        needs.append("lifetime")
    needs += [k for k in planner_gives if k not in needs]
    out: dict[str, Any] = {"name": name, "kind": kind}
    for key, value in (("source", source), ("from", from_), ("to", to), ("carrier", carrier)):
        if value is not None:
            out[key] = value
    if citation is None:
        left = (f"No sourced typical values: {', '.join(needs)} are left to the planner."
                + (" " + notes if notes else ""))
    else:
        left = notes
    out.update(curve=curve, description=description, planner_gives=tuple(needs), notes=left)
    if citation is not None:
        out["citation"] = citation
    return out
