"""PRESENT stage: files (NetCDF, CSV) written atomically."""

from .atomic import AtomicWriter
from .tables import RESULT_FILES, emissions_by_sector, manifest, write_netcdf, write_results

__all__ = ["AtomicWriter", "emissions_by_sector", "manifest", "write_netcdf", "write_results",
           "RESULT_FILES"]
