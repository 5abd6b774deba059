"""The vectorised projection core.

``emissions[m,s,g,t,k] = activity[m,s,t,k] × factor[m,s,g,t,k]`` for every
municipality, source, gas, year and scenario at once.

The only Python loop is over the plan's actions, because they are applied in
their declared order and each acts on what the previous ones left (a switch
moves a share of the activity that a reduction left, say). Each pass touches
one or two source slices of whole [M, T, K] arrays (a carrier decarbonisation:
the carrier's row). While actions are applied, factors are carried in two
forms: per gas where an action has changed them (decarbonised sources and
carriers only), and collapsed to CO2e for every source, so the per-action
attribution (wedges) never touches the gas axis. The full per-gas emissions
array is written once, at the end. Every operation is independent along the
municipality axis, so the core can be mapped over municipality chunks unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import curves
from .actions import KINDS, action_sources
from .model import ActionRow, Model
from .state import State, co2e_factors

__all__ = ["run", "run_block", "EngineResult", "action_effect", "action_sources",
           "co2e_factors", "block_size", "blocks", "BLOCK_BYTES", "check_finite"]


@dataclass(frozen=True)
class EngineResult:
    """Arrays the engine returns (public axis order: municipality first, scenario last).

    Parameters
    ----------
    activity : numpy.ndarray or None
        [M, S, T, K], in each source's activity unit per year (None where a run did not
        keep it, as the dask-chunked run).
    emissions : numpy.ndarray
        [M, S, G, T, K], t of each gas per year.
    co2e : numpy.ndarray
        [M, S, T, K], t CO2e/yr.
    wedges : numpy.ndarray or None
        [M, A, T, K], t CO2e/yr avoided by each action.

    Examples
    --------
    >>> import capf
    >>> r = run(capf.compile_plan(capf.testing.example_plan()))
    >>> r.co2e.shape == r.emissions.shape[:2] + r.emissions.shape[3:]
    True
    """

    activity: np.ndarray | None  # [M, S, T, K]; None where not computed (dask chunks)
    emissions: np.ndarray  # [M, S, G, T, K], t gas / yr
    co2e: np.ndarray  # [M, S, T, K], t CO2e / yr
    wedges: np.ndarray | None  # [M, A, T, K], t CO2e / yr avoided by each action


def action_effect(action: ActionRow, years: np.ndarray) -> np.ndarray:
    """The share of the action in effect, per municipality, year and scenario: [M, T, K].

    Parameters
    ----------
    action : capf.engine.ActionRow
        One row of ``model.actions``.
    years : numpy.ndarray
        The model's years.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> eff = action_effect(model.actions[0], model.years)
    >>> eff.shape == (1, model.years.size, len(model.scenarios)), float(eff.min()) >= 0
    (True, True)
    """
    return _effect(action, years).transpose(2, 1, 0)


def _curve(action: ActionRow, years: np.ndarray) -> np.ndarray:
    """The curve in effect: [T], or [T, *shape] when ``start`` or ``full`` differs by column
    (Monte Carlo: [n, 1] per sample, or [M]), evaluated once per distinct column."""
    shape = np.broadcast_shapes(np.shape(action.start), np.shape(action.full))
    start: float | np.ndarray = action.start
    full: float | np.ndarray = action.full
    y = years
    if shape:  # per column: evaluated as [T, columns], then given the columns' shape
        start, full = (np.broadcast_to(x, shape).reshape(-1) for x in (start, full))
        y = years[:, None]
    if action.curve == "stock_turnover":
        c = curves.stock_turnover(y, start, full, action.lifetime,
                                  kind=action.survival, shape=action.shape,
                                  sales_curve=action.sales_curve, steepness=action.steepness,
                                  p=action.p, q=action.q)
    else:
        c = curves.evaluate(action.curve, y, start, full,
                            steepness=action.steepness, p=action.p, q=action.q)
    return c.reshape((years.size,) + shape)


def _effect(action: ActionRow, years: np.ndarray, columns: int = 1) -> np.ndarray:
    """Share in effect in the core's layout: [K, T, M], or [K, T, n or 1, M] for ``columns``
    = 2 column axes (a model of samples)."""
    c = _curve(action, years)
    column = action.share * action.municipalities.astype(float)  # [M], or [n or 1, M]
    column = column.reshape((1,) * (columns - column.ndim) + column.shape)
    c = c.reshape(c.shape + (1,) * (1 + columns - c.ndim))  # [T, 1...] or [T, (n, 1)]
    return action.scenarios.astype(float)[(slice(None),) + (None,) * (1 + columns)] * (
        c * column[None])[None]


def _touched(model: Model, a: ActionRow) -> np.ndarray:
    if model.netted is not None and model.netted.any():
        # netting couples every consumer of a netted carrier to every producer: attribute
        # each action on the whole plan
        return np.arange(model.activity0.shape[0])
    return action_sources(model, a)


#: Working set of one block of municipalities in a large deterministic run. Blocks
#: bound the temporaries of every action pass (10,000 municipalities, 2023-2050, one
#: run on 2 cores: 418 ms unblocked, 174-212 ms in blocks of 1,000-2,350); below twice
#: a block the plan is projected whole (small blocks add per-block Python overhead).
BLOCK_BYTES = 96 * 2**20


def block_size(model: Model, wedges: bool = True) -> int:
    """Municipalities per block of a large run (:data:`BLOCK_BYTES`), a multiple of 8.

    Parameters
    ----------
    model : capf.engine.Model
        The compiled model.
    wedges : bool, default True
        Whether the run attributes wedges (they take memory per action).

    Examples
    --------
    >>> import capf
    >>> block_size(capf.compile_plan(capf.testing.example_plan())) % 8
    0
    """
    S, G = model.own_factor.shape[:2]
    T, K, A = model.years.size, len(model.scenarios), len(model.actions)
    per_column = 8 * (K * S * G * T + 6 * K * S * T + (K * A * T if wedges else 0))
    return max(256, BLOCK_BYTES // per_column // 8 * 8)


def run(model: Model, *, wedges: bool = True, progress=None, emissions: str = "full",
        samples: int = 1, block: int | None = None) -> EngineResult:
    """Project a compiled model.

    Parameters
    ----------
    model : capf.engine.Model
    wedges : bool, default True
        Also attribute the reduction of every action (BAU minus scenario, in
        declared order; the wedges of a scenario add up to BAU − scenario).
    progress : callable, optional
        Called as ``progress(done, total)`` after each action (for progress bars).
    emissions : {"full", "mean"}, default "full"
        ``"mean"``: for a model of samples (:func:`capf.engine.sampling.expand`), the
        per-gas emissions are returned as their mean over the samples,
        [M / samples, S, G, T, K], reduced as they are computed (never written per
        sample). Activity, CO2e and wedges stay per column (``n × M``, sample-major).
    samples : int, default 1
        Number of samples: with ``emissions="mean"``, the model's own (``model.samples``;
        1 for a model without samples). Kept for callers that pass it; another number is
        an error.
    block : int, optional
        Municipalities projected together (default :func:`block_size`, about
        :data:`BLOCK_BYTES` of arrays). A plan with more than twice as many is
        projected block by block into the result arrays; the numbers do not change.
        A model of samples is projected whole (its chunks are already sized).

    Returns
    -------
    EngineResult

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> r = run(model)
    >>> r.wedges.shape[1] == len(model.actions)
    True
    """
    if emissions not in ("full", "mean"):
        raise ValueError(f"emissions must be 'full' or 'mean', not {emissions!r}")
    M = len(model.municipalities)
    size = block or block_size(model, wedges)
    with np.errstate(over="ignore", invalid="ignore"):  # checked once, below
        if emissions == "full" and model.samples is None and 2 * size < M:
            result = _run_blocked(model, size, wedges, progress)
        else:
            result = run_block(model, wedges=wedges, progress=progress, emissions=emissions,
                               samples=samples)
    check_finite(model, result)
    return result


def check_finite(model: Model, result: EngineResult) -> None:
    """Raise a :class:`capf.errors.CapfError` when a result is not finite, naming the cell
    and the plan fields (``model.labels``) that reach its source.

    Cheap when all is well: one sum of squares over the CO2e and the per-gas emissions
    each (:func:`_finite`; finite only when every cell is); the cells are searched only
    after.

    Parameters
    ----------
    model : capf.engine.Model
        The model projected.
    result : EngineResult
        Its result.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> check_finite(model, run(model)) is None
    True
    """
    for what, arr in (("CO2e", result.co2e), ("emissions", result.emissions)):
        if _finite(arr):
            continue
        bad = np.argwhere(~np.isfinite(arr))
        if not bad.size:
            continue  # only the sum overflowed; every cell is finite
        m, j, k = int(bad[0][0]), int(bad[0][1]), int(bad[0][-1])
        codes = model.municipalities
        code = codes[m % len(codes)] if codes else str(m)
        first_year = int(model.years[int(bad[bad[:, 1] == j][:, -2].min())])
        inputs = model.labels.get("source_inputs", {}).get(j, ())
        from ..errors import CapfError

        raise CapfError(
            f"the projection is not finite ({what} of source {model.sources[j]!r} in "
            f"municipality {code!r}, scenario {model.scenarios[k]!r}, from {first_year} "
            f"on): the inputs that reach it ({', '.join(inputs) or 'none named'}) grow or "
            f"multiply beyond 1e308; check the driver rates and indices",
            field=next((x for x in inputs if x.startswith("driver")), inputs[0] if inputs
                       else "driver"))


def _finite(arr: np.ndarray) -> bool:
    """Whether every cell may be finite: False for any NaN or ±inf (and, rarely, for cells
    above 1e154 whose squares overflow; the caller then searches the cells).

    The sum of squares of the cells in memory order is one BLAS dot product, about three
    times faster than ``np.sum`` (measured on the emissions of 1,000 municipalities); its
    terms are never negative, so an infinite cell cannot cancel. An array whose memory is
    not one block (a Monte-Carlo chunk's view) is summed as before.
    """
    order = np.argsort(arr.strides)[::-1]
    dense = arr.transpose(order)
    with np.errstate(over="ignore", invalid="ignore"):
        if dense.flags.c_contiguous:
            flat = dense.reshape(-1)  # a view in memory order
            return bool(np.isfinite(np.dot(flat, flat)))
        return bool(np.isfinite(np.sum(arr)))


def _run_blocked(model: Model, size: int, wedges: bool, progress) -> EngineResult:
    """:func:`run` over blocks of municipalities, each written into the result arrays."""
    S, M = model.activity0.shape
    G, T = model.own_factor.shape[1], model.years.size
    K, A = len(model.scenarios), len(model.actions)
    act = np.empty((K, S, T, M))
    em = np.empty((K, S, G, T, M))
    co = np.empty((K, S, T, M))
    wd = np.zeros((K, A, T, M)) if wedges else None
    parts = blocks(M, size)
    for b, sl in enumerate(parts):  # blocks of municipalities, each one vectorised pass
        run_block(model.take(municipalities=sl), wedges=wedges, out=(
            act[..., sl], em[..., sl], co[..., sl], None if wd is None else wd[..., sl]))
        if progress is not None:
            progress(A * (b + 1) // len(parts), A)
    return EngineResult(
        activity=act.transpose(3, 1, 2, 0),
        emissions=em.transpose(4, 1, 2, 3, 0),
        co2e=co.transpose(3, 1, 2, 0),
        wedges=None if wd is None else wd.transpose(3, 1, 2, 0),
    )


def blocks(n: int, size: int) -> list[slice]:
    """``n`` columns (municipalities) as consecutive slices of at most ``size``.

    Parameters
    ----------
    n : int
        Number of columns.
    size : int
        Columns per block.

    Examples
    --------
    >>> blocks(5, 2)
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    """
    return [slice(i, min(n, i + size)) for i in range(0, n, size)]


def run_block(model: Model, *, wedges: bool = True, progress=None, emissions: str = "full",
              samples: int = 1, out=None) -> EngineResult:
    """Project one block of municipalities in one vectorised pass: :func:`run` without
    blocking and without the finiteness check (the caller checks, or sets ``np.errstate``).

    Parameters
    ----------
    model : capf.engine.Model
        The (sub-)model to project.
    wedges, progress, emissions, samples
        As in :func:`run`.
    out : tuple of numpy.ndarray, optional
        Views to write activity [K, S, T, M], per-gas emissions [K, S, G, T, M] (t gas/yr),
        CO2e [K, S, T, M] (t CO2e/yr) and wedges [K, A, T, M] (every row written: zeros where
        an action has no effect) into, in the engine's layout; an entry may be ``None``.

    Returns
    -------
    EngineResult
        Views in the public axis order.

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> r = run_block(model)
    >>> r.co2e.shape == (1, len(model.sources), model.years.size, len(model.scenarios))
    True
    """
    if emissions not in ("full", "mean"):
        raise ValueError(f"emissions must be 'full' or 'mean', not {emissions!r}")
    n = model.samples or 1
    if emissions == "mean" and samples not in (1, n):
        raise ValueError(f"samples={samples} but the model holds {n} sample(s); the mean "
                         "over samples is taken for a model of samples (sampling.expand)")
    cols = model.columns
    act_out, em_out, co_out, wedge = (
        _columns(x, cols) for x in (out if out is not None else (None,) * 4))
    st = State(model, act_out)
    years = model.years
    A = len(model.actions)
    K = len(model.scenarios)
    reused = wedge is not None  # a caller's buffer: rows of actions without effect zeroed
    if wedge is None and wedges:
        wedge = np.zeros((K, A, years.size) + cols)
    # Loop over actions: order matters (each acts on what the previous ones left);
    # the body is vectorised over scenarios, years, samples and municipalities.
    for i, a in enumerate(model.actions):
        eff = _effect(a, years, len(cols))
        if not eff.any():
            if reused and wedge is not None:  # may hold an earlier chunk's wedges
                wedge[:, i] = 0.0
            if progress is not None:
                progress(i + 1, A)
            continue
        idx = _touched(model, a)
        # wedges: reduce, switch and add from the activity they move (factors do not
        # depend on activity without netting); the others as CO2e before − after
        kind = KINDS[a.kind]
        direct = None if st.netting else kind.wedge
        if wedge is not None and idx.size and direct is None:
            before = st.co2e(idx)
        change = kind.apply(st, a, eff)
        if wedge is not None and idx.size:
            if direct is not None and change is not None:
                direct(st, a, change, wedge[:, i])
            else:
                wedge[:, i] = before - st.co2e(idx)
        elif reused and wedge is not None:
            wedge[:, i] = 0.0
        if progress is not None:
            progress(i + 1, A)
    em = st.emissions(em_out) if emissions == "full" else st.emissions_mean()
    # hand back views in the public axis order (a model of samples: n × M columns)
    return EngineResult(
        activity=_flat(st.act, cols).transpose(3, 1, 2, 0),
        emissions=(_flat(em, cols) if emissions == "full" else em).transpose(4, 1, 2, 3, 0),
        co2e=_flat(st.co2e_all(co_out), cols).transpose(3, 1, 2, 0),
        wedges=None if wedge is None else _flat(wedge, cols).transpose(3, 1, 2, 0),
    )


def _columns(x: np.ndarray | None, cols: tuple[int, ...]) -> np.ndarray | None:
    """A caller's buffer with ``n × M`` columns as a view with the column axes ``cols``."""
    if x is None or len(cols) == 1:
        return x
    view = x.view()
    view.shape = x.shape[:-1] + cols  # raises rather than copies (writes would be lost)
    return view


def _flat(x: np.ndarray, cols: tuple[int, ...]) -> np.ndarray:
    """The engine's array with column axes ``cols`` as ``n × M`` columns (a view)."""
    if len(cols) == 1:
        return x
    flat = x.view()
    flat.shape = x.shape[:-2] + (cols[0] * cols[1],)  # raises rather than copies
    return flat
