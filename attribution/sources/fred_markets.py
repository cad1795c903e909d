"""FRED series of the second data gathering: daily market prices, term premium, swaps.

Catalogue entries only; the files are FRED graph CSVs read by
:func:`attribution.sources.fred.parse_fred_csv`. Each entry is
``id -> (units, frequency, as_of, publication lag in days, description)``,
the layout of :data:`attribution.sources.fred.FRED_SERIES`, into which
:data:`MARKET_SERIES` is merged (so ``data fetch`` refreshes them).

Timing (what the date of an observation means)
----------------------------------------------
* H.15 yields (``DGS1``, ``DGS7``, ``DGS20``, ``DFII10``) and the FRED spreads
  built from them (``T10YIE``, ``T5YIE``, ``T10Y2Y``): end of day, New York.
* ``THREEFYTP10`` (Kim-Wright): a model fit to end-of-day zero-coupon yields;
  the Board updates it about weekly (lag taken as 7 days).
* ``SP500``, ``NASDAQCOM``: closing index level, 4:00 pm ET. ``VIXCLS``: the
  VIX close, 4:15 pm ET.
* ``BAMLC0A0CM``: ICE's end-of-day option-adjusted spread. ICE also prints a
  value on a calendar month end that falls on a weekend; those rows are kept
  as published (see ``docs/conventions.md``).
* ``SWPT``: H.4.1 Wednesday level, released Thursday.
* ``DTWEXBGS`` (in ``FRED_SERIES``): H.10, noon New York rates.

:data:`DISCONTINUED_SERIES` are catalogued but not fetched: FRED no longer
serves the ICE swap rates (``DSWP5``, ``DSWP10``, ``DSWP30``; they end on
2016-10-28). ICE swap rates were set at 11:00 am ET, before the H.15 close.
"""

from __future__ import annotations

_D, _W = "daily", "weekly"

#: New FRED ids that ``data fetch`` refreshes.
MARKET_SERIES: dict[str, tuple[str, str, str, int, str]] = {
    "THREEFYTP10": (
        "percent",
        _D,
        "close",
        7,
        "Kim-Wright 10-year term premium (Fed Board; FRED; text copy)",
    ),
    "DFII10": ("percent", _D, "close", 1, "10-year TIPS real yield, CMT (H.15)"),
    "T10YIE": (
        "percent",
        _D,
        "close",
        1,
        "10-year breakeven inflation, DGS10 - DFII10 (FRED)",
    ),
    "T5YIE": (
        "percent",
        _D,
        "close",
        1,
        "5-year breakeven inflation, DGS5 - DFII5 (FRED)",
    ),
    "DGS1": ("percent", _D, "close", 1, "1-year Treasury CMT yield (H.15)"),
    "DGS7": ("percent", _D, "close", 1, "7-year Treasury CMT yield (H.15)"),
    "DGS20": (
        "percent",
        _D,
        "close",
        1,
        "20-year Treasury CMT yield (H.15; none 1987-01 .. 1993-09)",
    ),
    "T10Y2Y": ("percent", _D, "close", 1, "10-year minus 2-year CMT spread (FRED)"),
    "SP500": ("index", _D, "close", 1, "S&P 500 close, 4:00 pm ET (S&P DJI)"),
    "NASDAQCOM": ("index", _D, "close", 1, "NASDAQ Composite close, 4:00 pm ET"),
    "VIXCLS": ("index", _D, "close", 1, "Cboe VIX close, 4:15 pm ET"),
    "BAMLC0A0CM": (
        "percent",
        _D,
        "close",
        1,
        "ICE BofA US Corporate OAS (month-end weekend rows as published)",
    ),
    "SWPT": (
        "USD millions",
        _W,
        "wednesday",
        1,
        "Central bank liquidity swaps, Wednesday level (H.4.1)",
    ),
}

#: Catalogued FRED ids that FRED no longer serves (not fetched).
DISCONTINUED_SERIES: dict[str, tuple[str, str, str, int, str]] = {
    f"DSWP{n}": (
        "percent",
        _D,
        "close",
        1,
        f"{n}-year USD swap rate, ICE 11:00 am ET (discontinued 2016-10-28)",
    )
    for n in (5, 10, 30)
}
