"""TIC nowcast: no skill on pure noise, skill on signal, no look-ahead on real TIC."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Lasso, Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from attribution.config import load_config
from attribution.exceptions import EmptySampleError, ModelSpecificationError
from attribution.features.tic import nowcast_frame, series_ids
from attribution.models.nowcast import (
    TicNowcast,
    diebold_mariano,
    simulate_nowcast_data,
)
from attribution.panel import build_panel
from attribution.pipeline.common import store_from_config

SMALL = {"families": ("ridge", "lasso"), "alphas": (0.1, 1.0, 10.0), "cv_splits": 3}


def test_pure_noise_target_has_no_skill() -> None:
    y, x = simulate_nowcast_data(180, coefs=(0.0, 0.0, 0.0), seed=5)
    res = TicNowcast(y, x, **SMALL).fit(backtest_months=48, refit_every=24)
    assert res.no_skill and not res.skill
    assert res.nowcasts["no_skill"].all() and len(res.nowcasts) == 2
    assert "NO SKILL" in res.summary()


def test_signal_target_has_skill_and_recovers_coefficients() -> None:
    y, x = simulate_nowcast_data(180, coefs=(2.0, 0.0, -1.0), noise=1.0, seed=6)
    res = TicNowcast(y, x, **SMALL).fit(backtest_months=48, refit_every=24)
    assert res.skill and res.stats["rmse_ratio"] < 0.6
    np.testing.assert_allclose(
        res.params[["x1", "x2", "x3"]], [2.0, 0.0, -1.0], atol=0.3
    )
    # interval = nowcast + empirical quantiles of the backtest errors
    e = res.backtest["error"].to_numpy()
    np.testing.assert_allclose(
        res.nowcasts["upper"] - res.nowcasts["nowcast"], np.quantile(e, 0.9), rtol=1e-12
    )
    np.testing.assert_allclose(
        res.nowcasts["lower"] - res.nowcasts["nowcast"], np.quantile(e, 0.1), rtol=1e-12
    )


def test_diebold_mariano_by_hand() -> None:
    rng = np.random.default_rng(0)
    e1, e0 = rng.standard_normal(40), 1.3 * rng.standard_normal(40)
    d = e1**2 - e0**2
    n, lags = d.size, int(np.floor(4 * (40 / 100) ** (2 / 9)))
    dc = d - d.mean()
    lrv = dc @ dc + 2 * sum(
        (1 - j / (lags + 1)) * (dc[j:] @ dc[:-j]) for j in range(1, lags + 1)
    )
    stat = d.mean() / np.sqrt(lrv / n / n)
    from scipy import stats

    got = diebold_mariano(e1, e0)
    assert got[0] == pytest.approx(stat, rel=1e-12)
    assert got[1] == pytest.approx(stats.t.cdf(stat, n - 1), rel=1e-12)


@pytest.fixture(scope="module")
def japan() -> tuple[pd.Series, pd.DataFrame]:
    panel = build_panel(store_from_config(load_config(None)), series_ids(("Japan",)))
    return nowcast_frame(panel, "Japan")


def test_real_tic_cv_has_no_look_ahead(japan: tuple[pd.Series, pd.DataFrame]) -> None:
    """Rebuild the first backtest nowcast by hand: sklearn on months <= t - 2 only."""
    y, x = japan
    assert y.index.max() == pd.Timestamp("2025-12-31")  # last TIC month in the snapshot
    res = TicNowcast(y, x, **SMALL).fit(backtest_months=12, refit_every=12)
    bt = res.backtest
    assert len(bt) == 12 and np.isfinite(bt[["nowcast", "error"]].to_numpy()).all()
    t = bt.index[0]
    cutoff = t - pd.offsets.MonthEnd(2)
    train = y.index <= cutoff
    assert bt.loc[t, "train_end"] <= cutoff and bt.loc[t, "n_train"] == int(train.sum())
    pipe = Pipeline([("scale", StandardScaler()), ("model", Ridge())])
    grid = [
        {"model": [Ridge()], "model__alpha": [0.1, 1.0, 10.0]},
        {"model": [Lasso(max_iter=50_000)], "model__alpha": [0.1, 1.0, 10.0]},
    ]
    search = GridSearchCV(
        pipe, grid, cv=TimeSeriesSplit(3), scoring="neg_mean_squared_error"
    ).fit(x.loc[train].to_numpy(), y.loc[train].to_numpy())
    manual = search.predict(x.loc[[t]].to_numpy())[0]
    assert bt.loc[t, "nowcast"] == pytest.approx(manual, rel=1e-10)
    # the no-change RMSE is the RMS of the realised changes
    assert res.stats["rmse_naive"] == pytest.approx(
        float(np.sqrt(np.mean(y.loc[bt.index] ** 2))), rel=1e-12
    )
    assert {"d_custody", "d_us10", "fx_move", "d_local10", "target_lag2"} <= set(
        x.columns
    )


def test_errors() -> None:
    y, x = simulate_nowcast_data(80, coefs=(1.0,), seed=1)
    with pytest.raises(ModelSpecificationError, match=r"`families` must be one of"):
        TicNowcast(y, x, families=("forest",))  # type: ignore[arg-type]
    gap = y.copy()
    gap.iloc[10] = np.nan
    with pytest.raises(
        ModelSpecificationError, match=r"`target` must be free of NaN up to"
    ):
        TicNowcast(gap, x)
    with pytest.raises(
        EmptySampleError, match=r"`backtest_months` must be small enough"
    ):
        TicNowcast(y, x, **SMALL).fit(backtest_months=60)
    with pytest.raises(ModelSpecificationError, match=r"`alphas` must be >= 1e-12"):
        TicNowcast(y, x, alphas=(0.0,))
