"""``python -m capf``: the command line (:mod:`capf.cli`)."""

from .cli import command

command()
