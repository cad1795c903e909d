r"""Daily close-to-close changes for the price-based (daily) SVAR.

Columns, sources, units and timing:

===========  ==========================================  ======  =======================
column       meaning (series)                            units   timing
===========  ==========================================  ======  =======================
``y2``       2y CMT yield change (``DGS2``)              bp      H.15, end of day
``y5``       5y CMT (``DGS5``)                           bp      H.15, end of day
``y10``      10y CMT (``DGS10``)                         bp      H.15, end of day
``y30``      30y CMT (``DGS30``)                         bp      H.15, end of day
``real10``   10y TIPS real yield (``DFII10``)            bp      H.15, end of day
``be10``     10y breakeven (``T10YIE`` = DGS10 - DFII10) bp      H.15, end of day
``tp10``     Kim-Wright 10y term premium                 bp      model on end-of-day
             (``THREEFYTP10``)                                   zero-coupon yields
``usd``      broad dollar log change x 100 (``DTWEXBGS``) %      H.10, **noon** New York
``equity``   S&P 500 log change x 100 (``SP500``)        %       4:00 pm ET close
``stress``   VIX change (``VIXCLS``)                     points  4:15 pm ET close
``basis``    cash-futures basis proxy (see below)        bp      futures close vs par
                                                                 curve (end of day)
===========  ==========================================  ======  =======================

``y10 = real10 + be10`` holds exactly on every day (FRED computes ``T10YIE``
as the difference), so the VAR uses the ten other columns and the 10y is
reported as the sum of its real and breakeven parts.

Dollar timing
-------------
H.10 rates are noon New York rates while H.15 yields are end-of-day, so news
between noon and the close (the tariff pause of 9 April 2025 at about 13:18
ET; FOMC statements at 14:00 ET) moves the day's yields but only the *next*
day's dollar. ``usd_timing`` chooses:

* ``"average"`` (default): the mean of the noon-to-noon change ending on
  day t and the one ending on day t+1, an approximation of the dollar's
  close-to-close change when news arrives evenly through the day; an
  afternoon event enters day t with half its weight (the other half on
  t+1), a morning event likewise.
* ``"same_day"``: the H.10 change as published, noon t-1 to noon t: an
  afternoon event is missed on day t and lands on t+1.
* ``"next_noon"``: noon t to noon t+1 on day t: afternoon events in the
  right row, morning events (8:30 ET data) in the previous one.

Measured on the bundled 2016-2025 sample (``tests/features/test_daily.py``):
the correlation of the dollar change with the 2y change is 0.18 (average),
0.18 (same day) and 0.08 (next noon), and with the equity change -0.33,
-0.27 and -0.20, so the average loses nothing on the yield side and gains
on the equity side (closes at 4:00 pm).

Cash-futures basis proxy
------------------------
Not the true (net) basis, which needs the cheapest-to-deliver note's price,
repo and delivery option. ZN's cheapest to deliver is roughly a 6.5-7y note,
so the proxy compares the front-month 10y-note future (Yahoo ``ZN=F``,
continuous, unadjusted) with a cash par yield of 6.75 years interpolated
linearly between the Treasury par curve's 5y and 7y points:

.. math::

    \text{basis}_t = \Delta y^{cash}_t
        - \left(-\frac{\Delta \ln F_t \times 10^4}{D_{t-1}}\right),

with :math:`D` the modified duration of a 6.75y par bond at the previous
day's cash yield. Positive = cash cheapens against futures (cash yields rise
by more than the future implies), the sign of a basis unwind. Noise: the
futures close (Yahoo's last trade) and the par curve's end-of-day marks are
not simultaneous, and the CTD's duration is approximated; the daily s.d. of
the proxy is about 1.6 bp on 2016-2025. Quarterly **roll days** of the
continuous future (the day in the 15th-28th of March, June, September and
December with the largest absolute proxy) carry the calendar spread, not
the basis: the proxy is set to 0 on those days and they are listed in
``attrs["roll_days"]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from attribution.domain.series import BROAD_DOLLAR, CMT_IDS
from attribution.exceptions import ConfigError, EmptySampleError, fmt
from attribution.features.registry import register
from attribution.panel import Panel

UsdTiming = Literal["average", "same_day", "next_noon"]
USD_TIMINGS: tuple[str, ...] = ("average", "same_day", "next_noon")
LEVELS: dict[str, str] = {
    "y2": CMT_IDS["2y"],
    "y5": CMT_IDS["5y"],
    "y10": CMT_IDS["10y"],
    "y30": CMT_IDS["30y"],
    "real10": "DFII10",
    "be10": "T10YIE",
    "tp10": "THREEFYTP10",
}
DOLLAR, EQUITY, STRESS = BROAD_DOLLAR, "SP500", "VIXCLS"
FUTURE, CASH_LOW, CASH_HIGH = "ZN=F.close", "PAR.5y", "PAR.7y"
CTD_YEARS = 6.75
COLUMNS: tuple[str, ...] = (
    "y2", "y5", "y10", "y30", "real10", "be10", "tp10",
    "usd", "equity", "stress", "basis",
)  # fmt: skip
ROLL_MONTHS = (3, 6, 9, 12)


def daily_series_ids() -> list[str]:
    """Panel series the daily design needs."""
    return [
        *LEVELS.values(), DOLLAR, EQUITY, STRESS, FUTURE, CASH_LOW, CASH_HIGH,
    ]  # fmt: skip


def par_duration(yield_pct: pd.Series, years: float) -> pd.Series:
    """Return the modified duration of a par bond (semi-annual coupons), in years.

    ``D = (1 - (1 + y/2)^(-2T)) / y`` in years, ``y`` as a fraction.
    """
    y = yield_pct / 100.0
    out: pd.Series = (1.0 - (1.0 + y / 2.0) ** (-2.0 * years)) / y
    return out


def roll_days(proxy: pd.Series) -> pd.DatetimeIndex:
    """Quarterly roll day of a continuous front-month future, one per quarter.

    The day in the 15th-28th of March, June, September and December with the
    largest absolute ``proxy``.
    """
    s = proxy.dropna()
    idx = pd.DatetimeIndex(s.index)
    mask = np.isin(idx.month, ROLL_MONTHS) & (idx.day >= 15) & (idx.day <= 28)
    cand = s[mask].abs()
    if cand.empty:
        return pd.DatetimeIndex([])
    cidx = pd.DatetimeIndex(cand.index)
    picks = cand.groupby([cidx.year, cidx.month]).idxmax()
    return pd.DatetimeIndex(sorted(picks.to_list()))


def basis_proxy(
    future: pd.Series, cash_low: pd.Series, cash_high: pd.Series
) -> pd.Series:
    """Daily cash-futures basis proxy in bp (module docstring); roll days set to 0."""
    frame = pd.DataFrame({"f": future, "lo": cash_low, "hi": cash_high}).dropna()
    weight = (CTD_YEARS - 5.0) / 2.0
    cash = frame["lo"] + weight * (frame["hi"] - frame["lo"])
    implied = -np.log(frame["f"]).diff() * 1e4 / par_duration(cash, CTD_YEARS).shift()
    proxy = (cash.diff() * 100.0 - implied).iloc[1:]
    rolls = roll_days(proxy)
    proxy.loc[rolls] = 0.0
    proxy.attrs["roll_days"] = [f"{d:%Y-%m-%d}" for d in rolls]
    out: pd.Series = proxy.rename("basis")
    return out


@register("daily_design", units="bp, %, VIX points", frequency="daily")
def daily_design(
    panel: Panel,
    *,
    usd_timing: UsdTiming = "average",
    columns: Sequence[str] = COLUMNS,
    extra: Sequence[str] = (),
) -> pd.DataFrame:
    """Return daily changes of the yields, dollar, equities, stress and basis proxy.

    Only days on which every column has a close enter (real yield,
    breakeven and term premium included).

    ``extra`` names further daily panel series (e.g. a swap spread or the true
    basis from a local file, ``data.local_series``) whose change, in the
    series' own units, is added as a column of that name.

    Units and timing are in the module docstring. A day enters only when every
    series has both that day's close and the previous common close, so a
    change never spans a holiday of one market silently: it spans the gap
    for all columns alike.

    Raises
    ------
    ConfigError
        If ``usd_timing`` or a column is unknown.
    EmptySampleError
        If the series have no day in common.
    """
    if usd_timing not in USD_TIMINGS:
        raise ConfigError(
            fmt("attribution.daily.usd_timing", f"one of {USD_TIMINGS}", usd_timing)
        )
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise ConfigError(
            fmt("attribution.daily.variables", f"columns in {COLUMNS}", unknown[0])
        )
    d = panel.daily
    missing = [s for s in [*daily_series_ids(), *extra] if s not in d.columns]
    if missing:
        raise EmptySampleError(
            f"the daily design needs series {', '.join(missing)}, absent from the panel"
        )
    levels = pd.DataFrame({k: d[v] for k, v in LEVELS.items()})
    levels["usd"] = np.log(d[DOLLAR]) * 100.0
    levels["equity"] = np.log(d[EQUITY]) * 100.0
    levels["stress"] = d[STRESS]
    for sid in (FUTURE, CASH_LOW, CASH_HIGH, *extra):
        levels[sid] = d[sid]
    if "basis" not in columns:
        levels = levels.drop(columns=[FUTURE, CASH_LOW, CASH_HIGH])
    levels = levels.dropna()
    changes = levels[[c for c in (*COLUMNS, *extra) if c in levels]].diff().iloc[1:]
    for k in LEVELS:
        changes[k] = changes[k] * 100.0
    if usd_timing == "next_noon":
        changes["usd"] = changes["usd"].shift(-1)
    elif usd_timing == "average":
        changes["usd"] = 0.5 * (changes["usd"] + changes["usd"].shift(-1))
    rolls: list[str] = []
    if "basis" in columns:
        basis = basis_proxy(levels[FUTURE], levels[CASH_LOW], levels[CASH_HIGH])
        changes["basis"] = basis
        rolls = basis.attrs["roll_days"]
    out = changes[[*columns, *extra]].dropna()
    if out.empty:
        raise EmptySampleError("the daily design's series have no day in common")
    out.attrs["roll_days"] = rolls
    out.attrs["usd_timing"] = usd_timing
    out.index.name = "date"
    return out


@register("volatility_regime", units="bool (True = high volatility)", frequency="daily")
def volatility_regime(
    changes: pd.Series, *, window: int = 21, quantile: float = 0.75
) -> pd.Series:
    """Return True on high-volatility days: centred rolling RMS above a quantile.

    The ``window``-day centred root mean square of ``changes`` (shorter at
    the sample's ends) is compared with its own sample ``quantile``. An
    ex-post split for identification through heteroskedasticity (the
    decomposition is ex post too), not a real-time signal.

    Raises
    ------
    EmptySampleError
        If ``changes`` has NaN or fewer than ``window`` observations.
    """
    if changes.isna().any() or len(changes) < window:
        raise EmptySampleError(
            f"the volatility regime needs {window}+ days of `{changes.name}` "
            "without NaN"
        )
    rms = (changes**2).rolling(window, center=True, min_periods=window // 2 + 1).mean()
    rms = np.sqrt(rms)
    high: pd.Series = (rms > rms.quantile(quantile)).rename("high_volatility")
    return high
