"""Kernels and bandwidth rules of attribution.models.covariance (closed forms)."""

from __future__ import annotations

import numpy as np
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.covariance import (
    andrews_bandwidth,
    bandwidth_weights,
    kernel_function,
    kernel_weights,
    long_run_covariance,
    long_run_covariance_bw,
    sandwich_cov,
)


def _scores(seed: int = 0, nobs: int = 60, k: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((nobs, k)).cumsum(axis=0) * 0.1


def test_bartlett_real_bandwidth_equals_nw_lags() -> None:
    g = _scores()
    for lag in (0, 1, 4, 7):
        np.testing.assert_allclose(
            long_run_covariance_bw(g, lag + 1.0, "bartlett"),
            long_run_covariance(g, lag, "bartlett"),
            rtol=1e-13,
        )


def test_long_run_covariance_brute_force() -> None:
    g = _scores(1, 30, 2)
    lag = 3
    s = np.zeros((2, 2))
    for t in range(30):
        for u in range(30):
            if abs(t - u) <= lag:
                s += (1 - abs(t - u) / (lag + 1)) * np.outer(g[t], g[u])
    np.testing.assert_allclose(long_run_covariance(g, lag), s, rtol=1e-12)


def test_qs_closed_form_values() -> None:
    # k_QS(x) = 25/(12 pi^2 x^2) (sin(6 pi x/5)/(6 pi x/5) - cos(6 pi x/5))
    x = np.array([0.5, 1.0, 2.3])
    z = 6 * np.pi * x / 5
    expected = 25 / (12 * np.pi**2 * x**2) * (np.sin(z) / z - np.cos(z))
    np.testing.assert_allclose(
        kernel_function(x, "quadratic-spectral"), expected, rtol=1e-14
    )
    # continuity at 0
    assert kernel_function(np.array([1e-6]), "quadratic-spectral")[0] == pytest.approx(
        1, abs=1e-9
    )
    assert kernel_function(np.array([0.0]), "quadratic-spectral")[0] == 1.0


def test_parzen_weights_match_kernel_function() -> None:
    lag = 5
    np.testing.assert_allclose(
        kernel_weights(lag, "parzen"),
        kernel_function(np.arange(lag + 1) / (lag + 1), "parzen"),
    )


def test_bandwidth_weights_trim_and_raise() -> None:
    w = bandwidth_weights(3.0, 50, "bartlett")
    np.testing.assert_allclose(w, [1, 2 / 3, 1 / 3])
    with pytest.raises(ModelSpecificationError, match="`bandwidth` must be > 0"):
        bandwidth_weights(0.0, 10)


def test_andrews_bandwidth_single_ar1_closed_form() -> None:
    # one score column: alpha(2) = 4 rho^2/(1-rho)^4, alpha(1) = 4 rho^2/((1-rho^2)^2)
    rng = np.random.default_rng(3)
    e = rng.standard_normal(400)
    x = np.empty(400)
    x[0] = e[0]
    for t in range(1, 400):
        x[t] = 0.5 * x[t - 1] + e[t]
    xd = x - x.mean()
    rho = np.polyfit(xd[:-1], xd[1:], 1)[0]
    a2 = 4 * rho**2 / (1 - rho) ** 4
    a1 = 4 * rho**2 / ((1 - rho) ** 2 * (1 + rho) ** 2)
    assert andrews_bandwidth(x, "quadratic-spectral") == pytest.approx(
        1.3221 * (400 * a2) ** 0.2, rel=1e-10
    )
    assert andrews_bandwidth(x, "bartlett") == pytest.approx(
        1.1447 * (400 * a1) ** (1 / 3), rel=1e-10
    )


def test_kernel_errors() -> None:
    with pytest.raises(ModelSpecificationError, match="`kernel` must be one of"):
        kernel_function(np.array([0.1]), "tukey")  # type: ignore[arg-type]
    with pytest.raises(ModelSpecificationError, match="use bandwidth_weights"):
        kernel_weights(3, "quadratic-spectral")
    with pytest.raises(ModelSpecificationError, match="`hc` must be 'hc0' or 'hc1'"):
        sandwich_cov(np.ones((5, 1)), np.ones(5), n_lags=1, hc="hc3")
