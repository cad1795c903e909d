"""FRED files of the second gathering, on trimmed copies of the publisher's files.

Expected values are read off the files (PROVENANCE section 9 quotes them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from attribution.sources.catalog import spec_for
from attribution.sources.fred import parse_fred_csv
from attribution.sources.store import DataStore


def _series(fixtures_dir: Path, name: str, sid: str) -> pd.Series:
    path = fixtures_dir / "fred" / name
    return parse_fred_csv(path.read_bytes(), name, sid).set_index("date")["value"]


def test_kim_wright_text_copy_values(fixtures_dir: Path) -> None:
    s = _series(fixtures_dir, "THREEFYTP10_text_copy_2025_apr.csv", "THREEFYTP10")
    quoted = {
        "2025-04-03": 0.4094,
        "2025-04-04": 0.3821,
        "2025-04-07": 0.4271,
        "2025-04-08": 0.4769,
        "2025-04-09": 0.5436,
        "2025-04-10": 0.5682,
        "2025-04-11": 0.6161,
    }
    for day, value in quoted.items():
        assert s[day] == value
    assert np.isnan(s["2025-04-18"])  # Good Friday: empty, as in DGS10
    spec = spec_for("THREEFYTP10")
    assert (spec.units, spec.frequency, spec.as_of) == ("percent", "daily", "close")


def test_bundled_kim_wright_range() -> None:
    s = DataStore(use_cache=False).get("THREEFYTP10")
    assert s.index.min() == pd.Timestamp("2016-09-26")
    assert s.index.max() == pd.Timestamp("2026-09-25")
    assert len(s) == 2610 and int(s.isna().sum()) == 110
    assert s["2025-04-11"] == 0.6161
