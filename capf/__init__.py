"""capf: the emissions scenario engine behind municipal climate action plans.

Read a plan (a TOML plan file, Python objects, or the bundled Danish data),
project its emissions for every municipality, source, gas, year and scenario,
and assess its targets::

    >>> import capf
    >>> plan = capf.datasets.denmark()           # all 98 Danish municipalities
    >>> ds = capf.project(plan)                  # xarray.Dataset
    >>> table = capf.assess(ds, plan)            # pandas.DataFrame, one row per target

The stages (DESIGN.md): SPEC (capf.plan) → COMPILE (capf.compile) → PROJECT
(capf.engine) → ASSESS (capf.assess) → PRESENT (capf.io, capf.cli).
"""

from . import accessor, errors  # accessor registers ``ds.capf``
from ._version import __version__
from .errors import CapfError, PlanError

# Everything else is imported when first used (module __getattr__, PEP 562), so
# ``import capf`` and ``capf check`` do not pay for matplotlib, scipy, dask,
# jinja2, openpyxl or pyam: name -> (module, attribute or None for the module).
_LAZY = {
    "Plan": (".plan.models", "Plan"),
    "load_plan": (".plan", "load_plan"),
    "project": (".api", "project"),
    "assess": (".assess", None),  # the package; called, it is capf.assess.targets.assess
    "compile_plan": (".compile", "compile_plan"),
    "ureg": (".units", "ureg"),
    "run": (".results", "run"),
    "Results": (".results", "Results"),
    "results": (".results", None),
    **{name: (f".{name}", None) for name in (
        "datasets", "plan", "pathways", "optimise", "sensitivity", "plot", "report", "sectors",
        "units", "testing", "api", "compile", "engine", "io", "montecarlo", "spec", "data",
        "uncertainty")},
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'capf' has no attribute {name!r}")
    import importlib

    module, attr = _LAZY[name]
    value = importlib.import_module(module, __name__)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Plan",
    "load_plan",
    "project",
    "assess",
    "compile_plan",
    "run",
    "Results",
    "datasets",
    "io",
    "plan",
    "optimise",
    "uncertainty",
    "plot",
    "report",
    "accessor",
    "sectors",
    "units",
    "ureg",
    "errors",
    "testing",
    "CapfError",
    "PlanError",
    "__version__",
]
