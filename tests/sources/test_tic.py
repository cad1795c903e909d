"""TIC Major Foreign Holders parser on the publisher's own files."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.exceptions import ParseError
from attribution.sources.tic import parse_mfh


def _s(path: Path):  # noqa: ANN202
    return parse_mfh(path.read_bytes(), path.name).set_index(["series_id", "date"])[
        "value"
    ]


def test_april_2025_values_read_off_the_file(fixtures_dir: Path) -> None:
    s = _s(fixtures_dir / "tic/mfhhis01_2025.txt")
    assert s[("TIC_MFH.Japan", "2025-04-30")] == 1134.5
    assert s[("TIC_MFH.Japan", "2025-03-31")] == 1130.8
    assert s[("TIC_MFH.China, Mainland", "2025-04-30")] == 743.6
    assert s[("TIC_MFH.China, Mainland", "2025-03-31")] == 765.4
    assert s[("TIC_MFH.Grand Total", "2025-04-30")] == 9001
    assert s[("TIC_MFH.For. Official", "2025-04-30")] == 3919.9
    assert s[("TIC_MFH.For. Official: T-Bonds & Notes", "2025-04-30")] == 3506


def test_series_break_keeps_new_series(fixtures_dir: Path) -> None:
    s = _s(fixtures_dir / "tic/mfhhis01_2004_seriesbreak.txt")
    # June 2004 printed twice: Series V 666.6 (kept), Series IV 688.4 (comparison only)
    assert s[("TIC_MFH.Japan", "2004-06-30")] == 666.6
    assert s[("TIC_MFH_OLDSERIES.Japan", "2004-06-30")] == 688.4
    assert s[("TIC_MFH.United Kingdom", "2004-12-31")] == 95.8  # footnote "2/" stripped
    assert s[("TIC_MFH.Korea", "2004-12-31")] == 55  # "Korea, South" -> "Korea"


def test_fixed_width_latest_file(fixtures_dir: Path) -> None:
    s = _s(fixtures_dir / "tic/mfh.txt")
    assert s[("TIC_MFH.Japan", "2023-01-31")] == 1104.4
    assert s[("TIC_MFH.China, Mainland", "2022-10-31")] == 877.9
    assert s[("TIC_MFH.For. Official", "2023-01-31")] == 3713.9


def test_truncated_row(fixtures_dir: Path) -> None:
    lines = (fixtures_dir / "tic/mfhhis01_2025.txt").read_text().splitlines()
    idx = next(i for i, ln in enumerate(lines) if ln.startswith("Japan"))
    lines[idx] = "\t".join(lines[idx].split("\t")[:6])
    with pytest.raises(
        ParseError, match=r"cut\.txt: line \d+: 'Japan' has 5 values for 12 months"
    ):
        parse_mfh("\n".join(lines).encode(), "cut.txt")


def test_no_table() -> None:
    with pytest.raises(ParseError, match="no Major Foreign Holders table"):
        parse_mfh(b"hello\nworld\n", "empty.txt")
