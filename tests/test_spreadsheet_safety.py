"""Text that reaches a spreadsheet is data (issue 15): no formula from plan text.

results.xlsx: every text cell a string cell (never a formula or error value);
CSV: text cells starting with ``= + - @``, tab or CR prefixed by ``'`` (OWASP).
Numbers stay numbers, negative ones included. (Names cannot start with a tab or CR:
the plan strips surrounding white space; the CSV helper escapes them all the same.)
"""

import csv
import json

import openpyxl
import pandas as pd
import pytest
from conftest import to_toml
from hypothesis import given
from hypothesis import strategies as st

import capf
from capf.cli import main
from capf.io.tables import FORMULA_START, _escape, spreadsheet_safe

HOSTILE = {
    "municipality": '=HYPERLINK("http://x","y")',
    "scenario": "=cmd|' /C calc'!A0",
    "target": "@SUM(1+1)",
    "code": "+45",
    "budget": "-2+3",
    "error": "#N/A",
}


def _hostile_plan(tmp_path):
    d = json.loads(json.dumps(capf.testing.example_plan_dict()).replace('"999"', '"+45"'))
    d["municipality"][0]["name"] = HOSTILE["municipality"]
    d["scenario"][1]["name"] = HOSTILE["scenario"]
    d["target"][0]["name"] = HOSTILE["target"]
    d["budget"] = [{"name": HOSTILE["budget"], "start": 2023, "amount": "1000 kt CO2e"}]
    d["target"][1]["name"] = HOSTILE["error"]
    p = tmp_path / "hostile.toml"
    p.write_text(to_toml(d), encoding="utf-8")
    return p


def test_hostile_names_are_text_in_xlsx_and_csv(tmp_path):
    plan = _hostile_plan(tmp_path)
    out = tmp_path / "out"
    assert main(["run", str(plan), "--out", str(out), "--quiet", "--xlsx", "--iamc"]) == 0
    wb = openpyxl.load_workbook(out / "results.xlsx")
    texts, negative_numbers = set(), 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert cell.data_type != "e", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    texts.add(cell.value)
                elif isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    assert cell.data_type == "n"
                    negative_numbers += cell.value < 0
    # shown as the very text the planner wrote
    for key in ("municipality", "code", "scenario", "target", "budget", "error"):
        assert HOSTILE[key] in texts, key
    assert negative_numbers > 0  # gaps below target stay numbers
    seen, negative_in_csv = set(), 0
    for f in out.glob("*.csv"):
        with open(f, newline="", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell.startswith(("=", "@", "+", "\t", "\r")), (f.name, cell)
                    if cell.startswith("-"):
                        float(cell)  # only numbers start with a minus
                        negative_in_csv += 1
                    if cell.startswith("'"):
                        seen.add(cell[1:])
    for key in ("municipality", "code", "scenario", "target", "budget"):
        assert HOSTILE[key] in seen, key
    assert negative_in_csv > 0


def test_frame_helper_escapes_text_only():
    df = pd.DataFrame({"name": ["=1+1", "plain", None, "-x", "@a", "\rb", "'q"],
                       "value": [-1.5, 2.0, -3.0, 0.0, 1.0, -0.0, 5.0],
                       "n": pd.array([1, -2, None, 4, 5, 6, 7], dtype="Int64")})
    safe = spreadsheet_safe(df)
    assert list(safe["name"][:2]) == ["'=1+1", "plain"] and pd.isna(safe["name"][2])
    assert list(safe["name"][3:]) == ["'-x", "'@a", "'\rb", "'q"]
    pd.testing.assert_series_equal(safe["value"], df["value"])
    pd.testing.assert_series_equal(safe["n"], df["n"])
    assert list(df["name"][:1]) == ["=1+1"]  # the caller's frame is left alone


@given(st.lists(st.text(max_size=8), min_size=1, max_size=6))
def test_escaped_text_never_starts_a_formula_and_round_trips(values):
    safe = spreadsheet_safe(pd.DataFrame({"x": values}))["x"]
    for original, written in zip(values, safe, strict=True):
        assert not written.startswith(FORMULA_START)
        back = written[1:] if original.startswith(FORMULA_START) else written
        assert back == original


@pytest.mark.parametrize("values", [["", "=", "\x00"], ["", "=", "\x00", "a\x00b", "a", "=\x00"],
                                    ["a", "a\x00b", "\x00", "", "-"]])
def test_text_with_nul_characters_is_kept_whole(tmp_path, values):
    # pandas 2's factorize may cut object strings at a NUL (['', '=', '\x00'] gave the
    # codes [0, 1, 0]): escaping and writing take each distinct text only when it is the
    # value itself (found by the round-trip property above)
    from capf.io.tables import write_csv

    safe = spreadsheet_safe(pd.DataFrame({"x": values}))["x"]
    assert list(safe) == [_escape(v) for v in values]
    df = pd.DataFrame({"x": values, "v": [1.0] * len(values)})
    write_csv(df, tmp_path / "t.csv")
    expected = df.assign(x=[_escape(v) for v in values]).to_csv(index=False,
                                                                lineterminator="\n")
    assert (tmp_path / "t.csv").read_text() == expected
