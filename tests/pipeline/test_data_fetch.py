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


def test_truncated_tic_file_keeps_the_cached_vintage(
    fixtures_dir: Path, tmp_path: Path
) -> None:
    good = (fixtures_dir / "tic/mfh.txt").read_bytes()
    cut = good[: len(good) // 2]
    cut = cut[: cut.rindex(b"\n") + 8]  # cut inside a country name
    cache = Cache(tmp_path)
    first = fetch_all(
        cache,
        years=[],
        sources=_sources(cache, {"mfh.txt": good}),  # type: ignore[arg-type]
        now=NOW,
        allow_shrink=True,  # the fixture's 2022 window is older than the snapshot
    )
    assert first["tic:mfh.txt"].startswith("ok (43 series")
    before = Cache(tmp_path).read("tic", "mfh.txt")
    status = fetch_all(
        cache,
        years=[],
        sources=_sources(cache, {"mfh.txt": cut}),  # type: ignore[arg-type]
        now=NOW,
    )
    assert status["tic:mfh.txt"].startswith(
        "kept cached (22 series where the cached vintage has 43"
    ), status["tic:mfh.txt"]
    pd.testing.assert_frame_equal(Cache(tmp_path).read("tic", "mfh.txt"), before)


def test_a_failed_refresh_changes_nothing(
    fixtures_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an unexpected error part-way aborts the transaction: no series rewritten
    cache = Cache(tmp_path)
    routes = {"DGS10": (fixtures_dir / "fred/DGS10.csv").read_bytes()}
    fetch_all(
        cache,
        years=[],
        sources=_sources(cache, routes),  # type: ignore[arg-type]
        now=NOW,
        allow_shrink=True,
    )
    before = {p.name: p.read_bytes() for _, _, p in Cache(tmp_path).entries()}
    srcs = _sources(
        cache, {**routes, "DGS2": routes["DGS10"].replace(b"DGS10", b"DGS2")}
    )
    calls = [0]
    real = srcs["fred"].parse_checked  # type: ignore[attr-defined]

    def boom(content: bytes, origin: str, key: str) -> pd.DataFrame:
        calls[0] += 1
        if calls[0] == 2:
            raise RuntimeError("disk vanished")
        return real(content, origin, key)

    monkeypatch.setattr(srcs["fred"], "parse_checked", boom)
    with pytest.raises(RuntimeError, match="disk vanished"):
        fetch_all(
            cache,
            years=[],
            sources=srcs,  # type: ignore[arg-type]
            now=NOW + pd.Timedelta(days=1),
            allow_shrink=True,
        )
    after = {p.name: p.read_bytes() for _, _, p in Cache(tmp_path).entries()}
    assert after == before
    assert not list(tmp_path.glob(".stage-*"))


def test_stale_temp_artefacts_of_dead_processes_are_removed(tmp_path: Path) -> None:
    from attribution.reports.output import write_run_dir

    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    (tmp_path / f".stage-{dead}-abc").mkdir()
    (tmp_path / "fred").mkdir()
    tmp_file = tmp_path / "fred" / f".DGS10.parquet.{dead}.xyz.tmp"
    tmp_file.write_bytes(b"half")
    Cache(tmp_path).remove_stale()
    assert not (tmp_path / f".stage-{dead}-abc").exists() and not tmp_file.exists()
    out = tmp_path / "out"
    (out / f".run.tmp-{dead}-q1").mkdir(parents=True)
    write_run_dir(out / "run", {"a.csv": b"1"})
    assert sorted(p.name for p in out.iterdir()) == ["run"]
