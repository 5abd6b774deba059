"""PRESENT stage: files (NetCDF, CSV, xlsx); one output folder written as a whole."""

from .atomic import AtomicWriter
from .excel import write_excel
from .iamc import iam_units_cache, iamc_long, import_pyam, to_iamc
from .tables import (RESULT_FILES, emissions_by_sector, manifest, spreadsheet_safe,
                     stage_results, write_csv, write_netcdf, write_results)
from .transaction import OutputLock, OutputTransaction, atomic_file

__all__ = ["AtomicWriter", "emissions_by_sector", "manifest", "write_netcdf", "write_results",
           "write_excel", "to_iamc", "iamc_long", "import_pyam", "iam_units_cache", "RESULT_FILES",
           "OutputTransaction", "OutputLock", "atomic_file", "stage_results", "write_csv", "spreadsheet_safe"]
