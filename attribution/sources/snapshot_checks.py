"""Cross-checks run while the snapshot is built, recorded in ``snapshot.json``.

Two of the raw files were transcribed from text rather than copied as git
blobs (``THREEFYTP10`` and the Bank of England gilt yield), so nothing proves
they are byte-exact. These checks compare them with independent series; the
build records the counts under ``checks`` in ``snapshot.json`` and the tests in
``tests/sources/test_snapshot_checks.py`` assert them on the bundled data.

* :func:`holiday_check`: a daily FRED file leaves a row empty on a US market
  holiday. A transcription that dropped, added or shifted a line would move the
  empty rows against another H.15-based series (``DGS10``).
* :func:`calendar_check`: the BoE prints no row on an England and Wales bank
  holiday or a weekend, so the missing weekdays of a faithful copy are exactly
  those holidays.
* :func:`jump_check`: a mistyped digit shows up as a daily change far outside
  what the market did; the largest absolute change is recorded beside that of
  a reference series.
* :func:`overlap_check`: where two raw files hold the same series, the number
  of common dates and how many of them differ (the later file wins).
"""

from __future__ import annotations

import pandas as pd
from dateutil.relativedelta import MO
from pandas.tseries.holiday import (
    AbstractHolidayCalendar,
    EasterMonday,
    GoodFriday,
    Holiday,
    next_monday,
    next_monday_or_tuesday,
)
from pandas.tseries.offsets import DateOffset, MonthEnd

from attribution._validation import to_float, to_timestamp
from attribution.domain.series import US_10Y


class EnglandBankHolidays(AbstractHolidayCalendar):
    """England and Wales bank holidays by their statutory rules (1978 on).

    Special one-off holidays (royal events, the 2020 VE-day move) are not in
    the rules; :func:`calendar_check` reports any it meets as unexplained.
    """

    rules = [  # noqa: RUF012 (pandas declares this a class attribute)
        Holiday("New Year's Day", month=1, day=1, observance=next_monday),
        GoodFriday,
        EasterMonday,
        Holiday("Early May", month=5, day=1, offset=DateOffset(weekday=MO(1))),
        Holiday("Spring", month=5, day=31, offset=DateOffset(weekday=MO(-1))),
        Holiday("Summer", month=8, day=31, offset=DateOffset(weekday=MO(-1))),
        Holiday("Christmas Day", month=12, day=25, observance=next_monday),
        Holiday("Boxing Day", month=12, day=26, observance=next_monday_or_tuesday),
    ]


def _empty_dates(values: pd.Series) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(values.index[values.isna()])


def holiday_check(
    series: pd.Series, reference: pd.Series, name: str, reference_name: str
) -> dict[str, object]:
    """Compare the empty (holiday) rows of two daily FRED series.

    Only dates up to the last date of ``reference`` are compared.

    Parameters
    ----------
    series, reference : Series
        Values on a DatetimeIndex, NaN where the file's cell is empty.
    name, reference_name : str
        Their ids, used in the keys of the result.

    Returns
    -------
    dict
        ``n_empty`` (empty rows of ``series`` in the compared range),
        ``n_both``, ``only_series`` and ``only_reference`` (lists of dates).
    """
    last = reference.index.max()
    first = series.index.min()
    mine = _empty_dates(series.loc[:last])
    theirs = _empty_dates(reference.loc[first:last])
    weekdays = pd.bdate_range(first, series.index.max())
    return {
        "check": f"empty rows of {name} against those of {reference_name}",
        "through": f"{last:%Y-%m-%d}",
        "every_weekday_present": bool(series.index.equals(weekdays)),
        "n_empty": int(len(mine)),
        "n_both": int(len(mine.intersection(theirs))),
        f"only_{name}": [f"{d:%Y-%m-%d}" for d in mine.difference(theirs)],
        f"only_{reference_name}": [f"{d:%Y-%m-%d}" for d in theirs.difference(mine)],
        "after_through_empty": [
            f"{d:%Y-%m-%d}" for d in _empty_dates(series.loc[last:]) if d > last
        ],
    }


def calendar_check(series: pd.Series, name: str) -> dict[str, object]:
    """Compare the weekdays with no row against England and Wales bank holidays.

    Parameters
    ----------
    series : Series
        Daily values on a DatetimeIndex (one row per published day).
    name : str
        Its id, used in the result.

    Returns
    -------
    dict
        ``n_rows``, ``weekend_rows``, ``missing_weekdays`` (count),
        ``unexplained_missing`` and ``rows_on_holidays`` (lists of dates).
    """
    idx = pd.DatetimeIndex(series.dropna().index)
    weekdays = pd.bdate_range(idx.min(), idx.max())
    holidays = EnglandBankHolidays().holidays(idx.min(), idx.max())
    missing = weekdays.difference(idx)
    return {
        "check": f"weekdays without a row in {name} against England bank holidays",
        "n_rows": int(len(idx)),
        "weekend_rows": int((idx.day_of_week >= 5).sum()),
        "missing_weekdays": int(len(missing)),
        "bank_holidays_in_range": int(len(holidays)),
        "unexplained_missing": [f"{d:%Y-%m-%d}" for d in missing.difference(holidays)],
        "rows_on_holidays": [f"{d:%Y-%m-%d}" for d in idx.intersection(holidays)],
    }


def jump_check(
    series: pd.Series, reference: pd.Series, name: str, reference_name: str
) -> dict[str, object]:
    """Largest absolute day-to-day change (bp) of two series on their common days.

    Parameters
    ----------
    series, reference : Series
        Yields in percent on a DatetimeIndex.
    name, reference_name : str
        Their ids, used in the keys of the result.

    Returns
    -------
    dict
        The number of changes, the largest absolute change of each series in bp,
        the day of ``series``' largest and the reference's change that day, and
        the correlation of the two series' changes.
    """
    both = pd.concat([series, reference], axis=1, join="inner").dropna()
    both.columns = ["a", "b"]
    change = both.diff().dropna() * 100
    worst = to_timestamp(change["a"].abs().idxmax())
    return {
        "check": f"daily changes of {name} against {reference_name} (common days)",
        "n_changes": int(len(change)),
        f"max_abs_change_bp_{name}": round(float(change["a"].abs().max()), 2),
        "on": f"{worst:%Y-%m-%d}",
        f"{reference_name}_change_bp_that_day": round(
            to_float(change.loc[worst, "b"]), 2
        ),
        f"max_abs_change_bp_{reference_name}": round(float(change["b"].abs().max()), 2),
        "correlation_of_changes": round(float(change["a"].corr(change["b"])), 3),
    }


def month_end_check(
    monthly: pd.Series, daily: pd.Series, name: str, daily_name: str
) -> dict[str, object]:
    """Compare a month-end series with a daily one on the same (month-end) dates.

    Parameters
    ----------
    monthly : Series
        One value a month, dated as published.
    daily : Series
        Daily values whose business days define the last day of each month.
    name, daily_name : str
        Their ids, used in the result.

    Returns
    -------
    dict
        The number of months compared, whether every monthly date is the last
        business day of ``daily`` in its month, the correlation of levels and the
        median and largest absolute gap in bp.
    """
    daily = daily.dropna()
    both = pd.concat([monthly.dropna(), daily], axis=1, join="inner").dropna()
    gap = (both.iloc[:, 0] - both.iloc[:, 1]) * 100
    last_bday = daily.groupby(pd.DatetimeIndex(daily.index) + MonthEnd(0)).tail(1).index
    return {
        "check": f"{name} against {daily_name} on the same dates",
        "n_months": int(len(both)),
        "all_on_last_business_day": bool(both.index.isin(last_bday).all()),
        "correlation": round(float(both.iloc[:, 0].corr(both.iloc[:, 1])), 3),
        "median_abs_gap_bp": round(float(gap.abs().median()), 2),
        "max_abs_gap_bp": round(float(gap.abs().max()), 2),
    }


def overlap_check(data: pd.DataFrame, files: list[str]) -> dict[str, dict[str, object]]:
    """Count common dates, and differing values, of series held by several files.

    Parameters
    ----------
    data : DataFrame
        ``date, series_id, value, _order`` before duplicates are dropped.
    files : list of str
        Raw file of each ``_order``.

    Returns
    -------
    dict
        ``series_id -> {"n_common": ..., "n_differ": ..., "files": ...}`` for
        every series with dates in more than one file.
    """
    dup = data.duplicated(["series_id", "date"], keep=False)
    common = data.loc[dup, ["series_id", "date", "value", "_order"]]
    stats = common.groupby(["series_id", "date"], observed=True)["value"].agg(
        ["min", "max", "count", "size"]
    )
    nan_mix = stats["count"].between(1, stats["size"] - 1)
    differ = (stats["max"] - stats["min"]).abs().gt(0) | nan_mix
    per_series = differ.groupby(level="series_id", observed=True).agg(["size", "sum"])
    orders = common.groupby("series_id", observed=True)["_order"].unique()
    out: dict[str, dict[str, object]] = {}
    for sid, row in per_series.iterrows():
        out[str(sid)] = {
            "n_common": int(row["size"]),
            "n_differ": int(row["sum"]),
            "files": sorted({files[int(i)] for i in orders[str(sid)]}),
        }
    return out


def transcription_checks(series: dict[str, pd.Series]) -> dict[str, object]:
    """Run the checks of the two text copies on what the snapshot holds.

    Parameters
    ----------
    series : dict
        Series id -> values on a DatetimeIndex (NaN where published empty);
        only ids present are checked.
    """
    out: dict[str, object] = {}
    if {"THREEFYTP10", US_10Y} <= series.keys():
        tp, dgs10 = series["THREEFYTP10"], series[US_10Y]
        for ref in (US_10Y, "DGS1"):
            if ref in series:
                out[f"THREEFYTP10_holidays_vs_{ref}"] = holiday_check(
                    tp, series[ref], "THREEFYTP10", ref
                )
        out["THREEFYTP10_jumps"] = jump_check(tp, dgs10, "THREEFYTP10", US_10Y)
        if "ACM.ACMTP10" in series:
            out["THREEFYTP10_vs_ACMTP10"] = month_end_check(
                series["ACM.ACMTP10"], tp, "ACM.ACMTP10", "THREEFYTP10"
            )
    if {"ACM.ACMY10", US_10Y} <= series.keys():
        out["ACMY10_vs_DGS10"] = month_end_check(
            series["ACM.ACMY10"], series[US_10Y], "ACM.ACMY10", US_10Y
        )
    if "BOE.IUDMNPY" in series:
        gilt = series["BOE.IUDMNPY"]
        out["BOE.IUDMNPY_calendar"] = calendar_check(gilt, "BOE.IUDMNPY")
        for ref in (US_10Y, "BUND10Y.investing"):
            if ref in series:
                out[f"BOE.IUDMNPY_jumps_vs_{ref}"] = jump_check(
                    gilt, series[ref], "BOE.IUDMNPY", ref
                )
    return {k: out[k] for k in sorted(out)}


__all__ = [
    "EnglandBankHolidays",
    "calendar_check",
    "holiday_check",
    "jump_check",
    "month_end_check",
    "overlap_check",
    "transcription_checks",
]
