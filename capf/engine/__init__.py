"""PROJECT stage: the vectorised core (numpy/xarray only; no pint, no pydantic)."""

from .core import EngineResult, action_effect, run
from .curves import CURVES
from .dataset import CO2E_UNITS, EMISSIONS_UNITS, to_dataset
from .model import ACTION_KINDS, ActionRow, Model
from . import montecarlo  # noqa: E402,I001  (numpy only; capf.engine.montecarlo as before)

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
