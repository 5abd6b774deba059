"""A self-contained HTML report of a projection: targets, gaps, actions, assumptions, figures.

:func:`write_report` writes ONE HTML file: figures are embedded as base64 PNG,
the style sheet is inline, and nothing is loaded from elsewhere (no external
CSS, scripts or fonts), so the file can be mailed, archived or opened offline.
Every text taken from the plan is HTML-escaped (jinja2 autoescape).

Examples
--------
>>> import tempfile, pathlib, capf
>>> from capf.report import write_report
>>> plan = capf.testing.example_plan()
>>> out = write_report(capf.project(plan), plan, pathlib.Path(tempfile.mkdtemp()) / "r.html")
>>> out.name, "Climate Act 2030" in out.read_text(encoding="utf-8")
('r.html', True)
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import tempfile
from pathlib import Path

import pandas as pd
import xarray as xr

from . import _context
from ._figures import MAX_DETAILED, figures

__all__ = ["write_report", "render_report", "MAX_DETAILED"]

_TEMPLATE = "template.html"


@functools.lru_cache(maxsize=1)
def _environment():
    import jinja2

    def load(name: str) -> str:
        return importlib.resources.files(__name__).joinpath(name).read_text(encoding="utf-8")

    return jinja2.Environment(loader=jinja2.FunctionLoader(load), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)


def render_report(ds: xr.Dataset, plan, *, title: str | None = None,
                  tables: dict[str, pd.DataFrame] | None = None,
                  scenario: str | None = None) -> str:
    """The report as HTML text (what :func:`write_report` writes).

    Parameters are those of :func:`write_report`.
    """
    from .. import pathways

    tables = dict(tables or {})
    targets = tables.get("targets")
    if targets is None:
        targets = pathways.assess(ds, plan)
    gaps = tables.get("gaps_by_sector")
    if gaps is None:
        gaps = pathways.gaps_by_sector(ds, plan)
    names = [str(s) for s in ds["scenario"].values]
    if scenario is None:
        scenario = names[-1]
    elif scenario not in names:
        raise KeyError(f"scenario {scenario!r} is not in the result; it has {', '.join(names)}")
    context = {
        "plan": _context.plan_section(ds, plan, title, scenario),
        "targets": _context.targets_section(plan, targets),
        "gaps": _context.gaps_section(gaps),
        "actions": _context.actions_section(plan),
        "assumptions": _context.assumptions_section(ds, plan, targets),
        "figures": figures(ds, plan, scenario, targets),
        "unit": "kt CO2e/yr",
    }
    return _environment().get_template(_TEMPLATE).render(**context)


def write_report(ds: xr.Dataset, plan, path: str | os.PathLike, *, title: str | None = None,
                 tables: dict[str, pd.DataFrame] | None = None,
                 scenario: str | None = None) -> Path:
    """Write a self-contained HTML report of a projection.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (t CO2e/yr; shown in kt CO2e/yr).
    plan : capf.Plan
        The plan behind ``ds``.
    path : str or os.PathLike
        The HTML file to write; an existing directory means ``<path>/report.html``.
        Missing parent directories are created.
    title : str, optional
        Heading and ``<title>`` (default: the plan's name).
    tables : dict of pandas.DataFrame, optional
        Tables already computed for ``ds`` and ``plan``, by the names of the
        output files: ``"targets"`` (:func:`capf.assess`) and ``"gaps_by_sector"``
        (:func:`capf.pathways.gaps_by_sector`); missing ones are computed.
    scenario : str, optional
        The scenario of the sector and action figures (default: the last one).

    Returns
    -------
    pathlib.Path
        The file written. It is written to a temporary file in the same
        directory and renamed into place (``os.replace``), so an error never
        leaves a half-written report and an earlier report stays as it was.

    Notes
    -----
    Content: plan name, base and end year, GWP set; scenarios; targets (their
    rules and citations, met in how many municipalities, and per scenario ×
    municipality × target the reference, target and projected levels, met and
    gap, estimates marked with an asterisk); gaps by sector summed over
    municipalities; actions (kind, what they act on, share, start, full,
    curve); assumptions with their sources (default factors used, inventory
    lines flagged as estimates, back-cast reference levels and the national
    series behind them, drivers); figures: per municipality (up to
    :data:`MAX_DETAILED`) net emissions with targets, emissions by sector and
    reductions by action, otherwise small multiples and the same figures for
    the sum over all municipalities.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "report.html"
    html = render_report(ds, plan, title=title, tables=tables, scenario=scenario)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        from ..errors import OutputError

        raise OutputError(f"cannot write the report to {path.parent}: {exc.strerror or exc}",
                          field="--out") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(html)
            f.flush()
            os.fsync(f.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
