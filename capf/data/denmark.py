"""The bundled Danish plan as plain dicts (the tables of a plan file), built from capf/data.

:func:`denmark_dict` is what :func:`capf.datasets.denmark` validates into a
:class:`capf.Plan`, what ``[plan] start_from = "denmark"`` merges a plan file into
(:mod:`capf.plan.start_from`) and what ``capf new`` writes out (:mod:`capf.planfile`).
It returns dicts (quantities as pint quantities), so the data layer needs no plan model:
see PROVENANCE.md beside it for every figure.
"""

from __future__ import annotations

import functools

from ..units import _quantity

__all__ = ["denmark_dict", "pipeline_actions", "times_dk_drivers", "PIPELINE_STATUSES",
           "CATEGORY_SOURCES", "TIMES_DK_MAP", "CLIMATE_ACT_CITATION", "OBSERVED_YEARS",
           "BUILDINGS_CRF"]

#: Which capf source holds each sector of the Energi- og CO2-regnskab (by capf
#: sector; capf.data.REGNSKAB_SECTORS maps the regnskab's names), and the
#: KF25 estimate of cropland and grassland (LULUCF 4B + 4C).
CATEGORY_SOURCES = {
    "agriculture": "agriculture.other",
    "energy": "energy.other",
    "transport": "transport.other",
    "industry": "industry.other",
    "waste": "waste.other",
    "lowland_soils": "lowland_soils.other",
}

#: TIMES-DK (frozen policy, FP_NO_WIN_INT) indicator groups by sector: the
#: ``national_trend`` of earlier capf versions, kept for :func:`times_dk_drivers`.
TIMES_DK_MAP = {
    "energy": ("_CO2 emissioner", ("El og varme sektorens CO2", "Husholdningers CO2",
                                   "Industriel CO2", "Konveteringssektorens CO2", "Affald CO2")),
    "transport": ("_CO2 emissioner", ("Land transport CO2", "Luftfart CO2", "Søfart CO2")),
    "agriculture": ("_All_GHG_emissions", ("Landbrugs emissioner",)),
}

CLIMATE_ACT_CITATION = (
    "Klimaloven (Danish Climate Act), LOV nr 965 af 26/06/2020, § 1: 70 % reduction of "
    "greenhouse-gas emissions by 2030 relative to 1990 and climate neutrality by 2050 at the latest"
)

#: Observed years of the regnskab; they anchor the 1990 back-cast (ratio of sums,
#: chosen on the leave-one-year-out skill in docs/validation.md).
OBSERVED_YEARS = (2018, 2019, 2020, 2021, 2022, 2023)

_REGNSKAB = ("Energi- og CO2-regnskab (Energistyrelsen / KL / Realdania, klimaregnskabet.dk), "
             "absolute t CO2e by sector")
_LOWLAND = ("estimate: KF25 cropland + grassland (CRF 4B + 4C, KEFM CRF tables, AR5) {y} × the "
            "municipality's share of the MARS lowland-project area ({share:.4%})")
#: KF25's CRF code the individual boilers (sector buildings) follow: residential combustion.
BUILDINGS_CRF = "1A4bi"
_KF25_SOURCE = ("KF25 (Klimastatus og -fremskrivning 2025), KEFM CRF tables, sheet CO2-ækv, "
                "Mt CO2e AR5; CRF codes {codes} (capf/data/PROVENANCE.md)")


#: The MARS lowland-project statuses in the scenarios ``pipeline`` and
#: ``pipeline_prestudies``: (status, name part, scenario, start, full, curve, what it
#: assumes). An assumption of capf (stated in the scenario descriptions and PROVENANCE.md):
#: established projects (Anlagt) are rewetted by 2026, the year of the MARS snapshot
#: (2026-05-18; when each was finished is not in the data); projects with an establishment
#: grant (Etableringstilsagn) are rewetted step by step from 2026 to 2030, the Green
#: Tripartite's (Grøn trepart) horizon for lowland extraction; a pre-study grant
#: (Forundersøgelsestilsagn) is no decision to build, so those hectares are only in the
#: variant ``pipeline_prestudies``, rewetted from 2030 to 2035 if every pre-study became
#: a project (a what-if, not a forecast).
PIPELINE_STATUSES = (
    ("Anlagt", "established", "pipeline", 2025, 2026, "step",
     "established (Anlagt): rewetted by 2026"),
    ("Etableringstilsagn", "approved", "pipeline", 2026, 2030, "linear",
     "establishment grant (Etableringstilsagn): rewetted 2026-2030"),
    ("Forundersøgelsestilsagn", "prestudy", "pipeline_prestudies", 2030, 2035, "linear",
     "pre-study grant (Forundersøgelsestilsagn): rewetted 2030-2035 (what-if)"),
)

_PIPELINE_DESCRIPTION = (
    "national_trend in every sector but lowland soils, where the 2023 level is held and the "
    "MARS lowland projects (Lavbundsprojekter, snapshot 2026-05-18) are rewetted: established "
    "(Anlagt) by 2026, establishment grant (Etableringstilsagn) 2026-2030; pre-studies not. "
    "Each hectare saves the drained factor of the bundled lowland line (KF25 national "
    "average, {drained:.2f} t CO2e/ha/yr) minus the rewetted one (SEGES rule 5, 0.272 t CH4/ha/yr "
    "= {rewet:.2f} t CO2e at the plan's GWP). KF25's own projection of 4B + 4C is left out "
    "(it already holds the lowland projects decided before it), so nothing is counted twice. "
    "An estimate (capf/data/PROVENANCE.md)")
_PRESTUDY_DESCRIPTION = (
    "pipeline plus the pre-study projects (Forundersøgelsestilsagn) rewetted 2030-2035: a "
    "what-if (a pre-study grant is no decision to build), an estimate")


def _area_co2e(source_id: str, gwp: str, year: int) -> float:
    """t CO2e per ha and year of an area source's default factors at a GWP set."""
    from .. import sectors
    from ..units import gwp_values

    g = gwp_values(gwp)
    total = 0.0
    for f in sectors.get_source(source_id).factors:
        v = float(f.values_at([year])[0])
        if f.gas in ("CO2", "CO2e"):
            total += v
        else:
            mass = v / gwp_values(f.gwp_basis)[f.gas] if f.gwp_basis else v
            total += mass * g[f.gas]
    return total


def pipeline_actions(lowland: dict[str, float], gwp: str = "AR5GWP100",
                     base_year: int = 2023) -> tuple[list[dict], dict[str, float]]:
    """The rewetting actions of the MARS lowland projects (scenarios ``pipeline``,
    ``pipeline_prestudies``).

    Per municipality and status (:data:`PIPELINE_STATUSES`) two actions: a ``reduce`` of
    ``lowland_soils.other`` by the hectares × the drained factor of the bundled line
    (:func:`capf.data.lowland_default_factor`, KF25's national average), as a share of
    what the actions before it left, and an ``add`` of the same hectares of
    ``lowland_soils.rewetted_organic_soils`` (SEGES rule 5 CH4). With the lowland line
    held (no driver), the saving in a year after ``full`` is hectares × (drained −
    rewetted factor). Each label names the municipality (from the municipalities master
    data), e.g. ``"Lavbundsprojekter Skive (approved): drained soil"``.

    Parameters
    ----------
    lowland : dict
        ``lowland_soils.other`` in the base year (t CO2e/yr) by municipality code.
    gwp : str, default "AR5GWP100"
        The GWP set of the rewetted soil's CH4.
    base_year : int, default 2023
        The year of the drained factor (:func:`capf.data.lowland_default_factor`).

    Returns
    -------
    actions : list of dict
        ``[[action]]`` tables, named ``lowland_<established|approved|prestudy>_<code>``.
    factors : dict
        ``{"drained": t CO2e/ha/yr, "rewetted": t CO2e/ha/yr}``.

    Examples
    --------
    >>> actions, factors = pipeline_actions({"540": 50000.0})
    >>> [a["name"] for a in actions], round(factors["drained"], 2)
    (['lowland_approved_540', 'lowland_approved_540_rewetted'], 25.99)
    """
    from .. import data

    drained = data.lowland_default_factor(base_year)
    rewetted = _area_co2e("lowland_soils.rewetted_organic_soils", gwp, base_year)
    ha = data.lowland_projects_by_status()
    names = data.municipalities()["name"]
    actions: list[dict] = []
    for code, level in lowland.items():
        if code not in ha.index or level <= 0:
            continue
        left = level
        where = f" {names[code]}" if code in names.index else ""
        for status, part, _scenario, start, full, curve, what in PIPELINE_STATUSES:
            h = float(ha.loc[code, status])
            if h <= 0:
                continue
            cut = min(h * drained, left)
            share = min(cut / left, 1.0)
            left -= cut
            note = (f"estimate: MARS Lavbundsprojekter {status} {h:.3f} ha (snapshot "
                    f"2026-05-18) x {drained:.4f} t CO2e/ha/yr (KF25 drained organic soil, "
                    f"national average 2023) = {cut:.1f} t CO2e/yr; {what}")
            actions.append({
                "name": f"lowland_{part}_{code}", "kind": "reduce",
                "source": "lowland_soils.other", "share": share, "municipality": code,
                "start": start, "full": full, "curve": curve,
                "label": f"Lavbundsprojekter{where} ({part}): drained soil",
                "note": note + "; as a share of lowland_soils.other left by the lines before"})
            actions.append({
                "name": f"lowland_{part}_{code}_rewetted", "kind": "add",
                "source": "lowland_soils.rewetted_organic_soils",
                "activity": _quantity(h, "ha"), "municipality": code,
                "start": start, "full": full, "curve": curve,
                "label": f"Lavbundsprojekter{where} ({part}): rewetted soil",
                "note": (f"estimate: the same {h:.3f} ha rewetted, SEGES rule 5 "
                         f"(CH4 0.272 t/ha/yr); {what}")})
    return actions, {"drained": drained, "rewetted": rewetted}


def times_dk_drivers(scenarios: list[str]) -> list[dict]:
    """The TIMES-DK frozen-policy drivers (the former ``national_trend``), for ``scenarios``.

    Parameters
    ----------
    scenarios : list of str
        The scenarios the drivers apply to.

    Returns
    -------
    list of dict
        ``[[driver]]`` tables, one per sector of :data:`TIMES_DK_MAP`, with an index of
        the modelled emissions (kt CO2e) at TIMES-DK's years 2015, 2020, ..., 2050.

    Examples
    --------
    >>> drivers = times_dk_drivers(["national_trend"])
    >>> drivers[0]["name"], drivers[0]["scenarios"], sorted(drivers[0]["index"])[:3]
    ('times_dk_fp_energy', ['national_trend'], [2015, 2020, 2025])
    """
    from .. import data

    times = data.times_dk("FP_NO_WIN_INT")
    drivers = []
    for sector, (indicator, groups) in TIMES_DK_MAP.items():
        sub = times[(times["indicator"] == indicator) & (times["indicator_group"].isin(groups))]
        by_year = sub.groupby("year")["value"].sum()
        drivers.append({
            "name": f"times_dk_fp_{sector}", "source": sector, "scenarios": list(scenarios),
            "index": {int(y): float(v) for y, v in by_year.items()},
            "note": "TIMES-DK frozen policy (FP_NO_WIN_INT), DTU / Tokni 2020, kt CO2e: "
                    f"{indicator}: {', '.join(groups)}; modelled, not observed",
        })
    return drivers


@functools.lru_cache(maxsize=8)
def denmark_dict(base_year: int, end_year: int, gwp: str,
                  codes: tuple[str, ...] | None) -> dict:
    """The bundled Danish plan as plain dicts (what :func:`capf.datasets.denmark` validates).

    Cached: treat the result as read-only (:func:`capf.plan.start_from.merge_start_from`
    copies what it changes).

    Parameters
    ----------
    base_year : int
        The inventory's year (2023, the Energi- og CO2-regnskab's).
    end_year : int
        The last projected year.
    gwp : str
        The GWP set (``"AR5GWP100"``, ...).
    codes : tuple of str or None
        DST municipality codes (e.g. ``("540",)``), or None for all 98.

    Returns
    -------
    dict
        The plan's tables: ``plan``, ``municipality``, ``inventory`` (t CO2e/yr and
        activities), ``baseline``, ``national_series``, ``driver``, ``action``, ``scenario``,
        ``target``, ``observation``.

    Raises
    ------
    KeyError
        An unknown municipality code.

    Examples
    --------
    >>> d = denmark_dict(2023, 2050, "AR5GWP100", ("540",))
    >>> [m["name"] for m in d["municipality"]], [s["name"] for s in d["scenario"]]
    (['Sønderborg'], ['bau', 'national_trend', 'pipeline', 'pipeline_prestudies'])
    """
    from .. import data
    from . import activity

    muni = data.municipalities()
    tonnes = data.inventory_tonnes()
    kf25 = data.kf25_sector_series("regnskab")
    crf = data.kf25_crf()
    key = data.lowland_key()
    if codes is not None:
        unknown = [c for c in codes if c not in muni.index]
        if unknown:
            raise KeyError(f"unknown municipality code(s) {', '.join(unknown)}; the bundled data "
                           f"have the 98 DST codes, e.g. 101 (København), 851 (Aalborg)")
        muni = muni.loc[list(codes)]
    # plain dicts for the look-ups below (a pandas scalar look-up costs ~20 us)
    obs = dict(zip(zip(tonnes["code"].tolist(), tonnes["year"].tolist(),
                       tonnes["sector"].tolist(), strict=True),
                   tonnes["t_co2e"].tolist(), strict=True))
    lowland_series = kf25["lowland_soils"] * 1e6  # t CO2e/yr
    lowland = lowland_series.to_dict()
    key = key.to_dict()
    municipalities, inventory, observations = [], [], []
    for code, m in muni.to_dict("index").items():
        municipalities.append({
            "code": code, "name": m["name"], "region": m["region"],
            "population": int(m["population"]),
            "area": _quantity(float(m["area_km2"]), "km**2"),
        })
        for sector, source in CATEGORY_SOURCES.items():
            if sector == "lowland_soils":
                value = float(lowland[base_year] * key[code])
                line = {"municipality": code, "source": source, "estimate": True,
                        "emissions": _quantity(value, "t CO2e / yr"),
                        "note": _LOWLAND.format(y=base_year, share=key[code])}
            else:
                value = float(obs[(code, base_year, sector)])
                line = {"municipality": code, "source": source,
                        "emissions": _quantity(value, "t CO2e / yr"),
                        "note": f"{_REGNSKAB}, {base_year}: observed"}
                if value < 0:
                    line["reported_negative"] = True
                    line["note"] += "; reported negative (kept, nothing moved to another sector)"
            inventory.append(line)
            for year in OBSERVED_YEARS:
                if year == base_year:
                    continue
                if sector == "lowland_soils":
                    observations.append({
                        "municipality": code, "year": year, "sector": sector, "estimate": True,
                        "emissions": _quantity(float(lowland[year] * key[code]), "t CO2e / yr"),
                        "source": f"estimate: KF25 4B + 4C {year} x MARS lowland key"})
                else:
                    observations.append({
                        "municipality": code, "year": year, "sector": sector,
                        "emissions": _quantity(float(obs[(code, year, sector)]), "t CO2e / yr"),
                        "source": f"Energi- og CO2-regnskab {year}"})
    # activity lines (boilers, cars, cement) carved out of the observed .other totals; the
    # observed years split between the sectors in the same base-year shares (estimates)
    inventory, shares = activity.refine_with_shares(inventory, muni.index)
    observations = activity.split_observations(observations, shares)
    # local wind and solar production (no emissions, carved out of nothing), after each
    # municipality's lines
    production: dict[str, list[dict]] = {}
    for line in activity.production_lines(muni.index):
        production.setdefault(line["municipality"], []).append(line)
    last = {str(x["municipality"]): i for i, x in enumerate(inventory)}
    inventory = [y for i, x in enumerate(inventory)
                 for y in [x] + (production.get(str(x["municipality"]), [])
                                 if last[str(x["municipality"])] == i else [])]
    series = data.inventory_per_capita_series()
    series = series[series["code"].isin(muni.index) & (series["year"] > base_year)]
    pop = muni["population"].to_dict()
    observations += [
        {"municipality": r.code, "year": int(r.year), "estimate": True,
         "emissions": _quantity(float(r.co2e_per_capita) * int(pop[r.code])
                                + float(lowland[int(r.year)] * key[r.code]), "t CO2e / yr"),
         "source": "Energi- og CO2-regnskab total per inhabitant × population 2026, plus the "
                   "lowland-soil estimate (KF25 4B + 4C × MARS key): an estimate"}
        for r in series.itertuples()]
    sectors_ = list(CATEGORY_SOURCES)
    crf = crf.copy()
    if any(str(x["source"]).startswith("buildings.") for x in inventory):
        # the boilers (sector buildings) follow KF25's residential combustion (1A4bi), and
        # energy the rest of its codes
        kf25 = kf25.copy()
        residential = crf.loc[crf["crf_code"] == BUILDINGS_CRF].iloc[0]
        kf25["buildings"] = [float(residential[y]) for y in kf25.index]
        kf25["energy"] = kf25["energy"] - kf25["buildings"]
        crf.loc[crf["crf_code"] == BUILDINGS_CRF, "capf_sector"] = "buildings"
        sectors_.append("buildings")
    national = []
    for sector in sectors_:
        codes_ = crf[(crf["capf_sector"] == sector)
                     & ((crf["regnskab_scope"] == "yes") | (sector == "lowland_soils"))]
        national.append({
            "series": "kf25", "sector": sector,
            "values": {int(y): round(float(v), 6) for y, v in kf25[sector].items()},
            "unit": "Mt CO2e/yr",
            "source": _KF25_SOURCE.format(codes=" + ".join(codes_["crf_code"])),
        })
    drivers = [{
        "name": f"kf25_{sector}", "source": sector, "scenarios": ["national_trend"],
        "index": {int(y): round(float(v), 6) for y, v in kf25[sector].items() if y >= base_year},
        "note": "KF25 projection (frozen policy, KEFM CRF tables), national sector sum in "
                "Mt CO2e, the CRF codes of national series kf25; modelled, not observed",
    } for sector in sectors_]
    lowland_base = {x["municipality"]: float(x["emissions"].to("t CO2e/yr").magnitude)
                    for x in inventory if x["source"] == "lowland_soils.other"}
    actions, pf = pipeline_actions(lowland_base, gwp, base_year)
    names = {sc: [a["name"] for a in actions
                  if any(a["name"].startswith(f"lowland_{part}_")
                         for _, part, s_, *_ in PIPELINE_STATUSES if s_ == sc)]
             for sc in ("pipeline", "pipeline_prestudies")}
    return {
        "plan": {"name": "Denmark: 98 municipalities (bundled data)", "base_year": base_year,
                 "end_year": end_year, "gwp": gwp,
                 "description": "Energi- og CO2-regnskab 2023 by sector for every municipality "
                                "(observed), lowland soils estimated from KF25, 1990 back-cast "
                                "with the KF25 national sector series"},
        "municipality": municipalities,
        "inventory": inventory,
        "national_series": national,
        "baseline": [
            {"year": 1990, "backcast": "kf25", "anchor_years": list(OBSERVED_YEARS),
             "estimate": True,
             "note": "back-cast with the KF25 national sector series, anchored on the observed "
                     "years 2018-2023 (ratio of sums): an estimate"},
            {"year": 2019, "observed": True,
             "note": "observed: Energi- og CO2-regnskab 2019 by sector (lowland soils: KF25 "
                     "estimate)"},
        ],
        "observation": observations,
        "driver": drivers,
        "scenario": [
            {"name": "bau", "description": "2023 emissions held constant"},
            {"name": "national_trend", "drivers": [d["name"] for d in drivers],
             "description": "each sector follows the KF25 national projection (frozen policy)"},
            {"name": "pipeline", "actions": names["pipeline"],
             "drivers": [d["name"] for d in drivers if d["source"] != "lowland_soils"],
             "description": _PIPELINE_DESCRIPTION.format(drained=pf["drained"],
                                                         rewet=pf["rewetted"])},
            {"name": "pipeline_prestudies", "extends": "pipeline",
             "actions": names["pipeline_prestudies"], "description": _PRESTUDY_DESCRIPTION},
        ],
        "action": actions,
        "target": [
            {"name": "Climate Act 2030", "year": 2030, "reduction": "70 %", "relative_to": 1990,
             "citation": CLIMATE_ACT_CITATION},
            {"name": "Net zero 2050", "year": 2050, "net_zero": True,
             "citation": CLIMATE_ACT_CITATION},
        ],
    }
