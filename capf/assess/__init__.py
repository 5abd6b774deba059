"""ASSESS stage: reference levels, targets, gaps, trajectories, budgets, sector tests, monitoring.

Every target is evaluated on its own scope (all sectors and gases by default),
with the reference level taken on the same scope. Data checks return tables
(one row per scenario × municipality × target, budget, sector or observation);
they do not raise, except when a target cannot be evaluated at all (no
reference level), which is an :class:`capf.errors.AssessmentError`.
"""

import sys as _sys
from types import ModuleType as _ModuleType

from .budgets import BUDGET_COLUMNS, budgets
from .costs import MACC_COLUMNS, action_abatement, macc
from .sector_test import CCTF_INTERVALS, CCTF_SECTOR_MAP, CCTF_SOURCE, SECTOR_TEST_COLUMNS, sector_test
from .levels import (
    UNIT,
    References,
    by_sector,
    reference_levels,
    scoped_by_sector,
    scoped_total,
    total,
)
from .monitoring import MONITORING_COLUMNS, monitoring
from .probability import PROBABILITY_COLUMNS, probabilities
from .targets import GAP_COLUMNS, TARGET_COLUMNS, assess, gaps_by_sector, trajectories

__all__ = [
    "assess", "macc", "MACC_COLUMNS", "action_abatement", "probabilities", "PROBABILITY_COLUMNS", "gaps_by_sector", "trajectories", "budgets", "sector_test", "monitoring",
    "reference_levels", "References", "total", "by_sector", "scoped_by_sector", "scoped_total",
    "TARGET_COLUMNS", "GAP_COLUMNS", "BUDGET_COLUMNS", "SECTOR_TEST_COLUMNS",
    "MONITORING_COLUMNS", "CCTF_INTERVALS", "CCTF_SECTOR_MAP", "CCTF_SOURCE", "UNIT",
]


class _AssessModule(_ModuleType):
    """``capf.assess`` is this package and, called, :func:`capf.assess.targets.assess`.

    The package and the public function share the name ``capf.assess`` (the function is
    older), so the package forwards a call to the function: ``capf.assess(ds, plan)``
    and ``capf.assess.gaps_by_sector(ds, plan)`` both work whichever was imported first.
    """

    def __call__(self, *args, **kwargs):
        return assess(*args, **kwargs)


_sys.modules[__name__].__class__ = _AssessModule
