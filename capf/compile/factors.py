"""Default and carrier factors of the catalogue, and unit conversions (each unit pair once).

Every factor leaves this module in the engine's canonical units: t of gas per unit of
activity (per year for activity rates), and t of gas per MWh for carrier factors.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import sectors
from ..plan.quantity import _unit_str, split_gas
from ..plan.uncertain import Dist
from ..units import GASES, gwp_values, ureg

__all__ = [
    "CARRIER_UNIT",
    "carrier_factor",
    "carrier_factors",
    "default_factor",
    "factor_unit",
    "source_defaults",
]

#: Canonical energy unit of carrier factors (t of gas per MWh of carrier energy).
CARRIER_UNIT = "MWh"


@functools.lru_cache(maxsize=4096)
def _conversion(from_unit: str, to_unit: str) -> float:
    """Factor that converts a magnitude in ``from_unit`` to ``to_unit`` (cached per unit pair)."""
    return float(ureg.Quantity(1.0, from_unit).to(to_unit).magnitude)


def _given(value: str | None, what: str) -> str:
    """A field the plan's checks require (an action's source, say); ValueError if it is None."""
    if value is None:
        raise ValueError(f"{what} is not given")
    return value


def _activity_unit(src: sectors.Source) -> str:
    """A source's activity unit; ValueError for a source known only as emissions."""
    if src.activity_unit is None:
        raise ValueError(f"source {src.id!r} is known only as emissions; it has no activity "
                         "unit")
    return src.activity_unit


def _rate_factor_unit(activity_unit: str) -> str:
    """The unit of a factor per unit of an activity rate: t/yr per activity unit."""
    return str(ureg.Unit("t/yr") / ureg.Unit(activity_unit))


def factor_unit(per_unit: str) -> str:
    """Canonical unit of a factor per ``per_unit`` (an activity unit, or :data:`CARRIER_UNIT`).

    Parameters
    ----------
    per_unit : str
        A source's activity unit (a rate such as ``"MWh/yr"``), or ``"MWh"`` for a
        carrier factor.

    Returns
    -------
    str
        A pint unit string: t of gas per year per activity unit, or t per MWh.

    Examples
    --------
    >>> factor_unit("MWh")
    't/MWh'
    >>> factor_unit("ha")
    'metric_ton / hectare / year'
    """
    return f"t/{CARRIER_UNIT}" if per_unit == CARRIER_UNIT else _rate_factor_unit(per_unit)


def _factor_values(f: sectors.Factor, per_unit: str, years: np.ndarray) -> np.ndarray:
    """A catalogue factor in t of gas per ``per_unit`` (per year for activity rates), by year."""
    conv = _conversion(f.unit, factor_unit(per_unit))
    vals = np.asarray(f.values_at(years), dtype=float) * conv
    if f.gwp_basis is not None:  # given as CO2e under another GWP set: back to mass of gas
        vals = vals / gwp_values(f.gwp_basis)[f.gas]
    return vals


def default_factor(source_id: str, years) -> tuple[np.ndarray, bool]:
    """Default factor of a source, [G, T] in t per unit of activity, and whether it uses a carrier.

    For a carrier-based source the returned array is zero (the engine takes the
    factor from the carrier); use :func:`carrier_factor` for the carrier.

    Parameters
    ----------
    source_id : str
        A catalogue source id (``capf.sectors.SOURCES``).
    years : array-like of int
        Calendar years of the factor trajectory.

    Returns
    -------
    factor : numpy.ndarray
        [gas, year] in t of gas per unit of the source's activity (per year of a rate),
        gases in the order of ``capf.units.GASES``.
    carrier_based : bool
        True where the factor comes from an energy carrier.

    Examples
    --------
    >>> f, carrier_based = default_factor("lowland_soils.drained_organic_soils", [2023, 2030])
    >>> f.shape, carrier_based
    ((5, 2), False)
    >>> default_factor("buildings.individual_heating.oil_boiler", [2023])[1]
    True
    """
    src = sectors.get_source(source_id)
    years = np.asarray(years)
    out = np.zeros((len(GASES), years.size))
    if src.carrier is not None:
        return out, True
    for f in src.factors:
        out[GASES.index(f.gas)] += _factor_values(f, _activity_unit(src), years)
    return out, False


def carrier_factor(carrier_id: str, years, variant: str | None = None) -> np.ndarray:
    """A carrier's factor [G, T] in t of gas per MWh of carrier energy.

    Parameters
    ----------
    carrier_id : str
        A carrier id (``capf.sectors.CARRIERS``), e.g. ``"electricity"``.
    years : array-like of int
        Calendar years.
    variant : str, optional
        One of the carrier's alternative factor sets (e.g. ``"br18"`` for grid gas);
        ``None`` is the default set.

    Returns
    -------
    numpy.ndarray
        [gas, year] in t of gas per MWh, gases in the order of ``capf.units.GASES``.

    Examples
    --------
    >>> f = carrier_factor("electricity", [2023, 2030])
    >>> f.shape
    (5, 2)
    >>> bool(f[0, 0] >= f[0, 1])  # CO2 of grid electricity falls
    True
    """
    c = sectors.get_carrier(carrier_id)
    years = np.asarray(years)
    out = np.zeros((len(GASES), years.size))
    factors = c.factors if variant is None else dict(c.alternatives)[variant]
    for f in factors:
        out[GASES.index(f.gas)] += _factor_values(f, CARRIER_UNIT, years)
    return out


@functools.lru_cache(maxsize=1024)
def _emission_unit(unit: str, key: str | None) -> tuple[str, float]:
    """(gas, factor to t/yr) of an emissions unit such as 'kt CO2e / yr' (cached per unit)."""
    from ..plan.fields import mass_rate

    return mass_rate(ureg.Quantity(1.0, unit), key, unit)


def _dist_conversion(dist: Dist, target: str) -> float:
    """Factor from a (gas-tagged) distribution's unit to ``target`` (per gas left out)."""
    _, plain = split_gas(ureg.Quantity(1.0, dist.unit))
    return float(plain.to(target).magnitude)


def _q_in(q, unit: str) -> float:
    """The magnitude of a pint quantity in ``unit``."""
    return float(q.magnitude) * _conversion(_unit_str(q), unit)


def source_defaults(source_ids, years: np.ndarray, n_municipalities: int,
                    c_index: dict[str, int]):
    """Every (municipality, source) cell with its catalogue factor and no activity yet.

    Parameters
    ----------
    source_ids : sequence of str
        The plan's sources, in model order.
    years : numpy.ndarray
        The model's years.
    n_municipalities : int
        M, the number of municipalities.
    c_index : dict
        Carrier id -> carrier index.

    Returns
    -------
    tuple
        ``(own [M, S, G, T] t per unit, carrier_weight [M, S], inv_efficiency [M, S],
        carrier_of [S], defaults_used {source id: citation})``.

    Examples
    --------
    >>> import numpy as np
    >>> own, weight, inv_eff, carrier_of, used = source_defaults(
    ...     ["buildings.individual_heating.oil_boiler"], np.arange(2023, 2025), 2,
    ...     {"heating_oil": 0})
    >>> own.shape, weight.tolist(), int(carrier_of[0])
    ((2, 1, 5, 2), [[1.0], [1.0]], 0)
    """
    M, S, G, T = n_municipalities, len(source_ids), len(GASES), len(years)
    own = np.zeros((M, S, G, T))
    weight = np.zeros((M, S))
    inv_eff = np.zeros((M, S))
    carrier_of = np.full(S, -1, dtype=int)
    defaults_used: dict[str, str] = {}
    for j, sid in enumerate(source_ids):
        src = sectors.get_source(sid)
        if src.activity_unit is None:
            continue
        f, carrier_based = default_factor(sid, years)
        own[:, j] = f
        if carrier_based:
            if src.carrier is None or src.efficiency is None:
                raise ValueError(f"source {sid!r}: a carrier-based default factor needs a "
                                 "carrier and an efficiency")
            carrier_of[j] = c_index[src.carrier]
            weight[:, j] = 1.0
            inv_eff[:, j] = 1.0 / src.efficiency
            defaults_used[sid] = (f"carrier {src.carrier} / efficiency {src.efficiency:g} "
                                  f"({src.efficiency_citation})")
        elif src.factors:
            defaults_used[sid] = "; ".join(f"{f.gas}: {f.citation}" for f in src.factors)
    return own, weight, inv_eff, carrier_of, defaults_used


def carrier_factors(carriers, years: np.ndarray, n_municipalities: int,
                    grid_gas_factor: str) -> np.ndarray:
    """Every carrier's factor in every municipality, [M, C, G, T] in t per MWh.

    Parameters
    ----------
    carriers : sequence of str
        Carrier ids in model order.
    years : numpy.ndarray
        The model's years.
    n_municipalities : int
        M.
    grid_gas_factor : str
        The plan's ``[plan] grid_gas_factor``: ``"combustion"`` (the default set) or the
        name of an alternative set of the grid gas carrier.

    Returns
    -------
    numpy.ndarray
        [municipality, carrier, gas, year] in t of gas per MWh.

    Examples
    --------
    >>> import numpy as np
    >>> carrier_factors(["electricity"], np.arange(2023, 2026), 2, "combustion").shape
    (2, 1, 5, 3)
    """
    variants = {"grid_gas": None if grid_gas_factor == "combustion" else grid_gas_factor}
    cfac = np.stack([carrier_factor(c, years, variants.get(c))
                     for c in carriers])  # [C, G, T]
    return np.broadcast_to(cfac, (n_municipalities,) + cfac.shape).copy()
