"""Units: the one pint registry of capf and the GWP sets.

The registry knows everything a climate plan writes: ``kt`` is a kilotonne
(pint's default ``kt`` is a knot), ``t`` a tonne, ``yr``/``a`` a year, ``ha``,
``vkm`` (vehicle-kilometre), ``head`` (of livestock) and ``DKK``. Each gas is
its own kind of mass: ``CO2``, ``CH4``, ``N2O`` and ``CO2e`` are separate
base dimensions, so adding ``t CH4`` to ``t CO2`` is an error and converting to
CO2-equivalents needs a GWP context::

    >>> from capf.units import ureg
    >>> q = ureg.Quantity("1 t CH4").to("kg CO2e", "AR5GWP100")
    >>> round(float(q.magnitude))
    28000

GWP values are read from the ``globalwarmingpotentials`` package
(openclimatedata), which cites IPCC AR4 (via the GHG Protocol table of
16 Feb 2016), AR5 (idem) and AR6 (WG1 Chapter 7 Supplementary Material,
Table 7.SM.7). Names follow openscm-units, iam-units, primap2 and pyam.

pint is the one unit system. A plan writes thousands of quantities in a handful of units, so
what pint works out about a unit is kept per unit (memos of the registry, emptied when a unit
is defined, never used under an active context): the parsed expression here, and in
:mod:`capf.plan.quantity` each unit text's units, each unit pair's conversion factor (the
factor pint's own conversion multiplies by, so the floats are pint's) and each unit's text.
Anything not kept goes through pint, errors included.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import importlib.resources
from collections.abc import Callable, Mapping
from typing import Any, Final

import numpy as np
import pint
from pint.util import UnitsContainer

__all__ = [
    "ureg",
    "Quantity",
    "GWP_SETS",
    "DEFAULT_GWP",
    "GASES",
    "gwp_values",
    "GWP_CITATION",
]

#: The gas dimension of every result, in this order.
#: ``F-gases`` are always given as CO2-equivalents; ``CO2e`` holds figures known
#: only as CO2-equivalents, which a change of GWP set leaves as they are.
GASES: tuple[str, ...] = ("CO2", "CH4", "N2O", "F-gases", "CO2e")

#: The GWP sets capf knows, named as in openscm-units / pyam.
GWP_SETS: tuple[str, ...] = ("AR4GWP100", "AR5GWP100", "AR6GWP100")
DEFAULT_GWP: Final = "AR5GWP100"  # Final: its type is the literal (pydantic fields)

GWP_CITATION = (
    "globalwarmingpotentials (openclimatedata): AR4GWP100 and AR5GWP100 from the GHG "
    "Protocol 'Global Warming Potential Values' (16 Feb 2016); AR6GWP100 from IPCC AR6 "
    "WG1 Chapter 7 Supplementary Material, Table 7.SM.7"
)

# gas name in capf -> (pint unit name, dimension name)
_GAS_UNITS = {
    "CO2": ("CO2", "carbon_dioxide"),
    "CH4": ("CH4", "methane"),
    "N2O": ("N2O", "nitrous_oxide"),
    "CO2e": ("CO2e", "carbon_dioxide_equivalent"),
}


@functools.cache
def _gwp_table() -> dict[str, dict[str, float]]:
    text = (
        importlib.resources.files("globalwarmingpotentials")
        .joinpath("globalwarmingpotentials.csv")
        .read_text(encoding="utf-8")
    )
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(rows)
    table: dict[str, dict[str, float]] = {}
    for row in reader:
        species = row["Species"]
        if species in table:  # the file repeats a few species; first wins (identical rows)
            continue
        table[species] = {k: float(v) for k, v in row.items() if k != "Species" and v}
    return table


def gwp_values(gwp: str = DEFAULT_GWP) -> dict[str, float]:
    """GWP of every gas of :data:`GASES` under a GWP set.

    Parameters
    ----------
    gwp : {"AR4GWP100", "AR5GWP100", "AR6GWP100"}
        The GWP set.

    Returns
    -------
    dict
        Gas name -> kg CO2e per kg of gas. ``CO2``, ``F-gases`` (given as CO2e)
        and ``CO2e`` are 1 in every set.

    Examples
    --------
    >>> gwp_values("AR5GWP100")["CH4"]
    28.0
    >>> gwp_values("AR4GWP100")["N2O"]
    298.0
    """
    if gwp not in GWP_SETS:
        raise ValueError(f"unknown GWP set {gwp!r}; expected one of {', '.join(GWP_SETS)}")
    table = _gwp_table()
    return {
        "CO2": 1.0,
        "CH4": table["CH4"][gwp],
        "N2O": table["N2O"][gwp],
        "F-gases": 1.0,
        "CO2e": 1.0,
    }


def _cache_folder(name: str | None = None):
    """Where pint keeps its parsed unit definitions for capf: ``$CAPF_CACHE_DIR`` or the
    user's cache folder (``~/.cache/capf``), one subfolder per pint version (``name``: that
    subfolder instead, e.g. the report's compiled template); ``None`` (no cache) when it
    cannot be made or ``CAPF_CACHE_DIR`` is empty."""
    import os
    from pathlib import Path

    root = os.environ.get("CAPF_CACHE_DIR")
    if root is None:
        try:
            import platformdirs  # a dependency of pint

            root = str(platformdirs.user_cache_path(appname="capf", appauthor=False))
        except Exception:  # pragma: no cover - no platformdirs: no cache
            return None
    if not root:
        return None
    folder = Path(root) / (name or f"pint-{pint.__version__}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


class _Memo(dict):
    """A bounded memo of what is worked out about units: emptied when it would hold more than
    ``size`` entries (a plan writes a handful of units; the bound keeps odd input small)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def keep(self, key: Any, value: Any) -> Any:
        """Store ``value`` under ``key`` (after emptying a full memo) and return it."""
        if len(self) > self.size:
            self.clear()
        self[key] = value
        return value


class _UnitRegistry(pint.UnitRegistry):
    """pint's registry, parsing each unit expression once.

    pint's own cache keeps single unit names only, so ``Quantity(x, "t CO2e / yr")``
    tokenises and resolves its text every time (~0.1 ms; the bundled plan makes
    thousands). The memo is kept per cache of pint's (each combination of active
    contexts has its own) and dropped when a unit is defined.
    """

    _parsed: dict[int, tuple[Any, _Memo]] | None = None  # id(pint's cache) -> (it, memo)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parsed = {}  # from here on (pint parses while it sets itself up)

    def _parse_units_as_container(self, input_string: str, as_delta: bool = True,
                                  case_sensitive: bool = True) -> Any:
        parsed = self._parsed
        if parsed is None:  # during pint's __init__
            return super()._parse_units_as_container(input_string, as_delta, case_sensitive)
        cache = self._cache
        entry = parsed.get(id(cache))
        if entry is None or entry[0] is not cache:
            entry = parsed[id(cache)] = (cache, _Memo(4096))
        memo = entry[1]
        key = (input_string, as_delta, case_sensitive)
        units = memo.get(key)
        if units is None:
            units = memo.keep(
                key, super()._parse_units_as_container(input_string, as_delta, case_sensitive))
        return units

    def define(self, definition: Any) -> None:
        if self._parsed:
            self._parsed.clear()
        for memo in self.__dict__.get("_capf_memos", {}).values():
            memo.clear()
        super().define(definition)

    def _capf_memo(self, name: str, size: int = 1024) -> _Memo:
        """A memo of capf's about this registry's units (by unit text or units container,
        e.g. :mod:`capf.plan.quantity`'s parsed unit texts), emptied when a unit is defined
        and when it holds more than ``size`` entries. Only results without an active context
        may be kept in it."""
        memos = self.__dict__.setdefault("_capf_memos", {})
        return memos.setdefault(name, _Memo(size))


def _new_registry() -> _UnitRegistry:
    """pint's registry with its default units. Parsing pint's definitions file is most
    of the cost of a fresh registry, so the parsed definitions are kept on disk
    (pint's own ``cache_folder``, keyed by the file's content); a cache that cannot be
    read (e.g. half-written by a killed process) is cleared and the registry built
    from the file."""
    kw: dict[str, Any] = {"on_redefinition": "ignore", "autoconvert_offset_to_baseunit": True}
    folder = _cache_folder()
    if folder is not None:
        try:
            return _UnitRegistry(cache_folder=folder, **kw)
        except Exception:
            for f in folder.glob("*"):
                with contextlib.suppress(OSError):
                    f.unlink()
    return _UnitRegistry(**kw)


def _to_co2e(factor: float, unit: str) -> Callable[..., Any]:
    """pint transformation: a quantity of gas ``unit`` (per mass, per time) to CO2e."""

    def transform(reg_: Any, value: Any, **_: Any) -> Any:
        return value * factor * reg_.CO2e / reg_(unit)

    return transform


def _build_registry() -> _UnitRegistry:
    # on_redefinition="ignore" lets us redefine pint's `kt` (knot) as kilotonne.
    reg = _new_registry()
    reg.define("kilotonne = 1e6 * kilogram = kt")
    reg.define("megatonne = 1e9 * kilogram = Mt")
    reg.define("gigatonne = 1e12 * kilogram = Gt")
    for unit, dim in _GAS_UNITS.values():
        reg.define(f"{unit} = [{dim}]")
    reg.define("CO2eq = CO2e = CO2_eq")
    reg.define("vehicle = [vehicle] = veh")
    reg.define("vehicle_kilometer = vehicle * kilometer = vkm")
    reg.define("head = [livestock] = heads")
    reg.define("DKK = [currency] = kr")
    reg.define("MDKK = 1e6 * DKK")
    for gwp in GWP_SETS:
        values = gwp_values(gwp)
        ctx = pint.Context(gwp)
        for gas, (unit, dim) in _GAS_UNITS.items():
            if gas == "CO2e":
                continue
            factor = values[gas]
            # one transformation per form a plan writes: gas, mass of gas, mass per time
            for extra in ("", " * [mass]", " * [mass] / [time]"):
                ctx.add_transformation(
                    f"[{dim}]{extra}",
                    f"[carbon_dioxide_equivalent]{extra}",
                    _to_co2e(factor, unit),
                )
        reg.add_context(ctx)
    return reg


#: The unit registry of capf. Use it (or :data:`Quantity`) for every quantity.
ureg: _UnitRegistry = _build_registry()
Quantity = ureg.Quantity
pint.set_application_registry(ureg)

try:  # make pint-xarray use capf's registry for ds.pint.quantify()
    import pint_xarray  # noqa: F401

    pint_xarray.setup_registry(ureg)
except Exception:  # pragma: no cover - pint-xarray is a declared dependency
    pass

#: unit text -> its units container in :data:`ureg`, for :func:`_quantity` (emptied when a unit
#: is defined; not used under an active context)
_QUANTITY_UNITS = ureg._capf_memo("units: quantity unit texts", 512)
_FLOATS = (float, np.float64)


def _quantity(magnitude: Any, unit: Any) -> Any:
    """``ureg.Quantity(magnitude, unit)``: the same object (class, ``_magnitude`` as pint
    stores it, ``_units``), made without pint's per-call overheads where they cannot matter.

    pint's ``Quantity.__new__`` imports its application registry, checks the magnitude's type
    and resolves a unit text on every call (3-10 us; the bundled plan makes thousands of
    quantities in a handful of units). For a float magnitude (``float`` or ``numpy.float64``)
    and a units container of :data:`ureg` or a unit text, what it stores is known: the
    magnitude as ``numpy.asarray`` gives it when the registry forces arrays (as pint-xarray
    sets it up), else the magnitude itself, and the container (a text's, as
    ``ureg.parse_units(text)._units``, kept per text). Anything else goes through pint.

    Parameters
    ----------
    magnitude : Any
        The number.
    unit : str or pint.util.UnitsContainer or Any
        A unit text (``"t CO2e/yr"``), a units container of :data:`ureg`, or anything
        ``ureg.Quantity`` takes.

    Returns
    -------
    pint.Quantity
        Of :data:`ureg`.

    Examples
    --------
    >>> q = _quantity(1.5, "t CO2e/yr")
    >>> type(q) is ureg.Quantity, q._magnitude, q._units == ureg.Unit("t CO2e/yr")._units
    (True, array(1.5), True)
    """
    if type(magnitude) not in _FLOATS or ureg._active_ctx.contexts:
        return ureg.Quantity(magnitude, unit)
    if type(unit) is str:
        units = _QUANTITY_UNITS.get(unit)
        if units is None:
            units = _QUANTITY_UNITS.keep(unit, ureg.parse_units(unit)._units)
    elif type(unit) is UnitsContainer:
        units = unit
    else:
        return ureg.Quantity(magnitude, unit)
    q = object.__new__(ureg.Quantity)
    q._magnitude = (np.asarray(magnitude) if ureg.force_ndarray or ureg.force_ndarray_like
                    else magnitude)
    q._units = units
    return q


def gwp_array(gwp: str, gases: tuple[str, ...] = GASES):
    """GWP values in the order of ``gases`` as a float array (for the engine).

    Parameters
    ----------
    gwp : str
        A GWP set of :data:`GWP_SETS`.
    gases : tuple of str, default GASES
        The gases, in the engine's order.

    Returns
    -------
    numpy.ndarray
        kg CO2e per kg of each gas.

    Examples
    --------
    >>> gwp_array("AR5GWP100", ("CO2", "CH4", "N2O")).tolist()
    [1.0, 28.0, 265.0]
    """
    import numpy as np

    values: Mapping[str, float] = gwp_values(gwp)
    return np.array([values[g] for g in gases], dtype=float)
