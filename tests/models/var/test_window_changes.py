"""Window contributions of a VAR in changes: the sum of the window's rows.

Two checks that do not go through the decomposition code: a VAR(1) whose
window sum is written out in closed form from the fitted matrices, and the
April 2025 report's ``svar_chol_weekly`` numbers (read off the CLI's
attribution.csv).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.var import VAR, Cholesky, simulate_svar, window_contributions

A = np.array([[0.4, 0.1], [-0.2, 0.3]])
B = np.array([[1.0, 0.0], [0.5, 0.8]])


@pytest.fixture(scope="module")
def fitted():  # noqa: ANN201
    sim = simulate_svar([A], B, nobs=300, intercept=[0.2, -0.1], seed=3)
    return VAR(sim.data, n_lags=1).fit()


def _closed_form(res, lo: int, hi: int) -> np.ndarray:  # noqa: ANN001
    """(n, 1 + n): summed baseline and Cholesky-shock contributions, by hand."""
    y = res.model.data.to_numpy()
    params = res.params.to_numpy()  # rows: const, then lag-1 coefficients
    nu, a1 = params[0], params[1:].T
    u = res.resid.to_numpy()  # resid row k is data row k + 1 (one lag)
    sigma = u.T @ u / res.df_resid
    b = np.linalg.cholesky(sigma)
    eps = np.linalg.solve(b, u.T).T
    n = y.shape[1]
    out = np.zeros((n, 1 + n))
    base = y[lo - 1].copy()
    for _t in range(lo, hi):
        base = nu + a1 @ base
        out[:, 0] += base
    for k in range(lo, hi):  # shock dated k moves rows k..hi-1
        power = np.zeros((n, n))
        for s in range(hi - k):
            power += np.linalg.matrix_power(a1, s)
        out[:, 1:] += power @ b * eps[k - 1]
    return out


def test_changes_sum_the_rows_in_closed_form(fitted) -> None:  # noqa: ANN001
    data = fitted.model.data
    start, end = data.index[200], data.index[211]
    w = window_contributions(fitted, start, end, variables="changes")
    expect = _closed_form(fitted, 200, 212)
    got = w.unstack("shock").loc[list(data.columns), ["baseline", *data.columns]]
    np.testing.assert_allclose(got.to_numpy(), expect, rtol=0, atol=1e-10)
    # the parts add up to the level change of the cumulated series
    level = data.cumsum()
    move = level.loc[end] - level.iloc[199]
    total = w.groupby(level="response", sort=False).sum()
    np.testing.assert_allclose(total[data.columns], move[data.columns], atol=1e-10)


def test_levels_keep_the_end_row(fitted) -> None:  # noqa: ANN001
    data = fitted.model.data
    start, end = data.index[200], data.index[211]
    w = window_contributions(fitted, start, end, variables="levels")
    total = w.groupby(level="response", sort=False).sum()
    move = data.loc[end] - data.iloc[199]
    np.testing.assert_allclose(total[data.columns], move[data.columns], atol=1e-10)
    with pytest.raises(ModelSpecificationError, match="`variables` must be one of"):
        window_contributions(fitted, start, end, variables="diffs")  # type: ignore[arg-type]


def test_bootstrap_and_point_agree_for_changes(fitted) -> None:  # noqa: ANN001
    data = fitted.model.data
    start, end = data.index[200], data.index[211]
    boot = fitted.bootstrap(60, method="block", seed=0)
    w = boot.window_contributions(start, end, level=0.9, variables="changes")
    point = window_contributions(fitted, start, end, variables="changes")
    np.testing.assert_allclose(w["point"].to_numpy(), point.to_numpy(), atol=1e-12)
    draws = boot.hd_draws(start, end).sum(axis=1)  # (B, n, 1 + n)
    q = np.quantile(draws, [0.05, 0.95], axis=0)
    np.testing.assert_allclose(w["lower"].to_numpy(), q[0].reshape(-1), atol=1e-12)
    np.testing.assert_allclose(w["upper"].to_numpy(), q[1].reshape(-1), atol=1e-12)


#: svar_chol_weekly rows of `python cli.py attribute --window 2025-04`
#: (attribution.csv at main b3b5639, 4 decimals): the baselines and every
#: 10y shock.
REPORT_APRIL = {
    ("y2", "baseline"): 6.2000,
    ("y5", "baseline"): 7.2967,
    ("y10", "baseline"): 6.4965,
    ("y30", "baseline"): 6.4898,
    ("y10", "custody"): -0.7964,
    ("y10", "lev_net"): -1.1293,
    ("y10", "dollar"): -23.8110,
    ("y10", "y2"): -10.9628,
    ("y10", "y5"): 21.5244,
    ("y10", "y10"): 5.8802,
    ("y10", "y30"): -0.2016,
}


def test_the_april_report_is_the_window_sum() -> None:
    import attribution as at
    from attribution.config import load_config
    from attribution.engine.svar_weekly import VARIABLES, var_data
    from attribution.engine.weekly_ols import model_weeks
    from attribution.features.weekly import YIELD_IDS, weekly_design, weekly_series_ids

    cfg = load_config(None, window="2025-04")
    panel = at.load_panel(series=weekly_series_ids("tff_10y_derived"))
    base, end = cfg.parsed_window.resolve(panel.daily[YIELD_IDS["10y"]].dropna().index)
    design = weekly_design(panel, measure="tff_10y_derived")
    weeks = model_weeks(design.index, base, end)
    data = var_data(design, pd.Timestamp(cfg.estimation.start), weeks[-1])
    res = VAR(data, n_lags=cfg.attribution.svar.n_lags).fit()
    ident = Cholesky(list(VARIABLES))
    w = window_contributions(res, weeks[0], weeks[-1], ident, variables="changes")
    for key, value in REPORT_APRIL.items():
        assert round(float(w[key]), 4) == pytest.approx(value, abs=1e-4), key
    # the old reading (end row minus the pre-window row) is the change of the
    # weekly change: 16.6 bp for the 10y baseline instead of the report's 6.5
    old = window_contributions(res, weeks[0], weeks[-1], ident)
    assert round(float(old[("y10", "baseline")]), 1) == 16.6
