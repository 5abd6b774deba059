"""Bundled Danish data and their loaders.

Every CSV file in this folder is a byte-for-byte copy, or a stated row subset,
of a file in the project's shared data folder. ``PROVENANCE.md`` beside this
file gives, for each, its origin, licence statement, columns, units, GWP basis
and caveats, and describes the values capf derives from them.

The loaders are in :mod:`capf.data.municipal` (by municipality),
:mod:`capf.data.national` (national series and projections) and
:mod:`capf.data.factors` (emission factors), all importable from here. They
read through :mod:`importlib.resources`, so they also work when capf is
installed from a wheel. Reads are cached; every loader returns a fresh copy,
so callers may modify the result.

Examples
--------
>>> from capf import data
>>> len(data.municipalities())
98
>>> float(data.inventory_2023().loc["101", "total"])
1.329
"""

from __future__ import annotations

from ._files import data_path
from .factors import br18_carrier_factors, hb2016_fuels, lowland_default_factor, seges_organic_soils
from .municipal import (
    REGNSKAB_SECTORS,
    inventory_2023,
    inventory_per_capita_series,
    inventory_tonnes,
    lowland_key,
    lowland_projects_by_status,
    municipalities,
)
from .national import (
    NATIONAL_SECTOR_MAP,
    headlines,
    kf25_crf,
    kf25_organic_soils,
    kf25_sector_series,
    national_sector_index,
    national_sector_series,
    times_dk,
)

__all__ = [
    "data_path",
    "municipalities",
    "inventory_2023",
    "inventory_per_capita_series",
    "national_sector_series",
    "national_sector_index",
    "NATIONAL_SECTOR_MAP",
    "times_dk",
    "br18_carrier_factors",
    "hb2016_fuels",
    "seges_organic_soils",
    "headlines",
    "REGNSKAB_SECTORS",
    "inventory_tonnes",
    "kf25_crf",
    "kf25_sector_series",
    "kf25_organic_soils",
    "lowland_default_factor",
    "lowland_key",
    "lowland_projects_by_status",
]
