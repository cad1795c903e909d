"""Bank of England database CSV, on a trimmed copy of the bundled gilt file.

The file is a text copy (PROVENANCE section 9, note B); expected values are
read off it, and the calendar and cross-series checks are in
``test_snapshot_checks.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.boe import parse_boe_csv
from attribution.sources.catalog import spec_for
from attribution.sources.store import DataStore

FIXTURE = "other/BoE_IUDMNPY_2025_apr_2026_sep.csv"


def _series(fixtures_dir: Path) -> pd.Series:
    frame = parse_boe_csv((fixtures_dir / FIXTURE).read_bytes(), FIXTURE)
    assert frame["series_id"].unique().tolist() == ["BOE.IUDMNPY"]
    return frame.set_index("date")["value"]


def test_values_read_off_the_file(fixtures_dir: Path) -> None:
    raw = (fixtures_dir / FIXTURE).read_bytes()
    assert raw.startswith(b"DATE,IUDMNPY\r\n") and raw.count(b"\r\n") == 64
    s = _series(fixtures_dir)
    quoted = {
        "2025-04-03": 4.563,
        "2025-04-04": 4.4944,
        "2025-04-07": 4.6381,
        "2025-04-08": 4.557,
        "2025-04-09": 4.719,
        "2025-04-11": 4.739,
    }
    for day, value in quoted.items():
        assert s[day] == value
    # Good Friday and Easter Monday 2025 are bank holidays: no rows
    assert pd.Timestamp("2025-04-18") not in s.index
    assert pd.Timestamp("2025-04-21") not in s.index
    assert s.notna().all()


def test_values_match_payloads_recorded_by_other_projects(fixtures_dir: Path) -> None:
    # Independent evidence for the text copy: two other public projects keep
    # BoE CSV payloads in their tests (one says "recorded from the live API");
    # they print these IUDMNPY values, which the copy has too.
    s = _series(fixtures_dir)
    assert s["2026-09-08"] == 5.0979
    assert s["2026-09-09"] == 5.1922
    assert s["2026-09-22"] == 5.1907


def test_bundled_gilt_and_catalogue() -> None:
    store = DataStore(use_cache=False)
    s = store.get("BOE.IUDMNPY")
    assert len(s) == 699  # PROVENANCE: 699 rows, 02 Jan 2024 .. 05 Oct 2026
    assert s.index.min() == pd.Timestamp("2024-01-02")
    assert s.index.max() == pd.Timestamp("2026-10-05")
    assert s["2025-04-09"] == 4.719
    spec = spec_for("BOE.IUDMNPY")
    assert (spec.units, spec.frequency, spec.source) == ("percent", "daily", "boe")


def test_empty_cell_is_missing() -> None:
    frame = parse_boe_csv(
        b"DATE,IUDMNPY\r\n03 Apr 2025,\r\n04 Apr 2025,4.4944\r\n", "f"
    )
    assert np.isnan(frame["value"].iloc[0]) and frame["value"].iloc[1] == 4.4944


def test_wrong_header_is_named() -> None:
    with pytest.raises(MissingColumnError, match=r"f: expected a header DATE,<series"):
        parse_boe_csv(b"Date,Value\n04 Apr 2025,4.49\n", "f")


def test_bad_date_names_the_line() -> None:
    with pytest.raises(ParseError, match=r"f: line 3: bad date '2025-04-07'"):
        parse_boe_csv(b"DATE,IUDMNPY\n04 Apr 2025,4.49\n2025-04-07,4.63\n", "f")


def test_duplicate_date_is_an_error() -> None:
    with pytest.raises(ParseError, match=r"f: line 3: duplicate date 2025-04-04"):
        parse_boe_csv(b"DATE,IUDMNPY\n04 Apr 2025,4.49\n04 Apr 2025,4.50\n", "f")


@pytest.mark.parametrize("cell", ["inf", "n.a.", "4,49"])
def test_non_finite_value_is_an_error(cell: str) -> None:
    text = f'DATE,IUDMNPY\n04 Apr 2025,"{cell}"\n'.encode()
    with pytest.raises(ParseError, match=r"f: line 2: column 'IUDMNPY': not a finite"):
        parse_boe_csv(text, "f")
