"""FRED (St. Louis Fed): yields, FX, dollar, money-market rates, custody.

Reads the publisher's graph CSV in both its formats:

* current (2024 on): header ``observation_date,<ID>``, missing days as empty cells;
* older: header ``DATE,<ID>``, missing days as ``.``.

Third-party re-serialisations with a ``date`` header are accepted too. With
``FRED_API_KEY`` in the environment the JSON API is used instead of the keyless
graph endpoint; the key is sent as a parameter and never logged or written.
Throttled to at most 2 requests per second.
"""

from __future__ import annotations

import io
import json
import os

import numpy as np
import pandas as pd

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources import fred_markets
from attribution.sources.base import Source, read_params
from attribution.sources.schema import (
    SeriesSpec,
    decode_text,
    first_bad_date,
    first_infinite,
    named_errors,
    tidy,
)

GRAPH_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
API_URL = "https://api.stlouisfed.org/fred/series/observations"
_DATE_HEADERS = ("observation_date", "DATE", "date", "Date")

_D, _W, _M = "daily", "weekly", "monthly"
#: series id -> (units, frequency, as_of, publication lag in days, description)
FRED_SERIES: dict[str, tuple[str, str, str, int, str]] = {
    "DGS3MO": ("percent", _D, "close", 1, "3-month Treasury CMT yield (H.15)"),
    "DGS2": ("percent", _D, "close", 1, "2-year Treasury CMT yield (H.15)"),
    "DGS5": ("percent", _D, "close", 1, "5-year Treasury CMT yield (H.15)"),
    "DGS10": ("percent", _D, "close", 1, "10-year Treasury CMT yield (H.15)"),
    "DGS30": ("percent", _D, "close", 1, "30-year Treasury CMT yield (H.15)"),
    "DEXJPUS": ("JPY per USD", _D, "close", 1, "Yen per dollar, noon NY (H.10)"),
    "DEXCHUS": ("CNY per USD", _D, "close", 1, "Yuan per dollar, noon NY (H.10)"),
    "DEXUSEU": ("USD per EUR", _D, "close", 1, "Dollars per euro, noon NY (H.10)"),
    "DEXSZUS": (
        "CHF per USD",
        _D,
        "close",
        1,
        "Swiss francs per dollar, noon NY (H.10)",
    ),
    "DTWEXBGS": (
        "index Jan 2006=100",
        _D,
        "close",
        1,
        "Nominal broad dollar index (H.10)",
    ),
    "SOFR": ("percent", _D, "close", 1, "Secured overnight financing rate"),
    "EFFR": ("percent", _D, "close", 1, "Effective federal funds rate"),
    "DFF": ("percent", _D, "close", 1, "Federal funds effective rate, 7-day"),
    "IORB": ("percent", _D, "close", 1, "Interest on reserve balances"),
    "RRPONTSYD": (
        "USD billions",
        _D,
        "close",
        0,
        "ON RRP take-up, Treasury collateral",
    ),
    "WMTSECL1": (
        "USD millions",
        _W,
        "wednesday",
        1,
        "Custody holdings of marketable Treasuries, foreign official accounts (H.4.1)",
    ),
    "WALCL": ("USD millions", _W, "wednesday", 1, "Fed total assets (H.4.1)"),
    "WRESBAL": ("USD millions", _W, "wednesday", 1, "Reserve balances (H.4.1)"),
    "IRLTLT01JPM156N": ("percent", _M, "month_start", 45, "Japan 10y yield, OECD MEI"),
    "IRLTLT01DEM156N": (
        "percent",
        _M,
        "month_start",
        45,
        "Germany 10y yield, OECD MEI",
    ),
    "IRLTLT01CHM156N": (
        "percent",
        _M,
        "month_start",
        45,
        "Switzerland 10y yield, OECD MEI",
    ),
    "IRLTLT01EZM156N": (
        "percent",
        _M,
        "month_start",
        45,
        "Euro area 10y yield, OECD MEI",
    ),
}
FRED_SERIES.update(fred_markets.MARKET_SERIES)  # second gathering (issue 9)

#: FRED prints 0 for WMTSECL1 before the series began on 2007-07-04; those are missing.
ZERO_MEANS_MISSING_BEFORE: dict[str, pd.Timestamp] = {
    "WMTSECL1": pd.Timestamp("2007-07-04")
}


def fred_spec(series_id: str) -> SeriesSpec:
    """Return the catalogue entry of a FRED series."""
    units, freq, as_of, lag, desc = FRED_SERIES[series_id]
    return SeriesSpec(series_id, "fred", units, freq, as_of, lag, desc)


@named_errors
def parse_fred_csv(
    content: bytes,
    origin: str,
    series_id: str | None = None,
    vintage: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Parse a FRED graph CSV (either header style) into the tidy schema.

    Parameters
    ----------
    content : bytes
        File contents.
    origin : str
        File name or URL, used in error messages.
    series_id : str, optional
        Expected id; default the value column's header (upper-cased).
    vintage : Timestamp, optional
        Vintage to stamp; default NaT until the caller sets it.

    Raises
    ------
    MissingColumnError
        If there is no date column, or the expected series column is absent.
    ParseError
        If the file is not UTF-8, or a date or a value cannot be read, a date
        lies outside 1900..2199 or a value is infinite (the message gives the
        line and column).
    """
    text = decode_text(content, origin)
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ParseError(f"{origin}: not a FRED CSV ({exc})") from exc
    date_col = next((c for c in raw.columns if c in _DATE_HEADERS), None)
    if date_col is None:
        raise MissingColumnError(
            f"{origin}: no date column; expected one of {list(_DATE_HEADERS)}, "
            f"got {list(raw.columns)}"
        )
    value_cols = [c for c in raw.columns if c != date_col]
    if series_id is not None:
        match = [c for c in value_cols if c.upper() == series_id.upper()]
        if not match and len(value_cols) == 1 and value_cols[0].lower() == "value":
            match = value_cols
        if not match:
            raise MissingColumnError(
                f"{origin}: column {series_id!r} not found; got {value_cols}"
            )
        col = match[0]
    elif len(value_cols) == 1:
        col = value_cols[0]
        series_id = col.upper()
    else:
        raise MissingColumnError(
            f"{origin}: expected one value column, got {value_cols}"
        )
    dates = pd.to_datetime(raw[date_col], format="%Y-%m-%d", errors="coerce")
    dates = dates.where(raw[date_col].str.fullmatch(r"\d{4}-\d{2}-\d{2}"))
    bad_date = first_bad_date(dates)
    if bad_date is not None:
        raise ParseError(
            f"{origin}: line {bad_date + 2}: bad date "
            f"{raw[date_col].iloc[bad_date]!r} in column {date_col!r} "
            "(dates run 1900..2199)"
        )
    cells = raw[col].str.strip().replace({".": "", "NA": ""})
    values = pd.to_numeric(cells.where(cells.ne("")), errors="coerce")
    bad = values.isna() & cells.ne("")
    if bad.any():
        line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise ParseError(
            f"{origin}: line {line}: bad value {cells.iloc[line - 2]!r} in {col!r}"
        )
    inf = first_infinite(values)
    if inf is not None:
        raise ParseError(
            f"{origin}: line {inf + 2}: column {col!r}: value "
            f"{cells.iloc[inf]!r} is not finite"
        )
    cutoff = ZERO_MEANS_MISSING_BEFORE.get(series_id)
    if cutoff is not None:
        values = values.mask((dates < cutoff) & (values == 0))
    units = FRED_SERIES.get(series_id, ("unknown", "", "", 0, ""))[0]
    return tidy(
        dates, values, series_id=series_id, units=units, source="fred", vintage=vintage
    )


@named_errors
def parse_fred_json(content: bytes, origin: str, series_id: str) -> pd.DataFrame:
    """Parse a FRED API ``series/observations`` JSON answer.

    Raises
    ------
    ParseError
        If the answer is not JSON, lacks ``observations``, or an observation
        lacks its ``date`` or ``value`` string (the message gives its index).
    """
    try:
        doc = json.loads(decode_text(content, origin))
    except ValueError as exc:
        raise ParseError(f"{origin}: not a FRED observations JSON ({exc})") from None
    obs = doc.get("observations") if isinstance(doc, dict) else None
    if not isinstance(obs, list):
        raise ParseError(
            f"{origin}: not a FRED observations JSON (no 'observations' list)"
        )
    lines = [f"observation_date,{series_id}"]
    for i, o in enumerate(obs):
        fields = [o.get(k) if isinstance(o, dict) else None for k in ("date", "value")]
        if not all(
            isinstance(f, str) and f.strip() == f and "," not in f and "\n" not in f
            for f in fields
        ):
            raise ParseError(
                f"{origin}: observations[{i}]: expected string 'date' and 'value'; "
                f"got {o!r:.80}"
            )
        lines.append(f"{fields[0]},{fields[1]}")
    return parse_fred_csv("\n".join(lines).encode() + b"\n", origin, series_id)


class FredSource(Source):
    """Adapter for FRED.

    Reads the keyless graph CSV, or the JSON API when ``FRED_API_KEY`` is set.
    """

    name = "fred"
    min_interval = 0.5  # at most 2 requests per second

    def _key(self) -> str | None:
        return os.environ.get("FRED_API_KEY") or None

    def request(
        self, series_id: str, start: str | None, end: str | None
    ) -> tuple[str, dict[str, str]]:
        """Return the endpoint and parameters (the key only as a parameter)."""
        key = self._key()
        if key:
            return API_URL, read_params(
                {
                    "series_id": series_id,
                    "api_key": key,
                    "file_type": "json",
                    "observation_start": start,
                    "observation_end": end,
                }
            )
        return GRAPH_URL, read_params({"id": series_id, "cosd": start, "coed": end})

    def parse(
        self, content: bytes, origin: str, series_id: str | None = None
    ) -> pd.DataFrame:
        """Parse CSV or JSON, whichever the endpoint returned.

        A CSV must end with a complete line: FRED ends every file with a
        newline, so an answer cut mid-number (``2.2`` for ``2.23``) is refused.
        """
        if content.lstrip()[:1] == b"{":
            return parse_fred_json(content, origin, series_id or "")
        if not content.rstrip(b" \t").endswith(b"\n"):
            raise ParseError(
                f"{origin}: the answer does not end with a complete line; "
                "it looks truncated"
            )
        return parse_fred_csv(content, origin, series_id)
