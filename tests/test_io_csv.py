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
        text = csv_text(safe)  # None: nullable columns (targets), written by pandas
        assert text is None or text == _pandas(safe), name
        if text is not None:
            fast.append(name)
    assert {"emissions_by_sector", "gaps_by_sector"} <= set(fast)


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
    pd.Categorical(["a", "b"]), pd.array([1, None], dtype="Int64"),
    pd.to_datetime(["2020-01-01", "2021-01-01"]), np.array(["a", 1], dtype=object),
    pd.array([True, None], dtype="boolean")])
def test_other_kinds_left_to_pandas(column):
    assert csv_text(pd.DataFrame({"x": [1.0, 2.0], "y": column})) is None


def test_other_frames_left_to_pandas():
    assert csv_text(pd.DataFrame({"x": [1.0, 2.0]})) is None  # one column: '""' rows
    assert csv_text(pd.DataFrame({0: [1.0], 1: [2.0]})) is None  # names not text
