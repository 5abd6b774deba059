"""Adoption curves: the share of an action's final effect reached in each year.

Every curve is 0 in the ``start`` year, reaches 1 in the ``full`` year and stays
there (multiply by the action's final share). Years before ``start`` are 0.
All functions take an array of years and broadcast over parameter arrays, so
one call evaluates a curve for every action or Monte-Carlo sample at once.
"""

from __future__ import annotations

import numpy as np

__all__ = ["step", "linear", "logistic", "bass", "evaluate", "CURVES"]


def _progress(years, start, full):
    years = np.asarray(years, dtype=float)
    start = np.asarray(start, dtype=float)
    full = np.asarray(full, dtype=float)
    span = np.where(full > start, full - start, 1.0)
    return (years - start) / span


def step(years, start, full):
    """0 before ``full``, 1 from ``full`` on (so 0 in the start year unless full == start).

    Parameters
    ----------
    years : array_like
        Years (float; [T], or [T, columns] to evaluate per column).
    start, full : float or array_like
        Year the curve starts from 0 and year it reaches 1 (broadcast against ``years``).

    Examples
    --------
    >>> step([2024, 2025, 2026], 2024, 2025).tolist()
    [0.0, 1.0, 1.0]
    """
    years = np.asarray(years, dtype=float)
    return (years >= np.asarray(full, dtype=float)).astype(float)


def linear(years, start, full):
    """Straight line from 0 in ``start`` to 1 in ``full``.

    Parameters
    ----------
    years : array_like
        Years (float; [T], or [T, columns] to evaluate per column).
    start, full : float or array_like
        Year the curve starts from 0 and year it reaches 1 (broadcast against ``years``).

    Examples
    --------
    >>> linear([2025, 2026, 2030, 2031], 2025, 2030).tolist()
    [0.0, 0.2, 1.0, 1.0]
    """
    return np.clip(_progress(years, start, full), 0.0, 1.0)


def logistic(years, start, full, steepness=10.0):
    """Logistic S-curve centred half-way, rescaled so it is exactly 0 at start and 1 at full.

    ``steepness`` is the logistic growth rate per unit of progress (default 10: the
    raw curve goes from 0.7 % to 99.3 % over the span before rescaling).

    Parameters
    ----------
    years : array_like
        Years (float; [T], or [T, columns] to evaluate per column).
    start, full : float or array_like
        Year the curve starts from 0 and year it reaches 1 (broadcast against ``years``).
    steepness : float or array_like, default 10
        Growth rate per unit of progress (dimensionless).

    Examples
    --------
    >>> y = logistic([2024, 2029.5, 2035], 2024, 2035)
    >>> np.round(y, 6).tolist()
    [0.0, 0.5, 1.0]
    """
    x = np.clip(_progress(years, start, full), 0.0, 1.0)
    k = np.asarray(steepness, dtype=float)
    f = 1.0 / (1.0 + np.exp(-k * (x - 0.5)))
    f0 = 1.0 / (1.0 + np.exp(k * 0.5))
    f1 = 1.0 / (1.0 + np.exp(-k * 0.5))
    return np.clip((f - f0) / (f1 - f0), 0.0, 1.0)


def bass(years, start, full, p=0.03, q=0.38):
    """Bass diffusion F(τ) = (1 − e^{−(p+q)τ}) / (1 + (q/p) e^{−(p+q)τ}), τ = years since start,
    rescaled by F(full − start) so it reaches 1 in ``full`` and is held there.

    Defaults p = 0.03 (innovation) and q = 0.38 (imitation) are the average values
    commonly reported from the meta-analysis of Sultan, Farley & Lehmann (1990),
    "A Meta-Analysis of Applications of Diffusion Models", J. Marketing Research
    27(1), 70-77 (quoted e.g. in the Wikipedia article "Bass diffusion model";
    the paper itself was not available to check). Give ``p`` and ``q`` on the
    action to use your own.

    Parameters
    ----------
    years : array_like
        Years (float; [T], or [T, columns] to evaluate per column).
    start, full : float or array_like
        Year the curve starts from 0 and year it reaches 1 (broadcast against ``years``).
    p, q : float or array_like
        Coefficients of innovation and imitation (per year).

    Examples
    --------
    >>> y = bass([2020, 2030], 2020, 2030)
    >>> np.round(y, 6).tolist()
    [0.0, 1.0]
    """
    years = np.asarray(years, dtype=float)
    start = np.asarray(start, dtype=float)
    full = np.asarray(full, dtype=float)
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)

    def F(tau):
        e = np.exp(-(p + q) * tau)
        return (1.0 - e) / (1.0 + (q / p) * e)

    tau = np.clip(years - start, 0.0, None)
    tau_full = np.maximum(full - start, 1e-12)
    return np.clip(F(np.minimum(tau, tau_full)) / F(tau_full), 0.0, 1.0)


CURVES = {"step": step, "linear": linear, "logistic": logistic, "bass": bass}


def evaluate(curve: str, years, start, full, *, steepness=10.0, p=0.03, q=0.38):
    """Evaluate the named curve (one of :data:`CURVES`).

    Parameters
    ----------
    curve : str
        ``step``, ``linear``, ``logistic`` or ``bass``.
    years : array_like
        Years (float; [T], or [T, columns] to evaluate per column).
    start, full : float or array_like
        Year the curve starts from 0 and year it reaches 1 (broadcast against ``years``).
    steepness, p, q : float, optional
        Parameters of the logistic (dimensionless) and Bass (per year) curves.

    Examples
    --------
    >>> evaluate("linear", [2025, 2030], 2025, 2030).tolist()
    [0.0, 1.0]
    """
    if curve == "logistic":
        return logistic(years, start, full, steepness)
    if curve == "bass":
        return bass(years, start, full, p, q)
    try:
        return CURVES[curve](years, start, full)
    except KeyError:
        raise ValueError(f"unknown curve {curve!r}; expected one of {', '.join(CURVES)}") from None


SURVIVAL = ("fixed", "exponential", "weibull")


def survival(ages, lifetime, kind="fixed", shape=None):
    """Share of a vintage still in the stock at each age (years).

    ``fixed``: every unit lasts exactly ``lifetime`` years; ``exponential``: constant
    retirement hazard 1/lifetime; ``weibull``: Weibull with mean ``lifetime`` and the
    given ``shape`` (no default: the shape is a property of the stock, give it).

    Parameters
    ----------
    ages : array_like
        Ages (years).
    lifetime : float
        Mean lifetime (years).
    kind : {"fixed", "exponential", "weibull"}, default "fixed"
    shape : float, optional
        Weibull shape (dimensionless).

    Examples
    --------
    >>> survival([0, 4, 5], 5).tolist()
    [1.0, 1.0, 0.0]
    """
    ages = np.asarray(ages, dtype=float)
    L = float(lifetime)
    if kind == "fixed":
        return (ages < L).astype(float)
    if kind == "exponential":
        return np.exp(-ages / L)
    if kind == "weibull":
        if shape is None:
            raise ValueError("a Weibull survival curve needs 'shape'")
        from scipy.special import gamma

        scale = L / gamma(1.0 + 1.0 / float(shape))
        return np.exp(-((ages / scale) ** float(shape)))
    raise ValueError(f"unknown survival curve {kind!r}; expected one of {', '.join(SURVIVAL)}")


def stock_turnover(years, start, full, lifetime, *, kind="fixed", shape=None,
                   sales_curve="linear", steepness=10.0, p=0.03, q=0.38):
    """Share of a long-lived stock (vehicles, boilers) that is of the new kind.

    New sales follow ``sales_curve`` from 0 in ``start`` to 1 in ``full``; the stock
    is renewed at the steady-state rate of its survival curve, so the stock share is
    the convolution of the sales share with the normalised survival curve along
    the year axis::

        stock(t) = Σ_a w(a) · sales(t − a),   w(a) = S(a) / Σ_a' S(a')

    computed as one matrix product (no loop over vintages). With ``fixed``
    survival it is the moving average of the sales share over the last
    ``lifetime`` years.

    Parameters
    ----------
    years : array_like
        Years (float; [T], or [T, columns] to evaluate per column).
    start, full : float or array_like
        Year the curve starts from 0 and year it reaches 1 (broadcast against ``years``).
    lifetime : float
        Mean lifetime of the stock (years).
    kind, shape
        Survival curve (:func:`survival`).
    sales_curve : str, default "linear"
        Curve of the new kind's share of sales (:func:`evaluate`).
    steepness, p, q : float, optional
        Parameters of the sales curve.

    Examples
    --------
    >>> np.round(stock_turnover([2020, 2021, 2022, 2023, 2024, 2025], 2020, 2021, 4), 3).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    """
    years = np.asarray(years, dtype=float)
    sales = evaluate(sales_curve, years, start, full, steepness=steepness, p=p, q=q)
    n = years.shape[0]  # consecutive years along the first axis ([T] or [T, columns])
    horizon = int(max(np.ceil(float(lifetime) * 10), n)) + 1
    s = survival(np.arange(horizon), lifetime, kind, shape)
    w = s / s.sum()
    lag = np.arange(n)[:, None] - np.arange(n)[None, :]  # t - v
    kernel = np.where(lag >= 0, w[np.clip(lag, 0, horizon - 1)], 0.0)
    return np.clip(kernel @ sales, 0.0, 1.0)
