"""Deprecated: the PLAN stage is :mod:`capf.plan` (this name is a thin alias)."""

from .._deprecated import alias

alias(__name__, "capf.plan", {m: f"capf.plan.{m}" for m in (
    "actions", "domains", "fields", "inventory", "limits", "load", "models", "plan",
    "quantity", "targets", "uncertain")})
