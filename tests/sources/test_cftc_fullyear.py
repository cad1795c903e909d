"""The final 2025 CFTC TFF annual file (futures only), on an excerpt of its rows.

Expected values are read off the file's rows; the April 2025 facts are those the
issue quotes: leveraged funds' 10y net short grew by 233k contracts from 1 to 8
April while their 2y and 5y net shorts shrank.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from attribution.sources.cftc import parse_tff
from attribution.sources.store import DataStore

FIXTURE = "cftc/FinFutYY_2025_fullyear_excerpt.txt"


def _wide(fixtures_dir: Path) -> pd.DataFrame:
    frame = parse_tff((fixtures_dir / FIXTURE).read_bytes(), FIXTURE)
    return frame.pivot(index="date", columns="series_id", values="value")


def _net_short(wide: pd.DataFrame, code: str) -> pd.Series:
    return wide[f"TFF.{code}.lev_short"] - wide[f"TFF.{code}.lev_long"]


def test_rows_read_off_the_file(fixtures_dir: Path) -> None:
    wide = _wide(fixtures_dir)
    assert wide.loc["2025-04-08", "TFF.043602.lev_short"] == 2087845
    assert wide.loc["2025-04-08", "TFF.043602.lev_long"] == 214158
    assert wide.loc["2025-12-30", "TFF.042601.open_interest"] == 4530789


def test_april_2025_leveraged_positioning(fixtures_dir: Path) -> None:
    wide = _wide(fixtures_dir)
    d10 = _net_short(wide, "043602")
    assert d10["2025-04-08"] - d10["2025-04-01"] == 233274  # about 233k
    for code in ("042601", "044601"):  # 2y and 5y: the net short shrank
        d = _net_short(wide, code)
        assert d["2025-04-08"] < d["2025-04-01"]


def test_snapshot_now_holds_all_of_2025() -> None:
    s = DataStore(use_cache=False).get("TFF.043602.lev_short")
    weeks = s["2025-01-01":"2025-12-31"]
    assert len(weeks) == 52 and weeks.notna().all()
    assert weeks.index[0] == pd.Timestamp("2025-01-07")
    assert weeks.index[-1] == pd.Timestamp("2025-12-30")
    assert s["2025-04-08"] == 2087845 and s["2025-12-30"] == 2805356
