"""VAR specification checks, result accessors and error messages."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import (
    EmptySampleError,
    ModelSpecificationError,
    WindowError,
)
from attribution.models.var import VAR, Cholesky, FixedImpact, Rotation
from tests.models.state import assert_same_state, snapshot


def test_fit_does_not_mutate_and_results_are_frozen(sim3) -> None:
    model = VAR(sim3.data, trend="c", max_lags=4)
    before = snapshot(model)
    data = sim3.data.copy()
    res = model.fit()
    assert model.n_lags is None
    assert_same_state(model, before)
    pd.testing.assert_frame_equal(sim3.data, data)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.n_lags = 3  # type: ignore[misc]
    assert res.lag_order is not None and res.n_lags == res.lag_order.selected["aic"]


def test_accessors_are_labelled(sim3) -> None:
    res = VAR(sim3.data, n_lags=2, trend="ct").fit()
    assert list(res.params.index[:3]) == ["const", "trend", "L1.a"]
    assert list(res.params.columns) == ["a", "b", "c"]
    tidy = res.to_frame()
    assert tidy.index.names == ["equation", "regressor"]
    assert list(tidy.columns) == [
        "params",
        "std_err",
        "tvalues",
        "pvalues",
        "lower",
        "upper",
    ]
    assert res.resid.index.equals(sim3.data.index[2:])
    np.testing.assert_allclose(
        res.sigma_u_mle.to_numpy() * res.nobs,
        res.resid.to_numpy().T @ res.resid.to_numpy(),
    )
    assert "VAR(2)" in res.summary() and "stable" in res.summary()
    diag = res.diagnostics(8)
    assert list(diag.index) == ["portmanteau", "portmanteau_adjusted", "normality"]
    assert ((diag["pvalue"] >= 0) & (diag["pvalue"] <= 1)).all()


def test_unstable_var_is_flagged(sim3) -> None:
    # Fitted: an explosive VAR(1), x_t = 1.05 x_{t-1} + e, y_t = 0.5 y_{t-1} + e.
    rng = np.random.default_rng(0)
    e = rng.standard_normal((200, 2))
    path = np.zeros((200, 2))
    path[0] = [1.0, 0.0]
    for t in range(1, 200):
        path[t] = np.array([1.05, 0.5]) * path[t - 1] + e[t]
    idx = pd.date_range("2020-01-03", periods=200, freq="W-FRI")
    data = pd.DataFrame(path, index=idx, columns=["x", "y"])
    explosive = VAR(data, n_lags=1, trend="n").fit()
    assert explosive.roots.iloc[0] == pytest.approx(1.05, abs=0.01)
    assert explosive.is_stable is False
    stable = VAR(sim3.data, n_lags=2, trend="c").fit()
    assert stable.roots.iloc[0] < 1.0 and stable.is_stable is True
    # Constructed: lag matrices with known companion roots 1.02 / 0.98 and 0.5.
    for root, expected in ((1.02, False), (0.98, True)):
        lag = np.array([[root, 0.3], [0.0, 0.5]])  # eigenvalues root, 0.5
        res = dataclasses.replace(explosive, params_array=lag.T.copy())
        np.testing.assert_allclose(res.roots, [root, 0.5])
        assert res.is_stable is expected


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"trend": "ctt"}, ModelSpecificationError, "`trend` must be one of"),
        ({"n_lags": 0}, ModelSpecificationError, "`n_lags` must be >= 1"),
        ({"n_lags": 2.5}, ModelSpecificationError, "`n_lags` must be an integer"),
        ({"n_lags": 500}, EmptySampleError, r"`n_lags` must be <= \d+ for T = 400"),
        ({"criterion": "aicc"}, ModelSpecificationError, "`criterion` must be one of"),
        ({"max_lags": 0}, ModelSpecificationError, "`max_lags` must be >= 1"),
    ],
)
def test_bad_specification_messages(sim3, kwargs, exc, match) -> None:
    with pytest.raises(exc, match=match):
        VAR(sim3.data, **kwargs)


def test_missing_values_raise_with_hint(sim3) -> None:
    data = sim3.data.copy()
    data.iloc[5, 1] = np.nan
    with pytest.raises(
        ModelSpecificationError, match='must be free of NaN.*missing="drop"'
    ):
        VAR(data, n_lags=1)


def test_unsorted_index_raises(sim3) -> None:
    with pytest.raises(ModelSpecificationError, match="`data.index` must be sorted"):
        VAR(sim3.data.iloc[::-1], n_lags=1)


def test_identification_messages(sim3) -> None:
    res = VAR(sim3.data, n_lags=1).fit()
    with pytest.raises(ModelSpecificationError, match="`order` must be a permutation"):
        res.irf(2, Cholesky(("a", "b")))
    with pytest.raises(
        ModelSpecificationError, match="`rotation` must be a square orthogonal"
    ):
        Rotation(np.ones((3, 3)), ("x", "y", "z"))
    with pytest.raises(
        ModelSpecificationError, match="`identification` must be Cholesky"
    ):
        res.irf(2, "cholesky")  # type: ignore[arg-type]
    with pytest.raises(ModelSpecificationError, match="`matrix` must be square"):
        FixedImpact(np.eye(3), ("x",))
    with pytest.raises(WindowError, match="`start` must be on or after"):
        res.historical_decomposition(start="2000-01-01")


def test_rotation_identity_equals_cholesky(sim3) -> None:
    res = VAR(sim3.data, n_lags=2).fit()
    rot = Rotation(np.eye(3), ("a", "b", "c"))
    pd.testing.assert_series_equal(res.irf(5, rot), res.irf(5))
    # a non-trivial rotation leaves the FEVD total and B B' unchanged
    q, _ = np.linalg.qr(np.random.default_rng(1).standard_normal((3, 3)))
    b = Rotation(q, ("x", "y", "z")).impact(res._sigma, res.names)
    np.testing.assert_allclose(b @ b.T, res._sigma, atol=1e-12)
    np.testing.assert_allclose(
        res.fevd(4, Rotation(q, ("x", "y", "z")))
        .groupby(level=["horizon", "response"])
        .sum(),
        1.0,
    )
