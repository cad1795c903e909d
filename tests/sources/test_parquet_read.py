"""The package's parquet reader returns what pandas.read_parquet returns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from attribution.sources.cache import read_parquet_file
from attribution.sources.snapshot import snapshot_dir

SNAPSHOT_FILES = sorted(Path(snapshot_dir()).glob("*.parquet"))


def test_the_snapshot_has_parquet_files() -> None:
    assert len(SNAPSHOT_FILES) >= 5


@pytest.mark.parametrize("path", SNAPSHOT_FILES, ids=lambda p: p.name)
def test_every_snapshot_file_reads_as_pandas_reads_it(path: Path) -> None:
    pd.testing.assert_frame_equal(
        read_parquet_file(path), pd.read_parquet(path), check_exact=True
    )


def test_a_written_frame_with_an_index_and_strings_comes_back(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"series_id": ["a", "b", None], "value": [1.5, float("nan"), 3.0]},
        index=pd.DatetimeIndex(["2025-04-04", "2025-04-07", "2025-04-08"], name="date"),
    )
    frame.to_parquet(tmp_path / "f.parquet")
    pd.testing.assert_frame_equal(
        read_parquet_file(tmp_path / "f.parquet"),
        pd.read_parquet(tmp_path / "f.parquet"),
        check_exact=True,
    )
