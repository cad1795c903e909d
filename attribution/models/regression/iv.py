"""Instrumental-variables (2SLS) regression with HAC inference, via linearmodels."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy import stats

from attribution._typing import Float64Array, Missing
from attribution._validation import as_float, as_option
from attribution.exceptions import (
    ModelSpecificationError,
    WeakIdentificationWarning,
    fmt,
)
from attribution.models.covariance import (
    HACConfig,
    KernelCovariance,
    hac_estimator,
    sandwich_cov,
)
from attribution.models.regression._data import join_aligned
from attribution.models.regression.iv_results import IVResults
from attribution.models.regression.model import HACRegression

if TYPE_CHECKING:
    from typing_extensions import Unpack

IVCovType = Literal["nonrobust", "hc0", "hc1", "hac"]
_IV_COV: tuple[IVCovType, ...] = ("nonrobust", "hc0", "hc1", "hac")


class IVRegression:
    r"""Linear IV model :math:`y_t = x_t'\beta + w_t'\gamma + u_t` estimated by 2SLS.

    Parameters
    ----------
    endog : Series
        Dependent variable :math:`y_t`, indexed by date.
    exog : DataFrame or None
        Exogenous regressors :math:`w_t` (they instrument themselves).
    endogenous : Series or DataFrame
        Endogenous regressors :math:`x_t` (e.g. official flows).
    instruments : Series or DataFrame
        Excluded instruments :math:`z_t` (e.g. currency-intervention pressure);
        at least as many columns as ``endogenous``.
    add_const : bool, default True
        Add a column ``const`` to the exogenous regressors.
    missing : {"raise", "drop"}, default "raise"
        Rows with NaN in any input raise, or are dropped with a warning.

    Raises
    ------
    ModelSpecificationError
        If the model is under-identified, indexes differ or data hold NaN.

    Notes
    -----
    Identifying assumptions: exclusion :math:`E[z_t u_t] = 0` and relevance
    (:math:`z_t` correlated with :math:`x_t` given :math:`w_t`). All variables
    are dated t: a contemporaneous instrument. 2SLS point estimates come from
    :class:`linearmodels.iv.IV2SLS`; the covariance is the sandwich
    :math:`(\hat X'\hat X)^{-1}\hat S(\hat X'\hat X)^{-1}` with scores
    :math:`\hat x_t \hat u_t` through :mod:`attribution.models.covariance`,
    i.e. the same kernel and bandwidth rule as :class:`HACRegression`
    (this equals linearmodels' ``cov_type="kernel"``, ``debiased=False``).

    References
    ----------
    Staiger, D. and Stock, J. H. (1997). Instrumental variables regression with
    weak instruments. *Econometrica* 65(3), 557-586.
    Shea, J. (1997). Instrument relevance in multivariate linear models.
    *Review of Economics and Statistics* 79(2), 348-352.

    Examples
    --------
    >>> from attribution.models.regression import IVRegression
    >>> from attribution.models.regression.simulate import simulate_iv
    >>> sim = simulate_iv(5000, beta=1.0, rho=0.6, seed=0)
    >>> res = IVRegression(sim.endog, None, sim.endogenous, sim.instruments).fit()
    >>> round(float(res.params["official_flows"]), 1)
    1.0
    >>> bool(res.first_stage["weak"].iloc[0])
    False
    """

    def __init__(
        self,
        endog: pd.Series,
        exog: pd.DataFrame | None,
        endogenous: pd.Series | pd.DataFrame,
        instruments: pd.Series | pd.DataFrame,
        *,
        add_const: bool = True,
        missing: Missing = "raise",
    ) -> None:
        parts = {"endog": endog, "endogenous": endogenous, "instruments": instruments}
        if exog is not None:
            parts["exog"] = exog
        joined, cut = join_aligned(parts, missing)
        self.endog: pd.Series = joined.iloc[:, 0]
        self.endogenous: pd.DataFrame = joined.iloc[:, cut["endogenous"]]
        self.instruments: pd.DataFrame = joined.iloc[:, cut["instruments"]]
        ex = (
            joined.iloc[:, cut["exog"]]
            if "exog" in cut
            else pd.DataFrame(index=joined.index)
        )
        if add_const:
            ex.insert(0, "const", 1.0)
        self.exog: pd.DataFrame = ex
        n_endog, n_instr = self.endogenous.shape[1], self.instruments.shape[1]
        if n_instr < n_endog:
            raise ModelSpecificationError(
                fmt(
                    "instruments",
                    f"at least {n_endog} column(s), one per endogenous regressor",
                    n_instr,
                    "The model is under-identified.",
                )
            )
        design = np.hstack([self.exog.to_numpy(), self.instruments.to_numpy()])
        if np.linalg.matrix_rank(design) < design.shape[1]:
            raise ModelSpecificationError(
                fmt("instruments", "linearly independent of exog", "rank deficient")
            )
        if len(joined) <= design.shape[1] + n_endog:
            raise ModelSpecificationError(
                fmt("data", "more rows than instruments and regressors", len(joined))
            )

    def fit(
        self,
        *,
        cov: IVCovType = "hac",
        weak_threshold: float = 10.0,
        **cov_config: Unpack[HACConfig],
    ) -> IVResults:
        r"""Estimate by 2SLS and return immutable results.

        Parameters
        ----------
        cov : {"nonrobust", "hc0", "hc1", "hac"}, default "hac"
            Covariance of the 2SLS estimates (and of the first-stage F).
            ``"nonrobust"`` uses :math:`s^2 = \hat u'\hat u/(T-k)`.
        weak_threshold : float, default 10.0
            A :class:`~attribution.exceptions.WeakIdentificationWarning` is
            issued when an endogenous regressor's first-stage partial F is
            below it (the Staiger-Stock rule of thumb, about a 10% worst-case
            2SLS bias relative to OLS for one endogenous regressor).
        **cov_config
            HAC options (``cov="hac"``), the keys of
            :class:`~attribution.models.covariance.HACConfig` as in
            :meth:`HACRegression.fit`: ``kernel`` (default ``"bartlett"``),
            ``bandwidth`` (truncation lag L; default the rule
            :math:`\lfloor 4 (T/100)^{2/9} \rfloor`), ``kernel_bandwidth``,
            ``bandwidth_rule``, ``prewhite``, ``adjust``. The scores are
            :math:`\hat x_t \hat u_t`; the first-stage F uses the same lag or
            bandwidth.

        Returns
        -------
        IVResults
        """
        # linearmodels costs 0.33 s to import; only an IV fit needs it, and an
        # ``attribute`` run (which imports this package) fits none
        from linearmodels.iv import IV2SLS

        cov = as_option(cov, "cov", _IV_COV)
        estimator = hac_estimator(cov_config)
        weak_threshold = as_float(weak_threshold, "weak_threshold", low=0.0)
        lm = IV2SLS(
            self.endog,
            self.exog if self.exog.shape[1] else None,
            self.endogenous,
            self.instruments,
        ).fit(cov_type="unadjusted")
        names = [*self.exog.columns, *self.endogenous.columns]
        beta = lm.params.loc[names].to_numpy()
        x = np.hstack([self.exog.to_numpy(), self.endogenous.to_numpy()])
        z = np.hstack([self.exog.to_numpy(), self.instruments.to_numpy()])
        xhat = z @ np.linalg.lstsq(z, x, rcond=None)[0]
        resid = self.endog.to_numpy() - x @ beta
        lags: int | None = None
        real_bw: float | None = None
        if cov == "hac":
            w = np.array([0.0 if c == "const" else 1.0 for c in names])
            if not w.any():
                w[:] = 1.0
            vcov, lags, real_bw = estimator.cov(xhat, resid, weights=w)
        else:
            vcov = _iv_cov(xhat, resid, cov)
        first = self._first_stage(xhat, cov, estimator, lags, real_bw)
        first = first.assign(weak=first["partial_f"] < weak_threshold)
        weak = first.index[first["weak"]].tolist()
        if weak:
            warnings.warn(
                f"Weak instruments for {weak}: first-stage partial F "
                f"{first.loc[weak, 'partial_f'].round(2).tolist()} "
                f"< {weak_threshold:g}. 2SLS estimates and intervals may be "
                "unreliable; find stronger instruments, "
                "or silence with warnings.filterwarnings('ignore', "
                "category=WeakIdentificationWarning).",
                WeakIdentificationWarning,
                stacklevel=2,
            )
        idx = self.endog.index
        return IVResults(
            params=pd.Series(beta, index=names, name="params"),
            cov=pd.DataFrame(vcov, index=names, columns=names),
            resid=pd.Series(resid, index=idx, name="resid"),
            fitted=pd.Series(x @ beta, index=idx, name="fitted"),
            endog=self.endog,
            cov_type=cov,
            bandwidth=lags,
            kernel=estimator.name,
            kernel_bandwidth=real_bw,
            exog=pd.DataFrame(x, index=idx, columns=names),
            prewhite=estimator.prewhite and cov == "hac",
            adjust=estimator.adjust and cov == "hac",
            first_stage=first,
            weak_threshold=weak_threshold,
            endogenous=tuple(self.endogenous.columns),
            instruments=tuple(self.instruments.columns),
        )

    def _first_stage(
        self,
        xhat: Float64Array,
        cov: IVCovType,
        estimator: KernelCovariance,
        lags: int | None,
        real_bw: float | None,
    ) -> pd.DataFrame:
        """First-stage R², partial R², Shea's partial R² and partial F per regressor."""
        w = self.exog.to_numpy()
        n_ex = w.shape[1]
        z = self.instruments.to_numpy()
        q = z.shape[1]
        x = np.hstack([w, self.endogenous.to_numpy()])
        rows = {}
        for j, name in enumerate(self.endogenous.columns):
            design = pd.concat([self.exog, self.instruments], axis=1)
            reg = HACRegression(self.endogenous[name], design, add_const=False)
            res = (
                reg.fit(
                    cov=cov,
                    kernel=estimator.name,
                    bandwidth=None if real_bw is not None else lags,
                    kernel_bandwidth=real_bw,
                    prewhite=estimator.prewhite,
                    adjust=estimator.adjust,
                )
                if cov == "hac"
                else reg.fit(cov=cov)
            )
            b = res.params.iloc[n_ex:].to_numpy()
            wald = float(b @ np.linalg.solve(res.cov.to_numpy()[n_ex:, n_ex:], b))
            xj = x[:, n_ex + j]
            ey, ez = _annihilate(xj, w), _annihilate(z, w)
            fit_p = ez @ np.linalg.lstsq(ez, ey, rcond=None)[0]
            others = np.delete(x, n_ex + j, axis=1)
            others_hat = np.delete(xhat, n_ex + j, axis=1)
            tilde = _annihilate(xj, others)
            tilde_hat = _annihilate(xhat[:, n_ex + j], others_hat)
            rows[name] = {
                "rsquared": res.rsquared,
                "partial_rsquared": float(fit_p @ fit_p / (ey @ ey)),
                "shea_rsquared": float(
                    (tilde @ tilde_hat) ** 2
                    / ((tilde @ tilde) * (tilde_hat @ tilde_hat))
                ),
                "partial_f": wald / q,
                "partial_f_pval": float(stats.chi2(q).sf(wald)),
            }
        out = pd.DataFrame.from_dict(rows, orient="index")
        out.index.name = "endogenous"
        return out


def _annihilate(y: Float64Array, w: Float64Array) -> Float64Array:
    """Residual of ``y`` after projecting on the columns of ``w``."""
    if w.shape[1] == 0:
        return y
    return y - w @ np.linalg.lstsq(w, y, rcond=None)[0]


def _iv_cov(xhat: Float64Array, resid: Float64Array, cov: IVCovType) -> Float64Array:
    r"""Non-HAC covariance of 2SLS with scores :math:`\hat x_t \hat u_t`."""
    nobs, k = xhat.shape
    if cov == "nonrobust":
        s2 = float(resid @ resid) / (nobs - k)
        return np.asarray(s2 * np.linalg.inv(xhat.T @ xhat), dtype=float)
    return sandwich_cov(xhat, resid, hc=cov)
