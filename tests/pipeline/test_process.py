"""The CLI's process settings: the exit skips the teardown but nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import time

EXIT_AFTER_HANDLER = """
import atexit, sys
from attribution.pipeline.process import exit_now
atexit.register(lambda: print("handler ran", file=sys.stderr))
print("buffered, not yet flushed", end="")
exit_now(3)
"""

EXIT_WITH_WORKER = """
import os
from attribution.pipeline.background import start
from attribution.pipeline.process import exit_now
step = start(os.getpid)
assert step.result() != os.getpid()  # it ran in another process
exit_now(0)
"""


def test_exit_now_runs_the_exit_handlers_flushes_and_keeps_the_status() -> None:
    got = subprocess.run(
        [sys.executable, "-c", EXIT_AFTER_HANDLER],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert got.returncode == 3
    assert got.stdout == "buffered, not yet flushed"
    assert "handler ran" in got.stderr


def test_exit_now_stops_the_worker_so_nothing_holds_the_pipes() -> None:
    """A worker left alive keeps stdout open: the caller would wait for loky's 120 s."""
    t0 = time.perf_counter()
    got = subprocess.run(
        [sys.executable, "-c", EXIT_WITH_WORKER],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ATTRIBUTION_JOBS": "2"},
    )
    assert got.returncode == 0, got.stderr
    assert time.perf_counter() - t0 < 30
    # loky's resource tracker (it holds stderr too) saw every lock released
    assert "leaked" not in got.stderr, got.stderr


def test_the_collector_setting_is_the_cli_process_only() -> None:
    import gc

    before = gc.get_threshold()
    import attribution.cli  # noqa: F401  (importing the CLI changes nothing)

    assert gc.get_threshold() == before
    code = (
        "import gc; from attribution.pipeline.process import tune_collector, "
        "GEN0_THRESHOLD; g1 = gc.get_threshold()[1:]; tune_collector(); "
        "assert gc.get_threshold() == (GEN0_THRESHOLD, *g1), gc.get_threshold()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
