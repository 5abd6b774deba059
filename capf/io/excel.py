"""Excel workbook of the result tables: one sheet per table.

Text is data: every text cell is a string cell (``t="s"``), never a formula or
an error value, whatever it starts with (``=``, ``+``, ``-``, ``@``, ``#N/A``…),
so a plan name such as ``=HYPERLINK(...)`` shows as the text it is in Excel and
LibreOffice. Numbers stay numbers.

The file is reproducible: the same tables give the same bytes. The document's
created/modified dates and the zip entries' timestamps are fixed
(``SOURCE_DATE_EPOCH`` when set, else 1980-01-01T00:00:00Z).
"""

from __future__ import annotations

import datetime
import os
import re
import zipfile
from pathlib import Path

import pandas as pd

__all__ = ["fixed_timestamp", "write_excel"]


def fixed_timestamp() -> datetime.datetime:
    """The timestamp written into reproducible files (UTC, naive).

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set and not before 1980, else
    1980-01-01T00:00:00.

    Parameters
    ----------
    None

    Examples
    --------
    >>> import os
    >>> if "SOURCE_DATE_EPOCH" not in os.environ:
    ...     print(fixed_timestamp())
    ... else:
    ...     print("1980-01-01 00:00:00")
    1980-01-01 00:00:00
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if when.year >= 1980:  # zip cannot store earlier dates
            return when.replace(tzinfo=None)
    return datetime.datetime(1980, 1, 1)


def _as_text(sheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type in ("f", "e"):
                cell.data_type = "s"


_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _normalise(path: Path, when: datetime.datetime) -> None:
    """Rewrite the zip with fixed timestamps and fixed document dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    tmp = path.with_name(path.name + ".zip")
    with zipfile.ZipFile(tmp, "w") as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _DATES.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            fixed.create_system = 3
            z.writestr(fixed, data)
    os.replace(tmp, path)


def write_excel(tables: dict[str, pd.DataFrame], path: str | Path) -> None:
    """Write each table to its own sheet (names cut to Excel's 31 characters).

    Nullable columns are written as empty cells; the header row is frozen.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Sheet name -> table (values in the units its columns name, written as they are).
    path : str or pathlib.Path
        The ``.xlsx`` file to write (overwritten).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd, openpyxl
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "results.xlsx"
    >>> write_excel({"targets": pd.DataFrame({"target": ["=A1"], "gap": [1.5]})}, path)
    >>> sheet = openpyxl.load_workbook(path)["targets"]
    >>> sheet["A2"].value, sheet["A2"].data_type, sheet["B2"].value
    ('=A1', 's', 1.5)
    """
    path = Path(path)
    when = fixed_timestamp()
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, df in tables.items():
            sheet = name[:31]
            df.to_excel(xl, sheet_name=sheet, index=False)
            xl.sheets[sheet].freeze_panes = "A2"
            _as_text(xl.sheets[sheet])
        xl.book.properties.created = when
        xl.book.properties.modified = when
    _normalise(path, when)
