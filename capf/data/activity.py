"""Activity lines for every Danish municipality, carved out of the observed sector totals.

:func:`refine` takes the ``[[inventory]]`` line dicts that
:func:`capf.datasets.denmark` builds (``<sector>.other`` emission lines holding
the observed sector totals of the Energi- og CO2-regnskab) and returns them with
activity lines added: oil and natural-gas boilers, petrol, diesel and electric
cars, and Aalborg's cement process CO2. Each ``.other`` line is lowered by the
base-year CO2e of the lines carved out of it (:data:`CARVED_FROM`), so the lines
plus the remainder equal the observed total exactly. It works on whatever the
``.other`` totals are (per-inhabitant figures × population, or absolute tonnes).

How each figure is made (every one an estimate, flagged ``estimate = true``; the
full method is in ``capf/data/PROVENANCE.md``, "Activity lines"):

- **boilers** (``buildings.individual_heating.oil_boiler`` / ``natural_gas_boiler``):
  the municipality's fossil household energy in 2023 (regnskab: household TJ ×
  fossil share) split between oil and gas by the dwellings with oil and with
  natural-gas central heating (DST BOL102 2026), × the catalogue's boiler
  efficiency = useful heat (MWh/yr);
- **cars** (``transport.road.car_petrol`` / ``car_diesel`` / ``car_electric``):
  DST BIL54 cars by fuel (2026M01; petrol = total − electric − diesel, so it holds
  plug-in hybrids, hybrids and gas cars) × :data:`KM_PER_CAR_YEAR` = vkm/yr; the
  petrol and diesel factor per vkm is the catalogue's (KF25 1A3bi ÷ the national
  combustion fleet's vkm), the electric car's is kWh/vkm × the grid factor;
- **cement** (``industry.process.cement_clinker``, Aalborg 851 only): KF25 CRF 2A1
  cement process CO2 2023 as an emissions line.

:func:`production_lines` adds the local wind and solar production
(``energy.local_production.wind`` / ``solar``, MWh/yr): Energinet's installed onshore
wind and solar MW × full-load hours. They emit nothing and are carved out of nothing;
they net the electricity factor only with ``electricity_method = "local_netted"``.

Agriculture keeps ``agriculture.other``: no municipal livestock counts exist in
the data (DST HDYR goes down to regions only), so there is no defensible key.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import pandas as pd

from ..units import _quantity, ureg
from ._files import _codes, _read

__all__ = ["refine", "activity_table", "kf25_crf_2023", "CARVED_FROM", "KM_PER_CAR_YEAR",
           "CEMENT_MUNICIPALITY", "TJ_TO_MWH", "base_year_co2e_factor", "capacity_table",
           "production_lines", "FULL_LOAD_HOURS"]

logger = logging.getLogger(__name__)

_ACTIVITY = "dk_municipality_heating_cars_household_energy_subset_forbrugsudledninger.csv"
_KF25 = "dk_kf25_crf_selected_rows_2023_kefm.csv"
_CAPACITY = "dk_municipality_wind_solar_capacity_mw_eds_doughnut.csv"
_BASE_YEAR = 2023

#: Which observed ``.other`` line each activity line is carved out of: the
#: sector in which the Energi- og CO2-regnskab counts its emissions. Boilers are
#: in "Energi"; combustion cars in "Transport"; the electric car's emissions are
#: grid electricity, which the regnskab counts in "Energi" (its catalogue sector
#: is transport, as DK2020 attributes it); cement process CO2 is in "Kemiske
#: processer", part of capf's ``industry.other``.
CARVED_FROM = {
    "buildings.individual_heating.oil_boiler": "energy.other",
    "buildings.individual_heating.natural_gas_boiler": "energy.other",
    "transport.road.car_petrol": "transport.other",
    "transport.road.car_diesel": "transport.other",
    "transport.road.car_electric": "energy.other",
    "industry.process.cement_clinker": "industry.other",
}

#: km driven per passenger car per year. No Danish figure (DST/DTU TU/Vejdirektoratet)
#: was found with the project's tools; this is Statistics Norway's average for all
#: Norwegian passenger cars in 2021 ("Hele landet 11.288 km", kjørelengdestatistikk),
#: as quoted by Finansavisen, 2 April 2022,
#: https://finansavisen.no/nyheter/bil/2022/04/02/7845824/sa-langt-kjorer-bilen-pa-ett-ar.
#: A non-Danish estimate: it only sets the scale of vkm; the petrol and diesel lines'
#: CO2e are KF25's per combustion car whatever it is, the electric cars' electricity
#: scales with it.
KM_PER_CAR_YEAR = 11288.0
KM_CITATION = ("Statistics Norway, average km per passenger car 2021 (all Norway: 11,288 km), "
               "quoted by Finansavisen 2022-04-02, https://finansavisen.no/nyheter/bil/2022/04/"
               "02/7845824/sa-langt-kjorer-bilen-pa-ett-ar (no Danish figure found; estimate)")

#: The municipality of Denmark's cement plant (Aalborg Portland, Aalborg Øst).
CEMENT_MUNICIPALITY = "851"

TJ_TO_MWH = 1e6 / 3600.0  # 1 TJ = 277.78 MWh (definition)

#: Full-load hours per year of the local production lines: (source, capacity column of
#: the bundled Energinet file, hours, citation). Estimates (capf/data/PROVENANCE.md):
#: onshore wind 2,000 h is the Danish Energy Authority's "average for all land-based wind
#: turbines of approximately 2000 hours" (range 1,500-3,000 by site); solar 850 h is the
#: low end of Dansk Solcelleforening's 850-950 kWh/kWp "for an optimally placed" Danish
#: plant, taken because the fleet's rooftop panels are not all optimally placed. Offshore
#: MW, which Energinet attributes to a coastal municipality, are left out: the turbines
#: stand at sea, not on the municipality's land.
FULL_LOAD_HOURS: tuple[tuple[str, str, float, str], ...] = (
    ("energy.local_production.wind", "ve_vind_mw", 2000.0,
     "Danish Energy Authority, average of all land-based turbines, quoted at "
     "http://www.energy.kth.se/compedu/webcompedu/SELECT-CD/"
     "S9_Renewable_Energy/B2_Wind_Energy/C8_Introduction_to_Onshore_Wind_Power/"
     "ID130main_slides_files/Full_Load_Hours.htm"),
    ("energy.local_production.solar", "ve_sol_mw", 850.0,
     "low end of Dansk Solcelleforening's 850-950 kWh/kWp for an optimally placed plant, "
     "http://solcelleforening.dk/fakta/tal-og-fakta/"),
)


def _by_code(name: str, column: str) -> pd.DataFrame:
    """A bundled CSV indexed by its DST code column (3-digit strings, index named ``column``)."""
    df = _read(name).copy()
    return df.set_index(_codes(df.pop(column)))


@functools.lru_cache(maxsize=1)
def _activity() -> pd.DataFrame:
    return _by_code(_ACTIVITY, "kode")


def activity_table() -> pd.DataFrame:
    """BOL102 dwellings, BIL54 cars and regnskab household energy by municipality.

    Index: DST code as a 3-digit string; the row ``"000"`` is Hele landet (all of
    Denmark, 2026 counts incl. Christiansø). Columns as in the bundled file
    (``opv_olie``, ``opv_naturgas`` dwellings; ``biler``, ``biler_el``,
    ``biler_plugin``, ``biler_diesel`` cars; ``husholdning_energi_tj`` TJ,
    ``husholdning_fossil_andel`` fraction, ...).

    Examples
    --------
    >>> from capf.data import activity
    >>> int(activity.activity_table().loc["340", "opv_olie"])
    917
    """
    return _activity().copy()


@functools.lru_cache(maxsize=1)
def _kf25() -> pd.Series:
    from . import data_path

    with data_path(_KF25).open("rb") as f:
        df = pd.read_csv(f)
    return df.set_index("crf_code")["value"]


def kf25_crf_2023(code: str) -> float:
    """KF25 CRF emissions of a category in 2023, t CO2e/yr (AR5); e.g. ``"1A3bi"`` cars.

    Parameters
    ----------
    code : str
        A CRF code of :func:`capf.data.kf25_crf` (``"1A3bi"``, ``"2A1"``, ...).

    Returns
    -------
    float
        t CO2e per year in 2023.

    Examples
    --------
    >>> from capf.data import activity
    >>> activity.kf25_crf_2023("2A1")
    980000.0
    """
    return float(_kf25()[code]) * 1e6


def base_year_co2e_factor(source_id: str, year: int = _BASE_YEAR) -> float:
    """The catalogue's default factor of a source in ``year``: t CO2e per unit of activity.

    For carrier-based sources: the carrier's factor ÷ efficiency. The sources
    carved here have only CO2 or CO2e factors, so no GWP set is involved.

    Parameters
    ----------
    source_id : str
        A source of the catalogue with CO2 or CO2e factors only.
    year : int, default 2023
        The year of the factor.

    Returns
    -------
    float
        t CO2e per unit of the source's activity (per MWh of useful heat, per vkm, ...).

    Examples
    --------
    >>> round(base_year_co2e_factor("buildings.individual_heating.oil_boiler"), 4)
    0.2956
    """
    from .. import sectors

    src = sectors.get_source(source_id)
    if src.carrier is not None:
        factors, scale = sectors.get_carrier(src.carrier).factors, 1.0 / _efficiency(src)
    else:
        factors, scale = src.factors, 1.0
    total = 0.0
    for f in factors:
        if f.gas not in ("CO2", "CO2e"):
            raise ValueError(f"{source_id}: gas {f.gas} needs a GWP set")
        per = ureg.Quantity(f.values_at([year])[0], ureg.Unit(f.unit))
        per = per * (ureg.Unit("MWh") if src.carrier is not None
                     else ureg.Unit(str(src.activity_unit)) * ureg.yr)
        total += float(per.to("t").magnitude) * scale
    return total


def _efficiency(src: Any) -> float:
    """The efficiency (or COP) of a carrier-based source of the catalogue."""
    if src.efficiency is None:
        raise ValueError(f"source {src.id!r} has no efficiency in the catalogue")
    return float(src.efficiency)


def _line(code: str, source: str, note: str, *, activity=None, emissions=None) -> dict:
    line = {"municipality": code, "source": source, "estimate": True, "note": note}
    if activity is not None:
        line["activity"] = activity
    else:
        line["emissions"] = emissions
    return line


@functools.lru_cache(maxsize=1)
def _activity_rows() -> dict[str, dict[str, Any]]:
    """:func:`_activity` as ``{code: {column: value}}`` (one look-up per municipality)."""
    return _activity().to_dict("index")


def _candidates(code: str, factor: dict[str, float] | None = None
                ) -> list[tuple[dict, float]]:
    """The activity lines of one municipality with their base-year CO2e (t/yr).

    ``factor`` memoises :func:`base_year_co2e_factor` by source over the calls of one
    refinement (the catalogue does not change within it)."""
    if factor is None:
        factor = {}

    def co2e_factor(source: str) -> float:
        if source not in factor:
            factor[source] = base_year_co2e_factor(source)
        return factor[source]

    lines: list[tuple[dict, float]] = []
    row = _activity_rows().get(code)
    if row is not None:
        # boilers: fossil household energy split by dwellings with oil / gas central heating
        fossil_tj = float(row["husholdning_energi_tj"]) * float(row["husholdning_fossil_andel"])
        oil_d, gas_d = float(row["opv_olie"]), float(row["opv_naturgas"])
        from .. import sectors

        for source, dwellings, label in (
                ("buildings.individual_heating.oil_boiler", oil_d, "oil"),
                ("buildings.individual_heating.natural_gas_boiler", gas_d, "natural-gas")):
            if oil_d + gas_d <= 0:
                continue
            eff = _efficiency(sectors.get_source(source))
            fuel_mwh = fossil_tj * dwellings / (oil_d + gas_d) * TJ_TO_MWH
            heat = fuel_mwh * eff
            note = (f"estimate: household fossil energy 2023 (Energi- og CO2-regnskab "
                    f"'Husholdninger' {float(row['husholdning_energi_tj']):.1f} TJ x fossil share "
                    f"{float(row['husholdning_fossil_andel']):.4f}) x {int(dwellings)} of "
                    f"{int(oil_d + gas_d)} oil+gas centrally heated dwellings with {label} (DST "
                    f"BOL102 2026) x boiler efficiency {eff:g} = useful heat; carved out of "
                    f"{CARVED_FROM[source]}")
            lines.append((_line(code, source, note, activity=_quantity(heat, "MWh/yr")),
                          heat * co2e_factor(source)))
        # cars: BIL54 counts x km per car
        total, el, diesel = (float(row[c]) for c in ("biler", "biler_el", "biler_diesel"))
        petrol = total - el - diesel
        for source, n, what in (
                ("transport.road.car_petrol", petrol, "petrol and other combustion cars (total "
                 "- electric - diesel: incl. plug-in hybrids, hybrids, gas)"),
                ("transport.road.car_diesel", diesel, "diesel cars"),
                ("transport.road.car_electric", el, "electric cars")):
            vkm = n * KM_PER_CAR_YEAR
            note = (f"estimate: {int(n)} {what} (DST BIL54 2026M01) x {KM_PER_CAR_YEAR:g} km per "
                    f"car-year ({KM_CITATION}); carved out of {CARVED_FROM[source]}")
            lines.append((_line(code, source, note, activity=_quantity(vkm, "vkm/yr")),
                          vkm * co2e_factor(source)))
    if code == CEMENT_MUNICIPALITY:
        t = kf25_crf_2023("2A1")
        note = ("KF25 CRF-tabeller 2A1 'Mineral industry - cement production' 2023 (national "
                "process CO2, Aalborg Portland's plant in Aalborg Øst); reported scope 1 incl. "
                "fuels: 1,981,749 t CO2e in 2022 (Aalborg Portland ESG report 2022); carved out "
                "of industry.other (the regnskab's 'Kemiske processer')")
        lines.append((_line(code, "industry.process.cement_clinker", note,
                            emissions=_quantity(t, "t CO2e/yr")), t))
    return lines


@functools.lru_cache(maxsize=1)
def _capacity() -> pd.DataFrame:
    return _by_code(_CAPACITY, "kommune_kode")


def capacity_table() -> pd.DataFrame:
    """Installed solar, onshore-wind and offshore-wind MW by municipality (Energinet).

    Index: DST code as a 3-digit string. Columns as in the bundled file: ``ve_sol_mw``,
    ``ve_vind_mw`` (onshore), ``ve_offshore_mw`` (offshore attributed to the
    municipality), MW; ``befolkning`` (persons), ``ve_kw_per_indb`` (kW per inhabitant).
    Energi Data Service CapacityPerMunicipality, the latest month when fetched (not 2023).

    Examples
    --------
    >>> from capf.data import activity
    >>> float(activity.capacity_table().loc["760", "ve_vind_mw"])
    516.5
    """
    return _capacity().copy()


def production_lines(municipalities) -> list[dict]:
    """Local wind and solar production lines (MWh/yr) of bundled municipalities.

    Installed MW (:func:`capacity_table`, onshore wind and solar; offshore left out) ×
    the full-load hours of :data:`FULL_LOAD_HOURS`, one line per source with MW > 0,
    flagged ``estimate = True``. The lines emit nothing: they change no sector total,
    and lower the electricity factor only with ``electricity_method = "local_netted"``.

    Parameters
    ----------
    municipalities : iterable of str
        DST codes; codes not in the capacity file get no line.

    Returns
    -------
    list of dict
        ``[[inventory]]`` tables with ``activity`` in MWh/yr.

    Examples
    --------
    >>> [(x["source"], round(float(x["activity"].magnitude)))
    ...  for x in production_lines(["340"])]  # doctest: +NORMALIZE_WHITESPACE
    [('energy.local_production.wind', 13600), ('energy.local_production.solar', 84320)]
    """
    cap = _capacity()
    lines: list[dict] = []
    for code in (str(c) for c in municipalities):
        if code not in cap.index:
            continue
        row = cap.loc[code]
        for source, column, hours, citation in FULL_LOAD_HOURS:
            mw = float(row[column])
            if mw <= 0:
                continue
            what = "onshore wind" if column == "ve_vind_mw" else "solar"
            note = (f"estimate: {mw:g} MW installed {what} (Energinet "
                    f"CapacityPerMunicipality, latest month when fetched, not 2023) x "
                    f"{hours:g} full-load hours ({citation})")
            if column == "ve_vind_mw" and float(row["ve_offshore_mw"]) > 0:
                note += (f"; {float(row['ve_offshore_mw']):g} MW offshore wind left out (at sea, "
                         "not on the municipality's land)")
            note += "; no emissions"
            lines.append(_line(code, source, note,
                               activity=_quantity(mw * hours, "MWh/yr")))
    return lines


_T_CO2E_YR = ureg.Unit("t CO2e/yr")
_T_CO2E_YR_UNITS = _T_CO2E_YR._units


def _tonnes(q) -> float | None:
    """t CO2e/yr of a CO2e emissions figure (a pint quantity or a string); None otherwise."""
    if isinstance(q, str):
        q = ureg.Quantity(q)
    if not hasattr(q, "to"):
        return None  # per-gas emissions: not carved
    # (q.units == _T_CO2E_YR compares the containers, as here, after making a Unit)
    if isinstance(q, ureg.Quantity) and q._units == _T_CO2E_YR_UNITS:
        return float(q.magnitude)  # what .to() gives: its factor is 1.0
    try:
        return float(q.to("t CO2e/yr").magnitude)
    except Exception:  # noqa: BLE001 - not a CO2e rate: not carved
        return None


def _known_tonnes(q: Any) -> float:
    """t CO2e/yr of emissions known to be in CO2e (see :func:`_tonnes`)."""
    t = _tonnes(q)
    if t is None:
        raise ValueError(f"expected emissions in CO2e per year, got {q!r}")
    return t


def _scaled(line: dict, k: float) -> dict:
    out = dict(line)
    key = "activity" if "activity" in line else "emissions"
    out[key] = line[key] * k
    return out


def refine(lines: list[dict], municipalities=None) -> list[dict]:
    """The inventory lines with activity lines carved out of the ``.other`` totals
    (:func:`refine_with_shares` without the shares).

    Parameters
    ----------
    lines : list of dict
        ``[[inventory]]`` tables of bundled municipalities, with ``<sector>.other``
        emissions in t CO2e/yr.
    municipalities : iterable of str, optional
        Only these municipality codes get activity lines (all by default).

    Returns
    -------
    list of dict
        The lines, each ``.other`` less what its new activity lines emit.

    Examples
    --------
    >>> lines = [{"municipality": "340", "source": s, "emissions": f"{v} t CO2e/yr"}
    ...          for s, v in (("energy.other", 42805), ("transport.other", 76420))]
    >>> sorted({x["source"] for x in refine(lines)})  # doctest: +NORMALIZE_WHITESPACE
    ['buildings.individual_heating.natural_gas_boiler', 'buildings.individual_heating.oil_boiler',
     'energy.other', 'transport.other', 'transport.road.car_diesel',
     'transport.road.car_electric', 'transport.road.car_petrol']
    """
    return refine_with_shares(lines, municipalities)[0]


def split_observations(observations: list[dict],
                       shares: dict[tuple[str, str], dict[str, float]]) -> list[dict]:
    """Sector observations split as the base-year inventory was split by :func:`refine`.

    An observed sector total of another year (e.g. the regnskab's "Energi" in 2019) held
    the emissions that the base year's activity lines of another sector (the boilers in
    ``buildings``, the electric cars' electricity in ``transport``) were carved out of.
    Each such observation is split between the sectors in the base-year shares
    (``shares[(code, sector)][to_sector]`` = carved CO2e ÷ observed total), so that
    observations, inventory, back-cast anchors and monitoring use the same sectors. The
    split parts are flagged ``estimate = True``; the parts add up to the observed total.
    Observations without a sector (totals) and of sectors nothing was carved from are
    returned as they are.

    Parameters
    ----------
    observations : list of dict
        ``[[observation]]`` tables (``municipality``, ``year``, ``sector``, ``emissions`` in
        t CO2e/yr).
    shares : dict
        ``(code, sector) -> {to_sector: share}``, shares of the observed total (0-1), as
        :func:`refine_with_shares` returns them.

    Returns
    -------
    list of dict
        The observations, split; the split parts are flagged as estimates.

    Examples
    --------
    >>> obs = [{"municipality": "340", "year": 2019, "sector": "energy",
    ...         "emissions": "1000 t CO2e/yr"}]
    >>> out = split_observations(obs, {("340", "energy"): {"buildings": 0.25}})
    >>> [(o["sector"], float(o["emissions"].magnitude)) for o in out]
    [('energy', 750.0), ('buildings', 250.0)]
    """
    out: list[dict] = []
    index: dict[tuple[str, int, str], int] = {}
    extra: list[tuple[str, int, str, float, str]] = []
    for o in observations:
        o = dict(o)
        code, sector = str(o.get("municipality")), o.get("sector")
        split = None if sector is None else shares.get((code, sector))
        if split and sector is not None:
            total = _tonnes(o["emissions"])
            if total is not None:
                moved = {s: q * total for s, q in split.items()}
                o["emissions"] = _quantity(total - sum(moved.values()), "t CO2e/yr")
                o["estimate"] = True
                o["source"] = (str(o.get("source") or "")
                               + "; less the base-year share of the activity lines of other "
                                 "sectors carved out of it (an estimate)")
                extra += [(code, o["year"], s, v, sector) for s, v in moved.items()]
        if o.get("sector") is not None:
            index[(str(o.get("municipality")), o["year"], o["sector"])] = len(out)
        out.append(o)
    for code, year, to_sector, value, origin in extra:
        i = index.get((code, year, to_sector))
        if i is None:
            index[(code, year, to_sector)] = len(out)
            out.append({"municipality": code, "year": year, "sector": to_sector,
                        "estimate": True, "emissions": _quantity(value, "t CO2e/yr"),
                        "source": f"estimate: the base-year share of the observed {origin} "
                                  f"{year} that the {to_sector} activity lines were carved out "
                                  "of"})
        else:
            o = out[i]
            o["emissions"] = _quantity(_known_tonnes(o["emissions"]) + value, "t CO2e/yr")
            o["estimate"] = True
            o["source"] = (str(o.get("source") or "") + f"; plus the base-year share of the "
                           f"observed {origin} carved into {to_sector} (an estimate)")
    return out


def refine_with_shares(lines: list[dict], municipalities=None
                       ) -> tuple[list[dict], dict[tuple[str, str], dict[str, float]]]:
    """The inventory lines with activity lines carved out of the ``.other`` totals.

    Parameters
    ----------
    lines : list of dict
        ``[[inventory]]`` line dicts, among them ``<sector>.other`` lines with
        ``emissions`` as a pint quantity in t CO2e/yr (the observed sector totals).
    municipalities : iterable of str, optional
        The codes to refine (default: every municipality in ``lines``).

    Returns
    -------
    lines : list of dict
        The lines in the same order, each ``.other`` line lowered by the base-year
        CO2e of the lines carved out of it (:data:`CARVED_FROM`), the activity lines
        of each municipality after its last line. Lines + remainder = the observed
        total in every sector. Where the carved lines would exceed the observed
        total (or the total is negative), they are scaled down so the remainder is
        0, and the scaling is written in their note and logged. Every added line is
        flagged ``estimate = True``.
    shares : dict
        ``{(code, sector): {other_sector: share}}``: the base-year CO2e carved out of a
        sector's total into lines of another sector, as a share of that total (for
        :func:`split_observations`).

    Examples
    --------
    >>> from capf.units import ureg
    >>> lines = [{"municipality": "340", "source": s,
    ...           "emissions": ureg.Quantity(v, "t CO2e/yr")}
    ...          for s, v in (("energy.other", 42805.0), ("transport.other", 76420.0))]
    >>> out = refine(lines)
    >>> sorted({x["source"] for x in out})[:2]
    ['buildings.individual_heating.natural_gas_boiler', 'buildings.individual_heating.oil_boiler']
    """
    codes = None if municipalities is None else {str(c) for c in municipalities}
    out = [dict(x) for x in lines]
    others: dict[tuple[str, str], int] = {}
    last: dict[str, int] = {}
    for i, x in enumerate(out):
        code = str(x.get("municipality"))
        last[code] = i
        if str(x.get("source", "")).endswith(".other") and _tonnes(x.get("emissions")) is not None:
            others[(code, x["source"])] = i
    added: dict[str, list[dict]] = {}
    shares: dict[tuple[str, str], dict[str, float]] = {}
    factor: dict[str, float] = {}
    for code in last:
        if codes is not None and code not in codes:
            continue
        by_remainder: dict[str, list[tuple[dict, float]]] = {}
        for line, co2e in _candidates(code, factor):
            remainder = CARVED_FROM[line["source"]]
            if (code, remainder) in others:  # nothing to carve from: leave the line out
                by_remainder.setdefault(remainder, []).append((line, co2e))
        new = []
        for remainder, items in by_remainder.items():
            i = others[(code, remainder)]
            observed = _known_tonnes(out[i]["emissions"])
            carved = sum(c for _, c in items)
            k = 1.0
            if carved > observed:
                k = max(observed, 0.0) / carved if carved > 0 else 0.0
                logger.info("municipality %s: the activity lines carved out of %s (%.1f t "
                               "CO2e) exceed its observed %.1f t; scaled by %.4f", code,
                               remainder, carved, observed, k)
            for line, _ in items:
                if k != 1.0:
                    line = _scaled(line, k)
                    line["note"] += (f"; scaled by {k:.6f} so that it does not exceed the "
                                     f"observed {remainder} ({observed:.1f} t CO2e)")
                new.append(line)
            rest = 0.0 if (k != 1.0 and observed > 0) else observed - carved * k
            origin = remainder.split(".")[0]
            for line, c in items:
                target = line["source"].split(".")[0]
                if target != origin and observed > 0 and k > 0:
                    share = shares.setdefault((code, origin), {})
                    share[target] = share.get(target, 0.0) + c * k / observed
            out[i]["emissions"] = _quantity(rest, "t CO2e/yr")
            out[i]["note"] = (str(out[i].get("note") or "")
                              + f"; minus the activity lines carved out of it "
                                f"({carved * k:.1f} t CO2e in {_BASE_YEAR})")
        added[code] = new
    result = []
    for i, x in enumerate(out):
        result.append(x)
        code = str(x.get("municipality"))
        if last.get(code) == i:
            result += added.get(code, [])
    return result, shares
