"""Keep dask (and scipy) out of commands that do not use them.

Two libraries capf builds on import dask merely because it is installed (the
``capf[dask]`` extra): pint imports ``dask.base`` (and ``scipy``) when it is imported, and xarray
imports ``dask.array`` the first time it makes a variable. Together that is
about as long as importing numpy, pandas and xarray, for every ``capf check``
and ``capf run`` that never touches dask. :func:`quiet_dask` defers both until
dask is really used; nothing changes for the user's own dask code:

- pint is imported with dask and scipy hidden from it (``sys.modules[name] =
  None`` for the moment of the import), and its support of both is then
  restored with lazy stand-ins: ``dask.array``, ``dask.base.compute`` /
  ``persist`` / ``visualize`` and ``scipy`` (for ``to_preferred``) are imported at
  their first use, as pint itself already does for ``dask.array``;
- xarray's cached record of dask as a duck-array module answers ``()`` for the
  dask array type as long as ``dask.array`` is not imported (no object can then
  be a dask array), and the real type once it is; its ``is_dask_collection``
  (which imports ``dask.base`` to ask about every numpy array) answers ``False``
  while dask is not imported.

Both steps are guarded: with other versions of pint or xarray that lack the
internals they touch, they do nothing and the libraries import dask as before.
"""

from __future__ import annotations

import importlib
import sys

__all__ = ["quiet_dask", "import_pint"]


class _LazyModule:
    """A module imported at its first attribute read (as pint's own ``_LazyDaskArray``)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        return getattr(importlib.import_module(self._name), attr)


def _lazy_dask_base(name: str):
    def call(*args, **kwargs):
        return getattr(importlib.import_module("dask.base"), name)(*args, **kwargs)

    call.__name__ = name
    return call


def import_pint() -> None:
    """Import pint without importing dask or scipy (their support restored lazily)."""
    if "pint" in sys.modules:
        return
    import importlib.util

    hidden = [m for m in ("dask", "scipy") if m not in sys.modules
              and importlib.util.find_spec(m) is not None]
    if not hidden:
        return
    for m in hidden:  # find_spec and import: not installed, for the moment of the import
        sys.modules[m] = None  # type: ignore[assignment]
    try:
        import pint  # noqa: F401
        import pint.compat as compat
        import pint.facets.dask as facet
        import pint.facets.plain.qto as qto
    finally:
        for m in hidden:
            if m in sys.modules and sys.modules[m] is None:
                del sys.modules[m]
    stand_ins: dict = {}
    if "dask" in hidden:
        compat.HAS_DASK = True
        stand_ins.update(dask_array=_LazyModule("dask.array"),
                         **{n: _lazy_dask_base(n) for n in ("compute", "persist", "visualize")})
    if "scipy" in hidden:  # pint uses it only in to_preferred (scipy.optimize.milp)
        compat.HAS_SCIPY = True
        stand_ins["scipy"] = _LazyModule("scipy")
    for module in (compat, facet, qto):
        for name, value in stand_ins.items():
            if hasattr(module, name):
                setattr(module, name, value)


class _DaskDuckModule:
    """xarray's ``DuckArrayModule("dask")``, resolved when ``dask.array`` is imported."""

    def _real(self):
        from xarray.namedarray import pycompat

        real = pycompat.DuckArrayModule("dask")
        pycompat._cached_duck_array_modules["dask"] = real
        return real

    @property
    def type(self):
        mod = sys.modules.get("dask.array")
        if mod is None or not hasattr(mod, "Array"):
            return ()
        return self._real().type

    def __getattr__(self, attr):  # module, version, available
        return getattr(self._real(), attr)


def _defer_xarray_dask() -> None:
    if "dask.array" in sys.modules:
        return
    try:
        from xarray.namedarray import pycompat

        cache = pycompat._cached_duck_array_modules
    except (ImportError, AttributeError):  # pragma: no cover - another xarray
        return
    if "dask" not in cache and isinstance(cache, dict):
        cache["dask"] = _DaskDuckModule()
    try:
        from xarray.core import utils as core_utils
        from xarray.namedarray import utils
    except ImportError:  # pragma: no cover - another xarray
        return
    original = getattr(utils, "is_dask_collection", None)
    if original is None or getattr(original, "_capf_deferred", False):
        return

    def is_dask_collection(x) -> bool:
        # nothing is a dask collection while dask is not imported
        return "dask" in sys.modules and original(x)

    is_dask_collection._capf_deferred = True  # type: ignore[attr-defined]
    for module in (utils, core_utils):
        if getattr(module, "is_dask_collection", None) is original:
            module.is_dask_collection = is_dask_collection


def quiet_dask(pint: bool = False) -> None:
    """Let xarray (and with ``pint``, pint) import dask only when it is used."""
    if pint:
        try:
            import_pint()
        except Exception:  # pragma: no cover - a pint without these internals: as usual
            pass
    _defer_xarray_dask()
