"""PROJECT stage: the vectorised core (numpy/xarray only; no pint, no pydantic)."""

from .core import EngineResult, action_effect, run
from .curves import CURVES
from .dataset import CO2E_UNITS, EMISSIONS_UNITS, to_dataset
from .model import ACTION_KINDS, ActionRow, Model

__all__ = [
    "Model",
    "ActionRow",
    "ACTION_KINDS",
    "EngineResult",
    "run",
    "action_effect",
    "to_dataset",
    "CURVES",
    "CO2E_UNITS",
    "EMISSIONS_UNITS",
]


def __getattr__(name: str):
    """``capf.engine.montecarlo``, ``.sampling`` and ``.chunked`` (dask), imported at first
    use."""
    if name in ("montecarlo", "sampling", "chunked"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
