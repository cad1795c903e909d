"""What each attribution model reports about its own estimation, typed.

:attr:`~attribution.engine.result.AttributionResult.details` maps a model's
name to one of these frozen records: the estimation sample, the draws kept,
the Monte Carlo errors, the fitted regressions. Reports read their
attributes; :meth:`ModelDetails.to_manifest` turns a record into the JSON-able
entry of the manifest's ``models`` section (the keys and values the untyped
dictionaries of earlier versions wrote, so the manifests do not change).

One record per model family:

- :class:`NotEstimatedDetails`: a model that did not run (a data hole, or a
  window the model cannot see);
- :class:`OLSDetails`: the weekly OLS (``ols_weekly``, ``ols_weekly_total``),
  one :class:`OLSTenorFit` per tenor;
- :class:`SignWeeklyDetails`: the weekly sign and narrative SVARs, with their
  :class:`SetFacts`;
- :class:`CholWeeklyDetails`: the weekly recursive SVAR;
- :class:`SignDailyDetails`: the daily sign and narrative SVARs;
- :class:`HeteroDailyDetails`: the daily heteroskedasticity SVAR;
- :class:`TermStructureDetails`: the ACM term-structure decomposition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from attribution._typing import Kernel

if TYPE_CHECKING:
    from attribution.models.regression import RegressionResults

#: Timing of the dollar in the daily models (``attribution.daily.usd_timing``).
UsdTiming: TypeAlias = Literal["average", "same_day", "next_noon"]


@dataclass(frozen=True)
class ModelDetails:
    """Base of every model's details: whether it was estimated."""

    @property
    def estimated(self) -> bool:
        """Whether the model produced estimates for the window."""
        return True

    def to_manifest(self) -> dict[str, Any]:
        """Return the manifest entry of the model (JSON-able, see module docs)."""
        raise NotImplementedError


@dataclass(frozen=True)
class NotEstimatedDetails(ModelDetails):
    """A model that did not run for the window: the reason and its kind.

    Attributes
    ----------
    note : str
        Why (also in every row's ``note``).
    data_hole : bool
        True when a data source is missing (:mod:`attribution.engine.holes`);
        False for a window the model cannot see.
    model_weeks : tuple of str or None
        The weekly SVARs record their (empty) model weeks; None elsewhere.
    """

    note: str
    data_hole: bool = False
    model_weeks: tuple[str, ...] | None = None

    @property
    def estimated(self) -> bool:
        """Always False."""
        return False

    def to_manifest(self) -> dict[str, Any]:
        """Return ``estimated`` (false), ``note``, ``data_hole``, ``model_weeks``."""
        out: dict[str, Any] = {}
        if self.model_weeks is not None:
            out["model_weeks"] = list(self.model_weeks)
        out["estimated"] = False
        if self.data_hole:
            out["data_hole"] = True
        out["note"] = self.note
        return out


@dataclass(frozen=True)
class OLSTenorFit:
    """One tenor's weekly regression: its sample, HAC settings and the fit.

    Attributes
    ----------
    start, end : str
        First and last week of the estimation sample (``YYYY-MM-DD``).
    nobs : int
        Weeks used.
    skipped_weeks : int
        Weeks of the sample left out for a missing value.
    skipped_by_column : mapping
        Column -> runs of skipped weeks (``first..last (n wk)``).
    bandwidth : int or None
        Newey-West bandwidth (None without HAC).
    kernel : Kernel
        HAC kernel.
    rsquared : float
        R² of the regression.
    fit : RegressionResults
        The fitted regression (the manifest keeps its ``params`` and
        ``std_err``).
    """

    start: str
    end: str
    nobs: int
    skipped_weeks: int
    skipped_by_column: Mapping[str, tuple[str, ...]]
    bandwidth: int | None
    kernel: Kernel
    rsquared: float
    fit: RegressionResults

    def to_manifest(self) -> dict[str, Any]:
        """Return the facts without ``fit``, then its ``params`` and ``std_err``."""
        return {
            "start": self.start,
            "end": self.end,
            "nobs": self.nobs,
            "skipped_weeks": self.skipped_weeks,
            "skipped_by_column": {
                k: list(v) for k, v in self.skipped_by_column.items()
            },
            "hac_lags": self.bandwidth,  # the manifest key of earlier versions
            "kernel": self.kernel,
            "rsquared": self.rsquared,
            "params": {k: float(v) for k, v in self.fit.params.items()},
            "std_err": {k: float(v) for k, v in self.fit.std_err.items()},
        }


@dataclass(frozen=True)
class OLSDetails(ModelDetails):
    """The weekly OLS: the window's model weeks and one fit per tenor.

    Attributes
    ----------
    base, end : str
        The window's closes (``YYYY-MM-DD``).
    model_weeks : tuple of str
        Wednesday-to-Wednesday weeks inside the window (may be empty).
    tenors : mapping
        Tenor -> :class:`OLSTenorFit`; empty when the window holds no week.
    """

    base: str
    end: str
    model_weeks: tuple[str, ...]
    tenors: Mapping[str, OLSTenorFit]

    @property
    def estimated(self) -> bool:
        """True when the window holds at least one model week."""
        return bool(self.model_weeks)

    def to_manifest(self) -> dict[str, Any]:
        """Return window, weeks and the per-tenor fits (parameters and errors)."""
        return {
            "base": self.base,
            "end": self.end,
            "model_weeks": list(self.model_weeks),
            "estimated": self.estimated,
            "tenors": {t: f.to_manifest() for t, f in self.tenors.items()},
        }


@dataclass(frozen=True)
class SetFacts:
    """Draw counts and Monte Carlo errors of a set-identified window.

    The same facts for the weekly and the daily sign models.

    Attributes
    ----------
    n_boot_kept : int
        Bootstrap draws with an admissible rotation.
    n_boot : int
        Bootstrap draws.
    posterior_pairs : int
        Admissible (draw, rotation) pairs of the posterior.
    set_rotations : int
        Admissible rotations at the estimate (the identified set).
    mc_converged : bool
        Whether the Monte Carlo target (``mc_tol``) was met.
    mc_se_max_bp, band_mc_se_max_bp : float
        Largest Monte Carlo error of a posterior mean and of a band end (bp).
    set_spread_max_bp : float
        Largest gap of the identified-set bounds between two halves of the
        rotations (bp).
    indistinct : tuple of str
        Pairs of shocks the signs cannot tell apart, as sentences.
    """

    n_boot_kept: int
    n_boot: int
    posterior_pairs: int
    set_rotations: int
    mc_converged: bool
    mc_se_max_bp: float
    band_mc_se_max_bp: float
    set_spread_max_bp: float
    indistinct: tuple[str, ...]

    def to_manifest(self) -> dict[str, Any]:
        """Return the facts by name (flattened into the model's entry)."""
        return {
            "n_boot_kept": self.n_boot_kept,
            "n_boot": self.n_boot,
            "posterior_pairs": self.posterior_pairs,
            "set_rotations": self.set_rotations,
            "mc_converged": self.mc_converged,
            "mc_se_max_bp": self.mc_se_max_bp,
            "band_mc_se_max_bp": self.band_mc_se_max_bp,
            "set_spread_max_bp": self.set_spread_max_bp,
            "indistinct": list(self.indistinct),
        }


@dataclass(frozen=True)
class VARDetails(ModelDetails):
    """Facts every estimated SVAR records: its reduced form's sample and lags.

    Attributes
    ----------
    sample : str
        ``first..last`` period of the VAR sample.
    nobs : int
        Periods used by the VAR.
    n_lags : int
        VAR lags.
    """

    sample: str
    nobs: int
    n_lags: int

    def _var_manifest(self) -> dict[str, Any]:
        return {"sample": self.sample, "nobs": self.nobs, "n_lags": self.n_lags}


@dataclass(frozen=True)
class ResidualChecks:
    """Residual and stability checks of one VAR equation.

    Attributes
    ----------
    equation : str
        The VAR column whose residuals are checked (e.g. ``"y10"``).
    ljung_box : mapping
        Lag (as text) -> (Q, p) of the Ljung-Box test.
    cusum : tuple of float
        (statistic, p) of the OLS-CUSUM test (Ploberger and Kraemer 1992).
    breaks : mapping
        :func:`~attribution.engine.diagnostics.mean_break_test` of the
        residuals (JSON-safe).
    portmanteau : tuple of float
        (statistic, df, p) of the multivariate test at the largest lag.
    """

    equation: str
    ljung_box: Mapping[str, tuple[float, float]]
    cusum: tuple[float, float]
    breaks: Mapping[str, Any]
    portmanteau: tuple[float, float, float]

    def to_manifest(self) -> dict[str, Any]:
        """Return the checks, pairs and triples as lists."""
        return {
            "equation": self.equation,
            "ljung_box": {k: list(v) for k, v in self.ljung_box.items()},
            "cusum": list(self.cusum),
            "breaks": dict(self.breaks),
            "portmanteau": list(self.portmanteau),
        }


@dataclass(frozen=True)
class WeeklyVARDetails(VARDetails):
    """Facts of the weekly VARs: model weeks, fit and residual checks.

    Attributes
    ----------
    model_weeks : tuple of str
        Wednesday-to-Wednesday weeks inside the window.
    rsquared : mapping
        VAR equation -> R².
    residual_checks : ResidualChecks
        Checks of the 10y equation
        (:func:`~attribution.engine.diagnostics.var_residual_checks`).
    """

    model_weeks: tuple[str, ...]
    rsquared: Mapping[str, float]
    residual_checks: ResidualChecks

    def _weekly_tail(self) -> dict[str, Any]:
        return {
            "rsquared": dict(self.rsquared),
            "residual_checks": self.residual_checks.to_manifest(),
        }


@dataclass(frozen=True)
class SignWeeklyDetails(WeeklyVARDetails):
    """The weekly sign or narrative SVAR (set-identified).

    Attributes
    ----------
    set_facts : SetFacts
        Draw counts and Monte Carlo errors.
    sensitivity : mapping or None
        Rerun label -> {shock: 10y posterior mean, bp}
        (:mod:`~attribution.engine.svar_weekly_sensitivity`); None when not run.
    """

    set_facts: SetFacts
    sensitivity: Mapping[str, Mapping[str, float]] | None = None

    def to_manifest(self) -> dict[str, Any]:
        """Return VAR facts, weeks, set facts, sensitivity (if run), fit, checks."""
        out = {
            **self._var_manifest(),
            "model_weeks": list(self.model_weeks),
            "estimated": True,
            **self.set_facts.to_manifest(),
        }
        if self.sensitivity is not None:
            out["sensitivity"] = {k: dict(v) for k, v in self.sensitivity.items()}
        return {**out, **self._weekly_tail()}


@dataclass(frozen=True)
class CholWeeklyDetails(WeeklyVARDetails):
    """The weekly recursive (Cholesky) SVAR with bootstrap bands.

    Attributes
    ----------
    n_boot_kept : int
        Bootstrap draws behind the bands.
    band_mc_se_max_bp : float
        Largest Monte Carlo error of a band end (bp).
    """

    n_boot_kept: int
    band_mc_se_max_bp: float

    def to_manifest(self) -> dict[str, Any]:
        """Return the VAR facts, weeks, draws and band error, fit and checks."""
        return {
            **self._var_manifest(),
            "model_weeks": list(self.model_weeks),
            "estimated": True,
            "n_boot_kept": self.n_boot_kept,
            "band_mc_se_max_bp": self.band_mc_se_max_bp,
            **self._weekly_tail(),
        }


@dataclass(frozen=True)
class SignDailyDetails(VARDetails):
    """The daily sign or narrative SVAR (set-identified).

    Attributes
    ----------
    model_days : tuple of str
        Design days inside the window.
    set_facts : SetFacts
        Draw counts and Monte Carlo errors.
    usd_timing : {"average", "same_day", "next_noon"}
        Timing of the dollar.
    shared_draws : tuple of str
        Models estimated on the same draws in one pass.
    """

    model_days: tuple[str, ...]
    set_facts: SetFacts
    usd_timing: UsdTiming
    shared_draws: tuple[str, ...]

    def to_manifest(self) -> dict[str, Any]:
        """Return VAR facts, days, set facts, dollar timing, the shared models."""
        return {
            "estimated": True,
            **self._var_manifest(),
            "model_days": list(self.model_days),
            **self.set_facts.to_manifest(),
            "usd_timing": self.usd_timing,
            "shared_draws": list(self.shared_draws),
        }


@dataclass(frozen=True)
class CovarianceTest:
    """Test that the two volatility regimes' covariances differ."""

    statistic: float
    df: int
    pvalue: float


@dataclass(frozen=True)
class Distinctness:
    """Wald test that two adjacent variance ratios (lambdas) are equal.

    Attributes
    ----------
    shock, next : str
        The two statistical shocks, in the order of their lambdas.
    lam, lam_next : float
        Their lambdas (manifest keys ``lambda`` and ``lambda_next``).
    statistic, pvalue : float
        The Wald statistic (chi-squared, 1 df) and its p-value.
    distinct : bool
        Whether the test rejects equality at the model's test level.
    """

    shock: str
    next: str
    lam: float
    lam_next: float
    statistic: float
    pvalue: float
    distinct: bool

    def to_manifest(self) -> dict[str, Any]:
        """Return the test under the column names of the identification's table."""
        return {
            "shock": self.shock,
            "next": self.next,
            "lambda": self.lam,
            "lambda_next": self.lam_next,
            "statistic": self.statistic,
            "pvalue": self.pvalue,
            "distinct": self.distinct,
        }


@dataclass(frozen=True)
class NamingFact:
    """How often a shock's sign restrictions hold (heteroskedasticity SVAR).

    Attributes
    ----------
    column : str
        The statistical shock the name is given to.
    satisfied, total : int
        Restrictions that hold, of all.
    all_hold : bool
        Whether every restriction holds.
    """

    column: str
    satisfied: int
    total: int
    all_hold: bool


@dataclass(frozen=True)
class HeteroDailyDetails(VARDetails):
    """The daily SVAR identified by heteroskedasticity (two volatility regimes).

    Attributes
    ----------
    model_days : tuple of str
        Design days inside the window.
    n_high_days, n_calm_days : int
        Days in the high- and calm-volatility regimes.
    covariance_test : CovarianceTest
        Whether the regimes' covariances differ.
    lambdas : mapping
        Shock -> relative variance in the high regime.
    distinctness : tuple of Distinctness
        Tests of adjacent lambdas (the identification's ``distinctness``).
    weak : bool
        Whether some shocks cannot be told apart.
    weak_text : str
        The sentence that says so (empty otherwise).
    weak_named : tuple of str
        Named shocks that cannot be told apart (never named by the verdict).
    naming : mapping
        Name -> :class:`NamingFact`.
    naming_agreement : float
        Share of the bootstrap draws that name every shock alike.
    n_boot : int
        Bootstrap draws.
    warnings : tuple of str
        Warnings raised while estimating, sorted.
    """

    model_days: tuple[str, ...]
    n_high_days: int
    n_calm_days: int
    covariance_test: CovarianceTest
    lambdas: Mapping[str, float]
    distinctness: tuple[Distinctness, ...]
    weak: bool
    weak_text: str
    weak_named: tuple[str, ...]
    naming: Mapping[str, NamingFact]
    naming_agreement: float
    n_boot: int
    warnings: tuple[str, ...]

    def to_manifest(self) -> dict[str, Any]:
        """Return every fact; nested records as objects."""
        cov = self.covariance_test
        return {
            "estimated": True,
            **self._var_manifest(),
            "model_days": list(self.model_days),
            "n_high_days": self.n_high_days,
            "n_calm_days": self.n_calm_days,
            "covariance_test": {
                "statistic": cov.statistic,
                "df": cov.df,
                "pvalue": cov.pvalue,
            },
            "lambdas": dict(self.lambdas),
            "distinctness": [r.to_manifest() for r in self.distinctness],
            "weak": self.weak,
            "weak_text": self.weak_text,
            "weak_named": list(self.weak_named),
            "naming": {
                k: {
                    "column": v.column,
                    "satisfied": v.satisfied,
                    "total": v.total,
                    "all_hold": v.all_hold,
                }
                for k, v in self.naming.items()
            },
            "naming_agreement": self.naming_agreement,
            "n_boot": self.n_boot,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class TermTenorFacts:
    """One tenor of the term-structure decomposition.

    Attributes
    ----------
    months : int
        Months of the window.
    d_zero_bp : float
        Change of the zero-coupon yield (bp).
    term_premium_share : float
        Term premium over the actual change (NaN when it is zero).
    """

    months: int
    d_zero_bp: float
    term_premium_share: float


@dataclass(frozen=True)
class TermStructureDetails(ModelDetails):
    """The ACM term-structure decomposition of one window.

    Attributes
    ----------
    sample : str
        ``YYYY-MM to YYYY-MM`` months of the fit.
    nobs_months : int
        Months used.
    n_factors : int
        Pricing factors.
    n_boot : int
        Bootstrap draws behind the bands.
    bands : str
        How the bands are made.
    normal_z : float
        Normal quantile of the interval level.
    tenors : mapping
        Tenor -> :class:`TermTenorFacts`.
    """

    sample: str
    nobs_months: int
    n_factors: int
    n_boot: int
    bands: str
    normal_z: float
    tenors: Mapping[str, TermTenorFacts]

    def to_manifest(self) -> dict[str, Any]:
        """Return sample, factors, bootstrap, bands and the per-tenor facts."""
        return {
            "sample": self.sample,
            "nobs_months": self.nobs_months,
            "n_factors": self.n_factors,
            "n_boot": self.n_boot,
            "bands": self.bands,
            "normal_z": self.normal_z,
            "tenors": {
                t: {
                    "months": f.months,
                    "d_zero_bp": f.d_zero_bp,
                    "term_premium_share": f.term_premium_share,
                }
                for t, f in self.tenors.items()
            },
        }


def details_manifest(details: Mapping[str, ModelDetails]) -> dict[str, Any]:
    """Model name -> manifest entry, in the models' order."""
    return {model: d.to_manifest() for model, d in details.items()}


def set_facts(d: ModelDetails | None) -> SetFacts | None:
    """Return a set-identified model's draw counts and errors, else None."""
    if isinstance(d, SignWeeklyDetails | SignDailyDetails):
        return d.set_facts
    return None


def weak_named(d: ModelDetails | None) -> tuple[str, ...]:
    """Named shocks a model cannot tell apart (only the heteroskedasticity SVAR)."""
    return d.weak_named if isinstance(d, HeteroDailyDetails) else ()


__all__ = [
    "CholWeeklyDetails",
    "CovarianceTest",
    "Distinctness",
    "HeteroDailyDetails",
    "ModelDetails",
    "NamingFact",
    "NotEstimatedDetails",
    "OLSDetails",
    "OLSTenorFit",
    "ResidualChecks",
    "SetFacts",
    "SignDailyDetails",
    "SignWeeklyDetails",
    "TermStructureDetails",
    "TermTenorFacts",
    "UsdTiming",
    "VARDetails",
    "WeeklyVARDetails",
    "details_manifest",
    "set_facts",
    "weak_named",
]
