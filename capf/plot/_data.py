"""The data of capf's figures on numpy arrays: which series, their values, labels and colours.

One place for what a figure shows, shared by :mod:`capf.plot` (matplotlib, for notebooks)
and the report's SVG figures (:mod:`capf.report._svgfig`), so the two can never disagree.
Each function returns the figure's :class:`Series` in drawing order (values in kt CO2e/yr)
and the gids of its legend entries in legend order. Values are selected by position and
summed with numpy (no xarray reductions: a figure of 98 municipalities is a few arrays).
Labels are capf.plot's English ones; the report relabels them from the gid and ``meta``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xarray as xr

from ..sectors import SECTOR_RECORDS
from ._common import (
    _AXIS,
    _DARK,
    _GREY,
    _KT,
    _MARKERS,
    OKABE_ITO,
    _colour,
    _scenarios,
    _target_levels,
    _where,
)

#: Most actions :func:`capf.plot.wedges` draws as bands of their own (the rest summed in one
#: band).
TOP_ACTIONS = 12

#: Colours of the reduction-by-action bands: the seven Okabe-Ito colours after black, then
#: six of Paul Tol's "muted" scheme (indigo, wine, teal, olive, rose, purple; Tol 2021,
#: https://personal.sron.nl/~pault/data/colourschemes.pdf), so every band has its own colour
#: up to ``TOP_ACTIONS + 1`` actions, the most drawn without an "other actions" band.
WEDGE_COLOURS = OKABE_ITO[1:] + ("#332288", "#882255", "#44AA99", "#999933", "#CC6677",
                                 "#AA4499")


@dataclass
class Series:
    """One drawn thing of a figure: a line, a band (``base`` to ``y``), markers or a level.

    ``kind``: ``"line"``, ``"band"``, ``"marker"``, ``"hline"`` (``y`` one level),
    ``"errorbar"`` (``y`` the median, ``lo``/``hi`` in ``meta``) or ``"bar"`` (``x`` left
    edges, ``meta["width"]``); ``label`` None: not in the legend.
    """

    gid: str
    kind: str
    x: np.ndarray
    y: np.ndarray
    colour: str
    label: str | None = None
    base: np.ndarray | None = None
    style: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)


def _positions(ds: xr.Dataset | xr.DataArray, dim: str, names) -> list[int]:
    index = {str(v): i for i, v in enumerate(ds[dim].values)}
    return [index[str(n)] for n in names]


def net(ds: xr.Dataset, codes: list[str]) -> np.ndarray:
    """Net CO2e (t CO2e/yr) [scenario, year] summed over ``codes`` (as ``total`` + ``_pick``)."""
    v = ds["co2e"].transpose("municipality", "source", "scenario", "year").values
    v = v[_positions(ds, "municipality", codes)]
    out = np.nansum(v, axis=1)  # the sources (total(): NaN skipped)
    return out[0] if len(codes) == 1 else out.sum(axis=0)


def _wedge(ds: xr.Dataset, codes: list[str]) -> np.ndarray:
    """Wedges [action, scenario, year] summed over ``codes`` (NaN if any is NaN)."""
    v = ds["wedge"].transpose("municipality", "action", "scenario", "year").values
    return v[_positions(ds, "municipality", codes)].sum(axis=0)


def _has_wedges(ds: xr.Dataset) -> bool:
    return "wedge" in ds and ds.sizes.get("action", 0) > 0


def wedge_parts(ds: xr.Dataset, codes: list[str], s: str, summed: np.ndarray | None = None):
    """Scenario total [year] and wedges [action, year] (t CO2e/yr) of actions active in s
    (``summed``: ``_wedge(ds, codes)`` when the caller has it already)."""
    si = _positions(ds, "scenario", [s])[0]
    tot = net(ds, codes)[si]
    if not _has_wedges(ds):
        return tot, np.zeros((0, tot.size)), []
    w = (_wedge(ds, codes) if summed is None else summed)[:, si]
    keep = np.any(w != 0, axis=1)
    return tot, w[keep], [str(a) for a, k in zip(ds["action"].values, keep, strict=True) if k]


def trajectory_data(ds: xr.Dataset, plan=None, *, municipality=None, scenario=None,
                    targets=None):
    """Series of :func:`capf.plot.trajectory`: (series, legend gids, where)."""
    from ..assess import trajectories

    codes, where = _where(ds, municipality)
    tot = net(ds, codes) * _KT
    years = ds["year"].values
    out = [Series(f"scenario:{s}", "line", years, tot[_positions(ds, "scenario", [s])[0]],
                  _colour(ds, s), s, style={"linewidth": 2.0}, meta={"scenario": s})
           for s in _scenarios(ds, scenario)]
    if plan is not None and plan.target:
        lp = trajectories(ds, plan)["linear_path"].transpose("municipality", "target", "year")
        paths = lp.values[_positions(lp, "municipality", codes)]
        paths = paths[0] if len(codes) == 1 else paths.sum(axis=0)
        names = [str(x) for x in lp["target"].values]
        refs = set()
        for i, t in enumerate(_target_levels(ds, plan, codes, targets)):
            name, level, ref = t["name"], t["level"] * _KT, t["ref"] * _KT
            out.append(Series(f"path:{name}", "line", years, paths[names.index(name)] * _KT,
                              _DARK, style={"linestyle": "--", "linewidth": 1.0}))
            out.append(Series(f"target:{name}", "marker", np.array([t["year"]]),
                              np.array([level]), _DARK, f"{name} ({t['year']}): {level:,.1f}",
                              style={"marker": _MARKERS[i % len(_MARKERS)], "markersize": 8,
                                     "markeredgewidth": 1.8},
                              meta={"name": name, "year": t["year"], "level": level}))
            if t["kind"] == "relative" and np.isfinite(ref) and (t["ref_year"], ref) not in refs:
                refs.add((t["ref_year"], ref))
                est = " (estimate)" if t["estimate"] else ""
                out.append(Series(f"reference:{t['ref_year']}", "hline", years, np.array([ref]),
                                  _GREY, f"{t['ref_year']} level{est}: {ref:,.1f}",
                                  style={"linestyle": ":", "linewidth": 1.4},
                                  meta={"year": t["ref_year"], "level": ref,
                                        "estimate": t["estimate"]}))
    out.append(Series("zero", "hline", years, np.array([0.0]), _AXIS,
                      style={"linewidth": 0.6}))
    return out, [x.gid for x in out if x.label is not None], where


def sectors_data(ds: xr.Dataset, *, municipality=None, scenario=None):
    """Series of :func:`capf.plot.sectors`: (series, legend gids, where, scenario)."""
    codes, where = _where(ds, municipality)
    (s,) = _scenarios(ds, scenario, default_all=False)
    v = ds["co2e"].transpose("municipality", "source", "scenario", "year").values
    v = v[_positions(ds, "municipality", codes), :, _positions(ds, "scenario", [s])[0]]
    v = np.nansum(v, axis=0) * _KT  # [source, year]
    sector = np.asarray([str(x) for x in ds["sector"].values])
    names = sorted(set(sector.tolist()))  # groupby's order
    years = ds["year"].values
    base = {"pos": np.zeros(years.size), "neg": np.zeros(years.size)}
    extra = iter(OKABE_ITO[1:])
    out, total = [], np.zeros(years.size)
    for name in names:
        row = v[sector == name].sum(axis=0)
        total = total + row
        rec = SECTOR_RECORDS.get(name)
        colour = rec.colour if rec is not None else next(extra, _GREY)
        label: str | None = rec.label if rec is not None else name.replace("_", " ")
        for part, x in (("pos", np.clip(row, 0, None)), ("neg", np.clip(row, None, 0))):
            if np.any(x):
                gid = f"sector:{name}" + (":neg" if part == "neg" else "")
                style = {"hatch": "//", "edgecolor": "white"} if part == "neg" else {}
                out.append(Series(gid, "band", years, base[part] + x, colour, label,
                                  base=base[part], style={"alpha": 0.9, **style},
                                  meta={"sector": name}))
                base[part] = base[part] + x
                label = None
    legend = [x.gid for x in out if x.label is not None][::-1] + ["net"]
    out.append(Series("net", "line", years, total, "#000000", "net total",
                      style={"linewidth": 1.8}))
    out.append(Series("zero", "hline", years, np.array([0.0]), _AXIS, style={"linewidth": 0.6}))
    return out, legend, where, s


def _without_label(ds: xr.Dataset, codes, s: str, line: np.ndarray,
                   w: np.ndarray | None) -> str:
    """capf.plot's legend of a scenario's total without its actions: named after the scenario
    without actions it equals (``bau``, ``national_trend``...), else said plainly (``w``: the
    wedges summed over ``codes``, None without wedges)."""
    tot = net(ds, codes) * _KT
    for i, other in enumerate(str(x) for x in ds["scenario"].values):
        no_actions = w is None or not np.any(w[:, i])
        if other != s and no_actions and np.allclose(tot[i], line, rtol=1e-9, atol=1e-9):
            return f"without the actions ({other})"
    return f"scenario {s} without its actions"


def wedges_data(ds: xr.Dataset, *, municipality=None, scenario=None, top: int | None = TOP_ACTIONS):
    """Series of :func:`capf.plot.wedges`: (series, legend gids, where, scenario)."""
    codes, where = _where(ds, municipality)
    (s,) = _scenarios(ds, scenario, default_all=False)
    years = ds["year"].values
    summed = _wedge(ds, codes) if _has_wedges(ds) else None  # every scenario's, summed once
    tot, w, names = wedge_parts(ds, codes, s, summed)
    tot, w = tot * _KT, w * _KT
    out = [Series("remaining", "band", years, tot, "#eeeeee", base=np.zeros(years.size))]
    lower, without = tot.copy(), tot + w.sum(axis=0)  # the stack ends on the total without
    others = []
    if top is not None and len(names) > top + 1:  # the largest bands, the rest as one
        size = np.abs(w).sum(axis=1)
        kept = sorted(np.argsort(-size, kind="stable")[:max(0, top)])
        rest = np.setdiff1d(np.arange(len(names)), kept)
        upper = lower + w[rest].sum(axis=0)
        out.append(Series(f"others:{rest.size}", "band", years, upper, "#bbbbbb",
                          f"other actions ({rest.size})", base=lower, style={"alpha": 0.85},
                          meta={"n": int(rest.size),
                                "actions": [names[i] for i in rest]}))
        others = [out[-1].gid]
        lower = upper
        w, names = w[kept], [names[i] for i in kept]
    for i in range(len(names) - 1, -1, -1):  # the last declared action sits on the scenario
        out.append(Series(f"wedge:{names[i]}", "band", years, lower + w[i],
                          WEDGE_COLOURS[i % len(WEDGE_COLOURS)], names[i], base=lower,
                          style={"alpha": 0.85}, meta={"action": names[i]}))
        lower = lower + w[i]
    out.append(Series("bau", "line", years, without, "#000000",
                      _without_label(ds, codes, s, without, summed), style={"linewidth": 1.8},
                      meta={"scenario": s}))
    out.append(Series(f"scenario:{s}", "line", years, tot, _colour(ds, s), f"scenario {s}",
                      style={"linewidth": 1.8, "linestyle": "--"}, meta={"scenario": s}))
    # legend top-down as drawn: BAU, first ... last action, other actions, scenario
    legend = ["bau"] + [f"wedge:{n}" for n in names] + others + [f"scenario:{s}"]
    return out, legend, where, s


def small_multiples_data(ds: xr.Dataset, plan=None, *, scenario=None, municipalities=None,
                         max_panels: int = 24, targets=None):
    """Panels of :func:`capf.plot.small_multiples`: (panels, legend gids, note).

    Each panel is ``{"code", "title", "series"}``.
    """
    from ..assess import assess, total

    codes, note = [str(c) for c in ds["municipality"].values], ""
    if municipalities is not None:
        codes = [_where(ds, c)[0][0] for c in municipalities][:max_panels]
    elif len(codes) > max_panels:
        net0 = total(ds)  # the first year and scenario, by position (no xarray indexing)
        level = net0.transpose("municipality", "year", "scenario").values[:, 0, 0]
        base = pd.Series(level, index=net0.indexes["municipality"]).sort_values(ascending=False)
        note = f" ({max_panels} of {len(codes)} with the largest emissions)"
        codes = [str(c) for c in base.index[:max_panels]]
    scen = _scenarios(ds, scenario)
    first = next((t.name for t in (plan.target if plan is not None else [])
                  if t.kind == "relative" and t.scope_key() == (None, None)), None)
    if first is not None:
        table = assess(ds, plan) if targets is None else targets
        table = table[(table["target"] == first) & (table["scenario"] == scen[0])]
        table = table.set_index("municipality")
    v = ds["co2e"].transpose("municipality", "source", "scenario", "year").values
    years = ds["year"].values
    rows = _positions(ds, "municipality", codes)
    tot = np.nansum(v[rows], axis=1) * _KT  # [panel, scenario, year]
    col = {s: _positions(ds, "scenario", [s])[0] for s in scen}
    panels, legend = [], {}
    for k, code in enumerate(codes):
        series = [Series(f"scenario:{s}", "line", years, tot[k, col[s]], _colour(ds, s), s,
                         style={"linewidth": 1.4}, meta={"scenario": s}) for s in scen]
        if first is not None and code in table.index:
            lvl = float(table.loc[code, "target_level"]) * _KT
            series.append(Series(f"level:{first}", "hline", years, np.array([lvl]), _DARK,
                                 style={"linestyle": "--", "linewidth": 0.8}))
            series.append(Series(f"target:{first}", "marker",
                                 np.array([int(table.loc[code, "year"])]), np.array([lvl]),
                                 _DARK, f"{first} level",
                                 style={"marker": "o", "markersize": 5},
                                 meta={"name": first, "level": lvl}))
        legend.update({x.gid: x for x in series if x.label is not None})
        panels.append({"code": code, "title": _where(ds, code)[1], "series": series})
    return panels, list(legend), note


def fan_data(ds: xr.Dataset, codes: list[str]):
    """The report's Monte-Carlo fan: (series, whether the bands are drawn).

    Per scenario: the 5–95 % and 25–75 % bands of one municipality (``band90:<s>``,
    ``band50:<s>``), the mean (``mean:<s>``) and the exact 5/50/95 % quantiles of the
    samples in the kept years (``exact:<s>``).
    """
    years = ds["year"].values
    kept = ds["sample_year"].values
    bands = len(codes) == 1 and "total_quantile_approx" in ds
    mean_all = net(ds, codes) * _KT
    smp = ds["total_samples"].transpose("municipality", "scenario", "sample", "sample_year")
    smp = smp.values[_positions(ds, "municipality", codes)].sum(axis=0) * _KT
    out = []
    for s in [str(x) for x in ds["scenario"].values]:
        si = _positions(ds, "scenario", [s])[0]
        colour = _colour(ds, s)
        if bands:
            q = ds["total_quantile_approx"].sel(scenario=s, municipality=codes[0])
            qs = [float(x) for x in q["quantile"].values]
            if all(x in qs for x in (0.05, 0.25, 0.75, 0.95)):
                qv = q.transpose("quantile", "year").values * _KT
                v = {x: qv[qs.index(x)] for x in (0.05, 0.25, 0.75, 0.95)}
                out.append(Series(f"band90:{s}", "band", years, v[0.95], colour, "band90",
                                  base=v[0.05], style={"alpha": 0.13}, meta={"scenario": s}))
                out.append(Series(f"band50:{s}", "band", years, v[0.75], colour, base=v[0.25],
                                  style={"alpha": 0.28}, meta={"scenario": s}))
        out.append(Series(f"mean:{s}", "line", years, mean_all[si], colour, "mean",
                          style={"linewidth": 1.8}, meta={"scenario": s}))
        lo, med, hi = np.quantile(smp[si], [0.05, 0.5, 0.95], axis=0)
        out.append(Series(f"exact:{s}", "errorbar", kept, med, colour,
                          None if bands else "exact", style={"marker": "o", "markersize": 4},
                          meta={"scenario": s, "lo": lo, "hi": hi}))
    out.append(Series("zero", "hline", years, np.array([0.0]), _AXIS, style={"linewidth": 0.6}))
    return out, bands


def macc_data(table):
    """Bars of :func:`capf.plot.macc` from a :func:`capf.assess.macc` table, cheapest first."""
    table = table[table["abatement"] > 0]
    out, left = [], 0.0
    for i, r in enumerate(table.itertuples()):
        width = r.abatement * _KT
        out.append(Series(f"bar:{r.action}", "bar", np.array([left]), np.array([r.cost_per_t]),
                          OKABE_ITO[1 + i % (len(OKABE_ITO) - 1)], str(r.action),
                          meta={"width": width, "action": str(r.action)}))
        left += width
    return out
