"""FRED files of the second gathering, on trimmed copies of the publisher's files.

Expected values are read off the files (PROVENANCE section 9 quotes them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.sources.catalog import spec_for
from attribution.sources.fred import FRED_SERIES, parse_fred_csv
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


# Values read off the publisher's files (PROVENANCE section 9 quotes most of them).
QUOTED: dict[tuple[str, str], dict[str, float]] = {
    ("DFII10_2025_apr.csv", "DFII10"): {
        "2025-04-04": 1.83,
        "2025-04-08": 2.04,
        "2025-04-11": 2.28,
    },
    ("T10YIE_2025_apr.csv", "T10YIE"): {"2025-04-04": 2.18, "2025-04-11": 2.20},
    ("T5YIE_2025_apr.csv", "T5YIE"): {"2025-04-04": 2.34, "2025-04-11": 2.33},
    ("SP500_2025_apr.csv", "SP500"): {
        "2025-04-04": 5074.08,
        "2025-04-08": 4982.77,
        "2025-04-09": 5456.90,
    },
    ("NASDAQCOM_2025_apr.csv", "NASDAQCOM"): {
        "2025-04-04": 15587.79,
        "2025-04-09": 17124.97,
    },
    ("VIXCLS_2025_apr.csv", "VIXCLS"): {
        "2025-04-04": 45.31,
        "2025-04-08": 52.33,
        "2025-04-09": 33.62,
    },
    ("BAMLC0A0CM_2025_apr_may.csv", "BAMLC0A0CM"): {
        "2025-04-03": 1.06,
        "2025-04-04": 1.14,
        "2025-04-09": 1.21,
    },
    ("DGS1_2025_apr.csv", "DGS1"): {"2025-04-04": 3.86, "2025-04-09": 4.03},
    ("DGS7_2025_apr.csv", "DGS7"): {"2025-04-04": 3.84, "2025-04-11": 4.32},
    ("DGS20_gap_edges_and_2025_apr.csv", "DGS20"): {
        "2025-04-04": 4.44,
        "2025-04-11": 4.91,
    },
    ("T10Y2Y_2025_apr.csv", "T10Y2Y"): {"2025-04-04": 0.33, "2025-04-08": 0.55},
    ("DTWEXBGS_2006_2026_excerpt.csv", "DTWEXBGS"): {
        "2006-01-02": 101.4155,
        "2025-04-04": 125.8129,
        "2025-04-11": 124.0163,
    },
}


@pytest.mark.parametrize(("name", "sid"), list(QUOTED), ids=[sid for _, sid in QUOTED])
def test_values_read_off_the_file(fixtures_dir: Path, name: str, sid: str) -> None:
    s = _series(fixtures_dir, name, sid)
    for day, value in QUOTED[(name, sid)].items():
        assert s[day] == value, (sid, day)
    if sid == "DTWEXBGS":  # H.10 rates are set on Good Friday (a NYSE holiday)
        assert s["2025-04-18"] == 122.9865
    elif "2025-04-18" in s.index:
        assert np.isnan(s["2025-04-18"])  # Good Friday, empty as published
    # the bundled snapshot holds the same values
    snap = DataStore(use_cache=False).get(sid)
    for day, value in QUOTED[(name, sid)].items():
        assert snap[day] == value, (sid, day)
    assert spec_for(sid).units == FRED_SERIES[sid][0] != "unknown"


def test_h15_identities_hold_on_the_files(fixtures_dir: Path) -> None:
    dgs10 = _series(fixtures_dir, "DGS10.csv", "DGS10")
    dgs2 = _series(fixtures_dir, "DGS2_2025_apr.csv", "DGS2")
    real = _series(fixtures_dir, "DFII10_2025_apr.csv", "DFII10")
    bei = _series(fixtures_dir, "T10YIE_2025_apr.csv", "T10YIE")
    spread = _series(fixtures_dir, "T10Y2Y_2025_apr.csv", "T10Y2Y")
    days = real.dropna().index
    gap = (dgs10.reindex(days) - real[days] - bei[days]).dropna()
    assert len(gap) >= 20 and gap.abs().max() <= 0.01 + 1e-9  # within 1 bp
    curve = (dgs10.reindex(days) - dgs2.reindex(days) - spread[days]).dropna()
    assert len(curve) >= 20 and curve.abs().max() < 1e-9  # exactly


def test_dgs20_is_empty_while_the_20y_was_not_published(fixtures_dir: Path) -> None:
    s = _series(fixtures_dir, "DGS20_gap_edges_and_2025_apr.csv", "DGS20")
    assert s["1986-12-31"] == 7.39 and s["1993-10-01"] == 6.12
    assert s["1987-01-01":"1993-09-30"].isna().all()
    snap = DataStore(use_cache=False).get("DGS20")
    assert snap["1987-01-01":"1993-09-30"].isna().all()
    assert snap["1987-01-01":"1993-09-30"].size > 1700  # rows kept, values empty


def test_corporate_oas_month_end_weekend_rows_are_kept(fixtures_dir: Path) -> None:
    s = _series(fixtures_dir, "BAMLC0A0CM_2025_apr_may.csv", "BAMLC0A0CM")
    # 2025-05-31 is a Saturday: ICE prints its month-end value
    assert pd.Timestamp("2025-05-31").day_of_week == 5
    assert s["2025-05-30"] == 0.91 and s["2025-05-31"] == 0.92
    snap = DataStore(use_cache=False).get("BAMLC0A0CM")
    weekend = snap.index[snap.index.day_of_week >= 5]
    assert len(weekend) == 90  # PROVENANCE: 90 month-end weekend rows
    assert (weekend == weekend + pd.offsets.MonthEnd(0)).all()


@pytest.mark.parametrize(("n", "first"), [(5, 1.41), (10, 2.46), (30, 3.12)])
def test_old_format_swap_rates(fixtures_dir: Path, n: int, first: float) -> None:
    name = f"DSWP{n}_oldformat_excerpt.csv"
    assert (fixtures_dir / "fred" / name).read_text().startswith(f"DATE,DSWP{n}\n")
    s = _series(fixtures_dir, name, f"DSWP{n}")
    assert s["2011-10-28"] == first
    assert np.isnan(s["2011-11-11"])  # "." on Veterans Day
    assert np.isnan(s["2015-01-01"])
    snap = DataStore(use_cache=False).get(f"DSWP{n}")
    assert snap.index.max() == pd.Timestamp("2016-10-28")
    assert spec_for(f"DSWP{n}").frequency == "daily"


def test_dswp10_value(fixtures_dir: Path) -> None:
    s = _series(fixtures_dir, "DSWP10_oldformat_excerpt.csv", "DSWP10")
    assert s["2015-01-02"] == 2.23 and s["2016-10-28"] == 1.71


def test_swap_lines_wednesday_levels(fixtures_dir: Path) -> None:
    s = parse_fred_csv(
        (fixtures_dir / "h41/SWPT_excerpt.csv").read_bytes(), "SWPT", "SWPT"
    ).set_index("date")["value"]
    assert s["2020-03-18"] == 45
    assert s["2020-03-25"] == 206051
    assert s["2020-04-01"] == 348544  # USD millions, as published
    assert s["2025-04-02"] == 95 and s["2025-04-09"] == 94
    snap = DataStore(use_cache=False).get("SWPT")
    assert (snap.index.day_of_week == 2).all()  # every row a Wednesday
    assert len(snap) == 1228 and snap.notna().all()
    assert (snap.index.to_series().diff().dropna() == pd.Timedelta(days=7)).all()
    spec = spec_for("SWPT")
    assert (spec.units, spec.as_of) == ("USD millions", "wednesday")


def test_longer_dollar_equals_the_shorter_on_common_dates(fixtures_dir: Path) -> None:
    short = _series(fixtures_dir, "DTWEXBGS.csv", "DTWEXBGS")
    long = _series(fixtures_dir, "DTWEXBGS_2006_2026_excerpt.csv", "DTWEXBGS")
    common = short.index.intersection(long.index)
    assert len(common) >= 20
    pd.testing.assert_series_equal(short[common], long[common])
    snap = DataStore(use_cache=False).get("DTWEXBGS")
    assert snap.index.min() == pd.Timestamp("2006-01-02")
    assert snap.index.max() == pd.Timestamp("2026-05-22")
