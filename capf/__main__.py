"""``python -m capf``: the command line (:mod:`capf.cli`)."""

import sys

from .cli import main

sys.exit(main())
