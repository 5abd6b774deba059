"""The report's content as plain Python values (strings, lists, dicts) for the template.

Every number is formatted here, in the report's language (:class:`~capf.report.messages.Text`:
levels in kt CO2e/yr, Danish ``1.557,9`` or English ``1,557.9``); every text from
the plan is passed on as it is and escaped by the template (jinja2 autoescape).
"""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import pandas as pd

from ..plot._data import _positions
from ._detail import actions_section, assumptions_section, emissions_section
from ._format import (  # noqa: F401  (Names, report_date: used as _context.Names, ...)
    Names,
    _codes_text,
    _common_note,
    _flags,
    _is_true,
    _line_activity,
    _line_factor,
    _numbers,
    _place,
    _selector,
    _value,
    report_date,
)
from .messages import Text

__all__ = ["Names", "plan_section", "inventory_section", "targets_section", "gaps_section",
           "sector_test_section", "monitoring_section", "uncertainty_section", "costs_section",
           "actions_section", "emissions_section", "assumptions_section", "GROUP_ABOVE"]

#: Above this many municipalities, per-municipality tables are grouped or summed.
GROUP_ABOVE = 12



def plan_section(ds, plan, title: str | None, t: Text, names: Names, date) -> dict:
    """Header facts: names, years, GWP set, municipalities, scenarios, date and version.

    Parameters
    ----------
    ds : xarray.Dataset
        The result of ``plan`` (t CO2e/yr; shown in kt CO2e/yr).
    plan : capf.Plan
        The plan.
    title : str or None
        The report's title (default: the plan's name).
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions.
    date : datetime.date
        The report's date.

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> import datetime
    >>> p = plan_section(ds, plan, None, Text("da"), Names(plan), datetime.date(2026, 12, 1))
    >>> p["title"], p["base_year"], p["date"]
    ('Rewetting and heat pumps', 2023, '1. december 2026')
    """
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
def inventory_section(ds, plan, t: Text) -> dict:
    """Per inventory line: activity, factor, unit, factor's source, base-year CO2e, flags.

    Parameters
    ----------
    ds : xarray.Dataset
        The result of ``plan`` (t CO2e/yr; shown in kt CO2e/yr).
    plan : capf.Plan
        The plan.
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> row = inventory_section(ds, plan, Text("da"))["rows"][0]
    >>> row["activity"], row["factor"], row["level"]
    ('2.000 ha', 'CO2 21,08 t/ha/yr', '42,2')
    """
    from .. import sectors

    base = plan.plan.base_year
    catalogue = sectors.catalogue_table()
    # the first scenario's base year, by position (an xarray .sel builds a Variable, which
    # imports dask.array if installed)
    co2e = ds["co2e"].transpose("municipality", "source", "year", "scenario").values
    year = _positions(ds, "year", [base])[0]
    level = pd.DataFrame(co2e[:, :, year, 0], index=[str(c) for c in ds["municipality"].values],
                         columns=[str(s) for s in ds["source"].values])
    lines = []
    defaults: dict = {}  # the catalogue's default factors, per source
    for line in plan.inventory:
        code = str(plan.line_municipality(line.municipality) or "")
        factor, cite = _line_factor(line, catalogue, t, defaults)
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
    """Target definitions, a summary per scenario × target and one row per municipality.

    Parameters
    ----------
    plan : capf.Plan
        The plan.
    table : pandas.DataFrame
        The :func:`capf.assess` table (levels in t CO2e/yr).
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions.

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> rows = targets_section(plan, capf.assess(ds, plan), Text("en"), Names(plan))["rows"]
    >>> rows[0]["target"], rows[0]["target_level"], rows[0]["projected"]
    ('Climate Act 2030', '48.0', '68.6')
    """
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
    """Gaps by sector, summed over municipalities: one row per scenario × target.

    Parameters
    ----------
    gaps : pandas.DataFrame
        The :func:`capf.assess.gaps_by_sector` table (t CO2e/yr).
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions.

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> g = gaps_section(capf.assess.gaps_by_sector(ds, plan), Text("da"), Names(plan))
    >>> g["sectors"], g["rows"][0]["gaps"]
    (['bygninger', 'lavbundsjorder', 'transport'], ['0,4', '12,7', '7,5'])
    """
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
    """The CCTF sector test: per scenario × (municipality) × CCTF sector.

    Parameters
    ----------
    table : pandas.DataFrame or None
        The :func:`capf.assess.sector_test` table (reductions as fractions).
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions.
    ds : xarray.Dataset
        The result of ``plan`` (t CO2e/yr; shown in kt CO2e/yr).

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> sector_test_section(None, Text("en"), Names(plan), ds)["rows"]
    []
    """
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
    """Observed against the pathway; summed over municipalities when there are many.

    Parameters
    ----------
    table : pandas.DataFrame or None
        The :func:`capf.assess.monitoring` table (t CO2e/yr).
    plan : capf.Plan
        The plan.
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions.
    ds : xarray.Dataset
        The result of ``plan`` (t CO2e/yr; shown in kt CO2e/yr).

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> monitoring_section(None, plan, Text("en"), Names(plan), ds)["empty"]
    'Not shown: the plan has no observations ([[observation]]).'
    """
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
    """Monte-Carlo facts and the probability of meeting each target.

    Parameters
    ----------
    ds : xarray.Dataset
        The result of ``plan`` (t CO2e/yr; shown in kt CO2e/yr).
    targets : pandas.DataFrame
        The :func:`capf.assess` table.
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions.

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> uncertainty_section(ds, capf.assess(ds, plan), Text("en"), Names(plan))
    {'active': False}
    """
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
    """The MACC table: abatement, annual cost, cost per tonne, cumulative abatement.

    Parameters
    ----------
    table : pandas.DataFrame or None
        The :func:`capf.assess.macc` table (t CO2e/yr, DKK/yr, DKK per t CO2e).
    plan : capf.Plan
        The plan.
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions.

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> costs_section(None, plan, Text("en"), Names(plan))
    {'rows': []}
    """
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
