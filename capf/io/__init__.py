"""PRESENT stage: files (NetCDF, CSV) written atomically."""

from .atomic import AtomicWriter
from .excel import write_excel
from .iamc import iam_units_cache, iamc_long, import_pyam, to_iamc
from .tables import RESULT_FILES, emissions_by_sector, manifest, write_netcdf, write_results

__all__ = ["AtomicWriter", "emissions_by_sector", "manifest", "write_netcdf", "write_results",
           "write_excel", "to_iamc", "iamc_long", "import_pyam", "iam_units_cache", "RESULT_FILES"]
