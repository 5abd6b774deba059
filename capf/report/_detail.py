"""The report's detail sections: the actions, emissions by year and sector, assumptions.

Content as plain Python values for the template, as in :mod:`capf.report._context`
(which re-exports these functions).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from ._format import Names, _codes_text, _common_note, _flags, _selector, _value
from .messages import Text

__all__ = ["actions_section", "emissions_section", "assumptions_section"]


# ------------------------------------------------------------------ actions
def actions_section(plan, t: Text, names: Names) -> list[dict]:
    """One row per action, in declared order.

    Parameters
    ----------
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
    >>> [a["name"] for a in actions_section(plan, Text("en"), Names(plan))]
    ['rewet_lowland', 'heat_pumps']
    """
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
    """Per scenario, a table of years × sectors (kt CO2e/yr, summed over municipalities).

    Parameters
    ----------
    ds : xarray.Dataset
        The result of ``plan`` (t CO2e/yr; shown in kt CO2e/yr).
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions.

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> e = emissions_section(ds, Text("en"), Names(plan))
    >>> e["sectors"], e["tables"][0]["rows"][0]["total"]
    (['buildings', 'lowland soils', 'transport'], '68.6')
    """
    from ..assess import by_sector
    from ..assess._arrays import _nansum

    years_all = [int(y) for y in ds["year"].values]
    years = [y for y in _key_years(years_all[0], years_all[-1]) if y in years_all]
    # summed and selected on the array (xarray's sum; a .sel would build a Variable, whose
    # duck-array check imports dask.array where dask is installed)
    by = by_sector(ds).transpose("municipality", "sector", "year", "scenario")
    sec = _nansum(by.values, 0)[:, [years_all.index(y) for y in years]]  # [sector, year, K]
    sectors = [str(s) for s in by["sector"].values]
    tables = []
    for k, s in enumerate(ds["scenario"].values):
        block = sec[:, :, k].T
        rows = [{"year": y, "values": [t.kt(v) for v in block[i]],
                 "total": t.kt(block[i].sum())} for i, y in enumerate(years)]
        tables.append({"scenario": names.scenario(s), "rows": rows})
    return {"sectors": [t.sector(s) for s in sectors], "tables": tables}


# ------------------------------------------------------------------ assumptions
def assumptions_section(ds, plan, table: pd.DataFrame, t: Text) -> dict:
    """Default factors, estimated inventory lines, back-cast reference levels, drivers.

    Parameters
    ----------
    ds : xarray.Dataset
        The result of ``plan`` (t CO2e/yr; shown in kt CO2e/yr).
    plan : capf.Plan
        The plan.
    table : pandas.DataFrame
        The :func:`capf.assess` table (for back-cast reference levels).
    t : Text
        The report's language (:class:`~capf.report.messages.Text`).

    Examples
    --------
    >>> import capf
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan(); ds = capf.project(plan)
    >>> a = assumptions_section(ds, plan, capf.assess(ds, plan), Text("en"))
    >>> a["factors"][0]["source"], a["estimates"]
    ('buildings.individual_heating.heat_pump', [])
    """
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
