"""A self-contained HTML report of a projection, in English or Danish, that prints to A4.

:func:`write_report` writes ONE HTML file: figures are inline SVG (texts as text),
the style sheet is inline, and nothing is loaded from elsewhere (no external
CSS, scripts or fonts), so the file can be mailed, archived or opened offline.
Every text taken from the plan is HTML-escaped (jinja2 autoescape). Every text
of the report itself comes from one message catalogue, :mod:`capf.report.messages`
(``lang="en"`` or ``"da"``), with the number and date format of the language.

Examples
--------
>>> import tempfile, pathlib, capf
>>> from capf.report import write_report
>>> plan = capf.testing.example_plan()
>>> out = write_report(capf.project(plan), plan, pathlib.Path(tempfile.mkdtemp()) / "r.html")
>>> out.name, "Climate Act 2030" in out.read_text(encoding="utf-8")
('r.html', True)
>>> da = write_report(capf.project(plan), plan, out.parent / "da.html", lang="da")
>>> '<html lang="da">' in da.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import functools
import importlib.resources
import os
from pathlib import Path

import pandas as pd
import xarray as xr

from ..io.transaction import atomic_file
from . import _context
from ._figures import MAX_DETAILED, figures
from .messages import LANGUAGES, Text

__all__ = ["LANGUAGES", "MAX_DETAILED", "render_report", "write_report"]

_TEMPLATE = "template.html"


@functools.lru_cache(maxsize=1)
def _environment():
    import jinja2

    def load(name: str) -> str:
        return importlib.resources.files(__name__).joinpath(name).read_text(encoding="utf-8")

    options = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
               "keep_trailing_newline": True}
    env = jinja2.Environment(loader=jinja2.FunctionLoader(load),
                             undefined=jinja2.StrictUndefined,
                             bytecode_cache=_bytecode_cache(jinja2, options), **options)
    env.filters["breakable"] = _breakable
    return env


def _bytecode_cache(jinja2, options: dict):
    """jinja2's compiled template kept on disk (compiling it is ~0.15 s of every report), in
    capf's cache folder (:func:`capf.units._cache_folder`), in a subfolder named after jinja2's
    version and a hash of the options that change the compiled code. jinja2 itself checks the
    template's source checksum and Python's version, and compiles anew when they differ; a
    file that cannot be read or written (a killed process, a read-only folder) is a miss."""
    import contextlib
    import hashlib

    from ..units import _cache_folder

    key = hashlib.sha256(repr(sorted(options.items())).encode()).hexdigest()[:12]
    folder = _cache_folder(f"jinja2-{jinja2.__version__}-{key}")
    if folder is None:
        return None

    class Cache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket):
            try:
                super().load_bytecode(bucket)
            except Exception:  # a broken file: compile anew
                bucket.reset()

        def dump_bytecode(self, bucket):
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    return Cache(str(folder))


def _breakable(text) -> str:
    """Escaped text with line-break opportunities after the dots and underscores of ids."""
    import markupsafe

    safe = str(markupsafe.escape(str(text)))
    return markupsafe.Markup(safe.replace(".", ".<wbr>").replace("_", "_<wbr>"))


def _tables(ds, plan, tables: dict) -> dict:
    """The tables the report shows: those given, the missing ones computed."""
    from .. import assess

    out = dict(tables)
    if out.get("targets") is None:
        out["targets"] = assess.assess(ds, plan)
    if out.get("gaps_by_sector") is None:
        out["gaps_by_sector"] = assess.gaps_by_sector(ds, plan)
    if "sector_test" not in out:
        out["sector_test"] = assess.sector_test(ds, plan)
    if "monitoring" not in out and plan.observation:
        out["monitoring"] = assess.monitoring(ds, plan)
    if "macc" not in out and any(a.investment is not None or a.operating is not None
                                 for a in plan.action):
        out["macc"] = assess.macc(ds, plan)
    return out


def render_report(ds: xr.Dataset, plan, *, title: str | None = None,
                  tables: dict[str, pd.DataFrame] | None = None,
                  scenario: str | None = None, lang: str = "en") -> str:
    """The report as HTML text (what :func:`write_report` writes).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` (t CO2e/yr; shown in kt CO2e/yr).
    plan : capf.Plan
        The plan behind ``ds``.
    title, tables, scenario, lang
        As in :func:`write_report`.

    Returns
    -------
    str
        One self-contained HTML page.

    Examples
    --------
    >>> import capf
    >>> plan = capf.testing.example_plan()
    >>> html = render_report(capf.project(plan), plan, title="Example")
    >>> html.startswith("<!DOCTYPE html>"), "<title>Example" in html
    (True, True)
    """
    from ..assess.targets import _evaluation_cache

    with _evaluation_cache():  # the targets evaluated once for the tables and the figures
        return _render(ds, plan, title, tables, scenario, lang)


def _render(ds, plan, title, tables, scenario, lang) -> str:
    t = Text(lang)
    names = _context.Names(plan)
    tables = _tables(ds, plan, dict(tables or {}))
    targets = tables["targets"]
    scen_names = [str(s) for s in ds["scenario"].values]
    if scenario is not None and scenario not in scen_names:
        raise KeyError(f"scenario {scenario!r} is not in the result; it has "
                       f"{', '.join(scen_names)}")
    context = {
        "t": t,
        "lang": lang,
        "plan": _context.plan_section(ds, plan, title, t, names, _context.report_date()),
        "inventory": _context.inventory_section(ds, plan, t),
        "targets": _context.targets_section(plan, targets, t, names),
        "gaps": _context.gaps_section(tables["gaps_by_sector"], t, names),
        "sector_test": _context.sector_test_section(tables.get("sector_test"), t, names, ds),
        "monitoring": _context.monitoring_section(tables.get("monitoring"), plan, t, names, ds),
        "uncertainty": _context.uncertainty_section(ds, targets, t, names),
        "costs": _context.costs_section(tables.get("macc"), plan, t, names),
        "actions": _context.actions_section(plan, t, names),
        "emissions": _context.emissions_section(ds, t, names),
        "assumptions": _context.assumptions_section(ds, plan, targets, t),
        "figures": figures(ds, plan, targets, t, names, tables.get("macc"),
                           first=scenario),
        "unit": t("unit"),
    }
    return _environment().get_template(_TEMPLATE).render(**context)


def write_report(ds: xr.Dataset, plan, path: str | os.PathLike, *, title: str | None = None,
                 tables: dict[str, pd.DataFrame] | None = None,
                 scenario: str | None = None, lang: str = "en") -> Path:
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
        (:func:`capf.assess.gaps_by_sector`); missing ones are computed.
    scenario : str, optional
        The scenario whose sector and action figures come first (default: the
        plan's order; every scenario has its own).
    lang : {"en", "da"}, default "en"
        The report's language: every heading, label, legend, table header and
        sentence, and the number and date format (Danish ``1.557,9`` and
        ``1. december 2026``). Names and texts from the plan are shown as written
        (an action's or scenario's ``label`` where it has one).

    Returns
    -------
    pathlib.Path
        The file written. It is written to a temporary file in the same
        directory and renamed into place (:func:`capf.io.atomic_file`, the file
        writer of :mod:`capf.io.transaction`), so an error never leaves a
        half-written report and an earlier report stays as it was. (``capf run
        --report`` writes it with the run's other files, in one
        :class:`capf.io.OutputTransaction`; ``capf report`` through
        :class:`capf.io.AtomicWriter`, the same file writer, under an
        :class:`capf.io.OutputLock`.)

    Notes
    -----
    Content, each section an element with a stable id: the header (plan name,
    base and end year, GWP set, date and capf version); ``inventory`` (per
    inventory line the activity, factor, unit, the factor's source, the
    base-year CO2e and flags; grouped by source above 12 municipalities);
    ``targets`` (rules and citations, met in how many municipalities, per
    scenario × municipality × target the reference, target and projected
    levels, met and gap, estimates marked with an asterisk; the trajectory
    figures); ``gaps`` by sector; ``sector-test`` (DK2020/CCTF);
    ``monitoring`` (observed against the pathway); ``uncertainty`` (fan chart
    from the Monte-Carlo quantiles and the probability of each target);
    ``costs`` (MACC figure and the annual costs); ``scenarios`` (scenarios,
    actions, sector and wedge figures of every scenario); ``emissions`` (year ×
    sector table per scenario); ``assumptions`` with their sources. A section
    with nothing to show says why in one line. Figures are per municipality up
    to :data:`MAX_DETAILED` municipalities, otherwise small multiples and the
    sum over all municipalities. The page prints to A4 (``@page``).

    Examples
    --------
    >>> import tempfile, pathlib, capf
    >>> plan = capf.testing.example_plan()
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_report(capf.project(plan), plan, folder).name  # a folder: <folder>/report.html
    'report.html'
    """
    path = Path(path)
    if path.is_dir():
        path = path / "report.html"
    html = render_report(ds, plan, title=title, tables=tables, scenario=scenario, lang=lang)
    atomic_file(path, lambda p: p.write_text(html, encoding="utf-8", newline="\n"))
    return path
