"""Benchmark: the provenance hash over every bundled snapshot series.

Peer: the former per-observation text hash (``"%Y-%m-%d,{value!r}"`` lines
joined and hashed), measured in the same run on the same series. The current
:func:`attribution.sources.store._hash` hashes the int64 day and float64 value
arrays as bytes. Run: ``python benchmarks/bench_store_hash.py``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from attribution.sources.snapshot import snapshot_dir  # noqa: E402
from attribution.sources.store import DataStore, _hash  # noqa: E402


def _text_hash(values: pd.Series) -> str:
    text = "\n".join(f"{d:%Y-%m-%d},{v!r}" for d, v in values.items())
    return hashlib.sha256(text.encode()).hexdigest()


def main() -> None:
    meta = json.loads((snapshot_dir() / "snapshot.json").read_text())["series"]
    store = DataStore(use_cache=False)
    series = [store.load(sid)[0] for sid, m in meta.items() if m.get("n_obs")]
    n_obs = sum(len(s) for s in series)
    timings = {}
    for name, fn in (("text loop (peer)", _text_hash), ("array bytes", _hash)):
        start = time.perf_counter()
        for s in series:
            fn(s)
        timings[name] = time.perf_counter() - start
        print(f"{name:18s} {timings[name]:8.3f} s  ({len(series)} series, {n_obs} obs)")
    ratio = timings["text loop (peer)"] / timings["array bytes"]
    print(f"speed-up: {ratio:.0f}x")


if __name__ == "__main__":
    main()
