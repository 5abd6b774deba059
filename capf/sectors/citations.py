"""Citations shared by the sector modules (see capf/data/PROVENANCE.md)."""

from .base import Citation

BR18_TABLE8 = Citation(
    "Bygningsreglementet BR18, Bilag 2, Tabel 8 (emission factors for building LCA)",
    "Tabel 8; the regulation says to interpolate linearly between the listed years",
    "https://bygningsreglementet.dk/Bilag/B2/Bilag_2/Tabel_8",
    "bundled as capf/data/ef_electricity_districtheat_gas_br18_bilag2_tabel8.csv; "
    "capf holds the 2023 value before 2023 and the 2040 value after 2040",
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
