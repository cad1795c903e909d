"""The term structure's estimation steps: month ends, NSS fits, zero curves, ACM.

Month-end par curves (:func:`month_ends`, the project's month-end convention of
:func:`attribution.features.monthly.month_end_close`) and daily ones are fitted
by Nelson-Siegel-Svensson (:func:`fit_curves`, warm-started in runs of
``run_length`` dates, parameters cached in a :class:`FrameCache` under a hash
of the par yields and :data:`FITTER_VERSION`); :func:`zero_curves` prices them
at monthly maturities and :func:`estimate_acm` fits the ACM model on the
month-end zero curve, with the NY Fed's zero yields as a 1961-1989 pre-sample
when ``termpremium.presample`` is ``nyfed_1961``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

from attribution.config.termpremium_section import TermPremiumSection
from attribution.exceptions import EmptySampleError
from attribution.features.monthly import month_end_close
from attribution.models.termstructure.acm import ACMModel, ACMResults
from attribution.models.termstructure.curve import NSSCurveModel
from attribution.models.termstructure.nss import PARAM_NAMES, zero_yields
from attribution.models.termstructure.presample import (
    PreSample,
    nyfed_presample,
    splice,
    splice_gap,
)

__all__ = [
    "DAILY_START",
    "FITTER_VERSION",
    "RUN_DAILY",
    "RUN_MONTHLY",
    "ACMEstimate",
    "FrameCache",
    "estimate_acm",
    "fit_curves",
    "month_ends",
    "zero_curves",
]

#: First day of the daily fits (the figure's series and the day-by-day table).
DAILY_START = pd.Timestamp("2020-01-01")
#: Version of the NSS fitter, hashed into the parameter cache's keys.
FITTER_VERSION = "nss-vp-3"
#: Dates per warm-started run: month ends, and days.
RUN_MONTHLY = 8
RUN_DAILY = 8
#: Maturities (months) of the zero curves the ACM model is fitted on.
ACM_MONTHS = 120
#: Extra maturities (months) priced on the daily curves: 20y and 30y.
DAILY_EXTRA = (240, 360)
_ERROR_COLUMNS = ["rmse_bp", "max_abs_bp", "n_tenors"]


class FrameCache(Protocol):
    """Where NSS parameters are kept between runs (the data cache's interface)."""

    def read(self, source: str, key: str) -> pd.DataFrame | None:
        """Return the frame stored under ``key``, or None."""

    def write(self, source: str, key: str, frame: pd.DataFrame) -> object:
        """Store ``frame`` under ``key``."""


@dataclass(frozen=True)
class ACMEstimate:
    """The ACM fit, the pre-sample it borrowed and the splice gap.

    Attributes
    ----------
    acm : ACMResults
        The fitted model (with its bootstrap draws).
    presample : PreSample or None
        The NY Fed's zero yields used before our curve starts (None when
        ``termpremium.presample`` is ``none``).
    splice_gap_bp : DataFrame or None
        Our zero yields minus the NY Fed's at 1..10 years on the common
        months (bp; None without pre-sample).
    """

    acm: ACMResults
    presample: PreSample | None = None
    splice_gap_bp: pd.DataFrame | None = None


def month_ends(par: pd.DataFrame) -> pd.DataFrame:
    """Month-end par curves: each tenor's last close of the month.

    Parameters
    ----------
    par : DataFrame
        Daily par yields, one column per tenor.

    Returns
    -------
    DataFrame
        One row per calendar month end (a month counts when its last close is
        within :data:`attribution.features.monthly.SLACK_DAYS` of its end);
        months where no tenor counts are dropped. A tenor without a close on
        the month's last day keeps its own last close of the month (never on
        the bundled par curve: there the month ends equal the months' last
        rows value for value, 429 months 1990-01 to 2025-09).
    """
    cols = {c: month_end_close(par[c]) for c in par.columns}
    return pd.DataFrame(cols).dropna(how="all")


def _key(par: pd.DataFrame, label: str) -> str:
    digest = hashlib.sha256(FITTER_VERSION.encode())
    digest.update(pd.DatetimeIndex(par.index).asi8.tobytes())
    digest.update(np.nan_to_num(par.to_numpy(), nan=-999.0).tobytes())
    digest.update(",".join(par.columns).encode())
    return f"nss_{label}_{digest.hexdigest()[:16]}"


def fit_curves(
    par: pd.DataFrame, cache: FrameCache | None, label: str, run_length: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """NSS parameters and fit errors per date, from the cache when it has them.

    Parameters
    ----------
    par : DataFrame
        Par yields (percent) on the dates to fit, one column per tenor.
    cache : FrameCache or None
        Parameter cache (group ``termstructure``); None fits without one.
    label : str
        Name of the set of dates in the cache key (``monthly``, ``daily``).
    run_length : int
        Dates per warm-started run (1: every date a cold start).

    Returns
    -------
    params, fit_error_bp : DataFrame
        NSS parameters and the par-yield fit errors (bp), one row per date.
    """
    key = _key(par, f"{label}{run_length}")
    cached = cache.read("termstructure", key) if cache is not None else None
    if cached is not None:
        frame = cached.set_index("date")
        frame.index = pd.DatetimeIndex(frame.index)
        return frame[list(PARAM_NAMES)], frame[_ERROR_COLUMNS]
    fit = NSSCurveModel(par).fit(warm_start=True, run_length=run_length)
    frame = pd.concat([fit.params, fit.fit_error_bp], axis=1)
    if cache is not None:
        cache.write("termstructure", key, frame.rename_axis("date").reset_index())
    return fit.params, fit.fit_error_bp


def zero_curves(
    params: pd.DataFrame, months: int = ACM_MONTHS, extra: tuple[int, ...] = ()
) -> pd.DataFrame:
    """Zero yields (percent) at 1..months months, plus the ``extra`` maturities.

    Parameters
    ----------
    params : DataFrame
        NSS parameters per date (:func:`fit_curves`).
    months : int, default :data:`ACM_MONTHS`
        Longest of the monthly maturities.
    extra : tuple of int
        Further maturities (months), e.g. :data:`DAILY_EXTRA`.

    Returns
    -------
    DataFrame
        One row per date, one column per maturity in months.
    """
    mats = np.concatenate([np.arange(1, months + 1), np.array(extra, dtype=int)])
    return pd.DataFrame(
        zero_yields(params.to_numpy(), mats / 12.0), index=params.index, columns=mats
    )


def estimate_acm(
    z_own: pd.DataFrame,
    opts: TermPremiumSection,
    seed: int,
    nyfed_zero: pd.DataFrame | None = None,
) -> ACMEstimate:
    """Fit ACM as ``opts`` says, on our month-end zero curve.

    Parameters
    ----------
    z_own : DataFrame
        Our month-end zero yields (percent), columns 1..120 months.
    opts : TermPremiumSection
        Pre-sample, VAR bias correction and bootstrap options.
    seed : int
        Seed of the bootstrap.
    nyfed_zero : DataFrame, optional
        The NY Fed's zero yields ``ACMY01..ACMY10`` (columns 1..10 years);
        required when ``opts.presample`` is ``nyfed_1961``: they are
        NSS-interpolated to monthly maturities and fill 1961-06 to the month
        before ``z_own`` starts, and the factors' loadings and dynamics are
        estimated on the spliced sample.

    Returns
    -------
    ACMEstimate

    Raises
    ------
    EmptySampleError
        If the pre-sample is asked for without ``nyfed_zero``.
    """
    pre: PreSample | None = None
    gap: pd.DataFrame | None = None
    z_est = z_own
    if opts.presample == "nyfed_1961":
        if nyfed_zero is None:
            raise EmptySampleError(
                "termpremium.presample: nyfed_1961 needs the NY Fed's zero yields "
                "ACM.ACMY01..10; set termpremium.presample: none."
            )
        pre = nyfed_presample(nyfed_zero, z_own.index.min(), months=z_own.shape[1])
        z_est = splice(pre, z_own)
        gap = splice_gap(nyfed_zero, z_own)
    model = ACMModel(z_est, presample_note=pre.note if pre is not None else "")
    acm = model.fit(
        n_boot=opts.n_boot,
        block_length=opts.block_length,
        seed=seed,
        bias_correction=opts.var_bias_correction == "bootstrap",
        bias_draws=opts.bias_draws,
    )
    return ACMEstimate(acm, pre, gap)
