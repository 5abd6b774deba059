"""Reference levels, targets, carbon budgets and observations, with their scope.

A *scope* says which part of the inventory a figure covers: ``sectors`` (default:
all) and ``gases`` (default: all), or a named ``scope``: ``all``, ``excl_lulucf``
(without lowland soils and removals) or ``energy`` (energy, buildings, transport).
A target's reference level is always taken on the target's own scope.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .. import sectors
from ..errors import Problem
from ..units import GASES
from .domains import DOMAINS
from .fields import (
    Flag,
    FrozenDict,
    Model,
    Number,
    Reduction,
    Whole,
    MunicipalitySelector,
    Name,
    QuantityField,
    Year,
    co2e_amount,
    co2e_total,
    fail,
    q_str,
)

__all__ = ["NationalSeries", "Baseline", "Target", "Budget", "Observation", "SCOPES",
           "TARGET_PRESETS", "Scope"]

#: Named scopes: sectors (None: all) of each.
SCOPES: dict[str, tuple[str, ...] | None] = {
    "all": None,
    "excl_lulucf": tuple(s for s in sectors.SECTORS if s not in ("lowland_soils", "removals")),
    "energy": ("energy", "buildings", "transport"),
}

Scope = tuple[tuple[str, ...] | None, tuple[str, ...] | None]

#: Named targets a plan can use with ``preset = "..."``, each with its source.
TARGET_PRESETS: dict[str, dict[str, Any]] = {
    "climate_act_2025": {
        "name": "Climate Act 2025", "year": 2025, "reduction": 0.50, "relative_to": 1990,
        "citation": "Klimaloven § 1 stk. 2 (consolidated LBK nr 2580 af 13/12/2021): 50-54 % "
                    "below 1990 in 2025; capf tests the lower end, 50 %",
    },
    "climate_act_2030": {
        "name": "Climate Act 2030", "year": 2030, "reduction": 0.70, "relative_to": 1990,
        "citation": "Klimaloven (LOV nr 965 af 26/06/2020) § 1 stk. 1: 70 % below 1990 in 2030",
    },
    "climate_act_2050": {
        "name": "Climate neutrality 2050", "year": 2050, "net_zero": True,
        "citation": "Klimaloven (LOV nr 965 af 26/06/2020) § 1 stk. 1: a climate-neutral "
                    "society by 2050 at the latest",
    },
    "government_2045": {
        "name": "Climate neutrality 2045", "year": 2045, "net_zero": True,
        "citation": "Government platform of December 2022 (political target, not law): "
                    "climate neutrality in 2045",
    },
    "government_2050_110": {
        "name": "110 % below 1990 in 2050", "year": 2050, "reduction": 1.10,
        "relative_to": 1990,
        "citation": "Government platform of December 2022 (political target, not law): "
                    "110 % below 1990 in 2050",
    },
    "government_2035_proposal": {
        "name": "82 % below 1990 in 2035 (proposal)", "year": 2035, "reduction": 0.82,
        "relative_to": 1990,
        "citation": "Government proposal for a 2035 target of at least 82 % (2025; not adopted)",
    },
}


class _Scoped(Model):
    """Mixin: which sectors and gases a figure covers."""

    scope: Literal["all", "excl_lulucf", "energy"] | None = None
    sectors: tuple[str, ...] | None = None
    gases: tuple[str, ...] | None = None

    @field_validator("sectors")
    @classmethod
    def _sectors(cls, v):
        if v is None:
            return v
        bad = [s for s in v if s not in sectors.SECTORS]
        if bad or not v:
            raise ValueError(f"unknown sector {bad[0]!r}; expected some of "
                             f"{', '.join(sectors.SECTORS)}" if bad else "expected a sector")
        return tuple(sorted(set(v), key=sectors.SECTORS.index))

    @field_validator("gases")
    @classmethod
    def _gases(cls, v):
        if v is None:
            return v
        bad = [g for g in v if g not in GASES]
        if bad or not v:
            raise ValueError(f"unknown gas {bad[0]!r}; expected some of {', '.join(GASES)}"
                             if bad else "expected a gas")
        return tuple(sorted(set(v), key=GASES.index))

    @model_validator(mode="after")
    def _scope_or_sectors(self):
        if self.scope is not None and self.sectors is not None:
            fail([Problem("scope", "give either 'scope' or 'sectors', not both", self.scope)])
        return self

    def scope_key(self) -> Scope:
        """(sectors or None for all, gases or None for all).

        Examples
        --------
        >>> Target.model_validate({"name": "t", "year": 2030, "net_zero": True,
        ...                        "scope": "energy"}).scope_key()
        (('energy', 'buildings', 'transport'), None)
        """
        secs = SCOPES[self.scope] if self.scope is not None else self.sectors
        if secs is not None and tuple(secs) == sectors.SECTORS:
            secs = None
        gases = None if self.gases is None or tuple(self.gases) == GASES else tuple(self.gases)
        return (None if secs is None else tuple(secs), gases)


class NationalSeries(Model):
    """A ``[[national_series]]`` table: a national sector series used to back-cast levels.

    Parameters
    ----------
    series : str
        The series' name (a ``[[baseline]]`` ``backcast`` names it).
    sector : str
        One of ``capf.sectors.SECTORS``.
    values : dict of year to number
        At least two years; only ratios are used, so any unit will do.
    unit : str, default "Mt CO2e/yr"
        The unit of ``values`` (for the reader).
    source : str, optional
        Where the figures come from.

    Examples
    --------
    >>> NationalSeries.model_validate({"series": "n", "sector": "energy",
    ...                                "values": {1990: 2.0, 2023: 1.0}}).values[1990]
    2.0
    """

    series: Name
    sector: str
    values: dict[Whole, Number]
    unit: str = "Mt CO2e/yr"
    source: str | None = None

    @field_validator("values")
    @classmethod
    def _vals(cls, v: dict[int, float]):
        if len(v) < 2:
            raise ValueError("expected at least two years")
        for year, x in v.items():
            if not DOMAINS["year"].contains(year):
                raise ValueError(f"expected years {DOMAINS['year'].text}, got {year}")
            if not (x == x and abs(x) <= 1e12):
                raise ValueError(f"expected values up to 1e12 in size, got {x} for {year}")
        return FrozenDict(sorted(v.items()))

    @field_validator("sector")
    @classmethod
    def _sector(cls, v):
        if v not in sectors.SECTORS:
            raise ValueError(f"unknown sector {v!r}; expected one of {', '.join(sectors.SECTORS)}")
        return v


class Baseline(_Scoped):
    """A ``[[baseline]]`` table: a known historical level, or a back-cast from a national series.

    A given level covers its scope (default: all sectors and gases); with
    ``sectors = ["energy"]`` it is a sector level.

    Parameters
    ----------
    municipality : str
        The municipality code of a given level (a back-cast may cover ``"*"``).
    year : int
        The reference year.
    emissions : quantity, optional
        A given level, CO2e per year (``"160 kt CO2e/yr"``).
    backcast : str, optional
        The ``[[national_series]]`` to back-cast with (``anchor_years`` optional).
    observed : bool
        The level is the ``[[observation]]`` levels by sector of that year.
    estimate : bool
        Flag the level as an estimate.

    Examples
    --------
    >>> Baseline.model_validate({"municipality": "999", "year": 1990,
    ...                          "emissions": "160 kt CO2e/yr"}).level()
    160000.0
    """

    municipality: MunicipalitySelector = "*"
    year: Year
    emissions: QuantityField | None = None
    backcast: str | None = Field(None, description="name of a [[national_series]] to back-cast with")
    anchor_years: tuple[Year, ...] | None = Field(
        None, description="with backcast: years whose observed levels (the base-year inventory "
                          "and [[observation]] by sector) anchor the back-cast")
    observed: Flag = Field(False, description="the level is the [[observation]] levels by "
                                              "sector of that year")
    estimate: Flag = False
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> "Baseline":
        if (self.emissions is not None) + (self.backcast is not None) + self.observed != 1:
            fail([Problem("emissions", "give either 'emissions' (a known level), 'backcast' "
                          "(the name of a [[national_series]]) or 'observed = true', one of "
                          "them", None)])
        if self.anchor_years is not None and (self.backcast is None or not self.anchor_years):
            fail([Problem("anchor_years", "anchor years (a non-empty list of years) belong to "
                          "a back-cast; give 'backcast' too", self.anchor_years)])
        if self.emissions is not None:
            try:
                level = co2e_total(self.emissions, "a baseline level")
            except ValueError as exc:
                fail([Problem("emissions", str(exc), q_str(self.emissions))])
            if level < 0:
                fail([Problem("emissions", f"expected a non-negative reference level (net "
                              f"emissions of a past year), got '{q_str(self.emissions)}'",
                              q_str(self.emissions))])
            if self.municipality == "*":
                fail([Problem("municipality", "a given baseline level belongs to one "
                              "municipality; name it (or set [plan] municipality, the default "
                              "for lines that name none)", None)])
        elif self.scope is not None or self.sectors is not None or self.gases is not None:
            fail([Problem("scope", "a back-cast or an observed level covers every sector; its "
                          "scope follows the target it serves", None)])
        return self

    def level(self) -> float:
        """The given level in t CO2e/yr (COMPILE converts them all once:
        :func:`capf.compile.compiled_targets`).

        Examples
        --------
        >>> Baseline.model_validate({"municipality": "1", "year": 1990,
        ...                          "emissions": "2 Mt CO2e/yr"}).level()
        2000000.0
        """
        return co2e_total(self.emissions, "a baseline level")


class Target(_Scoped):
    """A ``[[target]]`` table.

    Relative (``reduction`` + ``relative_to``), absolute (``level``), per capita
    (``level`` + ``per_capita = true``) or net zero (``net_zero = true``), on a
    scope (all sectors by default; ``sectors = [...]`` for a sector target), or a
    ``preset`` (see :data:`TARGET_PRESETS`).

    Parameters
    ----------
    name : str
        The target's name.
    year : int
        The target year.
    reduction : fraction, optional
        A cut (``"70 %"``) below the level of ``relative_to`` (a year), on the scope.
    level : quantity, optional
        An absolute level, CO2e per year (per inhabitant with ``per_capita = true``).
    net_zero : bool
        Net zero (removals count).
    municipality : "*" or codes
        Where it applies.
    preset : str, optional
        A named target of :data:`TARGET_PRESETS`.

    Examples
    --------
    >>> t = Target.model_validate({"preset": "climate_act_2030"})
    >>> t.kind, t.year, t.reduction, t.relative_to
    ('relative', 2030, 0.7, 1990)
    """

    name: Name
    year: Year
    reduction: Reduction | None = None
    relative_to: Year | None = None
    level: QuantityField | None = None
    per_capita: Flag = False
    net_zero: Flag = False
    municipality: MunicipalitySelector = "*"
    source_note: str | None = Field(None, alias="citation")
    preset: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _preset(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("preset") is not None:
            name = data["preset"]
            if not isinstance(name, str) or name not in TARGET_PRESETS:
                raise ValueError(f"unknown preset {name!r}; expected one of "
                                 f"{', '.join(TARGET_PRESETS)}")
            merged = dict(TARGET_PRESETS[name])
            merged.update({k: v for k, v in data.items() if v is not None})
            return merged
        return data

    @model_validator(mode="after")
    def _check(self) -> "Target":
        kinds = [self.reduction is not None, self.level is not None, self.net_zero]
        if sum(kinds) != 1:
            fail([Problem("reduction", "give exactly one of 'reduction' (with 'relative_to'), "
                          "'level' or 'net_zero = true'", None)])
        if self.reduction is not None:
            if self.relative_to is None:
                fail([Problem("relative_to", "a 'reduction' target needs 'relative_to' "
                              "(the reference year, e.g. 1990)", None)])
            if self.reduction < 0:
                fail([Problem("reduction", f"expected a reduction of 0 % or more, got "
                              f"{self.reduction:.4g}", self.reduction)])
        elif self.relative_to is not None:
            fail([Problem("relative_to", "'relative_to' goes with 'reduction'", self.relative_to)])
        if self.per_capita and self.level is None:
            fail([Problem("per_capita", "'per_capita' goes with 'level' (per inhabitant, "
                          "e.g. '2 t CO2e/yr')", None)])
        if self.level is not None:
            try:
                co2e_total(self.level, "a target level")
            except ValueError as exc:
                fail([Problem("level", str(exc), q_str(self.level))])
        return self

    @property
    def kind(self) -> str:
        """``net_zero``, ``relative``, ``per_capita`` or ``absolute``.

        Examples
        --------
        >>> Target.model_validate({"name": "z", "year": 2050, "net_zero": True}).kind
        'net_zero'
        """
        if self.net_zero:
            return "net_zero"
        if self.reduction is not None:
            return "relative"
        return "per_capita" if self.per_capita else "absolute"

    def level_value(self) -> float:
        """The absolute target level in t CO2e/yr (per inhabitant for per-capita targets).

        Examples
        --------
        >>> Target.model_validate({"name": "a", "year": 2040,
        ...                        "level": "10 kt CO2e/yr"}).level_value()
        10000.0
        """
        return co2e_total(self.level, "a target level")


class Budget(_Scoped):
    """A ``[[budget]]`` table: a carbon budget from ``start`` (first year counted).

    ``amount`` (e.g. ``"1000 kt CO2e"``) applies to each selected municipality;
    or ``national_amount`` with ``allocation = "per_capita"`` shares a national
    budget by population (``national_population``, default: the plan's total).

    Parameters
    ----------
    name : str
        The budget's name.
    start, end : int
        First and last year counted (``end`` default: the plan's end year).
    amount, national_amount : quantity
        An amount of CO2e (``"1000 kt CO2e"``), one of them.
    allocation : "per_capita", optional
        How ``national_amount`` is shared.
    national_population : int, optional
        Inhabitants the national amount is for.

    Examples
    --------
    >>> Budget.model_validate({"name": "b", "start": 2023, "amount": "1 Mt CO2e"}).end is None
    True
    """

    name: Name
    start: Year
    end: Year | None = None
    amount: QuantityField | None = None
    national_amount: QuantityField | None = None
    allocation: Literal["per_capita"] | None = None
    national_population: Whole | None = Field(None, gt=0)
    municipality: MunicipalitySelector = "*"
    source_note: str | None = Field(None, alias="citation")

    @model_validator(mode="after")
    def _check(self) -> "Budget":
        problems: list[Problem] = []
        if (self.amount is None) == (self.national_amount is None):
            problems.append(Problem("amount", "give either 'amount' or 'national_amount' (with "
                                    "allocation = 'per_capita')", None))
        if self.national_amount is not None and self.allocation is None:
            problems.append(Problem("allocation", "'national_amount' needs allocation = "
                                    "'per_capita'", None))
        for f in ("amount", "national_amount"):
            q = getattr(self, f)
            if q is not None:
                try:
                    if co2e_amount(q, "a budget") < 0:
                        problems.append(Problem(f, f"expected a non-negative budget, got "
                                                f"'{q_str(q)}'", q_str(q)))
                except ValueError as exc:
                    problems.append(Problem(f, str(exc), q_str(q)))
        if self.end is not None and self.end < self.start:
            problems.append(Problem("end", f"expected a year at or after start ({self.start}), "
                                    f"got {self.end}", self.end))
        fail(problems)
        return self


class Observation(Model):
    """An ``[[observation]]``: an observed yearly level to monitor the plan against.

    Parameters
    ----------
    municipality : str, optional
        Its municipality (default: the plan's).
    year : int
        The year observed.
    emissions : quantity
        CO2e per year (``"140 kt CO2e/yr"``).
    sector : str, optional
        The sector observed (default: the whole municipality).
    source : str, optional
        Where the figure comes from.
    estimate : bool
        Flag the level as an estimate.

    Examples
    --------
    >>> Observation.model_validate({"year": 2024, "emissions": "1 kt CO2e/yr"}).level()
    1000.0
    """

    municipality: str | None = None
    year: Year
    emissions: QuantityField
    sector: str | None = None
    source: str | None = None
    estimate: Flag = False

    @model_validator(mode="after")
    def _check(self) -> "Observation":
        try:
            co2e_total(self.emissions, "an observed level")
        except ValueError as exc:
            fail([Problem("emissions", str(exc), q_str(self.emissions))])
        if self.sector is not None and self.sector not in sectors.SECTORS:
            fail([Problem("sector", f"unknown sector {self.sector!r}; expected one of "
                          f"{', '.join(sectors.SECTORS)}", self.sector)])
        return self

    def level(self) -> float:
        """The observed level in t CO2e/yr.

        Examples
        --------
        >>> Observation.model_validate({"year": 2024, "emissions": "2 kt CO2e/yr"}).level()
        2000.0
        """
        return co2e_total(self.emissions, "an observed level")
