"""`data fetch` with fake publishers: what lands in the cache.

Answers come from real publisher files (tests/fixtures) served by an in-memory
session; a failed or damaged answer keeps the cache as it was.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from attribution.pipeline.data import fetch_all, status_frame
from attribution.sources.cache import Cache
from attribution.sources.cftc import CftcSource
from attribution.sources.fred import FredSource
from attribution.sources.store import DataStore
from attribution.sources.tic import TicSource
from attribution.sources.treasury import TreasuryParSource

NOW = pd.Timestamp("2026-11-20")


class _Resp:
    def __init__(self, status: int, content: bytes, url: str) -> None:
        self.status_code, self.content, self.url = status, content, url


class _Session:
    """Serve bytes by a substring of the URL or its ``id`` parameter; else 503."""

    def __init__(self, routes: dict[str, bytes]) -> None:
        self.routes, self.calls = routes, []

    def get(self, url: str, params: dict[str, str], **kw: object) -> _Resp:
        self.calls.append(url)
        key = params.get("id") or url.rsplit("/", 1)[-1]
        for k, v in self.routes.items():
            if k == key or (k in url and not params.get("id")):
                return _Resp(200, v, url)
        return _Resp(503, b"", url)


def _zip(text: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("FinFutYY.txt", text)
    return buf.getvalue()


def _sources(cache: Cache, routes: dict[str, bytes]) -> dict[str, object]:
    session = _Session(routes)
    kw = {"cache": cache, "session": session, "retries": 0, "backoff": 0.0}
    out = {}
    for cls in (FredSource, CftcSource, TicSource, TreasuryParSource):
        fast = type(f"Fast{cls.__name__}", (cls,), {"min_interval": 0.0})
        out[cls.name] = fast(**kw)
    return out


def test_fetch_splits_bulk_files_and_reports_failures(
    fixtures_dir: Path, tmp_path: Path
) -> None:
    cache = Cache(tmp_path)
    routes = {
        "DGS10": (fixtures_dir / "fred/DGS10.csv").read_bytes(),
        "fut_fin_txt_2025": _zip(
            (fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes()
        ),
    }
    seen: list[str] = []
    status = fetch_all(
        cache,
        years=[2025],
        progress=seen.append,
        sources=_sources(cache, routes),  # type: ignore[arg-type]
        now=NOW,
        allow_shrink=True,  # the fixtures are one-month extracts
    )
    assert status["fred:DGS10"].startswith("ok (1 series")
    assert status["cftc:2025"].startswith("ok (")
    assert status["fred:DGS2"].startswith("failed (HTTP 503")
    assert "runs use the bundled snapshot through" in status["fred:DGS2"]
    assert "fred:DGS10" in seen and "tic:mfhhis01.txt" in seen
    # each TFF series is cached under its own id and served by the store
    store = DataStore(cache=Cache(tmp_path))
    s = store.get("TFF.043602.lev_long")
    assert s["2025-04-29"] == 237175  # FinFutYY_2025_apr.txt, Lev_Money long
    assert store.provenance("TFF.043602.lev_long").origin.startswith("cache:")
    table = status_frame(store, "TFF.043602.lev_long")
    assert table["origin"].tolist() == ["cache"]
    assert table["vintage"].tolist() == ["2026-11-20"]


def test_a_short_fetch_keeps_the_longer_history(
    fixtures_dir: Path, tmp_path: Path
) -> None:
    # the April-2025 CFTC extract must not shrink the multi-year snapshot series
    snap = DataStore(use_cache=False).get("TFF.043602.lev_long")
    cache = Cache(tmp_path)
    routes = {
        "fut_fin_txt_2025": _zip(
            (fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes()
        )
    }
    status = fetch_all(
        cache,
        years=[2025],
        sources=_sources(cache, routes),  # type: ignore[arg-type]
        now=NOW,
        allow_shrink=True,  # the extract has fewer weeks of 2025 than the snapshot
    )
    assert status["cftc:2025"].startswith("ok (")
    s = DataStore(cache=Cache(tmp_path)).get("TFF.043602.lev_long")
    assert s.index.min() == snap.index.min()
    assert s.index.max() == max(snap.index.max(), pd.Timestamp("2025-04-29"))
    assert len(s) >= len(snap)
    assert s["2025-04-29"] == 237175


def test_a_shorter_answer_is_refused_without_the_flag(
    fixtures_dir: Path, tmp_path: Path
) -> None:
    cache = Cache(tmp_path)
    routes = {
        "fut_fin_txt_2025": _zip(
            (fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes()
        )
    }
    status = fetch_all(
        cache,
        years=[2025],
        sources=_sources(cache, routes),  # type: ignore[arg-type]
        now=NOW,
    )
    assert status["cftc:2025"].startswith("failed (")
    assert "the snapshot" in status["cftc:2025"] and "truncated" in status["cftc:2025"]
    assert Cache(tmp_path).read("cftc", "TFF.043602.lev_long") is None


@pytest.mark.live
def test_live_fred_fetch(tmp_path: Path) -> None:  # pragma: no cover - network
    frame = FredSource(cache=Cache(tmp_path)).fetch(
        "DGS10", start="2025-04-01", end="2025-04-30"
    )
    assert frame.set_index("date")["value"]["2025-04-11"] == 4.48
