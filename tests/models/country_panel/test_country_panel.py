"""Country panel: simulation truth, Driscoll-Kraay vs a direct computation, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.country_panel import CountryPanel, simulate_country_panel
from attribution.models.covariance import long_run_covariance


def test_within_estimator_recovers_truth_and_pooled_does_not() -> None:
    sim = simulate_country_panel(8, 240, beta=(0.7, -0.4), seed=12)
    res = CountryPanel(sim.endog, sim.exog).fit()
    z = (res.params[sim.beta.index] - sim.beta) / res.std_err[sim.beta.index]
    assert (z.abs() < 3.5).all(), z
    # pooled OLS ignores a_i, which loads on x: biased by many standard errors
    x = np.column_stack([np.ones(len(sim.exog)), sim.exog.to_numpy()])
    pooled = np.linalg.lstsq(x, sim.endog.to_numpy(), rcond=None)[0][1:]
    assert np.all(
        np.abs(pooled - sim.beta.to_numpy()) > 5 * res.std_err[sim.beta.index]
    )
    # country effects recovered up to the common level (constant)
    assert np.corrcoef(res.entity_effects, sim.effects)[0, 1] > 0.98


def _direct_dk(
    endog: pd.Series, exog: pd.DataFrame, lags: int, debiased: bool
) -> np.ndarray:
    """Within transform, OLS, time sums of scores, Newey-West (covariance), sandwich.

    Scale n / (n - N) for the N absorbed country means, and n / (n - N - k) when
    debiased (linearmodels' convention, Driscoll-Kraay 1998 have none).
    """
    ent = endog.index.get_level_values(0)
    y = endog - endog.groupby(ent).transform("mean")
    x = exog - exog.groupby(ent).transform("mean")
    xa, ya = x.to_numpy(), y.to_numpy()
    beta = np.linalg.solve(xa.T @ xa, xa.T @ ya)
    e = ya - xa @ beta
    h = pd.DataFrame(xa * e[:, None], index=endog.index.get_level_values(1))
    h = h.groupby(level=0).sum().sort_index().to_numpy()
    s = long_run_covariance(h, lags)
    bread = np.linalg.inv(xa.T @ xa)
    n, k, n_ent = len(ya), xa.shape[1], ent.nunique()
    scale = n / (n - n_ent - (k if debiased else 0))
    return scale * bread @ s @ bread


@pytest.mark.parametrize("lags", [0, 3, 8])
@pytest.mark.parametrize("debiased", [False, True])
def test_driscoll_kraay_matches_direct_computation(lags: int, debiased: bool) -> None:
    sim = simulate_country_panel(5, 90, beta=(0.5, 1.0, -0.3), seed=3)
    res = CountryPanel(sim.endog, sim.exog, add_const=False).fit(
        bandwidth=lags, debiased=debiased
    )
    direct = _direct_dk(sim.endog, sim.exog, lags, debiased)
    np.testing.assert_allclose(res.cov.to_numpy(), direct, rtol=1e-10, atol=1e-14)
    assert res.bandwidth == lags


def test_default_bandwidth_is_the_shared_rule() -> None:
    sim = simulate_country_panel(4, 150, beta=(0.5,), seed=8)
    res = CountryPanel(sim.endog, sim.exog).fit()
    assert res.bandwidth == int(np.floor(4 * (150 / 100) ** (2 / 9)))


def test_driscoll_kraay_tracks_sampling_spread_when_errors_are_common() -> None:
    """Monte Carlo: with a common error factor, DK SEs match the spread of b; the
    homoskedastic SEs understate it."""
    est, dk, naive = [], [], []
    for rep in range(40):
        sim = simulate_country_panel(
            8, 120, beta=(0.5,), common_scale=1.5, rho=0.3, seed=1000 + rep
        )
        mod = CountryPanel(sim.endog, sim.exog)
        r_dk = mod.fit()
        est.append(r_dk.params["x1"])
        dk.append(r_dk.std_err["x1"])
        naive.append(mod.fit(cov="unadjusted").std_err["x1"])
    sd = float(np.std(est, ddof=1))
    assert 0.65 < np.mean(dk) / sd < 1.35
    assert np.mean(naive) / sd < 0.75
    assert abs(np.mean(est) - 0.5) < 3 * sd / np.sqrt(40)


def test_summary_and_frames() -> None:
    sim = simulate_country_panel(4, 60, beta=(0.5,), seed=2)
    res = CountryPanel(sim.endog, sim.exog, time_effects=True, add_const=False).fit(
        cov="clustered"
    )
    assert list(res.to_frame().columns) == [
        "params",
        "std_err",
        "tvalues",
        "pvalues",
        "lower",
        "upper",
    ]
    assert "clustered" in res.summary() and res.nobs == 240
    assert res.fitted.index.equals(sim.endog.index)


def test_errors() -> None:
    sim = simulate_country_panel(4, 60, beta=(0.5,), seed=2)
    with pytest.raises(
        ModelSpecificationError, match=r"`endog.index` must be a \(country, date\)"
    ):
        CountryPanel(sim.endog.reset_index(drop=True), sim.exog)
    with pytest.raises(ModelSpecificationError, match=r"`exog.index` must be equal to"):
        CountryPanel(sim.endog, sim.exog.iloc[:-1])
    with pytest.raises(ModelSpecificationError, match=r"`cov` must be one of"):
        CountryPanel(sim.endog, sim.exog).fit(cov="hac")  # type: ignore[arg-type]
    with pytest.raises(ModelSpecificationError, match=r"`bandwidth` must be <= 59"):
        CountryPanel(sim.endog, sim.exog).fit(bandwidth=60)
    bad = sim.exog.copy()
    bad.iloc[3, 0] = np.nan
    with pytest.raises(ModelSpecificationError, match=r"`data` must be free of NaN"):
        CountryPanel(sim.endog, bad)
