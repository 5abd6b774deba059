"""Old import paths kept as thin aliases of the new ones, with a DeprecationWarning.

``capf.spec`` is now :mod:`capf.plan`, ``capf.pathways`` :mod:`capf.assess` (its ``cctf``
module :mod:`capf.assess.sector_test`), ``capf.montecarlo`` and ``capf.sensitivity``
:mod:`capf.uncertainty`. The old module names are bound to the new module objects in
``sys.modules``, so ``import capf.spec.models`` and ``from capf.pathways import assess`` keep
working and give the very same objects.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from types import FrameType, ModuleType


def _importer_level() -> int:
    """The ``stacklevel`` that makes the warning name the line importing the old name.

    :func:`warnings.warn` does not count the frozen import machinery's frames
    (``importlib._bootstrap``); this also steps over :func:`importlib.import_module` and the
    alias packages themselves (``skip_file_prefixes`` is Python 3.12+).
    """
    frame: FrameType | None = sys._getframe(2)  # the caller of alias(): an alias package's __init__
    level = 2  # warn() is called in alias() (level 1); its caller is level 2
    while frame is not None:
        name = frame.f_code.co_filename
        internal = "importlib" in name and "_bootstrap" in name  # not counted by warn()
        ours = (name.replace("\\", "/").endswith("importlib/__init__.py")
                or frame.f_globals.get("__name__", "").startswith(tuple(_OLD)))
        if not internal and not ours:
            return level
        level += 0 if internal else 1
        frame = frame.f_back
    return level


#: The old module names :func:`alias` has bound (their packages' frames are stepped over).
_OLD: set[str] = set()


def alias(old: str, new: str, submodules: dict[str, str] | None = None) -> ModuleType:
    """Bind module ``old`` (and ``old.<sub>``) to ``new`` (and its modules) with a warning.

    Parameters
    ----------
    old : str
        The deprecated module name, e.g. ``"capf.spec"``.
    new : str
        The module that replaces it, e.g. ``"capf.plan"``.
    submodules : dict, optional
        Old submodule name (relative to ``old``) -> full name of its replacement.

    Returns
    -------
    module
        The new module, also bound to ``sys.modules[old]``.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     m = alias("capf._old_units_example", "capf.units")
    >>> m is importlib.import_module("capf.units"), caught[0].category.__name__
    (True, 'DeprecationWarning')
    """
    _OLD.add(old)
    warnings.warn(f"{old} is deprecated and will be removed; import {new} instead",
                  DeprecationWarning, stacklevel=_importer_level())
    module = importlib.import_module(new)
    for sub, target in (submodules or {}).items():
        sys.modules[f"{old}.{sub}"] = importlib.import_module(target)
        if not hasattr(module, sub):  # ``capf.pathways.cctf`` as an attribute, too
            setattr(module, sub, sys.modules[f"{old}.{sub}"])
    sys.modules[old] = module
    return module
