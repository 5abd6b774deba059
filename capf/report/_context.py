"""The report's content as plain Python values (strings, lists, dicts) for the template.

Every number is formatted here, in the report's language (:class:`~capf.report.messages.Text`:
levels in kt CO2e/yr, Danish ``1.557,9`` or English ``1,557.9``); every text from
the plan is passed on as it is and escaped by the template (jinja2 autoescape).
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict

import numpy as np
import pandas as pd
import pint

from ..plan.uncertain import Dist
from .messages import Text

__all__ = ["Names", "plan_section", "inventory_section", "targets_section", "gaps_section",
           "sector_test_section", "monitoring_section", "uncertainty_section", "costs_section",
           "actions_section", "emissions_section", "assumptions_section", "GROUP_ABOVE"]

#: Above this many municipalities, per-municipality tables are grouped or summed.
GROUP_ABOVE = 12

_NUMBER = re.compile(r"(?<![\w.,-])(-?\d+(?:\.\d+)?)(?![\w.]*\d)")


class Names:
    """Names a planner reads: the plan's ``label`` of a scenario or action, else its name.

    Parameters
    ----------
    plan : capf.Plan
        The plan whose scenarios and actions are named.

    Examples
    --------
    >>> import capf
    >>> d = capf.testing.example_plan_dict()
    >>> d["scenario"][1]["label"] = "The plan"
    >>> names = Names(capf.Plan.model_validate(d))
    >>> names.scenario("plan"), names.scenario("bau"), names.action("heat_pumps")
    ('The plan', 'bau', 'heat_pumps')
    """

    def __init__(self, plan):
        self._scenario = {s.name: (s.label or s.name) for s in plan.scenario}
        self._action = {a.name: (a.label or a.name) for a in plan.action}

    def scenario(self, name) -> str:
        """The label of scenario ``name`` (a name not in the plan is returned as it is)."""
        return self._scenario.get(str(name), str(name))

    def action(self, name) -> str:
        """The label of action ``name`` (a name not in the plan is returned as it is)."""
        return self._action.get(str(name), str(name))


def _numbers(text: str, t: Text) -> str:
    """Decimal numbers in a short technical text in the report's format ('21.08' -> '21,08')."""
    if t.lang == "en":
        return text
    return _NUMBER.sub(lambda m: m.group(1).replace(".", ","), text)


def _value(v, t: Text, share: bool = False) -> str:
    """A plan value as a planner would read it."""
    if v is None:
        return ""
    if isinstance(v, Dist):
        params = ", ".join(f"{k} {t.g(x * 100 if share else x, 4)}" for k, x in v.params)
        return f"{v.kind} ({params}){' %' if share else (' ' + v.unit if v.unit else '')}"
    if isinstance(v, pint.Quantity):
        return f"{t.g(v.magnitude)} {v.units:~P}".strip()
    if share and isinstance(v, (int, float)):
        return f"{t.g(float(v) * 100, 4)} %"
    if isinstance(v, float):
        return t.g(v)
    return str(v)


def _selector(sel, n_all: int, t: Text) -> str:
    if sel == "*":
        return t("all_n", n=n_all) if n_all > 1 else t("all")
    return ", ".join(sel)


def _is_true(v) -> bool:
    return not pd.isna(v) and bool(v)


def _codes_text(codes: list[str], t: Text, limit: int = 8) -> str:
    head = ", ".join(codes[:limit])
    return t("and_more", head=head, n=len(codes) - limit) if len(codes) > limit else head


def _place(ds, code) -> str:
    names = dict(zip([str(c) for c in ds["municipality"].values],
                     [str(n) for n in ds["municipality_name"].values]))
    name = names.get(str(code), str(code))
    return name if name == str(code) else f"{name} ({code})"


def report_date():
    """Today, or the date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def plan_section(ds, plan, title: str | None, t: Text, names: Names, date) -> dict:
    """Header facts: names, years, GWP set, municipalities, scenarios, date and version."""
    from .._version import __version__
    from ..units import GWP_CITATION

    places = [_place(ds, c) for c in ds["municipality"].values]
    scenarios = []
    for s in plan.scenario:
        acts = [names.action(a) for a in plan.scenario_actions(s.name)]
        scenarios.append({"name": names.scenario(s.name),
                          "extends": names.scenario(s.extends) if s.extends else "",
                          "actions": ", ".join(acts) or t("none"),
                          "description": s.description or ""})
    prov = ds.attrs.get("provenance")
    if prov:
        try:
            prov = json.dumps(json.loads(prov), indent=2, ensure_ascii=False)
        except ValueError:
            prov = str(prov)
    method = ds.attrs.get("electricity_method", "")
    return {
        "title": title or plan.plan.name,
        "plan_name": plan.plan.name,
        "description": plan.plan.description or "",
        "base_year": plan.plan.base_year,
        "end_year": plan.plan.end_year,
        "gwp": ds.attrs.get("gwp_context") or plan.plan.gwp,
        "gwp_citation": GWP_CITATION,
        "electricity_method": t.maybe("electricity", method) if method else "",
        "n_municipalities": len(places),
        "municipalities": places if len(places) <= GROUP_ABOVE
        else places[:GROUP_ABOVE] + [t("more", n=len(places) - GROUP_ABOVE)],
        "scenarios": scenarios,
        "version": __version__,
        "date": t.date(date),
        "provenance": prov or "",
        "monte_carlo": t("statistic.mean", n=ds.attrs.get("samples", "?"))
        if ds.attrs.get("statistic") == "mean" else "",
    }


# ------------------------------------------------------------------ inventory
def _line_activity(line, t: Text) -> str:
    return _value(line.activity, t) if line.activity is not None else "–"


def _line_factor(line, catalogue: pd.DataFrame, t: Text) -> tuple[str, str]:
    """(factor text, its source) of an inventory line."""
    if line.activity is None:
        return "–", line.note or t("factor.emissions_only")
    if line.factor:
        text = ", ".join(f"{g} {_value(q, t)}" for g, q in line.factor.items())
        return text, t("factor.given") + (f": {line.note}" if line.note else "")
    rows = catalogue[(catalogue["source"] == line.source)
                     & catalogue["default_factor"].astype(bool)]
    if rows.empty:
        return "–", ""
    text = "; ".join(f"{r.gas} {_numbers(str(r.default_factor), t)}"
                     + (f" ({r.years})" if r.years else "") for r in rows.itertuples())
    cites = "; ".join(dict.fromkeys(str(c) for c in rows["citation"] if c))
    if line.efficiency is not None:
        text += f"; {t('factor.given')}: {_value(line.efficiency, t)}"
    return text, cites


def _flags(line, t: Text) -> str:
    out = []
    if line.estimate:
        out.append(t("flag.estimate"))
    if line.reported_negative:
        out.append(t("flag.reported_negative"))
    return ", ".join(out)


def _common_note(notes: list[str], t: Text) -> str:
    """One note for a group: the note if all agree, else their common beginning and a count."""
    distinct = list(dict.fromkeys(notes))
    if len(distinct) <= 1:
        return distinct[0] if distinct else ""
    prefix = os.path.commonprefix(distinct)
    cut = max(prefix.rfind(";"), prefix.rfind("("), prefix.rfind(":"))
    prefix = (prefix[:cut] if cut > 0 else prefix).rstrip(" ;:(")
    return t("assumptions.notes_differ", prefix=prefix, n=len(distinct))


def inventory_section(ds, plan, t: Text) -> dict:
    """Per inventory line: activity, factor, unit, factor's source, base-year CO2e, flags."""
    from .. import sectors

    base = plan.plan.base_year
    catalogue = sectors.catalogue_table()
    scen = str(ds["scenario"].values[0])
    co2e = ds["co2e"].sel(year=base, scenario=scen).transpose("municipality", "source")
    level = pd.DataFrame(co2e.values, index=[str(c) for c in co2e["municipality"].values],
                         columns=[str(s) for s in co2e["source"].values])
    lines = []
    for line in plan.inventory:
        code = str(plan.line_municipality(line.municipality) or "")
        factor, cite = _line_factor(line, catalogue, t)
        value = level.at[code, line.source] if (code in level.index
                                                and line.source in level.columns) else np.nan
        lines.append({"code": code, "source": line.source, "activity": _line_activity(line, t),
                      "factor": factor, "cite": cite, "level": value,
                      "flags": _flags(line, t), "estimate": line.estimate})
    n = len(ds["municipality"])
    grouped = n > GROUP_ABOVE
    rows = []
    if grouped:
        by: dict = defaultdict(list)
        for x in lines:
            by[x["source"]].append(x)
        for source, xs in by.items():
            flags = [x["flags"] for x in xs if x["flags"]]
            rows.append({"source": source, "municipality": str(len({x["code"] for x in xs})),
                         "lines": len(xs), "activity": "–" if all(x["activity"] == "–"
                                                                 for x in xs) else "…",
                         "factor": _common_note([x["factor"] for x in xs], t),
                         "cite": _common_note([x["cite"] for x in xs], t),
                         "level": t.kt(np.nansum([x["level"] for x in xs])),
                         "flags": ", ".join(dict.fromkeys(", ".join(flags).split(", ")))
                         if flags else "",
                         "estimate": any(x["estimate"] for x in xs)})
    else:
        for x in lines:
            rows.append({**x, "municipality": _place(ds, x["code"]), "lines": 1,
                         "level": t.kt(x["level"])})
    total = t.kt(float(np.nansum([x["level"] for x in lines]))) if lines else "–"
    return {"rows": rows, "grouped": grouped, "n": n, "total": total, "year": base}


# ------------------------------------------------------------------ targets
def _target_rule(tg, t: Text) -> str:
    if tg.kind == "relative":
        whole = abs(round(tg.reduction * 100) - tg.reduction * 100) < 1e-9
        return t("rule.relative", pct=t.pct(tg.reduction, 0 if whole else 1),
                 year=tg.relative_to)
    if tg.kind == "net_zero":
        return t("rule.net_zero")
    if tg.kind == "per_capita":
        return t("rule.per_capita", level=_value(tg.level, t))
    return t("rule.absolute", level=_value(tg.level, t))


def _scope(tg, t: Text) -> str:
    secs, gases = tg.scope_key()
    label = tg.scope or (t("scope.all") if secs is None
                         else ", ".join(t.sector(s) for s in secs))
    return label if gases is None else f"{label} ({', '.join(gases)})"


def targets_section(plan, table: pd.DataFrame, t: Text, names: Names) -> dict:
    """Target definitions, a summary per scenario × target and one row per municipality."""
    n_all = len(plan.municipality)
    defs = [{"name": tg.name, "year": tg.year, "rule": _target_rule(tg, t),
             "scope": _scope(tg, t),
             "municipality": _selector(tg.municipality, n_all, t),
             "citation": tg.source_note or ""} for tg in plan.target]
    rows, footnotes = [], set()
    has_p = "probability" in table
    for r in table.itertuples(index=False):
        est = _is_true(r.reference_is_estimate)
        if est:
            footnotes.add(str(r.reference_method))
        name = str(r.municipality_name)
        rows.append({
            "scenario": names.scenario(r.scenario), "municipality": name
            if name == str(r.municipality) else f"{name} ({r.municipality})",
            "target": r.target, "year": int(r.year),
            "reference": t.kt(r.reference_level) + ("*" if est else ""),
            "reference_year": "" if pd.isna(r.reference_year) else int(r.reference_year),
            "target_level": t.kt(r.target_level) + ("*" if est else ""),
            "projected": t.kt(r.projected_level), "met": bool(r.met), "gap": t.kt(r.gap),
            "probability": (t.pct(r.probability) if has_p and not pd.isna(r.probability)
                            else ""),
        })
    summary = []
    if not table.empty:
        for (scen, tgt), g in table.groupby(["scenario", "target"], sort=False):
            short = g.loc[~g["met"].astype(bool), "gap"]
            summary.append({"scenario": names.scenario(scen), "target": tgt,
                            "year": int(g["year"].iloc[0]),
                            "met": int(g["met"].sum()), "count": len(g),
                            "target_level": t.kt(g["target_level"].sum()) + (
                                "*" if g["reference_is_estimate"].fillna(False).any() else ""),
                            "projected": t.kt(g["projected_level"].sum()),
                            "gap_unmet": t.kt(short.sum()) if len(short) else t.num(0.0)})
    notes = []
    for m in sorted(footnotes):
        if m.startswith("backcast:"):
            notes.append(t("targets.footnote.backcast", series=m.split(":", 1)[1]))
        else:
            notes.append(t("targets.footnote.other", method=m or "given"))
    return {"definitions": defs, "rows": rows, "summary": summary,
            "footnote": t("targets.footnote", notes="; ".join(notes)) if notes else "",
            "probability": has_p, "collapse": len(rows) > 40}


def gaps_section(gaps: pd.DataFrame, t: Text, names: Names) -> dict:
    """Gaps by sector, summed over municipalities: one row per scenario × target."""
    if gaps.empty:
        return {"sectors": [], "rows": [], "splits": ""}
    sectors = list(dict.fromkeys(gaps["sector"]))
    rows = []
    for (scen, tgt), g in gaps.groupby(["scenario", "target"], sort=False):
        by = g.groupby("sector", sort=False)["gap"].sum()
        rows.append({"scenario": names.scenario(scen), "target": tgt,
                     "year": int(g["year"].iloc[0]),
                     "gaps": [t.kt(by.get(s, np.nan)) for s in sectors],
                     "positive": [bool(by.get(s, 0.0) > 0) for s in sectors],
                     "total": t.kt(by.sum())})
    splits = "; ".join(t.maybe("split", s) for s in sorted(set(gaps["split"])))
    return {"sectors": [t.sector(s) for s in sectors], "rows": rows, "splits": splits}


# ------------------------------------------------------------------ sector test
def sector_test_section(table: pd.DataFrame | None, t: Text, names: Names, ds) -> dict:
    """The CCTF sector test: per scenario × (municipality) × CCTF sector."""
    from ..assess.sector_test import CCTF_SOURCE

    if table is None or table.empty:
        return {"rows": [], "grouped": False, "source": CCTF_SOURCE}
    n = table["municipality"].nunique()
    rows = []
    if n > GROUP_ABOVE:
        for (scen, sec), g in table.groupby(["scenario", "sector"], sort=False):
            counts = g["verdict"].value_counts()
            rows.append({"scenario": names.scenario(scen), "sector": t.sector(sec),
                         "interval": f"{t.pct(g['low'].iloc[0])} – {t.pct(g['high'].iloc[0])}",
                         "below": int(counts.get("below", 0)),
                         "within": int(counts.get("within", 0)),
                         "above": int(counts.get("above", 0)),
                         "na": int(counts.get("not_applicable", 0))})
    else:
        for r in table.itertuples(index=False):
            est = "*" if _is_true(r.level_2019_is_estimate) else ""
            rows.append({"scenario": names.scenario(r.scenario),
                         "municipality": _place(ds, r.municipality),
                         "sector": t.sector(r.sector),
                         "reduction": t.pct(r.reduction_2030_vs_2019),
                         "interval": f"{t.pct(r.low)} – {t.pct(r.high)}",
                         "verdict": t.maybe("verdict", r.verdict), "key": str(r.verdict),
                         "level_2019": t.kt(r.level_2019) + est,
                         "level_2030": t.kt(r.level_2030)})
    return {"rows": rows, "grouped": n > GROUP_ABOVE, "n": n, "source": CCTF_SOURCE}


# ------------------------------------------------------------------ monitoring
def monitoring_section(table: pd.DataFrame | None, plan, t: Text, names: Names, ds) -> dict:
    """Observed against the pathway; summed over municipalities when there are many."""
    if not plan.observation:
        return {"rows": [], "empty": t("monitoring.empty"), "grouped": False}
    if table is None or table.empty:
        return {"rows": [], "empty": t("monitoring.none_in_years"), "grouped": False}
    n = table["municipality"].nunique()
    rows = []
    if n > GROUP_ABOVE:
        for (scen, sec, year), g in table.groupby(["scenario", "sector", "year"], sort=False):
            on = int((g["status"] == "on_track").sum())
            rows.append({"scenario": names.scenario(scen), "sector": t.sector(sec),
                         "year": int(year), "observed": t.kt(g["observed"].sum()),
                         "pathway": t.kt(g["pathway"].sum()),
                         "deviation": t.kt(g["deviation"].sum()),
                         "status": t("met_of", met=on, count=len(g)),
                         "key": "on_track" if on == len(g) else "off_track"})
    else:
        for r in table.itertuples(index=False):
            est = "*" if _is_true(r.observed_is_estimate) else ""
            rows.append({"scenario": names.scenario(r.scenario),
                         "municipality": _place(ds, r.municipality),
                         "sector": t.sector(r.sector), "year": int(r.year),
                         "observed": t.kt(r.observed) + est, "pathway": t.kt(r.pathway),
                         "deviation": t.kt(r.deviation),
                         "status": t.maybe("status", r.status), "key": str(r.status),
                         "source": r.source or ""})
    return {"rows": rows, "empty": "", "grouped": n > GROUP_ABOVE, "n": n}


# ------------------------------------------------------------------ uncertainty
def uncertainty_section(ds, targets: pd.DataFrame, t: Text, names: Names) -> dict:
    """Monte-Carlo facts and the probability of meeting each target."""
    if ds.attrs.get("statistic") != "mean" or "probability" not in targets:
        return {"active": False}
    years = [int(y) for y in ds["sample_year"].values] if "sample_year" in ds.coords else []
    n = targets["municipality"].nunique()
    rows = []
    if n > GROUP_ABOVE:
        for (scen, tgt), g in targets.groupby(["scenario", "target"], sort=False):
            p = g["probability"].astype(float)
            rows.append({"scenario": names.scenario(scen), "target": tgt,
                         "year": int(g["year"].iloc[0]), "mean": t.pct(p.mean()),
                         "p50": t("met_of", met=int((p >= 0.5).sum()), count=len(p)),
                         "p90": t("met_of", met=int((p >= 0.9).sum()), count=len(p))})
    else:
        for r in targets.itertuples(index=False):
            rows.append({"scenario": names.scenario(r.scenario),
                         "municipality": _place(ds, r.municipality), "target": r.target,
                         "year": int(r.year),
                         "probability": t.pct(r.probability) if not pd.isna(r.probability)
                         else "–"})
    params = [str(p) for p in ds["parameter"].values] if "parameter" in ds.coords else []
    return {"active": True, "rows": rows, "grouped": n > GROUP_ABOVE, "n": n,
            "samples": ds.attrs.get("samples", "?"), "seed": ds.attrs.get("seed", ""),
            "method": ds.attrs.get("sampling", ""), "years": ", ".join(map(str, years)),
            "parameters": ", ".join(params)}


# ------------------------------------------------------------------ costs
def costs_section(table: pd.DataFrame | None, plan, t: Text, names: Names) -> dict:
    """The MACC table: abatement, annual cost, cost per tonne, cumulative abatement."""
    if table is None or table.empty:
        return {"rows": []}
    rows = []
    for r in table.itertuples(index=False):
        rows.append({"action": names.action(r.action),
                     "scenario": names.scenario(r.scenario) if isinstance(r.scenario, str)
                     else "–", "year": int(r.year), "abatement": t.kt(r.abatement),
                     "annual_cost": t.num(r.annual_cost / 1e6, 2),
                     "cost_per_t": t.num(r.cost_per_t, 0),
                     "cumulative": t.kt(r.cumulative_abatement),
                     "price_year": "" if pd.isna(r.price_year) else int(r.price_year)})
    rate = plan.plan.discount_rate
    return {"rows": rows, "rate": t.pct(rate, 1) if rate is not None else "–",
            "total_cost": t.num(float(table["annual_cost"].sum()) / 1e6, 2),
            "total_abatement": t.kt(float(table["abatement"].clip(lower=0).sum()))}


# ------------------------------------------------------------------ actions
def actions_section(plan, t: Text, names: Names) -> list[dict]:
    """One row per action, in declared order."""
    n_all = len(plan.municipality)
    in_scen = defaultdict(list)
    for s in plan.scenario:
        for a in plan.scenario_actions(s.name):
            in_scen[a].append(names.scenario(s.name))
    out = []
    for a in plan.action:
        if a.kind == "switch":
            on = f"{a.from_} → {a.to}"
        elif a.kind == "decarbonise":
            on = t("carrier", carrier=a.carrier) if a.carrier else str(a.source)
        else:
            on = str(a.source)
        if a.kind in ("remove", "add"):
            amount = _value(a.activity, t)
        elif a.kind == "decarbonise":
            f = a.factor
            f = ", ".join(f"{g} {_value(q, t)}" for g, q in f.items()) if isinstance(f, dict) \
                else _value(f, t)
            share = _value(a.share if a.share is not None else 1.0, t, share=True)
            amount = t("decarbonise.amount", share=share, factor=f)
        else:
            amount = _value(a.share, t, share=True)
        curve = t.maybe("curve", a.curve)
        if a.curve == "stock_turnover":
            curve = t("curve.lifetime", curve=curve, lifetime=t.g(a.lifetime),
                      survival=a.survival)
        out.append({"name": names.action(a.name), "id": a.name,
                    "kind": t.maybe("kind", a.kind), "on": on, "share": amount,
                    "start": a.start, "full": _value(a.full, t), "curve": curve,
                    "municipality": _selector(a.municipality, n_all, t),
                    "scenarios": ", ".join(in_scen.get(a.name, [])) or t("none"),
                    "note": a.note or ""})
    return out


# ------------------------------------------------------------------ year by sector
def _key_years(base: int, end: int) -> list[int]:
    years = [base] + [y for y in range(base + 1, end) if y % 5 == 0] + [end]
    return sorted(set(years))


def emissions_section(ds, t: Text, names: Names) -> dict:
    """Per scenario, a table of years × sectors (kt CO2e/yr, summed over municipalities)."""
    from ..assess import by_sector

    years_all = [int(y) for y in ds["year"].values]
    years = [y for y in _key_years(years_all[0], years_all[-1]) if y in years_all]
    sec = by_sector(ds).sum("municipality").sel(year=years)
    sectors = [str(s) for s in sec["sector"].values]
    tables = []
    for s in ds["scenario"].values:
        block = sec.sel(scenario=s).transpose("year", "sector").values
        rows = [{"year": y, "values": [t.kt(v) for v in block[i]],
                 "total": t.kt(block[i].sum())} for i, y in enumerate(years)]
        tables.append({"scenario": names.scenario(s), "rows": rows})
    return {"sectors": [t.sector(s) for s in sectors], "tables": tables}


# ------------------------------------------------------------------ assumptions
def assumptions_section(ds, plan, table: pd.DataFrame, t: Text) -> dict:
    """Default factors, estimated inventory lines, back-cast reference levels, drivers."""
    factors = []
    for line in str(ds.attrs.get("default_factors", "")).splitlines():
        if line.strip():
            source, _, text = line.partition(": ")
            factors.append({"source": source, "text": text})
    groups: dict = defaultdict(list)
    for line in plan.inventory:
        if line.estimate or line.reported_negative:
            code = plan.line_municipality(line.municipality) or ""
            groups[(line.source, _flags(line, t))].append((code, line.note or ""))
    estimates = [{"source": s, "flag": f, "count": len(c),
                  "municipalities": _codes_text([x[0] for x in c], t),
                  "note": _common_note([x[1] for x in c], t)} for (s, f), c in groups.items()]
    backcasts = []
    if not table.empty:
        est = table[table["reference_is_estimate"].fillna(False).astype(bool)]
        first = est[est["scenario"] == table["scenario"].iloc[0]]
        for (tgt, year, method), g in first.groupby(["target", "reference_year",
                                                      "reference_method"], sort=False):
            backcasts.append({"target": tgt, "year": int(year), "method": method,
                              "count": len(g), "level": t.kt(g["reference_level"].sum())})
    used = {b["method"].split(":", 1)[1] for b in backcasts if b["method"].startswith("backcast:")}
    series: dict = defaultdict(list)
    for s in plan.national_series:
        if s.series in used:
            ys = sorted(s.values)
            series[(s.series, s.source or "–", s.unit)].append(
                f"{t.sector(s.sector)} ({ys[0]}–{ys[-1]})")
    national = [{"series": k[0], "source": k[1], "unit": k[2], "sectors": ", ".join(v)}
                for k, v in series.items()]
    n_all = len(plan.municipality)
    drivers = []
    for d in plan.driver:
        if d.rate is not None:
            growth = _value(d.rate, t)
        else:
            ys = sorted(d.index or {})
            vals = [d.index[y] for y in ys]
            base, end = plan.plan.base_year, plan.plan.end_year
            vb = float(np.interp(base, ys, vals)) if ys else float("nan")
            ve = float(np.interp(end, ys, vals)) if ys else float("nan")
            growth = (t("driver.index", first=ys[0], last=ys[-1], ratio=t.g(ve / vb, 3),
                        base=base, end=end) if ys and vb else "index")
        drivers.append({"name": d.name, "source": d.source, "growth": growth,
                        "municipality": _selector(d.municipality, n_all, t),
                        "scenarios": ", ".join(d.scenarios) if d.scenarios else t("all"),
                        "note": d.note or ""})
    return {"factors": factors, "estimates": estimates, "backcasts": backcasts,
            "national": national, "drivers": drivers}
