"""The TIC nowcasts: one backtested fit per holder, as known at the window end.

A researcher standing at ``as_of`` (the window's last day) knows:

* targets: only TIC months published by ``as_of``, a month m counting as
  published when ``m + lag <= as_of``
  (:func:`attribution.features.tic.published_through`);
* features: month-end data of months ending on or before ``as_of`` (a month
  still running at ``as_of`` is not nowcast).

The snapshot's TIC figures are the latest vintage; where a month treated as
unpublished is in the snapshot its (later) figure is kept beside the nowcast
(:attr:`HolderNowcast.realised_later`), never used to fit it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from attribution.config.models_section import NowcastSection
from attribution.features.tic import (
    nowcast_frame,
    point_in_time_frame,
    published_through,
)
from attribution.models.nowcast import NowcastResults, TicNowcast
from attribution.panel import Panel


@dataclass(frozen=True)
class HolderNowcast:
    """One holder's nowcast fit with its point-in-time bookkeeping.

    Attributes
    ----------
    holder : str
        TIC country name.
    results : NowcastResults
        Backtest, skill statistics and nowcasts.
    lag_days : int
        TIC publication lag (days after the month end).
    cutoff : Timestamp
        Last month end published by the as-of date.
    realised_later : Series
        Latest-vintage TIC changes of the months after the last published
        one used (display only; never used in the fit).
    """

    holder: str
    results: NowcastResults
    lag_days: int
    cutoff: pd.Timestamp
    realised_later: pd.Series


def run_nowcasts(
    panel: Panel,
    opts: NowcastSection,
    *,
    as_of: pd.Timestamp | None = None,
    lag_days: int = 50,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, NowcastResults]:
    """Backtest and nowcast every holder the options list.

    Parameters
    ----------
    panel : Panel
        Data for every holder (:func:`attribution.features.tic.series_ids`).
    opts : NowcastSection
        Holders, model grid, CV folds, backtest span, interval level.
    as_of : Timestamp, optional
        Use only what was known at this date
        (:func:`attribution.features.tic.point_in_time_frame`);
        None uses every month in the panel.
    lag_days : int, default 50
        TIC publication lag, used with ``as_of``.
    progress : callable, optional
        ``progress(holder, done, total)`` after each backtest origin.

    Returns
    -------
    dict of str to NowcastResults
        One fit per holder, in the order of ``opts.holders``.

    Raises
    ------
    EmptySampleError
        If a holder has too few published months for the backtest.
    """
    out = {}
    for holder in opts.holders:
        if as_of is None:
            target, features = nowcast_frame(panel, holder)
        else:
            target, features = point_in_time_frame(panel, holder, as_of, lag_days)
        keep = features.index >= pd.Timestamp(opts.sample_start)
        model = TicNowcast(
            target.loc[target.index >= pd.Timestamp(opts.sample_start)],
            features.loc[keep],
            families=opts.families,
            alphas=opts.alphas,
            cv_splits=opts.cv_splits,
        )
        out[holder] = model.fit(
            backtest_months=opts.backtest_months,
            refit_every=opts.refit_every,
            level=opts.level,
            progress=None if progress is None else partial(progress, holder),
        )
    return out


def nowcast_holders(
    panel: Panel,
    opts: NowcastSection,
    as_of: pd.Timestamp,
    lag_days: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[HolderNowcast, ...]:
    """Nowcast every holder as of ``as_of``, with the later-published figures.

    Parameters
    ----------
    panel : Panel
        Data for every holder (:func:`attribution.features.tic.series_ids`).
    opts : NowcastSection
        Holders, model grid, CV folds, backtest span, interval level.
    as_of : Timestamp
        The date the researcher stands at.
    lag_days : int
        TIC publication lag in calendar days.
    progress : callable, optional
        ``progress(holder, done, total)`` after each backtest origin.

    Returns
    -------
    tuple of HolderNowcast
        One per holder, in the order of ``opts.holders``.
    """
    fits = run_nowcasts(panel, opts, as_of=as_of, lag_days=lag_days, progress=progress)
    cutoff = published_through(as_of, lag_days)
    out = []
    for name, res in fits.items():
        realised, _ = nowcast_frame(panel, name)  # latest vintage, display only
        later = realised.loc[realised.index > res.model.last_published]
        out.append(HolderNowcast(name, res, lag_days, cutoff, later))
    return tuple(out)


__all__ = ["HolderNowcast", "nowcast_holders", "run_nowcasts"]
