"""The report's figures, written as inline SVG (:mod:`capf.report._svgfig`).

The data of every figure comes from :mod:`capf.plot._data`, shared with the matplotlib
figures of :mod:`capf.plot`; the SVG is written directly (no matplotlib on the report's
path): vector figures that scale to the column, texts in the report's language as real
text, the plan's labels for scenarios and actions, and identical bytes per run.
"""

from __future__ import annotations

from markupsafe import Markup

from ..plot import _data
from . import _svgfig
from .messages import Text

__all__ = ["figures", "MAX_DETAILED"]

#: Up to this many municipalities the report has figures per municipality;
#: above it small multiples and the sum over all municipalities.
MAX_DETAILED = 5


def _svg(text: str) -> Markup:
    """The SVG element as markup the template writes as it is (its texts escaped)."""
    return Markup(text)


def _has_actions(ds, scenario: str, municipality) -> bool:
    if not _data._has_wedges(ds):
        return False
    w = ds["wedge"].transpose("municipality", "action", "scenario", "year").values
    w = w[:, :, _data._positions(ds, "scenario", [scenario])[0]]  # by position
    if municipality != "all":
        w = w[_data._positions(ds, "municipality", [municipality])[0]]
    return bool((w != 0).any())


def figures(ds, plan, targets, t: Text, names, macc_table=None,
            first: str | None = None) -> dict[str, list[dict]]:
    """The report's figures by section: ``{"targets": [...], "scenarios": [...], ...}``.

    Each figure is ``{"title", "caption", "svg"}`` (svg: the ``<svg>`` element, markup
    safe for the template; its ``data-gid`` groups are capf.plot's gids). Per
    municipality (up to :data:`MAX_DETAILED`): net emissions and targets
    (``targets``), emissions by sector in every scenario and, where a scenario
    has actions, the reduction by action (``scenarios``), and in a Monte-Carlo
    result the fan of net emissions (``uncertainty``). Above that: small
    multiples, then the same figures for the sum over every municipality. With
    costed actions the MACC (``costs``).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` of ``plan`` (t CO2e/yr; figures in kt CO2e/yr).
    plan : capf.Plan
        The plan, for its targets and the labels of scenarios and actions.
    targets : pandas.DataFrame
        The :func:`capf.assess` table of ``ds`` and ``plan``.
    t : Text
        The report's language (:class:`capf.report.messages.Text`).
    names : Names
        The plan's labels of scenarios and actions (:class:`capf.report._context.Names`).
    macc_table : pandas.DataFrame, optional
        The :func:`capf.assess.macc` table; the MACC is drawn if an action abates.
    first : str, optional
        A scenario whose figures come first.

    Returns
    -------
    dict of str to list of dict
        The figures of each section, in order.

    Examples
    --------
    >>> import capf
    >>> from capf.report._context import Names
    >>> from capf.report.messages import Text
    >>> plan = capf.testing.example_plan()
    >>> ds = capf.project(plan).sel(scenario=["bau"])  # one scenario: two figures
    >>> out = figures(ds, plan, capf.assess(ds, plan), Text("da"), Names(plan))
    >>> [f["title"] for section in out.values() for f in section]
    ['Nettoudledning og mål: Example (999)', 'Udledning pr. sektor: Example (999), scenarie bau']
    >>> svg = str(out["scenarios"][0]["svg"])
    >>> svg.startswith("<svg "), 'role="img"' in svg, 'data-gid="sector:transport"' in svg
    (True, True, True)
    """
    codes = [str(c) for c in ds["municipality"].values]
    unit = t("unit")
    count = iter(range(1, 10_000))

    def uid() -> str:  # the figure's id prefix: unique in the report
        return f"capf-fig{next(count)}"

    out: dict[str, list[dict]] = {"targets": [], "scenarios": [], "uncertainty": [],
                                  "costs": []}
    if len(codes) <= MAX_DETAILED:
        names_of = ds["municipality_name"].values  # by position (no xarray indexing)
        places = [(c, [c], f"{names_of[i].item()} ({c})") for i, c in enumerate(codes)]
    else:
        n = min(len(codes), 24)
        out["targets"].append({
            "title": t("figures.small_multiples"),
            "caption": t("figures.small_multiples_caption", unit=unit, n=n, total=len(codes)),
            "svg": _svg(_svgfig.small_multiples(uid(), ds, plan, targets, t, names, n,
                                                len(codes)))})
        places = [("all", codes, t("figures.all_municipalities", n=len(codes)))]
    scenarios = [str(s) for s in ds["scenario"].values]
    if first is not None:  # this scenario's figures first
        scenarios = [first] + [s for s in scenarios if s != first]
    mc = ds.attrs.get("statistic") == "mean" and "total_samples" in ds
    for code, sel, where in places:
        title = t("figures.trajectory", where=where)
        svg = _svgfig.trajectory(uid(), ds, plan, code, targets, t, names, title)
        out["targets"].append({"title": title, "caption": t("figures.trajectory_caption"),
                               "svg": _svg(svg)})
        for s in scenarios:
            scen = names.scenario(s)
            title = t("figures.sectors", where=where, scenario=scen)
            out["scenarios"].append({
                "title": title, "caption": t("figures.sectors_caption", unit=unit),
                "svg": _svg(_svgfig.sectors(uid(), ds, code, s, t, names, title))})
            if _has_actions(ds, s, code):
                title = t("figures.wedges", where=where, scenario=scen)
                out["scenarios"].append({
                    "title": title, "caption": t("figures.wedges_caption", unit=unit),
                    "svg": _svg(_svgfig.wedges(uid(), ds, code, s, t, names, title))})
        if mc:
            title = t("figures.fan", where=where)
            years = ", ".join(str(int(y)) for y in ds["sample_year"].values)
            out["uncertainty"].append({
                "title": title,
                "caption": t("figures.fan_caption", n=ds.attrs.get("samples", "?"), unit=unit,
                             years=years),
                "svg": _svg(_svgfig.fan(uid(), ds, sel, t, names, title))})
    if macc_table is not None and (macc_table["abatement"] > 0).any():
        out["costs"].append({"title": t("figures.macc"),
                             "caption": t("figures.macc_caption", unit=unit),
                             "svg": _svg(_svgfig.macc(uid(), macc_table, t, names,
                                                      t("figures.macc")))})
    return out
