"""Rolling and recursive estimates against brute-force refits."""

from __future__ import annotations

import numpy as np
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.regression import HACRegression, RollingRegression
from attribution.models.regression.simulate import simulate_regression


@pytest.mark.parametrize("expanding", [False, True], ids=["rolling", "expanding"])
def test_coefficients_equal_brute_force_lstsq(expanding: bool) -> None:
    y, x = simulate_regression(120, seed=1)
    res = RollingRegression(y, x, window=40, expanding=expanding).fit()
    assert len(res.params) == 81 and res.params.index[0] == y.index[39]
    xc = np.column_stack([np.ones(120), x.to_numpy()])
    for i, date in enumerate(res.params.index):
        end = 40 + i
        start = 0 if expanding else end - 40
        b = np.linalg.pinv(xc[start:end]) @ y.to_numpy()[start:end]
        np.testing.assert_allclose(
            res.params.loc[date].to_numpy(), b, rtol=1e-8, atol=1e-10
        )
        assert res.nobs.loc[date] == end - start


@pytest.mark.parametrize("cov", ["hac", "hc1", "nonrobust"])
def test_std_err_equal_full_refit(cov: str) -> None:
    y, x = simulate_regression(100, seed=2)
    res = RollingRegression(y, x, window=50, expanding=True).fit(cov=cov)
    for date in res.params.index[[0, 17, -1]]:
        ref = HACRegression(y.loc[:date], x.loc[:date]).fit(cov=cov)  # type: ignore[arg-type]
        np.testing.assert_allclose(res.params.loc[date], ref.params, rtol=1e-9)
        np.testing.assert_allclose(res.std_err.loc[date], ref.std_err, rtol=1e-9)
        if cov == "hac":
            assert res.bandwidth.loc[date] == ref.bandwidth


def test_fixed_bandwidth_and_frames() -> None:
    y, x = simulate_regression(80, seed=3)
    res = RollingRegression(y, x, window=30).fit(bandwidth=2)
    assert (res.bandwidth == 2).all()
    long = res.to_frame()
    assert list(long.index.names) == ["date", "regressor"]
    assert (long["lower"] < long["upper"]).all()
    assert "Rolling OLS" in res.summary()


def test_window_too_small_raises() -> None:
    y, x = simulate_regression(80, seed=3)
    with pytest.raises(ModelSpecificationError, match="`window` must be >= 4"):
        RollingRegression(y, x, window=3)
