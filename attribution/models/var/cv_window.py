r"""Window contributions of shocks identified by a change in volatility, with bands.

For a window :math:`W = t_0..t_1` (decomposition restarted at :math:`t_0`, the
convention of :mod:`attribution.models.var.hd`) and a non-orthogonal impact
matrix B, the contribution of shock j to response i is

.. math::

    S_{ij} = \sum_{s\in W} e_i'\Psi_s b_j\, g_j'u_s
           = \tilde q_j' K_i \bar q_j,
    \qquad \tilde Q = C^{-1}B,\ \bar Q = \tilde Q^{-1},

with :math:`g_j'` row j of :math:`B^{-1}`, :math:`C = \mathrm{chol}\,\Sigma_u`,
:math:`\tilde q_j` column j of :math:`\tilde Q`, :math:`\bar q_j'` row j of
:math:`\bar Q` and :math:`K_i` the kernel of
:mod:`attribution.models.var.window_forms`. Because
:math:`\sum_j \tilde q_j\bar q_j' = I`, contributions plus the baseline add up
to the window's change exactly, whatever B is. A linear combination of
responses (``y10 = real10 + be10``) has the combined kernel and baseline.

Bands: a moving-block bootstrap of the reduced-form residuals (Brüggemann,
Jentsch and Trenkler 2016) whose draws carry each residual's regime label, so
each draw re-estimates the VAR (OLS) and both regime covariances, re-identifies
B in closed form and matches its columns to the estimate's by the largest
:math:`|\cos|` between columns scaled by the calm-day s.d. of each variable
(one assignment per draw). Each draw decomposes the observed data with its own
coefficients and B; the bands are percentile intervals.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from attribution._typing import Float64Array, SeedLike
from attribution._validation import as_float, as_generator, as_int
from attribution.exceptions import (
    ModelSpecificationError,
    WeakIdentificationWarning,
    fmt,
)
from attribution.models.var import _arrays
from attribution.models.var import _cv_arrays as cva
from attribution.models.var.bootstrap import _simulate
from attribution.models.var.hd import BASELINE, window_positions
from attribution.models.var.heteroskedasticity import ChangeInVolatility, identify_cv
from attribution.models.var.naming import (
    ShockNaming,
    _restriction_matrices,
    _scores,
    assign,
    combination_matrix,
    max_horizon,
    name_shocks,
    stacked_responses,
)
from attribution.models.var.sign import SignRestriction
from attribution.models.var.window_forms import window_forms

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from attribution.models.var.results import VARResults

OTHER = "other_shocks"
_CHUNK = 100


@dataclass(frozen=True)
class CVWindow:
    """Window contributions under change-in-volatility identification.

    Attributes
    ----------
    frame : DataFrame
        Indexed by (``response``, ``shock``), ``shock`` = ``baseline``, the
        named shocks, ``other_shocks`` (the unnamed columns summed); columns
        ``point`` (at the estimate), ``std_err`` (s.d. of the draws),
        ``lower``, ``upper`` (bootstrap percentiles at ``level``).
    identification : ChangeInVolatility
        The estimate, with its tests and ``weak`` flag.
    naming : ShockNaming
        Which statistical column each named shock is.
    shocks : DataFrame
        Daily structural shocks at the estimate (date x shock; named shocks,
        then ``other_k``), one calm-day s.d. units.
    naming_agreement : float
        Share of draws whose own sign-restriction naming assigns every named
        shock to the same (matched) column and sign as the estimate.
    agreement_by_shock : Series
        The same share per named shock.
    level : float
    n_boot : int
    block_length : int
    draws : ndarray, shape (n_boot, r, m + 2)
        Bootstrap draws behind ``frame`` (baseline, named shocks, other).
    irf : DataFrame or None
        With ``irf_horizon`` > 0: cumulative responses of the reported rows to
        one-calm-day-s.d. named shocks, indexed by (``horizon``,
        ``response``, ``shock``), columns ``point``, ``lower``, ``upper``
        (percentiles of the same bootstrap draws at ``level``).
    """

    frame: pd.DataFrame
    identification: ChangeInVolatility
    naming: ShockNaming
    shocks: pd.DataFrame
    naming_agreement: float
    agreement_by_shock: pd.Series
    level: float
    n_boot: int
    block_length: int
    draws: Float64Array
    irf: pd.DataFrame | None = None

    @property
    def weak_named(self) -> list[str]:
        """Named shocks whose column lies in a weak group (not told apart)."""
        groups = {c for g in self.identification.weak_groups for c in g}
        return [str(s) for s, c in self.naming.table["column"].items() if c in groups]

    def conf_int(self, level: float = 0.9) -> pd.DataFrame:
        """Return percentile bands of the draws at ``level`` (columns lower, upper)."""
        level = as_float(level, "level", low=0.0, high=1.0)
        q = (1.0 - level) / 2.0
        lower, upper = np.quantile(self.draws, [q, 1.0 - q], axis=0)
        return pd.DataFrame(
            {"lower": lower.reshape(-1), "upper": upper.reshape(-1)},
            index=self.frame.index,
        )

    def summary(self) -> str:
        """Naming, agreement, weak-identification verdict and the window table."""
        lines = [
            "Window contributions, identification through heteroskedasticity "
            f"({self.n_boot} moving-block draws, blocks of {self.block_length}, "
            f"{self.level:.0%} percentile bands)",
            self.identification.weak_text,
            "Naming (share of draws agreeing: "
            f"{self.naming_agreement:.0%} for all named shocks):",
            self.naming.table.assign(agreement=self.agreement_by_shock).to_string(),
            self.frame.to_string(float_format=lambda v: f"{v:.2f}"),
        ]
        return "\n".join(lines)

    def plot(
        self, *, responses: Sequence[str] | None = None, units: str = ""
    ) -> Figure:
        """Bars of the window's contributions per response, with their bands.

        Parameters
        ----------
        responses : sequence of str, optional
            Panels (default every reported response), on a shared axis.
        units : str, default ""
            Units of the contributions (e.g. ``"bp"``).

        Returns
        -------
        Figure
            A matplotlib figure (object API: no pyplot, the backend is left
            alone).
        """
        from attribution.models.var.plots import window_figure

        return window_figure(self.frame, level=self.level, responses=responses,
                             units=units)  # fmt: skip

    def plot_irf(
        self, *, responses: Sequence[str] | None = None, units: str = ""
    ) -> Figure:
        """Cumulative impulse responses to the named shocks, with their bands.

        Needs ``cv_window(..., irf_horizon=H)``.

        Raises
        ------
        ModelSpecificationError
            If the window was computed without ``irf_horizon``.
        """
        from attribution.models.var.plots import irf_figure

        if self.irf is None:
            raise ModelSpecificationError(
                fmt("irf_horizon", "a positive horizon in cv_window", 0)
            )
        return irf_figure(self.irf, responses=responses, level=self.level,
                          units=units)  # fmt: skip

    def actual(self) -> pd.Series:
        """Sum of the point contributions per response (the window's change)."""
        return self.frame["point"].groupby(level="response", sort=False).sum()


def _contributions(
    forms_kernel: Float64Array,
    forms_baseline: Float64Array,
    chol: Float64Array,
    impact: Float64Array,
    combo: Float64Array,
    n_named: int,
) -> Float64Array:
    """``(B, r, m + 2)``: baseline, named shocks, other shocks summed."""
    kernel = np.einsum("ri,bikm->brkm", combo, forms_kernel)
    baseline = forms_baseline @ combo.T
    qt = np.linalg.solve(chol, impact)
    qinv = np.linalg.inv(qt)
    per = np.einsum("bkj,brkm,bjm->brj", qt, kernel, qinv)
    out = np.empty(per.shape[:2] + (n_named + 2,))
    out[..., 0] = baseline
    out[..., 1 : n_named + 1] = per[..., :n_named]
    out[..., -1] = per[..., n_named:].sum(axis=-1)
    return out


def _match(
    draws: Float64Array, point: Float64Array, scale: Float64Array
) -> Float64Array:
    """Permute and flip each draw's columns to the point estimate's (max |cos|)."""
    a = draws / scale[:, None]
    b = point / scale[:, None]
    a = a / np.linalg.norm(a, axis=-2, keepdims=True)
    b = b / np.linalg.norm(b, axis=-2, keepdims=True)
    cos = np.einsum("kc,bkd->bcd", b, a)  # (B, point col, draw col)
    out = np.empty_like(draws)
    for i in range(draws.shape[0]):
        rows, cols = linear_sum_assignment(-np.abs(cos[i]))
        sign = np.where(cos[i, rows, cols] < 0.0, -1.0, 1.0)
        out[i][:, rows] = draws[i][:, cols] * sign
    return out


def _block_indices(
    n_obs: int, n_boot: int, ell: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Moving-block positions ``(B, T_e)`` and their offset within the block."""
    n_blocks = -(-n_obs // ell)
    starts = rng.integers(0, n_obs - ell + 1, size=(n_boot, n_blocks))
    idx = (starts[:, :, None] + np.arange(ell)).reshape(n_boot, -1)[:, :n_obs]
    offset = np.tile(np.arange(ell), n_blocks)[:n_obs]
    return idx, offset


def _check_responses(rows: list[str], responses: Sequence[str] | None) -> list[int]:
    if responses is None:
        return list(range(len(rows)))
    out = []
    for r in responses:
        if r not in rows:
            raise ModelSpecificationError(
                fmt("responses", f"names in {rows}", r, "Add it to combinations.")
            )
        out.append(rows.index(r))
    return out


@dataclass(frozen=True)
class _Setup:
    cv: ChangeInVolatility
    naming: ShockNaming
    combo: Float64Array
    impact: Float64Array  # named order
    lo: int
    hi: int
    mats: list[Float64Array]
    comb_all: Float64Array
    horizon: int
    irf_horizon: int = 0


def _cum_irf(
    combo: Float64Array, lag_coefs: Float64Array, impact: Float64Array, horizon: int
) -> Float64Array:
    """Cumulative responses ``(..., H+1, r, m)`` of the rows ``combo`` to ``impact``."""
    theta = _arrays.ma_coefs(lag_coefs, horizon) @ impact[..., None, :, :]
    out: Float64Array = np.cumsum(combo @ theta, axis=-3)
    return out


def _bootstrap(
    results: VARResults, setup: _Setup, n_boot: int, ell: int,
    rng: np.random.Generator,
) -> tuple[Float64Array, np.ndarray, Float64Array | None]:  # fmt: skip
    """Draws ``(n_boot, r, m + 2)``, naming agreement ``(n_boot, m)``, IRF draws.

    The IRF draws ``(n_boot, H+1, r, m)`` (None unless ``setup.irf_horizon``)
    use no random numbers: the other draws are the same with or without them.
    """
    resid, high = results._resid, setup.cv.high
    n_obs = resid.shape[0]
    idx, offset = _block_indices(n_obs, n_boot, ell, rng)
    pos_mean = np.stack([resid[s : s + n_obs - ell + 1].mean(axis=0)
                         for s in range(ell)])  # fmt: skip
    point_stat = setup.cv.impact.to_numpy()
    scale = np.sqrt(np.diag(setup.cv.sigma_calm.to_numpy()))
    order, signs = setup.naming.order, setup.naming.signs
    m = len(setup.naming.table)
    col0 = setup.naming.order[:m]
    flip0 = setup.naming.signs[:m] < 0
    p, n_det = results.n_lags, results.model.n_det
    out = np.empty((n_boot, setup.combo.shape[0], m + 2))
    agree = np.empty((n_boot, m), dtype=bool)
    irfs = (
        np.empty((n_boot, setup.irf_horizon + 1, setup.combo.shape[0], m))
        if setup.irf_horizon
        else None
    )
    for lo in range(0, n_boot, _CHUNK):
        sl = slice(lo, min(lo + _CHUNK, n_boot))
        innov = resid[idx[sl]] - pos_mean[offset]
        ystar = _simulate(results, innov)
        xtx, xty, _ = _arrays.batched_gram(ystar, results._det, p)
        params = np.asarray(np.linalg.solve(xtx, xty), dtype=np.float64)
        x = _arrays.lag_design(ystar, p, results._det)
        u = ystar[:, p:] - x @ params
        s1, s2 = cva.regime_covariances(u, high[idx[sl]])
        sigma_u = np.asarray(
            np.swapaxes(u, -1, -2) @ u / results.df_resid, dtype=np.float64
        )
        stat, _ = cva.closed_form(s1, s2)
        stat = _match(stat, point_stat, scale)
        det_coefs, lag_coefs = _arrays.split_params(params, n_det, p)
        resp = stacked_responses(
            setup.comb_all, stat, lag_coefs if setup.horizon else None, setup.horizon
        )
        scores = _scores(setup.mats, resp)
        for i in range(stat.shape[0]):
            col, flip = assign(scores[i])
            agree[lo + i] = (col == col0) & (flip == flip0)
        chol = np.asarray(np.linalg.cholesky(sigma_u), dtype=np.float64)
        forms = window_forms(
            results._y, results._det, det_coefs, lag_coefs, chol,
            setup.lo, setup.hi, list(range(len(results.names))),
        )  # fmt: skip
        out[sl] = _contributions(forms.kernel, forms.baseline, chol,
                                 stat[:, :, order] * signs, setup.combo, m)  # fmt: skip
        if irfs is not None:
            named = (stat[:, :, order] * signs)[:, :, :m]
            irfs[sl] = _cum_irf(setup.combo, lag_coefs, named, setup.irf_horizon)
    return out, agree, irfs


def cv_window(
    results: VARResults,
    regime: pd.Series,
    start: Any,
    end: Any,
    *,
    restrictions: Sequence[SignRestriction],
    responses: Sequence[str] | None = None,
    combinations: Mapping[str, Mapping[str, float]] | None = None,
    n_boot: int = 1000,
    level: float = 0.9,
    block_length: int | None = None,
    seed: SeedLike = None,
    irf_horizon: int = 0,
) -> CVWindow:
    r"""Contributions of named, heteroskedasticity-identified shocks over a window.

    Parameters
    ----------
    results : VARResults
        Reduced-form VAR.
    regime : Series of bool
        True on high-volatility days (see
        :func:`~attribution.models.var.heteroskedasticity.identify_cv`).
    start, end : date-like
        Window: first and last day decomposed (restarted at ``start``).
    restrictions : sequence of SignRestriction
        Name the statistical columns
        (:func:`~attribution.models.var.naming.name_shocks`).
    responses : sequence of str, optional
        Variables or combinations reported (default all, combinations last).
    combinations : mapping, optional
        Linear combinations of variables, ``{"y10": {"real10": 1, "be10": 1}}``.
    n_boot : int, default 1000
        Bootstrap draws (processed in chunks of 100).
    level : float, default 0.9
        Level of the percentile bands.
    block_length : int, optional
        Moving-block length (default :math:`\lceil T_e^{1/3}\rceil`).
    seed : int, Generator or None
    irf_horizon : int, default 0
        If positive, also the cumulative impulse responses of ``responses``
        to the named shocks at horizons 0..``irf_horizon``, with bands from
        the same draws (:attr:`CVWindow.irf`); the other numbers do not
        change.

    Returns
    -------
    CVWindow

    Raises
    ------
    ModelSpecificationError
        On a misaligned regime, an unknown variable in a restriction,
        combination or response, or bad options.
    WindowError
        If the window holds no estimation row.

    Notes
    -----
    The point is the estimate on the observed data (OLS reduced form, closed
    form B); see the module docstring for the formula, the adding-up identity
    and the bootstrap. Shocks are one calm-day s.d.; each named shock keeps
    the sign that makes its restrictions hold best.

    Examples
    --------
    >>> from attribution.models.var import VAR, SignRestriction
    >>> from attribution.simulate import daily_world
    >>> w = daily_world("large", "holds", n_days=12000, seed=2)
    >>> res = VAR(w.data.drop(columns="y10"), n_lags=1).fit()
    >>> sa = SignRestriction("sell_america", {"y30": "+", "usd": "-", "equity": "-"})
    >>> out = cv_window(res, w.volatility == "episode", "2025-04-07", "2025-04-11",
    ...                 restrictions=[sa], responses=["y30"], n_boot=50, seed=0)
    >>> list(out.frame.loc["y30"].index)
    ['baseline', 'sell_america', 'other_shocks']
    >>> bool(abs(out.actual()["y30"] - w.data.loc["2025-04-07":, "y30"].sum()) < 1e-8)
    True
    """
    n_boot = as_int(n_boot, "n_boot", low=1)
    level = as_float(level, "level", low=0.0, high=1.0)
    if level in (0.0, 1.0):
        raise ModelSpecificationError(fmt("level", "strictly between 0 and 1", level))
    ell = (
        int(np.ceil(results.nobs ** (1 / 3)))
        if block_length is None
        else as_int(block_length, "block_length", low=1, high=results.nobs)
    )
    rng = as_generator(seed)
    cv = identify_cv(results, regime)
    rows, comb_all = combination_matrix(results.names, combinations)
    resp = _check_responses(rows, responses)
    naming = name_shocks(cv.impact, restrictions, combinations=combinations,
                         lag_coefs=results._lag_coefs)  # fmt: skip
    lo, hi = window_positions(results, start, end)
    setup = _Setup(
        cv=cv, naming=naming, combo=comb_all[resp],
        impact=cv.impact.to_numpy()[:, naming.order] * naming.signs, lo=lo, hi=hi,
        mats=_restriction_matrices(restrictions, rows), comb_all=comb_all,
        horizon=max_horizon(restrictions),
        irf_horizon=as_int(irf_horizon, "irf_horizon", low=0),
    )  # fmt: skip
    m = len(naming.table)
    weak = {c for g in cv.weak_groups for c in g}
    weak_named = [s for s, c in naming.table["column"].items() if c in weak]
    if weak_named:
        warnings.warn(
            f"Named shocks {weak_named} lie in weak groups ({cv.weak_text}); "
            "their separate contributions are not identified, only their sum "
            "with the other shocks of the group.",
            WeakIdentificationWarning,
            stacklevel=2,
        )
    chol = np.asarray(np.linalg.cholesky(results._sigma)[None], dtype=np.float64)
    forms = window_forms(results._y, results._det, results._det_coefs[None],
                         results._lag_coefs[None], chol, lo, hi,
                         list(range(len(results.names))))  # fmt: skip
    point = _contributions(forms.kernel, forms.baseline, chol, setup.impact[None],
                           setup.combo, m)[0]  # fmt: skip
    draws, agree, irf_draws = _bootstrap(results, setup, n_boot, ell, rng)
    q = (1.0 - level) / 2.0
    shocks = [BASELINE, *naming.table.index, OTHER]
    index = pd.MultiIndex.from_product(
        [[rows[i] for i in resp], shocks], names=["response", "shock"]
    )
    cols = {
        "point": point,
        "std_err": draws.std(axis=0, ddof=1) if n_boot > 1 else 0.0 * point,
        "lower": np.quantile(draws, q, axis=0),
        "upper": np.quantile(draws, 1.0 - q, axis=0),
    }
    frame = pd.DataFrame({k: np.asarray(v).reshape(-1) for k, v in cols.items()},
                         index=index)  # fmt: skip
    eps = np.linalg.solve(setup.impact, cv.resid_array.T).T
    irf = None
    if irf_draws is not None:
        irf = _irf_frame(
            _cum_irf(setup.combo, results._lag_coefs, setup.impact[:, :m],
                     setup.irf_horizon),
            irf_draws, q, [rows[i] for i in resp], list(naming.table.index),
        )  # fmt: skip
    return CVWindow(
        frame=frame,
        identification=cv,
        naming=naming,
        shocks=pd.DataFrame(eps, index=results.index, columns=naming.shock_names),
        naming_agreement=float(agree.all(axis=1).mean()),
        agreement_by_shock=pd.Series(
            agree.mean(axis=0), index=naming.table.index, name="agreement"
        ),  # fmt: skip
        level=level,
        n_boot=n_boot,
        block_length=ell,
        draws=draws,
        irf=irf,
    )


def _irf_frame(
    point: Float64Array,
    draws: Float64Array,
    q: float,
    responses: list[str],
    shocks: list[str],
) -> pd.DataFrame:
    """Label point ``(H+1, r, m)`` and percentile bands of ``draws`` (B, H+1, r, m)."""
    idx = pd.MultiIndex.from_product(
        [range(point.shape[0]), responses, [str(s) for s in shocks]],
        names=["horizon", "response", "shock"],
    )
    return pd.DataFrame(
        {
            "point": point.reshape(-1),
            "lower": np.quantile(draws, q, axis=0).reshape(-1),
            "upper": np.quantile(draws, 1.0 - q, axis=0).reshape(-1),
        },
        index=idx,
    )
