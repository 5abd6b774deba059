"""Citations shared by the sector modules (see capf/data/PROVENANCE.md)."""

from .base import Citation

BR18_TABLE8 = Citation(
    "Bygningsreglementet BR18, Bilag 2, Tabel 8 (emission factors for building LCA)",
    "Tabel 8; the regulation says to interpolate linearly between the listed years",
    "https://bygningsreglementet.dk/Bilag/B2/Bilag_2/Tabel_8",
    "bundled as capf/data/ef_electricity_districtheat_gas_br18_bilag2_tabel8.csv; "
    "capf holds the 2023 value before 2023 and the 2040 value after 2040",
)

HB2016_NATURAL_GAS = Citation(
    "Håndbog for energikonsulenter HB2016, table 9.3.1 'Brændværdier og CO2 emissionsfaktorer'",
    "row 'Naturgas': 0.204 kg CO2/kWh (combustion CO2 of natural gas)",
    "https://hbemo.dk/haandbog-for-energikonsulenter-hb2016-2018/vejledende-tekniske-anvisninger-i-tabelform/braendsel/braendvaerdier-og-co2-emissionsfaktorer",
    "bundled as capf/data/ef_fuels_energy_carriers_hb2016_energikonsulenter.csv",
)

KF25_LULUCF = Citation(
    "KF25 LULUCF data sheet (DCE / IGN, KEFM 2025), carbon-rich agricultural soils: CO2 of "
    "cropland and grassland on carbon-rich soil (Udledninger_kulstofpuljer, Tabel 2) and CH4 "
    "from their drainage (LULUCF_totaler_NonCO2_AR5, Tabel 2) ÷ their area (LULUCF_arealer, "
    "Tabel 3, 'I alt, > 6 % OC'), 2023",
    "derived: the national area-weighted average, an estimate (capf/data/PROVENANCE.md, "
    "derived value 6); CH4 given in CO2e under AR5",
    "https://www.kefm.dk/Media/638815969858642768/KF25%20LULUCF%20-%20dataark.xlsx",
    "bundled as capf/data/dk_kf25_lulucf_organic_soils_1990_2050.csv",
)

HB2016_FUELS = Citation(
    "Håndbog for energikonsulenter HB2016, table 9.3.1 'Brændværdier og CO2 emissionsfaktorer'",
    "row 'Fyringsgasolie' (heating gas oil): 0.266 kg CO2/kWh",
    "https://hbemo.dk/haandbog-for-energikonsulenter-hb2016-2018/vejledende-tekniske-anvisninger-i-tabelform/braendsel/braendvaerdier-og-co2-emissionsfaktorer",
    "bundled as capf/data/ef_fuels_energy_carriers_hb2016_energikonsulenter.csv",
)

SEGES_ORGANIC_SOILS = Citation(
    "SEGES Innovation, ESGreenTool formula documentation, Marker/Organogene_jorde.md "
    "(GitHub segesdk/ESGT_formler)",
    "rules 1-5 (t per ha per year; N2O and CH4 given as CO2e with AR4 GWPs N2O 298, CH4 25)",
    "https://github.com/segesdk/ESGT_formler",
    "bundled as capf/data/ef_organic_soils_seges_esgtool.csv",
)

DEFINITION = Citation(
    "by definition",
    note="a physical identity or an accounting rule (wind and solar operation emit nothing "
    "in a territorial inventory), not an estimate",
)

DEA_INDIVIDUAL_HEATING = Citation(
    "Danish Energy Agency, Technology Data for Individual Heating Plants "
    "(technologydatafor_heating_installations_marts_2018.xlsx)",
    "as transcribed in PyPSA/technology-data outputs/costs_2020.csv "
    "(commit 000fdb7257db0783651f7bfab89b80d1438c2791)",
    "https://ens.dk/en/our-services/technology-catalogues/technology-data-individual-heating-plants",
)

DEA_HEATING_2050 = Citation(
    "Danish Energy Agency, Technology Data for Individual Heating Plants (2017), sheet "
    "'16 Electric heating', 2050",
    "as transcribed in calliope-project/euro-calliope heat-from-electricity.yaml.jinja "
    "(commit 2333b59b14352ec9ac15243a2c825a179ba4c6fd)",
    "https://ens.dk/en/our-services/technology-catalogues/technology-data-individual-heating-plants",
    "1.0 is also the physical identity of resistance heating",
)

PYPSA_OIL_BOILER = Citation(
    "PyPSA/technology-data outputs/costs_2020.csv, row 'decentral oil boiler, efficiency' = 0.9, "
    "citing Palzer (2016), PhD thesis, Fraunhofer ISE (REMod-D)",
    "commit 000fdb7257db0783651f7bfab89b80d1438c2791",
    "https://github.com/PyPSA/technology-data",
    "not a Danish figure: the Danish Energy Agency's oil-boiler value was not available to the "
    "project; give 'efficiency' on the inventory line if you know the local one",
)

HB2016_GAS_OIL_AS_DIESEL = Citation(
    HB2016_FUELS.source,
    HB2016_FUELS.location,
    HB2016_FUELS.url,
    "the HB2016 row is heating gas oil ('Fyringsgasolie'); capf uses it for diesel / marine "
    "gas oil because it is the same fuel class (gas/diesel oil), not a road- or marine-fuel "
    "figure. CO2 only: CH4 and N2O from combustion are not included",
)

_SECONDARY = "not checked against the primary document"
_IPCC_CH11 = ("https://www.ipcc-nggip.iges.or.jp/public/2006gl/pdf/4_Volume4/"
              "V4_11_Ch11_N2O&CO2.pdf")

IPCC_2006_EF1 = Citation(
    "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 4, Ch. 11",
    "Table 11.1 and Eq. 11.1: EF1 = 0.01 kg N2O-N per kg N input (Tier 1)",
    _IPCC_CH11,
    "value transcribed from secondary sources (GitHub code comments quoting 'IPCC 2006: EF1 = "
    "0.01 kg N2O-N / kg N input'; the EF1 definition as reproduced by "
    f"climate-policy-watcher.org); {_SECONDARY}. × 44/28 converts N2O-N to N2O (molar "
    "masses, a definition). Direct N2O only",
)

IPCC_2006_LIMING = Citation(
    "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 4, Ch. 11",
    "Eq. 11.12: EF 0.12 t C per t limestone, 0.13 t C per t dolomite (Tier 1; unchanged in "
    "the 2019 Refinement)",
    _IPCC_CH11,
    "value transcribed from secondary sources (a GitHub IPCC-compliance code comment '0.12 "
    "for limestone, 0.13 for dolomite'; ClimateView/transition-element-framework: 440 000 g "
    f"CO2e per t limestone under Eq. 11.12); {_SECONDARY}. × 44/12 converts C to CO2 "
    "(molar masses, a definition)",
)

WEISS_EV_2024 = Citation(
    "Weiss, Winbush, Newman & Helmers (2024), 'Energy Consumption of Electric Vehicles in "
    "Europe', Sustainability 16(17), 7529, doi:10.3390/su16177529",
    "abstract: real-world energy consumption of 342 electric cars available in Europe, "
    "21 ± 4 kWh/100 km (certified 19 ± 4)",
    "https://doi.org/10.3390/su16177529",
    "a European average, not a Danish figure: 0.21 kWh per vkm, i.e. 4,762 vkm per MWh of "
    "electricity",
)

KF25_CARS_PER_VKM = Citation(
    "derived (estimate): KF25 CRF-tabeller (KEFM, Klimastatus og -fremskrivning 2025), sheet "
    "CO2-ækv, row 1A3bi 'Road transport - Cars' 2023 = 6.69 Mt CO2e (AR5) ÷ (2,361,763 "
    "combustion cars in Denmark, DST BIL54 2026M01: 2,918,157 cars - 556,394 electric × "
    "11,288 km per car-year) = 0.2509 kg CO2e/vkm",
    "bundled as capf/data/dk_kf25_crf_selected_rows_2023_kefm.csv and "
    "dk_municipality_heating_cars_household_energy_subset_forbrugsudledninger.csv",
    "https://www.kefm.dk/Media/638815967289285807/KF25%20CRF-tabeller.xlsx",
    "one factor for petrol and diesel cars (KF25 does not split 1A3bi by fuel); the km per "
    "car-year is Statistics Norway's 2021 average (no Danish figure found), so the factor "
    "per vkm is an estimate while the CO2e per combustion car-year (2.83 t) is KF25's; "
    "the fleet is of January 2026, the emissions of 2023 (capf/data/PROVENANCE.md)",
)
