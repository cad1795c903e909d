"""`data fetch` with fake publishers: what lands in the cache.

A failed fetch keeps the cache as it was.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from attribution.exceptions import DataSourceError
from attribution.pipeline.data import fetch_all, status_frame
from attribution.sources.cache import Cache
from attribution.sources.cftc import parse_tff
from attribution.sources.fred import parse_fred_csv
from attribution.sources.store import DataStore


class _Fake:
    def __init__(self, name: str, frames: dict[str, pd.DataFrame]) -> None:
        self.name, self.frames, self.calls = name, frames, []

    def fetch(self, key: str) -> pd.DataFrame:
        self.calls.append(key)
        if key not in self.frames:
            raise DataSourceError(f"{self.name}: HTTP 503 for {key}")
        return self.frames[key].assign(vintage=pd.Timestamp("2026-11-20"))


def test_fetch_splits_bulk_files_and_reports_failures(
    fixtures_dir: Path, tmp_path: Path
) -> None:
    dgs10 = parse_fred_csv((fixtures_dir / "fred/DGS10.csv").read_bytes(), "f", "DGS10")
    tff = parse_tff((fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes(), "t")
    cache = Cache(tmp_path)
    fakes = {
        "fred": _Fake("fred", {"DGS10": dgs10}),
        "cftc": _Fake("cftc", {"2025": tff}),
        "tic": _Fake("tic", {}),
        "treasury": _Fake("treasury", {}),
    }
    seen: list[str] = []
    status = fetch_all(cache, years=[2025], progress=seen.append, sources=fakes)  # type: ignore[arg-type]
    assert status["fred:DGS10"] == "ok (1 series)"
    assert status["cftc:2025"].startswith("ok (")
    assert status["fred:DGS2"].startswith("failed: fred: HTTP 503")
    assert "fred:DGS10" in seen and "tic:mfhhis01.txt" in seen
    # each TFF series is cached under its own id and served by the store
    store = DataStore(cache=cache)
    s = store.get("TFF.043602.lev_long")
    assert s["2025-04-29"] == 237175
    assert store.provenance("TFF.043602.lev_long").origin.startswith("cache:")
    table = status_frame(store, "TFF.043602.lev_long")
    assert table["origin"].tolist() == ["cache"] and table["vintage"].tolist() == [
        "2026-11-20"
    ]


def test_cftc_years_are_merged_not_overwritten(
    fixtures_dir: Path, tmp_path: Path
) -> None:
    tff = parse_tff((fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes(), "t")
    early = tff.loc[tff["date"] < "2025-04-15"]
    late = tff.loc[tff["date"] >= "2025-04-15"]
    cache = Cache(tmp_path)
    fakes = {
        "fred": _Fake("fred", {}),
        "cftc": _Fake("cftc", {"2024": early, "2025": late}),
        "tic": _Fake("tic", {}),
        "treasury": _Fake("treasury", {}),
    }
    fetch_all(cache, years=[2024, 2025], sources=fakes)  # type: ignore[arg-type]
    s = DataStore(cache=cache).get("TFF.043602.lev_long")
    assert s.index.min() == pd.Timestamp("2025-04-01")
    assert s.index.max() == pd.Timestamp("2025-04-29")
    assert len(s) == 5


@pytest.mark.live
def test_live_fred_fetch(tmp_path: Path) -> None:  # pragma: no cover - network
    from attribution.sources.fred import FredSource

    frame = FredSource(cache=Cache(tmp_path)).fetch(
        "DGS10", start="2025-04-01", end="2025-04-30"
    )
    assert frame.set_index("date")["value"]["2025-04-11"] == 4.48
