"""`data fetch` with no network, and the `date_column` hint of a local series.

The network is a monkeypatched ``requests.Session.get`` that fails the way a
machine without DNS does (``NameResolutionError``, a ``NewConnectionError``).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests
import urllib3

from attribution.cli import main
from attribution.exceptions import MissingColumnError
from attribution.pipeline.data import fetch_all
from attribution.sources.cache import Cache
from attribution.sources.local import LocalSeries, read_local

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def get(self: requests.Session, url: str, *a: object, **k: object) -> None:
        calls.append(url)
        cause = urllib3.exceptions.NewConnectionError(
            None, f"Failed to resolve {url!r}"
        )
        raise requests.ConnectionError(cause)

    monkeypatch.setattr(requests.Session, "get", get)
    return calls


def test_fetch_without_network_fails_fast(
    tmp_path: Path, no_network: list[str]
) -> None:
    start = time.perf_counter()
    status = fetch_all(Cache(tmp_path / "cache"), years=[2024, 2025, 2026])
    elapsed = time.perf_counter() - start
    # one request (no retries, no backoff), then the rest are not tried
    assert len(no_network) == 1
    assert elapsed < 2.0
    assert len(status) > 30
    assert all(v.startswith("failed (") for v in status.values())
    assert sum("not tried" in v for v in status.values()) == len(status) - 1
    assert "runs use the bundled snapshot through 2026-02-20" in status["fred:DGS10"]


def test_cli_fetch_offline_says_runs_use_the_snapshot(
    tmp_path: Path,
    no_network: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ATTRIBUTION_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["data", "fetch"]) == 1  # documented: 1 when nothing was refreshed
    out, err = capsys.readouterr()
    assert "0 of " in out and "requests refreshed" in out
    assert "No publisher could be reached" in out
    assert "bundled snapshot" in out.splitlines()[-1]
    # not a terminal: no progress bar on stderr
    assert "fetch:" not in err and "req/s" not in err


def test_local_series_with_another_date_column_suggests_the_option(
    tmp_path: Path,
) -> None:
    # FRED's old CSV format names its date column DATE
    spec = LocalSeries(
        "DGS10_OLD",
        FIXTURES / "fred" / "DGS10_oldformat.csv",
        "percent",
        "daily",
        column="DGS10",
    )
    with pytest.raises(
        MissingColumnError,
        match=r"column 'date' not found.*set `date_column: DATE` for local series "
        r"'DGS10_OLD'",
    ):
        read_local(spec)


def test_cli_local_series_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = FIXTURES / "fred" / "DGS10_oldformat.csv"
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "data:\n  local_series:\n"
        f"  - {{name: OLD10, path: '{path}', units: percent, frequency: daily, "
        "column: DGS10}\n"
    )
    assert main(["data", "status", "--config", str(cfg), "--grep", "OLD10"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "`date_column: DATE`" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--debug", "attribute", "--episode", "nope"],
        ["attribute", "--episode", "nope", "--debug"],
    ],
    ids=["before", "after"],
)
def test_debug_before_or_after_the_subcommand(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and err.rstrip().splitlines()[-1].startswith("error: ")
