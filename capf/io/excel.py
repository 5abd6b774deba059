"""Excel workbook of the result tables: one sheet per table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["write_excel"]


def write_excel(tables: dict[str, pd.DataFrame], path: str | Path) -> None:
    """Write each table to its own sheet (names cut to Excel's 31 characters).

    Nullable columns are written as empty cells; the header row is frozen.
    """
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, df in tables.items():
            sheet = name[:31]
            df.to_excel(xl, sheet_name=sheet, index=False)
            xl.sheets[sheet].freeze_panes = "A2"
