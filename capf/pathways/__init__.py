"""Deprecated: the ASSESS stage is :mod:`capf.assess` (this name is a thin alias)."""

from .._deprecated import alias

alias(__name__, "capf.assess", {
    **{m: f"capf.assess.{m}" for m in (
        "budgets", "costs", "levels", "monitoring", "probability", "targets", "sector_test")},
    "cctf": "capf.assess.sector_test"})
