"""NY Fed Markets API parser.

No recorded NY Fed response is bundled. The documents below follow the API's
documented JSON layout; the SOFR values are the published rates for those days
as printed in the FRED SOFR file (FRED republishes the NY Fed's SOFR).
"""

from __future__ import annotations

import json

import pytest

from attribution.exceptions import ParseError, UnknownSeriesError
from attribution.sources.nyfed import NyFedSource, parse_nyfed


def test_reference_rates() -> None:
    doc = {
        "refRates": [
            {"effectiveDate": "2025-04-02", "type": "SOFR", "percentRate": 4.37},
            {"effectiveDate": "2025-04-01", "type": "SOFR", "percentRate": 4.39},
        ]
    }
    s = parse_nyfed(json.dumps(doc).encode(), "sofr.json", "SOFR").set_index("date")[
        "value"
    ]
    assert s.index.is_monotonic_increasing
    assert s["2025-04-01"] == 4.39 and s["2025-04-02"] == 4.37


def test_reverse_repo_amounts_in_billions() -> None:
    doc = {
        "repo": {
            "operations": [{"operationDate": "2025-04-01", "totalAmtAccepted": 1.5e11}]
        }
    }
    s = parse_nyfed(json.dumps(doc).encode(), "rrp.json", "RRPONTSYD").set_index(
        "date"
    )["value"]
    assert s["2025-04-01"] == 150.0


def test_bad_json_and_unknown_series() -> None:
    with pytest.raises(ParseError, match=r"x\.json: unexpected NY Fed JSON"):
        parse_nyfed(b'{"other": []}', "x.json", "SOFR")
    with pytest.raises(UnknownSeriesError, match=r"`series_id` must be one of"):
        NyFedSource().request("BGCR", None, None)
