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

import pandas as pd

from attribution.exceptions import ParseError, UnknownSeriesError
from attribution.sources.base import Source, read_params
from attribution.sources.schema import tidy

BASE = "https://markets.newyorkfed.org/api"
ENDPOINTS: dict[str, str] = {
    "SOFR": "/rates/secured/sofr/search.json",
    "EFFR": "/rates/unsecured/effr/search.json",
    "RRPONTSYD": "/rp/reverserepo/all/results/search.json",
}


def parse_nyfed(content: bytes, origin: str, series_id: str) -> pd.DataFrame:
    """Parse a NY Fed Markets API JSON answer for ``series_id``.

    Raises
    ------
    ParseError
        If the JSON lacks the expected keys.
    """
    try:
        doc = json.loads(content)
        if series_id == "RRPONTSYD":
            ops = doc["repo"]["operations"]
            dates = [o["operationDate"] for o in ops]
            vals = [float(o["totalAmtAccepted"]) / 1e9 for o in ops]
            units = "USD billions"
        else:
            rows = [r for r in doc["refRates"] if r.get("type", series_id) == series_id]
            dates = [r["effectiveDate"] for r in rows]
            vals = [float(r["percentRate"]) for r in rows]
            units = "percent"
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(
            f"{origin}: unexpected NY Fed JSON ({type(exc).__name__}: {exc})"
        ) from exc
    frame = tidy(
        pd.to_datetime(dates, format="%Y-%m-%d"),
        vals,
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
