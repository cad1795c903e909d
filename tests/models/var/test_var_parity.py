"""VAR log-likelihood, causality tests and accessors against base R (vars formulas).

Fixture: results/var_parity.R (base R; `vars` is not packaged, so its formulas are
coded there independently of this package).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.var import VAR, Cholesky
from attribution.models.var.results import VARResults
from tests.models.var.reference import NAMES, RESULTS, SPECS, macro_data


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(RESULTS / "var_parity.csv", dtype={"row": str, "col": str})


def ref(spec: str, quantity: str) -> pd.DataFrame:
    t = _table()
    sub = t[(t["spec"] == spec) & (t["quantity"] == quantity)]
    if sub.empty:
        raise KeyError((spec, quantity))
    rows = list(dict.fromkeys(sub["row"]))
    cols = list(dict.fromkeys(sub["col"]))
    return sub.pivot(index="row", columns="col", values="value").loc[rows, cols]


@cache
def fitted(spec: str) -> VARResults:
    n_lags, trend, _ = SPECS[spec]
    return VAR(macro_data(), n_lags=n_lags, trend=trend).fit()  # type: ignore[arg-type]


CAUSES = [*NAMES, "realgdp+realcons"]


@pytest.mark.parametrize("spec", list(SPECS))
def test_loglik_r2_and_resid_corr(spec: str) -> None:
    res = fitted(spec)
    assert res.loglikelihood == pytest.approx(
        float(ref(spec, "loglik").iloc[0, 0]), rel=1e-12
    )
    np.testing.assert_allclose(
        res.rsquared.to_numpy(), ref(spec, "rsquared")["value"], rtol=1e-10
    )
    np.testing.assert_allclose(
        res.rsquared_adj.to_numpy(), ref(spec, "rsquared_adj")["value"], rtol=1e-10
    )
    np.testing.assert_allclose(
        res.resid_corr.to_numpy(), ref(spec, "resid_corr").to_numpy(), rtol=1e-10
    )


@pytest.mark.parametrize("spec", list(SPECS))
@pytest.mark.parametrize("cause", CAUSES)
def test_causality_matches_r(spec: str, cause: str) -> None:
    res = fitted(spec)
    causes = cause.split("+")
    g = res.granger_causality(causes if len(causes) > 1 else causes[0])
    r = ref(spec, f"granger_{cause}")["value"]
    assert g.statistic == pytest.approx(r["statistic"], rel=1e-9)
    assert g.df == (int(r["df_num"]), int(r["df_denom"]))
    assert g.pvalue == pytest.approx(r["pvalue"], rel=1e-6, abs=1e-13)
    i = res.instantaneous_causality(causes)
    r = ref(spec, f"instant_{cause}")["value"]
    assert i.statistic == pytest.approx(r["statistic"], rel=1e-9)
    assert i.df == (int(r["df"]),)
    assert i.pvalue == pytest.approx(r["pvalue"], rel=1e-6, abs=1e-13)
    assert set(g.effect) == set(NAMES) - set(causes)
    assert "Granger-cause" in str(g) and "instantaneous" in str(i)


@pytest.mark.parametrize("spec", list(SPECS))
def test_impact_shocks_and_lag_matrices(spec: str) -> None:
    n_lags, _, order = SPECS[spec]
    res = fitted(spec)
    ident = Cholesky(order=order)
    b = res.impact_matrix(ident)
    np.testing.assert_allclose(b.to_numpy(), ref(spec, "impact").to_numpy(), atol=1e-12)
    assert list(b.columns) == list(order)
    eps = res.structural_shocks(ident)
    np.testing.assert_allclose(
        eps.to_numpy(), ref(spec, "shocks").to_numpy(), atol=1e-10
    )
    assert eps.index.equals(res.index)
    for i in range(1, n_lags + 1):
        np.testing.assert_allclose(
            res.lag_matrices.loc[i].to_numpy(),
            ref(spec, f"lag_{i}").to_numpy(),
            rtol=1e-10,
            atol=1e-13,
        )
    # the shocks are orthonormal in sample (Cholesky of sigma_u, df T_e - k)
    cov = eps.T @ eps / res.df_resid
    np.testing.assert_allclose(cov.to_numpy(), np.eye(len(NAMES)), atol=1e-10)


def test_causality_bad_cause_raises() -> None:
    res = fitted("c_p2")
    with pytest.raises(ModelSpecificationError, match="`cause` must be one or more"):
        res.granger_causality("nope")
    with pytest.raises(ModelSpecificationError, match="`cause` must be one or more"):
        res.instantaneous_causality(NAMES)
