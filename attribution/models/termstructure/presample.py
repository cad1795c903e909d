"""A pre-sample for the ACM factor dynamics from the NY Fed's published zero yields.

The bundled par curve starts in 1990; the NY Fed estimates ACM from 1961 on the
GSW curve. The NY Fed's monthly file carries its fitted zero yields at 1..10
years (``ACMY01..ACMY10``, percent, month ends from 1961-06). Monthly maturities
are needed (1..120 months, the one-month yield is the short rate), so each
month's ten yields are fitted by a Nelson-Siegel-Svensson *zero* curve (the
functional form of the GSW curve the NY Fed starts from) and the curve is read
at every month. Below one year this is an extrapolation of the fitted form,
not data: documented in docs/termstructure.md.

Using these yields as a pre-sample borrows the publisher's curve for the months
before the splice: the estimates then depend on the NY Fed's curve, and the
agreement with the published ACM is partly by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution._typing import Float64Array
from attribution.exceptions import EmptySampleError, ModelSpecificationError, fmt
from attribution.models.termstructure._lm import TAU1_BOUNDS, TAU2_BOUNDS
from attribution.models.termstructure.nss import nss_loadings, zero_yields

#: The NY Fed's zero-yield columns, by maturity in years.
NYFED_COLUMNS: dict[int, str] = {n: f"ACM.ACMY{n:02d}" for n in range(1, 11)}
#: Grid of decays searched per month (years); ``tau2 >= 1.5 tau1`` as in curve.py.
TAU1_GRID = np.linspace(TAU1_BOUNDS[0], TAU1_BOUNDS[1], 40)
TAU2_GRID = np.linspace(TAU2_BOUNDS[0], TAU2_BOUNDS[1], 40)
TAU_RATIO = 1.5


def _month_ends(index: pd.Index) -> pd.DatetimeIndex:
    """Calendar month ends of a date index (publishers use business month ends)."""
    return pd.DatetimeIndex(index).to_period("M").to_timestamp("M")


def fit_zero_nss(
    yields: Float64Array, years: Float64Array
) -> tuple[Float64Array, Float64Array]:
    """Fit NSS zero curves to observed zero yields by a grid over the decays.

    For every pair ``(tau1, tau2)`` on :data:`TAU1_GRID` x :data:`TAU2_GRID`
    with ``tau2 >= 1.5 tau1`` the four betas are the least-squares solution
    (linear given the decays); each curve keeps the pair with the least
    squared error.

    Parameters
    ----------
    yields : ndarray, shape (T, M)
        Zero yields (percent), no NaN.
    years : ndarray, shape (M,)
        Their maturities in years.

    Returns
    -------
    params : ndarray, shape (T, 6)
        ``beta0..beta3, tau1, tau2`` per curve.
    rmse_bp : ndarray, shape (T,)
        Root mean squared fit error in bp.
    """
    y = np.asarray(yields, dtype=np.float64)
    t = np.asarray(years, dtype=np.float64)
    t1, t2 = np.meshgrid(TAU1_GRID, TAU2_GRID, indexing="ij")
    keep = t2 >= TAU_RATIO * t1
    tau1, tau2 = t1[keep], t2[keep]  # (P,)
    l1, l2, l3 = nss_loadings(t[None, :], tau1[:, None], tau2[:, None])
    x = np.stack([np.ones_like(l1), l1, l2, l3], axis=2)  # (P, M, 4)
    coef = np.linalg.pinv(x) @ y.T  # (P, 4, T)
    sse = ((x @ coef - y.T[None]) ** 2).sum(axis=1)  # (P, T)
    pick = sse.argmin(axis=0)
    cols = np.arange(len(y))
    best = sse[pick, cols]
    out = np.column_stack([coef[pick, :, cols], tau1[pick], tau2[pick]])
    return out, np.sqrt(best / len(t)) * 100.0


@dataclass(frozen=True)
class PreSample:
    """Monthly zero yields for the months before our own curve starts.

    Attributes
    ----------
    zero_yields : DataFrame
        Month ends (calendar month-end index) x maturities 1..``months``.
    fit_rmse_bp : Series
        NSS fit error per month against the ten published yields, bp.
    source : str
        Where the yields come from, for the records.
    """

    zero_yields: pd.DataFrame
    fit_rmse_bp: pd.Series
    source: str

    @property
    def note(self) -> str:
        """One sentence for reports and manifests."""
        z = self.zero_yields
        return (
            f"pre-sample {z.index.min():%Y-%m} to {z.index.max():%Y-%m}: the "
            f"{self.source}, NSS-interpolated to monthly maturities (below 1y "
            "extrapolated), used for the factor dynamics only"
        )


def nyfed_presample(
    annual: pd.DataFrame, before: pd.Timestamp, months: int = 120
) -> PreSample:
    """Build the pre-sample from the NY Fed's ``ACMY01..ACMY10`` yields.

    Parameters
    ----------
    annual : DataFrame
        Columns ``1..10`` (years) of zero yields in percent on month ends.
    before : Timestamp
        Keep months strictly before this date (the first month of our curve).
    months : int, default 120
        Longest monthly maturity returned.

    Returns
    -------
    PreSample

    Raises
    ------
    ModelSpecificationError
        If a maturity column is missing.
    EmptySampleError
        If no month precedes ``before`` or a kept month has NaN.
    """
    missing = [n for n in NYFED_COLUMNS if n not in annual.columns]
    if missing:
        raise ModelSpecificationError(
            fmt("presample", "NY Fed zero yields at 1..10 years", f"missing {missing}")
        )
    frame = annual[list(NYFED_COLUMNS)].sort_index()
    frame = frame.loc[frame.index < before]
    if frame.empty:
        raise EmptySampleError(
            "presample: no NY Fed zero yields (ACM.ACMY01..10) before "
            f"{before:%Y-%m-%d}."
        )
    if frame.isna().any().any():
        bad = frame.index[frame.isna().any(axis=1)][0]
        raise EmptySampleError(
            f"presample: ACM.ACMY01..10 has NaN on {bad:%Y-%m-%d}; "
            "the pre-sample must be complete."
        )
    params, rmse = fit_zero_nss(frame.to_numpy(), np.arange(1.0, 11.0))
    index = _month_ends(frame.index)
    mats = np.arange(1, months + 1)
    zero = pd.DataFrame(
        zero_yields(params, mats / 12.0), index=index, columns=pd.Index(mats)
    )
    return PreSample(
        zero,
        pd.Series(rmse, index=index, name="rmse_bp"),
        "NY Fed's published ACM zero yields ACMY01..ACMY10 (GSW-based)",
    )


def splice(pre: PreSample, ours: pd.DataFrame) -> pd.DataFrame:
    """Stack the pre-sample on our monthly zero curve (calendar month ends).

    Parameters
    ----------
    pre : PreSample
        Earlier months.
    ours : DataFrame
        Our month-end zero yields, same maturity columns.

    Returns
    -------
    DataFrame
        Pre-sample months before the first of ``ours``, then ``ours``.
    """
    own = ours.copy()
    own.index = _month_ends(own.index)
    early = pre.zero_yields.loc[pre.zero_yields.index < own.index.min()]
    out: pd.DataFrame = pd.concat([early[list(own.columns)], own])
    return out


def splice_gap(annual: pd.DataFrame, ours: pd.DataFrame) -> pd.DataFrame:
    """Our zero yields minus the NY Fed's at 1..10 years on common months, bp.

    Parameters
    ----------
    annual : DataFrame
        NY Fed zero yields, columns ``1..10`` (years).
    ours : DataFrame
        Our month-end zero yields, columns in months (12, 24, ..., 120 used).

    Returns
    -------
    DataFrame
        One row per common calendar month, one column per maturity (years).
    """
    a = annual[list(NYFED_COLUMNS)].copy()
    a.index = _month_ends(a.index)
    o = ours[[12 * n for n in NYFED_COLUMNS]].copy()
    o.index = _month_ends(o.index)
    o.columns = pd.Index(list(NYFED_COLUMNS))
    common = a.index.intersection(o.index)
    return (o.loc[common] - a.loc[common]) * 100.0
