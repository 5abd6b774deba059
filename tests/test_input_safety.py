"""Issue 14: inputs give a right number or a clear error (file, field, exit 2), never a hang."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import capf
from capf.cli import main
from capf.plan.quantity import MAX_QUANTITY_CHARS, parse_quantity

EXAMPLE_TEXT = None


def _example(tmp_path, old, new, name="plan.toml"):
    from conftest import EXAMPLE

    text = EXAMPLE.read_text(encoding="utf-8")
    if old is not None:
        assert old in text, old
        text = text.replace(old, new, 1)
    else:
        text += new
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _check(capsys, path, *extra, command="check"):
    code = main([command, str(path), *extra])
    err = capsys.readouterr().err
    return code, err


# ---- the quantity grammar ---------------------------------------------------------------

@pytest.mark.parametrize("text, written", [
    ("2 000 ha", "2000 ha"), ("2000,5 ha", "2000.5 ha"), ("2,5 ha", "2.5 ha"), ("0,5", "0.5"),
    ("1.000,5 kt CO2e/yr", "1000.5 kt CO2e/yr"), ("1.000.000 ha", "1000000 ha"),
    ("2,000 ha", "2.000 ha"),
])
def test_danish_number_forms_are_rejected_with_the_written_form(text, written):
    with pytest.raises(ValueError, match=re.escape(f"write {written}") + ".*a decimal point, "
                       "no thousands separators"):
        parse_quantity(text)


@pytest.mark.parametrize("text, pattern", [
    ("9**9**9 ha", "one power per unit"), ("10**10**3 ha", "one power per unit"),
    ("ha**99", "starts with a number"), ("5 ha**99", "at most 12"),
    ("50 % %", "'%' may appear once"), ("1e-400 ha", "too small"), ("1e400 ha", "out of range"),
    ("ha", "starts with a number"), ("2*3 ha", "no arithmetic"), ("2 ha*", "incomplete"),
    ("5 ((((ha))))", "parentheses"), ("5 (ha", "incomplete"), ("nan ha", "finite"),
    ("5 banana", "unknown unit"),
])
def test_bad_quantities(text, pattern):
    with pytest.raises(ValueError, match=pattern):
        parse_quantity(text)


def test_long_quantity_is_refused_quickly():
    with pytest.raises(ValueError, match=f"at most {MAX_QUANTITY_CHARS} characters"):
        parse_quantity("1" * 100_000 + " ha")


@pytest.mark.parametrize("text, value, unit", [
    ("2000 ha", 2000.0, "ha"), ("-5 %/yr", -5.0, "%/yr"), ("1e3 MWh/yr", 1000.0, "MWh/yr"),
    ("309 km**2", 309.0, "km**2"), ("1.5 km²", 1.5, "km**2"), ("1.5 CO2e·kt/a", 1.5, "kt CO2e/yr"),
    ("0.6", 0.6, ""), ("5 1/yr", 5.0, "1/yr"), ("3 kg/(ha*yr)", 3.0, "kg/ha/yr"),
])
def test_good_quantities(text, value, unit):
    q = parse_quantity(text)
    assert q.magnitude == value
    assert q.units == capf.units.ureg.Unit(unit)


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e30, max_value=1e30))
def test_any_float_written_by_python_reads_back(x):
    if x != 0 and abs(x) < 2.3e-308:
        return
    assert parse_quantity(f"{x!r} ha").magnitude == x


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 .,eE+-*/^()%haMWkt", max_size=40))
def test_any_short_string_parses_or_raises_value_error(text):
    try:
        q = parse_quantity(text)
    except ValueError:
        return
    assert abs(float(q.magnitude)) <= 1e30


# ---- every case of issue 14 through the command line: exit 2, file and field ------------

DRIVER = '\n[[driver]]\nname = "d"\nsource = "buildings.*"\n'
CASES = [
    # (id, old, new (None: append to the file), field, message pattern)
    ("thousands_space", '"2000 ha"', '"2 000 ha"', r"inventory\[1\]\.activity", "write 2000 ha"),
    ("decimal_comma", '"2000 ha"', '"2000,5 ha"', r"inventory\[1\]\.activity", "write 2000.5 ha"),
    ("small_comma", '"2000 ha"', '"2,5 ha"', r"inventory\[1\]\.activity", "write 2.5 ha"),
    ("share_comma", 'share = "50 %"', 'share = "0,5"', r"action\[1\]\.share", "write 0.5"),
    ("danish_thousands", '"25 kt CO2e/yr"', '"1.000,5 kt CO2e/yr"', r"inventory\[3\]\.emissions",
     "write 1000.5 kt CO2e/yr"),
    ("power_tower", '"2000 ha"', '"9**9**9 ha"', r"inventory\[1\]\.activity", "one power"),
    ("power_overflow", '"2000 ha"', '"10**10**3 ha"', r"inventory\[1\]\.activity", "one power"),
    ("long", '"2000 ha"', '"' + "1" * 100_000 + ' ha"', r"inventory\[1\]\.activity",
     "at most 200 characters"),
    ("discount_negative", 'gwp = "AR5GWP100"', 'gwp = "AR5GWP100"\ndiscount_rate = "-50 %"',
     r"plan\.discount_rate", "between 0 % and 100 %"),
    ("reduction_2000", 'reduction = "70 %"', "reduction = 2000", r"target\[1\]\.reduction",
     "between 0 % and 200 %"),
    ("negative_baseline", '"160 kt CO2e/yr"', '"-160 kt CO2e/yr"', r"baseline\[1\]\.emissions",
     "non-negative reference level"),
    ("percent_twice", 'share = "50 %"', 'share = "50 % %"', r"action\[1\]\.share",
     "'%' may appear once"),
    ("underflow", '"2000 ha"', '"1e-400 ha"', r"inventory\[1\]\.activity", "too small"),
    ("bare_unit", '"2000 ha"', '"ha"', r"inventory\[1\]\.activity", "starts with a number"),
    ("efficiency_true", 'activity = "5000 MWh/yr"', 'activity = "5000 MWh/yr"\nefficiency = true',
     r"inventory\[2\]\.efficiency", "not numbers"),
    ("estimate_one", 'activity = "5000 MWh/yr"', 'activity = "5000 MWh/yr"\nestimate = 1',
     r"inventory\[2\]\.estimate", "boolean"),
    ("emissions_empty", 'emissions = "25 kt CO2e/yr"', "emissions = {}",
     r"inventory\[3\]\.emissions", "empty table"),
    ("action_twice", 'actions = ["rewet_lowland", "heat_pumps"]',
     'actions = ["rewet_lowland", "heat_pumps", "heat_pumps"]', r"scenario\[2\]\.actions\[3\]",
     "listed twice"),
    ("index_year_negative", None, DRIVER + "index = { -5 = 1.0, 2023 = 1.0 }\n",
     r"driver\[1\]\.index\.-5", "between 1800 and 2200"),
    ("index_year_99999", None, DRIVER + "index = { 2023 = 1.0, 99999 = 2.0 }\n",
     r"driver\[1\]\.index\.99999", "between 1800 and 2200"),
    ("decarbonise_negative", None, '\n[[action]]\nname = "dc"\nkind = "decarbonise"\n'
     'carrier = "electricity"\nfactor = "-1 kg CO2e/kWh"\nstart = 2024\nfull = 2030\n',
     r"action\[3\]\.factor", "non-negative factor"),
    ("power_for_energy", '"5000 MWh/yr"', '"5 MW"', r"inventory\[2\]\.activity",
     r"5 MW all year round is 43830 MWh/yr; write the yearly energy, e.g. '12000 MWh/yr'"),
    ("rate_1e29", None, DRIVER + 'rate = "1e29 %/yr"\n', r"driver\[1\]\.rate",
     "at most 100 %/yr"),
    ("nul_in_name", 'name = "Example"', 'name = "Ex\\u0000ample"', r"municipality\[1\]\.name",
     "U\\+0000 \\(NUL\\)"),
    ("esc_in_code", 'code = "999"', 'code = "9\\u001b99"', r"municipality\[1\]\.code",
     "U\\+001B \\(ESC\\)"),
    ("investment_without_rate", 'share = "50 %"',
     'share = "50 %"\ninvestment = "25 MDKK"\nlifetime = 20\nprice_year = 2023',
     r"plan\.discount_rate", "give \\[plan\\] discount_rate"),
    ("nested_deep", "[plan]", "x = " + "[" * 1000 + "]" * 1000 + "\n[plan]", r"\(plan\)",
     "nested too deep"),
    ("provenance_by_hand", 'gwp = "AR5GWP100"', 'gwp = "AR5GWP100"\nprovenance = { a = 1 }',
     r"plan\.provenance", "written by capf"),
]


@pytest.mark.parametrize("old, new, field, pattern", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_issue_cases_exit_2_naming_file_and_field(tmp_path, capsys, old, new, field, pattern):
    path = _example(tmp_path, old, new)
    code, err = _check(capsys, path)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert lines and all(x.startswith(f"error: {path}: ") for x in lines), err
    assert any(re.match(f"error: {re.escape(str(path))}: {field}: .*{pattern}", x)
               for x in lines), err


def test_bom_is_accepted(tmp_path, capsys):
    from conftest import EXAMPLE

    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    assert main(["check", str(path)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_only_regular_files_are_read(tmp_path, capsys, kind):
    import os

    if kind == "fifo":
        path = tmp_path / "plan.toml"
        os.mkfifo(path)
    elif kind == "device":
        path = "/dev/zero"
    else:
        path = tmp_path
    code, err = _check(capsys, path)
    assert code == 2
    assert re.match(rf"error: {re.escape(str(path))}: \(plan\): expected a (regular )?plan file",
                    err), err


def test_unreadable_file(tmp_path, capsys, monkeypatch, example_path):
    import os

    real = os.open

    def refuse(path, *a, **k):
        if str(path) == str(example_path):
            raise PermissionError(13, "Permission denied")
        return real(path, *a, **k)

    monkeypatch.setattr(os, "open", refuse)
    code, err = _check(capsys, example_path)
    assert code == 2
    assert f"error: {example_path}: (plan): cannot read the file: Permission denied" in err


@pytest.mark.parametrize("seed", ["-5", str(2**64), "abc"])
def test_seed_checked_before_any_work(tmp_path, capsys, monkeypatch, example_path, seed):
    import capf.cli

    monkeypatch.setattr(capf.cli, "_cmd_run", lambda args: pytest.fail("ran"))
    with pytest.raises(SystemExit) as ei:
        main(["run", str(example_path), "--out", str(tmp_path), "--samples", "10",
              "--seed", seed])
    assert ei.value.code == 2
    assert "--seed" in capsys.readouterr().err


def test_too_many_scenarios_are_refused_before_validation(tmp_path, capsys):
    import time

    scen = "".join(f'\n[[scenario]]\nname = "s{i}"\n' for i in range(100_000))
    path = _example(tmp_path, None, scen)
    t = time.process_time()
    code, err = _check(capsys, path)
    assert code == 2
    assert re.search(r"scenario: 100002 \[\[scenario\]\] tables; a plan may have at most 200",
                     err), err
    assert time.process_time() - t < 60  # (a generous bound; it used to take > 300 s)


def test_compile_refuses_a_plan_too_large_before_allocating(monkeypatch):
    import capf.compile

    monkeypatch.setattr(capf.compile, "_memory_limit", lambda: 1000)
    monkeypatch.setattr(capf.compile.np, "zeros", lambda *a, **k: pytest.fail("allocated"))
    with pytest.raises(capf.PlanError, match=r"municipality: this plan's arrays need about"):
        capf.compile_plan(capf.testing.example_plan())


def test_drivers_that_overflow_are_an_error_at_check(tmp_path, capsys):
    text = ('[plan]\nname = "x"\nbase_year = 1800\nend_year = 2200\n[[municipality]]\n'
            'code = "1"\n[[inventory]]\nsource = "buildings.individual_heating.oil_boiler"\n'
            'activity = "5000 MWh/yr"\n[[scenario]]\nname = "bau"\n'
            + "".join(f'[[driver]]\nname = "d{i}"\nsource = "buildings.*"\nrate = "100 %/yr"\n'
                      for i in range(3)))
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    code, err = _check(capsys, path)
    assert code == 2
    assert re.match(rf"error: {re.escape(str(path))}: driver\[1\]\.rate: the drivers of "
                    r"'buildings.individual_heating.oil_boiler' \(driver\[1\].rate, "
                    r"driver\[2\].rate, driver\[3\].rate\) multiply beyond 1e308", err), err


def test_engine_raises_on_non_finite_results_naming_the_inputs():
    import dataclasses

    import numpy as np

    plan = capf.testing.example_plan()
    model = capf.compile_plan(plan)
    driver = model.driver.copy()
    j = model.sources.index("transport.other")
    driver[:, j, 12:, :] = np.inf  # engine layout [K, S, T, M]
    bad = dataclasses.replace(model, driver=driver)
    with pytest.raises(capf.CapfError, match=r"the projection is not finite \(CO2e of source "
                       r"'transport.other' in municipality '999', "
                       r"scenario 'bau', from 2035 on\): the inputs that reach it "
                       r"\(inventory\[3\]\.emissions\)") as ei:
        capf.engine.run(bad)
    assert ei.value.field == "inventory[3].emissions"
    capf.engine.run(model)  # the model as compiled is fine


def test_assessment_errors_name_file_and_field(tmp_path, capsys, example_path):
    text = example_path.read_text(encoding="utf-8").replace(
        'emissions = "160 kt CO2e/yr"', 'backcast = "edgar"')
    text += ('\n[[national_series]]\nseries = "edgar"\nsector = "lowland_soils"\n'
             'values = { 1990 = 1.0, 2023 = 1.0 }\n')
    path = tmp_path / "b.toml"
    path.write_text(text, encoding="utf-8")
    code = main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert re.match(rf"error: {re.escape(str(path))}: baseline\[1\]\.backcast: national series "
                    r"'edgar' has no sector", err), err


def test_multi_file_runs_name_the_file_that_failed(tmp_path, capsys, example_path):
    good = tmp_path / "good.toml"
    good.write_text(example_path.read_text(encoding="utf-8"), encoding="utf-8")
    bad = _example(tmp_path, 'share = "50 %"', 'share = "50 %"\ninvestment = "25 MDKK"\n'
                   'lifetime = 20\nprice_year = 2023\n', name="bad.toml")
    code = main(["check", str(good), str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == (f"error: {bad}: plan.discount_rate: action[1] has an investment; "
                           "give [plan] discount_rate (e.g. '3.5 %') to annualise it")


def test_report_into_an_unwritable_place_is_exit_2(tmp_path, capsys, example_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = main(["report", str(example_path), "--out", str(blocker / "sub"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert re.match(rf"error: {re.escape(str(example_path))}: --out: cannot write the report", err)


def test_each_problem_is_one_line(tmp_path, capsys):
    """A newline in a key or a value (allowed in notes) never splits a message line."""
    path = _example(tmp_path, 'name = "Example"', 'name = "Ex\\nample"\n"odd\\nkey" = 1')
    code, err = _check(capsys, path)
    assert code == 2
    lines = err.strip().splitlines()
    assert lines == [f"error: {path}: municipality[1].odd\\nkey: unknown key (check the "
                     "spelling; see the plan-file keys in README.md)"], err
