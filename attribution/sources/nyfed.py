"""Federal Reserve Bank of New York Markets API: SOFR, EFFR, ON RRP.

Used where FRED lacks a series or a day. Reference rates come as JSON
``{"refRates": [{"effectiveDate": "YYYY-MM-DD", "type": "SOFR",
"percentRate": 4.39, ...}]}`` from ``/api/rates/secured/sofr/search.json`` and
``/api/rates/unsecured/effr/search.json``; ON RRP results as
``{"repo": {"operations": [{"operationDate": ..., "totalAmtAccepted": ...}]}}``
from ``/api/rp/reverserepo/all/results/search.json`` (amounts in USD, returned
here in USD billions). Rates are as of the business day, published the next
morning (lag 1 day).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from attribution.exceptions import ParseError, UnknownSeriesError
from attribution.sources.base import Source, read_params
from attribution.sources.schema import (
    decode_text,
    first_bad_date,
    first_infinite,
    named_errors,
    tidy,
)

BASE = "https://markets.newyorkfed.org/api"
ENDPOINTS: dict[str, str] = {
    "SOFR": "/rates/secured/sofr/search.json",
    "EFFR": "/rates/unsecured/effr/search.json",
    "RRPONTSYD": "/rp/reverserepo/all/results/search.json",
}


@named_errors
def parse_nyfed(content: bytes, origin: str, series_id: str) -> pd.DataFrame:
    """Parse a NY Fed Markets API JSON answer for ``series_id``.

    Raises
    ------
    ParseError
        If the JSON lacks the expected keys.
    """
    try:
        doc = json.loads(decode_text(content, origin))
        if series_id == "RRPONTSYD":
            ops = doc["repo"]["operations"]
            where, date_key = "repo.operations", "operationDate"
            value_key = "totalAmtAccepted"
            units, divisor = "USD billions", 1e9
        else:
            ops = doc["refRates"]
            where, date_key, value_key = "refRates", "effectiveDate", "percentRate"
            units, divisor = "percent", 1.0
        if not isinstance(ops, list):
            raise TypeError(f"{where} is a {type(ops).__name__}, not a list")
        dates, vals = [], []
        for i, o in enumerate(ops):
            if not isinstance(o, dict):
                raise TypeError(f"{where}[{i}] is a {type(o).__name__}, not an object")
            if series_id != "RRPONTSYD" and o.get("type", series_id) != series_id:
                continue
            if not isinstance(o[date_key], str) or isinstance(o[value_key], bool):
                raise TypeError(f"{where}[{i}]: bad {date_key!r} or {value_key!r}")
            dates.append(o[date_key])
            vals.append(float(o[value_key]) / divisor)
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(
            f"{origin}: unexpected NY Fed JSON ({type(exc).__name__}: {exc})"
        ) from None
    parsed = pd.to_datetime(
        pd.Series(dates, dtype=object), format="%Y-%m-%d", errors="coerce"
    )
    bad = first_bad_date(parsed)
    if bad is not None:
        raise ParseError(
            f"{origin}: {where}[{bad}]: {date_key!r}: bad date {dates[bad]!r}"
        )
    arr = np.asarray(vals, dtype=float)
    inf = first_infinite(arr)
    if inf is not None:
        raise ParseError(
            f"{origin}: {where}[{inf}]: {value_key!r}: value {vals[inf]} is not finite"
        )
    frame = tidy(
        parsed,
        arr,
        series_id=series_id,
        units=units,
        source="nyfed",
        vintage=None,
    )
    return frame.drop_duplicates(["date"], keep="last").reset_index(drop=True)


class NyFedSource(Source):
    """Adapter for the NY Fed Markets API (SOFR, EFFR, RRPONTSYD)."""

    name = "nyfed"
    min_interval = 0.5

    def request(
        self, series_id: str, start: str | None, end: str | None
    ) -> tuple[str, dict[str, str]]:
        """Return the endpoint URL and its date parameters."""
        if series_id not in ENDPOINTS:
            raise UnknownSeriesError(
                f"`series_id` must be one of {sorted(ENDPOINTS)} for the NY Fed; "
                f"got {series_id!r}"
            )
        return BASE + ENDPOINTS[series_id], read_params(
            {"startDate": start, "endDate": end}
        )

    def parse(
        self, content: bytes, origin: str, series_id: str | None = None
    ) -> pd.DataFrame:
        """Parse the JSON answer."""
        return parse_nyfed(content, origin, series_id or "SOFR")
