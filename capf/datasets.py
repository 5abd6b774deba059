"""Plans built from the bundled Danish data (capf/data, see PROVENANCE.md there).

:func:`denmark` gives all 98 municipalities with their observed 2018-2023
territorial emissions by sector from the Energi- og CO2-regnskab, lowland soils
estimated from KF25, a 1990 baseline back-cast with the KF25 national sector
series (flagged as an estimate), a ``bau`` and a ``national_trend`` scenario,
``pipeline`` and ``pipeline_prestudies`` (the MARS lowland projects rewetted,
:func:`pipeline_actions`), and the Climate Act targets.
"""

from __future__ import annotations

from collections.abc import Iterable

from .data.denmark import (
    BUILDINGS_CRF,
    CATEGORY_SOURCES,
    CLIMATE_ACT_CITATION,
    OBSERVED_YEARS,
    PIPELINE_STATUSES,
    TIMES_DK_MAP,
    denmark_dict,
    pipeline_actions,
    times_dk_drivers,
)
from .plan.models import Plan
from .plan.plan import BUNDLED
from .plan.start_from import merge_start_from
from .units import ureg

__all__ = ["denmark", "plan_file", "pipeline_actions", "PIPELINE_STATUSES", "regnskab_inventory",
           "merge_start_from", "CATEGORY_SOURCES", "TIMES_DK_MAP", "CLIMATE_ACT_CITATION",
           "OBSERVED_YEARS", "times_dk_drivers", "BUILDINGS_CRF"]

_denmark_dict = denmark_dict  # the older private name


def denmark(*, municipalities: Iterable[str] | None = None, end_year: int = 2050,
            gwp: str = "AR5GWP100") -> Plan:
    """The bundled national plan: the Danish municipalities from the bundled data.

    Parameters
    ----------
    municipalities : iterable of str, optional
        DST codes to include (default: all 98).
    end_year : int, default 2050
    gwp : str, default "AR5GWP100"
        GWP set. The bundled inventory is CO2e only, so it does not change with it.

    Returns
    -------
    capf.Plan
        Base year 2023; inventory lines ``energy.other``, ``transport.other``,
        ``agriculture.other``, ``waste.other`` and ``industry.other`` per
        municipality = the Energi- og CO2-regnskab's absolute 2023 tonnes
        (observed; negatives kept and flagged), and ``lowland_soils.other`` (KF25
        cropland + grassland allocated by the MARS lowland key, an estimate);
        the observed years 2018-2022 by sector as observations; the 2019 level
        observed (CCTF sector test); the 1990 level back-cast with the national
        series ``kf25`` anchored on 2018-2023 (an estimate); estimated totals of
        2024 for monitoring; scenarios ``bau`` and ``national_trend`` (KF25
        projection by sector), ``pipeline`` (the MARS lowland projects with an
        establishment grant or established, rewetted; :func:`pipeline_actions`, an
        estimate) and ``pipeline_prestudies`` (with the pre-studies); targets 70 %
        below 1990 in 2030 and net zero in 2050.

    Examples
    --------
    >>> plan = denmark(municipalities=["101", "851"])
    >>> [m.name for m in plan.municipality]
    ['København', 'Aalborg']
    """
    codes = None if municipalities is None else tuple(str(c) for c in municipalities)
    return Plan.model_validate(denmark_dict(2023, end_year, gwp, codes),
                               context={BUNDLED: True})


def plan_file(code: str) -> str:
    """The text of a plan file for one municipality from the bundled data (``capf new``).

    See :func:`capf.planfile.plan_file`.

    Parameters
    ----------
    code : str
        DST municipality code, e.g. ``"340"`` (Sorø).

    Returns
    -------
    str
        The TOML text.

    Examples
    --------
    >>> "[[inventory]]" in plan_file("340")
    True
    """
    from .planfile import plan_file as _plan_file

    return _plan_file(code)


# ------------------------------------------------ Energi- og CO2-regnskab importer

_REGNSKAB_COLUMNS = {"klima_landbrug": "agriculture.other", "klima_energi": "energy.other",
                     "klima_transport": "transport.other"}


def regnskab_inventory(table, *, population: dict[str, int] | None = None,
                       per_capita: bool = True, total_column: str | None = None,
                       note: str = "Energi- og CO2-regnskab export") -> list[dict]:
    """Inventory lines from an Energi- og CO2-regnskab sector export.

    Parameters
    ----------
    table : pandas.DataFrame or path
        One row per municipality with ``kommune_kode`` and the sector columns
        ``klima_landbrug``, ``klima_energi``, ``klima_transport`` (t CO2e per
        inhabitant when ``per_capita``, else t CO2e), as klimaregnskabet.dk exports
        them; optionally a total column (``total_column``, e.g. ``co2e_per_capita``)
        whose remainder over the three sectors goes to ``industry.other``.
    population : dict, optional
        Inhabitants by code (needed when ``per_capita``; default: the bundled 2026
        population, and the lines are then flagged as estimates).

    Returns
    -------
    list of dict
        ``[[inventory]]`` lines (``emissions`` in t CO2e/yr) for :class:`capf.Plan`.

    Examples
    --------
    >>> from capf import data, datasets
    >>> lines = datasets.regnskab_inventory(data.data_path(
    ...     "dk_municipality_sector_per_capita_2023_klimaregnskabet.csv"))
    >>> len(lines), lines[0]["source"]
    (294, 'agriculture.other')
    """
    import pandas as pd

    from . import data

    if not isinstance(table, pd.DataFrame):
        with open(table, "rb") if not hasattr(table, "open") else table.open("rb") as f:
            table = pd.read_csv(f)
    missing = [c for c in ("kommune_kode", *_REGNSKAB_COLUMNS) if c not in table.columns]
    if missing:
        raise ValueError(f"the export lacks column(s) {', '.join(missing)}; expected "
                         f"kommune_kode, {', '.join(_REGNSKAB_COLUMNS)}")
    estimate = False
    if per_capita and population is None:
        population = data.municipalities()["population"].to_dict()
        estimate = True
    lines = []
    for _, row in table.iterrows():
        code = str(int(row["kommune_kode"])).zfill(3)
        scale = 1.0
        if per_capita and population is not None:  # (never None when per_capita)
            if code not in population:
                raise ValueError(f"no population for municipality {code}")
            scale = float(population[code])
        parts = {src: float(row[col]) * scale for col, src in _REGNSKAB_COLUMNS.items()}
        if total_column is not None:
            parts["industry.other"] = float(row[total_column]) * scale - sum(parts.values())
        for src, value in parts.items():
            line = {"municipality": code, "source": src,
                    "emissions": ureg.Quantity(value, "t CO2e / yr"), "note": note,
                    "estimate": estimate}
            if value < 0:
                line["reported_negative"] = True
            lines.append(line)
    return lines
