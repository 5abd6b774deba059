"""Small example plans shared by tests, docs and benchmarks."""

from __future__ import annotations

import copy
from typing import Any

from .plan.models import Plan

__all__ = ["example_plan", "example_plan_dict", "synthetic_plan", "plan_dicts"]

_EXAMPLE: dict[str, Any] = {
    "plan": {"name": "Rewetting and heat pumps", "base_year": 2023, "end_year": 2050,
             "gwp": "AR5GWP100"},
    "municipality": [{"code": "999", "name": "Example", "population": 40000}],
    "inventory": [
        {"municipality": "999", "source": "lowland_soils.drained_organic_soils.rotation_6_12pct_c",
         "activity": "2000 ha"},
        {"municipality": "999", "source": "buildings.individual_heating.oil_boiler",
         "activity": "5000 MWh/yr"},
        {"municipality": "999", "source": "transport.other", "emissions": "25 kt CO2e/yr"},
    ],
    "baseline": [{"municipality": "999", "year": 1990, "emissions": "160 kt CO2e/yr"}],
    "action": [
        {"name": "rewet_lowland", "kind": "switch",
         "from": "lowland_soils.drained_organic_soils.rotation_6_12pct_c",
         "to": "lowland_soils.rewetted_organic_soils", "share": "50 %", "start": 2025,
         "full": 2030, "curve": "linear"},
        {"name": "heat_pumps", "kind": "switch",
         "from": "buildings.individual_heating.oil_boiler",
         "to": "buildings.individual_heating.heat_pump", "share": "100 %", "start": 2024,
         "full": 2035, "curve": "logistic"},
    ],
    "scenario": [{"name": "bau"}, {"name": "plan", "actions": ["rewet_lowland", "heat_pumps"]}],
    "target": [
        {"name": "Climate Act 2030", "year": 2030, "reduction": "70 %", "relative_to": 1990},
        {"name": "Net zero 2050", "year": 2050, "net_zero": True},
    ],
}


def example_plan_dict() -> dict[str, Any]:
    """The example plan of scenarios/examples/rewetting_and_heat_pumps.toml as a dict.

    Returns
    -------
    dict
        A fresh copy (change it freely), as ``tomllib`` reads the file.

    Examples
    --------
    >>> d = example_plan_dict()
    >>> d["plan"]["base_year"], [s["name"] for s in d["scenario"]]
    (2023, ['bau', 'plan'])
    """
    return copy.deepcopy(_EXAMPLE)


def example_plan() -> Plan:
    """The example plan (one municipality, rewetting and heat pumps) as a :class:`capf.Plan`.

    Returns
    -------
    capf.Plan

    Examples
    --------
    >>> example_plan().plan.base_year
    2023
    """
    return Plan.model_validate(example_plan_dict())


# ------------------------------------------------------------ synthetic plans

_SYNTH_SOURCES = {
    # source: (unit, low, high) of base-year activity per municipality, drawn uniformly
    "lowland_soils.drained_organic_soils.rotation_6_12pct_c": ("ha", 0.0, 3000.0),
    "buildings.individual_heating.oil_boiler": ("MWh/yr", 0.0, 40_000.0),
    "buildings.individual_heating.natural_gas_boiler": ("MWh/yr", 0.0, 80_000.0),
    "energy.electricity.consumption": ("MWh/yr", 10_000.0, 500_000.0),
    "energy.district_heat.consumption": ("MWh/yr", 0.0, 300_000.0),
    "energy.local_production.wind": ("MWh/yr", 0.0, 200_000.0),
}
_SYNTH_EMISSIONS = {
    "transport.other": (5.0, 300.0),      # kt CO2e/yr
    "agriculture.other": (0.0, 400.0),
    "industry.other": (0.0, 50.0),
}


def synthetic_plan(n_municipalities: int, *, n_scenarios: int = 3, base_year: int = 1990,
                   end_year: int = 2050, seed: int = 0,
                   electricity_method: str = "national_average",
                   uncertain: bool = False) -> Plan:
    """A seeded synthetic plan of any size, for benchmarks and scaling tests.

    The activity figures are random draws (uniform within the ranges above), not
    data about any place. Actions: rewetting, oil boilers → heat pumps by stock
    turnover, gas boilers → heat pumps, local wind into the grid factor, less
    road transport, a new wind farm. Scenarios: ``bau``, ``planned`` (two
    actions), ``plan`` (extends planned with the rest), and for
    ``n_scenarios > 3`` further copies of ``plan`` with other shares. Targets: half
    of the base-year level by 2030 (when in range) and net zero in the end year. With
    ``uncertain=True`` the oil-to-heat-pump share, the year the gas boilers are
    replaced and the new grid factor (one group for all municipalities) are
    distributions, for Monte-Carlo benchmarks.

    Parameters
    ----------
    n_municipalities : int
        How many municipalities (codes ``M000000``, ``M000001``, ...); at least 1.
    n_scenarios : int, default 3
        How many scenarios; at least 1.
    base_year, end_year : int, default 1990 and 2050
        The plan's first and last year.
    seed : int, default 0
        Seed of the random activity figures (the same seed gives the same plan).
    electricity_method : str, default "national_average"
        ``[plan] electricity_method``: ``national_average`` or ``local_netted``.
    uncertain : bool, default False
        Make three figures distributions (see above).

    Returns
    -------
    capf.Plan

    Examples
    --------
    >>> p = synthetic_plan(3, seed=1)
    >>> len(p.municipality), [s.name for s in p.scenario]
    (3, ['bau', 'planned', 'plan'])
    """
    import numpy as np

    from .units import ureg

    if n_municipalities < 1 or n_scenarios < 1:
        raise ValueError("n_municipalities and n_scenarios must be at least 1")
    rng = np.random.default_rng(seed)
    codes = [f"M{i:06d}" for i in range(n_municipalities)]
    populations = rng.integers(2_000, 700_000, n_municipalities)
    municipality = [{"code": c, "population": int(p)}
                    for c, p in zip(codes, populations, strict=True)]
    inventory = []
    units = {u: ureg.Unit(u) for u, _, _ in _SYNTH_SOURCES.values()}
    co2e = ureg.Unit("kt CO2e/yr")
    for source, (unit, lo, hi) in _SYNTH_SOURCES.items():
        values = rng.uniform(lo, hi, n_municipalities)
        inventory += [{"municipality": c, "source": source,
                       "activity": ureg.Quantity(float(v), units[unit])}
                      for c, v in zip(codes, values, strict=True)]
    for source, (lo, hi) in _SYNTH_EMISSIONS.items():
        values = rng.uniform(lo, hi, n_municipalities)
        inventory += [{"municipality": c, "source": source,
                       "emissions": ureg.Quantity(float(v), co2e)}
                      for c, v in zip(codes, values, strict=True)]
    kept = rng.random(n_municipalities) < 0.5
    subset = [c for c, keep in zip(codes, kept, strict=True) if keep] or codes[:1]
    start = max(base_year, 2024)
    actions = [
        {"name": "rewet", "kind": "switch",
         "from": "lowland_soils.drained_organic_soils.rotation_6_12pct_c",
         "to": "lowland_soils.rewetted_organic_soils", "share": "50 %", "start": start,
         "full": start + 6, "curve": "linear"},
        {"name": "oil_to_hp", "kind": "switch", "from": "buildings.individual_heating.oil_boiler",
         "to": "buildings.individual_heating.heat_pump", "share": "100 %", "start": start,
         "full": start + 8, "curve": "stock_turnover", "lifetime": 20},
        {"name": "gas_to_hp", "kind": "switch",
         "from": "buildings.individual_heating.natural_gas_boiler",
         "to": "buildings.individual_heating.heat_pump", "share": "80 %", "start": start + 1,
         "full": start + 12, "curve": "logistic"},
        {"name": "green_grid", "kind": "decarbonise", "carrier": "electricity",
         "factor": "0 kg CO2e/kWh", "share": "50 %", "start": start, "full": start + 10,
         "curve": "bass"},
        {"name": "less_driving", "kind": "reduce", "source": "transport.other", "share": "30 %",
         "start": start, "full": start + 7, "curve": "linear"},
        {"name": "wind_farm", "kind": "add", "source": "energy.local_production.wind",
         "activity": "50000 MWh/yr", "start": start + 2, "full": start + 4, "curve": "step",
         "municipality": subset},
    ]
    if uncertain:
        actions[1]["share"] = {"dist": "triangular", "low": "60 %", "mode": "90 %",
                               "high": "100 %"}
        actions[2]["full"] = {"dist": "uniform", "low": start + 8, "high": start + 16}
        actions[3]["factor"] = {"dist": "uniform", "low": "0 kg CO2e/kWh",
                                "high": "0.05 kg CO2e/kWh", "group": "grid"}
        actions[4]["share"] = {"dist": "beta", "alpha": 2, "beta": 5, "low": "0 %",
                               "high": "60 %"}
    scenarios = [{"name": "bau"}, {"name": "planned", "actions": ["rewet", "less_driving"]},
                 {"name": "plan", "extends": "planned",
                  "actions": ["oil_to_hp", "gas_to_hp", "green_grid", "wind_farm"]}]
    scenarios = scenarios[:n_scenarios]
    for i in range(3, n_scenarios):
        scenarios.append({"name": f"plan_{i}", "extends": "planned",
                          "actions": ["oil_to_hp", "green_grid"]})
    targets = [{"name": "half by 2030", "year": 2030, "reduction": "50 %",
                "relative_to": base_year}] if base_year <= 2030 <= end_year else []
    targets.append({"name": "net zero", "year": end_year, "net_zero": True})
    d = {
        "plan": {"name": f"synthetic {n_municipalities}", "base_year": base_year,
                 "end_year": end_year, "electricity_method": electricity_method},
        "municipality": municipality,
        "inventory": inventory,
        "action": actions,
        "scenario": scenarios,
        "target": targets,
    }
    return Plan.model_validate(d)


# ------------------------------------------------------------ hypothesis strategies


def plan_dicts():
    """A hypothesis strategy of valid plan dicts (two municipalities, up to five actions).

    Every action kind and curve, both electricity methods and all GWP sets appear;
    activities, shares and years are drawn. Used by the property tests (invariants)
    and available to users who test tools built on capf. Needs ``hypothesis``.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        Of plan dicts that :meth:`capf.Plan.model_validate` accepts.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=3, deadline=None)
    ... @given(plan_dicts())
    ... def check(d):
    ...     assert Plan.model_validate(d).plan.base_year == 2023
    >>> check()
    """
    from hypothesis import strategies as st

    DRAINED = "lowland_soils.drained_organic_soils.rotation_6_12pct_c"
    REWET = "lowland_soils.rewetted_organic_soils"
    OIL = "buildings.individual_heating.oil_boiler"
    HP = "buildings.individual_heating.heat_pump"
    GAS = "buildings.individual_heating.natural_gas_boiler"
    ELEC = "energy.electricity.consumption"
    CCS = "removals.biogenic_ccs"
    WIND = "energy.local_production.wind"

    amount = st.floats(0, 1e5, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    share = st.floats(0, 1, allow_subnormal=False)
    year = st.integers(2023, 2040)
    curve = st.sampled_from(["step", "linear", "logistic", "bass", "stock_turnover"])


    @st.composite
    def action(draw, i):
        kind = draw(st.sampled_from(["reduce", "switch", "decarbonise", "remove", "add"]))
        start = draw(year)
        c = draw(curve)
        full = start + draw(st.integers(0 if c == "step" else 1, 12))
        a = {"name": f"a{i}", "kind": kind, "start": start, "full": full, "curve": c}
        if c == "stock_turnover":
            a["lifetime"] = draw(st.integers(1, 30))
            a["survival"] = draw(st.sampled_from(["fixed", "exponential"]))
        if kind == "reduce":
            a.update(source=draw(st.sampled_from([DRAINED, OIL, ELEC, "transport.other"])),
                     share=draw(share))
        elif kind == "switch":
            a.update(draw(st.sampled_from([{"from": DRAINED, "to": REWET}, {"from": OIL, "to": HP},
                                           {"from": OIL, "to": GAS}, {"from": GAS, "to": HP}])),
                     share=draw(share))
        elif kind == "decarbonise":
            a.update(carrier=draw(st.sampled_from(["electricity", "grid_gas"])),
                     factor=f"{draw(st.floats(0, 0.3)):.6f} kg CO2e/kWh", share=draw(share))
        elif kind == "remove":
            a.update(source=CCS, activity=f"{draw(amount):.6f} t/yr")
        else:
            a.update(source=draw(st.sampled_from([WIND, ELEC])),
                     activity=f"{draw(amount):.6f} MWh/yr")
        a["municipality"] = draw(st.sampled_from(["*", "1", ["1", "2"]]))
        return a


    @st.composite
    def plans(draw):
        n = draw(st.integers(0, 5))
        actions = [draw(action(i)) for i in range(n)]
        inventory = []
        for m in ("1", "2"):
            inventory += [
                {"municipality": m, "source": DRAINED, "activity": f"{draw(amount):.6f} ha"},
                {"municipality": m, "source": OIL, "activity": f"{draw(amount):.6f} MWh/yr"},
                {"municipality": m, "source": ELEC, "activity": f"{draw(amount):.6f} MWh/yr"},
                {"municipality": m, "source": WIND, "activity": f"{draw(amount):.6f} MWh/yr"},
                {"municipality": m, "source": "transport.other",
                 "emissions": f"{draw(amount):.6f} t CO2e/yr"},
            ]
        d = {
            "plan": {"name": "gen", "base_year": 2023, "end_year": 2045,
                     "gwp": draw(st.sampled_from(["AR4GWP100", "AR5GWP100", "AR6GWP100"])),
                     "electricity_method": draw(st.sampled_from(["national_average",
                                                                 "local_netted"]))},
            "municipality": [{"code": "1"}, {"code": "2"}],
            "inventory": inventory,
            "action": actions,
            "scenario": [{"name": "bau"},
                         {"name": "plan", "actions": [a["name"] for a in actions]}],
        }
        return d

    return plans()
