"""VAR estimates, IRF, FEVD and historical decomposition against base-R numbers.

Reference: results/var_reference.R (base R 4.2.2, no packages) on statsmodels'
macrodata; see the script header for the conventions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.models.var import VAR, Cholesky, historical_decomposition
from tests.models.var.reference import SPECS, macro_data, matrix

TOL = 1e-8
SPEC_IDS = list(SPECS)


def _fit(spec: str):
    n_lags, trend, _ = SPECS[spec]
    return VAR(macro_data(), n_lags=n_lags, trend=trend).fit()


@pytest.mark.parametrize("spec", SPEC_IDS)
def test_params_and_std_err(spec: str) -> None:
    res = _fit(spec)
    for qty, ours in (("params", res.params), ("std_err", res.std_err)):
        ref = matrix(spec, qty)
        assert list(ref.index) == list(ours.index)
        np.testing.assert_allclose(
            ours.loc[ref.index, ref.columns].to_numpy(),
            ref.to_numpy(),
            rtol=0,
            atol=TOL,
        )


@pytest.mark.parametrize("spec", SPEC_IDS)
def test_sigma_u_and_roots(spec: str) -> None:
    res = _fit(spec)
    ref = matrix(spec, "sigma_u")
    np.testing.assert_allclose(
        res.sigma_u.loc[ref.index, ref.columns].to_numpy(),
        ref.to_numpy(),
        rtol=0,
        atol=TOL,
    )
    np.testing.assert_allclose(
        res.roots.to_numpy(), matrix(spec, "roots").iloc[:, 0], rtol=0, atol=TOL
    )
    assert res.is_stable


@pytest.mark.parametrize("spec", SPEC_IDS)
@pytest.mark.parametrize("qty", ["irf", "fevd"])
def test_irf_fevd(spec: str, qty: str) -> None:
    res = _fit(spec)
    ident = Cholesky(SPECS[spec][2])
    ours = res.irf(10, ident) if qty == "irf" else res.fevd(10, ident)
    for h in range(11):
        ref = matrix(spec, qty, h)
        got = ours.xs(h, level="horizon").unstack("shock").loc[ref.index, ref.columns]
        np.testing.assert_allclose(got.to_numpy(), ref.to_numpy(), rtol=0, atol=TOL)


@pytest.mark.parametrize("spec", SPEC_IDS)
def test_historical_decomposition(spec: str) -> None:
    res = _fit(spec)
    order = SPECS[spec][2]
    hd = historical_decomposition(res, Cholesky(order))
    wide = hd.to_frame()
    base = matrix(spec, "hd_baseline")
    got = wide["baseline"].unstack("response")[base.columns]
    # R's MA convolution and baseline recursion are independent of our recursion
    np.testing.assert_allclose(got.to_numpy(), base.to_numpy(), rtol=0, atol=TOL)
    for shock in order:
        ref = matrix(spec, f"hd_{shock}")
        got = wide[shock].unstack("response")[ref.columns]
        np.testing.assert_allclose(got.to_numpy(), ref.to_numpy(), rtol=0, atol=TOL)
    assert hd.adding_up_error() < 1e-10


@pytest.mark.parametrize("spec", SPEC_IDS)
def test_lag_order_criteria(spec: str) -> None:
    n_lags, trend, _ = SPECS[spec]
    table = VAR(macro_data(), trend=trend, max_lags=8).select_order().table
    ref = matrix(spec, "ic")
    np.testing.assert_allclose(
        table[list(ref.columns)].to_numpy(), ref.to_numpy(), rtol=1e-10, atol=0
    )


def test_lag_selection_matches_statsmodels() -> None:
    from statsmodels.tsa.api import VAR as SMVAR

    sm = SMVAR(macro_data().to_numpy()).select_order(8, trend="c")
    ours = VAR(macro_data(), trend="c", max_lags=8).select_order()
    for crit in ("aic", "bic", "hqic", "fpe"):
        assert ours.selected[crit] == sm.selected_orders[crit]
    fitted = VAR(macro_data(), trend="c", max_lags=8, criterion="bic").fit()
    assert fitted.n_lags == sm.selected_orders["bic"]
    assert isinstance(fitted.lag_order.table, pd.DataFrame)
