"""What every figure of :mod:`capf.plot` shares: unit, palettes, sector colours, helpers."""

from __future__ import annotations

import xarray as xr

from ..assess import assess
from ..sectors import SECTOR_RECORDS

#: Unit of every y axis: results are in t CO2e/yr and drawn in kt.
UNIT = "kt CO2e/yr"
_KT = 1e-3

#: The Okabe-Ito palette (black, orange, sky blue, bluish green, yellow, blue,
#: vermillion, reddish purple), safe for the common forms of colour blindness.
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
             "#CC79A7")
_GREY, _DARK, _AXIS = "#999999", "#444444", "#666666"
_SCENARIO_COLOURS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                     "#56B4E9", "#F0E442")
#: One fixed Okabe-Ito colour per sector, the same in every figure: sector name -> hex
#: colour, from each sector's record (:attr:`capf.sectors.Sector.colour`).
SECTOR_COLOURS: dict[str, str] = {name: s.colour for name, s in SECTOR_RECORDS.items()}
_MARKERS = ("o", "s", "D", "^", "v", "P", "X")

_COMMON = """ds : xarray.Dataset
        A result of :func:`capf.project` (t CO2e/yr).
    plan : capf.Plan, optional
        Not needed; accepted so that every figure has the same signature.
    municipality : str, optional
        A code, ``"all"`` (the sum) or None (the only one, else the sum).
    scenario : str, optional
        Default: the last scenario of ``ds``.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new pyplot figure)."""


def _doc(f):
    f.__doc__ = f.__doc__.replace("%(common)s", _COMMON)
    return f


# ------------------------------------------------------------------ helpers
def _text(s) -> str:
    """Plain text for matplotlib: no mathtext (``$``), no hidden legend labels (``_x``)."""
    s = str(s).replace("$", r"\$")
    return " " + s if s.startswith("_") else s


def _where(ds: xr.Dataset, municipality) -> tuple[list[str], str]:
    """Municipality codes a selection stands for, and its label for titles."""
    codes = [str(c) for c in ds["municipality"].values]
    if municipality is None or (municipality == "all" and len(codes) == 1):
        municipality = codes[0] if len(codes) == 1 else "all"
    if municipality == "all":
        return codes, f"all {len(codes)} municipalities"
    code = str(municipality)
    if code not in codes:
        raise KeyError(f"municipality {code!r} is not in the result; it has "
                       f"{', '.join(codes[:10])}{' ...' if len(codes) > 10 else ''}")
    # by position: xarray's .sel would build a Variable, whose duck-array check imports
    # dask.array where dask is installed
    name = str(ds["municipality_name"].values[codes.index(code)]) \
        if "municipality_name" in ds.coords else code
    return [code], (f"{name} ({code})" if name != code else code)


def _pick(da: xr.DataArray, codes: list[str]) -> xr.DataArray:
    """Select (one code) or sum (several; NaN where any is NaN) over municipalities."""
    if len(codes) == 1:
        return da.sel(municipality=codes[0], drop=True)
    return da.sel(municipality=codes).sum("municipality", min_count=len(codes))


def _scenarios(ds: xr.Dataset, scenario, default_all: bool = True) -> list[str]:
    names = [str(s) for s in ds["scenario"].values]
    if scenario is None:
        return names if default_all else names[-1:]
    wanted = [scenario] if isinstance(scenario, str) else list(scenario)
    for s in wanted:
        if str(s) not in names:
            raise KeyError(f"scenario {s!r} is not in the result; it has {', '.join(names)}")
    return [str(s) for s in wanted]


def _colour(ds: xr.Dataset, scenario: str) -> str:
    names = [str(s) for s in ds["scenario"].values]
    return _SCENARIO_COLOURS[names.index(scenario) % len(_SCENARIO_COLOURS)]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8.5, 4.8), layout="constrained")
    return ax


def _style(ax, small: bool = False) -> None:
    ax.grid(True, axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    lo, hi = ax.get_ylim()
    ax.set_ylim(min(lo, 0.0), hi)  # an honest scale: zero is always on it
    if small:
        ax.tick_params(labelsize=7.5)


def _finish(ax, title: str, order=None) -> None:
    """Title, axis labels and units, ticks, and the legend outside the axes (in ``order``)."""
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    _style(ax)
    ax.set_title(_text(title), loc="left", fontsize=11)
    ax.set_xlabel("year")
    ax.set_ylabel(UNIT)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    if max(abs(v) for v in ax.get_ylim()) >= 1000:
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        order = range(len(handles)) if order is None else order
        ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8.5)


def _target_levels(ds: xr.Dataset, plan, codes: list[str], table=None) -> list[dict]:
    """Targets on the full scope that cover every code, their levels summed over the codes."""
    table = assess(ds, plan) if table is None else table
    full = {t.name for t in plan.target if t.scope_key() == (None, None)}
    if table.empty:
        return []
    first = table[table["scenario"] == table["scenario"].iloc[0]]
    out = []
    for name in dict.fromkeys(first["target"]):
        rows = first[(first["target"] == name) & first["municipality"].isin(codes)]
        if name in full and len(rows) == len(codes):
            out.append({"name": name, "year": int(rows["year"].iloc[0]),
                        "kind": rows["target_kind"].iloc[0],
                        "level": float(rows["target_level"].sum()),
                        "ref": float(rows["reference_level"].sum(min_count=len(rows))),
                        "ref_year": rows["reference_year"].iloc[0],
                        "estimate": bool(rows["reference_is_estimate"].fillna(False).any())})
    return out


def _draw(ax, series, kw=None, to=()) -> None:
    """Draw :class:`capf.plot._data.Series` on ``ax`` (``kw`` on the series whose gid starts
    with one of ``to``)."""
    for x in series:
        extra = dict(kw or {}) if x.gid.startswith(tuple(to)) and to else {}
        label = None if x.label is None else _text(x.label)
        st = dict(x.style)
        if x.kind == "line":
            ax.plot(x.x, x.y, color=x.colour, label=label, gid=x.gid, **{**st, **extra})
        elif x.kind == "band":
            hatch = {k: st.pop(k) for k in ("hatch", "edgecolor") if k in st}
            ax.fill_between(x.x, x.base, x.y, color=x.colour, label=label, gid=x.gid,
                            **{**st, "linewidth": 0.0, **extra}, **hatch)
        elif x.kind == "marker":
            ax.plot(x.x, x.y, linestyle="none", color=x.colour, markerfacecolor="white",
                    label=label, gid=x.gid, **st)
        elif x.kind == "hline":
            ax.axhline(float(x.y[0]), color=x.colour, label=label, gid=x.gid, **st)
        elif x.kind == "bar":
            ax.bar(x.x[0], x.y[0], width=x.meta["width"], align="edge", edgecolor="white",
                   color=x.colour, label=label, gid=x.gid)


def _order(ax, gids: list[str]) -> list[int]:
    """Positions in ``ax``'s legend handles of the artists with ``gids``, in that order."""
    handles, _ = ax.get_legend_handles_labels()
    at: dict[str, int] = {}
    for i, h in enumerate(handles):
        at.setdefault(h.get_gid(), i)
    return [at[g] for g in gids if g in at]
