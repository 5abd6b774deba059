"""The report's content as plain Python values (strings, lists, dicts) for the template.

Every number is formatted here (levels in kt CO2e/yr); every text from the plan
is passed on as it is and escaped by the template (jinja2 autoescape).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pint

from ..spec.uncertain import Dist

__all__ = ["kt", "targets_section", "gaps_section", "actions_section", "assumptions_section",
           "plan_section"]

_T_TO_KT = 1e-3


def kt(value, digits: int = 1) -> str:
    """t CO2e/yr as kt CO2e/yr text ('1,234.5'); '–' where there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    return f"{float(value) * _T_TO_KT:,.{digits}f}"


def _value(v, share: bool = False) -> str:
    """A plan value as a planner would read it."""
    if v is None:
        return ""
    if isinstance(v, Dist):
        params = ", ".join(f"{k} {(x * 100 if share else x):.4g}" for k, x in v.params)
        return f"{v.kind} ({params}){' %' if share else (' ' + v.unit if v.unit else '')}"
    if isinstance(v, pint.Quantity):
        return f"{v.magnitude:,.6g} {v.units:~P}".strip()
    if share and isinstance(v, (int, float)):
        return f"{float(v) * 100:.4g} %"
    return str(v)


def _selector(sel, n_all: int) -> str:
    if sel == "*":
        return f"all ({n_all})" if n_all > 1 else "all"
    return ", ".join(sel)


def _is_true(v) -> bool:
    return not pd.isna(v) and bool(v)


def plan_section(ds, plan, title: str | None, scenario: str) -> dict:
    """Header facts: names, years, GWP set, municipalities, scenarios."""
    from .. import __version__
    from ..units import GWP_CITATION

    names = [f"{n} ({c})" if str(n) != str(c) else str(c)
             for c, n in zip(ds["municipality"].values, ds["municipality_name"].values)]
    scenarios = []
    for s in plan.scenario:
        scenarios.append({"name": s.name, "extends": s.extends or "",
                          "actions": ", ".join(plan.scenario_actions(s.name)) or "none",
                          "description": s.description or ""})
    prov = ds.attrs.get("provenance")
    if prov:
        try:
            prov = json.dumps(json.loads(prov), indent=2, ensure_ascii=False)
        except ValueError:
            prov = str(prov)
    return {
        "title": title or plan.plan.name,
        "plan_name": plan.plan.name,
        "description": plan.plan.description or "",
        "base_year": plan.plan.base_year,
        "end_year": plan.plan.end_year,
        "gwp": ds.attrs.get("gwp_context") or plan.plan.gwp,
        "gwp_citation": GWP_CITATION,
        "electricity_method": ds.attrs.get("electricity_method", ""),
        "n_municipalities": len(names),
        "municipalities": names if len(names) <= 12
        else names[:12] + [f"… {len(names) - 12} more"],
        "scenarios": scenarios,
        "main_scenario": scenario,
        "version": __version__,
        "provenance": prov or "",
        "monte_carlo": ds.attrs.get("statistic") == "mean",
    }


def _target_rule(t) -> str:
    if t.kind == "relative":
        return f"{t.reduction * 100:.4g} % below {t.relative_to}"
    if t.kind == "net_zero":
        return "net zero (removals included)"
    if t.kind == "per_capita":
        return f"at most {_value(t.level)} per inhabitant"
    return f"at most {_value(t.level)}"


def _scope(t) -> str:
    secs, gases = t.scope_key()
    label = t.scope or ("all sectors" if secs is None else ", ".join(secs))
    return label if gases is None else f"{label} ({', '.join(gases)})"


def targets_section(plan, table: pd.DataFrame) -> dict:
    """Target definitions, a summary per scenario × target and one row per municipality."""
    n_all = len(plan.municipality)
    defs = [{"name": t.name, "year": t.year, "rule": _target_rule(t),
             "scope": _scope(t),
             "municipality": _selector(t.municipality, n_all),
             "citation": t.source_note or ""} for t in plan.target]
    rows, footnotes = [], set()
    has_p = "probability" in table
    for r in table.itertuples(index=False):
        est = _is_true(r.reference_is_estimate)
        if est:
            footnotes.add(str(r.reference_method))
        name = str(r.municipality_name)
        rows.append({
            "scenario": r.scenario, "municipality": name if name == str(r.municipality)
            else f"{name} ({r.municipality})", "target": r.target, "year": int(r.year),
            "reference": kt(r.reference_level) + ("*" if est else ""),
            "reference_year": "" if pd.isna(r.reference_year) else int(r.reference_year),
            "target_level": kt(r.target_level) + ("*" if est else ""),
            "projected": kt(r.projected_level), "met": bool(r.met), "gap": kt(r.gap),
            "probability": (f"{float(r.probability) * 100:.0f} %" if has_p
                            and not pd.isna(r.probability) else ""),
        })
    summary = []
    if not table.empty:
        for (scen, tgt), g in table.groupby(["scenario", "target"], sort=False):
            short = g.loc[~g["met"].astype(bool), "gap"]
            summary.append({"scenario": scen, "target": tgt, "year": int(g["year"].iloc[0]),
                            "met": int(g["met"].sum()), "count": len(g),
                            "target_level": kt(g["target_level"].sum()) + (
                                "*" if g["reference_is_estimate"].fillna(False).any() else ""),
                            "projected": kt(g["projected_level"].sum()),
                            "gap_unmet": kt(short.sum()) if len(short) else "0.0"})
    notes = []
    for m in sorted(footnotes):
        if m.startswith("backcast:"):
            notes.append(f"back-cast from the base-year inventory (and the observed years "
                         f"it is anchored on) with the national series "
                         f"'{m.split(':', 1)[1]}' (see Assumptions)")
        else:
            notes.append(f"a reference level flagged as an estimate ({m or 'given'})")
    return {"definitions": defs, "rows": rows, "summary": summary, "footnotes": notes,
            "probability": has_p, "collapse": len(rows) > 40}


def gaps_section(gaps: pd.DataFrame) -> dict:
    """Gaps by sector, summed over municipalities: one row per scenario × target."""
    if gaps.empty:
        return {"sectors": [], "rows": [], "splits": []}
    sectors = list(dict.fromkeys(gaps["sector"]))
    rows = []
    for (scen, tgt), g in gaps.groupby(["scenario", "target"], sort=False):
        by = g.groupby("sector", sort=False)["gap"].sum()
        rows.append({"scenario": scen, "target": tgt, "year": int(g["year"].iloc[0]),
                     "gaps": [kt(by.get(s, np.nan)) for s in sectors],
                     "positive": [bool(by.get(s, 0.0) > 0) for s in sectors],
                     "total": kt(by.sum())})
    splits = sorted(set(gaps["split"]))
    return {"sectors": [s.replace("_", " ") for s in sectors], "rows": rows, "splits": splits}


def actions_section(plan) -> list[dict]:
    """One row per action, in declared order."""
    n_all = len(plan.municipality)
    in_scen = defaultdict(list)
    for s in plan.scenario:
        for a in plan.scenario_actions(s.name):
            in_scen[a].append(s.name)
    out = []
    for a in plan.action:
        if a.kind == "switch":
            on = f"{a.from_} → {a.to}"
        elif a.kind == "decarbonise":
            on = f"carrier {a.carrier}" if a.carrier else str(a.source)
        else:
            on = str(a.source)
        if a.kind in ("remove", "add"):
            amount = _value(a.activity)
        elif a.kind == "decarbonise":
            f = a.factor
            f = ", ".join(f"{g} {_value(q)}" for g, q in f.items()) if isinstance(f, dict) \
                else _value(f)
            share = _value(a.share if a.share is not None else 1.0, share=True)
            amount = f"{share} of the way to {f}"
        else:
            amount = _value(a.share, share=True)
        curve = a.curve
        if a.curve == "stock_turnover":
            curve += f" (lifetime {a.lifetime:g} yr, {a.survival})"
        out.append({"name": a.name, "kind": a.kind, "on": on, "share": amount,
                    "start": a.start, "full": _value(a.full), "curve": curve,
                    "municipality": _selector(a.municipality, n_all),
                    "scenarios": ", ".join(in_scen.get(a.name, [])) or "none",
                    "note": a.note or ""})
    return out


def _codes_text(codes: list[str], limit: int = 8) -> str:
    head = ", ".join(codes[:limit])
    return head + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


def assumptions_section(ds, plan, table: pd.DataFrame) -> dict:
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
            flag = "estimate" + (", reported negative" if line.reported_negative else "")
            groups[(line.source, flag, line.note or "")].append(code)
    estimates = [{"source": s, "flag": f, "note": n, "count": len(c),
                  "municipalities": _codes_text(c)} for (s, f, n), c in groups.items()]
    backcasts = []
    if not table.empty:
        est = table[table["reference_is_estimate"].fillna(False).astype(bool)]
        first = est[est["scenario"] == table["scenario"].iloc[0]]
        for (tgt, year, method), g in first.groupby(["target", "reference_year",
                                                      "reference_method"], sort=False):
            backcasts.append({"target": tgt, "year": int(year), "method": method,
                              "count": len(g), "level": kt(g["reference_level"].sum())})
    used = {b["method"].split(":", 1)[1] for b in backcasts if b["method"].startswith("backcast:")}
    series: dict = defaultdict(list)
    for s in plan.national_series:
        if s.series in used:
            ys = sorted(s.values)
            series[(s.series, s.source or "no source given", s.unit)].append(
                f"{s.sector} ({ys[0]}–{ys[-1]})")
    national = [{"series": k[0], "source": k[1], "unit": k[2], "sectors": ", ".join(v)}
                for k, v in series.items()]
    n_all = len(plan.municipality)
    drivers = []
    for d in plan.driver:
        if d.rate is not None:
            growth = f"{_value(d.rate)}"
        else:
            ys = sorted(d.index or {})
            vals = [d.index[y] for y in ys]
            base, end = plan.plan.base_year, plan.plan.end_year
            vb = float(np.interp(base, ys, vals)) if ys else float("nan")
            ve = float(np.interp(end, ys, vals)) if ys else float("nan")
            growth = (f"index {ys[0]}–{ys[-1]}: × {ve / vb:.3g} from {base} to {end}"
                      if ys and vb else "index")
        drivers.append({"name": d.name, "source": d.source, "growth": growth,
                        "municipality": _selector(d.municipality, n_all),
                        "scenarios": ", ".join(d.scenarios) if d.scenarios else "all",
                        "note": d.note or ""})
    return {"factors": factors, "estimates": estimates, "backcasts": backcasts,
            "national": national, "drivers": drivers}
