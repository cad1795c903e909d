"""``sweep``: run a grid of attribution specifications on joblib or Dask.

Each grid point is a full run config (:func:`attribution.engine.sweep_grid.expand_grid`)
run through :func:`attribution.pipeline.attribute.run_attribution`, the code of
``attribute``, without writing per-point files. Points are independent and
carry their own seed (``run.seed``), so the table does not depend on the
backend, on ``n_jobs`` or on which worker ran a point. A point that fails with
one of the toolkit's errors (a data hole, an invalid config at that point)
gives ``not_estimated`` rows with the reason; the sweep goes on.
"""

from __future__ import annotations

import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from attribution.config.sweep_section import SweepConfig
from attribution.engine.sweep_grid import (
    SWEEP_COLUMNS,
    SweepPoint,
    expand_grid,
    failed_rows,
    point_rows,
)
from attribution.exceptions import AttributionError, ConfigError
from attribution.pipeline.attribute import run_attribution
from attribution.reports.tables import sorted_table
from attribution.sources.store import Provenance


@dataclass(frozen=True)
class PointOutcome:
    """What one point produced: its rows, and how it went."""

    index: int
    rows: pd.DataFrame
    ok: bool
    reason: str
    warnings: tuple[str, ...]
    cpu_seconds: float
    wall_seconds: float
    provenance: dict[str, Provenance]


@dataclass(frozen=True)
class SweepRun:
    """A finished sweep: the tidy table and each point's outcome."""

    sweep: SweepConfig
    table: pd.DataFrame
    outcomes: tuple[PointOutcome, ...]


def run_point(point: SweepPoint) -> PointOutcome:
    """Run one grid point through ``run_attribution`` (no files written).

    The point's seed is in its config; nothing here depends on the worker.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    provenance: dict[str, Provenance] = {}
    # warnings are recorded per point in a main thread (in process, loky); in a
    # thread (Dask runs tasks in worker threads) the process-wide filters are
    # left alone
    record = threading.current_thread() is threading.main_thread()
    with warnings.catch_warnings(record=True) if record else nullcontext() as caught:
        if record:
            warnings.simplefilter("always")
        if point.config is None:
            rows, ok, reason = failed_rows(point, point.error), False, point.error
        else:
            try:
                run = run_attribution(point.config)
            except AttributionError as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                rows, ok = failed_rows(point, reason), False
            else:
                table = sorted_table(run.result)  # the order of attribution.csv
                rows = point_rows(point, table, run.result.details)
                provenance = dict(run.panel.provenance)
                ok, reason = True, ""
    msgs = tuple(
        dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught or [])
    )
    return PointOutcome(
        point.index,
        rows,
        ok,
        reason,
        msgs,
        time.process_time() - c0,
        time.perf_counter() - t0,
        provenance,
    )


def _joblib(points: Sequence[SweepPoint], n_jobs: int) -> Iterator[PointOutcome]:
    from joblib import Parallel, delayed

    if n_jobs == 1:  # in process: no pool to start
        yield from map(run_point, points)
        return
    parallel = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator")
    yield from parallel(delayed(run_point)(p) for p in points)


def _dask(
    points: Sequence[SweepPoint], n_jobs: int, address: str | None
) -> Iterator[PointOutcome]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ConfigError(
            "`executor.backend`: dask needs dask.distributed; "
            "`pip install attribution[dask]` or use backend: joblib"
        ) from None
    cluster = None
    if address is None:
        cluster = LocalCluster(
            n_workers=n_jobs,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
    try:
        client = Client(cluster if cluster is not None else address, timeout="30s")
    except OSError as exc:
        raise ConfigError(
            f"`executor.address`: cannot reach the Dask scheduler {address!r} ({exc})"
        ) from None
    try:
        futures = client.map(run_point, list(points), pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _progress(total: int) -> Callable[[], None]:
    """Return a step function: a tqdm bar on stderr only if it is a terminal."""
    if not sys.stderr.isatty():
        return lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, desc="sweep", unit="point", file=sys.stderr)

    def _step() -> None:
        bar.update()
        if bar.n >= total:
            bar.close()

    return _step


def run_sweep(sweep: SweepConfig) -> SweepRun:
    """Expand the grid, run every point on the configured backend, collect.

    Returns
    -------
    SweepRun
        The tidy table (rows in grid order, then in each point's table
        order) and each point's outcome.

    Raises
    ------
    ConfigError
        If the grid names restrictions the base config lacks, or the Dask
        scheduler cannot be reached.
    """
    points = expand_grid(sweep)
    ex = sweep.executor
    n_jobs = min(ex.n_jobs, len(points))
    stream = (
        _joblib(points, n_jobs)
        if ex.backend == "joblib"
        else _dask(points, ex.n_jobs, ex.address)
    )
    step = _progress(len(points))
    done: dict[int, PointOutcome] = {}
    for outcome in stream:
        done[outcome.index] = outcome
        step()
    outcomes = tuple(done[i] for i in range(len(points)))
    table = pd.concat([o.rows for o in outcomes], ignore_index=True)
    return SweepRun(sweep, table.loc[:, list(SWEEP_COLUMNS)], outcomes)


def sweep_details(run: SweepRun) -> dict[str, Any]:
    """Per-point record for the manifest: coordinates, status, times, warnings."""
    points = expand_grid(run.sweep)
    return {
        "executor": run.sweep.executor.model_dump(mode="json"),
        "points": [
            {
                "point": o.index,
                "coords": p.coords,
                "estimated": o.ok,
                "reason": o.reason,
                "cpu_seconds": round(o.cpu_seconds, 3),
                "wall_seconds": round(o.wall_seconds, 3),
                "warnings": list(o.warnings),
            }
            for o, p in zip(run.outcomes, points, strict=True)
        ],
    }


def write_sweep(run: SweepRun, out_root: Path) -> Path:
    """Write ``sweep.csv``, ``sweep.md``, ``sweep.png`` and the manifest.

    Into ``out_root/<name>_sweep/``, atomically.
    """
    from attribution.reports.manifest import manifest_text
    from attribution.reports.output import write_run_dir
    from attribution.reports.sweep_report import sweep_csv, sweep_markdown, sweep_png

    sweep = run.sweep
    files: dict[str, bytes] = {
        "sweep.csv": sweep_csv(run.table).encode(),
        "sweep.md": sweep_markdown(run.table, sweep.run.name).encode(),
    }
    if sweep.output.figures:
        files["sweep.png"] = sweep_png(run.table, sweep.run.name)
    names = sorted([*files, "manifest.json"])
    base = sweep.base_config
    config = sweep.model_dump(mode="json")
    provenance = {k: v for o in run.outcomes for k, v in o.provenance.items()}
    manifest = manifest_text(
        config, provenance, sweep_details(run), base.run.seed, names
    )
    files["manifest.json"] = manifest.encode()
    return write_run_dir(out_root / f"{sweep.run.name}_sweep", files)
