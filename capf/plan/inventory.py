"""Plan metadata, municipalities, the base-year inventory and drivers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from .. import sectors
from ..errors import Problem
from ..units import DEFAULT_GWP, GASES, ureg
from .domains import DOMAINS, in_domain, number, whole_number
from .fields import (
    Code,
    Flag,
    FrozenDict,
    Model,
    MunicipalitySelector,
    Name,
    Number,
    QuantityField,
    UQuantity,
    Year,
    fail,
    frozen,
    mass_rate,
    q_str,
)
from .quantity import check_dimension, parse_fraction, parse_quantity, split_gas
from .uncertain import Dist, central, is_dist, parse_dist


def parse_emissions(v: Any) -> Any:
    """Emissions: a quantity, a distribution of one, or a per-gas table of quantities."""
    if v is None:
        return v
    if is_dist(v):
        return parse_dist(v)
    if isinstance(v, dict):
        if not v:
            raise ValueError("expected emissions per gas such as { CH4 = '1.2 t/yr' } or a "
                             "total such as '25 kt CO2e/yr', got an empty table")
        out, problems = {}, []
        for gas, q in v.items():
            try:
                out[gas] = parse_quantity(q)
            except ValueError as exc:
                problems.append(Problem(str(gas), str(exc), q))
        fail(problems)
        return FrozenDict(out)
    return parse_quantity(v)


def _parse_factors(v: Any) -> Any:
    """Factor overrides: a table gas -> quantity or distribution of one."""
    if v is None:
        return v
    if not isinstance(v, dict):
        raise ValueError(f"expected a table of factors per gas such as {{ CO2 = '30 t/ha/yr' }}, "
                         f"got {v!r}")
    out, problems = {}, []
    for gas, q in v.items():
        try:
            out[gas] = parse_dist(q) if is_dist(q) else parse_quantity(q)
        except ValueError as exc:
            problems.append(Problem(str(gas), str(exc), q))
    fail(problems)
    return FrozenDict(out)


def serialise_emissions(v: Any) -> Any:
    if isinstance(v, Dist):
        return v.to_dict()
    if isinstance(v, dict):
        return {k: (q.to_dict() if isinstance(q, Dist) else q_str(q)) for k, q in v.items()}
    return q_str(v) if v is not None else None

__all__ = ["PlanMeta", "Municipality", "InventoryLine", "Driver"]


class PlanMeta(Model):
    """The ``[plan]`` table.

    Parameters
    ----------
    name : str
        The plan's name.
    base_year : int
        The year of the inventory (a year, e.g. 2023).
    end_year : int, default 2050
        The last projected year; after ``base_year``.
    gwp : str, default "AR5GWP100"
        The GWP set of CO2-equivalents: ``AR4GWP100``, ``AR5GWP100`` or ``AR6GWP100``.
    municipality : str, optional
        The municipality code of lines that name none.
    description : str, optional
        Free text.
    electricity_method : str, default "national_average"
        ``national_average`` (grid factor on consumption) or ``local_netted`` (local
        production netted against consumption).
    grid_gas_factor : str, default "combustion"
        Grid gas: ``combustion`` (HB2016 natural-gas CO2) or ``br18`` (BR18's trajectory).
    discount_rate : float, optional
        Yearly rate for annualising investments ("3.5 %" reads as 0.035), 0-100 %.
    start_from : str, optional
        ``"denmark"``: start from the bundled data of ``municipalities``.
    municipalities : tuple of str, optional
        With ``start_from``: the municipality codes to take.
    provenance : dict, optional
        Written by capf with ``start_from``: what was taken, added and replaced.

    Examples
    --------
    >>> meta = PlanMeta(name="Køge", base_year=2023, discount_rate="3.5 %")
    >>> meta.end_year, meta.gwp, meta.discount_rate
    (2050, 'AR5GWP100', 0.035)
    """

    name: Name
    base_year: Year
    end_year: Year = 2050
    gwp: Literal["AR4GWP100", "AR5GWP100", "AR6GWP100"] = DEFAULT_GWP
    municipality: Code | None = Field(
        None, description="Default municipality code for lines that name none."
    )
    description: str | None = None
    electricity_method: Literal["national_average", "local_netted"] = "national_average"
    grid_gas_factor: Literal["combustion", "br18"] = Field(
        "combustion", description="grid gas: HB2016 natural-gas combustion CO2 (default) or "
                                  "BR18's building-LCA trajectory")
    discount_rate: Annotated[float, BeforeValidator(
        lambda v: in_domain("discount_rate", parse_fraction(v, what="a discount rate"), repr(v),
                            what="a discount rate"))] | None = None
    start_from: Literal["denmark"] | None = Field(
        None, description="Start from the bundled data of these municipalities (see README).")
    municipalities: tuple[Code, ...] | None = Field(
        None, description="With start_from: the municipality codes to take from the bundled data.")
    provenance: Annotated[dict[str, Any], AfterValidator(frozen)] | None = Field(
        None, description="Written by capf when a plan starts from bundled data: what was taken, "
                          "what the plan file added or replaced.")

    @model_validator(mode="after")
    def _years(self) -> PlanMeta:
        if self.end_year <= self.base_year:
            fail(
                [Problem("end_year", f"expected a year after base_year {self.base_year}, "
                         f"got {self.end_year}", self.end_year)]
            )
        if self.municipalities is not None and self.start_from is None:
            fail([Problem("municipalities", "'municipalities' goes with start_from = 'denmark'",
                          None)])
        return self


class Municipality(Model):
    """A ``[[municipality]]`` table.

    Parameters
    ----------
    code : str
        The municipality code (DST's kommunekode for Danish ones, e.g. ``"259"``).
    name : str, optional
        Its name.
    population : int, optional
        Inhabitants (a whole number; needed by per-capita targets).
    region : str, optional
        Its region.
    area : pint.Quantity, optional
        Its area, converted to km²; e.g. ``"257 km**2"``.

    Examples
    --------
    >>> m = Municipality(code="259", name="Køge", population=61000, area="25700 ha")
    >>> m.population, f"{m.area:~P}"
    (61000, '257.0 km²')
    """

    code: Code
    name: str | None = None
    population: Annotated[int, BeforeValidator(whole_number)] | None = Field(None, ge=0)
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


class InventoryLine(Model):
    """An ``[[inventory]]`` line: base-year activity (and factor overrides) or emissions.

    Parameters
    ----------
    municipality : str, optional
        The municipality code; by default the plan's one municipality.
    source : str
        A source id of the catalogue (``capf catalogue``), e.g.
        ``"buildings.individual_heating.oil_boiler"``.
    activity : pint.Quantity or Dist, optional
        Base-year activity in the source's unit per year (e.g. ``"12000 MWh/yr"``).
    factor : dict, optional
        Emission factors overriding the catalogue's, per gas, in mass of gas per unit of
        activity (e.g. ``{ CO2 = "300 kg/MWh" }``).
    emissions : pint.Quantity or dict, optional
        Base-year emissions instead of an activity: ``"25 kt CO2e/yr"`` or per gas.
    efficiency : float, optional
        Service per unit of the carrier (or its inverse with a unit, ``"0.18 kWh/vkm"``).
    reported_negative : bool, default False
        The line is a sink reported as negative emissions.
    estimate : bool, default False
        The figure is an estimate (flagged in outputs).
    note : str, optional
        Where the figure comes from.

    Examples
    --------
    >>> line = InventoryLine(municipality="259", source="energy.other",
    ...                      emissions="25 kt CO2e/yr")
    >>> line.emissions_by_gas()
    {'CO2e': 25000.0}
    """

    municipality: Code | None = None
    source: str
    activity: UQuantity | None = None
    factor: Annotated[Any, BeforeValidator(_parse_factors),
                      PlainSerializer(serialise_emissions)] = None
    emissions: Annotated[Any, BeforeValidator(parse_emissions),
                         PlainSerializer(serialise_emissions)] = None
    efficiency: Annotated[float, BeforeValidator(number), Field(gt=0)] | None = None
    reported_negative: Flag = False
    estimate: Flag = False
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _efficiency_with_unit(cls, data: Any) -> Any:
        """``efficiency`` with a unit ("0.18 kWh/vkm"): service per MWh of the carrier."""
        if not isinstance(data, dict) or not isinstance(data.get("efficiency"), str):
            return data
        raw = data["efficiency"]
        try:
            value = float(raw)
        except ValueError:
            value = None
        if value is None:
            try:
                src = sectors.get_source(str(data.get("source")))
            except KeyError:
                return data  # the source's own error is reported
            if src.carrier is None or src.activity_unit is None:
                return data  # reported by the 'after' check
            per_mwh = ureg.Unit(src.activity_unit) * ureg.yr / ureg.MWh
            unit = f"{ureg.Unit(src.activity_unit) * ureg.yr:~}".replace(" ", "")
            try:
                q = parse_quantity(raw)
            except ValueError as exc:
                fail([Problem("efficiency", str(exc), raw)])
            if q.dimensionality == (1 / per_mwh).dimensionality:
                q = 1 / q
            if q.dimensionality != per_mwh.dimensionality:
                fail([Problem("efficiency", f"expected the service of source {src.id!r} per "
                              f"unit of {src.carrier} (e.g. '5 {unit}/kWh') or its inverse "
                              f"(e.g. '0.2 kWh/{unit}'), got {raw!r}", raw)])
            value = float(q.to(per_mwh).magnitude)
        return dict(data, efficiency=value)

    @model_validator(mode="after")
    def _check(self) -> InventoryLine:
        problems: list[Problem] = []
        try:
            src = sectors.get_source(self.source)
        except KeyError as exc:
            fail([Problem("source", str(exc.args[0]), self.source)])
        if (self.activity is None) == (self.emissions is None):
            problems.append(Problem("activity", "give either 'activity' or 'emissions' (one of "
                                    "them, not both)", None))
        act = central(self.activity)
        if self.activity is not None:
            if src.emission_level:
                problems.append(Problem(
                    "activity", f"source {src.id!r} is known only as emissions; give "
                    f"'emissions' (e.g. '25 kt CO2e/yr') instead of an activity",
                    q_str(act)))
            else:
                try:
                    q = check_dimension(act, str(src.activity_unit),
                                        what=f"an activity of source {src.id!r}",
                                        raw=q_str(act))
                    if q.magnitude < 0:
                        problems.append(Problem("activity", f"expected a non-negative activity, "
                                                f"got '{q_str(act)}'",
                                                q_str(act)))
                except ValueError as exc:
                    problems.append(Problem("activity", str(exc), q_str(act)))
                if not src.has_default_factor and not self.factor:
                    unit = str(src.activity_unit)
                    per = f"kg/{unit[:-3]}" if unit.endswith("/yr") else f"kg/{unit}/yr"
                    problems.append(Problem(
                        "factor", f"source {src.id!r} has no sourced default factor in the "
                        f"catalogue; give 'factor' per gas in mass of gas per unit of activity "
                        f"({src.activity_unit}), e.g. {{ CO2 = '<value> {per}' }}", None))
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
                        problems.append(Problem(f"factor.{gas}", str(exc), q_str(q)))
        if self.emissions is not None:
            items = (self.emissions.items() if isinstance(self.emissions, dict)
                     else [(None, self.emissions)])
            for gas, q in items:
                q = central(q)
                loc = "emissions" if gas is None else f"emissions.{gas}"
                if gas is not None and gas not in GASES:
                    problems.append(Problem(loc, f"unknown gas {gas!r}; expected one of "
                                            f"{', '.join(GASES)}", gas))
                    continue
                try:
                    _, value = mass_rate(q, gas, q_str(q))
                except ValueError as exc:
                    problems.append(Problem(loc, str(exc), q_str(q)))
                    continue
                if value < 0 and not (src.removal or self.reported_negative):
                    problems.append(Problem(
                        loc, f"negative emissions for {src.id!r}, which is not a removal source; "
                        "fix the sign, or set reported_negative = true if this is a reported "
                        f"figure, got '{q_str(q)}'", q_str(q)))
        if self.efficiency is not None and src.carrier is None:
            problems.append(Problem("efficiency", f"source {src.id!r} uses no energy carrier; "
                                    "'efficiency' does not apply", self.efficiency))
        elif (self.efficiency is not None and src.activity_unit is not None
              and ureg.Unit(src.activity_unit).dimensionality
              == ureg.Unit("MWh/yr").dimensionality and self.efficiency > 20):
            problems.append(Problem("efficiency", "expected an efficiency or COP of at most 20 "
                                    "(MWh of service per MWh of carrier), got "
                                    f"{self.efficiency!r}", self.efficiency))
        fail(problems)
        return self

    def factor_value(self, gas: str, src: sectors.Source | None = None) -> float:
        """The overriding factor of ``gas`` in t per unit of the source's activity per year.

        Parameters
        ----------
        gas : str
            A key of ``factor`` (``"CO2"``, ``"CH4"``, ``"N2O"``, ``"F-gases"``).
        src : capf.sectors.Source, optional
            The line's source (looked up by default).

        Returns
        -------
        float
            t of the gas per unit of activity (e.g. t CO2 per MWh).

        Examples
        --------
        >>> line = InventoryLine(municipality="259",
        ...                      source="buildings.individual_heating.oil_boiler",
        ...                      activity="12000 MWh/yr", factor={"CO2": "300 kg/MWh"})
        >>> line.factor_value("CO2")
        0.3
        """
        src = src or sectors.get_source(self.source)
        q = central(self.factor[gas])
        g, plain = split_gas(q)
        if g is not None and g != gas and not (gas == "F-gases" and g == "CO2e"):
            raise ValueError(f"the key names {gas} but the value names {g}")
        target = ureg.Unit("t/yr") / ureg.Unit(str(src.activity_unit))
        q2 = check_dimension(plain, str(target), what=f"a factor for {src.id!r} (mass of gas "
                             f"per {src.activity_unit})", raw=q_str(q))
        if q2.magnitude < 0 and not src.removal:
            raise ValueError(f"expected a non-negative factor, got '{q_str(q)}'")
        return float(q2.magnitude)

    def emissions_by_gas(self) -> dict[str, float]:
        """Emissions of this line in t of each gas per year (a distribution's mean).

        Examples
        --------
        >>> InventoryLine(source="energy.other",
        ...               emissions={"CH4": "1.2 t/yr", "CO2": "3 kt/yr"}).emissions_by_gas()
        {'CH4': 1.2, 'CO2': 3000.0}
        """
        items = (self.emissions.items() if isinstance(self.emissions, dict)
                 else [(None, self.emissions)])
        out: dict[str, float] = {}
        for gas, q in items:
            q = central(q)
            g, value = mass_rate(q, gas, q)
            out[g] = out.get(g, 0.0) + value
        return out



class Driver(Model):
    """A ``[[driver]]`` table: a growth index of a source's activity over the years.

    Parameters
    ----------
    name : str
        The driver's name (scenarios list it in ``drivers``).
    source : str
        A source id, a sector name or a prefix such as ``"energy.*"``.
    municipality : str or tuple of str, default "*"
        The municipalities it applies to.
    rate : pint.Quantity or Dist, optional
        A constant growth rate per year (``"1 %/yr"``), above -100 %/yr; or give ``index``.
    index : dict of int to float, optional
        The activity relative to the base year at key years (``{ 2023 = 1.0, 2030 = 1.1 }``),
        interpolated between them.
    scenarios : tuple of str, optional
        The scenarios it applies to (all by default).
    note : str, optional
        Where the figure comes from.

    Examples
    --------
    >>> d = Driver(name="traffic", source="transport.*", rate="1 %/yr")
    >>> d.rate_per_year()
    0.01
    >>> Driver(name="traffic", source="transport", index={2023: 1.0, 2030: 1.1}).index
    {2023: 1.0, 2030: 1.1}
    """

    name: Name
    source: str = Field(description="a source id, a sector name or a prefix such as 'energy.*'")
    municipality: MunicipalitySelector = "*"
    rate: UQuantity | None = None
    index: Annotated[dict[Annotated[int, BeforeValidator(whole_number)], Number],
                     AfterValidator(FrozenDict)] | None = None
    scenarios: tuple[Name, ...] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Driver:
        problems: list[Problem] = []
        try:
            sectors.sources_in(self.source)
        except KeyError as exc:
            problems.append(Problem("source", str(exc.args[0]), self.source))
        if (self.rate is None) == (self.index is None):
            problems.append(Problem("rate", "give either 'rate' (e.g. '1 %/yr') or 'index' "
                                    "(key years, e.g. { 2023 = 1.0, 2030 = 1.1 })", None))
        if self.rate is not None:
            rate = central(self.rate)
            try:
                r = check_dimension(rate, "1/yr", what="a growth rate", raw=q_str(rate))
                if not DOMAINS["growth_rate"].contains(float(r.magnitude)):
                    problems.append(Problem("rate", f"expected a growth rate "
                                            f"{DOMAINS['growth_rate'].text}, got "
                                            f"'{q_str(rate)}'", q_str(rate)))
            except ValueError as exc:
                problems.append(Problem("rate", str(exc), q_str(rate)))
        if self.index is not None:
            if not self.index:
                problems.append(Problem("index", "expected at least one year", self.index))
            for year, x in self.index.items():
                if not DOMAINS["year"].contains(year):
                    problems.append(Problem(f"index.{year}", f"expected index years "
                                            f"{DOMAINS['year'].text}, got {year}", year))
                if not DOMAINS["index"].contains(x):
                    problems.append(Problem(f"index.{year}", f"expected a non-negative index "
                                            f"up to 1e12, got {x}", x))
        fail(problems)
        return self

    def rate_per_year(self) -> float:
        """The growth rate (a distribution's mean) as a fraction per year (1 %/yr is 0.01).

        Examples
        --------
        >>> Driver(name="traffic", source="transport", rate="-2 %/yr").rate_per_year()
        -0.02
        """
        return float(central(self.rate).to("1/yr").magnitude)


