"""The data classes of the sector catalogue.

A :class:`Source` is one thing that emits (or removes): its activity unit, its
default factor per gas with a citation, and, for fuel- or carrier-using
sources, the energy carrier and the conversion efficiency, so that the factor
per unit of service is ``carrier factor / efficiency``. Definitions are data:
the engine never imports this package; COMPILE reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = [
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
class Citation:
    """Where a number comes from."""

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
    """

    gas: str
    value: float | Mapping[int, float]
    unit: str
    citation: Citation
    gwp_basis: str | None = None

    def values_at(self, years) -> "list[float]":
        """The factor in each of ``years`` (interpolated; flat outside the table)."""
        import numpy as np

        if isinstance(self.value, Mapping):
            xs = np.array(sorted(self.value), dtype=float)
            ys = np.array([self.value[int(x)] for x in xs], dtype=float)
            return list(np.interp(np.asarray(years, dtype=float), xs, ys))
        return [float(self.value)] * len(years)


@dataclass(frozen=True)
class Carrier:
    """An energy carrier (grid electricity, district heat, grid gas, a fuel).

    ``factors`` are per unit of delivered carrier energy (``unit`` of each
    factor, e.g. ``kg/kWh``).
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
