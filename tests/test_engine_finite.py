"""The engine's finiteness check: a fast screen (a sum of squares in memory order) that
never passes a NaN or an infinity, and a cell search that names the first bad cell."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import capf
from capf.engine import core


@settings(max_examples=60, deadline=None)
@given(shape=st.lists(st.integers(1, 5), min_size=1, max_size=5),
       bad=st.sampled_from([np.nan, np.inf, -np.inf, None]),
       where=st.integers(0, 10**6), order=st.randoms(use_true_random=False),
       kind=st.sampled_from(["c", "permuted", "strided"]))
def test_the_screen_never_passes_a_nan_or_an_infinity(shape, bad, where, order, kind):
    a = np.random.default_rng(where).normal(size=shape) * 1e3
    if bad is not None:
        a.flat[where % a.size] = bad
    if kind == "permuted":  # the engine's results: transposed views of a C array
        axes = list(range(a.ndim))
        order.shuffle(axes)
        a = a.transpose(axes)
    elif kind == "strided":  # a Monte-Carlo chunk's view: every cell, with gaps between
        buffer = np.zeros(a.shape[:-1] + (2 * a.shape[-1],))
        buffer[..., ::2] = a
        a = buffer[..., ::2]
        assert not a.flags.c_contiguous or a.size <= 1
    assert core._finite(a) is (bad is None)


def test_an_overflowing_square_is_searched_and_passes():
    """Cells above 1e154 overflow the screen's squares; the cells are finite, so the
    check passes."""
    model = capf.compile_plan(capf.testing.example_plan())
    r = capf.engine.run(model)
    co2e = np.array(r.co2e)
    co2e.flat[0] = 1e200
    assert not core._finite(co2e)
    big = core.EngineResult(r.activity, r.emissions, co2e, r.wedges)
    assert core.check_finite(model, big) is None
    co2e.flat[0] = np.inf
    with pytest.raises(capf.CapfError, match="the projection is not finite"):
        core.check_finite(model, big)
