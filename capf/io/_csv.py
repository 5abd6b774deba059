"""A result table's CSV text, as pandas writes it, built column by column.

``DataFrame.to_csv(index=False, lineterminator="\\n")`` formats each column (floats with
numpy's ``astype(str)``, the text of Python's ``repr`` for float64; integers and booleans,
nullable ones too, with ``str``; missing values as ``""``) and hands every row to
:func:`csv.writer`. A result table repeats a few names and numbers over thousands of rows,
so here each distinct text is made and quoted once (quoted by :func:`csv.writer` itself)
and the rows are joined as strings: the same text
(``tests/test_io_csv.py`` compares it with pandas' for every table of a run) in about a
third of the time. Columns of other kinds (dates, categories, mixed objects...) return
None: the caller uses pandas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = ["csv_text"]


def factorize_text(s: pd.Series) -> tuple[np.ndarray, list] | None:
    """``pd.factorize(s)`` of a text column, checked: each value equals its distinct value
    (``uniques[codes]``), else None, and the caller takes each value as it is.

    pandas 2's factorize of object strings cuts each text at a NUL character (``"a\\x00b"``
    is taken for ``"a"``, ``"\\x00"`` for ``""``; pandas 3 is right), which would write the
    wrong text. One elementwise comparison catches that, and any other mismatch.
    """
    codes, uniques = pd.factorize(s)
    texts = list(uniques)
    seen = codes >= 0
    back = np.asarray(texts + [None], dtype=object)[codes[seen]]
    if not bool(np.all(back == s.to_numpy(dtype=object)[seen])):
        return None
    return codes, texts


def _quoted(values: list[str]) -> list[str]:
    """Each value as a field of :func:`csv.writer` (quoted where it must be)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    out = []
    for v in values:
        buf.seek(0)
        buf.truncate()
        w.writerow((v, ""))  # two fields: a lone empty field would be written '""'
        out.append(buf.getvalue()[:-2])
    return out


def _by_value(values: np.ndarray, text: Callable[[list], list[str]]) -> list[str]:
    """``text(values.tolist())``, made once per distinct value where values repeat (a result
    table repeats a few years and levels over thousands of rows). Values are told apart by
    their bits, so each distinct text (``-0.0`` and ``0.0``, each NaN) is its own."""
    bits = values.view(np.int64) if values.dtype == np.float64 else values
    codes, uniques = pd.factorize(bits)
    if len(uniques) > len(values) // 2:  # mostly distinct: the texts one by one
        return text(values.tolist())
    distinct = uniques.view(np.float64) if values.dtype == np.float64 else uniques
    return np.asarray(text(distinct.tolist()), dtype=object)[codes].tolist()


def _float_texts(values: list) -> list[str]:
    return list(map(float.__repr__, values))


def _str_texts(values: list) -> list[str]:
    return list(map(str, values))


def _fields(s: pd.Series, escape: Callable[[str], str] | None = None) -> list[str] | None:
    dtype = s.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        values = s.to_numpy()
        if dtype == np.float64:  # Python's repr: numpy's astype(str) text, twice as fast
            text = _by_value(values, _float_texts)
        else:  # (float32's shortest text is its own)
            text = values.astype(str).tolist()
        for i in np.flatnonzero(np.isnan(values)).tolist():
            text[i] = ""
        return text
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return _by_value(s.to_numpy(), _str_texts)
    if isinstance(s.array, pd.arrays.IntegerArray | pd.arrays.BooleanArray):  # Int64, boolean
        kind = "int64" if isinstance(s.array, pd.arrays.IntegerArray) else "bool"
        if kind == "int64" and dtype.kind == "u" and dtype.itemsize == 8:
            kind = "uint64"
        text = _by_value(s.to_numpy(dtype=kind, na_value=0), _str_texts)
        for i in np.flatnonzero(s.isna().to_numpy()).tolist():  # missing: pandas' ""
            text[i] = ""
        return text
    if (isinstance(dtype, np.dtype) and dtype.kind == "O") or isinstance(dtype, pd.StringDtype):
        found = factorize_text(s)
        if found is None:
            return None
        codes, texts = found
        if not all(type(t) is str for t in texts):
            return None
        if escape is not None:
            texts = [escape(t) for t in texts]
        return np.asarray(_quoted(texts) + [""], dtype=object)[codes].tolist()
    return None


def csv_text(df: pd.DataFrame, *, escape: Callable[[str], str] | None = None) -> str | None:
    """``df.to_csv(index=False, lineterminator="\\n")`` for a table of text, numbers and
    booleans with text column names; None for any other table.

    With ``escape``, each text (column names and text cells) is written as ``escape(text)``:
    the text of ``df`` with its text cells and names escaped, made once per distinct text
    (:func:`capf.io.tables.write_csv` passes the spreadsheet escape).

    Parameters
    ----------
    df : pandas.DataFrame
        A table with at least two columns.
    escape : callable, optional
        ``str -> str``, applied to every text (default: none).

    Returns
    -------
    str or None
        The CSV text, or None when pandas should write it.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"name": ["a,b", None], "value": [1.5, float("nan")]})
    >>> csv_text(df) == df.to_csv(index=False, lineterminator="\\n")
    True
    >>> print(csv_text(df), end="")
    name,value
    "a,b",1.5
    ,
    """
    names = list(df.columns)
    if len(names) < 2 or not all(type(c) is str for c in names):
        return None
    columns = []
    for j in range(len(names)):
        fields = _fields(df.iloc[:, j], escape)
        if fields is None:
            return None
        columns.append(fields)
    header = ",".join(_quoted(names if escape is None else [escape(c) for c in names]))
    if not len(df):
        return header + "\n"
    return header + "\n" + "\n".join(map(",".join, zip(*columns, strict=True))) + "\n"
