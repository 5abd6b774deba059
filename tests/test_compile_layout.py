"""The layout of COMPILE: one table of action kinds, a compile function per kind, and the
targets in plain t CO2e that ASSESS reads."""

import pathlib
import re

import pytest

import capf
import capf.compile
from capf.compile.actions import COMPILE
from capf.engine.model import ACTION_KINDS as ENGINE_KINDS
from capf.plan.actions import ACTION_KINDS, Action

ROOT = pathlib.Path(capf.__file__).parent


def test_every_plan_kind_has_a_compile_function_and_known_engine_kinds():
    assert set(COMPILE) == set(ACTION_KINDS)
    for kind, spec in ACTION_KINDS.items():
        assert callable(COMPILE[kind]), kind
        assert spec.engine and set(spec.engine) <= set(ENGINE_KINDS), kind
        assert set(spec.needs) <= set(spec.takes), kind
        assert spec.effect in spec.takes, kind
    # every engine kind is reached from some plan kind
    assert {e for s in ACTION_KINDS.values() for e in s.engine} == set(ENGINE_KINDS)


def test_action_kind_literal_comes_from_the_table():
    assert Action.model_fields["kind"].annotation.__args__ == tuple(ACTION_KINDS)


def test_sector_templates_use_kinds_of_the_table():
    for t in capf.sectors.ACTION_TEMPLATES:
        assert t["kind"] in ACTION_KINDS, t["name"]


def test_public_names_of_compile():
    for name in ("compile_plan", "default_factor", "carrier_factor", "CARRIER_UNIT",
                 "compile_cached"):
        assert hasattr(capf.compile, name), name
    assert capf.api.compile_cached is capf.compile.compile_cached


def test_compile_plan_is_short():
    src = (ROOT / "compile" / "__init__.py").read_text()
    body = src.split("def compile_plan", 1)[1].split("\ndef ", 1)[0]
    assert body.count("\n") < 80


def test_compiled_targets_are_plain_t_co2e():
    d = capf.testing.example_plan_dict()
    d["budget"] = [{"name": "b", "start": 2023, "amount": "500 kt CO2e"}]
    d["target"].append({"name": "abs", "year": 2040, "level": "10 kt CO2e/yr"})
    plan = capf.Plan.model_validate(d)
    ct = capf.compile.compiled_targets(plan)
    assert ct is capf.compile.compiled_targets(plan)
    assert ct.budget_amount == (500_000.0,) and ct.budget_national_amount == (None,)
    assert ct.target_level[-1] == 10_000.0
    assert ct.baseline_level == (160_000.0,)
    assert ct.gwp_set == "AR5GWP100" and ct.gwp["AR5GWP100"]["CH4"] == 28.0


def test_assess_uses_no_units():
    for p in (ROOT / "assess").glob("*.py"):
        text = p.read_text()
        assert not re.search(r"\bureg\b|\bpint\b|units import|co2e_amount|co2e_total", text), p
        assert ".level()" not in text and "level_value()" not in text, p
        assert 'get("gwp_context", "AR5GWP100")' not in text, p


def test_a_gas_scope_without_a_gwp_set_is_an_error_naming_it():
    plan = capf.testing.example_plan()
    ds = capf.project(plan)
    del ds.attrs["gwp_context"]
    from capf.assess.levels import scoped_by_sector

    with pytest.raises(capf.errors.AssessmentError, match=r"gwp_context"):
        scoped_by_sector(ds, (None, ("CO2",)))
