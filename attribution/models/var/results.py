"""Immutable results of :class:`~attribution.models.var.VAR`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from attribution._typing import Float64Array
from attribution.models._estimates import FrameEstimates
from attribution.models.var import _arrays

if TYPE_CHECKING:
    from collections.abc import Sequence

    from attribution.models.var.bootstrap import BootstrapMethod, VARBootstrap
    from attribution.models.var.causality import CausalityTest
    from attribution.models.var.hd import HistoricalDecomposition
    from attribution.models.var.identification import IdentificationScheme
    from attribution.models.var.model import VAR


@dataclass(frozen=True)
class LagOrderResults:
    """Information criteria by lag order (rows ``n_lags``; aic, bic, hqic, fpe)."""

    table: pd.DataFrame

    @property
    def selected(self) -> dict[str, int]:
        """Order minimising each criterion."""
        return {
            str(c): cast(int, self.table[c].idxmin())  # index: n_lags (int)
            for c in self.table.columns
        }

    def summary(self) -> str:
        """Plain-text table with the selected orders."""
        sel = ", ".join(f"{k}={v}" for k, v in self.selected.items())
        return f"VAR order selection (selected: {sel})\n{self.table.to_string()}"


@dataclass(frozen=True)
class VARResults(FrameEstimates):
    r"""Results of a reduced-form VAR fitted by OLS.

    Attributes
    ----------
    model : VAR
        The specification that was fitted.
    n_lags : int
        Lag order p used (selected or given).
    params_array : ndarray, shape (k, n)
        Coefficients; row order ``const``, ``trend``, ``L1.<var>``..``Lp.<var>``.
    design : ndarray, shape (T - p, k)
        Regressor matrix X.
    lag_order : LagOrderResults or None
        The selection table when ``n_lags`` was chosen by a criterion.

    Notes
    -----
    ``sigma_u`` is :math:`\hat U'\hat U/(T_e - k)`, with :math:`T_e` the
    estimation rows and k regressors per equation (statsmodels' default and
    R ``crossprod(resid) / (T_e - k)``). ``sigma_u_mle`` divides by
    :math:`T_e`. ``std_err`` are the classical OLS standard errors
    :math:`\sqrt{\mathrm{diag}(\Sigma_u \otimes (X'X)^{-1})}`, equal to R's
    ``summary(lm(...))`` equation by equation; ``pvalues`` use Student t with
    :math:`T_e - k` degrees of freedom.
    """

    model: VAR
    n_lags: int
    params_array: Float64Array
    design: Float64Array
    lag_order: LagOrderResults | None = None

    # ------------------------------------------------------------------ shapes
    @property
    def names(self) -> list[str]:
        """Variable names."""
        return self.model.names

    @property
    def trend(self) -> str:
        """Deterministic terms ``"n"``, ``"c"`` or ``"ct"``."""
        return self.model.trend

    @property
    def nobs(self) -> int:
        """Estimation rows :math:`T_e = T - p`."""
        return int(self.design.shape[0])

    @property
    def df_resid(self) -> int:
        """Residual degrees of freedom :math:`T_e - k`."""
        return self.nobs - int(self.design.shape[1])

    @property
    def index(self) -> pd.Index:
        """Dates of the estimation rows."""
        return self.model.data.index[self.n_lags :]

    @cached_property
    def param_names(self) -> list[str]:
        """Regressor names: ``const``, ``trend``, ``L{i}.{var}``."""
        det = {"n": [], "c": ["const"], "ct": ["const", "trend"]}[self.trend]
        lags = [f"L{i}.{v}" for i in range(1, self.n_lags + 1) for v in self.names]
        return det + lags

    # ------------------------------------------------------------ internals
    @cached_property
    def _y(self) -> Float64Array:
        return np.asarray(self.model.data.to_numpy(), dtype=np.float64)

    @cached_property
    def _det(self) -> Float64Array:
        return _arrays.deterministic(len(self._y), self.trend)

    @cached_property
    def _split(self) -> tuple[Float64Array, Float64Array]:
        return _arrays.split_params(self.params_array, self.model.n_det, self.n_lags)

    @property
    def _det_coefs(self) -> Float64Array:
        return self._split[0]

    @property
    def _lag_coefs(self) -> Float64Array:
        return self._split[1]

    @cached_property
    def _resid(self) -> Float64Array:
        return self._y[self.n_lags :] - self.design @ self.params_array

    @cached_property
    def _sigma(self) -> Float64Array:
        return self._resid.T @ self._resid / self.df_resid

    # ------------------------------------------------------------ estimates
    @cached_property
    def params(self) -> pd.DataFrame:
        """Coefficients: rows regressors, columns equations."""
        frame = pd.DataFrame(
            self.params_array, index=self.param_names, columns=self.names
        )
        frame.index.name, frame.columns.name = "regressor", "equation"
        return frame

    @cached_property
    def resid(self) -> pd.DataFrame:
        r"""Reduced-form residuals :math:`\hat u_t`, indexed by date."""
        return pd.DataFrame(self._resid, index=self.index, columns=self.names)

    @cached_property
    def fitted(self) -> pd.DataFrame:
        r"""Fitted values :math:`X_t \hat B`."""
        return pd.DataFrame(
            self.design @ self.params_array, index=self.index, columns=self.names
        )

    @cached_property
    def sigma_u(self) -> pd.DataFrame:
        r"""Residual covariance :math:`\hat U'\hat U/(T_e - k)`."""
        return pd.DataFrame(self._sigma, index=self.names, columns=self.names)

    @cached_property
    def sigma_u_mle(self) -> pd.DataFrame:
        r"""Maximum-likelihood residual covariance :math:`\hat U'\hat U/T_e`."""
        return self.sigma_u * (self.df_resid / self.nobs)

    @cached_property
    def cov(self) -> pd.DataFrame:
        r"""Covariance of ``vec(params)``: :math:`\Sigma_u \otimes (X'X)^{-1}`."""
        xtx_inv = np.linalg.inv(self.design.T @ self.design)
        idx = pd.MultiIndex.from_product(
            [self.names, self.param_names], names=["equation", "regressor"]
        )
        return pd.DataFrame(np.kron(self._sigma, xtx_inv), index=idx, columns=idx)

    @cached_property
    def std_err(self) -> pd.DataFrame:
        """Standard errors, shaped like ``params``."""
        se = np.sqrt(np.diag(self.cov.to_numpy())).reshape(len(self.names), -1).T
        return pd.DataFrame(se, index=self.params.index, columns=self.params.columns)

    @property
    def df(self) -> float:
        """Student t with ``df_resid`` degrees of freedom (R ``summary(lm)``)."""
        return float(self.df_resid)

    def _stack(self, frame: pd.DataFrame) -> pd.Series:
        """Long by (equation, regressor)."""
        return cast(pd.Series, frame.T.stack())

    # ------------------------------------------------------------ fit
    @cached_property
    def loglikelihood(self) -> float:
        r"""Gaussian log-likelihood at the OLS estimates (R ``vars::logLik``).

        :math:`-\tfrac{T_e K}{2}\ln 2\pi - \tfrac{T_e}{2}\ln|\tilde\Sigma_u|
        - \tfrac{T_e K}{2}`, with :math:`\tilde\Sigma_u` = ``sigma_u_mle``.
        """
        n, t = len(self.names), self.nobs
        _, logdet = np.linalg.slogdet(self.sigma_u_mle.to_numpy())
        return float(-0.5 * t * n * (np.log(2.0 * np.pi) + 1.0) - 0.5 * t * logdet)

    @cached_property
    def rsquared(self) -> pd.Series:
        r"""Centred R-squared of each equation, :math:`1 - SSR_i/TSS_i`.

        The total sum of squares is about the equation's sample mean, also
        for ``trend="n"`` (R's ``summary(lm(y ~ X - 1))``, which ``vars``
        reports, is uncentred).
        """
        y = self._y[self.n_lags :]
        tss = ((y - y.mean(axis=0)) ** 2).sum(axis=0)
        ssr = (self._resid**2).sum(axis=0)
        return pd.Series(1.0 - ssr / tss, index=self.names, name="rsquared")

    @cached_property
    def rsquared_adj(self) -> pd.Series:
        r"""Adjusted R-squared :math:`1 - (1 - R^2)(T_e - 1)/(T_e - k)`."""
        adj = 1.0 - (1.0 - self.rsquared) * (self.nobs - 1) / self.df_resid
        return adj.rename("rsquared_adj")

    @cached_property
    def resid_corr(self) -> pd.DataFrame:
        """Correlation matrix of the reduced-form residuals."""
        return self.resid.corr()

    @cached_property
    def lag_matrices(self) -> pd.DataFrame:
        r"""The lag matrices :math:`A_1..A_p`, stacked.

        Rows are (``lag``, ``equation``), columns the lagged variable, so
        ``lag_matrices.loc[i]`` is :math:`A_i` with
        :math:`(A_i)_{jl}` the effect of :math:`y_{l,t-i}` on :math:`y_{j,t}`.
        """
        n = len(self.names)
        mats = self._lag_coefs.reshape(self.n_lags, n, n)  # (lag, equation, variable)
        idx = pd.MultiIndex.from_product(
            [range(1, self.n_lags + 1), self.names], names=["lag", "equation"]
        )
        frame = pd.DataFrame(mats.reshape(-1, n), index=idx, columns=self.names)
        frame.columns.name = "variable"
        return frame

    def impact_matrix(
        self, identification: IdentificationScheme | None = None
    ) -> pd.DataFrame:
        r"""Return the impact matrix B with :math:`u_t = B\varepsilon_t`.

        Parameters
        ----------
        identification : IdentificationScheme, optional
            Default: Cholesky in column order.

        Returns
        -------
        DataFrame
            Rows variables, columns shock names.
        """
        from attribution.models.var.identification import resolve

        scheme = resolve(identification)
        b = scheme.impact(self._sigma, self.names)
        return pd.DataFrame(
            b, index=self.names, columns=scheme.shock_names(self.names)
        ).rename_axis(index="response", columns="shock")

    def structural_shocks(
        self, identification: IdentificationScheme | None = None
    ) -> pd.DataFrame:
        r"""Return the structural shocks :math:`\varepsilon_t = B^{-1}\hat u_t`.

        Parameters
        ----------
        identification : IdentificationScheme, optional
            Default: Cholesky in column order.

        Returns
        -------
        DataFrame
            Indexed by the estimation dates, one column per shock.
        """
        b = self.impact_matrix(identification)
        eps = np.linalg.solve(b.to_numpy(), self._resid.T).T
        return pd.DataFrame(eps, index=self.index, columns=b.columns)

    def granger_causality(self, cause: str | Sequence[str]) -> CausalityTest:
        """Wald F test that ``cause`` does not Granger-cause the other variables.

        See :func:`attribution.models.var.causality.granger` (R
        ``vars::causality(x, cause)$Granger``).
        """
        from attribution.models.var.causality import granger

        return granger(self, cause)

    def instantaneous_causality(self, cause: str | Sequence[str]) -> CausalityTest:
        """Wald chi-square test of no instantaneous causality with ``cause``.

        See :func:`attribution.models.var.causality.instantaneous` (R
        ``vars::causality(x, cause)$Instant``).
        """
        from attribution.models.var.causality import instantaneous

        return instantaneous(self, cause)

    # ------------------------------------------------------------ diagnostics
    @cached_property
    def roots(self) -> pd.Series:
        """Moduli of the companion-matrix eigenvalues, descending (R ``vars::roots``).

        The VAR is stable when all are below one.
        """
        eig = np.linalg.eigvals(_arrays.companion(self._lag_coefs))
        return pd.Series(np.sort(np.abs(eig))[::-1], name="modulus")

    @property
    def is_stable(self) -> bool:
        """True when every companion eigenvalue lies inside the unit circle."""
        return bool(self.roots.iloc[0] < 1.0)

    def _statsmodels(self) -> Any:
        from statsmodels.tsa.api import VAR as SMVAR

        return SMVAR(self.model.data.to_numpy()).fit(self.n_lags, trend=self.trend)

    def diagnostics(self, n_lags: int = 10) -> pd.DataFrame:
        """Residual tests from statsmodels: Portmanteau (and adjusted) and Jarque-Bera.

        Parameters
        ----------
        n_lags : int, default 10
            Autocorrelation lags of the Portmanteau test (must exceed ``n_lags``
            of the VAR).

        Returns
        -------
        DataFrame
            Rows ``portmanteau``, ``portmanteau_adjusted``, ``normality``;
            columns ``statistic``, ``df``, ``pvalue``.
        """
        sm = self._statsmodels()
        rows = {}
        for label, test in (
            ("portmanteau", sm.test_whiteness(nlags=n_lags)),
            ("portmanteau_adjusted", sm.test_whiteness(nlags=n_lags, adjusted=True)),
            ("normality", sm.test_normality()),
        ):
            rows[label] = {
                "statistic": float(test.test_statistic),
                "df": int(test.df),
                "pvalue": float(test.pvalue),
            }
        return pd.DataFrame(rows).T

    def summary(self) -> str:
        """Plain-text summary: sample, order, stability, coefficients and Σu."""
        head = (
            f"VAR({self.n_lags}), trend={self.trend!r}, nobs={self.nobs}, "
            f"variables={self.names}\n"
            f"Sample: {self.index[0]} .. {self.index[-1]}\n"
            f"Largest root modulus: {self.roots.iloc[0]:.4f} "
            f"({'stable' if self.is_stable else 'NOT stable'})\n"
        )
        body = self.to_frame().to_string(float_format=lambda v: f"{v: .4f}")
        sig = self.sigma_u.to_string(float_format=lambda v: f"{v: .6f}")
        return f"{head}{body}\n\nSigma_u (df = T_e - k = {self.df_resid}):\n{sig}"

    # ------------------------------------------------------------ structural
    def irf(
        self,
        horizon: int = 20,
        identification: IdentificationScheme | None = None,
        *,
        cumulative: bool = False,
        orthogonalised: bool = True,
    ) -> pd.Series:
        """Impulse responses (:func:`~attribution.models.var.irf.impulse_responses`)."""
        from attribution.models.var.irf import impulse_responses

        return impulse_responses(
            self,
            horizon,
            identification,
            cumulative=cumulative,
            orthogonalised=orthogonalised,
        )

    def fevd(
        self, horizon: int = 20, identification: IdentificationScheme | None = None
    ) -> pd.Series:
        """Variance decomposition; see :func:`attribution.models.var.fevd.fevd`."""
        from attribution.models.var.fevd import fevd

        return fevd(self, horizon, identification)

    def historical_decomposition(
        self,
        identification: IdentificationScheme | None = None,
        *,
        start: Any = None,
        end: Any = None,
    ) -> HistoricalDecomposition:
        """Historical decomposition (see :mod:`attribution.models.var.hd`)."""
        from attribution.models.var.hd import historical_decomposition

        return historical_decomposition(self, identification, start=start, end=end)

    def bootstrap(
        self,
        n_boot: int = 1000,
        *,
        method: BootstrapMethod = "residual",
        identification: Any = None,
        n_rotations: int = 200,
        block_length: int | None = None,
        seed: Any = None,
    ) -> VARBootstrap:
        """Bootstrap draws (:func:`~attribution.models.var.bootstrap_var`)."""
        from attribution.models.var.bootstrap import bootstrap_var

        return bootstrap_var(
            self,
            n_boot,
            method=method,
            identification=identification,
            n_rotations=n_rotations,
            block_length=block_length,
            seed=seed,
        )
