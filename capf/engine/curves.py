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

    >>> step([2024, 2025, 2026], 2024, 2025).tolist()
    [0.0, 1.0, 1.0]
    """
    years = np.asarray(years, dtype=float)
    return (years >= np.asarray(full, dtype=float)).astype(float)


def linear(years, start, full):
    """Straight line from 0 in ``start`` to 1 in ``full``.

    >>> linear([2025, 2026, 2030, 2031], 2025, 2030).tolist()
    [0.0, 0.2, 1.0, 1.0]
    """
    return np.clip(_progress(years, start, full), 0.0, 1.0)


def logistic(years, start, full, steepness=10.0):
    """Logistic S-curve centred half-way, rescaled so it is exactly 0 at start and 1 at full.

    ``steepness`` is the logistic growth rate per unit of progress (default 10: the
    raw curve goes from 0.7 % to 99.3 % over the span before rescaling).

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
    """Evaluate the named curve (one of :data:`CURVES`)."""
    if curve == "logistic":
        return logistic(years, start, full, steepness)
    if curve == "bass":
        return bass(years, start, full, p, q)
    try:
        return CURVES[curve](years, start, full)
    except KeyError:
        raise ValueError(f"unknown curve {curve!r}; expected one of {', '.join(CURVES)}") from None
