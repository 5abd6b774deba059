"""The data classes of the sector catalogue.

A :class:`Source` is one thing that emits (or removes): its activity unit, its
default factor per gas with a citation, and, for fuel- or carrier-using
sources, the energy carrier and the conversion efficiency, so that the factor
per unit of service is ``carrier factor / efficiency``. Definitions are data:
the engine never imports this package; COMPILE reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

__all__ = ["Factor", "Carrier", "Source", "Citation"]


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


@dataclass(frozen=True)
class Source:
    """One source (or sink) of the catalogue.

    ``activity_unit`` is ``None`` for emission-level sources (``<sector>.other``),
    which a plan gives as emissions only. For a source with a ``carrier``, the
    default factor is the carrier's factor divided by ``efficiency`` (useful
    output per unit of carrier energy, e.g. a heat pump's COP).
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
