"""Actions (the plan's measures) and scenarios."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, Literal

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
from .inventory import parse_emissions, serialise_emissions
from .uncertain import Dist, central

__all__ = ["ACTION_KINDS", "Action", "ActionKind", "ActionKindSpec", "Curve", "Scenario"]


@dataclass(frozen=True)
class ActionKindSpec:
    """What one kind of ``[[action]]`` takes, and what COMPILE makes of it.

    Keys are the attribute names of :class:`Action` (``from_`` for the plan key ``from``).

    Parameters
    ----------
    doc : str
        One line: what the kind does.
    takes : tuple of str
        The keys among ``source``, ``from``, ``to``, ``carrier``, ``share``, ``factor``,
        ``activity``, ``conversion`` it may have (any other of these is an error).
    needs : tuple of str
        The keys it must have.
    engine : tuple of str
        The engine row kinds (``capf.engine.model.ACTION_KINDS``) it compiles to.
    effect : str
        The key of its effect (``share``, ``factor`` or ``activity``), named in messages
        about what reaches a source.
    checked : str
        The key a problem found in COMPILE is reported on.
    acts_on : str, optional
        The key of the source whose activity it needs (so its inventory line must give
        an activity, not emissions).
    into : str, optional
        The key of the source it moves or adds activity into (which then needs a factor).

    Examples
    --------
    >>> ACTION_KINDS["switch"].engine, ACTION_KINDS["switch"].needs
    (('switch',), ('from_', 'to', 'share'))
    """

    doc: str
    takes: tuple[str, ...]
    needs: tuple[str, ...]
    engine: tuple[str, ...]
    effect: str
    checked: str
    acts_on: str | None = None
    into: str | None = None


#: The kinds of ``[[action]]``: the one table that plan validation, COMPILE's dispatch
#: (``capf.compile.actions.COMPILE``), the sector templates and the tests read.
ACTION_KINDS: Mapping[str, ActionKindSpec] = MappingProxyType({
    "reduce": ActionKindSpec(
        "lower a source's activity by a share (efficiency, less driving, fewer livestock)",
        takes=("source", "share"), needs=("source", "share"), engine=("reduce",),
        effect="share", checked="factor"),
    "switch": ActionKindSpec(
        "move a share of one source's activity to another, at a conversion (service kept)",
        takes=("from_", "to", "share", "conversion"), needs=("from_", "to", "share"),
        engine=("switch",), effect="share", checked="conversion", acts_on="from_", into="to"),
    "decarbonise": ActionKindSpec(
        "move a source's or a carrier's factor (part of the way, by share) to a new one",
        takes=("source", "carrier", "factor", "share"), needs=("factor",),
        engine=("decarbonise_source", "decarbonise_carrier"), effect="factor",
        checked="factor", acts_on="source"),
    "remove": ActionKindSpec(
        "add activity to a removal source (a negative source: afforestation, CCS)",
        takes=("source", "activity"), needs=("source", "activity"), engine=("add",),
        effect="activity", checked="activity", acts_on="source", into="source"),
    "add": ActionKindSpec(
        "add new activity to a source (e.g. a wind farm's production)",
        takes=("source", "activity"), needs=("source", "activity"), engine=("add",),
        effect="activity", checked="activity", into="source"),
})


def _check_templates() -> None:
    """Every sector's action template is of a kind of the table (raises at import)."""
    for t in sectors.ACTION_TEMPLATES:
        spec = ACTION_KINDS.get(t["kind"])
        if spec is None:
            raise RuntimeError(f"action template {t['name']!r} has kind {t['kind']!r}; "
                               f"expected one of {', '.join(ACTION_KINDS)}")
        if spec.effect not in t["planner_gives"]:
            raise RuntimeError(f"action template {t['name']!r} ({t['kind']!r}) does not ask "
                               f"the planner for {spec.effect!r}")


_check_templates()

if TYPE_CHECKING:  # a Literal built from the table is a value mypy cannot read as a type
    ActionKind = str
else:
    ActionKind = Literal[tuple(ACTION_KINDS)]
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
    ``full``, ``curve`` and an optional ``municipality``. The keys each kind takes
    and needs are :data:`ACTION_KINDS`.

    Parameters
    ----------
    name : str
        The action's name (scenarios list it).
    kind : {"reduce", "switch", "decarbonise", "remove", "add"}
        See :data:`ACTION_KINDS`.
    source, from, to, carrier : str, optional
        Catalogue ids of what it acts on.
    share : fraction, optional
        ``"40 %"`` or 0.4 (a distribution in Monte-Carlo runs).
    factor : quantity or table of quantities, optional
        A ``decarbonise`` action's new factor, mass of gas per unit of activity
        (``"0.02 kg CO2e/kWh"``).
    activity : quantity, optional
        Activity added in the unit of the source (``"500 ha"``, ``"20 GWh/yr"``).
    conversion : quantity, optional
        A ``switch``'s units of ``to`` activity per unit of ``from`` activity.
    start, full : year
        Adoption starts, and is full (``full`` may be a distribution).
    curve : {"step", "linear", "logistic", "bass", "stock_turnover"}
        The adoption curve (``steepness``; Bass ``p``, ``q``; stock turnover ``lifetime``
        in years, ``survival``, ``shape``, ``sales_curve``).
    municipality : "*" or codes
        Where it applies.
    investment, operating : quantity, optional
        Costs in DKK and DKK/yr at ``price_year``.

    Examples
    --------
    >>> a = Action.model_validate({"name": "hp", "kind": "switch",
    ...     "from": "buildings.individual_heating.oil_boiler",
    ...     "to": "buildings.individual_heating.heat_pump", "share": "40 %",
    ...     "start": 2025, "full": 2030})
    >>> a.kind, a.share, a.curve
    ('switch', 0.4, 'linear')
    """

    name: Name
    kind: ActionKind
    source: str | None = None
    from_: str | None = Field(None, alias="from")
    to: str | None = None
    carrier: str | None = None
    share: UShare | None = None
    factor: Annotated[Any, BeforeValidator(parse_emissions),
                      PlainSerializer(serialise_emissions)] = None
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
    def _check(self) -> Action:
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
        spec = ACTION_KINDS[self.kind]
        allowed = set(spec.takes)
        given = {f for f in ("source", "from_", "to", "carrier", "share", "factor", "activity",
                             "conversion") if getattr(self, f) is not None}
        key = {"from_": "from"}
        for f in sorted(given - allowed):
            problems.append(Problem(key.get(f, f), f"'{key.get(f, f)}' does not apply to a "
                                    f"'{self.kind}' action (it takes "
                                    f"{', '.join(sorted(key.get(a, a) for a in allowed))})",
                                    None))
        for f in spec.needs:
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

        Parameters
        ----------
        rate : float
            Discount rate, a fraction per year (0: investment ÷ lifetime).

        Examples
        --------
        >>> a = Action.model_validate({"name": "x", "kind": "reduce",
        ...     "source": "transport.other", "share": 0.1, "start": 2025, "full": 2030,
        ...     "investment": "10 MDKK", "lifetime": 10, "price_year": 2023})
        >>> a.annual_cost(0.0)
        1000000.0
        """
        cost = 0.0
        if self.investment is not None:
            inv = float(central(self.investment).to("DKK").magnitude)
            if self.lifetime is None:  # the plan checks an investment has a lifetime
                raise ValueError(f"action {self.name!r}: an 'investment' needs 'lifetime'")
            L = float(self.lifetime)
            crf = rate / (1.0 - (1.0 + rate) ** -L) if rate > 0 else 1.0 / L
            cost += inv * crf
        if self.operating is not None:
            cost += float(central(self.operating).to("DKK/yr").magnitude)
        return cost


class Scenario(Model):
    """A ``[[scenario]]`` table: a named set of actions, optionally extending another.

    Parameters
    ----------
    name : str
        The scenario's name.
    actions : tuple of str
        Names of its actions (besides those of the scenario it ``extends``).
    extends : str, optional
        A scenario whose actions (and drivers) this one adds to.
    drivers : tuple of str
        Drivers listed for this scenario only.
    label, description : str, optional
        Text for reports.

    Examples
    --------
    >>> Scenario.model_validate({"name": "plan", "actions": ["a", "b"]}).actions
    ('a', 'b')
    """

    name: Name
    actions: tuple[Name, ...] = ()
    extends: Name | None = None
    drivers: tuple[Name, ...] = ()
    label: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _no_repeats(self) -> Scenario:
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


