"""Third-party market files (Yahoo Finance, investing.com): context series only.

These vendors are not the primary publishers. Their files are read in the
formats they come in:

* Yahoo OHLCV ``Date,Close,High,Low,Open,Volume`` (e.g. TLT) -> ``<TICKER>.close``;
* Yahoo futures ``close,high,low,open,volume,code,date`` (continuous front
  month, unadjusted rolls) -> ``<code>.close`` (``ZN=F.close``);
* ``date,value`` (DXY, MOVE) -> the given id;
* investing.com ``"Date","Price",...`` newest first; the date order (month
  first or day first) depends on the download locale and must be given.
"""

from __future__ import annotations

import io

import pandas as pd

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.schema import tidy


def _read(content: bytes, origin: str) -> pd.DataFrame:
    try:
        return pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ParseError(f"{origin}: unreadable CSV ({exc})") from exc


def _need(raw: pd.DataFrame, cols: list[str], origin: str) -> None:
    missing = [c for c in cols if c not in raw.columns]
    if missing:
        raise MissingColumnError(
            f"{origin}: missing column(s) {missing}; got {list(raw.columns)}"
        )


def _dates(cells: pd.Series, fmt: str | None, origin: str) -> pd.Series:
    dates = pd.to_datetime(cells, format=fmt, errors="coerce")
    if dates.isna().any():
        raise ParseError(f"{origin}: bad date {cells[dates.isna()].iloc[0]!r}")
    return dates


def parse_yahoo(
    content: bytes, origin: str, ticker: str, units: str = "USD"
) -> pd.DataFrame:
    """Parse a Yahoo OHLCV or futures CSV; return the close as ``<ticker>.close``."""
    raw = _read(content, origin)
    if "Date" in raw.columns:
        _need(raw, ["Date", "Close"], origin)
        dates, close = _dates(raw["Date"], "%Y-%m-%d", origin), raw["Close"]
    else:
        _need(raw, ["date", "close"], origin)
        dates, close = _dates(raw["date"], "%Y-%m-%d", origin), raw["close"]
    frame = tidy(
        dates,
        pd.to_numeric(close, errors="coerce"),
        series_id=f"{ticker}.close",
        units=units,
        source="yahoo",
        vintage=None,
    )
    return frame.drop_duplicates(["date"], keep="last").reset_index(drop=True)


def parse_date_value(
    content: bytes, origin: str, series_id: str, units: str, source: str
) -> pd.DataFrame:
    """Parse a plain ``date,value`` CSV."""
    raw = _read(content, origin)
    _need(raw, ["date", "value"], origin)
    return tidy(
        _dates(raw["date"], "%Y-%m-%d", origin),
        pd.to_numeric(raw["value"]),
        series_id=series_id,
        units=units,
        source=source,
        vintage=None,
    )


def parse_investing(
    content: bytes,
    origin: str,
    series_id: str,
    *,
    dayfirst: bool,
    units: str = "percent",
) -> pd.DataFrame:
    """Parse an investing.com history CSV (``Date``, ``Price``; newest first)."""
    raw = _read(content, origin)
    _need(raw, ["Date", "Price"], origin)
    dates = _dates(raw["Date"], "%d/%m/%Y" if dayfirst else "%m/%d/%Y", origin)
    price = pd.to_numeric(
        raw["Price"].astype(str).str.replace(",", ""), errors="coerce"
    )
    return tidy(
        dates,
        price,
        series_id=series_id,
        units=units,
        source="investing.com",
        vintage=None,
    )
