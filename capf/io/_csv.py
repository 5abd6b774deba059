"""A result table's CSV text, as pandas writes it, built column by column.

``DataFrame.to_csv(index=False, lineterminator="\\n")`` formats each column (floats with
numpy's ``astype(str)``, the text of Python's ``repr`` for float64; integers and booleans
with ``str``; missing values as ``""``) and hands every row to :func:`csv.writer`. A result
table repeats a few names over thousands of rows, so here each distinct text is quoted once
(by :func:`csv.writer` itself) and the rows are joined as strings: the same text
(``tests/test_io_csv.py`` compares it with pandas' for every table of a run) in about a
third of the time. Columns of other kinds (dates, categories, nullable integers, mixed
objects...) return None: the caller uses pandas.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

__all__ = ["csv_text"]


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


def _fields(s: pd.Series) -> list[str] | None:
    dtype = s.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        values = s.to_numpy()
        if dtype == np.float64:  # Python's repr: numpy's astype(str) text, twice as fast
            text = list(map(float.__repr__, values.tolist()))
        else:  # (float32's shortest text is its own)
            text = values.astype(str).tolist()
        for i in np.flatnonzero(np.isnan(values)).tolist():
            text[i] = ""
        return text
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return [str(v) for v in s.to_numpy().tolist()]
    if (isinstance(dtype, np.dtype) and dtype.kind == "O") or isinstance(dtype, pd.StringDtype):
        codes, uniques = pd.factorize(s)
        texts = list(uniques)
        if not all(type(t) is str for t in texts):
            return None
        return np.asarray(_quoted(texts) + [""], dtype=object)[codes].tolist()
    return None


def csv_text(df: pd.DataFrame) -> str | None:
    """``df.to_csv(index=False, lineterminator="\\n")`` for a table of text, numbers and
    booleans with text column names; None for any other table.

    Parameters
    ----------
    df : pandas.DataFrame
        A table with at least two columns.

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
        fields = _fields(df.iloc[:, j])
        if fields is None:
            return None
        columns.append(fields)
    header = ",".join(_quoted(names))
    if not len(df):
        return header + "\n"
    return header + "\n" + "\n".join(map(",".join, zip(*columns, strict=True))) + "\n"
