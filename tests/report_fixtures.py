"""A costed plan with observations and distributions for the report tests.

Sorø (340) from the bundled Danish data (inventory, 1990/2019 back-casts, the
observed 2024 total, scenarios bau and national_trend, Climate Act targets) plus
two actions with costs and a distribution, and a scenario with a label.
The costs and shares are ILLUSTRATIVE test inputs, not figures of any plan.
"""

PLAN_TOML = """\
[plan]
name = "Sorø: klimaplan (test)"
base_year = 2023
start_from = "denmark"
municipalities = ["340"]
discount_rate = "3.5 %"

[[action]]
name = "transport_electrification"
label = "Elektrificering af transport"
kind = "reduce"
source = "transport.other"
share = { dist = "triangular", low = "20 %", mode = "35 %", high = "50 %" }
start = 2025
full = 2035
investment = "120 MDKK"
lifetime = 15
price_year = 2024
note = "illustrative test figures"

[[action]]
name = "farm_measures"
label = "Tiltag i landbruget"
kind = "reduce"
source = "agriculture.other"
share = "15 %"
start = 2025
full = 2030
operating = "2 MDKK/yr"
price_year = 2024
note = "illustrative test figures"

[[scenario]]
name = "plan"
label = "Klimaplan"
extends = "national_trend"
actions = ["transport_electrification", "farm_measures"]
"""

#: the eight sections the issue asks for, by id
SECTIONS = ("inventory", "targets", "gaps", "sector-test", "monitoring", "uncertainty", "costs",
            "assumptions")

#: a number in a Danish table cell: 1.557,9 / -0,4 / 83,5* / 40 % / 2030
DA_NUMBER = r"-?\d{1,3}(?:\.\d{3})*(?:,\d+)?\*?(?: %)?"
#: the same in English: 1,557.9
EN_NUMBER = r"-?\d{1,3}(?:,\d{3})*(?:\.\d+)?\*?(?: %)?"


def write_plan(folder):
    path = folder / "soro_costed.toml"
    path.write_text(PLAN_TOML, encoding="utf-8")
    return path
