"""The probability fan of a Monte-Carlo result."""

from __future__ import annotations

import xarray as xr

from ._common import _KT, _axes, _colour, _finish, _scenarios, _text, _where


def fan(ds: xr.Dataset, plan=None, *, municipality=None, scenario=None, ax=None, **kw):
    """Probability fan of net emissions over the years from a Monte-Carlo result.

    The band is the mean ± 1.645 standard deviations of the municipality's net
    total (streamed for every year): the 5 %–95 % band if the spread is near
    normal, an approximation otherwise. The markers are the exact 5 % / 50 % /
    95 % quantiles in the years whose samples are kept. One municipality.

    Parameters
    ----------
    ds : xarray.Dataset
        A Monte-Carlo result of ``capf.project(plan, samples=N)`` (t CO2e/yr, with
        ``total_sd``).
    plan : capf.Plan, optional
        Not needed; accepted so that every figure has the same signature.
    municipality : str, optional
        The code of one municipality (None: the only one).
    scenario : str or list of str, optional
        Scenarios to draw (default: all).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new pyplot figure).
    **kw
        Not used.

    Returns
    -------
    matplotlib.axes.Axes
        In kt CO2e/yr, per scenario: the band (``band:<name>``), the mean
        (``mean:<name>``) and the quantile markers (``q0.05:<name>``...).

    Raises
    ------
    ValueError
        For a result without samples, or a selection of several municipalities.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import capf
    >>> d = capf.testing.example_plan_dict()
    >>> d["action"][0]["share"] = {"dist": "uniform", "low": "20 %", "high": "80 %"}
    >>> plan = capf.Plan.model_validate(d)
    >>> ax = fan(capf.project(plan, samples=20, seed=1), scenario="plan")
    >>> [line.get_gid() for line in ax.lines][:1]
    ['mean:plan']
    >>> plt.close("all")
    """
    if "total_sd" not in ds:
        raise ValueError("a fan chart needs a Monte-Carlo result: capf.project(plan, samples=N)")
    codes, label = _where(ds, municipality)
    if len(codes) != 1:
        raise ValueError("a fan chart shows one municipality; pass municipality='<code>'")
    ax = _axes(ax)
    years = ds["year"].values
    for s in _scenarios(ds, scenario):
        colour = _colour(ds, s)
        mean = ds["co2e"].sel(scenario=s, municipality=codes[0]).sum("source").values * _KT
        sd = ds["total_sd"].sel(scenario=s, municipality=codes[0]).values * _KT
        ax.fill_between(years, mean - 1.645 * sd, mean + 1.645 * sd, color=colour, alpha=0.18,
                        linewidth=0, gid=f"band:{s}")
        ax.plot(years, mean, color=colour, label=_text(f"{s}: mean"), gid=f"mean:{s}")
        if "total_quantile" in ds:
            q = ds["total_quantile"].sel(scenario=s, municipality=codes[0])
            for qq, marker in ((0.05, "v"), (0.5, "o"), (0.95, "^")):
                if qq in q["quantile"].values:
                    ax.plot(q["sample_year"].values, q.sel(quantile=qq).values * _KT, marker,
                            color=colour, markersize=5, linestyle="none",
                            label=_text(f"{s}: {int(qq * 100)} %"), gid=f"q{qq}:{s}")
    _finish(ax, f"Net emissions, {ds.attrs.get('samples', '?')} samples: {label}")
    return ax
