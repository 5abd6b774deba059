"""``capf.run``: every stage of a run in one call, and :class:`Results`, what it produced.

:func:`run` chains PLAN → COMPILE → PROJECT → (least cost) → ASSESS and builds exactly
the tables ``capf run`` writes; :meth:`Results.write` writes them as one output folder
(one :class:`capf.io.OutputTransaction`: the same files, bytes and ``manifest.json`` as
``capf run --out``), and :func:`write_all` writes the results of several plans into one
folder, all of them or none (``capf run a.toml b.toml``). The CLI is a thin shell over
these functions.

Examples
--------
>>> import tempfile, pathlib, capf
>>> res = capf.run(capf.testing.example_plan())
>>> sorted(res.tables)
['emissions_by_sector', 'gaps_by_sector', 'targets']
>>> out = res.write(pathlib.Path(tempfile.mkdtemp()) / "out")
>>> sorted(p.name for p in out.iterdir())[:3]
['emissions_by_sector.csv', 'gaps_by_sector.csv', 'manifest.json']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

__all__ = [
    "SENSITIVITY_YEAR",
    "Results",
    "assessment_tables",
    "run",
    "sobol_base_samples",
    "write_all",
]

#: The year whose emissions the sensitivity analysis of a Monte-Carlo run explains.
SENSITIVITY_YEAR = 2030


def _assess():
    """The package :mod:`capf.assess` (looked up at call time, so a patched function is used)."""
    import importlib

    return importlib.import_module(f"{__package__}.assess")


def _targets():
    """The module :mod:`capf.assess.targets` (imported at first use)."""
    import importlib

    return importlib.import_module(f"{__package__}.assess.targets")


def assessment_tables(ds, plan) -> dict[str, pd.DataFrame]:
    """The tables every run writes from a deterministic or Monte-Carlo result.

    ``capf check`` builds them too, so a plan that check passes does not fail in run.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` of ``plan`` (t CO2e/yr).
    plan : capf.Plan
        The plan behind ``ds``.

    Returns
    -------
    dict of str to pandas.DataFrame
        By output file name (without ``.csv``): ``emissions_by_sector`` (t CO2e/yr),
        ``targets`` (:func:`capf.assess`), ``gaps_by_sector``; ``budgets`` when the plan
        has a budget, ``sector_test`` when it has rows, ``monitoring`` when the plan has
        observations, ``macc`` when an action has costs (DKK).

    Examples
    --------
    >>> import capf
    >>> from capf.results import assessment_tables
    >>> plan = capf.testing.example_plan()
    >>> list(assessment_tables(capf.project(plan), plan))
    ['emissions_by_sector', 'targets', 'gaps_by_sector']
    """
    from . import io

    assess = _assess()
    # one evaluation of the targets for both tables, and one array of the levels on each
    # scope for every table
    with _targets()._evaluation_cache():
        tables = {"emissions_by_sector": io.emissions_by_sector(ds),
                  "targets": assess.assess(ds, plan),
                  "gaps_by_sector": assess.gaps_by_sector(ds, plan)}
        if plan.budget:
            tables["budgets"] = assess.budgets(ds, plan)
        sector_test = assess.sector_test(ds, plan)
        if not sector_test.empty:
            tables["sector_test"] = sector_test
        if plan.observation:
            tables["monitoring"] = assess.monitoring(ds, plan)
    if any(a.investment is not None or a.operating is not None for a in plan.action):
        tables["macc"] = assess.macc(ds, plan)
    return tables


def sobol_base_samples(samples: int) -> int:
    """Base samples of the Sobol analysis of a run of ``samples`` Monte-Carlo draws.

    The largest power of two not above ``samples``, kept from 16 to 1024 (the analysis
    costs ``n × (d + 2)`` projections for ``d`` parameter groups).

    Parameters
    ----------
    samples : int
        Monte-Carlo draws of the run (count).

    Returns
    -------
    int
        A power of two from 16 to 1024.

    Examples
    --------
    >>> from capf.results import sobol_base_samples
    >>> sobol_base_samples(8), sobol_base_samples(100), sobol_base_samples(10_000)
    (16, 64, 1024)
    """
    return 1 << max(4, min(10, int(samples).bit_length() - 1))


class Results:
    """Everything one run of a plan produced: the projection, its tables, the manifest.

    Made by :func:`run`; :meth:`write` writes it as ``capf run --out`` does.

    Parameters
    ----------
    dataset : xarray.Dataset
        The projection (:func:`capf.project`; t/yr of each gas, t CO2e/yr).
    tables : dict of str to pandas.DataFrame
        The result tables by output file name without ``.csv`` (in the order written).
    plan : capf.Plan
        The plan the tables describe (with ``optimise=True``: with the ``least_cost``
        scenario added).
    manifest : dict
        What ``manifest.json`` records (inputs and their SHA-256, versions, options, seed);
        the SHA-256 of the outputs is added when written.
    seed : int, optional
        Seed of the Monte-Carlo draws (None: a deterministic run).
    extra : dict of str to callable, optional
        Further files by name (``report.html``, ``results.xlsx``, ``iamc.csv``), each a
        writer ``f(path)``.
    label : str, optional
        What the run is called in messages (the plan file, or the plan's name).
    plan_file : str, optional
        The plan file the run read (None: a plan given as an object).

    Examples
    --------
    >>> import capf
    >>> res = capf.run(capf.testing.example_plan())
    >>> res.targets_met
    False
    >>> print(repr(res).splitlines()[0])
    <capf.Results of 'Rewetting and heat pumps': 1 municipality, 2 scenarios, 0 of 4 targets met>
    """

    def __init__(self, dataset, tables: Mapping[str, pd.DataFrame], plan, manifest: dict, *,
                 seed: int | None = None,
                 extra: Mapping[str, Callable[[Path], object]] | None = None,
                 label: str | None = None, plan_file: str | None = None):
        self.dataset = dataset
        self.tables = dict(tables)
        self.plan = plan
        self.manifest = manifest
        self.seed = seed
        self.extra = dict(extra or {})
        self.label = label if label is not None else plan_file or plan.plan.name
        self.plan_file = plan_file

    @property
    def targets(self) -> pd.DataFrame:
        """The ``targets`` table: one row per scenario × municipality × target (t CO2e/yr).

        Examples
        --------
        >>> import capf
        >>> capf.run(capf.testing.example_plan()).targets["met"].tolist()
        [False, False, False, False]
        """
        return self.tables["targets"]

    @property
    def targets_met(self) -> bool:
        """True when every target is met in every scenario and municipality.

        Examples
        --------
        >>> import capf
        >>> capf.run(capf.testing.example_plan()).targets_met
        False
        """
        met = self.targets["met"]
        return bool(len(met)) and bool(met.fillna(False).astype(bool).all())

    def __repr__(self) -> str:
        ds, targets = self.dataset, self.targets
        m = ds.sizes.get("municipality", 0)
        k = ds.sizes.get("scenario", 0)
        met = int(targets["met"].fillna(False).astype(bool).sum()) if len(targets) else 0
        head = (f"<capf.Results of {self.plan.plan.name!r}: {m} municipalit"
                f"{'y' if m == 1 else 'ies'}, {k} scenario{'' if k == 1 else 's'}, "
                f"{met} of {len(targets)} targets met>")
        lines = [head]
        if len(targets):
            counts = (targets.groupby(["scenario", "target"], sort=False)["met"]
                      .agg(["sum", "count"]).reset_index())
            width = max(len(str(t)) for t in counts["target"])
            for _, r in counts.iterrows():
                lines.append(f"  {r['scenario']:<16} {r['target']:<{width}}  met in "
                             f"{int(r['sum'])} of {int(r['count'])}")
        if self.seed is not None:
            samples = self.manifest.get("options", {}).get("samples")
            lines.append(f"  Monte Carlo: {samples} samples, seed {self.seed}")
        lines.append(f"  tables: {', '.join(self.tables)}")
        if self.extra:
            lines.append(f"  files: {', '.join(self.extra)}")
        return "\n".join(lines)

    def write(self, out: str | os.PathLike, *, folder: str | None = None) -> Path:
        """Write the run as one output folder: ``results.nc``, a CSV per table, the extra
        files and ``manifest.json`` (with the SHA-256 of every other file).

        One :class:`capf.io.OutputTransaction`: the new folder replaces ``out`` as a
        whole, an error leaves ``out`` as it was, and a folder that holds files capf did
        not write is refused (:class:`capf.errors.OutputError`).

        Parameters
        ----------
        out : str or os.PathLike
            The output folder (new, empty, or one capf wrote).
        folder : str, optional
            A sub-folder of ``out`` to write the files into (default: ``out`` itself).

        Returns
        -------
        pathlib.Path
            The folder holding the files.

        Examples
        --------
        >>> import tempfile, pathlib, capf
        >>> res = capf.run(capf.testing.example_plan())
        >>> out = res.write(pathlib.Path(tempfile.mkdtemp()) / "out", folder="example")
        >>> out.name, (out / "targets.csv").exists()
        ('example', True)
        """
        return write_all(out, [self], folders=[folder or ""])[0]


def folder_name(stem: str) -> str:
    """A folder name derived from a plan file's name that stays inside the output folder."""
    import re

    name = re.sub(r"[^\w.+-]", "_", stem).strip(".") or "plan"
    return name[:100]


def write_all(out: str | os.PathLike, results: Sequence[Results], *,
              folders: Sequence[str] | None = None) -> list[Path]:
    """Write several runs into one output folder in one transaction: all of them or none.

    Parameters
    ----------
    out : str or os.PathLike
        The output folder (new, empty, or one capf wrote).
    results : sequence of Results
        The runs to write.
    folders : sequence of str, optional
        The sub-folder of each run ("" = ``out`` itself). Default: ``out`` itself for one
        run, else a folder per plan file named after its stem (``DIR/<file stem>/``), as
        ``capf run a.toml b.toml`` writes.

    Returns
    -------
    list of pathlib.Path
        The folder of each run.

    Examples
    --------
    >>> import tempfile, pathlib, capf
    >>> from capf.results import write_all
    >>> a = capf.run(capf.testing.example_plan())
    >>> b = capf.run(capf.testing.example_plan())
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> [p.name for p in write_all(out, [a, b], folders=["a", "b"])]
    ['a', 'b']
    """
    from . import io
    from .errors import CapfError

    results = list(results)
    if folders is None:
        if len(results) == 1:
            folders = [""]
        else:
            folders = [folder_name(Path(r.plan_file or r.label).stem) for r in results]
    folders = list(folders)
    if len(folders) != len(results):
        raise CapfError(f"{len(results)} results but {len(folders)} folders", field="folders")
    if len(set(folders)) != len(folders):
        raise CapfError("several results would be written to the same folder; each needs its "
                        "own", field="folders")
    with io.OutputTransaction(out) as tx:
        for res, folder in zip(results, folders, strict=True):
            io.stage_results(tx, res.dataset, res.tables, res.manifest, extra=res.extra,
                             folder=folder)
    root = Path(out)
    return [root / f if f else root for f in folders]


def run(plan, *, samples: int | None = None, seed: int | None = None, optimise: bool = False,
        base: str | None = None, report: bool = False, lang: str = "en", xlsx: bool = False,
        iamc: bool = False, sensitivity_year: int = SENSITIVITY_YEAR,
        sobol_samples: int | None = None, progress=None, plan_file: str | None = None,
        label: str | None = None) -> Results:
    """Project and assess a plan: everything ``capf run`` computes, nothing written yet.

    Parameters
    ----------
    plan : capf.Plan, str or os.PathLike
        A validated plan, or a plan file (TOML) to load; an error then names the file.
    samples : int, optional
        Monte Carlo: draw the plan's uncertain parameters ``samples`` times (count) and
        add the ``probabilities`` table, and ``sensitivity`` (Sobol indices and a tornado
        of the emissions in ``sensitivity_year``) when the plan has uncertain parameters.
    seed : int, optional
        Seed of the draws (0 to 2**63 - 1); with ``samples`` and no seed, one is drawn and
        recorded in :attr:`Results.seed` and the manifest, so the run can be repeated.
    optimise : bool, default False
        Add the least-cost scenario of the candidate actions that meets every target
        (:func:`capf.optimise.least_cost`) and the ``least_cost`` table. Its warnings
        (a target it cannot meet) are issued as :class:`capf.errors.CapfWarning`.
    base : str, optional
        With ``optimise``: the scenario the least-cost portfolio builds on (default: the
        plan's first scenario with actions).
    report : bool, default False
        Also render ``report.html`` (:func:`capf.report.render_report`).
    lang : {"en", "da"}, default "en"
        Language of the report.
    xlsx : bool, default False
        Also write ``results.xlsx``, one sheet per table.
    iamc : bool, default False
        Also write ``iamc.csv`` (IAMC format, kt/yr; :func:`capf.io.iamc_long`).
    sensitivity_year : int, default 2030
        The year (calendar year) whose emissions the sensitivity analysis explains; no
        ``sensitivity`` table when it lies outside the plan's base and end year.
    sobol_samples : int, optional
        Base samples of the Sobol analysis (a power of two; count). Default: from
        ``samples`` (:func:`sobol_base_samples`: a power of two from 16 to 1024).
    progress : bool or callable, optional
        ``True`` shows a progress bar named after ``label``; a callable is called as
        ``progress(done, total)`` after each action (each sample chunk in a Monte Carlo).
    plan_file : str, optional
        The file ``plan`` was read from, recorded with its SHA-256 in the manifest (set
        when ``plan`` is a path). Without one, the manifest records the bundled data files
        as the inputs (what ``capf run`` without a plan file records).
    label : str, optional
        The run's name in messages and progress bars (default: the plan file, else the
        plan's name).

    Returns
    -------
    Results
        The projection, the tables (the same names and columns as the CSV files of
        ``capf run``), the manifest and the extra files.

    Examples
    --------
    >>> import capf
    >>> res = capf.run(capf.testing.example_plan())
    >>> list(res.tables)
    ['emissions_by_sector', 'targets', 'gaps_by_sector']
    >>> res.targets[["scenario", "target", "met"]].head(2)
      scenario            target    met
    0      bau  Climate Act 2030  False
    1      bau     Net zero 2050  False
    """
    from . import api, io
    from ._progress import bar
    from .errors import CapfError

    if isinstance(plan, (str, os.PathLike)):
        from .plan import load_plan

        path = os.fspath(plan)
        try:
            plan = load_plan(path)
            return run(plan, samples=samples, seed=seed, optimise=optimise, base=base,
                       report=report, lang=lang, xlsx=xlsx, iamc=iamc,
                       sensitivity_year=sensitivity_year, sobol_samples=sobol_samples,
                       progress=progress, plan_file=plan_file or path, label=label)
        except CapfError as exc:
            raise exc.in_file(path) from None
    label = label if label is not None else plan_file or plan.plan.name
    if samples is not None and seed is None:
        import secrets

        seed = secrets.randbits(63)

    least_cost = None
    if optimise:
        from . import optimise as _optimise

        plan, least_cost = _optimise.least_cost(plan, base=base)
    elif base is not None:
        raise CapfError("base names the scenario the least-cost portfolio builds on; give "
                        "optimise=True too", field="base")

    shown = progress is True
    call = progress if callable(progress) else None
    if samples is not None:
        with bar(samples, f"{label}: {samples} samples", enabled=shown, unit="sample") as update:
            ds = api.project(plan, samples=samples, seed=seed, progress=call or update)
    else:
        with bar(len(plan.action), f"{label}: projecting",
                 enabled=shown and len(plan.action) > 0) as update:
            ds = api.project(plan, progress=call or update)
    with _targets()._evaluation_cache():  # the targets evaluated once for every table
        tables = assessment_tables(ds, plan)
        if samples is not None:
            tables["probabilities"] = _assess().probabilities(ds, plan)[
                ["scenario", "municipality", "target", "year", "probability"]]
            year = sensitivity_year
            if ds.sizes.get("parameter", 0) and plan.plan.base_year <= year <= plan.plan.end_year:
                from . import uncertainty as sensitivity

                n = sobol_base_samples(samples) if sobol_samples is None else sobol_samples
                tables["sensitivity"] = pd.concat(
                    [sensitivity.sobol(plan, year=year, n=n, seed=seed),
                     sensitivity.tornado(plan, year=year)], ignore_index=True)
        if least_cost is not None:
            tables["least_cost"] = least_cost
        extra: dict[str, Callable[[Path], object]] = {}
        if report:
            from . import report as _report

            html = _report.render_report(ds, plan, tables=tables, lang=lang)
            extra["report.html"] = lambda p: p.write_text(html, encoding="utf-8")
    if xlsx:
        extra["results.xlsx"] = lambda p: io.write_excel(tables, p)
    if iamc:
        iamc_table = io.iamc_long(ds)
        extra["iamc.csv"] = lambda p: io.write_csv(iamc_table, p)
    man = io.manifest([plan_file] if plan_file else None, gwp=plan.plan.gwp,
                      options={"command": "run", "plan": plan_file or "bundled Danish data",
                               "xlsx": xlsx, "iamc": iamc, "samples": samples, "seed": seed})
    return Results(ds, tables, plan, man, seed=seed, extra=extra, label=label,
                   plan_file=plan_file)

