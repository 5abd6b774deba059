"""capf.engine.curves: every curve is 0 in the start year, 1 in the full year, and held."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from capf.engine import curves

YEARS = np.arange(2020, 2061)


def test_linear_by_hand():
    # 2025 -> 2030: (t - 2025) / 5
    y = curves.linear([2024, 2025, 2026, 2027, 2030, 2040], 2025, 2030)
    np.testing.assert_allclose(y, [0, 0, 0.2, 0.4, 1, 1])


def test_step_jumps_in_the_full_year():
    np.testing.assert_allclose(curves.step([2024, 2027, 2028, 2050], 2024, 2028), [0, 0, 1, 1])


def test_logistic_by_hand():
    # x = (t - start) / (full - start); raw f = 1 / (1 + exp(-10 (x - 0.5))), rescaled
    start, full = 2024, 2034
    f = lambda x: 1 / (1 + np.exp(-10 * (x - 0.5)))  # noqa: E731
    expect = (f(0.3) - f(0)) / (f(1) - f(0))
    assert curves.logistic([2027], start, full)[0] == pytest.approx(expect)
    assert curves.logistic([2029], start, full)[0] == pytest.approx(0.5)


def test_bass_by_hand():
    p, q = 0.03, 0.38
    F = lambda t: (1 - np.exp(-(p + q) * t)) / (1 + q / p * np.exp(-(p + q) * t))  # noqa: E731
    assert curves.bass([2023], 2020, 2030)[0] == pytest.approx(F(3) / F(10))


@given(start=st.integers(2020, 2045), span=st.integers(1, 15),
       curve=st.sampled_from(["step", "linear", "logistic", "bass"]))
def test_curve_ends_hold_exactly(start, span, curve):
    full = start + span
    y = curves.evaluate(curve, YEARS, start, full)
    if curve != "step" or span > 0:
        assert y[YEARS == start][0] == 0.0
    assert np.all(y[YEARS >= full] == 1.0)
    assert np.all(y[YEARS < start] == 0.0)
    assert np.all(np.diff(y) >= -1e-12)  # never falls back
    assert np.all((0 <= y) & (y <= 1))


def test_unknown_curve():
    with pytest.raises(ValueError, match="unknown curve 'cubic'"):
        curves.evaluate("cubic", YEARS, 2025, 2030)


@given(start=st.integers(2020, 2045), span=st.integers(1, 15), lifetime=st.integers(1, 40),
       kind=st.sampled_from(["fixed", "exponential", "weibull"]))
def test_stock_turnover_is_a_lagged_monotone_share(start, span, lifetime, kind):
    full = start + span
    y = curves.stock_turnover(YEARS, start, full, lifetime, kind=kind,
                              shape=2.0 if kind == "weibull" else None)
    sales = curves.linear(YEARS, start, full)
    assert np.all((0 <= y) & (y <= 1 + 1e-12))
    assert np.all(np.diff(y) >= -1e-12)
    assert np.all(y <= sales + 1e-12)          # the stock lags the sales
    assert np.all(y[YEARS <= start] == 0)
    if kind == "fixed" and full + lifetime <= YEARS[-1]:
        assert y[YEARS == full + lifetime - 1][0] == pytest.approx(1.0)
