"""Shared test fixtures. Tests never read ../shared: fixtures live in tests/fixtures."""

from __future__ import annotations

import os

# Small matrices: multi-threaded BLAS on a loaded 2-core machine is far slower
# than one thread.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

# Module- and session-scoped fixtures run before the per-test cache below: give
# them a cache of this session's own, so that no test writes into the user's
# cache folder (~/.cache/attribution).
_SESSION_CACHE = tempfile.mkdtemp(prefix="attribution-tests-cache-")
os.environ["ATTRIBUTION_CACHE_DIR"] = _SESSION_CACHE
atexit.register(shutil.rmtree, _SESSION_CACHE, ignore_errors=True)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    """Folder of trimmed real publisher files and reference outputs."""
    return FIXTURES


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the on-disk cache at a temp folder so tests never touch the user's."""
    monkeypatch.setenv("ATTRIBUTION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FRED_API_KEY", raising=False)
