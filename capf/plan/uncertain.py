"""Distributions in plan files: any supported number may be uncertain.

A distribution is written where the number would be, with units on its
parameters::

    share = { dist = "triangular", low = "30 %", mode = "50 %", high = "70 %" }
    activity = { dist = "normal", mean = "2000 ha", sd = "200 ha", group = "soils" }

Kinds and parameters: ``normal`` (mean, sd), ``lognormal`` (mean, sd of the
variable itself), ``uniform`` (low, high), ``triangular`` (low, mode, high),
``beta`` (alpha, beta, and low/high of its range, default 0 and 1). Parameters
of one distribution share a dimension; they are converted to the unit of the
first one. ``group``: every parameter with the same group is drawn from the
same uniform number (fully rank-correlated), e.g. one grid factor for all
municipalities. A deterministic projection uses each distribution's mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pint

from .quantity import parse_quantity

__all__ = ["Dist", "parse_dist", "central", "is_dist", "DIST_PARAMS"]

DIST_PARAMS: dict[str, tuple[str, ...]] = {
    "normal": ("mean", "sd"),
    "lognormal": ("mean", "sd"),
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "beta": ("alpha", "beta", "low", "high"),
}
_DIMENSIONLESS = {"alpha", "beta"}


@dataclass(frozen=True)
class Dist:
    """A validated distribution; parameter values are in ``unit``.

    Build one with :func:`parse_dist` (which checks the parameters).

    Parameters
    ----------
    kind : str
        A key of :data:`DIST_PARAMS`: ``normal``, ``lognormal``, ``uniform``,
        ``triangular`` or ``beta``.
    params : tuple of (str, float)
        The parameters by name, in ``unit`` (``alpha`` and ``beta`` have none).
    unit : str
        The unit of the parameters (pint's name, e.g. ``"hectare"``; ``""`` for numbers).
    group : str, optional
        Parameters of one group are drawn from the same uniform number.

    Examples
    --------
    >>> d = Dist("uniform", (("low", 10.0), ("high", 30.0)), "hectare")
    >>> d.mean(), d.to_dict()
    (20.0, {'dist': 'uniform', 'low': '10 hectare', 'high': '30 hectare'})
    """

    kind: str
    params: tuple[tuple[str, float], ...]
    unit: str
    group: str | None = None

    @property
    def p(self) -> dict[str, float]:
        return dict(self.params)

    def mean(self) -> float:
        """The distribution's mean, in ``unit``.

        Examples
        --------
        >>> parse_dist({"dist": "triangular", "low": "30 %", "mode": "50 %",
        ...             "high": "80 %"}).mean()
        53.333333333333336
        """
        p = self.p
        if self.kind in ("normal", "lognormal"):
            return p["mean"]
        if self.kind == "uniform":
            return 0.5 * (p["low"] + p["high"])
        if self.kind == "triangular":
            return (p["low"] + p["mode"] + p["high"]) / 3.0
        lo, hi = p.get("low", 0.0), p.get("high", 1.0)
        return lo + (hi - lo) * p["alpha"] / (p["alpha"] + p["beta"])

    def quantity(self) -> pint.Quantity:
        """The mean as a quantity (what a deterministic run uses).

        Examples
        --------
        >>> f"{parse_dist({'dist': 'normal', 'mean': '2000 ha', 'sd': '200 ha'}).quantity():~P}"
        '2000.0 ha'
        """
        from ..units import ureg

        return ureg.Quantity(self.mean(), self.unit)

    def frozen(self):
        """The scipy.stats frozen distribution (in ``unit``).

        Examples
        --------
        >>> round(float(parse_dist({"dist": "uniform", "low": "10 ha",
        ...                         "high": "30 ha"}).frozen().std()), 4)
        5.7735
        """
        from scipy import stats

        p = self.p
        if self.kind == "normal":
            return stats.norm(loc=p["mean"], scale=p["sd"])
        if self.kind == "lognormal":
            s2 = math.log1p((p["sd"] / p["mean"]) ** 2)
            return stats.lognorm(s=math.sqrt(s2), scale=p["mean"] * math.exp(-s2 / 2))
        if self.kind == "uniform":
            return stats.uniform(loc=p["low"], scale=p["high"] - p["low"])
        if self.kind == "triangular":
            width = p["high"] - p["low"]
            c = (p["mode"] - p["low"]) / width if width > 0 else 0.5
            return stats.triang(c=c, loc=p["low"], scale=width)
        lo, hi = p.get("low", 0.0), p.get("high", 1.0)
        return stats.beta(p["alpha"], p["beta"], loc=lo, scale=hi - lo)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Values at uniform numbers ``u`` in (0, 1) (inverse CDF), in ``unit``.

        Parameters
        ----------
        u : numpy.ndarray
            Uniform numbers in (0, 1), of any shape.

        Returns
        -------
        numpy.ndarray
            The values, of the shape of ``u``.

        Examples
        --------
        >>> import numpy as np
        >>> parse_dist({"dist": "uniform", "low": "10 ha", "high": "30 ha"}).ppf(
        ...     np.array([0.25, 0.5]))
        array([15., 20.])
        """
        return np.asarray(self.frozen().ppf(u), dtype=float)

    def to_dict(self) -> dict[str, Any]:
        """The distribution as a plan file writes it (parameters with their unit).

        Examples
        --------
        >>> parse_dist({"dist": "normal", "mean": "2000 ha", "sd": "200 ha",
        ...             "group": "soils"}).to_dict()
        {'dist': 'normal', 'mean': '2000 hectare', 'sd': '200 hectare', 'group': 'soils'}
        """
        out: dict[str, Any] = {"dist": self.kind}
        for k, v in self.params:
            out[k] = f"{v:.12g} {self.unit}".strip() if k not in _DIMENSIONLESS else v
        if self.group:
            out["group"] = self.group
        return out


def is_dist(value: Any) -> bool:
    """True for a :class:`Dist` or a table with a ``dist`` key (a distribution to parse).

    Parameters
    ----------
    value : Any
        A value of a plan.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_dist({"dist": "normal", "mean": 1, "sd": 0.1}), is_dist("2000 ha")
    (True, False)
    """
    return isinstance(value, Dist) or (isinstance(value, dict) and "dist" in value)


def central(value: Any) -> Any:
    """The value a deterministic run uses: a distribution's mean (as a quantity), else itself.

    Parameters
    ----------
    value : Any
        A :class:`Dist` or any other value of a plan.

    Returns
    -------
    Any
        A pint quantity for a distribution; ``value`` otherwise.

    Examples
    --------
    >>> f"{central(parse_dist({'dist': 'uniform', 'low': '10 ha', 'high': '30 ha'})):~P}"
    '20.0 ha'
    >>> central("25 kt CO2e/yr")
    '25 kt CO2e/yr'
    """
    return value.quantity() if isinstance(value, Dist) else value


def parse_dist(value: Any) -> Dist:
    """Validate a ``{ dist = ..., ... }`` table; raise ValueError naming what is wrong.

    Parameters
    ----------
    value : dict or Dist
        The table as written: ``dist`` (a kind of :data:`DIST_PARAMS`), its parameters
        with units (converted to the unit of the first), and an optional ``group``.

    Returns
    -------
    Dist

    Raises
    ------
    ValueError
        An unknown kind or key, a missing parameter, parameters of different dimensions,
        a negative ``sd``, ``low`` above ``high``...

    Examples
    --------
    >>> parse_dist({"dist": "triangular", "low": "30 %", "mode": "50 %", "high": "70 %"})
    Dist(kind='triangular', params=(('low', 30.0), ('mode', 50.0), ('high', 70.0)), \
unit='percent', group=None)
    >>> parse_dist({"dist": "normal", "mean": "2000 ha"})
    Traceback (most recent call last):
    ...
    ValueError: a normal distribution needs sd
    """
    if isinstance(value, Dist):
        return value
    if not isinstance(value, dict):
        raise ValueError(f"expected a distribution table such as {{ dist = 'normal', mean = ..., "
                         f"sd = ... }}, got {value!r}")
    kind = value.get("dist")
    if kind not in DIST_PARAMS:
        raise ValueError(f"unknown distribution {kind!r}; expected one of "
                         f"{', '.join(DIST_PARAMS)}")
    needed = DIST_PARAMS[kind]
    optional = {"low", "high"} if kind == "beta" else set()
    allowed = set(needed) | {"dist", "group"}
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} in a {kind} distribution; it takes "
                         f"{', '.join(needed)}" + (" and group" if True else ""))
    missing = [k for k in needed if k not in value and k not in optional]
    if missing:
        raise ValueError(f"a {kind} distribution needs {', '.join(missing)}")
    group = value.get("group")
    if group is not None and (not isinstance(group, str) or not group.strip()):
        raise ValueError(f"expected a group name (text), got {group!r}")
    quantities = {k: parse_quantity(value[k]) for k in needed if k in value}
    unit_q = next((q for k, q in quantities.items() if k not in _DIMENSIONLESS), None)
    unit = "" if unit_q is None else str(unit_q.units)
    params = []
    for k in needed:
        if k not in quantities:
            continue
        q = quantities[k]
        if k in _DIMENSIONLESS:
            if not q.dimensionless or q.to("").magnitude <= 0:
                raise ValueError(f"{kind} '{k}' must be a positive number, got {value[k]!r}")
            params.append((k, float(q.to("").magnitude)))
            continue
        ref = q if unit_q is None else unit_q  # (never None here: k has a unit)
        if q.dimensionality != ref.dimensionality:
            raise ValueError(f"the parameters of a distribution share a unit; '{k}' = "
                             f"{value[k]!r} does not convert to {ref.units:~P}")
        params.append((k, float(q.to(ref.units).magnitude)))
    d = Dist(kind, tuple(params), unit, group.strip() if group else None)
    p = d.p
    if kind in ("normal", "lognormal") and p["sd"] < 0:
        raise ValueError(f"sd must not be negative, got {value['sd']!r}")
    if kind == "lognormal" and p["mean"] <= 0:
        raise ValueError(f"a lognormal distribution needs a positive mean, got {value['mean']!r}")
    if kind in ("uniform", "triangular", "beta") and p.get("low", 0.0) > p.get("high", 1.0):
        raise ValueError("low must not exceed high")
    if kind == "triangular" and not p["low"] <= p["mode"] <= p["high"]:
        raise ValueError("a triangular distribution needs low <= mode <= high")
    return d


def converted(d: Dist, unit: str) -> Dist:
    """The same distribution with its parameters in ``unit`` (ValueError if they do not convert).

    Parameters
    ----------
    d : Dist
        A distribution.
    unit : str
        A unit of the same dimension as ``d.unit`` (``""`` for numbers).

    Returns
    -------
    Dist

    Examples
    --------
    >>> converted(parse_dist({"dist": "uniform", "low": "1 kha", "high": "3 kha"}), "hectare")
    Dist(kind='uniform', params=(('low', 1000.0), ('high', 3000.0)), unit='hectare', group=None)
    """
    from ..units import ureg

    if d.unit == unit:
        return d
    f = float(ureg.Quantity(1.0, d.unit).to(unit).magnitude)
    params = tuple((k, v if k in _DIMENSIONLESS else v * f) for k, v in d.params)
    return Dist(d.kind, params, unit, d.group)
