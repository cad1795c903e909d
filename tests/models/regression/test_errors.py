"""Every user-facing error of the regression toolkit, pinned by its message."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.covariance import (
    andrews_bandwidth,
    kernel_weights,
    nw_bandwidth,
    sandwich_cov,
)
from attribution.models.regression import (
    HACRegression,
    IVRegression,
    RollingRegression,
    window_contributions,
)
from attribution.models.regression.simulate import simulate_iv, simulate_regression

Y, X = simulate_regression(60, seed=0)
SIM = simulate_iv(60, seed=0)
RES = HACRegression(Y, X).fit()


def _nan_window() -> pd.DataFrame:
    w = X.iloc[-3:].copy()
    w.iloc[0, 0] = np.nan
    return w


CASES: list[tuple[str, Callable[[], object], str]] = [
    ("nw-rule", lambda: nw_bandwidth(100, "andrews"), "`rule` must be 'rule_of_thumb'"),  # type: ignore[arg-type]
    ("nw-nobs", lambda: nw_bandwidth(0), "`nobs` must be >= 1"),
    ("kw-lags", lambda: kernel_weights(-1), "`n_lags` must be >= 0"),
    (
        "andrews-kernel",
        lambda: andrews_bandwidth(np.ones((5, 1)), "tukey"),  # type: ignore[arg-type]
        "`kernel` must be one of",
    ),
    (
        "hc-unknown",
        lambda: sandwich_cov(np.ones((5, 1)), np.ones(5), hc="hc9"),
        "`hc` must be one of",
    ),
    ("ols-index", lambda: HACRegression(Y, X.iloc[:-1]), "`exog.index` must be equal"),
    (
        "ols-rank",
        lambda: HACRegression(Y, X.assign(x3=X["x1"] * 2.0)),
        "`exog` must be of full column rank",
    ),
    (
        "ols-rows",
        lambda: HACRegression(Y.iloc[:3], X.iloc[:3]),
        "`data` must be more rows than regressors",
    ),
    (
        "ols-nan",
        lambda: HACRegression(Y.where(Y.index != Y.index[5]), X),
        "`data` must be free of NaN",
    ),
    (
        "ols-cov",
        lambda: HACRegression(Y, X).fit(cov="hc5"),  # type: ignore[arg-type]
        "`cov` must be one of",
    ),
    (
        "ols-qs-bw",
        lambda: HACRegression(Y, X).fit(kernel="quadratic-spectral", bandwidth=-2.0),
        "`bandwidth` must be >= 1e-12",
    ),
    (
        "iv-index",
        lambda: IVRegression(
            SIM.endog, None, SIM.endogenous, SIM.instruments.iloc[:-1]
        ),
        "`instruments.index` must be equal to endog.index",
    ),
    (
        "iv-rank",
        lambda: IVRegression(
            SIM.endog,
            None,
            SIM.endogenous,
            SIM.instruments.assign(z2=SIM.instruments * 3.0),
        ),
        "`instruments` must be linearly independent of exog",
    ),
    (
        "iv-cov",
        lambda: IVRegression(SIM.endog, None, SIM.endogenous, SIM.instruments).fit(
            cov="hc3"
        ),  # type: ignore[arg-type]
        "`cov` must be one of",
    ),
    (
        "iv-threshold",
        lambda: IVRegression(SIM.endog, None, SIM.endogenous, SIM.instruments).fit(
            weak_threshold=-1
        ),
        "`weak_threshold` must be >= 0.0",
    ),
    (
        "roll-index",
        lambda: RollingRegression(Y, X.iloc[1:], window=20),
        "`exog.index` must be equal",
    ),
    (
        "roll-cov",
        lambda: RollingRegression(Y, X, window=20).fit(cov="hc3"),
        "`cov` must be one of",
    ),
    (
        "contrib-cols",
        lambda: window_contributions(RES, X.iloc[-3:, :1]),
        "`exog_window` must be columns",
    ),
    (
        "contrib-nan",
        lambda: window_contributions(RES, _nan_window()),
        r"`exog_window\['x1'\]` must be free of NaN",
    ),
    (
        "contrib-nboot",
        lambda: window_contributions(RES, X.iloc[-3:], method="bootstrap", n_boot=1),
        "`n_boot` must be >= 2",
    ),
]


@pytest.mark.parametrize(("case", "call", "match"), CASES, ids=[c[0] for c in CASES])
def test_error_message(case: str, call: Callable[[], object], match: str) -> None:
    with pytest.raises(ModelSpecificationError, match=match):
        call()


def test_missing_drop_warns_with_count() -> None:
    from attribution.exceptions import MissingValueWarning

    y = Y.copy()
    y.iloc[[3, 7]] = np.nan
    with pytest.warns(MissingValueWarning, match="dropped 2 rows"):
        res = HACRegression(y, X, missing="drop").fit()
    assert res.nobs == 58
    endog = SIM.endog.copy()
    endog.iloc[0] = np.nan
    with pytest.warns(MissingValueWarning, match="dropped 1 rows"):
        iv = IVRegression(endog, None, SIM.endogenous, SIM.instruments, missing="drop")
    assert len(iv.endog) == 59
