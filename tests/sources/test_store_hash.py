"""The provenance hash: a documented byte layout, stable across runs and platforms."""

from __future__ import annotations

import hashlib
import struct

import numpy as np
import pandas as pd

from attribution.sources.store import DataStore, _hash

# 2025-04-01 and 2025-04-02 are days 20179 and 20180 after 1970-01-01.
DAYS = (20179, 20180)
# IEEE 754 little-endian bytes of the canonical quiet NaN (0x7ff8000000000000).
NAN_BYTES = bytes.fromhex("000000000000f87f")


def _series(values: list[float], times: list[str] | None = None) -> pd.Series:
    times = times or ["2025-04-01", "2025-04-02"]
    return pd.Series(values, index=pd.DatetimeIndex(times, name="date"))


def test_hash_is_sha256_of_le_int64_days_then_le_float64_values() -> None:
    expected = hashlib.sha256(
        struct.pack("<2q", *DAYS) + struct.pack("<d", 4.25) + NAN_BYTES
    ).hexdigest()
    assert _hash(_series([4.25, float("nan")])) == expected


def test_hash_ignores_time_of_day_and_nan_payload() -> None:
    payload_nan = np.frombuffer(bytes.fromhex("010000000000f87f"), "<f8")[0]
    assert np.isnan(payload_nan)
    base = _hash(_series([4.25, float("nan")]))
    assert _hash(_series([4.25, payload_nan])) == base
    assert _hash(_series([4.25, np.nan], ["2025-04-01 16:00", "2025-04-02"])) == base


def test_hash_changes_with_a_date_or_a_value() -> None:
    base = _hash(_series([4.25, 4.30]))
    assert _hash(_series([4.25, 4.31])) != base
    assert _hash(_series([4.25, 4.30], ["2025-04-01", "2025-04-03"])) != base


def test_snapshot_series_hash_matches_a_pure_python_layout() -> None:
    values, prov = DataStore(use_cache=False).load("DGS10")
    epoch = pd.Timestamp("1970-01-01")
    days = b"".join(struct.pack("<q", (d - epoch).days) for d in values.index)
    data = b"".join(NAN_BYTES if np.isnan(v) else struct.pack("<d", v) for v in values)
    assert prov.sha256 == hashlib.sha256(days + data).hexdigest()
    assert values.isna().any()  # the NaN path is exercised on real data
