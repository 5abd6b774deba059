"""The ``capf`` command: a thin shell over the public API.

    capf run [PLAN.toml ...] --out DIR     project and assess (no file: the bundled Danish plan)
    capf check PLAN.toml ...               validate only
    capf report [PLAN.toml ...] --out DIR  the HTML report only
    capf catalogue [--sector S] [--csv F]  the sources, units, default factors and citations

Exit codes: 0 success, 2 invalid input (one message per problem on stderr),
1 anything else.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import pandas as pd

__all__ = ["main", "command"]

log = logging.getLogger(__name__)


#: Largest --seed (numpy takes any non-negative integer; capf records seeds as 64-bit).
MAX_SEED = 2**63 - 1


def _seed(text: str) -> int:
    """``--seed``: a whole number from 0 to :data:`MAX_SEED`, checked before any work."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"expected a seed from 0 to 2**63 - 1, got {text}")
    return value


def _in_file(path):
    """Context: a capf error raised while running ``path`` names that file."""
    import contextlib

    from .errors import CapfError

    @contextlib.contextmanager
    def ctx():
        try:
            yield
        except CapfError as exc:
            raise exc.in_file(str(path)) from None

    return ctx()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="capf",
        description="Emissions scenarios and target checks for municipal climate action plans.",
    )
    p.add_argument("--version", action="store_true", help="print the capf version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="project and assess plans and write the results")
    run.add_argument("plans", nargs="*", metavar="PLAN.toml",
                     help="plan files (none: the bundled Danish plan for all 98 municipalities)")
    run.add_argument("--out", required=True, metavar="DIR", help="output directory")
    run.add_argument("--quiet", "-q", action="store_true", help="print no summary")
    run.add_argument("--samples", type=int, metavar="N",
                     help="Monte Carlo: draw the plan's uncertain parameters N times and write "
                     "probabilities.csv")
    run.add_argument("--seed", type=_seed, metavar="S",
                     help=f"seed of the Monte-Carlo draws (0 to {MAX_SEED})")
    run.add_argument("--optimise", action="store_true",
                     help="add the least-cost scenario of the candidate actions that meets "
                     "every target, and write least_cost.csv")
    run.add_argument("--base", metavar="SCENARIO",
                     help="with --optimise: the scenario the least-cost portfolio builds on "
                     "(default: the plan's first scenario with actions)")
    run.add_argument("--report", action="store_true",
                     help="also write report.html: one self-contained page with figures and "
                     "tables to hand to the council")
    run.add_argument("--lang", choices=("en", "da"), default="en",
                     help="language of report.html: en (default) or da (Danish text, numbers "
                     "and dates); CSV files always use point decimals")
    run.add_argument("--xlsx", action="store_true",
                     help="also write results.xlsx, one sheet per table")
    run.add_argument("--iamc", action="store_true",
                     help="also write iamc.csv (IAMC format, readable by pyam)")
    run.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    rep = sub.add_parser("report", help="project plans and write only their HTML report")
    rep.add_argument("plans", nargs="*", metavar="PLAN.toml",
                     help="plan files (none: the bundled Danish plan)")
    rep.add_argument("--out", required=True, metavar="DIR", help="output directory")
    rep.add_argument("--quiet", "-q", action="store_true", help="print nothing")
    rep.add_argument("--lang", choices=("en", "da"), default="en",
                     help="language of the report: en (default) or da")
    rep.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    cat = sub.add_parser("catalogue", help="list every source with its unit, default factors "
                         "and their citations")
    cat.add_argument("--csv", metavar="FILE", help="write the full table to a CSV file")
    cat.add_argument("--sector", help="only this sector")
    new = sub.add_parser("new", help="write a plan file for one Danish municipality from the "
                         "bundled data")
    new.add_argument("code", metavar="CODE", help="DST municipality code, e.g. 340 (Sorø)")
    new.add_argument("--out", required=True, metavar="FILE", help="the plan file to write")
    new.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    chk = sub.add_parser("check", help="validate plan files without running them")
    chk.add_argument("plans", nargs="+", metavar="PLAN.toml")
    chk.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return p


def _fmt_kt(x) -> str:
    if x is None or pd.isna(x):
        return "-"
    return f"{x / 1000:,.1f}"


def _summary(name: str, targets: pd.DataFrame, out) -> None:
    if targets.empty:
        print(f"{name}: no targets", file=out)
        return
    codes = targets["municipality"].unique()
    print(f"\n{name}: {len(codes)} municipalit{'y' if len(codes) == 1 else 'ies'}", file=out)
    counts = (targets.groupby(["scenario", "target"], sort=False)["met"]
              .agg(["sum", "count"]).reset_index())
    width = max(len(str(t)) for t in counts["target"])
    sw = max(16, *(len(str(s)) for s in counts["scenario"]))  # the scenario column
    for _, r in counts.iterrows():
        print(f"  {r['scenario']:<{sw}} {r['target']:<{width}}  met in {int(r['sum'])} of "
              f"{int(r['count'])}", file=out)
    relative = targets[targets["target_kind"] == "relative"]
    if len(codes) > 12 and not relative.empty:
        first = relative["target"].iloc[0]
        rows = relative[relative["target"] == first]
        for scen, grp in rows.groupby("scenario", sort=False):
            top = grp.nlargest(5, "gap")
            gaps = ", ".join(f"{n} ({c}) {_fmt_kt(g)}" for c, n, g in
                             zip(top["municipality"], top["municipality_name"], top["gap"],
                                 strict=True))
            print(f"  largest gaps to {first!r} under {scen} (kt CO2e/yr): {gaps}", file=out)
    if len(codes) <= 12:
        print("  levels in kt CO2e/yr (ref = reference level, * = estimate):", file=out)
        for _, r in targets.iterrows():
            ref = _fmt_kt(r["reference_level"])
            est = r["reference_is_estimate"]
            if not pd.isna(est) and bool(est):
                ref += "*"
            print(f"  {r['scenario']:<{sw}} {r['municipality']:<6} {r['target']:<{width}}  "
                  f"ref {ref:>9}  base {_fmt_kt(r['base_year_level']):>9}  "
                  f"target {_fmt_kt(r['target_level']):>9}  projected "
                  f"{_fmt_kt(r['projected_level']):>9}  {'met' if r['met'] else 'NOT met'}",
                  file=out)


def _assessment_tables(ds, plan) -> dict[str, pd.DataFrame]:
    """The tables every run writes (moved to :func:`capf.results.assessment_tables`)."""
    from .results import assessment_tables

    return assessment_tables(ds, plan)


def _run_one(plan, label: str, args, plan_file: str | None = None):
    """Project and assess one plan (:func:`capf.run`); everything to write, nothing written.

    The optimiser's warnings are printed as ``warning: <label>: ...``."""
    import warnings

    from ._progress import wanted
    from .errors import CapfError, CapfWarning
    from .results import run

    if getattr(args, "base", None) is not None and not getattr(args, "optimise", False):
        raise CapfError("--base names the scenario --optimise builds on; give --optimise too")
    caught: list = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CapfWarning)
            return run(plan, samples=args.samples, seed=args.seed,
                       optimise=getattr(args, "optimise", False),
                       base=getattr(args, "base", None), report=getattr(args, "report", False),
                       lang=getattr(args, "lang", "en"), xlsx=args.xlsx, iamc=args.iamc,
                       progress=wanted(args.quiet), plan_file=plan_file, label=label)
    finally:  # the warnings filters are restored here; a failed run's warnings shown too
        for w in caught:
            if issubclass(w.category, CapfWarning):
                print(f"warning: {label}: {w.message}", file=sys.stderr)
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _write_runs(out: Path, runs: list, folders: list[str], args) -> None:
    """All runs' files in one transaction on ``out``: every plan's results or none
    (:meth:`capf.Results.write` for one plan, :func:`capf.results.write_all` for several)."""
    from .results import write_all

    if len(runs) == 1:
        runs[0].write(out, folder=folders[0] or None)
    else:
        write_all(out, runs, folders=folders)
    if not args.quiet:
        for res, folder in zip(runs, folders, strict=True):
            _summary(res.label, res.tables["targets"], sys.stdout)
            print(f"  results written to {out / folder if folder else out}/", file=sys.stdout)


def _draw_seed(args) -> None:
    """A Monte-Carlo run without --seed draws one, so it can be repeated."""
    if args.samples is not None and args.seed is None:
        import secrets

        args.seed = secrets.randbits(63)
        if not args.quiet:
            print(f"seed {args.seed} drawn (repeat the run with --seed {args.seed})",
                  file=sys.stdout)


def _safe_name(stem: str) -> str:
    """A folder name derived from a plan file's name that stays inside the output folder."""
    from .results import folder_name

    return folder_name(stem)


def _load_all(paths: Sequence[str]):
    from .errors import PlanError
    from .plan import load_plan

    plans, problems = [], []
    for path in paths:
        try:
            plans.append(load_plan(path))
        except PlanError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PlanError(problems)
    return plans


def _cmd_run(args) -> int:
    from . import datasets

    out = Path(args.out)
    _draw_seed(args)
    if not args.plans:
        _write_runs(out, [_run_one(datasets.denmark(), "Denmark (bundled data)", args)], [""],
                    args)
        return 0
    from .errors import CapfError

    plans = _load_all(args.plans)
    stems = [_safe_name(Path(p).stem) for p in args.plans]
    if len(set(stems)) != len(stems):
        raise CapfError("several plan files share a file name; each needs its own output "
                        "folder DIR/<file stem>/", field="PLAN.toml")
    runs = []  # validate and compute every plan before anything is written
    for path, plan in zip(args.plans, plans, strict=True):
        try:
            with _in_file(path):
                runs.append(_run_one(plan, path, args, plan_file=path))
        except CapfError:
            raise  # _in_file names the file
        except Exception as exc:
            exc.add_note(f"while running {path}; nothing was written")
            raise
    _write_runs(out, runs, [""] if len(plans) == 1 else stems, args)
    return 0


def _cmd_report(args) -> int:
    from . import datasets
    from .results import run

    out = Path(args.out)
    if args.plans:
        plans = list(zip(args.plans, _load_all(args.plans), strict=True))
    else:
        plans = [("bundled Danish data", datasets.denmark())]
    pages = []  # every report rendered before any is written
    for path, plan in plans:
        with _in_file(path):
            res = run(plan, report=True, lang=args.lang, label=path)
            name = "report.html" if len(plans) == 1 else f"{_safe_name(Path(path).stem)}.html"
            pages.append((path, name, res.extra["report.html"]))
    from .errors import CapfError, OutputError
    from .io import AtomicWriter, OutputLock

    try:
        with OutputLock(out), AtomicWriter(out) as w:  # beside other files in the folder
            for _, name, writer in pages:
                w.write(name, writer)
    except (OSError, CapfError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        err = OutputError(f"cannot write the report to {out}: {why}", field="--out")
        raise (err.in_file(plans[0][0]) if args.plans and len(plans) == 1 else err) from None
    if not args.quiet:
        for path, name, _ in pages:
            print(f"{path}: report written to {out / name}")
    return 0


def _cmd_catalogue(args) -> int:
    from . import sectors
    from .io import AtomicWriter

    table = sectors.catalogue_table()
    if args.sector:
        if args.sector not in sectors.SECTORS:
            from .errors import CapfError

            raise CapfError(f"unknown sector {args.sector!r}; expected one of "
                            f"{', '.join(sectors.SECTORS)}", field="--sector")
        table = table[table["sector"] == args.sector]
    if args.csv:
        target = Path(args.csv)
        with AtomicWriter(target.parent if str(target.parent) else Path(".")) as w:
            w.write(target.name, lambda p: table.to_csv(p, index=False, lineterminator="\n"))
        print(f"{len(table)} rows written to {target}")
        return 0
    for source, rows in table.groupby("source", sort=False):
        first = rows.iloc[0]
        unit = first["activity_unit"] or "emissions only"
        print(f"{source}  [{unit}]  IPCC {first['ipcc']}  DK2020 {first['dk2020_sector']}")
        for _, r in rows.iterrows():
            if r["default_factor"]:
                years = f" ({r['years']})" if r["years"] else ""
                print(f"    {r['gas']:<7} {r['default_factor']}{years}")
                print(f"            source: {r['citation']}")
        if not rows["default_factor"].astype(bool).any() and first["activity_unit"]:
            print("    no sourced default factor: give 'factor' on the inventory line")
    return 0


def _planner_notes(path) -> list[tuple[int, str]]:
    """Lines marked '# PLANNER:' in a plan file: figures only the planner can supply."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [(i, line.split("PLANNER:", 1)[1].strip()) for i, line in enumerate(lines, 1)
            if line.lstrip().startswith("# PLANNER:")]


def _cmd_check(args) -> int:
    """Validate, compile and assess each file (all that ``capf run`` checks before writing);
    report every file, the good ones too; exit 2 when any has a problem."""
    from . import api
    from .errors import CapfError
    from .plan import load_plan
    from .results import assessment_tables

    failed = False
    for path in args.plans:
        try:
            with _in_file(path):
                plan = load_plan(path)
                assessment_tables(api.project(plan), plan)
        except CapfError as exc:  # PlanError included: one line per problem
            failed = True
            for p in exc.problems:
                print(f"error: {p}", file=sys.stderr)
            continue
        n = len(plan.municipality)
        print(f"{path}: ok ({n} municipalit{'y' if n == 1 else 'ies'}, {len(plan.inventory)} "
              f"inventory lines, {len(plan.action)} actions, {len(plan.scenario)} scenarios, "
              f"{len(plan.target)} targets)")
        for lineno, text in _planner_notes(path):
            print(f"{path}:{lineno}: for the planner to supply: {text}")
    return 2 if failed else 0


def _cmd_new(args) -> int:
    from pathlib import Path

    from .datasets import plan_file
    from .errors import PlanError, Problem

    try:
        text = plan_file(args.code)
    except KeyError as exc:
        raise PlanError([Problem("CODE", str(exc).strip('"'), args.code)]) from None
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: plan for municipality {args.code}; edit its templates, then "
          f"`capf check {args.out}`")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``capf`` console script; returns the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``capf`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 success, 2 invalid input (one message per problem on stderr), 1 anything else.

    Examples
    --------
    >>> main(["--version"])  # doctest: +ELLIPSIS
    capf ...
    0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from ._version import __version__

        print(f"capf {__version__}")
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    from .errors import CapfError

    previous = _handle_sigterm()
    try:
        with _few_collections(restore=argv is not None):
            return {"run": _cmd_run, "check": _cmd_check, "report": _cmd_report,
                    "catalogue": _cmd_catalogue, "new": _cmd_new}[args.command](args)
    except CapfError as exc:  # PlanError included: one line per problem, file: field: message
        for p in exc.problems:
            print(f"error: {p}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; no results were changed", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (capf catalogue | head): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # anything unexpected: one line, exit 1
        if getattr(args, "debug", False):
            raise
        notes = "".join(f"; {n}" for n in getattr(exc, "__notes__", ()))
        print(f"capf: unexpected error: {type(exc).__name__}: {exc}{notes} (run with --debug "
              "for details)", file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def command() -> NoReturn:
    """The ``capf`` console script and ``python -m capf``: :func:`main` on ``sys.argv``, then
    the process ends at once.

    A command's work is done when :func:`main` returns: its files are written (and synced)
    and closed, its messages printed. What a normal interpreter exit would still do is
    free every object one by one, unload every module and traverse what the collector
    tracks: 25-30 ms of a ``capf check`` or ``capf run`` (issue 20; mypy ends the same way,
    ``mypy.util.hard_exit``). Standard output and standard error are flushed first; a
    reader that went away (``capf catalogue | head``) is not an error, any other failure to
    write them is (exit code 1, as Python's own exit reports it with 120). Under a profiler,
    tracer or monitoring tool (``python -m cProfile``, coverage, a debugger), which reports
    when the interpreter exits, the process exits normally. From Python, call :func:`main`,
    which returns.

    Examples
    --------
    >>> import subprocess, sys
    >>> r = subprocess.run([sys.executable, "-m", "capf", "--version"], capture_output=True,
    ...                    text=True)
    >>> r.returncode, r.stdout.startswith("capf ")
    (0, True)
    """
    code = main()
    if _watched():
        sys.exit(code)
    os._exit(_flushed(code))


def _watched() -> bool:
    """A profiler, tracer or monitoring tool (PEP 669) is active in this process."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+
    return monitoring is not None and any(monitoring.get_tool(i) is not None for i in range(6))


def _flushed(code: int) -> int:
    """Flush standard output and error before the process ends; the exit code to end with."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away: quietly (nothing more is written)
            pass
        except (OSError, ValueError) as exc:  # e.g. a full disk behind a redirect
            if stream is sys.stdout:
                with contextlib.suppress(OSError, ValueError):
                    print(f"capf: cannot write standard output: {exc}", file=sys.stderr)
                    sys.stderr.flush()
            code = code or 1
    logging.shutdown()  # handlers a caller configured (through the environment, say)
    return code


#: Allocations between two collections of the youngest generation while a command runs
#: (Python's default is 700), and the two older thresholds: mypy's choice for the same reason.
GC_THRESHOLD = (200_000, 30, 30)


@contextlib.contextmanager
def _few_collections(restore: bool = True):
    """Python's cyclic garbage collector, rarely, while one command runs.

    A command imports pint, pydantic and capf's plan models and builds thousands of
    quantities and table rows: with Python's default thresholds the collector runs
    hundreds of times and traverses every object already imported, about 0.1 s of a
    ``capf check`` and 0.1-0.2 s of a ``capf run`` (issue 20). What exists when the
    command starts (numpy, pandas, xarray, capf) is frozen out of the collector's
    traversals, and it runs after :data:`GC_THRESHOLD` allocations. Memory is still
    freed by reference counting as before; only garbage in reference cycles waits
    longer. With ``restore``, the previous thresholds are restored and the frozen objects
    returned to the collector when the command ends, so calling :func:`main` from Python
    with its arguments leaves the interpreter as it was. The ``capf`` command itself
    (:func:`main` without arguments: ``sys.argv``) does not restore: the process ends, and
    restoring would have Python traverse every object once more just before it does
    (~25 ms, a tenth of what the setting saves).
    """
    old = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0  # a caller that froze objects itself keeps them so
    if freeze:
        gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        if restore:
            gc.set_threshold(*old)
            if freeze:
                gc.unfreeze()


def _handle_sigterm():
    """Turn SIGTERM into KeyboardInterrupt so an interrupted run cleans up its temporary files."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not in the main thread (e.g. called from a worker)
        return None


if __name__ == "__main__":  # pragma: no cover
    command()
