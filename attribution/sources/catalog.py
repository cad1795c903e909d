"""Catalogue: what every known series is, by id or id prefix.

Publication lags (calendar days from the as-of date to release) used by
point-in-time panels:

=================  =========  ===========================================
series             as of      lag and reason
=================  =========  ===========================================
H.15 yields, H.10  close      1: posted by the Board the next business day
SOFR, EFFR, IORB   close      1: published next morning by the NY Fed
ON RRP             close      0: published the same afternoon
H.4.1 (WMTSECL1)   Wednesday  1: released Thursday 4:30 pm
CFTC TFF           Tuesday    3: released Friday 3:30 pm
TIC MFH, TIC SLT   month end  50: released around the 18th of month + 2
OECD MEI yields    month      45
Treasury par, JGB  close      1
Auctions           auction    0: results within the hour
Kim-Wright TP      close      7: the Board updates it about weekly
SP500, NASDAQ,VIX  close      1: posted by FRED the next business day
H.4.1 SWPT         Wednesday  1: released Thursday 4:30 pm
ACM (monthly)      month end  31: not stated by the NY Fed (assumed)
BoE gilt yields    close      1: London close, posted the next business day
=================  =========  ===========================================
"""

from __future__ import annotations

from attribution.exceptions import UnknownSeriesError
from attribution.sources.fred import FRED_SERIES, fred_spec
from attribution.sources.fred_markets import DISCONTINUED_SERIES
from attribution.sources.schema import SeriesSpec

#: prefix -> (source, units, frequency, as_of, lag, description)
PREFIXES: dict[str, tuple[str, str, str, str, int, str]] = {
    "TFF.": (
        "cftc",
        "contracts",
        "weekly",
        "tuesday",
        3,
        "CFTC TFF futures-only position",
    ),
    "TFF10Y.": (
        "cftc_derived",
        "contracts",
        "weekly",
        "tuesday",
        3,
        "CFTC TFF 10y note, continuous (MFlab re-serialisation)",
    ),
    "TIC_MFH.": (
        "tic",
        "USD billions",
        "monthly",
        "month_end",
        50,
        "TIC Major Foreign Holders of Treasury securities",
    ),
    "TIC_MFH_OLDSERIES.": (
        "tic",
        "USD billions",
        "monthly",
        "month_end",
        50,
        "TIC MFH, superseded series shown for comparison at a break",
    ),
    "PAR.": ("treasury", "percent", "daily", "close", 1, "Treasury par yield curve"),
    "AUCTION.": (
        "treasury_auctions",
        "as named",
        "event",
        "auction",
        0,
        "Treasury auction result",
    ),
    "JGB.": ("mof", "percent", "daily", "close", 1, "JGB benchmark yield (Japan MoF)"),
    "ACM.": (
        "nyfed_acm",
        "percent",
        "monthly",
        "month_end",
        31,
        "ACM zero-coupon yield, term premium or risk-neutral yield (NY Fed)",
    ),
    "TIC_SLT1.": (
        "tic_slt",
        "USD billions",
        "monthly",
        "month_end",
        50,
        "TIC SLT Table 1: long-term securities by type (published in $ millions)",
    ),
    "TIC_SLT3.": (
        "tic_slt",
        "USD billions",
        "monthly",
        "month_end",
        50,
        "TIC SLT Table 3: Treasury holdings and net sales (published in $ millions)",
    ),
    "TIC_SLT5.": (
        "tic_slt",
        "USD billions",
        "monthly",
        "month_end",
        50,
        "TIC SLT Table 5: Major Foreign Holders of Treasury securities",
    ),
    "BOE.": (
        "boe",
        "percent",
        "daily",
        "close",
        1,
        "Bank of England yield (London close; IUDMNPY = 10y nominal par gilt)",
    ),
}


def spec_for(series_id: str) -> SeriesSpec:
    """Return the :class:`SeriesSpec` of a known series id.

    Raises
    ------
    UnknownSeriesError
        If neither the id nor its prefix is known.
    """
    if series_id in FRED_SERIES:
        return fred_spec(series_id)
    if series_id in DISCONTINUED_SERIES:
        units, freq, as_of, lag, desc = DISCONTINUED_SERIES[series_id]
        return SeriesSpec(series_id, "fred", units, freq, as_of, lag, desc)
    for prefix, (source, units, freq, as_of, lag, desc) in PREFIXES.items():
        if series_id.startswith(prefix):
            return SeriesSpec(series_id, source, units, freq, as_of, lag, desc)
    raise UnknownSeriesError(
        f"unknown series {series_id!r}: not a FRED id in the catalogue nor one of the "
        f"prefixes {sorted(PREFIXES)}. Declare your own file under `data.local_series`."
    )
