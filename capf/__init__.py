"""capf: the emissions scenario engine behind municipal climate action plans.

Read a plan (a TOML plan file, Python objects, or the bundled Danish data),
project its emissions for every municipality, source, gas, year and scenario,
and assess its targets::

    >>> import capf
    >>> plan = capf.datasets.denmark()           # all 98 Danish municipalities
    >>> ds = capf.project(plan)                  # xarray.Dataset
    >>> table = capf.assess(ds, plan)            # pandas.DataFrame, one row per target

The stages (DESIGN.md): SPEC (capf.spec) → COMPILE (capf.compile) → PROJECT
(capf.engine) → ASSESS (capf.pathways) → PRESENT (capf.io, capf.cli).
"""

from importlib.metadata import PackageNotFoundError, version

from . import (
    accessor,
    datasets,
    errors,
    io,
    optimise,
    pathways,
    plot,
    report,
    sectors,
    sensitivity,
    testing,
    units,
)
from .api import project
from .compile import compile_plan
from .errors import CapfError, PlanError
from .pathways import assess
from .spec import load_plan
from .spec.models import Plan
from .units import ureg

try:
    __version__ = version("capf")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "Plan",
    "load_plan",
    "project",
    "assess",
    "compile_plan",
    "datasets",
    "io",
    "pathways",
    "optimise",
    "sensitivity",
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
