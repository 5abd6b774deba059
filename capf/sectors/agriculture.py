"""Agriculture: livestock (enteric fermentation, manure management), N applied to soils, liming.

Livestock sources are measured in head (average annual population) per category.
No Danish Tier-2 factor (the national inventory's CH4 and N2O per head, DCE /
Aarhus University) was available to the project, and the IPCC 2006 Tier-1
livestock defaults (Vol. 4, Ch. 10) were not verified against the document, so
livestock sources have no default factor: a plan gives ``factor`` per head.

Nitrogen applied to soils is measured in tonnes of N per year (not tonnes of
fertiliser product): direct N2O with the IPCC 2006 Tier-1 EF1 (0.01 kg N2O-N
per kg N) × 44/28. Liming in tonnes of limestone or dolomite per year: CO2 with
the IPCC Tier-1 carbon fractions (0.12 and 0.13 t C per t) × 44/12. Both IPCC
values were transcribed from secondary sources (see the citations).

Every source is DK2020 sector "agriculture".
"""

from __future__ import annotations

from .base import Factor, Sector, Source, action_template
from .citations import IPCC_2006_EF1, IPCC_2006_LIMING

_N2O_PER_N = 0.01 * 44 / 28     # kg N2O per kg N: EF1 (kg N2O-N / kg N) × 44/28
_C_TO_CO2 = 44 / 12

_LIVESTOCK = {
    # id: (label, enteric CRF code, manure CRF code)
    "dairy_cattle": ("dairy cattle", "3.A.1 (cattle: dairy)", "3.B.1 (cattle: dairy)"),
    "other_cattle": ("other (non-dairy) cattle", "3.A.1 (cattle: non-dairy)",
                     "3.B.1 (cattle: non-dairy)"),
    "pigs": ("pigs (swine)", "3.A.3", "3.B.3"),
    "sheep": ("sheep", "3.A.2", "3.B.2"),
}
_NO_TIER2 = ("No Danish Tier-2 figure for {what} of {label} was available (the national "
             "inventory's per-head factor, DCE / Aarhus University)")


def _enteric(key: str) -> Source:
    label, ipcc, _ = _LIVESTOCK[key]
    return Source(
        f"agriculture.enteric_fermentation.{key}",
        f"Enteric fermentation: {label}",
        "head",
        service="livestock",
        ipcc=ipcc,
        dk2020_sector="agriculture",
        gases=("CH4",),
        description=f"CH4 from the digestion of {label}; activity = average annual number of "
                    "animals (head).",
        notes=(_NO_TIER2.format(what="enteric CH4", label=label) + "; the IPCC 2006 Tier-1 "
               "default (Vol. 4, Ch. 10, Tables 10.10/10.11) was not verified against the "
               "document: no default. Give 'factor', e.g. { CH4 = '<value> kg/head/yr' }.",),
    )


def _manure(key: str) -> Source:
    label, _, ipcc = _LIVESTOCK[key]
    return Source(
        f"agriculture.manure_management.{key}",
        f"Manure management: {label}",
        "head",
        service="livestock",
        ipcc=ipcc,
        dk2020_sector="agriculture",
        gases=("CH4", "N2O"),
        description=f"CH4 and direct N2O from storing and handling the manure of {label}; "
                    "activity = average annual number of animals (head).",
        notes=(_NO_TIER2.format(what="manure CH4 and N2O", label=label) + "; the IPCC Tier-1 "
               "values depend on climate and the manure system and none was sourced: no "
               "default. Give 'factor', e.g. { CH4 = '<value> kg/head/yr', "
               "N2O = '<value> kg/head/yr' }.",),
    )


def _n_applied(name: str, label: str, ipcc: str, note: str) -> Source:
    return Source(
        f"agriculture.soils.{name}",
        f"Agricultural soils: {label}",
        "t/yr",
        (Factor("N2O", _N2O_PER_N, "kg/kg", IPCC_2006_EF1),),
        service="nitrogen applied",
        ipcc=ipcc,
        dk2020_sector="agriculture",
        gases=("N2O",),
        description=f"Direct N2O from {label}; activity = tonnes of N applied per year.",
        notes=("No Danish Tier-2 N2O factor was available; the default is the IPCC 2006 "
               "Tier-1 EF1 = 0.01 kg N2O-N per kg N × 44/28 = 0.0157 kg N2O per kg N (value "
               "transcribed from secondary sources; not checked against the primary "
               "document). Direct N2O only: indirect N2O from volatilisation and leaching "
               "(3.D.b) is not included.", note),
    )


def _liming(name: str, label: str, c_per_t: float, ipcc: str) -> Source:
    return Source(
        f"agriculture.liming.{name}",
        f"Liming: {label}",
        "t/yr",
        (Factor("CO2", c_per_t * _C_TO_CO2, "t/t", IPCC_2006_LIMING),),
        service="lime applied",
        ipcc=ipcc,
        dk2020_sector="agriculture",
        gases=("CO2",),
        description=f"CO2 from {label} applied to soils; activity = tonnes applied per year.",
        notes=(f"No Danish Tier-2 figure was available; the default is the IPCC 2006 Tier-1 "
               f"factor {c_per_t:g} t C per t × 44/12 (all carbonate carbon emitted; value "
               "transcribed from secondary sources; not checked against the primary "
               "document).",),
    )


#: Agriculture: its own CCTF group.
SECTOR = Sector(
    "agriculture", label="agriculture", label_da="landbrug", colour="#F0E442", iamc="Agriculture",
    cctf="agriculture", order=40,
)

SOURCES = (
    *(_enteric(k) for k in _LIVESTOCK),
    *(_manure(k) for k in _LIVESTOCK),
    _n_applied("synthetic_fertiliser_n", "synthetic (mineral) N fertiliser", "3.D.a.1",
               "Activity is the N content, not the mass of fertiliser product."),
    _n_applied("manure_n_applied", "animal manure N applied to soils", "3.D.a.2.a",
               "Activity is the manure N applied after the losses in manure management "
               "(3.B), which are counted there."),
    _liming("limestone", "limestone (CaCO3)", 0.12, "3.G.1"),
    _liming("dolomite", "dolomite (CaMg(CO3)2)", 0.13, "3.G.2"),
    Source("agriculture.other", "Agriculture: other (emission level)", None, ipcc="3",
           dk2020_sector="agriculture",
           description="Agricultural emissions known only as totals (e.g. the Energi- og "
           "CO2-regnskab 'Landbrug' sector)."),
)

_E, _M = "agriculture.enteric_fermentation.", "agriculture.manure_management."

ACTION_TEMPLATES = (
    action_template("fewer_dairy_cattle", "reduce", "Fewer dairy cattle: a share of the herd "
                    "removed.", source=_E + "dairy_cattle",
                    notes="A 'reduce' acts on one source: add the same action on "
                    f"{_M}dairy_cattle (and on the manure N applied) so that manure falls "
                    "with the herd."),
    action_template("feed_additive_dairy", "decarbonise", "Feed additives that lower the "
                    "enteric CH4 per dairy cow.", source=_E + "dairy_cattle",
                    notes="The new factor per head comes from the additive's documented "
                    "effect; none is sourced here."),
    action_template("manure_to_biogas", "decarbonise", "Send pig slurry to a biogas plant "
                    "(less CH4 from storage).", source=_M + "pigs",
                    notes="The new factor per head depends on the plant and storage time; "
                    "none is sourced here. The biogas itself is an energy-sector matter."),
    action_template("less_synthetic_n", "reduce", "Less mineral N fertiliser (better "
                    "utilisation of manure N, precision farming).",
                    source="agriculture.soils.synthetic_fertiliser_n"),
)
