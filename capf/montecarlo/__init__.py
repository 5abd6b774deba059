"""Deprecated: Monte-Carlo projections are in :mod:`capf.uncertainty` (this name is an
alias of it)."""

from .._deprecated import alias

alias(__name__, "capf.uncertainty")
