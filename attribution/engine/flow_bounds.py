r"""Flow-based bounds: how much observed selling *could* have moved the 10y yield.

Each row takes one observed flow over the window, converts it to $bn of
Treasuries bought (+) or sold (-), and multiplies it by the published range of
price impacts (bp per $100bn):

.. math::

    c = -\frac{F}{100} \times k, \qquad k \in [k_{low}, k_{high}],

so a sale of $X bn (:math:`F = -X`) raises yields by :math:`X/100 \times k`
and a purchase lowers them. The bounds are the two ends of that interval; they
say what the flow could have done at most and at least under the literature's
range, not what it did (that is the daily model's job).

Published price impacts (checked against each paper's abstract)
---------------------------------------------------------------
* IMF Working Paper WP/17/174, *Uphill Capital Flows and the International
  Monetary System* (2017): a percentage point increase in foreign official
  holdings relative to outstanding marketable securities lowers the term
  premium by 2.0-2.4 bp at 2-3 year maturities; a policy that reduces the
  demand for Treasuries by $100bn would raise yields by 1.5-1.8 bp. This is the
  low end of the default range (2 bp per $100bn).
* Beltran, Kretchmer, Marquez and Thomas (2013), *Foreign holdings of U.S.
  Treasuries and U.S. Treasury yields*, Journal of International Money and
  Finance 32 (FRB IFDP 1041): a $100bn fall in foreign official inflows in a
  month raises the 5-year yield by about 40-60 bp in the short run, and by
  about 20 bp in the long run once foreign private investors respond.
* Ahmed and Rebucci (2022), *Dollar Reserves and U.S. Yields: Identifying the
  Price Impact of Official Flows*, NBER Working Paper 30476: identified through
  heteroskedasticity, a $100bn foreign official flow shock moves the 5-, 10-
  and 30-year yields by more than 100 bp on impact, against 19-44 bp when flows
  are assumed price-inelastic and foreign yields and Fed actions are not
  controlled for. This is the high end of the default range (100 bp per $100bn).
* Warnock and Warnock (2009), *International capital flows and U.S. interest
  rates*, Journal of International Money and Finance 28 (NBER WP 12560, FRB
  IFDP 840): without the foreign official flows of the previous twelve months
  the 10-year yield would have been about 90 bp higher (NBER WP 12560); without
  all foreign flows, 150 bp (IFDP 840). These are stated for a year of flows
  (scaled by GDP in the paper), not per $100bn, so they are quoted here but do
  not set an end of the range.

The estimates are for *foreign official* flows (and, for Warnock and Warnock,
all foreign flows) at monthly or lower frequency; applying them to a week of
custody changes, to private SLT flows or to leveraged funds' cash leg is an
extrapolation, and the note on each row says so.

Measures and timing
-------------------
* ``official_custody``: change in H.4.1 custody holdings for foreign official
  accounts (``WMTSECL1``, Wednesday level, $bn) over the smallest
  Wednesday-to-Wednesday span covering ``[base, end]``: from the Wednesday on
  or before ``base`` to the Wednesday on or after ``end``. Custody is at face
  value and moves with transfers between custodians as well as purchases.
* ``official_slt`` (and ``private_slt``): TIC SLT net foreign purchases of
  long-term Treasuries ($bn, positive = purchases) summed over the calendar
  months holding the window's days ``(base, end]``. When the window is part of
  a month the whole month's flow is used and the note says what fraction of
  the month's business days the window holds; it is pro-rated only with
  ``prorate_slt=True``.
* ``leveraged_cftc``: change of leveraged funds' net short across Treasury
  futures in 10y-note equivalents (k contracts, DV01-weighted) from the CFTC
  report on or before ``base`` to the one on or after ``end`` (Tuesdays). The
  basis trade is long cash and short futures, so the cash leg moves with the
  short: a short that shrinks is an unwind, i.e. cash sold. Converted to $bn
  face at $100,000 per 10y-note contract: :math:`F = \Delta \text{short}_k
  \times 1000 \times 100{,}000 / 10^9`.

Data not published by ``as_of`` (custody: the Thursday after the Wednesday;
CFTC: the Friday after the Tuesday; SLT: 50 days after the month end, as in
``docs/conventions.md``), or absent from the series passed, give a row with
NaN bounds and the reason, never a zero.

References
----------
Warnock, F. E. and Warnock, V. C. (2009). International capital flows and U.S.
interest rates. *Journal of International Money and Finance* 28(6), 903-919.

Beltran, D. O., Kretchmer, M., Marquez, J. and Thomas, C. P. (2013). Foreign
holdings of U.S. Treasuries and U.S. Treasury yields. *Journal of International
Money and Finance* 32, 1120-1143.

International Monetary Fund (2017). Uphill capital flows and the international
monetary system. IMF Working Paper WP/17/174.

Ahmed, R. and Rebucci, A. (2022). Dollar reserves and U.S. yields: identifying
the price impact of official flows. NBER Working Paper 30476.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from attribution._typing import DateLike
from attribution._validation import as_float
from attribution.exceptions import ModelSpecificationError, WindowError, fmt
from attribution.features.flows import TEN_YEAR_FACE_USD, FlowGrid, period_end

CUSTODY_LAG_DAYS = 1
CFTC_LAG_DAYS = 3
SLT_LAG_DAYS = 50
COLUMNS: tuple[str, ...] = (
    "measure",
    "flow_bn",
    "span_start",
    "span_end",
    "impact_low_bp_per_100bn",
    "impact_high_bp_per_100bn",
    "contribution_low_bp",
    "contribution_high_bp",
    "tenor",
    "status",
    "note",
)


@dataclass(frozen=True)
class ImpactEstimate:
    """One published price impact of foreign Treasury flows (see module notes)."""

    study: str
    maturity: str
    bp_per_100bn_low: float
    bp_per_100bn_high: float
    statement: str


#: The estimates behind the default range, as each paper states them.
IMPACT_ESTIMATES: tuple[ImpactEstimate, ...] = (
    ImpactEstimate(
        "IMF WP/17/174 (2017)",
        "yields",
        1.5,
        1.8,
        "a policy cutting demand for Treasuries by $100bn raises yields 1.5-1.8 bp",
    ),
    ImpactEstimate(
        "Beltran, Kretchmer, Marquez and Thomas (2013)",
        "5y",
        20.0,
        60.0,
        "$100bn less official inflow in a month: +40-60 bp short run, ~20 bp long run",
    ),
    ImpactEstimate(
        "Ahmed and Rebucci (2022)",
        "5y, 10y, 30y",
        100.0,
        math.nan,
        "$100bn official flow shock: more than 100 bp on impact (19-44 bp if "
        "flows are taken as price-inelastic)",
    ),
    ImpactEstimate(
        "Warnock and Warnock (2009)",
        "10y",
        math.nan,
        math.nan,
        "no official inflows over the past year: 10y about 90 bp higher (all "
        "foreign flows: 150 bp); per year of flows, not per $100bn",
    ),
)


def _date(x: DateLike, name: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(x)
    except (TypeError, ValueError) as exc:
        raise WindowError(fmt(name, "a date (YYYY-MM-DD)", x)) from exc
    if pd.isna(ts) or ts.tzinfo is not None:
        raise WindowError(fmt(name, "a tz-naive date", x))
    return ts.normalize()


def _series(x: object, name: str) -> pd.Series:
    if not isinstance(x, pd.Series) or not isinstance(x.index, pd.DatetimeIndex):
        raise ModelSpecificationError(
            fmt(name, "a Series with a DatetimeIndex", type(x).__name__)
        )
    if x.index.tz is not None:
        raise ModelSpecificationError(fmt(name, "tz-naive dates", str(x.index.tz)))
    if x.index.has_duplicates or not x.index.is_monotonic_increasing:
        raise ModelSpecificationError(
            fmt(name, "sorted by date without repeats", "unsorted or repeated dates")
        )
    try:
        return x.astype(float).dropna()
    except (TypeError, ValueError) as exc:
        raise ModelSpecificationError(fmt(name, "numeric", str(x.dtype))) from exc


def _impact(impact_range: tuple[float, float]) -> tuple[float, float]:
    try:
        low_raw, high_raw = impact_range
    except (TypeError, ValueError) as exc:
        raise ModelSpecificationError(
            fmt("impact_range", "a pair (low, high) in bp per $100bn", impact_range)
        ) from exc
    low = as_float(low_raw, "impact_range[0]", low=0.0)
    high = as_float(high_raw, "impact_range[1]", low=low)
    return low, high


def _row(
    measure: str,
    flow: float,
    span: tuple[pd.Timestamp | None, pd.Timestamp | None],
    impact: tuple[float, float],
    tenor: str,
    note: str,
    status: str = "bounded",
) -> dict[str, object]:
    ends = sorted([-flow / 100.0 * impact[0], -flow / 100.0 * impact[1]])
    return {
        "measure": measure,
        "flow_bn": flow,
        "span_start": span[0],
        "span_end": span[1],
        "impact_low_bp_per_100bn": impact[0],
        "impact_high_bp_per_100bn": impact[1],
        "contribution_low_bp": ends[0],
        "contribution_high_bp": ends[1],
        "tenor": tenor,
        "status": status,
        "note": note,
    }


def _unavailable(
    measure: str,
    span: tuple[pd.Timestamp | None, pd.Timestamp | None],
    impact: tuple[float, float],
    tenor: str,
    status: str,
    note: str,
) -> dict[str, object]:
    row = _row(measure, math.nan, span, impact, tenor, note, status)
    row["contribution_low_bp"] = row["contribution_high_bp"] = math.nan
    return row


def _weekly_span(
    values: pd.Series, grid: FlowGrid, base: pd.Timestamp, end: pd.Timestamp
) -> tuple[pd.Timestamp, pd.Timestamp, dict[pd.Timestamp, pd.Timestamp]]:
    """Labels of the smallest covering span and label -> observed date."""
    labels = period_end(pd.DatetimeIndex(values.index), grid)
    if labels.has_duplicates:
        dup = labels[labels.duplicated()][0]
        raise ModelSpecificationError(
            fmt(
                "custody" if grid == "custody" else "lev_net_10y_eq",
                f"one value per {grid} week",
                f"two in the week ending {dup:%Y-%m-%d}",
            )
        )
    observed = dict(zip(labels, values.index, strict=True))
    first = period_end(pd.DatetimeIndex([base]), grid)[0]
    start = first if first == base else first - pd.Timedelta(days=7)
    stop = period_end(pd.DatetimeIndex([end]), grid)[0]
    return start, stop, observed


def _weekly_row(
    measure: str,
    values: pd.Series,
    grid: FlowGrid,
    window: tuple[pd.Timestamp, pd.Timestamp],
    as_of: pd.Timestamp | None,
    impact: tuple[float, float],
    tenor: str,
) -> dict[str, object]:
    base, end = window
    start, stop, observed = _weekly_span(values, grid, base, end)
    day, lag, what = (
        ("Wednesday", CUSTODY_LAG_DAYS, "H.4.1 custody")
        if grid == "custody"
        else ("Tuesday", CFTC_LAG_DAYS, "CFTC TFF")
    )
    span = (observed.get(start, start), observed.get(stop, stop))
    for label in (start, stop):
        date = observed.get(label, label)
        release = date + pd.Timedelta(days=lag)
        if as_of is not None and release > as_of:
            return _unavailable(
                measure,
                span,
                impact,
                tenor,
                "not_published",
                f"{what} for {date:%Y-%m-%d} is released {release:%Y-%m-%d}, "
                f"after as_of {as_of:%Y-%m-%d}; no bound",
            )
        if label not in observed:
            return _unavailable(
                measure,
                span,
                impact,
                tenor,
                "missing",
                f"{what}: no value for the {day} {label:%Y-%m-%d} in the data "
                f"(not yet published when the data were taken, or a gap; released "
                f"about {release:%Y-%m-%d}); no bound",
            )
    change = float(values[observed[stop]] - values[observed[start]])
    if grid == "custody":
        note = (
            f"custody change {span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d} "
            "(Wednesday levels, face value; includes transfers between custodians)"
        )
        return _row(measure, change, span, impact, tenor, note)
    flow = change * 1000.0 * TEN_YEAR_FACE_USD / 1e9
    kind = "grew (cash bought)" if change > 0 else "shrank (unwind: cash sold)"
    note = (
        f"leveraged net short {change:+.1f}k 10y-eq contracts {span[0]:%Y-%m-%d} "
        f"to {span[1]:%Y-%m-%d}: short {kind}; $bn face at $100k per 10y "
        "contract; impact range estimated for official flows, applied to the "
        "cash leg of the basis trade"
    )
    return _row(measure, flow, span, impact, tenor, note)


def _slt_row(
    measure: str,
    values: pd.Series,
    window: tuple[pd.Timestamp, pd.Timestamp],
    as_of: pd.Timestamp | None,
    impact: tuple[float, float],
    tenor: str,
    prorate: bool,
) -> dict[str, object]:
    base, end = window
    months = pd.date_range(
        base + pd.Timedelta(days=1) + pd.offsets.MonthEnd(0),
        end + pd.offsets.MonthEnd(0),
        freq="ME",
    )
    span = (months[0] - pd.offsets.MonthBegin(1), months[-1])
    obs = pd.Series(
        values.to_numpy(), index=pd.DatetimeIndex(values.index) + pd.offsets.MonthEnd(0)
    )
    if obs.index.has_duplicates:
        dup = obs.index[obs.index.duplicated()][0]
        raise ModelSpecificationError(
            fmt(measure, "one value per month", f"two in {dup:%Y-%m}")
        )
    for month in months:
        release = month + pd.Timedelta(days=SLT_LAG_DAYS)
        if as_of is not None and release > as_of:
            return _unavailable(
                measure,
                span,
                impact,
                tenor,
                "not_published",
                f"TIC SLT for {month:%Y-%m} is released about {release:%Y-%m-%d} "
                f"(~{SLT_LAG_DAYS} days after month end), after as_of "
                f"{as_of:%Y-%m-%d}; no bound",
            )
        if month not in obs.index:
            return _unavailable(
                measure,
                span,
                impact,
                tenor,
                "missing",
                f"TIC SLT: no value for {month:%Y-%m} in the data (not yet "
                f"published when the data were taken, or a gap; released about "
                f"{release:%Y-%m-%d}); no bound",
            )
    flow = float(obs.loc[months].sum())
    in_window = len(pd.bdate_range(base + pd.Timedelta(days=1), end))
    in_months = len(pd.bdate_range(span[0], span[1]))
    label = ", ".join(f"{m:%Y-%m}" for m in months)
    holder = "official" if measure.startswith("official") else "private"
    note = f"TIC SLT {holder} net purchases of long-term Treasuries, {label}"
    if in_window < in_months:
        share = f"{in_window} of {in_months} business days"
        if prorate:
            flow *= in_window / in_months
            note += f"; pro-rated: the window holds {share}"
        else:
            note += (
                f"; the window holds only {share}: the whole month's flow, "
                "not pro-rated"
            )
    if holder == "private":
        note += "; impact range estimated for official flows"
    return _row(measure, flow, span, impact, tenor, note)


def flow_bounds(
    base: DateLike,
    end: DateLike,
    custody: pd.Series,
    slt_official: pd.Series,
    lev_net_10y_eq: pd.Series,
    impact_range: tuple[float, float] = (2.0, 100.0),
    *,
    slt_private: pd.Series | None = None,
    as_of: DateLike | None = None,
    prorate_slt: bool = False,
    tenor: str = "10y",
) -> pd.DataFrame:
    r"""Bound the yield contribution of observed official and leveraged flows.

    Parameters
    ----------
    base, end : date-like
        The window runs from the close of ``base`` to the close of ``end``
        (as ``attribute --window base:end``).
    custody : Series
        H.4.1 custody holdings for foreign official accounts, Wednesday levels,
        $bn (:func:`attribution.features.flows.custody_levels_bn`).
    slt_official : Series
        TIC SLT foreign official net purchases of long-term Treasuries, $bn,
        dated at (or within) the month
        (:func:`attribution.features.flows.slt_net_purchases_bn`).
    lev_net_10y_eq : Series
        Leveraged funds' net short, k 10y-note equivalents, at the CFTC report
        dates (:func:`attribution.features.flows.leveraged_net_short_k`).
    impact_range : (float, float), default (2.0, 100.0)
        Price impact, bp on the 10y per $100bn, low and high (module notes).
    slt_private : Series, optional
        TIC SLT foreign non-official net purchases; adds a ``private_slt`` row.
    as_of : date-like, optional
        Use only data published by this date (``as_of=end`` reads the window in
        real time). Default: everything in the series passed counts.
    prorate_slt : bool, default False
        Scale a month's SLT flow by the share of its business days in the window.
    tenor : str, default "10y"
        Label of the yield the impact range refers to.

    Returns
    -------
    DataFrame
        One row per measure (``official_custody``, ``official_slt``,
        ``private_slt`` if given, ``leveraged_cftc``), columns
        :data:`COLUMNS`. ``flow_bn`` > 0 = purchases. ``status`` is
        ``bounded``, ``not_published`` or ``missing`` (NaN bounds, reason in
        ``note``).

    Raises
    ------
    WindowError
        If ``base`` or ``end`` is not a date, or ``end`` is not after ``base``.
    ModelSpecificationError
        If a series is not date-indexed, sorted and unique, or the impact range
        is not ``0 <= low <= high``.

    Notes
    -----
    :math:`c = -F/100 \times k` for :math:`k` in ``impact_range``; the
    identifying assumption is only that the flow's price impact lies in the
    range. Spans and publication lags are in the module notes.

    Examples
    --------
    >>> import pandas as pd
    >>> weds = pd.date_range("2025-04-02", periods=2, freq="W-WED")
    >>> custody = pd.Series([2929.255, 2932.857], index=weds)
    >>> tues = weds - pd.Timedelta(days=1)
    >>> lev = pd.Series([8000.0, 7900.0], index=tues)
    >>> slt = pd.Series([-5.692], index=pd.DatetimeIndex(["2025-04-30"]))
    >>> t = flow_bounds("2025-04-02", "2025-04-08", custody, slt, lev)
    >>> round(float(t.loc[0, "flow_bn"]), 1), float(t.loc[2, "flow_bn"])
    (3.6, -10.0)
    """
    window = (_date(base, "base"), _date(end, "end"))
    if window[1] <= window[0]:
        raise WindowError(
            fmt("end", f"after base {window[0]:%Y-%m-%d}", f"{window[1]:%Y-%m-%d}")
        )
    stamp = None if as_of is None else _date(as_of, "as_of")
    impact = _impact(impact_range)
    rows = [
        _weekly_row(
            "official_custody",
            _series(custody, "custody"),
            "custody",
            window,
            stamp,
            impact,
            tenor,
        ),
        _slt_row(
            "official_slt",
            _series(slt_official, "slt_official"),
            window,
            stamp,
            impact,
            tenor,
            prorate_slt,
        ),
    ]
    if slt_private is not None:
        rows.append(
            _slt_row(
                "private_slt",
                _series(slt_private, "slt_private"),
                window,
                stamp,
                impact,
                tenor,
                prorate_slt,
            )
        )
    rows.append(
        _weekly_row(
            "leveraged_cftc",
            _series(lev_net_10y_eq, "lev_net_10y_eq"),
            "cftc",
            window,
            stamp,
            impact,
            tenor,
        )
    )
    return pd.DataFrame(rows, columns=list(COLUMNS))
