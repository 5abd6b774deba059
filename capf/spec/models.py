"""The pydantic models of a plan (SPEC stage).

Every model forbids unknown keys (a typo is an error) and is frozen. Quantities
are parsed and their dimension checked here; they are converted to the
canonical units of the engine in COMPILE. Checks that need the whole plan (years
against the base year, names that refer to each other) run in
:meth:`Plan._check_plan`, which reports every problem it finds at once.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

import pint
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
    model_validator,
)

from .. import sectors
from ..errors import PlanError, Problem
from ..units import DEFAULT_GWP, GASES, GWP_SETS, ureg
from .quantity import check_dimension, parse_fraction, parse_quantity, parse_share, split_gas

__all__ = [
    "Plan",
    "PlanMeta",
    "Municipality",
    "InventoryLine",
    "Baseline",
    "NationalSeries",
    "Driver",
    "Action",
    "Scenario",
    "Target",
]

# ---------------------------------------------------------------- field types


def _q_serialise(q: pint.Quantity) -> str:
    return f"{q.magnitude:.12g} {q.units:~P}".strip()


QuantityField = Annotated[
    pint.Quantity,
    BeforeValidator(parse_quantity),
    PlainSerializer(_q_serialise, return_type=str),
]

Share = Annotated[float, BeforeValidator(parse_share)]
Fraction = Annotated[float, BeforeValidator(lambda v: parse_fraction(v, what="a fraction"))]

Year = Annotated[int, Field(ge=1800, le=2200)]


def _code(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise ValueError(f"expected a municipality code (a string such as '540'), got {v!r}")
    s = str(v).strip()
    if not s:
        raise ValueError("expected a non-empty municipality code")
    return s


Code = Annotated[str, BeforeValidator(_code)]


def _selector(v: Any) -> str | tuple[str, ...]:
    if v == "*" or v is None:
        return "*"
    if isinstance(v, (list, tuple)):
        if not v:
            raise ValueError("expected '*', a code or a non-empty list of codes, got []")
        return tuple(_code(x) for x in v)
    return (_code(v),)


MunicipalitySelector = Annotated[str | tuple[str, ...], BeforeValidator(_selector)]

_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_ .,:()/&'+-]*$")


def _name(v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ValueError(f"expected a non-empty name, got {v!r}")
    v = v.strip()
    if len(v) > 200:
        raise ValueError(f"a name may have at most 200 characters, got {len(v)}")
    return v


Name = Annotated[str, BeforeValidator(_name)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        arbitrary_types_allowed=True,
        populate_by_name=True,
        str_strip_whitespace=True,
    )


def _fail(problems: list[Problem]) -> None:
    if problems:
        raise PlanError(problems)


def _mass_rate(q: pint.Quantity, gas_hint: str | None, raw: Any, loc: str) -> tuple[str, float]:
    """Check an emissions quantity; return (gas, t/yr)."""
    gas, plain = split_gas(q)
    if gas_hint is not None:
        if gas is not None and gas != gas_hint and not (gas_hint == "F-gases" and gas == "CO2e"):
            raise ValueError(f"the key names {gas_hint} but the value names {gas}: {raw!r}")
        gas = gas_hint
    if gas is None:
        raise ValueError(
            f"name the gas: write e.g. '25 kt CO2e/yr', or a table such as "
            f"{{ CH4 = '1.2 t/yr' }}; got {raw!r}"
        )
    value = check_dimension(plain, "t/yr", what="emissions (mass per year)", raw=raw)
    return gas, float(value.magnitude)


# ------------------------------------------------------------------- models


class PlanMeta(_Model):
    """The ``[plan]`` table."""

    name: Name
    base_year: Year
    end_year: Year = 2050
    gwp: Literal["AR4GWP100", "AR5GWP100", "AR6GWP100"] = DEFAULT_GWP
    municipality: Code | None = Field(
        None, description="Default municipality code for lines that name none."
    )
    description: str | None = None
    electricity_method: Literal["national_average", "local_netted"] = "national_average"

    @model_validator(mode="after")
    def _years(self) -> "PlanMeta":
        if self.end_year <= self.base_year:
            raise PlanError(
                [Problem("end_year", f"expected a year after base_year {self.base_year}, "
                         f"got {self.end_year}", self.end_year)]
            )
        return self


class Municipality(_Model):
    """A ``[[municipality]]`` table."""

    code: Code
    name: str | None = None
    population: int | None = Field(None, ge=0)
    region: str | None = None
    area: QuantityField | None = None

    @field_validator("area")
    @classmethod
    def _area(cls, q):
        if q is None:
            return q
        q = check_dimension(q, "km**2", what="an area")
        if q.magnitude < 0:
            raise ValueError(f"expected a non-negative area, got '{q:~P}'")
        return q

    @field_validator("population", mode="before")
    @classmethod
    def _pop(cls, v):
        if isinstance(v, bool):
            raise ValueError(f"expected a number of inhabitants, got {v!r}")
        if isinstance(v, float):
            if not v.is_integer():
                raise ValueError(f"expected a whole number of inhabitants, got {v!r}")
            return int(v)
        return v


class InventoryLine(_Model):
    """An ``[[inventory]]`` line: base-year activity (and factor overrides) or emissions."""

    municipality: Code | None = None
    source: str
    activity: QuantityField | None = None
    factor: dict[str, QuantityField] | None = None
    emissions: QuantityField | dict[str, QuantityField] | None = None
    efficiency: Annotated[float, Field(gt=0, le=20)] | None = None
    reported_negative: bool = False
    estimate: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> "InventoryLine":
        problems: list[Problem] = []
        try:
            src = sectors.get_source(self.source)
        except KeyError as exc:
            _fail([Problem("source", str(exc.args[0]), self.source)])
        if (self.activity is None) == (self.emissions is None):
            problems.append(Problem("activity", "give either 'activity' or 'emissions' (one of "
                                    "them, not both)", None))
        if self.activity is not None:
            if src.emission_level:
                problems.append(Problem(
                    "activity", f"source {src.id!r} is known only as emissions; give "
                    f"'emissions' (e.g. '25 kt CO2e/yr') instead of an activity",
                    _q_serialise(self.activity)))
            else:
                try:
                    q = check_dimension(self.activity, src.activity_unit,
                                        what=f"an activity of source {src.id!r}",
                                        raw=_q_serialise(self.activity))
                    if q.magnitude < 0:
                        problems.append(Problem("activity", f"expected a non-negative activity, "
                                                f"got '{_q_serialise(self.activity)}'",
                                                _q_serialise(self.activity)))
                except ValueError as exc:
                    problems.append(Problem("activity", str(exc), _q_serialise(self.activity)))
                if not src.has_default_factor and not self.factor:
                    problems.append(Problem(
                        "factor", f"source {src.id!r} has no sourced default factor in the "
                        "catalogue; give 'factor' per gas (e.g. { CO2 = '2.5 t/ha/yr' })", None))
        if self.factor is not None:
            if self.activity is None:
                problems.append(Problem("factor", "'factor' goes with 'activity'; an "
                                        "'emissions' line needs none", None))
            elif not src.emission_level:
                for gas, q in self.factor.items():
                    if gas not in GASES:
                        problems.append(Problem(f"factor.{gas}", f"unknown gas {gas!r}; expected "
                                                f"one of {', '.join(GASES)}", gas))
                        continue
                    try:
                        self.factor_value(gas, src)
                    except ValueError as exc:
                        problems.append(Problem(f"factor.{gas}", str(exc), _q_serialise(q)))
        if self.emissions is not None:
            items = (self.emissions.items() if isinstance(self.emissions, dict)
                     else [(None, self.emissions)])
            for gas, q in items:
                loc = "emissions" if gas is None else f"emissions.{gas}"
                if gas is not None and gas not in GASES:
                    problems.append(Problem(loc, f"unknown gas {gas!r}; expected one of "
                                            f"{', '.join(GASES)}", gas))
                    continue
                try:
                    _, value = _mass_rate(q, gas, _q_serialise(q), loc)
                except ValueError as exc:
                    problems.append(Problem(loc, str(exc), _q_serialise(q)))
                    continue
                if value < 0 and not (src.removal or self.reported_negative):
                    problems.append(Problem(
                        loc, f"negative emissions for {src.id!r}, which is not a removal source; "
                        "fix the sign, or set reported_negative = true if this is a reported "
                        f"figure, got '{_q_serialise(q)}'", _q_serialise(q)))
        if self.efficiency is not None and src.carrier is None:
            problems.append(Problem("efficiency", f"source {src.id!r} uses no energy carrier; "
                                    "'efficiency' does not apply", self.efficiency))
        _fail(problems)
        return self

    def factor_value(self, gas: str, src: sectors.Source | None = None) -> float:
        """The overriding factor of ``gas`` in t per unit of the source's activity per year."""
        src = src or sectors.get_source(self.source)
        q = self.factor[gas]
        g, plain = split_gas(q)
        if g is not None and g != gas and not (gas == "F-gases" and g == "CO2e"):
            raise ValueError(f"the key names {gas} but the value names {g}")
        target = ureg.Unit("t/yr") / ureg.Unit(src.activity_unit)
        q2 = check_dimension(plain, str(target), what=f"a factor for {src.id!r} (mass of gas "
                             f"per {src.activity_unit})", raw=_q_serialise(q))
        if q2.magnitude < 0 and not src.removal:
            raise ValueError(f"expected a non-negative factor, got '{_q_serialise(q)}'")
        return float(q2.magnitude)

    def emissions_by_gas(self) -> dict[str, float]:
        """Emissions of this line in t of each gas per year."""
        items = (self.emissions.items() if isinstance(self.emissions, dict)
                 else [(None, self.emissions)])
        out: dict[str, float] = {}
        for gas, q in items:
            g, value = _mass_rate(q, gas, q, "")
            out[g] = out.get(g, 0.0) + value
        return out


class NationalSeries(_Model):
    """A ``[[national_series]]`` table: a national sector series used to back-cast levels."""

    series: Name
    sector: str
    values: dict[int, float]
    unit: str = "Mt CO2e/yr"
    source: str | None = None

    @field_validator("values")
    @classmethod
    def _vals(cls, v: dict[int, float]):
        if len(v) < 2:
            raise ValueError("expected at least two years")
        for year, x in v.items():
            if not (x == x and abs(x) != float("inf")):
                raise ValueError(f"expected finite values, got {x} for {year}")
        return dict(sorted(v.items()))

    @field_validator("sector")
    @classmethod
    def _sector(cls, v):
        if v not in sectors.SECTORS:
            raise ValueError(f"unknown sector {v!r}; expected one of {', '.join(sectors.SECTORS)}")
        return v


class Baseline(_Model):
    """A ``[[baseline]]`` table: a known historical level, or a back-cast from a national series."""

    municipality: MunicipalitySelector = "*"
    year: Year
    emissions: QuantityField | None = None
    backcast: str | None = Field(None, description="name of a [[national_series]] to back-cast with")
    estimate: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> "Baseline":
        if (self.emissions is None) == (self.backcast is None):
            _fail([Problem("emissions", "give either 'emissions' (a known level) or 'backcast' "
                           "(the name of a [[national_series]]), one of them", None)])
        if self.emissions is not None:
            try:
                gas, value = _mass_rate(self.emissions, None, _q_serialise(self.emissions), "")
            except ValueError as exc:
                _fail([Problem("emissions", str(exc), _q_serialise(self.emissions))])
            if gas != "CO2e":
                _fail([Problem("emissions", f"a baseline level is a CO2e total, e.g. "
                               f"'160 kt CO2e/yr'; got '{_q_serialise(self.emissions)}'",
                               _q_serialise(self.emissions))])
            if self.municipality == "*":
                _fail([Problem("municipality", "a given baseline level belongs to one "
                               "municipality; name it", None)])
        return self

    def level(self) -> float:
        """The given level in t CO2e/yr."""
        return _mass_rate(self.emissions, None, self.emissions, "")[1]


class Driver(_Model):
    """A ``[[driver]]`` table: a growth index of a source's activity over the years."""

    name: Name
    source: str = Field(description="a source id, a sector name or a prefix such as 'energy.*'")
    municipality: MunicipalitySelector = "*"
    rate: QuantityField | None = None
    index: dict[int, float] | None = None
    scenarios: list[Name] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> "Driver":
        problems: list[Problem] = []
        try:
            sectors.sources_in(self.source)
        except KeyError as exc:
            problems.append(Problem("source", str(exc.args[0]), self.source))
        if (self.rate is None) == (self.index is None):
            problems.append(Problem("rate", "give either 'rate' (e.g. '1 %/yr') or 'index' "
                                    "(key years, e.g. { 2023 = 1.0, 2030 = 1.1 })", None))
        if self.rate is not None:
            try:
                r = check_dimension(self.rate, "1/yr", what="a growth rate", raw=_q_serialise(self.rate))
                if r.magnitude <= -1:
                    problems.append(Problem("rate", "expected a rate above -100 %/yr",
                                            _q_serialise(self.rate)))
            except ValueError as exc:
                problems.append(Problem("rate", str(exc), _q_serialise(self.rate)))
        if self.index is not None:
            if not self.index:
                problems.append(Problem("index", "expected at least one year", self.index))
            for year, x in self.index.items():
                if not (x == x and x not in (float("inf"), float("-inf"))) or x < 0:
                    problems.append(Problem(f"index.{year}", f"expected a finite, non-negative "
                                            f"index, got {x}", x))
        _fail(problems)
        return self

    def rate_per_year(self) -> float:
        return float(self.rate.to("1/yr").magnitude)


ActionKind = Literal["reduce", "switch", "decarbonise", "remove", "add"]
Curve = Literal["step", "linear", "logistic", "bass", "stock_turnover"]
SalesCurve = Literal["step", "linear", "logistic", "bass"]


class Action(_Model):
    """An ``[[action]]`` table: one measure of the plan.

    ``reduce`` takes ``source`` and ``share``; ``switch`` takes ``from``, ``to`` and
    ``share``; ``decarbonise`` takes ``source`` or ``carrier`` and the new
    ``factor`` (and optionally ``share``, the part of the way to it, default
    100 %); ``remove`` takes ``source`` (a removal source) and ``activity``;
    ``add`` (new activity of any source, e.g. a wind farm's production) takes
    ``source`` and ``activity``. All take ``start``,
    ``full``, ``curve`` and an optional ``municipality``.
    """

    name: Name
    kind: ActionKind
    source: str | None = None
    from_: str | None = Field(None, alias="from")
    to: str | None = None
    carrier: str | None = None
    share: Share | None = None
    factor: QuantityField | dict[str, QuantityField] | None = None
    activity: QuantityField | None = None
    conversion: QuantityField | None = None
    start: Year
    full: Year
    curve: Curve = "linear"
    steepness: Annotated[float, Field(gt=0, le=50)] = 10.0
    p: Annotated[float, Field(gt=0, le=1)] = 0.03
    q: Annotated[float, Field(ge=0, le=5)] = 0.38
    lifetime: Annotated[float, Field(gt=0, le=100)] | None = None
    survival: Literal["fixed", "exponential", "weibull"] = "fixed"
    shape: Annotated[float, Field(gt=0, le=20)] | None = None
    sales_curve: SalesCurve = "linear"
    municipality: MunicipalitySelector = "*"
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> "Action":
        problems: list[Problem] = []
        if self.curve == "stock_turnover":
            if self.lifetime is None:
                problems.append(Problem("lifetime", "a 'stock_turnover' curve needs 'lifetime' "
                                        "(mean years a unit stays in the stock, e.g. 15)", None))
            if self.survival == "weibull" and self.shape is None:
                problems.append(Problem("shape", "a Weibull survival curve needs 'shape'", None))
        else:
            for f in ("lifetime", "shape"):
                if getattr(self, f) is not None:
                    problems.append(Problem(f, f"'{f}' goes with curve = 'stock_turnover'",
                                            getattr(self, f)))
        allowed = {
            "reduce": {"source", "share"},
            "switch": {"from_", "to", "share", "conversion"},
            "decarbonise": {"source", "carrier", "factor", "share"},
            "remove": {"source", "activity"},
            "add": {"source", "activity"},
        }[self.kind]
        given = {f for f in ("source", "from_", "to", "carrier", "share", "factor", "activity",
                             "conversion") if getattr(self, f) is not None}
        key = {"from_": "from"}
        for f in sorted(given - allowed):
            problems.append(Problem(key.get(f, f), f"'{key.get(f, f)}' does not apply to a "
                                    f"'{self.kind}' action (it takes "
                                    f"{', '.join(sorted(key.get(a, a) for a in allowed))})",
                                    None))
        required = {
            "reduce": ["source", "share"],
            "switch": ["from_", "to", "share"],
            "decarbonise": ["factor"],
            "remove": ["source", "activity"],
            "add": ["source", "activity"],
        }[self.kind]
        for f in required:
            if getattr(self, f) is None:
                problems.append(Problem(key.get(f, f), f"a '{self.kind}' action needs "
                                        f"'{key.get(f, f)}'", None))
        if self.kind == "decarbonise" and (self.source is None) == (self.carrier is None):
            problems.append(Problem("source", "a 'decarbonise' action names either a 'source' "
                                    "or a 'carrier' (one of them)", None))
        for f in ("source", "from_", "to"):
            v = getattr(self, f)
            if v is not None and f in allowed:
                try:
                    sectors.get_source(v)
                except KeyError as exc:
                    problems.append(Problem(key.get(f, f), str(exc.args[0]), v))
        if self.carrier is not None and "carrier" in allowed:
            try:
                sectors.get_carrier(self.carrier)
            except KeyError as exc:
                problems.append(Problem("carrier", str(exc.args[0]), self.carrier))
        if self.kind == "switch" and self.from_ and self.from_ == self.to:
            problems.append(Problem("to", "a switch moves activity to another source; 'from' "
                                    "and 'to' are the same", self.to))
        if self.full < self.start:
            problems.append(Problem("full", f"expected a year at or after start ({self.start}), "
                                    f"got {self.full}", self.full))
        elif self.full == self.start and self.curve != "step" and not (
                self.curve == "stock_turnover" and self.sales_curve == "step"):
            problems.append(Problem("full", f"a '{self.curve}' curve needs full after start "
                                    f"({self.start}); use curve = 'step' for a jump", self.full))
        _fail(problems)
        return self


class Scenario(_Model):
    """A ``[[scenario]]`` table: a named set of actions, optionally extending another."""

    name: Name
    actions: list[Name] = Field(default_factory=list)
    extends: Name | None = None
    drivers: list[Name] = Field(default_factory=list)
    description: str | None = None


class Target(_Model):
    """A ``[[target]]`` table: relative (``reduction`` + ``relative_to``), absolute (``level``) or net zero."""

    name: Name
    year: Year
    reduction: Fraction | None = None
    relative_to: Year | None = None
    level: QuantityField | None = None
    net_zero: bool = False
    municipality: MunicipalitySelector = "*"
    source_note: str | None = Field(None, alias="citation")

    @model_validator(mode="after")
    def _check(self) -> "Target":
        kinds = [self.reduction is not None, self.level is not None, self.net_zero]
        if sum(kinds) != 1:
            _fail([Problem("reduction", "give exactly one of 'reduction' (with 'relative_to'), "
                           "'level' or 'net_zero = true'", None)])
        if self.reduction is not None:
            if self.relative_to is None:
                _fail([Problem("relative_to", "a 'reduction' target needs 'relative_to' "
                               "(the reference year, e.g. 1990)", None)])
            if self.reduction < 0:
                _fail([Problem("reduction", f"expected a reduction of 0 % or more, got "
                               f"{self.reduction:.4g}", self.reduction)])
        elif self.relative_to is not None:
            _fail([Problem("relative_to", "'relative_to' goes with 'reduction'", self.relative_to)])
        if self.level is not None:
            try:
                gas, value = _mass_rate(self.level, None, _q_serialise(self.level), "")
            except ValueError as exc:
                _fail([Problem("level", str(exc), _q_serialise(self.level))])
            if gas != "CO2e":
                _fail([Problem("level", f"a target level is a CO2e total, e.g. '20 kt CO2e/yr'; "
                               f"got '{_q_serialise(self.level)}'", _q_serialise(self.level))])
        return self

    @property
    def kind(self) -> str:
        if self.net_zero:
            return "net_zero"
        return "relative" if self.reduction is not None else "absolute"

    def level_value(self) -> float:
        """The absolute target level in t CO2e/yr."""
        return _mass_rate(self.level, None, self.level, "")[1]


class Plan(_Model):
    """A climate action plan: what a plan file holds, validated.

    Build it from a file with :func:`capf.load_plan`, from a dict with
    ``Plan.model_validate(d)`` (raises :class:`capf.errors.PlanError`), or from
    the bundled data with :func:`capf.datasets.denmark`.
    """

    plan: PlanMeta
    municipality: list[Municipality] = Field(default_factory=list)
    inventory: list[InventoryLine] = Field(default_factory=list)
    baseline: list[Baseline] = Field(default_factory=list)
    national_series: list[NationalSeries] = Field(default_factory=list)
    driver: list[Driver] = Field(default_factory=list)
    action: list[Action] = Field(default_factory=list)
    scenario: list[Scenario] = Field(default_factory=list)
    target: list[Target] = Field(default_factory=list)

    # -- construction with capf errors ------------------------------------
    @classmethod
    def model_validate(cls, obj: Any, *args, **kwargs) -> "Plan":  # type: ignore[override]
        """Validate a dict (e.g. parsed TOML); raise :class:`capf.errors.PlanError`."""
        from .load import problems_from_validation_error

        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise PlanError(problems_from_validation_error(exc, obj)) from None

    # -- lookups ------------------------------------------------------------
    @property
    def municipality_codes(self) -> list[str]:
        return [m.code for m in self.municipality]

    def line_municipality(self, line_code: str | None) -> str | None:
        """The municipality a line belongs to (its own, the plan default, or the only one)."""
        if line_code is not None:
            return line_code
        if self.plan.municipality is not None:
            return self.plan.municipality
        if len(self.municipality) == 1:
            return self.municipality[0].code
        return None

    def select(self, selector: str | tuple[str, ...]) -> list[str]:
        """Municipality codes a selector (``"*"`` or codes) stands for."""
        if selector == "*":
            return self.municipality_codes
        return list(selector)

    def scenario_actions(self, name: str) -> list[str]:
        """Actions of a scenario, its parents' included, in the plan's declared order."""
        chosen = set(self._scenario_chain(name, "actions"))
        return [a.name for a in self.action if a.name in chosen]

    def scenario_drivers(self, name: str) -> list[str]:
        """Drivers in effect in a scenario: unlisted drivers everywhere, listed ones where named."""
        listed = {d for s in self.scenario for d in s.drivers}
        named = set(self._scenario_chain(name, "drivers"))
        out = []
        for d in self.driver:
            if d.scenarios is not None:
                if name in d.scenarios or d.name in named:
                    out.append(d.name)
            elif d.name not in listed or d.name in named:
                out.append(d.name)
        return out

    def _scenario_chain(self, name: str, attr: str) -> list[str]:
        by_name = {s.name: s for s in self.scenario}
        out: list[str] = []
        seen: set[str] = set()
        while name is not None and name not in seen:
            seen.add(name)
            s = by_name[name]
            out.extend(getattr(s, attr))
            name = s.extends
        return out

    # -- whole-plan checks -------------------------------------------------
    @model_validator(mode="after")
    def _check_plan(self) -> "Plan":
        problems: list[Problem] = []
        add = problems.append
        base, end = self.plan.base_year, self.plan.end_year

        def dupes(items, attr, table):
            seen: dict[str, int] = {}
            for i, item in enumerate(items, 1):
                v = getattr(item, attr)
                if v in seen:
                    add(Problem(f"{table}[{i}].{attr}", f"duplicated {attr} {v!r} (first used in "
                                f"{table}[{seen[v]}])", v))
                else:
                    seen[v] = i

        dupes(self.municipality, "code", "municipality")
        dupes(self.action, "name", "action")
        dupes(self.scenario, "name", "scenario")
        dupes(self.target, "name", "target")
        dupes(self.driver, "name", "driver")
        codes = set(self.municipality_codes)
        if not self.municipality:
            add(Problem("municipality", "a plan needs at least one [[municipality]]", None))
        if self.plan.municipality is not None and self.plan.municipality not in codes:
            add(Problem("plan.municipality", f"unknown municipality {self.plan.municipality!r}",
                        self.plan.municipality))

        def check_code(code, loc):
            if code not in codes:
                add(Problem(loc, f"unknown municipality {code!r}; the plan defines "
                            f"{', '.join(sorted(codes)[:10]) or 'none'}"
                            f"{' ...' if len(codes) > 10 else ''}", code))

        def check_selector(sel, loc):
            if sel != "*":
                for c in sel:
                    check_code(c, loc)

        seen_lines: dict[tuple[str, str], int] = {}
        for i, line in enumerate(self.inventory, 1):
            code = self.line_municipality(line.municipality)
            if code is None:
                add(Problem(f"inventory[{i}].municipality", "name the municipality (the plan has "
                            "several and no [plan] municipality default)", None))
                continue
            check_code(code, f"inventory[{i}].municipality")
            key = (code, line.source)
            if key in seen_lines:
                add(Problem(f"inventory[{i}].source", f"duplicated inventory line for "
                            f"municipality {code!r} and source {line.source!r} (first in "
                            f"inventory[{seen_lines[key]}])", line.source))
            else:
                seen_lines[key] = i

        series = {s.series for s in self.national_series}
        seen_base: dict[tuple[str, int], int] = {}
        for i, b in enumerate(self.baseline, 1):
            if b.year > base:
                add(Problem(f"baseline[{i}].year", f"expected a year at or before the base year "
                            f"{base}, got {b.year}", b.year))
            check_selector(b.municipality, f"baseline[{i}].municipality")
            if b.backcast is not None and b.backcast not in series:
                add(Problem(f"baseline[{i}].backcast", f"unknown national series "
                            f"{b.backcast!r}; define it in [[national_series]]", b.backcast))
            for code in self.select(b.municipality):
                k = (code, b.year)
                if k in seen_base:
                    add(Problem(f"baseline[{i}].year", f"duplicated baseline for municipality "
                                f"{code!r} and year {b.year} (first in baseline[{seen_base[k]}])",
                                b.year))
                    break
                seen_base[k] = i
        seen_series: set[tuple[str, str]] = set()
        for i, s in enumerate(self.national_series, 1):
            if (s.series, s.sector) in seen_series:
                add(Problem(f"national_series[{i}].sector", f"duplicated sector {s.sector!r} in "
                            f"series {s.series!r}", s.sector))
            seen_series.add((s.series, s.sector))

        scen_names = {s.name for s in self.scenario}
        for i, d in enumerate(self.driver, 1):
            check_selector(d.municipality, f"driver[{i}].municipality")
            for s in d.scenarios or []:
                if s not in scen_names:
                    add(Problem(f"driver[{i}].scenarios", f"unknown scenario {s!r}", s))
            if d.index is not None and d.index:
                first = min(d.index)
                if first > base:
                    add(Problem(f"driver[{i}].index", f"the index must cover the base year "
                                f"{base}; its first year is {first}", first))
                if max(d.index) < base:
                    add(Problem(f"driver[{i}].index", f"the index ends before the base year "
                                f"{base}", max(d.index)))
                else:
                    import numpy as np

                    ys = sorted(d.index)
                    at_base = float(np.interp(base, ys, [d.index[y] for y in ys]))
                    if at_base <= 0:
                        add(Problem(f"driver[{i}].index", f"the index is 0 at the base year "
                                    f"{base}; an index relative to the base year needs a "
                                    f"positive base-year value", at_base))

        for i, a in enumerate(self.action, 1):
            if a.start < base:
                add(Problem(f"action[{i}].start", f"expected a year from the base year {base} "
                            f"on, got {a.start}", a.start))
            check_selector(a.municipality, f"action[{i}].municipality")

        if not self.scenario:
            add(Problem("scenario", "a plan needs at least one [[scenario]] (e.g. name = 'bau')",
                        None))
        action_names = {a.name for a in self.action}
        driver_names = {d.name for d in self.driver}
        by_name = {s.name: s for s in self.scenario}
        for i, s in enumerate(self.scenario, 1):
            for a in s.actions:
                if a not in action_names:
                    add(Problem(f"scenario[{i}].actions", f"unknown action {a!r}", a))
            for d in s.drivers:
                if d not in driver_names:
                    add(Problem(f"scenario[{i}].drivers", f"unknown driver {d!r}", d))
            if s.extends is not None:
                if s.extends not in by_name:
                    add(Problem(f"scenario[{i}].extends", f"unknown scenario {s.extends!r}",
                                s.extends))
                else:
                    chain, cur = [s.name], s.extends
                    while cur is not None and cur in by_name:
                        if cur in chain:
                            add(Problem(f"scenario[{i}].extends", "cyclic 'extends': "
                                        + " -> ".join(chain + [cur]), s.extends))
                            break
                        chain.append(cur)
                        cur = by_name[cur].extends

        for i, t in enumerate(self.target, 1):
            if not base <= t.year <= end:
                add(Problem(f"target[{i}].year", f"expected a year from the base year {base} to "
                            f"the end year {end}, got {t.year}", t.year))
            if t.relative_to is not None and t.relative_to > base:
                add(Problem(f"target[{i}].relative_to", f"expected a reference year at or before "
                            f"the base year {base}, got {t.relative_to}", t.relative_to))
            check_selector(t.municipality, f"target[{i}].municipality")
            if t.relative_to is not None and t.relative_to < base:
                missing = [c for c in self.select(t.municipality)
                           if c in codes and (c, t.relative_to) not in seen_base]
                if missing:
                    add(Problem(f"target[{i}].relative_to", f"no reference level for "
                                f"{t.relative_to} in municipality {', '.join(missing[:5])}"
                                f"{' ...' if len(missing) > 5 else ''}: give a [[baseline]] for "
                                f"{t.relative_to} (a level, or a back-cast)", t.relative_to))
        for i, a in enumerate(self.action, 1):
            if a.kind not in ("switch", "remove", "decarbonise"):
                continue
            acted = a.from_ if a.kind == "switch" else a.source
            if acted is None:
                continue
            on_emissions = [c for c in self.select(a.municipality)
                            if seen_lines.get((c, acted)) is not None
                            and self.inventory[seen_lines[(c, acted)] - 1].emissions is not None]
            if on_emissions:
                key = "from" if a.kind == "switch" else "source"
                add(Problem(f"action[{i}].{key}", f"action {a.name!r} needs the activity of "
                            f"{acted!r}, but its inventory line gives emissions in municipality "
                            f"{', '.join(on_emissions[:5])}; give the activity, or use a "
                            f"'reduce' action", acted))
        _fail(problems)
        return self
