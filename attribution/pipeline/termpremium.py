"""``python cli.py termpremium``: expected path and term premium, with a run cache.

The run lives in :mod:`attribution.pipeline.termpremium_run` (imported only
when needed; its estimation in :mod:`attribution.engine.termstructure_run`,
its text in :mod:`attribution.reports.termstructure_report`). This module
keeps the run's series and a cache of whole
runs: the files a run writes and its manifest details, stored in the project's
cache directory under ``termstructure/`` and keyed by a SHA-256 of

- the configuration (every section except ``output.dir``), which covers the
  window, the ``termpremium`` options, the seed and ``data.point_in_time``;
- the inputs without parsing them: the bytes of ``snapshot.json`` and of the
  snapshot files holding the series used, and the path, size and mtime of any
  cached vintage or local file of those series;
- the source code of the modules that compute the outputs.

A second run with the same key reads the outputs from the cache and writes
them again (byte-identical tables) without loading the par curve, fitting a
curve or importing scipy and matplotlib. Names of the estimation module
(``run_termpremium``, ``load_par_curve``, ...) are re-exported lazily.
"""

from __future__ import annotations

import hashlib
import importlib
import pickle
import time
from pathlib import Path
from typing import Any

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.exceptions import CacheError, UnknownSeriesError
from attribution.pipeline.common import (
    run_id,
    run_manifest_doc,
    store_from_config,
    with_standalone,
    write_with_manifest,
)
from attribution.pipeline.termpremium_fast import FastRequest, record, stat_text
from attribution.sources.cache import atomic_write_bytes
from attribution.sources.store import DataStore, Provenance

PAR_TENORS = (
    "1m", "1.5m", "2m", "3m", "4m", "6m", "1y", "2y", "3y", "5y", "7y", "10y",
    "20y", "30y",
)  # fmt: skip
SAMPLE_START = pd.Timestamp("1990-01-01")
N_BOOT = 499
BLOCK_LENGTH = 12
ACM_IDS = {24: "ACM.ACMTP02", 60: "ACM.ACMTP05", 120: "ACM.ACMTP10"}
KW_ID = "THREEFYTP10"
#: Every series a run may read.
INPUT_IDS: tuple[str, ...] = (
    *(f"PAR.{t}" for t in PAR_TENORS),
    *ACM_IDS.values(),
    KW_ID,
    *(f"ACM.ACMY{n:02d}" for n in range(1, 11)),
)
RUN_CACHE_VERSION = "termpremium-run-1"
#: Modules whose code decides the outputs (hashed into the run key): every
#: module the run's path imports, but for those
#: ``tests/pipeline/test_termpremium_code.py`` exempts (and says why).
_CODE = (
    "_validation.py",
    "features/monthly.py",
    "models/_estimates.py",
    "models/termstructure",
    "engine/details.py",
    "engine/result.py",
    "engine/termstructure.py",
    "engine/termstructure_agreement.py",
    "engine/termstructure_fit.py",
    "engine/termstructure_run.py",
    "engine/verdict.py",
    "pipeline/termpremium_run.py",
    "pipeline/termpremium.py",
    "reports/latex.py",
    "reports/markdown.py",
    "reports/tables.py",
    "reports/termstructure_report.py",
    "plotting.py",
)
#: Stage times (s, wall) of the last :func:`run_and_write` in this process.
LAST_TIMINGS: dict[str, float] = {}
_LAZY = {
    "TermPremiumRun",
    "attribute_rows",
    "load_inputs",
    "load_nyfed_zero",
    "load_par_curve",
    "run_termpremium",
    "termpremium_outputs",
    "write_termpremium",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}_run"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def input_stamps(store: DataStore) -> list[Path]:
    """Local files and cached vintages of the run's series (stamped, not read).

    Their path, size and modification time enter :func:`run_key`.
    """
    from attribution.sources.catalog import spec_for

    meta = store.snapshot_meta
    paths: list[Path] = []
    for sid in INPUT_IDS:
        if sid in store.local:
            paths.append(Path(store.local[sid].path))
        if store.use_cache:
            try:
                source = (
                    str(meta[sid]["source"]) if sid in meta else spec_for(sid).source
                )
            except UnknownSeriesError:  # not catalogued: not cacheable either
                continue
            paths.append(store.cache.path(source, sid))
    return paths


def run_key(config: RunConfig, store: DataStore) -> str:
    """SHA-256 (hex, 24 characters) of the config, inputs and code of a run."""
    h = hashlib.sha256(RUN_CACHE_VERSION.encode())
    h.update(config.model_dump_json(exclude={"output": {"dir"}}).encode())
    h.update(_file_digest(store.snapshot_path / "snapshot.json"))
    meta = store.snapshot_meta
    groups = sorted({str(meta[s]["group"]) for s in INPUT_IDS if s in meta})
    for group in groups:
        h.update(_file_digest(store.snapshot_path / f"{group}.parquet"))
    for path in input_stamps(store):
        h.update(stat_text(path).encode())
    root = Path(__file__).resolve().parents[1]
    for rel in _CODE:
        target = root / rel
        for path in sorted(target.glob("*.py")) if target.is_dir() else [target]:
            h.update(path.name.encode())
            h.update(_file_digest(path))
    return h.hexdigest()[:24]


def _cache_file(store: DataStore, key: str) -> Path:
    return store.cache.data_dir / "termstructure" / f"run_{key}.pickle"


def read_cached_run(
    store: DataStore, key: str
) -> tuple[dict[str, bytes], dict[str, Provenance], dict[str, Any]] | None:
    """Return the cached (files, provenance, details) of a run key, or None."""
    path = _cache_file(store, key)
    if not path.exists():
        return None
    try:
        files, prov, details = pickle.loads(path.read_bytes())
    except Exception as exc:  # truncated or from an incompatible version
        raise CacheError(
            f"run cache file {path} is unreadable ({exc}); delete it to re-run"
        ) from exc
    return files, prov, details


def run_and_write(
    cfg: RunConfig,
    out_root: Path,
    *,
    standalone: bool = False,
    fast: FastRequest | None = None,
) -> Path:
    """Entry point of ``python cli.py termpremium``: from the run cache if it can.

    ``standalone`` adds a compilable ``termpremium_standalone.tex`` (made from
    the cached or fresh ``termpremium.tex``). ``fast``, the command line that
    asked for the run, is recorded for
    :func:`attribution.pipeline.termpremium_fast.replay` when the run used the
    default cache folder.
    """
    LAST_TIMINGS.clear()
    t0 = time.perf_counter()
    store = store_from_config(cfg)
    key = run_key(cfg, store) if store.use_cache else None
    cached = read_cached_run(store, key) if key is not None else None
    LAST_TIMINGS["run_key_and_cache_read"] = time.perf_counter() - t0
    if cached is not None:
        files, prov, details = cached
    else:
        t0 = time.perf_counter()
        run_mod = importlib.import_module(f"{__name__}_run")
        LAST_TIMINGS["import_estimation"] = time.perf_counter() - t0
        run = run_mod.run_termpremium(cfg)
        LAST_TIMINGS.update(run.timings)
        t0 = time.perf_counter()
        files, details = run_mod.termpremium_outputs(run)
        prov = run.provenance
        if key is not None:
            atomic_write_bytes(
                _cache_file(store, key),
                pickle.dumps((files, prov, details), protocol=pickle.HIGHEST_PROTOCOL),
            )
        LAST_TIMINGS["outputs_and_figure"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if standalone:
        files = with_standalone(files)
    out = write_with_manifest(cfg, "termpremium", files, prov, details, Path(out_root))
    if fast is not None and key is not None and cfg.data.cache_dir is None:
        record(
            fast,
            run_name=run_id(cfg, "termpremium"),
            default_out=str(cfg.output.dir),
            files=dict(files),
            manifest=run_manifest_doc(cfg, files, prov, details),
            deps=input_stamps(store),
        )
    LAST_TIMINGS["write"] = time.perf_counter() - t0
    LAST_TIMINGS["cache_hit"] = float(cached is not None)
    return out
