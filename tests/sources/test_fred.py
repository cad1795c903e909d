"""FRED adapter on real publisher files (tests/fixtures/fred, trimmed copies)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import DataSourceError, MissingColumnError, ParseError
from attribution.sources.base import redact
from attribution.sources.fred import FredSource, parse_fred_csv, parse_fred_json


def _series(frame: pd.DataFrame) -> pd.Series:
    return frame.set_index("date")["value"]


def test_current_header_values_read_off_the_file(fixtures_dir: Path) -> None:
    s = _series(
        parse_fred_csv(
            (fixtures_dir / "fred/DGS10.csv").read_bytes(), "DGS10.csv", "DGS10"
        )
    )
    # Values as printed in the publisher's file.
    assert s["2025-04-11"] == 4.48
    assert s["2025-04-04"] == 4.01
    assert s["2025-03-31"] == 4.23
    assert s["2025-04-30"] == 4.17
    assert np.isnan(s["2025-04-18"])  # Good Friday: empty cell


def test_old_header_with_dot_missing(fixtures_dir: Path) -> None:
    s = _series(
        parse_fred_csv(
            (fixtures_dir / "fred/DGS10_oldformat.csv").read_bytes(), "old", "DGS10"
        )
    )
    assert np.isnan(s["2015-01-01"])
    assert s["2015-01-02"] == 2.12


def test_reserialized_lowercase_header(fixtures_dir: Path) -> None:
    frame = parse_fred_csv(
        (fixtures_dir / "fred/DEXCHUS_reformatted.csv").read_bytes(), "x", "DEXCHUS"
    )
    assert frame["series_id"].iloc[0] == "DEXCHUS"
    assert frame["units"].iloc[0] == "CNY per USD"


def test_custody_zeros_before_2007_07_04_are_missing(fixtures_dir: Path) -> None:
    s = _series(
        parse_fred_csv(
            (fixtures_dir / "h41/WMTSECL1.csv").read_bytes(), "WMTSECL1.csv", "WMTSECL1"
        )
    )
    assert s.loc[:"2007-06-27"].isna().all()
    assert s.loc["2007-07-04":"2007-08-29"].notna().all()
    assert s["2025-04-09"] == 2932857  # $mn, Wednesday level
    assert s["2025-04-09"] - s["2025-04-02"] == 3602  # +$3.6bn in the selloff week


def test_missing_column_names_file_and_column(fixtures_dir: Path) -> None:
    with pytest.raises(
        MissingColumnError, match=r"DGS10\.csv: column 'DGS30' not found"
    ):
        parse_fred_csv(
            (fixtures_dir / "fred/DGS10.csv").read_bytes(), "DGS10.csv", "DGS30"
        )


def test_bad_value_names_line() -> None:
    content = b"observation_date,DGS10\n2025-04-10,4.40\n2025-04-11,4.48x\n"
    with pytest.raises(ParseError, match=r"bad\.csv: line 3"):
        parse_fred_csv(content, "bad.csv", "DGS10")


def test_truncated_file_bad_date() -> None:
    content = b"observation_date,DGS10\n2025-04-10,4.40\n2025-04-1"
    with pytest.raises(ParseError, match=r"trunc\.csv: line 3: bad date"):
        parse_fred_csv(content, "trunc.csv", "DGS10")


def test_json_api_answer() -> None:
    doc = {
        "observations": [
            {"date": "2025-04-11", "value": "4.48"},
            {"date": "2025-04-18", "value": "."},
        ]
    }
    s = _series(parse_fred_json(json.dumps(doc).encode(), "api", "DGS10"))
    assert s["2025-04-11"] == 4.48 and np.isnan(s["2025-04-18"])


class _Resp:
    def __init__(self, status: int, content: bytes, url: str) -> None:
        self.status_code, self.content, self.url = status, content, url


class _Session:
    def __init__(self, status: int = 500, content: bytes = b"") -> None:
        self.status, self.content, self.calls = status, content, []

    def get(
        self, url: str, params: dict[str, str], timeout: object, **kw: object
    ) -> _Resp:
        self.calls.append((url, dict(params)))
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return _Resp(self.status, self.content, f"{url}?{query}")


def test_api_key_never_in_error_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRED_API_KEY", "SECRET123")
    src = FredSource(session=_Session(status=403), retries=0)  # type: ignore[arg-type]
    with pytest.raises(DataSourceError, match=r"HTTP 403") as info:
        src.get(*src.request("DGS10", None, None))
    assert "SECRET123" not in str(info.value)
    assert "api_key=REDACTED" in str(info.value)
    assert redact("https://x/?api_key=abc&id=1") == "https://x/?api_key=REDACTED&id=1"


def test_keyless_graph_endpoint_without_key() -> None:
    url, params = FredSource().request("DGS10", "2025-01-01", None)
    assert url.endswith("fredgraph.csv") and params == {
        "id": "DGS10",
        "cosd": "2025-01-01",
    }


def test_fred_is_throttled_to_two_requests_per_second(fixtures_dir: Path) -> None:
    import time

    from attribution.sources.base import Source

    Source._throttles.pop("FredSource", None)
    src = FredSource(session=_Session(status=200, content=b"observation_date,DGS10\n"))  # type: ignore[arg-type]
    start = time.monotonic()
    for _ in range(3):
        src.get(*src.request("DGS10", None, None))
    assert time.monotonic() - start >= 1.0  # 3 requests need at least 2 gaps of 0.5 s
