import copy
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))  # helpers such as tests/fuzzing.py
EXAMPLE = ROOT / "scenarios" / "examples" / "rewetting_and_heat_pumps.toml"


@pytest.fixture
def example_dict():
    import capf

    return capf.testing.example_plan_dict()


@pytest.fixture
def example_path():
    return EXAMPLE


@pytest.fixture
def write_plan(tmp_path):
    """Write a plan dict (or raw text) as a TOML file and return its path."""

    def _write(content, name="plan.toml"):
        p = tmp_path / name
        if isinstance(content, (bytes, bytearray)):
            p.write_bytes(content)
        elif isinstance(content, str):
            p.write_text(content, encoding="utf-8")
        else:
            p.write_text(to_toml(content), encoding="utf-8")
        return p

    return _write


def _toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f'"{k}" = {_toml_value(x)}' for k, x in v.items()) + " }"
    raise TypeError(type(v))


def to_toml(d: dict) -> str:
    """Minimal TOML writer for test plans (tables and arrays of tables)."""
    d = copy.deepcopy(d)
    lines = []
    for key, value in d.items():
        if isinstance(value, dict):
            lines.append(f"[{key}]")
            lines += [f'"{k}" = {_toml_value(v)}' for k, v in value.items()]
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            for item in value:
                lines.append(f"[[{key}]]")
                lines += [f'"{k}" = {_toml_value(v)}' for k, v in item.items()]
        else:
            lines.insert(0, f'"{key}" = {_toml_value(value)}')
        lines.append("")
    return "\n".join(lines)
