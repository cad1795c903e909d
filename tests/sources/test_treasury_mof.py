"""Treasury par curve and auctions, and the MoF JGB file, on real publisher files."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.exceptions import MissingColumnError
from attribution.sources.mof import parse_jgb
from attribution.sources.treasury import parse_auctions, parse_par_curve


def test_par_curve_2025(fixtures_dir: Path) -> None:
    f = fixtures_dir / "treasury/daily-treasury-rates_2025_apr.csv"
    s = parse_par_curve(f.read_bytes(), f.name).set_index(["series_id", "date"])[
        "value"
    ]
    assert s[("PAR.10y", "2025-04-11")] == 4.48  # the 10 Yr column, 04/11/2025 row
    assert s[("PAR.30y", "2025-04-11")] == 4.85
    assert ("PAR.1.5m", "2025-04-11") in s.index


def test_par_curve_history_two_digit_years(fixtures_dir: Path) -> None:
    f = fixtures_dir / "treasury/yield-curve-rates-history-sample.csv"
    frame = parse_par_curve(f.read_bytes(), f.name)
    assert frame["date"].min().year == 1990 and frame["date"].max().year == 2024


def test_auctions_april_2025_ten_year(fixtures_dir: Path) -> None:
    f = fixtures_dir / "treasury/auctions_2025_apr.csv"
    s = parse_auctions(f.read_bytes(), f.name).set_index(["series_id", "date"])["value"]
    assert s[("AUCTION.10-Year.BidToCoverRatio", "2025-04-09")] == 2.67
    assert s[("AUCTION.10-Year.HighYield", "2025-04-09")] == 4.435
    assert s[("AUCTION.10-Year.OfferingAmount", "2025-04-09")] == 39e9


def test_auctions_missing_column(fixtures_dir: Path) -> None:
    f = fixtures_dir / "treasury/auctions_2025_apr.csv"
    bad = f.read_bytes().replace(b"BidToCoverRatio", b"BTC", 1)
    with pytest.raises(MissingColumnError, match="BidToCoverRatio"):
        parse_auctions(bad, "auctions.csv")


def test_jgb(fixtures_dir: Path) -> None:
    f = fixtures_dir / "mof/jgbcme_2025_apr.csv"
    s = parse_jgb(f.read_bytes(), f.name).set_index(["series_id", "date"])["value"]
    line = next(ln for ln in f.read_text().splitlines() if ln.startswith("2025/4/11,"))
    assert s[("JGB.10Y", "2025-04-11")] == float(line.split(",")[10])
