"""VAR / SVAR: estimation, identification, IRF, FEVD, historical decomposition, bands.

Typical use::

    res = VAR(data, n_lags=4, trend="c").fit()
    chol = Cholesky(order=["custody", "dollar", "2y", "10y"])
    res.irf(20, chol)                                  # (horizon, response, shock)
    hd = res.historical_decomposition(chol)            # baseline + shock contributions
    boot = res.bootstrap(1000, method="wild", identification=chol, seed=0)
    boot.window_contributions("2020-03-02", "2020-03-31", level=0.9)

    signs = identify_sign(res, shocks_from_spec(mapping=roles, columns=res.names),
                          n_draws=10_000, seed=0)
    boot = res.bootstrap(1000, identification=signs, seed=0)
"""

from __future__ import annotations

from attribution.models.var.bootstrap import (
    BootstrapMethod,
    VARBootstrap,
    bootstrap_var,
)
from attribution.models.var.cv_window import CVWindow, cv_window
from attribution.models.var.fevd import fevd
from attribution.models.var.hd import (
    HistoricalDecomposition,
    historical_decomposition,
    window_contributions,
)
from attribution.models.var.heteroskedasticity import (
    ChangeInVolatility,
    VolatilityTest,
    identify_cv,
)
from attribution.models.var.identification import (
    Cholesky,
    FixedImpact,
    IdentificationScheme,
    Rotation,
)
from attribution.models.var.irf import impulse_responses
from attribution.models.var.model import VAR, LagCriterion
from attribution.models.var.naming import ShockNaming, name_shocks
from attribution.models.var.results import LagOrderResults, VARResults
from attribution.models.var.shocks import DEFAULT_SHOCKS, shocks_from_spec
from attribution.models.var.sign import SignIdentified, SignRestriction, identify_sign
from attribution.models.var.simulate import (
    SimulatedSVAR,
    simulate_svar,
    stable_lag_coefs,
)

__all__ = [
    "DEFAULT_SHOCKS",
    "VAR",
    "BootstrapMethod",
    "CVWindow",
    "ChangeInVolatility",
    "Cholesky",
    "FixedImpact",
    "HistoricalDecomposition",
    "IdentificationScheme",
    "LagCriterion",
    "LagOrderResults",
    "Rotation",
    "SignIdentified",
    "SignRestriction",
    "ShockNaming",
    "SimulatedSVAR",
    "VARBootstrap",
    "VARResults",
    "VolatilityTest",
    "bootstrap_var",
    "cv_window",
    "fevd",
    "historical_decomposition",
    "identify_cv",
    "identify_sign",
    "impulse_responses",
    "name_shocks",
    "shocks_from_spec",
    "simulate_svar",
    "stable_lag_coefs",
    "window_contributions",
]
