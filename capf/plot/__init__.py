"""Figures of a projection: trajectories, sectors, wedges, waterfalls, small multiples.

Each function takes a result of :func:`capf.project` (t CO2e/yr), draws in
kt CO2e/yr and returns its :class:`~matplotlib.axes.Axes` (:func:`small_multiples`:
the :class:`~matplotlib.figure.Figure`). Without ``ax=`` a new pyplot figure is
made (notebooks show it); nothing calls ``plt.show``, so the Agg backend works.
Colours: the colour-blind-safe Okabe-Ito palette (Okabe & Ito 2008). Artists
that stand for data carry a ``gid`` (``"scenario:plan"``, ``"target:<name>"``,
``"sector:energy"``, ``"wedge:<action>"``, ``"bar:base"``, ...).

The figures of emissions over the years are in ``_emissions.py``, the MACC in
``_costs.py``, the Monte-Carlo fan in ``_uncertainty.py``; the unit, palettes, sector
colours (from the sectors' records) and helpers they share in ``_common.py``; what each
figure shows (series, values, labels, colours, legend order, on numpy arrays) in
``_data.py``, which the report's SVG figures (:mod:`capf.report._svgfig`) draw too.

>>> import matplotlib; matplotlib.use("Agg")
>>> import capf, capf.plot
>>> plan = capf.testing.example_plan()
>>> capf.plot.trajectory(capf.project(plan), plan).get_ylabel()
'kt CO2e/yr'
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from ._common import (  # noqa: F401  (the helpers are shared with capf.report)
    OKABE_ITO,
    SECTOR_COLOURS,
    UNIT,
    _axes,
    _colour,
    _finish,
    _pick,
    _scenarios,
    _style,
    _target_levels,
    _text,
    _where,
)
from ._costs import macc
from ._emissions import sectors, small_multiples, trajectory, waterfall, wedges
from ._uncertainty import fan

__all__ = ["trajectory", "sectors", "wedges", "waterfall", "small_multiples", "OKABE_ITO",
           "SECTOR_COLOURS", "UNIT", "macc", "fan"]
