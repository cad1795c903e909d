"""LMG / Shapley R2 shares: closed forms, orderings brute force, adding-up."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.regression import HACRegression, lmg_decomposition
from attribution.models.regression.simulate import simulate_regression


def _correlated(
    nobs: int = 200, k: int = 4, seed: int = 0
) -> tuple[pd.Series, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(nobs)
    x = rng.standard_normal((nobs, k)) + 0.8 * common[:, None]
    y = x @ np.linspace(1.0, -0.5, k) + rng.standard_normal(nobs)
    idx = pd.date_range("2001-01-03", periods=nobs, freq="W-WED")
    return pd.Series(y, index=idx, name="y"), pd.DataFrame(
        x, index=idx, columns=[f"x{i}" for i in range(k)]
    )


def _r2(y: pd.Series, x: pd.DataFrame) -> float:
    """Centred R2 of OLS with a constant, by plain lstsq (independent of the code)."""
    design = np.column_stack([np.ones(len(y)), x.to_numpy()])
    u = y.to_numpy() - design @ np.linalg.lstsq(design, y.to_numpy(), rcond=None)[0]
    yc = y.to_numpy() - y.mean()
    return float(1 - u @ u / (yc @ yc))


def test_shares_add_to_full_rsquared() -> None:
    y, x = _correlated()
    res = lmg_decomposition(y, x)
    full = _r2(y, x)
    assert HACRegression(y, x).fit().rsquared == pytest.approx(full, rel=1e-12)
    assert res.rsquared == pytest.approx(full, rel=1e-12)
    assert res.shares.sum() == pytest.approx(full, rel=1e-12)
    assert res.relative.sum() == pytest.approx(1.0, rel=1e-12)


def test_orthogonal_regressors_get_own_rsquared() -> None:
    rng = np.random.default_rng(1)
    z = rng.standard_normal((100, 3))
    z -= z.mean(axis=0)
    q, _ = np.linalg.qr(z)  # exactly orthogonal, mean zero columns
    x = pd.DataFrame(q, columns=["a", "b", "c"])
    y = pd.Series(q @ [1.0, 2.0, 0.5] + 0.1 * rng.standard_normal(100), name="y")
    res = lmg_decomposition(y, x)
    own = [
        np.corrcoef(y, x[c])[0, 1] ** 2 for c in x
    ]  # closed form: squared correlation
    np.testing.assert_allclose(res.shares.to_numpy(), own, rtol=1e-10)


def test_two_regressor_closed_form() -> None:
    y, x = _correlated(k=2, seed=3)
    r1, r2 = (np.corrcoef(y, x[c])[0, 1] for c in x)
    r12 = np.corrcoef(x["x0"], x["x1"])[0, 1]
    full = (r1**2 + r2**2 - 2 * r1 * r2 * r12) / (1 - r12**2)
    expected = [0.5 * (r1**2 + full - r2**2), 0.5 * (r2**2 + full - r1**2)]
    np.testing.assert_allclose(lmg_decomposition(y, x).shares, expected, rtol=1e-10)


def test_equals_average_over_orderings_brute_force() -> None:
    y, x = _correlated(k=4, seed=5)
    cols = list(x.columns)
    total = dict.fromkeys(cols, 0.0)
    perms = list(itertools.permutations(cols))
    for order in perms:
        for i, c in enumerate(order):
            total[c] += _r2(y, x[list(order[: i + 1])]) - _r2(y, x[list(order[:i])])
    brute = pd.Series(total) / len(perms)
    res = lmg_decomposition(y, x)
    np.testing.assert_allclose(res.shares.loc[cols], brute.loc[cols], rtol=1e-9)


def test_groups_act_as_one_player() -> None:
    y, x = _correlated(k=4, seed=6)
    res = lmg_decomposition(y, x, groups={"g1": ["x0", "x1"], "g2": ["x2", "x3"]})
    r_all, r_g1, r_g2 = _r2(y, x), _r2(y, x[["x0", "x1"]]), _r2(y, x[["x2", "x3"]])
    np.testing.assert_allclose(
        res.shares.to_numpy(),
        [0.5 * (r_g1 + r_all - r_g2), 0.5 * (r_g2 + r_all - r_g1)],
        rtol=1e-10,
    )
    assert "LMG" in res.summary()


def test_errors() -> None:
    y, x = simulate_regression(50, seed=1)
    with pytest.raises(ModelSpecificationError, match="`groups` must be a partition"):
        lmg_decomposition(y, x, groups={"g": ["x1"]})
    wide = pd.DataFrame(
        np.random.default_rng(0).standard_normal((50, 16)), index=y.index
    )
    wide.columns = [f"w{i}" for i in range(16)]
    with pytest.raises(ModelSpecificationError, match="`exog` must be at most 15"):
        lmg_decomposition(y, wide)
