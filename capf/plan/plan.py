"""The plan: every table of a plan file, and the checks that need all of them."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, ValidationError, ValidationInfo, model_validator

from ..errors import PlanError, Problem
from .actions import ACTION_KINDS, Action, Scenario
from .fields import Model, fail
from .inventory import Driver, InventoryLine, Municipality, PlanMeta
from .problems import problems_from_validation_error
from .targets import Baseline, Budget, NationalSeries, Observation, Target

__all__ = ["Plan"]


#: ``Plan.model_validate(d, context={BUNDLED: True})``: ``d`` is what capf built from its
#: bundled data (:func:`capf.datasets.denmark`), so the size and text limits on raw input,
#: a guard against hostile plan files, are skipped (``tests/test_datasets.py`` checks that the
#: bundled data keep them; ~10 ms of ``capf run``).
BUNDLED = "capf: built from the bundled data"


class Plan(Model):
    """A climate action plan: what a plan file holds, validated.

    Build it from a file with :func:`capf.load_plan`, from a dict with
    ``Plan.model_validate(d)`` (raises :class:`capf.errors.PlanError`), or from
    the bundled data with :func:`capf.datasets.denmark`.

    Each parameter is a table of the plan file (a tuple of its ``[[...]]`` tables); the
    units of their numbers are documented on each model.

    Parameters
    ----------
    plan : PlanMeta
        The ``[plan]`` table: name, base and end year, GWP set, options.
    municipality : tuple of Municipality
        The municipalities (code, population, area in km²).
    inventory : tuple of InventoryLine
        Base-year activity per year (or emissions in t of gas per year) by source.
    baseline : tuple of Baseline
        Reference levels of other years (t CO2e per year), or back-casts.
    national_series : tuple of NationalSeries
        National emissions by sector and year (for back-casts and trends).
    driver : tuple of Driver
        Growth of activity (a rate per year or an index).
    action : tuple of Action
        The plan's measures (switch, reduce, add, ...), with start and full years.
    scenario : tuple of Scenario
        Named sets of actions and drivers; at least one.
    target : tuple of Target
        Reductions below a reference year (%), or net zero, by a year.
    budget : tuple of Budget
        Carbon budgets (t CO2e over a span of years).
    observation : tuple of Observation
        Observed emissions of later years (t CO2e per year), for monitoring.

    Examples
    --------
    >>> from capf.testing import example_plan_dict
    >>> plan = Plan.model_validate(example_plan_dict())
    >>> plan.municipality_codes, [s.name for s in plan.scenario]
    (['999'], ['bau', 'plan'])
    >>> Plan.model_validate({"plan": {"name": "x", "base_year": 2023}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    capf.errors.PlanError: 3 problems in plan:
      - municipality: a plan needs at least one [[municipality]]
      - inventory: a plan needs at least one [[inventory]] line
      - scenario: a plan needs at least one [[scenario]] (e.g. name = 'bau')
    """

    plan: PlanMeta
    municipality: tuple[Municipality, ...] = Field(default_factory=tuple)
    inventory: tuple[InventoryLine, ...] = Field(default_factory=tuple)
    baseline: tuple[Baseline, ...] = Field(default_factory=tuple)
    national_series: tuple[NationalSeries, ...] = Field(default_factory=tuple)
    driver: tuple[Driver, ...] = Field(default_factory=tuple)
    action: tuple[Action, ...] = Field(default_factory=tuple)
    scenario: tuple[Scenario, ...] = Field(default_factory=tuple)
    target: tuple[Target, ...] = Field(default_factory=tuple)
    budget: tuple[Budget, ...] = Field(default_factory=tuple)
    observation: tuple[Observation, ...] = Field(default_factory=tuple)

    @model_validator(mode="before")
    @classmethod
    def _start_from(cls, data: Any, info: ValidationInfo) -> Any:
        """Size and text limits (:mod:`capf.plan.limits`) on the raw input (not on what
        capf built from its bundled data: :data:`BUNDLED`), then ``[plan] start_from =
        "denmark"``: merge the bundled data under the file's tables."""
        if not (isinstance(info.context, dict) and info.context.get(BUNDLED)):
            from .limits import check_raw_plan  # noqa: PLC0415

            fail(check_raw_plan(data))
        meta = data.get("plan") if isinstance(data, dict) else None
        if not isinstance(meta, dict) or meta.get("start_from") is None \
                or meta.get("provenance") is not None:
            return data
        from .start_from import merge_start_from  # noqa: PLC0415 (the bundled data, at first use)

        return merge_start_from(data)

    @model_validator(mode="before")
    @classmethod
    def _baseline_municipality(cls, data: Any) -> Any:
        """A given ``[[baseline]]`` level without ``municipality`` belongs to the plan's default
        municipality, or to its only one (as inventory lines do)."""
        if not isinstance(data, dict) or not isinstance(data.get("baseline"), list | tuple):
            return data
        meta = data.get("plan")
        if not isinstance(meta, dict):
            meta = {}
        code = meta.get("municipality")
        if code is None:
            munis = data.get("municipality")
            codes = [m.get("code") if isinstance(m, dict) else getattr(m, "code", None)
                     for m in (munis if isinstance(munis, list | tuple) else ())]
            wanted = meta.get("municipalities")
            if not codes and meta.get("start_from") is not None and isinstance(wanted, list):
                codes = list(wanted)  # malformed tables are reported by their own fields
            code = codes[0] if len(codes) == 1 else None
        if code is None:
            return data
        baseline = [dict(b, municipality=code)
                    if isinstance(b, dict) and "municipality" not in b
                    and b.get("emissions") is not None else b for b in data["baseline"]]
        return {**data, "baseline": baseline}

    # -- construction with capf errors ------------------------------------
    @classmethod
    def model_validate(cls, obj: Any, *args, **kwargs) -> Plan:
        """Validate a dict (e.g. parsed TOML); raise :class:`capf.errors.PlanError`.

        Parameters
        ----------
        obj : Any
            The plan's tables as a dict (as :func:`capf.plan.read_plan_dict` reads them).
        *args, **kwargs
            As for pydantic's ``BaseModel.model_validate``.

        Returns
        -------
        Plan

        Raises
        ------
        capf.errors.PlanError
            Every problem of the plan, each naming its field path.

        Examples
        --------
        >>> from capf.testing import example_plan_dict
        >>> d = example_plan_dict()
        >>> d["inventory"][0]["activity"] = "120 kWh"
        >>> Plan.model_validate(d)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        capf.errors.PlanError: 1 problem in plan:
          - inventory[1].activity: expected an activity of source ... got '120 kWh'
        """
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise PlanError(problems_from_validation_error(exc, obj, cls)) from None

    # -- lookups ------------------------------------------------------------
    @property
    def municipality_codes(self) -> list[str]:
        return [m.code for m in self.municipality]

    def line_municipality(self, line_code: str | None) -> str | None:
        """The municipality a line belongs to (its own, the plan default, or the only one).

        Parameters
        ----------
        line_code : str or None
            The code the line names, if any.

        Returns
        -------
        str or None
            None when the line names none and the plan has no default.

        Examples
        --------
        >>> from capf.testing import example_plan
        >>> example_plan().line_municipality(None), example_plan().line_municipality("101")
        ('999', '101')
        """
        if line_code is not None:
            return line_code
        if self.plan.municipality is not None:
            return self.plan.municipality
        if len(self.municipality) == 1:
            return self.municipality[0].code
        return None

    def select(self, selector: str | tuple[str, ...]) -> list[str]:
        """Municipality codes a selector (``"*"`` or codes) stands for.

        Parameters
        ----------
        selector : str or tuple of str
            ``"*"`` (every municipality of the plan) or municipality codes.

        Returns
        -------
        list of str

        Examples
        --------
        >>> from capf.testing import example_plan
        >>> example_plan().select("*"), example_plan().select(("999",))
        (['999'], ['999'])
        """
        if selector == "*":
            return self.municipality_codes
        return list(selector)

    def scenario_actions(self, name: str) -> list[str]:
        """Actions of a scenario, its parents' included, in the plan's declared order.

        Parameters
        ----------
        name : str
            A scenario's name.

        Returns
        -------
        list of str
            Action names.

        Examples
        --------
        >>> from capf.testing import example_plan
        >>> example_plan().scenario_actions("plan"), example_plan().scenario_actions("bau")
        (['rewet_lowland', 'heat_pumps'], [])
        """
        chosen = set(self._scenario_chain(name, "actions"))
        return [a.name for a in self.action if a.name in chosen]

    def scenario_drivers(self, name: str) -> list[str]:
        """Drivers in effect in a scenario: unlisted drivers everywhere, listed ones where named.

        Parameters
        ----------
        name : str
            A scenario's name.

        Returns
        -------
        list of str
            Driver names, in the plan's declared order.

        Examples
        --------
        >>> from capf.testing import example_plan_dict
        >>> d = example_plan_dict()
        >>> d["driver"] = [{"name": "traffic", "source": "transport", "rate": "1 %/yr"},
        ...                {"name": "boom", "source": "transport", "rate": "3 %/yr"}]
        >>> d["scenario"][1]["drivers"] = ["boom"]
        >>> plan = Plan.model_validate(d)
        >>> plan.scenario_drivers("bau"), plan.scenario_drivers("plan")
        (['traffic'], ['traffic', 'boom'])
        """
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
        cur: str | None = name
        while cur is not None and cur not in seen:
            seen.add(cur)
            s = by_name[cur]
            out.extend(getattr(s, attr))
            cur = s.extends
        return out

    # -- whole-plan checks -------------------------------------------------
    @model_validator(mode="after")
    def _check_plan(self) -> Plan:
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
        seen_scoped: dict[tuple, int] = {}
        for i, b in enumerate(self.baseline, 1):
            if b.year > base:
                add(Problem(f"baseline[{i}].year", f"expected a year at or before the base year "
                            f"{base}, got {b.year}", b.year))
            check_selector(b.municipality, f"baseline[{i}].municipality")
            if b.backcast is not None and b.backcast not in series:
                add(Problem(f"baseline[{i}].backcast", f"unknown national series "
                            f"{b.backcast!r}; define it in [[national_series]]", b.backcast))
            for y in b.anchor_years or ():
                if y > base:
                    add(Problem(f"baseline[{i}].anchor_years", f"expected anchor years at or "
                                f"before the base year {base}, got {y}", y))
            for code in self.select(b.municipality):
                k = (code, b.year, b.scope_key(), b.emissions is not None, b.observed)
                if k in seen_scoped:
                    add(Problem(f"baseline[{i}].year", f"duplicated baseline for municipality "
                                f"{code!r}, year {b.year} and this scope (first in "
                                f"baseline[{seen_scoped[k]}])", b.year))
                    break
                seen_scoped[k] = i
                seen_base.setdefault((code, b.year), i)
        seen_series: set[tuple[str, str]] = set()
        for i, ns in enumerate(self.national_series, 1):
            if (ns.series, ns.sector) in seen_series:
                add(Problem(f"national_series[{i}].sector", f"duplicated sector {ns.sector!r} in "
                            f"series {ns.series!r}", ns.sector))
            seen_series.add((ns.series, ns.sector))

        scen_names = {s.name for s in self.scenario}
        for i, d in enumerate(self.driver, 1):
            check_selector(d.municipality, f"driver[{i}].municipality")
            for sname in d.scenarios or []:
                if sname not in scen_names:
                    add(Problem(f"driver[{i}].scenarios", f"unknown scenario {sname!r}", sname))
            if d.index is not None and d.index:
                first = min(d.index)
                if first > base:
                    add(Problem(f"driver[{i}].index", f"the index must cover the base year "
                                f"{base}; its first year is {first}", first))
                if max(d.index) < base:
                    add(Problem(f"driver[{i}].index", f"the index ends before the base year "
                                f"{base}", max(d.index)))
                else:
                    ys = sorted(d.index)
                    at_base = float(np.interp(base, ys, [d.index[y] for y in ys]))
                    if at_base < 1e-12:
                        add(Problem(f"driver[{i}].index", f"the index is 0 at the base year "
                                    f"{base}; an index relative to the base year needs a "
                                    f"positive base-year value", at_base))

        if self.plan.discount_rate is None:
            invested = [i for i, a in enumerate(self.action, 1) if a.investment is not None]
            if invested:
                add(Problem("plan.discount_rate", f"action[{invested[0]}] has an investment; "
                            "give [plan] discount_rate (e.g. '3.5 %') to annualise it", None))
        for i, a in enumerate(self.action, 1):
            if a.start < base:
                add(Problem(f"action[{i}].start", f"expected a year from the base year {base} "
                            f"on, got {a.start}", a.start))
            check_selector(a.municipality, f"action[{i}].municipality")

        if not self.inventory:
            add(Problem("inventory", "a plan needs at least one [[inventory]] line", None))
        if not self.scenario:
            add(Problem("scenario", "a plan needs at least one [[scenario]] (e.g. name = 'bau')",
                        None))
        action_names = {a.name for a in self.action}
        driver_names = {d.name for d in self.driver}
        by_name = {s.name: s for s in self.scenario}
        for i, s in enumerate(self.scenario, 1):
            for aname in s.actions:
                if aname not in action_names:
                    add(Problem(f"scenario[{i}].actions", f"unknown action {aname!r}", aname))
            for dname in s.drivers:
                if dname not in driver_names:
                    add(Problem(f"scenario[{i}].drivers", f"unknown driver {dname!r}", dname))
            if s.extends is not None:
                if s.extends not in by_name:
                    add(Problem(f"scenario[{i}].extends", f"unknown scenario {s.extends!r}",
                                s.extends))
                else:
                    chain = [s.name]
                    cur: str | None = s.extends
                    in_chain = {s.name}
                    while cur is not None and cur in by_name:
                        if cur in in_chain:
                            add(Problem(f"scenario[{i}].extends", "cyclic 'extends': "
                                        + " -> ".join(chain + [cur]), s.extends))
                            break
                        chain.append(cur)
                        in_chain.add(cur)
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
        dupes(self.budget, "name", "budget")
        no_population = [m.code for m in self.municipality if m.population is None]
        for i, bu in enumerate(self.budget, 1):
            if not base <= bu.start <= end:
                add(Problem(f"budget[{i}].start", f"expected a year from the base year {base} to "
                            f"the end year {end}, got {bu.start}", bu.start))
            if bu.end is not None and bu.end > end:
                add(Problem(f"budget[{i}].end", f"expected a year up to the end year {end}, got "
                            f"{bu.end}", bu.end))
            check_selector(bu.municipality, f"budget[{i}].municipality")
            if bu.allocation == "per_capita" and bu.national_population is None \
                    and no_population:
                add(Problem(f"budget[{i}].allocation", f"a per-capita share needs the "
                            f"population of every municipality; missing for "
                            f"{', '.join(no_population[:5])}", None))
        for i, t in enumerate(self.target, 1):
            if t.per_capita:
                nopop = [c for c in self.select(t.municipality) if c in no_population]
                if nopop:
                    add(Problem(f"target[{i}].per_capita", f"a per-capita target needs the "
                                f"population of municipality {', '.join(nopop[:5])}", None))
        seen_obs: dict[tuple, int] = {}
        for i, o in enumerate(self.observation, 1):
            code = self.line_municipality(o.municipality)
            if code is None:
                add(Problem(f"observation[{i}].municipality", "name the municipality", None))
                continue
            check_code(code, f"observation[{i}].municipality")
            obs_key = (code, o.year, o.sector)
            if obs_key in seen_obs:
                add(Problem(f"observation[{i}].year", f"duplicated observation for {code!r}, "
                            f"{o.year}, sector {o.sector or 'all'} (first in "
                            f"observation[{seen_obs[obs_key]}])", o.year))
            seen_obs[obs_key] = i
        for i, a in enumerate(self.action, 1):
            acts_on = ACTION_KINDS[a.kind].acts_on  # the key of the source whose activity it needs
            acted = None if acts_on is None else getattr(a, acts_on)
            if acted is None:
                continue
            on_emissions = [c for c in self.select(a.municipality)
                            if seen_lines.get((c, acted)) is not None
                            and self.inventory[seen_lines[(c, acted)] - 1].emissions is not None]
            if on_emissions:
                add(Problem(f"action[{i}].{str(acts_on).rstrip('_')}", f"action {a.name!r} needs "
                            f"the activity of {acted!r}, but its inventory line gives emissions in "
                            f"municipality {', '.join(on_emissions[:5])}; give the activity, or "
                            f"use a 'reduce' action", acted))
        fail(problems)
        return self

