"""CSV tables written column by column (capf/io/_csv.py): pandas' text, byte for byte."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import capf
from capf.io._csv import csv_text
from capf.io.tables import spreadsheet_safe, write_csv


def _pandas(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


@pytest.fixture(scope="module")
def tables():
    plan = capf.datasets.denmark(municipalities=["101", "340", "851"])
    return capf.run(plan).tables


def test_every_table_of_a_run(tables):
    assert set(tables) >= {"targets", "emissions_by_sector", "gaps_by_sector"}
    fast = []
    for name, df in tables.items():
        safe = spreadsheet_safe(df)
        text = csv_text(safe)  # None: a table written by pandas
        assert text is None or text == _pandas(safe), name
        if text is not None:
            fast.append(name)
    assert {"emissions_by_sector", "gaps_by_sector", "targets"} <= set(fast)


def test_write_csv_bytes(tables, tmp_path):
    for name, df in tables.items():
        write_csv(df, tmp_path / "a.csv")
        spreadsheet_safe(df).to_csv(tmp_path / "b.csv", index=False, lineterminator="\n")
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes(), name


def test_awkward_values():
    rng = np.random.default_rng(3)
    n = 200
    floats = rng.standard_normal(n) * 10.0 ** rng.integers(-30, 30, n)
    floats[:8] = [np.nan, -0.0, np.inf, -np.inf, 1e16, 1e-5, 5e-324, 0.1]
    text = np.array(["plain", "with,comma", 'with "quote"', "line\nbreak", "cr\rhere", "",
                     " lead", "ø æ å", None, np.nan] * (n // 10), dtype=object)
    df = pd.DataFrame({"t,ext": text, "f": floats, "i": rng.integers(-5, 5, n),
                       "u": rng.integers(0, 9, n).astype("uint8"), "b": rng.random(n) < 0.5,
                       "f32": floats.astype("float32"), 'q"': ["x"] * n})
    assert csv_text(df) == _pandas(df)
    assert csv_text(df.iloc[:0]) == _pandas(df.iloc[:0])
    strings = df.astype({"t,ext": pd.StringDtype()})
    assert csv_text(strings) == _pandas(strings)


@pytest.mark.parametrize("column", [
    pd.array([1, None, -3, 2**62, 1], dtype="Int64"), pd.array([1, None, 3, 1, 1], dtype="UInt8"),
    pd.array([2**64 - 1, None, 0, 1, 1], dtype="UInt64"), pd.array([None] * 5, dtype="Int32"),
    pd.array([True, None, False, True, True], dtype="boolean")])
def test_nullable_integers_and_booleans_as_pandas_writes_them(column):
    df = pd.DataFrame({"x": np.arange(5.0), "y": column})
    assert csv_text(df) == _pandas(df)


@pytest.mark.parametrize("column", [
    pd.Categorical(["a", "b"]), pd.array([1.5, None], dtype="Float64"),
    pd.to_datetime(["2020-01-01", "2021-01-01"]), np.array(["a", 1], dtype=object)])
def test_other_kinds_left_to_pandas(column):
    assert csv_text(pd.DataFrame({"x": [1.0, 2.0], "y": column})) is None


def test_other_frames_left_to_pandas():
    assert csv_text(pd.DataFrame({"x": [1.0, 2.0]})) is None  # one column: '""' rows
    assert csv_text(pd.DataFrame({0: [1.0], 1: [2.0]})) is None  # names not text


def _repeating(n: int = 600) -> pd.DataFrame:
    """A table whose columns repeat a few values (as result tables do): each distinct text is
    made once, so -0.0 and 0.0, NaNs of other bits, and texts that escape alike must stay apart."""
    rng = np.random.default_rng(7)
    nan2 = np.frombuffer(np.uint64(0x7FF8000000000001).tobytes(), dtype=np.float64)[0]
    floats = np.array([0.0, -0.0, np.nan, nan2, 0.1, 1e16, -1069.1, 5e-324, np.inf])
    texts = np.array(["=SUM(A1)", "'=SUM(A1)", "+45", "-x", "@me", "\tt", "\rr", "ok", "a,b",
                      'q"uote', "", None], dtype=object)
    return pd.DataFrame({
        "=name": texts[rng.integers(0, len(texts), n)],
        "value": floats[rng.integers(0, len(floats), n)],
        "year": rng.integers(2023, 2051, n), "u": rng.integers(0, 3, n).astype("uint8"),
        "flag": rng.random(n) < 0.3, "f32": floats[rng.integers(0, len(floats), n)].astype("f4"),
        "unit": ["t CO2e/yr"] * n})


def test_repeated_values_written_as_pandas_writes_them():
    df = _repeating()
    assert csv_text(df) == _pandas(df)
    strings = df.astype({"=name": pd.StringDtype(), "unit": pd.StringDtype()})
    assert csv_text(strings) == _pandas(strings)


def test_escape_gives_the_text_of_the_escaped_table():
    """csv_text(df, escape=...) is the text pandas writes of spreadsheet_safe(df), and what
    write_csv writes, for object and string columns, repeated and missing values."""
    from capf.io.tables import _escape

    df = _repeating()
    for table in (df, df.astype({"=name": pd.StringDtype()}), df.iloc[:0]):
        assert csv_text(table, escape=_escape) == _pandas(spreadsheet_safe(table))
    mixed = df.assign(**{"=name": np.array(["=a", 1.5] * 300, dtype=object)})
    assert csv_text(mixed, escape=_escape) is None  # not all text: spreadsheet_safe + pandas


def test_write_csv_of_awkward_tables(tmp_path):
    df = _repeating()
    for table in (df, df.astype({"=name": "category"}),
                  df.assign(**{"=name": np.array(["=a", 1.5] * 300, dtype=object)})):
        write_csv(table, tmp_path / "a.csv")
        spreadsheet_safe(table).to_csv(tmp_path / "b.csv", index=False, lineterminator="\n")
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
