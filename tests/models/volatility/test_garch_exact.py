"""Exact GARCH likelihood (start-up moving with mu) against fGarch and FCP (1996).

Fixtures: results/fgarch_reference.R (fGarch 4022.89 on the DEM/GBP series) and
the FCP table in results/PROVENANCE.md.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.volatility import VolatilityModel, VolatilityResults

RESULTS = Path(__file__).parent / "results"
NAMES = ["mu", "omega", "alpha", "beta"]
# Fiorentini, Calzolari and Panattoni (1996), analytic Hessian and QMLE s.e.
FCP_SE = {
    "classic": [0.846212e-2, 0.285271e-2, 0.265228e-1, 0.335527e-1],
    "robust": [0.918935e-2, 0.649319e-2, 0.535317e-1, 0.724614e-1],
}


@cache
def _ref() -> pd.DataFrame:
    return pd.read_csv(RESULTS / "fgarch_reference.csv")


def ref(quantity: str) -> pd.Series:
    t = _ref()
    return t[t["quantity"] == quantity].set_index("name")["value"].astype(float)


@pytest.fixture(scope="module")
def dem2gbp() -> pd.Series:
    y = pd.read_csv(RESULTS / "dem2gbp.csv")["dem2gbp"]
    y.index = pd.bdate_range("1984-01-03", periods=len(y), name="date")
    return y.rename("DEM2GBP")


@pytest.fixture(scope="module")
def fits(dem2gbp: pd.Series) -> dict[str, VolatilityResults]:
    model = VolatilityModel(dem2gbp, presample="sample_variance")
    return {cov: model.fit(cov=cov) for cov in ("classic", "robust")}  # type: ignore[misc]


@pytest.mark.parametrize("cov", ["classic", "robust"])
def test_exact_likelihood_matches_fgarch(
    fits: dict[str, VolatilityResults], cov: str
) -> None:
    res = fits[cov]
    assert res.loglikelihood == pytest.approx(ref("loglik").iloc[0], abs=1e-6)
    np.testing.assert_allclose(res.params[NAMES], ref("params")[NAMES], rtol=1e-5)
    # the start-up is the mean squared residual at the *final* mu
    y = res.model.endog.to_numpy()
    assert res.backcast == pytest.approx(
        np.mean((y - res.params["mu"]) ** 2), rel=1e-12
    )


@pytest.mark.parametrize("cov", ["classic", "robust"])
def test_std_err_match_fcp_analytic(
    fits: dict[str, VolatilityResults], cov: str
) -> None:
    """Numerical derivatives of the exact likelihood vs FCP's analytic ones."""
    np.testing.assert_allclose(fits[cov].std_err[NAMES], FCP_SE[cov], rtol=1e-4)


def test_information_criteria_match_fgarch(fits: dict[str, VolatilityResults]) -> None:
    res = fits["classic"]
    ics = ref("ics")
    n = res.nobs
    assert res.aic / n == pytest.approx(ics["AIC"], rel=1e-9)
    assert res.bic / n == pytest.approx(ics["BIC"], rel=1e-9)
    assert res.hqic / n == pytest.approx(ics["HQIC"], rel=1e-9)
    assert list(res.information_criteria.index) == ["aic", "bic", "hqic"]


@pytest.mark.parametrize(
    "presample, variance, loglik",
    [
        ("sample_variance", "variance_fgarch", "loglik"),
        ("ewma", "variance_ewma_at_fgarch", "loglik_ewma_at_fgarch"),
    ],
)
def test_filter_at_given_parameters(
    dem2gbp: pd.Series, presample: str, variance: str, loglik: str
) -> None:
    """At fGarch's estimates: fGarch's h.t, and the EWMA start-up coded in R."""
    params = ref("params")
    out = VolatilityModel(dem2gbp).filter(params, presample=presample)  # type: ignore[arg-type]
    np.testing.assert_allclose(out.variance.to_numpy(), ref(variance), rtol=1e-12)
    assert out.loglikelihood == pytest.approx(ref(loglik).iloc[0], abs=1e-8)
    assert out.presample == presample
    assert out.variance.index.equals(dem2gbp.index)


def test_filter_missing_parameter_raises(dem2gbp: pd.Series) -> None:
    with pytest.raises(ModelSpecificationError, match="`params` must be a Series"):
        VolatilityModel(dem2gbp).filter(pd.Series({"mu": 0.0, "omega": 0.1}))


def test_exact_fit_beats_fixed_start_up(
    dem2gbp: pd.Series, fits: dict[str, VolatilityResults]
) -> None:
    """The fixed-start-up optimum, evaluated on the exact likelihood, is lower."""
    res = fits["classic"]
    model = res.model
    from attribution.models.volatility.exact import loglikelihood

    arch = model._arch()
    y = dem2gbp.to_numpy()
    fixed = arch.fit(
        disp="off", backcast=float(np.mean((y - y.mean()) ** 2)), show_warning=False
    )
    at_fixed = loglikelihood(arch, fixed.params.to_numpy(), "sample_variance")
    assert float(at_fixed) <= res.loglikelihood + 1e-9
