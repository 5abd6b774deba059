"""MANY RUNS stage: the plan's uncertainty, from the engine's sampling.

- :mod:`capf.uncertainty.montecarlo`: Monte-Carlo projections (:func:`project_samples`,
  the years whose samples are kept, :data:`QUANTILES`), run by ``capf.project(plan,
  samples=...)``;
- :mod:`capf.uncertainty.sensitivity`: Sobol indices and tornado swings of the plan's net
  emissions in a year (:func:`sobol`, :func:`tornado`, :data:`SENSITIVITY_COLUMNS`).

Both read only public functions of :mod:`capf.engine.sampling` and
:mod:`capf.engine.montecarlo`. (``capf.montecarlo`` and ``capf.sensitivity`` are the
older, deprecated names of these modules.)

Examples
--------
>>> import capf
>>> capf.uncertainty.QUANTILES
(0.05, 0.25, 0.5, 0.75, 0.95)
"""

from .montecarlo import QUANTILES, kept_years, project_samples
from .sensitivity import SENSITIVITY_COLUMNS, sobol, tornado

__all__ = ["project_samples", "kept_years", "QUANTILES", "sobol", "tornado",
           "SENSITIVITY_COLUMNS"]
