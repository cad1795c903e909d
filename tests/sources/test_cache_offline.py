"""Cache round trip, atomic writes, offline mode and the stale-cache fallback."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
import requests

from attribution.exceptions import DataSourceError, VintageWarning
from attribution.sources.cache import Cache, atomic_write_bytes
from attribution.sources.fred import FredSource


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-04-10", "2025-04-11"]),
            "series_id": "DGS10",
            "value": [4.40, 4.48],
            "units": "percent",
            "source": "fred",
            "vintage": pd.Timestamp("2025-04-12"),
        }
    )


def test_round_trip(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.write("fred", "DGS10", _frame())
    back = cache.read("fred", "DGS10")
    assert back is not None
    pd.testing.assert_frame_equal(back, _frame(), check_dtype=False)
    assert [(s, k) for s, k, _ in cache.entries()] == [("fred", "DGS10")]


def test_atomic_write_leaves_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "fred" / "DGS10.parquet"
    atomic_write_bytes(target, b"old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["DGS10.parquet"]


class _DownSession:
    def __init__(self) -> None:
        self.calls = 0

    def get(self, *args: object, **kwargs: object) -> None:
        self.calls += 1
        raise requests.ConnectionError("network is unreachable")


class _OkSession:
    def __init__(self, content: bytes) -> None:
        self.content = content

    def get(self, url: str, params: dict[str, str], timeout: object, **kw: object):  # noqa: ANN201
        class R:
            status_code, content = 200, self.content
            url = "https://fred.example/graph"

        return R()


def test_fetch_writes_cache_with_vintage(tmp_path: Path, fixtures_dir: Path) -> None:
    content = (fixtures_dir / "fred/DGS10.csv").read_bytes()
    src = FredSource(cache=Cache(tmp_path), session=_OkSession(content))  # type: ignore[arg-type]
    frame = src.fetch("DGS10", now=pd.Timestamp("2026-11-20 10:00"))
    assert (frame["vintage"] == pd.Timestamp("2026-11-20")).all()
    cached = Cache(tmp_path).read("fred", "DGS10")
    assert cached is not None and len(cached) == len(frame)


def test_network_failure_falls_back_to_cache_with_staleness(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.write("fred", "DGS10", _frame())
    session = _DownSession()
    src = FredSource(cache=cache, session=session, retries=2, backoff=0.0)  # type: ignore[arg-type]
    with pytest.warns(VintageWarning, match=r"vintage 2025-04-12 \(\d+ days old\)"):
        frame = src.fetch("DGS10")
    assert session.calls == 3  # first try + 2 retries
    assert frame["value"].tolist() == [4.40, 4.48]


def test_network_failure_without_cache(tmp_path: Path) -> None:
    src = FredSource(cache=Cache(tmp_path), session=_DownSession(), retries=0)  # type: ignore[arg-type]
    with pytest.raises(
        DataSourceError, match=r"cannot fetch 'DGS10'.*not in the cache"
    ):
        src.fetch("DGS10")


def test_offline_mode_never_calls_network(tmp_path: Path) -> None:
    session = _DownSession()
    cache = Cache(tmp_path)
    cache.write("fred", "DGS10", _frame())
    src = FredSource(cache=cache, session=session, offline=True)  # type: ignore[arg-type]
    assert len(src.fetch("DGS10")) == 2
    assert session.calls == 0


def test_a_reader_keeps_its_generation_while_a_refresh_commits(
    tmp_path: Path,
) -> None:
    cache = Cache(tmp_path)
    cache.write("fred", "DGS10", _frame())
    reader = Cache(tmp_path)
    assert reader.read("fred", "DGS10")["value"].tolist() == [4.40, 4.48]
    staged = cache.begin()
    staged.write("fred", "DGS10", _frame().assign(value=[1.0, 2.0]))
    staged.write("fred", "DGS2", _frame().assign(series_id="DGS2"))
    assert Cache(tmp_path).read("fred", "DGS2") is None  # nothing visible yet
    cache.commit(staged)
    # a run that started before the switch reads one consistent generation
    assert reader.read("fred", "DGS10")["value"].tolist() == [4.40, 4.48]
    assert reader.read("fred", "DGS2") is None
    fresh = Cache(tmp_path)
    assert fresh.read("fred", "DGS10")["value"].tolist() == [1.0, 2.0]
    assert fresh.read("fred", "DGS2") is not None
    assert not list(tmp_path.glob(".stage-*"))


def test_an_aborted_refresh_leaves_no_trace(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.write("fred", "DGS10", _frame())
    staged = cache.begin()
    staged.write("fred", "DGS10", _frame().assign(value=[1.0, 2.0]))
    cache.abort(staged)
    assert Cache(tmp_path).read("fred", "DGS10")["value"].tolist() == [4.40, 4.48]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fred"]
