"""The CCTF sector test of DK2020 plans: 2030 against 2019, sector by sector.

DK2020 plans are checked sector by sector against minimum reduction intervals
from 2019 to 2030. The intervals and the mapping of capf's sectors onto the five
CCTF sectors are data below, with their source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from ..plan.models import Plan
from ..sectors import SECTOR_RECORDS
from ._arrays import _position
from .levels import ALL, _scoped_array, reference_levels

__all__ = ["CCTF_INTERVALS", "CCTF_SECTOR_MAP", "CCTF_SOURCE", "sector_test",
           "SECTOR_TEST_COLUMNS"]

CCTF_SOURCE = (
    "Guide for C40's Cities Climate Transition Framework (CCTF) in Denmark, minimum sector "
    "reduction intervals 2019-2030, as given in capf's pathway issue; the guide itself was not "
    "available to the capf team to check the figures"
)

#: CCTF sector -> (low, high) reduction from 2019 to 2030, as fractions.
CCTF_INTERVALS: dict[str, tuple[float, float]] = {
    "energy": (0.89, 1.15),
    "transport": (0.30, 0.36),
    "industry": (0.40, 0.60),
    "agriculture": (0.21, 0.38),
    "other": (0.69, 0.72),
}


def _cctf_groups() -> dict[str, str]:
    """capf sector -> CCTF group, from the sectors' records; ``RuntimeError`` naming the
    sector's module if a group is not one of :data:`CCTF_INTERVALS`."""
    out = {name: s.cctf for name, s in SECTOR_RECORDS.items() if s.cctf is not None}
    for name, group in out.items():
        if group not in CCTF_INTERVALS:
            raise RuntimeError(f"capf/sectors/{name}.py: CCTF group {group!r} of sector "
                               f"{name!r} is not one of {', '.join(CCTF_INTERVALS)}")
    return out


#: capf sector -> CCTF sector (the default mapping of the pathway issue), from each
#: sector's record (:attr:`capf.sectors.Sector.cctf`). Removals are not a CCTF sector and
#: are left out of the test.
CCTF_SECTOR_MAP: dict[str, str] = _cctf_groups()

SECTOR_TEST_COLUMNS = ["scenario", "municipality", "sector", "reduction_2030_vs_2019", "low",
                       "high", "verdict", "level_2019", "level_2030", "level_2019_method",
                       "level_2019_is_estimate"]


def sector_test(ds: xr.Dataset, plan: Plan, *, year: int = 2030,
                reference_year: int = 2019) -> pd.DataFrame:
    """Reduction per CCTF sector from 2019 to 2030 against the minimum intervals.

    The 2019 level by sector comes from ``[[baseline]]`` tables for 2019 (sector
    levels or a back-cast), or from the inventory when the base year is 2019.
    Municipalities without a 2019 level by sector are left out (no row), as are
    sectors with no emissions in 2019. Verdicts: ``below``, ``within``, ``above``,
    and ``not_applicable`` where the 2019 level is negative (a net sink, e.g. agriculture
    reported negative). capf's sectors are grouped into CCTF sectors by their records
    (:attr:`capf.sectors.Sector.cctf`, :data:`CCTF_SECTOR_MAP`).

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`capf.project` of ``plan`` (t CO2e/yr).
    plan : capf.Plan
        The plan, for its base year and its 2019 ``[[baseline]]`` levels.
    year : int, default 2030
        The year tested (a projected year).
    reference_year : int, default 2019
        The year the reductions are measured from (at most the base year).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SECTOR_TEST_COLUMNS`: per scenario, municipality and CCTF
        sector the reduction (fraction), the interval ``low``/``high`` (fractions),
        the ``verdict``, the levels in both years (t CO2e/yr) and how the 2019 level
        was found. Empty (with these columns) if no level by sector is known.

    Examples
    --------
    >>> import capf
    >>> plan = capf.Plan.model_validate({
    ...     "plan": {"name": "c", "base_year": 2019, "end_year": 2030},
    ...     "municipality": [{"code": "A"}],
    ...     "inventory": [{"source": "transport.other", "emissions": "10 kt CO2e/yr"}],
    ...     "action": [{"name": "t", "kind": "reduce", "source": "transport.other",
    ...                 "share": "33 %", "start": 2020, "full": 2030}],
    ...     "scenario": [{"name": "plan", "actions": ["t"]}]})
    >>> row = sector_test(capf.project(plan), plan).iloc[0]
    >>> row["sector"], round(float(row["reduction_2030_vs_2019"]), 2), row["verdict"]
    ('transport', 0.33, 'within')
    """
    base, end = plan.plan.base_year, plan.plan.end_year
    if not (base <= year <= end) or reference_year > base:
        return pd.DataFrame(columns=SECTOR_TEST_COLUMNS)
    refs = reference_levels(ds, plan, reference_year)
    ref = refs.sector.dropna(how="any")
    if ref.empty:
        return pd.DataFrame(columns=SECTOR_TEST_COLUMNS)
    codes = list(ref.index)
    data, sectors_ = _scoped_array(ds, plan, ALL)  # [municipality, sector, year, scenario]
    pos = {str(c): i for i, c in enumerate(ds.variables["municipality"].values)}
    proj = data[np.array([pos[c] for c in codes], dtype=np.intp), :,
                _position(ds.variables["year"].values, year)]  # [municipality, sector, scenario]
    mapping = pd.Series(_cctf_groups())
    ref_c = ref.T.groupby(mapping.reindex(ref.columns)).sum().T  # [municipality, cctf]
    groups = list(ref_c.columns)
    scenarios = [str(s) for s in ds["scenario"].values]
    n_k, n_m, n_g = len(scenarios), len(codes), len(groups)
    if not n_k or not n_g:  # no row
        return pd.DataFrame(columns=SECTOR_TEST_COLUMNS)
    # every scenario's sectors grouped in one group-by: the columns are (scenario,
    # municipality) pairs, each summed on its own as in a group-by per scenario
    p = pd.DataFrame(proj.transpose(2, 0, 1).reshape(n_k * n_m, len(sectors_)),
                     columns=sectors_)
    p_c = p.T.groupby(mapping.reindex(p.columns)).sum().T.reindex(columns=groups,
                                                                fill_value=0.0)
    l19 = ref_c.to_numpy().T  # [cctf, municipality]
    l30 = p_c.to_numpy().reshape(n_k, n_m, n_g).transpose(0, 2, 1)  # [scenario, cctf, m]
    with np.errstate(divide="ignore", invalid="ignore"):
        red = 1.0 - l30 / l19
    low = np.array([CCTF_INTERVALS[g][0] for g in groups])[None, :, None]
    high = np.array([CCTF_INTERVALS[g][1] for g in groups])[None, :, None]
    verdict = np.where(red < low, "below", np.where(red > high, "above", "within"))
    # a reduction of a negative (net-sink) level has no meaning for the test
    verdict = np.where(l19 < 0, "not_applicable", verdict)
    # rows by scenario, CCTF sector, municipality; sectors without 2019 emissions left out
    keep = np.broadcast_to(l19 != 0, (n_k, n_g, n_m))
    shape = (n_k, n_g, n_m)
    return pd.DataFrame({
        "scenario": np.broadcast_to(np.array(scenarios, dtype=object)[:, None, None],
                                    shape)[keep],
        "municipality": np.broadcast_to(np.array(codes), shape)[keep],
        "sector": np.broadcast_to(np.array(groups, dtype=object)[None, :, None], shape)[keep],
        "reduction_2030_vs_2019": red[keep],
        "low": np.broadcast_to(low, shape)[keep], "high": np.broadcast_to(high, shape)[keep],
        "verdict": verdict[keep],
        "level_2019": np.broadcast_to(l19, shape)[keep], "level_2030": l30[keep],
        "level_2019_method": np.broadcast_to(refs.method[codes].to_numpy(), shape)[keep],
        "level_2019_is_estimate": np.broadcast_to(refs.estimate[codes].to_numpy(),
                                                  shape)[keep],
    }, columns=SECTOR_TEST_COLUMNS)
