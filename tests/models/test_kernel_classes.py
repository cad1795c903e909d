"""Kernel classes: one weight formula each, lag vs real bandwidth, fit(**cov_config)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from attribution.exceptions import DeprecatedOptionWarning, ModelSpecificationError
from attribution.models.covariance import (
    KERNELS,
    Bartlett,
    KernelCovariance,
    Parzen,
    QuadraticSpectral,
    hac_estimator,
)
from attribution.models.regression import HACRegression
from tests.models.regression.conftest import load_dataset


def _parzen(x: float) -> float:  # Parzen (1961), typed from the textbook
    x = abs(x)
    if x <= 0.5:
        return 1 - 6 * x**2 + 6 * x**3
    return 2 * (1 - x) ** 3 if x <= 1 else 0.0


def _brute(g: np.ndarray, weight) -> np.ndarray:  # type: ignore[no-untyped-def]
    s = np.zeros((g.shape[1], g.shape[1]))
    for t in range(len(g)):
        for u in range(len(g)):
            s += weight(t - u) * np.outer(g[t], g[u])
    return s


def test_registry_has_one_class_per_kernel() -> None:
    assert KERNELS == {
        "bartlett": Bartlett,
        "parzen": Parzen,
        "quadratic-spectral": QuadraticSpectral,
    }
    assert all(issubclass(c, KernelCovariance) for c in KERNELS.values())


@pytest.mark.parametrize("b", [1.7, 3.0, 6.4])
def test_parzen_real_bandwidth_is_the_textbook_double_sum(b: float) -> None:
    g = np.random.default_rng(2).standard_normal((25, 2))
    got = Parzen(kernel_bandwidth=b).long_run(g)
    np.testing.assert_allclose(got, _brute(g, lambda j: _parzen(j / b)), rtol=1e-12)


@pytest.mark.parametrize("lag", [0, 2, 5])
def test_integer_lag_is_bandwidth_lag_plus_one_for_every_truncated_kernel(
    lag: int,
) -> None:
    g = np.random.default_rng(4).standard_normal((40, 3))
    for cls in (Bartlett, Parzen):
        np.testing.assert_allclose(
            cls(bandwidth=lag).long_run(g),
            cls(kernel_bandwidth=lag + 1.0).long_run(g),
            rtol=1e-13,
        )
    np.testing.assert_allclose(
        Parzen(bandwidth=lag).long_run(g),
        _brute(g, lambda j: _parzen(j / (lag + 1))),
        rtol=1e-12,
    )


def test_lag_and_real_bandwidth_are_separate_options() -> None:
    with pytest.raises(ModelSpecificationError, match="`bandwidth` must be None"):
        Bartlett(bandwidth=3, kernel_bandwidth=3.0)
    with pytest.raises(ModelSpecificationError, match="no truncation lag"):
        QuadraticSpectral(bandwidth=3)
    with pytest.raises(ModelSpecificationError, match="`bandwidth` must be an integer"):
        Bartlett(bandwidth=2.5)  # type: ignore[arg-type]


def test_fit_takes_cov_config_and_rejects_unknown_keys() -> None:
    y, x = load_dataset("seatbelts")
    with pytest.raises(ModelSpecificationError, match="`cov_config` must be keys"):
        HACRegression(y, x).fit(cov="hac", lags=3)  # type: ignore[call-arg]
    config = {"kernel": "parzen", "kernel_bandwidth": 4.5, "adjust": True}
    res = HACRegression(y, x).fit(cov="hac", **config)  # type: ignore[arg-type]
    assert res.kernel == "parzen" and res.kernel_bandwidth == 4.5 and res.adjust
    # the estimator built from the same config gives the same covariance
    est = hac_estimator(config)
    assert isinstance(est, Parzen)
    u = res.resid.to_numpy()
    w = np.r_[0.0, np.ones(x.shape[1])]
    vcov, lags, b = est.cov(res.exog.to_numpy(), u, weights=w)
    np.testing.assert_allclose(res.cov.to_numpy(), vcov, rtol=1e-14)
    assert b == 4.5 and lags == 4  # k(j/4.5) > 0 for j <= 4


def test_qs_bandwidth_keyword_is_deprecated_not_changed() -> None:
    y, x = load_dataset("investment")
    with pytest.warns(DeprecatedOptionWarning, match="kernel_bandwidth"):
        old = HACRegression(y, x).fit(
            cov="hac", kernel="quadratic-spectral", bandwidth=3.5
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = HACRegression(y, x).fit(
            cov="hac", kernel="quadratic-spectral", kernel_bandwidth=3.5
        )
    np.testing.assert_array_equal(old.cov.to_numpy(), new.cov.to_numpy())
    assert old.kernel_bandwidth == new.kernel_bandwidth == 3.5


def test_iv_takes_the_same_cov_config() -> None:
    from attribution.models.regression import IVRegression
    from attribution.models.regression.simulate import simulate_iv

    sim = simulate_iv(300, seed=4)
    iv = IVRegression(sim.endog, None, sim.endogenous, sim.instruments)
    lag = iv.fit(cov="hac", bandwidth=3)
    real = iv.fit(cov="hac", kernel_bandwidth=4.0)  # Bartlett k(j/4) = 1 - j/4
    np.testing.assert_allclose(lag.cov.to_numpy(), real.cov.to_numpy(), rtol=1e-13)
    adj = iv.fit(cov="hac", bandwidth=3, adjust=True)
    k = len(lag.params)
    np.testing.assert_allclose(
        adj.cov.to_numpy(), lag.cov.to_numpy() * 300 / (300 - k), rtol=1e-13
    )
    assert adj.adjust and real.kernel_bandwidth == 4.0 and real.bandwidth == 3
    with pytest.raises(ModelSpecificationError, match="`cov_config` must be keys"):
        iv.fit(cov="hac", hac_lags=3)  # type: ignore[call-arg]
