"""CFTC TFF parser on trimmed real annual and weekly files."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.cftc import parse_tff, parse_tff_derived


def test_positions_straight_from_the_row(fixtures_dir: Path) -> None:
    frame = parse_tff(
        (fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes(), "FinFutYY"
    )
    s = frame.set_index(["series_id", "date"])["value"]
    # "UST 10Y NOTE - CHICAGO BOARD OF TRADE",250429,2025-04-29,043602,...:
    # columns 8, 15, 16
    assert s[("TFF.043602.open_interest", "2025-04-29")] == 4880010
    assert s[("TFF.043602.lev_long", "2025-04-29")] == 237175
    assert s[("TFF.043602.lev_short", "2025-04-29")] == 2070536
    assert s[("TFF.043602.am_long", "2025-04-29")] == 2773117
    # FX rows are not Treasury contracts and are dropped
    assert not frame["series_id"].str.contains("099741").any()


def test_derived_file_agrees_with_raw_rows(fixtures_dir: Path) -> None:
    raw = parse_tff((fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes(), "raw")
    der = parse_tff_derived(
        (fixtures_dir / "cftc/us10y_tff_derived_2025.csv").read_bytes(), "der"
    )
    r = raw.set_index(["series_id", "date"])["value"]
    d = der.set_index(["series_id", "date"])["value"]
    for day in ("2025-04-01", "2025-04-29"):
        assert d[("TFF10Y.lev_long", day)] == r[("TFF.043602.lev_long", day)]
        assert d[("TFF10Y.lev_short", day)] == -r[("TFF.043602.lev_short", day)]


def test_headerless_weekly_file_with_holiday_report(fixtures_dir: Path) -> None:
    frame = parse_tff(
        (fixtures_dir / "cftc/FinFutWk_2023_holiday_noheader.txt").read_bytes(), "wk"
    )
    dates = sorted(frame["date"].dt.strftime("%Y-%m-%d").unique())
    assert dates == ["2023-06-27", "2023-07-03", "2023-07-11"]  # 07-03 is a Monday


def test_truncated_row(fixtures_dir: Path) -> None:
    text = (fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes()
    cut = text[: len(text) // 2].rsplit(b",", 30)[0]
    with pytest.raises(
        ParseError, match=r"cut\.txt: line \d+: \d+ fields, expected 87"
    ):
        parse_tff(cut, "cut.txt")


def test_missing_column(fixtures_dir: Path) -> None:
    text = (fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes()
    bad = text.replace(b'"Lev_Money_Positions_Short_All"', b'"Lev_Money_Short"', 1)
    with pytest.raises(MissingColumnError, match=r"Lev_Money_Positions_Short_All"):
        parse_tff(bad, "renamed.txt")
