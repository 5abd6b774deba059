"""PRESENT stage: files (NetCDF, CSV, xlsx); one output folder written as a whole."""

from .atomic import AtomicWriter
from .excel import write_excel
from .iamc import iam_units_cache, iamc_long, import_pyam, to_iamc
from .tables import (
    RESULT_FILES,
    emissions_by_sector,
    manifest,
    spreadsheet_safe,
    stage_results,
    write_csv,
    write_netcdf,
    write_results,
)
from .transaction import OutputLock, OutputTransaction, atomic_file

__all__ = [
    "RESULT_FILES",
    "AtomicWriter",
    "OutputLock",
    "OutputTransaction",
    "atomic_file",
    "emissions_by_sector",
    "iam_units_cache",
    "iamc_long",
    "import_pyam",
    "manifest",
    "spreadsheet_safe",
    "stage_results",
    "to_iamc",
    "write_csv",
    "write_excel",
    "write_netcdf",
    "write_results",
]
