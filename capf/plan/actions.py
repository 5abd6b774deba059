"""Actions (the plan's measures) and scenarios."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, model_validator

from .. import sectors
from ..errors import Problem
from .domains import number
from .fields import (
    Flag,
    Model,
    MunicipalitySelector,
    Name,
    QuantityField,
    UQuantity,
    UShare,
    UYear,
    Year,
    fail,
)
from .inventory import _parse_emissions, _serialise_emissions
from .uncertain import Dist, central

__all__ = ["Action", "Scenario", "ActionKind", "Curve"]


ActionKind = Literal["reduce", "switch", "decarbonise", "remove", "add"]
Curve = Literal["step", "linear", "logistic", "bass", "stock_turnover"]
SalesCurve = Literal["step", "linear", "logistic", "bass"]


class Action(Model):
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
    share: UShare | None = None
    factor: Annotated[Any, BeforeValidator(_parse_emissions),
                      PlainSerializer(_serialise_emissions)] = None
    activity: UQuantity | None = None
    conversion: QuantityField | None = None
    start: Year
    full: UYear
    curve: Curve = "linear"
    steepness: Annotated[float, BeforeValidator(number), Field(gt=0, le=50)] = 10.0
    p: Annotated[float, BeforeValidator(number), Field(gt=0, le=1)] = 0.03
    q: Annotated[float, BeforeValidator(number), Field(ge=0, le=5)] = 0.38
    lifetime: Annotated[float, BeforeValidator(number), Field(gt=0, le=100)] | None = None
    survival: Literal["fixed", "exponential", "weibull"] = "fixed"
    shape: Annotated[float, BeforeValidator(number), Field(gt=0, le=20)] | None = None
    sales_curve: SalesCurve = "linear"
    municipality: MunicipalitySelector = "*"
    investment: UQuantity | None = None
    operating: UQuantity | None = None
    price_year: Year | None = None
    candidate: Flag = False
    label: str | None = None
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
        elif self.shape is not None:
            problems.append(Problem("shape", "'shape' goes with curve = 'stock_turnover'",
                                    self.shape))
        problems += self._check_costs()
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
        full = self.full.mean() if isinstance(self.full, Dist) else self.full
        if isinstance(self.full, Dist) and self.full.kind in ("uniform", "triangular", "beta") \
                and self.full.p.get("low", self.start) < self.start:
            problems.append(Problem("full", f"the distribution of 'full' reaches below start "
                                    f"({self.start})", None))
        if full < self.start:
            problems.append(Problem("full", f"expected a year at or after start ({self.start}), "
                                    f"got {full}", full))
        elif full == self.start and self.curve != "step" and not (
                self.curve == "stock_turnover" and self.sales_curve == "step"):
            problems.append(Problem("full", f"a '{self.curve}' curve needs full after start "
                                    f"({self.start}); use curve = 'step' for a jump", self.full))
        fail(problems)
        return self


    def _check_costs(self) -> list[Problem]:
        out: list[Problem] = []
        from ..units import ureg

        for f, unit, example in (("investment", "DKK", "'25 MDKK'"),
                                 ("operating", "DKK/yr", "'1.2 MDKK/yr'")):
            q = central(getattr(self, f))
            if q is None:
                continue
            if q.dimensionality != ureg.Unit(unit).dimensionality:
                out.append(Problem(f, f"expected an amount in {unit} such as {example}, got "
                                   f"'{q:~P}'", f"{q:~P}"))
            elif q.magnitude < 0:
                out.append(Problem(f, f"expected a non-negative cost, got '{q:~P}'", f"{q:~P}"))
        if (self.investment is not None or self.operating is not None) and self.price_year is None:
            out.append(Problem("price_year", "costs need 'price_year' (the year of the prices)",
                               None))
        if self.investment is not None and self.lifetime is None:
            out.append(Problem("lifetime", "an 'investment' needs 'lifetime' (years) to be "
                               "annualised", None))
        return out

    def annual_cost(self, rate: float) -> float:
        """Annualised cost in DKK/yr: investment × r / (1 − (1 + r)^−lifetime) + operating.

        Costs given as distributions count with their means (costs are not sampled).
        """
        cost = 0.0
        if self.investment is not None:
            inv = float(central(self.investment).to("DKK").magnitude)
            L = float(self.lifetime)
            crf = rate / (1.0 - (1.0 + rate) ** -L) if rate > 0 else 1.0 / L
            cost += inv * crf
        if self.operating is not None:
            cost += float(central(self.operating).to("DKK/yr").magnitude)
        return cost


class Scenario(Model):
    """A ``[[scenario]]`` table: a named set of actions, optionally extending another."""

    name: Name
    actions: tuple[Name, ...] = ()
    extends: Name | None = None
    drivers: tuple[Name, ...] = ()
    label: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _no_repeats(self) -> "Scenario":
        problems: list[Problem] = []
        for key in ("actions", "drivers"):
            seen: set[str] = set()
            for i, x in enumerate(getattr(self, key), 1):
                if x in seen:
                    problems.append(Problem(f"{key}[{i}]", f"{x!r} is listed twice; each "
                                            f"{key[:-1]} applies once", x))
                seen.add(x)
        fail(problems)
        return self


