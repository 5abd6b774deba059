"""Invariants of the engine over generated plans (hypothesis).

- a switch conserves the service delivered;
- results do not change when inputs are given in other units;
- the wedges of a scenario add up to BAU minus the scenario;
- emissions are never negative except on removal sources;
- sector sums equal totals; CO2e = Σ gas × GWP;
- an action with share 0 changes nothing; more of a reducing action never raises emissions.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import capf
from capf.testing import plan_dicts
from capf.units import gwp_values

DRAINED = "lowland_soils.drained_organic_soils.rotation_6_12pct_c"
OIL = "buildings.individual_heating.oil_boiler"
amount = st.floats(0, 1e5, allow_nan=False, allow_infinity=False, allow_subnormal=False)
share = st.floats(0, 1, allow_subnormal=False)
year = st.integers(2023, 2040)


def plans():
    return plan_dicts()


SETTINGS = settings(max_examples=60, deadline=None)


def _assert_constant_in_time(x):
    base = x.isel(year=0)
    assert float(abs(x - base).max()) <= 1e-9 * max(1.0, float(abs(base).max()))


@SETTINGS
@given(plans())
def test_invariants(d):
    plan = capf.Plan.model_validate(d)
    ds = capf.project(plan, activity=True)
    assert np.isfinite(ds.emissions).all() and np.isfinite(ds.co2e).all()
    # emissions never negative except on removal sources
    non_removal = ds.emissions.where(~ds.removal, 0.0)
    assert float(non_removal.min()) >= -1e-9
    # service conserved by switches: heat and organic soil area stay as in the base year
    # (unless a 'reduce' action cuts them)
    reduced = {a["source"] for a in d["action"] if a["kind"] == "reduce"}
    if OIL not in reduced:
        heat = ds.activity.sel(source=[s for s in ds.source.values if "individual_heating" in s])
        _assert_constant_in_time(heat.sum("source"))
    if DRAINED not in reduced:
        area = ds.activity.sel(source=[s for s in ds.source.values if s.startswith("lowland")])
        _assert_constant_in_time(area.sum("source"))
    # wedges add up to BAU - scenario
    tot = ds.co2e.sum("source")
    np.testing.assert_allclose(ds.wedge.sel(scenario="plan").sum("action"),
                               tot.sel(scenario="bau") - tot.sel(scenario="plan"),
                               rtol=1e-9, atol=1e-5)
    # sector sums equal totals
    np.testing.assert_allclose(capf.assess.by_sector(ds).sum("sector"), tot, rtol=1e-12,
                               atol=1e-6)
    # CO2e = Σ gas × GWP for the plan's GWP set
    gwp = gwp_values(plan.plan.gwp)
    manual = sum(ds.emissions.sel(gas=g) * gwp[g] for g in ds.gas.values)
    np.testing.assert_allclose(ds.co2e, manual, rtol=1e-12, atol=1e-6)


@SETTINGS
@given(plans())
def test_share_zero_changes_nothing(d):
    for a in d["action"]:
        if "share" in a:
            a["share"] = 0
        if a["kind"] == "remove":
            a["activity"] = "0 t/yr"
        if a["kind"] == "add":
            a["activity"] = "0 MWh/yr"
    ds = capf.project(capf.Plan.model_validate(d))
    np.testing.assert_array_equal(ds.co2e.sel(scenario="plan"), ds.co2e.sel(scenario="bau"))


_UNIT_VARIANTS = [
    ("ha", "km**2", 0.01), ("MWh/yr", "GJ/yr", 3.6), ("t CO2e/yr", "kt CO2e/yr", 1e-3),
]


@SETTINGS
@given(plans())
def test_unit_invariance(d):
    ds1 = capf.project(capf.Plan.model_validate(d))
    for line in d["inventory"]:
        key = "activity" if "activity" in line else "emissions"
        mag, unit = line[key].split(" ", 1)
        for old, new, f in _UNIT_VARIANTS:
            if unit == old:
                line[key] = f"{float(mag) * f!r} {new}"
    ds2 = capf.project(capf.Plan.model_validate(d))
    np.testing.assert_allclose(ds1.emissions, ds2.emissions, rtol=1e-9, atol=1e-6)


@SETTINGS
@given(a=amount, s1=share, s2=share, start=year, span=st.integers(1, 10))
def test_more_reduction_never_raises_emissions(a, s1, s2, start, span):
    lo, hi = sorted([s1, s2])

    def run(s):
        d = {"plan": {"name": "m", "base_year": 2023, "end_year": 2045},
             "municipality": [{"code": "1"}],
             "inventory": [{"source": DRAINED, "activity": f"{a} ha"}],
             "action": [{"name": "r", "kind": "reduce", "source": DRAINED, "share": s,
                         "start": start, "full": start + span}],
             "scenario": [{"name": "plan", "actions": ["r"]}]}
        return capf.project(capf.Plan.model_validate(d)).co2e.sum("source")

    assert (run(hi) <= run(lo) + 1e-9).all()
