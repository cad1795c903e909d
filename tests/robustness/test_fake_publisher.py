"""A fake publisher on 127.0.0.1 serves damaged answers; good data survive.

The server is started by the test (no other network). Truncated, empty, HTML
and non-UTF-8 answers never replace the cached DGS10; a hanging server and a
drip end within the request deadline; the API key never reaches a log.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from attribution.pipeline.data import fetch_all
from attribution.sources import fred
from attribution.sources.cache import Cache
from attribution.sources.redaction import install_redaction

FIX = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = (FIX / "fred/DGS10.csv").read_bytes()
NOW = pd.Timestamp("2026-11-20")
MODE = {"DGS10": "good"}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802
        query = parse_qs(urlsplit(self.path).query)
        sid = (query.get("id") or query.get("series_id") or [""])[0]
        mode = MODE.get(sid, "missing")
        bodies = {
            "good": GOOD,
            "truncated": GOOD[: GOOD.rindex(b"\n", 0, len(GOOD) - 1) + 5],
            "empty": b"observation_date,DGS10\n",
            "html": b"<html><body>Service temporarily unavailable</body></html>\n",
            "latin1": GOOD + b"2025-06-02,4.4\xe9\n",
        }
        if mode == "missing":
            self.send_response(404)
            self.end_headers()
            return
        if mode == "hang":
            time.sleep(6)
            return
        self.send_response(200)
        self.end_headers()
        if mode == "drip":
            for byte in GOOD[:200]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.05)
            return
        self.wfile.write(bodies[mode])


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    monkeypatch.setattr(fred, "GRAPH_URL", f"{base}/graph")
    monkeypatch.setattr(fred, "API_URL", f"{base}/api")
    yield base
    srv.shutdown()
    srv.server_close()


class _Fred(fred.FredSource):
    min_interval = 0.0


def _fetch(cache: Cache, **kw: object) -> dict[str, str]:
    src = _Fred(cache=cache, retries=0, backoff=0.0, timeout=0.5, deadline=1.5)
    jobs = {"fred": src, "cftc": src, "tic": src, "treasury": src}
    status = fetch_all(cache, years=[], sources=jobs, now=NOW, **kw)  # type: ignore[arg-type]
    return {k: v for k, v in status.items() if k == "fred:DGS10"}


def _dgs10(cache_dir: Path) -> pd.Series:
    frame = Cache(cache_dir).read("fred", "DGS10")
    assert frame is not None
    return frame.set_index("date")["value"]


@pytest.mark.parametrize("mode", ["truncated", "empty", "html", "latin1"])
def test_damaged_answer_keeps_good_data(
    server: str, tmp_path: Path, mode: str
) -> None:
    MODE["DGS10"] = "good"
    first = _fetch(Cache(tmp_path), allow_shrink=True)  # the fixture is an extract
    assert first["fred:DGS10"].startswith("ok")
    good = _dgs10(tmp_path)
    MODE["DGS10"] = mode
    status = _fetch(Cache(tmp_path))
    assert status["fred:DGS10"].startswith("kept cached ("), status
    assert "runs use the cached vintage 2026-11-20" in status["fred:DGS10"]
    pd.testing.assert_series_equal(_dgs10(tmp_path), good)
    assert good["2025-04-11"] == 4.48  # FRED's DGS10 close on 11 April 2025


@pytest.mark.parametrize("mode", ["hang", "drip"])
def test_slow_server_ends_within_the_deadline(
    server: str, tmp_path: Path, mode: str
) -> None:
    MODE["DGS10"] = mode
    t0 = time.monotonic()
    status = _fetch(Cache(tmp_path))
    elapsed = time.monotonic() - t0
    assert status["fred:DGS10"].startswith("failed ("), status
    assert elapsed < 1.5 + 1.5, elapsed  # deadline plus one read timeout and slack


def test_the_key_is_in_no_log_under_debug(
    server: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("FRED_API_KEY", "SECRETKEY0123456789")
    MODE["DGS10"] = "good"
    caplog.set_level(logging.DEBUG)
    install_redaction()
    root = logging.getLogger()
    assert caplog.handler in root.handlers
    logging.getLogger("urllib3").setLevel(logging.DEBUG)  # the filter alone must do
    _fetch(Cache(tmp_path), allow_shrink=True)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "/api?" in text or "127.0.0.1" in text  # urllib3 did log the requests
    assert "SECRETKEY0123456789" not in text
