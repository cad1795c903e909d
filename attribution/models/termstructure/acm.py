"""The Adrian-Crump-Moench (2013) affine term structure model by regressions.

Time is in months. With ``X_t`` the first K principal components of zero
yields and ``r_t`` the one-month rate (decimal per month):

1. VAR(1): ``X_{t+1} = mu + Phi X_t + v_{t+1}``, ``Sigma = V V' / T``.
2. Excess returns of n-month bonds held one month,
   ``rx^{(n-1)}_{t+1} = log P^{(n-1)}_{t+1} - log P^{(n)}_t - r_t``, stacked
   over the return maturities and regressed on ``[1, v_{t+1}, X_t]``:
   ``rx = a 1' + beta' V + c X_- + E``; ``sigma2 = tr(E E') / (N T)``.
3. Prices of risk (ACM eq. 13): with ``B* = [vec(b_i b_i')']``,
   ``lambda0 = (beta beta')^-1 beta (a + (B* vec(Sigma) + sigma2) / 2)``,
   ``lambda1 = (beta beta')^-1 beta c``.
4. Short rate ``r_t = delta0 + delta1' X_t`` (OLS) and the yield recursion
   ``A_n = A_{n-1} + B_{n-1}'(mu - lambda0) + (B_{n-1}' Sigma B_{n-1} +
   sigma2) / 2 - delta0``, ``B_n' = B_{n-1}'(Phi - lambda1) - delta1'``,
   ``y^{(n)}_t = -(A_n + B_n' X_t) 1200 / n`` (percent, annual).
5. Risk-neutral yields: the same recursion with ``lambda0 = lambda1 = 0``;
   the term premium is the fitted minus the risk-neutral yield.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from attribution._typing import Float64Array, SeedLike
from attribution._validation import as_int
from attribution.exceptions import EmptySampleError, ModelSpecificationError, fmt
from attribution.models._estimates import Estimates
from attribution.models.termstructure.bias import BiasCorrection, bias_corrected_var

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class AffineParams:
    """One set of ACM parameters (monthly units, decimal per month)."""

    mu: Float64Array  # (K,)
    phi: Float64Array  # (K, K)
    sigma: Float64Array  # (K, K)
    lambda0: Float64Array  # (K,)
    lambda1: Float64Array  # (K, K)
    delta0: float
    delta1: Float64Array  # (K,)
    sigma2: float
    beta: Float64Array  # (K, N) return loadings on the innovations


def affine_loadings(
    p: AffineParams, n_max: int, *, risk_neutral: bool = False
) -> tuple[Float64Array, Float64Array]:
    """Log-price loadings ``A_n, B_n`` for n = 1..n_max (ACM eqs. 14-15).

    Parameters
    ----------
    p : AffineParams
        Estimated parameters.
    n_max : int
        Longest maturity, months.
    risk_neutral : bool, default False
        Set the prices of risk to zero.

    Returns
    -------
    A : ndarray, shape (n_max,)
    B : ndarray, shape (n_max, K)
        ``log P^{(n)}_t = A[n-1] + B[n-1] @ X_t``.
    """
    k = len(p.mu)
    l0 = np.zeros(k) if risk_neutral else p.lambda0
    l1 = np.zeros((k, k)) if risk_neutral else p.lambda1
    drift, trans = p.mu - l0, p.phi - l1
    a = np.zeros(n_max)
    b = np.zeros((n_max, k))
    a_prev, b_prev = 0.0, np.zeros(k)
    for n in range(n_max):
        a_prev = float(
            a_prev
            + b_prev @ drift
            + 0.5 * (b_prev @ p.sigma @ b_prev + p.sigma2)
            - p.delta0
        )
        b_prev = np.asarray(b_prev @ trans - p.delta1, dtype=np.float64)
        a[n], b[n] = a_prev, b_prev
    return a, b


def _ols(y: Float64Array, x: Float64Array) -> Float64Array:
    coef: Float64Array = np.asarray(
        np.linalg.lstsq(x, y, rcond=None)[0], dtype=np.float64
    )
    return coef


def estimate_affine(
    factors: Float64Array,
    excess_returns: Float64Array,
    short_rate: Float64Array,
) -> AffineParams:
    """Run the three ACM regressions plus the short-rate equation.

    Parameters
    ----------
    factors : ndarray, shape (T + 1, K)
        ``X_0 .. X_T``.
    excess_returns : ndarray, shape (T, N)
        ``rx_{t+1}`` for t = 0..T-1 (log, decimal per month).
    short_rate : ndarray, shape (T + 1,)
        One-month rate, decimal per month, on the factor dates.

    Returns
    -------
    AffineParams

    Notes
    -----
    The short-rate equation uses the dates ``0..T-1`` (those with a
    transition), so that resampled transitions give the same estimator.
    """
    return _estimate_transitions(
        factors[:-1], factors[1:], excess_returns, short_rate[:-1]
    )


class ACMModel:
    """Adrian-Crump-Moench term-premium model on monthly zero yields.

    Parameters
    ----------
    zero_yields : DataFrame
        Month-end zero-coupon yields, continuously compounded, percent; one
        row per month (``DatetimeIndex``), one column per maturity in months
        (integers 1..n, consecutive, n at least the longest maturity used).
    n_factors : int, default 5
        Principal components of yields used as pricing factors.
    factor_maturities : sequence of int, default 3, 6, ..., 120
        Maturities (months) whose yields the components are extracted from.
    return_maturities : sequence of int, default 6, 12, ..., 120
        Maturities (months) of the bonds whose one-month excess returns enter
        step 2; the one-month yield is the risk-free rate.
    presample_note : str, default ""
        Where the early months of ``zero_yields`` come from when they are not
        the caller's own curve (e.g. the NY Fed's published yields used as a
        pre-sample); repeated by :meth:`ACMResults.summary`.

    Raises
    ------
    ModelSpecificationError
        On missing maturities, ``n_factors`` outside 1..len(factor_maturities)
        or fewer return maturities than factors.
    EmptySampleError
        With fewer than ``10 n_factors`` months, or NaN in the yields.

    Notes
    -----
    Identification: the pricing factors are observed (principal components,
    fixed at their full-sample loadings); the prices of risk are affine in
    them, ``lambda_t = lambda0 + lambda1 X_t``; no-arbitrage then ties every
    maturity's yield to the factors. The expected-path part of a yield is its
    risk-neutral yield (prices of risk zero: the average expected short rate
    plus a convexity term, as in the published ACM ``ACMRNY``); the term
    premium is the rest. Timing: month-end yields; returns from month t to
    t+1. Daily values apply the monthly estimates to daily factors.

    References
    ----------
    Adrian, T., Crump, R. K., Moench, E. (2013). Pricing the term structure
    with linear regressions. Journal of Financial Economics 110(1), 110-138,
    eqs. (11)-(15).
    """

    def __init__(
        self,
        zero_yields: pd.DataFrame,
        *,
        n_factors: int = 5,
        factor_maturities: tuple[int, ...] = tuple(range(3, 121, 3)),
        return_maturities: tuple[int, ...] = tuple(range(6, 121, 6)),
        presample_note: str = "",
    ) -> None:
        if not isinstance(zero_yields, pd.DataFrame) or not isinstance(
            zero_yields.index, pd.DatetimeIndex
        ):
            raise ModelSpecificationError(
                fmt("zero_yields", "a DataFrame on a DatetimeIndex", type(zero_yields))
            )
        cols = [int(c) for c in zero_yields.columns]
        need = {1, *factor_maturities, *return_maturities}
        need |= {n - 1 for n in return_maturities if n > 1}
        missing = sorted(need - set(cols))
        if missing:
            raise ModelSpecificationError(
                fmt(
                    "zero_yields",
                    "columns for every maturity used (months)",
                    f"missing {missing[:5]}",
                    "Pass yields at maturities 1..120 months.",
                )
            )
        self.n_factors = as_int(
            n_factors, "n_factors", low=1, high=len(factor_maturities)
        )
        if len(return_maturities) < self.n_factors:
            raise ModelSpecificationError(
                fmt(
                    "return_maturities",
                    f"at least n_factors={self.n_factors} maturities",
                    len(return_maturities),
                )
            )
        frame = zero_yields.copy()
        frame.columns = pd.Index(cols)
        if frame[sorted(need)].isna().any().any():
            bad = frame.index[frame[sorted(need)].isna().any(axis=1)][0]
            raise EmptySampleError(
                f"zero_yields: NaN on {bad:%Y-%m-%d}; fit or drop that month first."
            )
        if len(frame) < 10 * self.n_factors:
            raise EmptySampleError(
                fmt("zero_yields", f"at least {10 * self.n_factors} months", len(frame))
            )
        self.zero_yields = frame.sort_index()
        self.factor_maturities = tuple(factor_maturities)
        self.return_maturities = tuple(return_maturities)
        self.presample_note = str(presample_note)

    # ------------------------------------------------------------------ pieces
    @cached_property
    def _pca(self) -> tuple[Float64Array, Float64Array]:
        """(mean, loadings K x M) of the factor yields, in percent."""
        y = self.zero_yields[list(self.factor_maturities)].to_numpy()
        mean = y.mean(axis=0)
        _, _, vt = np.linalg.svd(y - mean, full_matrices=False)
        load = vt[: self.n_factors]
        load *= np.sign(load.sum(axis=1, keepdims=True))  # positive average loading
        return mean, load

    def factors(self, zero_yields: pd.DataFrame) -> pd.DataFrame:
        """Pricing factors of any (e.g. daily) zero curve, with the fitted loadings.

        Parameters
        ----------
        zero_yields : DataFrame
            Zero yields (percent) with columns including ``factor_maturities``.

        Returns
        -------
        DataFrame
            ``pc1 .. pcK`` per date.
        """
        mean, load = self._pca
        y = zero_yields[list(self.factor_maturities)].to_numpy()
        return pd.DataFrame(
            (y - mean) @ load.T,
            index=zero_yields.index,
            columns=[f"pc{i + 1}" for i in range(self.n_factors)],
        )

    def _regression_data(self) -> tuple[Float64Array, Float64Array, Float64Array]:
        y = self.zero_yields.to_numpy() / 100.0
        names = self.zero_yields.columns
        cols: dict[int, int] = {int(c): i for i, c in enumerate(names)}
        x = self.factors(self.zero_yields).to_numpy()
        log_p = {n: -n / 12.0 * y[:, cols[n]] for n in cols}
        r = y[:, cols[1]] / 12.0
        rx = np.column_stack(
            [
                (log_p[n - 1][1:] if n > 1 else 0.0) - log_p[n][:-1] - r[:-1]
                for n in self.return_maturities
            ]
        )
        return x, rx, r

    def fit(
        self,
        *,
        n_boot: int = 0,
        block_length: int = 12,
        seed: SeedLike = None,
        bias_correction: bool = False,
        bias_draws: int = 500,
    ) -> ACMResults:
        """Estimate the model; optionally bootstrap the parameters.

        Parameters
        ----------
        n_boot : int, default 0
            Moving-block bootstrap replications of the factor VAR (the
            physical dynamics). The risk-neutral dynamics ``mu - lambda0``,
            ``Phi - lambda1``, the short-rate equation and ``Sigma`` stay at
            their point estimates (the cross-section of yields pins them down
            far more tightly than 35 years of months pin down the VAR), so each
            draw implies prices of risk ``lambda_b = Phi_b - Phi*`` and fits
            the yields exactly as the point estimate does; the factors keep
            their full-sample loadings.
        block_length : int, default 12
            Block length in months.
        seed : int, Generator or None
            Randomness for the bootstrap (and the bias correction).
        bias_correction : bool, default False
            Replace the OLS factor VAR by its bootstrap bias-corrected version
            (:func:`~attribution.models.termstructure.bias.bias_corrected_var`,
            Bauer, Rudebusch and Wu 2012). The risk-neutral dynamics stay at
            their estimates, so the prices of risk absorb the correction and the
            fitted yields do not change; bootstrap draws are shifted by the same
            correction.
        bias_draws : int, default 500
            Simulated samples for the bias estimate.

        Returns
        -------
        ACMResults
        """
        n_boot = as_int(n_boot, "n_boot", low=0)
        block_length = as_int(block_length, "block_length", low=1)
        x, rx, r = self._regression_data()
        point = estimate_affine(x, rx, r)
        rng = np.random.default_rng(seed)
        bias: BiasCorrection | None = None
        shift_mu, shift_phi = np.zeros_like(point.mu), np.zeros_like(point.phi)
        if bias_correction:
            bias = bias_corrected_var(x, n_draws=bias_draws, seed=rng)
            shift_mu, shift_phi = bias.mu - point.mu, bias.phi - point.phi
            point = replace(
                point,
                mu=bias.mu,
                phi=bias.phi,
                lambda0=point.lambda0 + shift_mu,
                lambda1=point.lambda1 + shift_phi,
            )
        draws: list[AffineParams] = []
        if n_boot:
            t_obs = len(rx)
            n_blocks = int(np.ceil(t_obs / block_length))
            starts = rng.integers(0, t_obs - block_length + 1, (n_boot, n_blocks))
            offsets = np.arange(block_length)
            mu_q = point.mu - point.lambda0
            phi_q = point.phi - point.lambda1
            idx = (starts[:, :, None] + offsets).reshape(n_boot, -1)[:, :t_obs]
            for mu_b, phi_b in zip(*_var_batch(x[idx], x[idx + 1]), strict=True):
                mu_b, phi_b = mu_b + shift_mu, phi_b + shift_phi
                draws.append(
                    replace(
                        point,
                        mu=mu_b,
                        phi=phi_b,
                        lambda0=mu_b - mu_q,
                        lambda1=phi_b - phi_q,
                    )
                )
        return ACMResults(
            self,
            point,
            tuple(draws),
            x_month=self.factors(self.zero_yields),
            bias=bias,
        )


def _var_batch(
    x_lag: Float64Array, x_next: Float64Array
) -> tuple[Float64Array, Float64Array]:
    """VAR(1) intercepts (D, K) and slopes (D, K, K) of D resampled samples."""
    z = np.concatenate([np.ones(x_lag.shape[:2] + (1,)), x_lag], axis=2)
    zt = z.transpose(0, 2, 1)
    coef = np.linalg.solve(zt @ z, zt @ x_next)  # (D, 1 + K, K)
    return coef[:, 0], coef[:, 1:].transpose(0, 2, 1)


def _estimate_transitions(
    x_lag: Float64Array, x_next: Float64Array, rx: Float64Array, r: Float64Array
) -> AffineParams:
    """:func:`estimate_affine` on resampled transitions (rows need not be in order)."""
    t_obs, k = x_lag.shape
    ones = np.ones((t_obs, 1))
    var_coef = _ols(x_next, np.hstack([ones, x_lag]))
    mu, phi = var_coef[0], var_coef[1:].T
    v = x_next - np.hstack([ones, x_lag]) @ var_coef
    sigma = v.T @ v / t_obs
    z = np.hstack([ones, v, x_lag])
    coef = _ols(rx, z)
    a, beta, c = coef[0], coef[1 : 1 + k], coef[1 + k :].T
    resid = rx - z @ coef
    sigma2 = float(np.sum(resid**2) / resid.size)
    bstar = np.einsum("in,jn->nij", beta, beta).reshape(beta.shape[1], -1)
    conv = bstar @ sigma.reshape(-1) + sigma2
    gram_inv = np.linalg.inv(beta @ beta.T)
    d = _ols(r, np.column_stack([ones, x_lag]))
    return AffineParams(
        mu,
        phi,
        sigma,
        gram_inv @ beta @ (a + 0.5 * conv),
        gram_inv @ beta @ c,
        float(d[0]),
        d[1:],
        sigma2,
        beta,
    )


@dataclass(frozen=True)
class ACMResults(Estimates):
    """Estimated ACM model: prices of risk, yields, term premia, bootstrap draws.

    Attributes
    ----------
    model : ACMModel
        The specification that was fitted.
    estimates : AffineParams
        Point estimates (monthly units).
    draws : tuple of AffineParams
        Bootstrap re-estimates (empty without ``n_boot``).
    x_month : DataFrame
        The monthly pricing factors of the estimation sample.
    bias : BiasCorrection or None
        The VAR bias correction, when one was applied.
    """

    model: ACMModel
    estimates: AffineParams
    draws: tuple[AffineParams, ...] = field(default=())
    x_month: pd.DataFrame = field(default_factory=pd.DataFrame)
    bias: BiasCorrection | None = None

    @property
    def presample_note(self) -> str:
        """Where the early estimation months come from ("" if all are own)."""
        return self.model.presample_note

    @property
    def nobs(self) -> int:
        """Monthly transitions used."""
        return len(self.x_month) - 1

    @cached_property
    def params(self) -> pd.Series:
        """Prices of risk ``lambda0``, ``lambda1``, and ``delta0``, ``delta1``."""
        e = self.estimates
        return pd.Series(_flat(e), index=_names(len(e.mu)))

    @cached_property
    def std_err(self) -> pd.Series:
        """Bootstrap standard deviations of :attr:`params` (NaN without draws)."""
        if not self.draws:
            return pd.Series(np.nan, index=self.params.index)
        mat = np.vstack([_flat(d) for d in self.draws])
        return pd.Series(mat.std(axis=0, ddof=1), index=self.params.index)

    def decompose(
        self, factors: pd.DataFrame, maturities: tuple[int, ...]
    ) -> pd.DataFrame:
        """Fitted yield, risk-neutral yield and term premium (percent).

        Parameters
        ----------
        factors : DataFrame
            Pricing factors (from :meth:`ACMModel.factors`), any frequency.
        maturities : tuple of int
            Months.

        Returns
        -------
        DataFrame
            Columns ``(quantity, maturity)`` with quantities ``fitted``,
            ``risk_neutral`` and ``term_premium``.
        """
        return decompose_with(self.estimates, factors, maturities)

    def plot(self, maturity: int = 120) -> Figure:
        """Fitted yield, expected path and term premium over the sample.

        Parameters
        ----------
        maturity : int, default 120
            Months (120 = the 10-year).

        Returns
        -------
        Figure
            A matplotlib figure (object API, no pyplot state): top, the fitted
            and risk-neutral yields; bottom, the term premium (percent), both
            on the monthly estimation sample :attr:`x_month`.
        """
        from attribution.plotting import subplots

        m = as_int(maturity, "maturity", low=1)
        dec = self.decompose(self.x_month, (m,))
        dates = dec.index
        fig, (ax1, ax2) = subplots(2, 1, figsize=(9.0, 6.0), sharex=True)
        ax1.plot(dates, dec[("fitted", m)], color="black", lw=1, label="fitted yield")
        ax1.plot(dates, dec[("risk_neutral", m)], color="#2e86c1", lw=1,
                 label="expected path (risk-neutral yield)")  # fmt: skip
        ax2.plot(dates, dec[("term_premium", m)], color="#c0392b", lw=1,
                 label="term premium")  # fmt: skip
        ax2.axhline(0.0, color="black", lw=0.6)
        for ax in (ax1, ax2):
            ax.set_ylabel("percent")
            ax.legend(fontsize=8, frameon=False)
            ax.grid(alpha=0.3)
        ax1.set_title(f"ACM decomposition of the {m}-month zero yield")
        return fig

    def summary(self) -> str:
        """Sample, factors and the sizes of the prices of risk."""
        e = self.estimates
        return (
            f"ACM (2013): {self.model.n_factors} principal components of "
            f"{len(self.model.factor_maturities)} zero yields, "
            f"{len(self.model.return_maturities)} return maturities, "
            f"{self.nobs} monthly transitions "
            f"({self.x_month.index.min():%Y-%m} to {self.x_month.index.max():%Y-%m}); "
            f"return residual s.d. {np.sqrt(e.sigma2) * 1e4:.1f} bp per month; "
            f"{len(self.draws)} bootstrap draws"
            + (f"; {self.bias.summary()}" if self.bias is not None else "")
            + (f"; {self.presample_note}" if self.presample_note else "")
            + "."
        )


def decompose_with(
    p: AffineParams, factors: pd.DataFrame, maturities: tuple[int, ...]
) -> pd.DataFrame:
    """:meth:`ACMResults.decompose` for any parameter set (point or draw)."""
    n_max = max(maturities)
    a, b = affine_loadings(p, n_max)
    a_rn, b_rn = affine_loadings(p, n_max, risk_neutral=True)
    x = factors.to_numpy()
    idx = np.array(maturities) - 1
    scale = -1200.0 / np.array(maturities, dtype=float)
    fitted = (a[idx] + x @ b[idx].T) * scale
    rn = (a_rn[idx] + x @ b_rn[idx].T) * scale
    parts = {"fitted": fitted, "risk_neutral": rn, "term_premium": fitted - rn}
    return pd.concat(
        {
            k: pd.DataFrame(v, index=factors.index, columns=list(maturities))
            for k, v in parts.items()
        },
        axis=1,
    )


def _flat(p: AffineParams) -> Float64Array:
    return np.concatenate([p.lambda0, p.lambda1.reshape(-1), [p.delta0], p.delta1])


def _names(k: int) -> list[str]:
    return (
        [f"lambda0[pc{i + 1}]" for i in range(k)]
        + [f"lambda1[pc{i + 1},pc{j + 1}]" for i in range(k) for j in range(k)]
        + ["delta0"]
        + [f"delta1[pc{i + 1}]" for i in range(k)]
    )


def decompose_draws(
    draws: tuple[AffineParams, ...], factors: pd.DataFrame, maturities: tuple[int, ...]
) -> dict[str, Float64Array]:
    """Fitted and risk-neutral yields for every draw at once (percent).

    Parameters
    ----------
    draws : tuple of AffineParams
        Bootstrap re-estimates.
    factors : DataFrame
        Pricing factors, shape (T, K).
    maturities : tuple of int
        Months.

    Returns
    -------
    dict
        ``fitted``, ``risk_neutral`` and ``term_premium`` arrays of shape
        (n_draws, T, n_maturities); the recursion of :func:`affine_loadings`
        run on all draws together.
    """
    mu = np.stack([d.mu for d in draws])
    phi = np.stack([d.phi for d in draws])
    sig = np.stack([d.sigma for d in draws])
    lam0 = np.stack([d.lambda0 for d in draws])
    lam1 = np.stack([d.lambda1 for d in draws])
    d0 = np.array([d.delta0 for d in draws])
    d1 = np.stack([d.delta1 for d in draws])
    s2 = np.array([d.sigma2 for d in draws])
    x = factors.to_numpy()
    want = {n - 1: j for j, n in enumerate(maturities)}
    out = {}
    for name, drift, trans in (
        ("fitted", mu - lam0, phi - lam1),
        ("risk_neutral", mu, phi),
    ):
        a = np.zeros(len(draws))
        b = np.zeros_like(mu)
        a_sel = np.zeros((len(draws), len(maturities)))
        b_sel = np.zeros((len(draws), len(maturities), mu.shape[1]))
        for n in range(max(maturities)):
            row = b[:, None, :]
            quad = (row @ sig @ b[:, :, None])[:, 0, 0]
            a = a + (row @ drift[:, :, None])[:, 0, 0] + 0.5 * (quad + s2) - d0
            b = (row @ trans)[:, 0, :] - d1
            if n in want:
                a_sel[:, want[n]], b_sel[:, want[n]] = a, b
        scale = -1200.0 / np.array(maturities, dtype=float)
        out[name] = (a_sel[:, None, :] + np.einsum("tk,dmk->dtm", x, b_sel)) * scale
    out["term_premium"] = out["fitted"] - out["risk_neutral"]
    return out


def change_draws(
    draws: tuple[AffineParams, ...], dx: Float64Array, maturities: tuple[int, ...]
) -> dict[str, Float64Array]:
    """Return the changes of fitted and risk-neutral yields for every draw (percent).

    A change of the factors by ``dx`` moves each yield by ``-1200/n B_n' dx``;
    the constants ``A_n`` cancel, so only the ``B`` recursion is run.

    Parameters
    ----------
    draws : tuple of AffineParams
        Bootstrap re-estimates.
    dx : ndarray, shape (K,)
        Factor change (end minus base).
    maturities : tuple of int
        Months.

    Returns
    -------
    dict
        ``fitted``, ``risk_neutral`` and ``term_premium``, each (n_draws,
        n_maturities).
    """
    phi = np.stack([d.phi for d in draws])
    lam1 = np.stack([d.lambda1 for d in draws])
    d1 = np.stack([d.delta1 for d in draws])[:, None, :]
    want = {n - 1: j for j, n in enumerate(maturities)}
    scale = -1200.0 / np.array(maturities, dtype=float)
    out = {}
    for name, trans in (("fitted", phi - lam1), ("risk_neutral", phi)):
        b = np.zeros_like(d1)
        sel = np.zeros((len(draws), len(maturities)))
        for n in range(max(maturities)):
            b = b @ trans - d1
            if n in want:
                sel[:, want[n]] = b[:, 0, :] @ dx
        out[name] = sel * scale
    out["term_premium"] = out["fitted"] - out["risk_neutral"]
    return out
