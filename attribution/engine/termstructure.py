"""Term-structure attribution: a window's yield change = expected path + term premium.

For each tenor the change in the par yield from the base close to the end
close is split, with the ACM model fitted on monthly NSS zero curves and applied
to the daily zero curves of the two closes, into

``expected_path``  change in the risk-neutral zero yield (driver),
``term_premium``   change in the ACM term premium (driver),
``pricing_error``  change in NSS zero yield minus ACM fitted yield (residual),
``par_minus_zero`` change in par yield minus NSS zero yield: coupon effect and
                   the NSS fit error (residual),

which add up to ``actual`` exactly. Bands come from the moving-block bootstrap
of the ACM regressions (the zero curves and factor loadings held fixed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from attribution.engine.details import TermStructureDetails, TermTenorFacts
from attribution.engine.result import AttributionResult, attribution_table, exact_row
from attribution.exceptions import EmptySampleError, WindowError
from attribution.models.termstructure.acm import (
    ACMResults,
    change_draws,
    decompose_with,
)

MODEL = "acm_termstructure"
IDENTIFICATION = (
    "ACM (2013) affine no-arbitrage on 5 principal components of NSS zero "
    "yields (monthly 1990-2025): prices of risk affine in the factors; "
    "expected path = risk-neutral yield (prices of risk set to zero), "
    "term premium = fitted minus risk-neutral yield"
)


def identification(fit: ACMResults) -> str:
    """:data:`IDENTIFICATION` with the fit's own sample, pre-sample and VAR."""
    x = fit.x_month.index
    text = IDENTIFICATION.replace(
        "5 principal", f"{fit.model.n_factors} principal"
    ).replace("monthly 1990-2025", f"monthly {x.min():%Y-%m} to {x.max():%Y-%m}")
    if fit.presample_note:
        text += f"; {fit.presample_note}"
    if fit.bias is not None:
        text += "; factor VAR bias-corrected by bootstrap (Bauer-Rudebusch-Wu 2012)"
    return text


#: Tenor label -> maturity in months.
TENOR_MONTHS: dict[str, int] = {"3m": 3, "2y": 24, "5y": 60, "10y": 120, "30y": 360}


@dataclass(frozen=True)
class TermStructureSpec:
    """What the term-structure attribution reports.

    Parameters
    ----------
    tenors : tuple of str
        Tenors (keys of :data:`TENOR_MONTHS`).
    level : float
        Level of the bootstrap percentile bands.
    window_label : str
        The window as configured.
    """

    tenors: tuple[str, ...]
    level: float
    window_label: str


def _months(tenor: str) -> int:
    if tenor not in TENOR_MONTHS:
        raise WindowError(
            f"`tenor` must be one of {sorted(TENOR_MONTHS)}; got {tenor!r}."
        )
    return TENOR_MONTHS[tenor]


def term_premium_series(
    fit: ACMResults, zero_daily: pd.DataFrame, tenor: str
) -> pd.DataFrame:
    """Daily yield, expected path and term premium for one tenor (percent).

    Parameters
    ----------
    fit : ACMResults
        The fitted ACM model.
    zero_daily : DataFrame
        Daily NSS zero yields (percent), columns in months.
    tenor : str
        A key of :data:`TENOR_MONTHS`.

    Returns
    -------
    DataFrame
        Columns ``zero``, ``fitted``, ``expected_path``, ``term_premium`` and
        ``d_term_premium_bp`` (the daily change of the term premium, bp; NaN on
        the first day).
    """
    n = _months(tenor)
    x = fit.model.factors(zero_daily)
    dec = fit.decompose(x, (n,))
    out = pd.DataFrame(
        {
            "zero": zero_daily[n],
            "fitted": dec["fitted"][n],
            "expected_path": dec["risk_neutral"][n],
            "term_premium": dec["term_premium"][n],
        }
    )
    out["d_term_premium_bp"] = out["term_premium"].diff() * 100.0
    return out


def _band(draws: np.ndarray, point: float, level: float) -> tuple[float, float, float]:
    """Return the standard deviation and percentile interval of the draws.

    Without draws the interval is the point; draws that agree to 1e-9 bp (a row
    the bootstrap holds fixed, such as the pricing error) give an exact row.
    """
    if len(draws) < 2:
        return float("nan"), point, point
    if float(np.ptp(draws)) < 1e-9:
        return 0.0, point, point
    q = np.quantile(draws, [(1 - level) / 2, (1 + level) / 2])
    return float(np.std(draws, ddof=1)), float(q[0]), float(q[1])


def attribute_term_structure(
    fit: ACMResults,
    zero_daily: pd.DataFrame,
    par_daily: pd.DataFrame,
    base: pd.Timestamp,
    end: pd.Timestamp,
    spec: TermStructureSpec,
) -> AttributionResult:
    """Split each tenor's change from ``base`` to ``end`` into path and premium.

    Parameters
    ----------
    fit : ACMResults
        ACM model fitted on monthly zero curves (with bootstrap draws for
        bands; without draws the intervals collapse to the point).
    zero_daily : DataFrame
        NSS zero yields (percent) on at least the two closes, columns in months
        covering the factor maturities and the tenors.
    par_daily : DataFrame
        Observed par yields (percent), one column per tenor label.
    base, end : Timestamp
        The closes the change is measured from and to.
    spec : TermStructureSpec
        Tenors, interval level and window label.

    Returns
    -------
    AttributionResult
        Rows ``expected_path``, ``term_premium`` (drivers), ``pricing_error``,
        ``par_minus_zero`` (residuals) and ``actual`` per tenor, in bp.

    Raises
    ------
    EmptySampleError
        If a close has no zero curve or no par yield for a tenor.
    """
    for day in (base, end):
        if day not in zero_daily.index:
            raise EmptySampleError(
                f"term structure: no fitted zero curve on {day:%Y-%m-%d}."
            )
    months = tuple(_months(t) for t in spec.tenors)
    two = zero_daily.loc[[base, end]]
    x = fit.model.factors(two)
    point = decompose_with(fit.estimates, x, months)
    dx = x.to_numpy()[1] - x.to_numpy()[0]
    draws = change_draws(fit.draws, dx, months) if fit.draws else None
    records: list[dict[str, Any]] = []
    per_tenor: dict[str, TermTenorFacts] = {}
    for tenor, n in zip(spec.tenors, months, strict=True):
        par = par_daily[tenor].loc[[base, end]]
        if par.isna().any():
            raise EmptySampleError(
                f"term structure: par yield `{tenor}` missing on "
                f"{par.index[par.isna()][0]:%Y-%m-%d}."
            )
        actual = float(par.iloc[1] - par.iloc[0]) * 100.0
        d_zero = float(two[n].iloc[1] - two[n].iloc[0]) * 100.0

        def change(frame: pd.DataFrame, what: str, n: int = n) -> float:
            col = frame[what][n]
            return float(col.iloc[1] - col.iloc[0]) * 100.0

        def draw_change(what: str, j: int = len(per_tenor)) -> np.ndarray:
            if draws is None:
                return np.zeros(0)
            return np.asarray(draws[what][:, j] * 100.0)

        ep, tp, fitted = (
            change(point, "risk_neutral"),
            change(point, "term_premium"),
            change(point, "fitted"),
        )
        rows = {
            "expected_path": (
                "driver",
                ep,
                draw_change("risk_neutral"),
            ),
            "term_premium": (
                "driver",
                tp,
                draw_change("term_premium"),
            ),
            "pricing_error": (
                "residual",
                d_zero - fitted,
                d_zero - draw_change("fitted"),
            ),
        }
        for driver, (role, value, sample) in rows.items():
            se, lo, hi = _band(sample, value, spec.level)
            records.append(
                {
                    "tenor": tenor,
                    "driver": driver,
                    "role": role,
                    "contribution_bp": value,
                    "std_err_bp": se,
                    "lower_bp": lo,
                    "upper_bp": hi,
                }
            )
        records.append(exact_row(tenor, "par_minus_zero", "residual", actual - d_zero))
        records.append(exact_row(tenor, "actual", "actual", actual))
        per_tenor[tenor] = TermTenorFacts(
            months=n,
            d_zero_bp=d_zero,
            term_premium_share=tp / actual if actual else float("nan"),
        )
    table = attribution_table(
        records,
        model=MODEL,
        identification=identification(fit),
        level=spec.level,
        window_label=spec.window_label,
        base=base,
        end=end,
    )
    z = float(stats.norm.ppf(0.5 + spec.level / 2))
    details = TermStructureDetails(
        sample=f"{fit.x_month.index.min():%Y-%m} to {fit.x_month.index.max():%Y-%m}",
        nobs_months=fit.nobs,
        n_factors=fit.model.n_factors,
        n_boot=len(fit.draws),
        bands="moving-block bootstrap percentiles of the factor VAR, the "
        "risk-neutral pricing held at its estimate",
        normal_z=z,
        tenors=per_tenor,
    )
    result = AttributionResult(table, {MODEL: details})
    result.check_adding_up()
    return result
