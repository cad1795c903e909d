"""TIC SLT Tables 1, 3 and 5, on excerpts of the publisher's files.

Expected values are read off the files (PROVENANCE section 9 quotes the April
2025 ones): long-term Treasury net U.S. sales, 2025-04, $ millions: Grand
Total -58,453; Foreign Official -5,692; Non-Official -52,761; China -20,876;
Japan -2,927; United Kingdom +42,803. Stored in $ billions.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.catalog import spec_for
from attribution.sources.store import DataStore
from attribution.sources.tic_slt import parse_slt_long, parse_slt_table5

APR = pd.Timestamp("2025-04-30")


def _wide(fixtures_dir: Path, table: int) -> pd.DataFrame:
    name = f"tic/slt_table{table}_excerpt.txt"
    frame = parse_slt_long((fixtures_dir / name).read_bytes(), name, table)
    assert (frame["units"] == "USD billions").all()
    return frame.pivot(index="date", columns="series_id", values="value")


@pytest.mark.parametrize("table", [1, 3])
def test_april_2025_long_term_treasury_net_sales(
    fixtures_dir: Path, table: int
) -> None:
    wide = _wide(fixtures_dir, table)
    quoted_millions = {
        "Grand Total": -58453,
        "Foreign Official": -5692,
        "Foreign Non-Official": -52761,
        "China, Mainland": -20876,
        "Japan": -2927,
        "United Kingdom": 42803,
    }
    for name, millions in quoted_millions.items():
        got = wide.loc[APR, f"TIC_SLT{table}.{name}.for_lt_treas_net"]
        assert got == millions / 1000, name
    # official + non-official = grand total, to the published million
    for col in ("for_lt_treas_pos", "for_lt_treas_net"):
        parts = (
            wide[f"TIC_SLT{table}.Foreign Official.{col}"]
            + wide[f"TIC_SLT{table}.Foreign Non-Official.{col}"]
        )
        total = wide[f"TIC_SLT{table}.Grand Total.{col}"].dropna()
        np.testing.assert_allclose(parts[total.index], total, atol=1e-3 + 1e-9)


def test_table1_totals_and_dates(fixtures_dir: Path) -> None:
    wide = _wide(fixtures_dir, 1)
    assert wide.loc[APR, "TIC_SLT1.Grand Total.for_lt_total_net"] == -67.091
    assert wide.loc[APR, "TIC_SLT1.Grand Total.for_lt_treas_pos"] == 7596.183
    assert list(wide.index.strftime("%Y-%m-%d")) == [
        "2023-01-31",
        "2023-02-28",
        "2025-03-31",
        "2025-04-30",
    ]


def test_net_sales_are_missing_before_2023_02(fixtures_dir: Path) -> None:
    wide = _wide(fixtures_dir, 3)
    jan, feb = pd.Timestamp("2023-01-31"), pd.Timestamp("2023-02-28")
    net = [c for c in wide.columns if c.endswith("for_lt_treas_net")]
    assert wide.loc[jan, net].isna().all()  # "n.a." in the file
    assert wide.loc[feb, net].notna().all()
    # holdings are published throughout (Japan, January 2023: $1,102,923 million)
    assert wide.loc[jan, "TIC_SLT3.Japan.for_treas_pos"] == 1102.923


def test_table1_and_table3_agree_on_long_term_treasuries(fixtures_dir: Path) -> None:
    one, three = _wide(fixtures_dir, 1), _wide(fixtures_dir, 3)
    for name in ("Grand Total", "Foreign Official", "Japan", "China, Mainland"):
        for col in ("for_lt_treas_pos", "for_lt_treas_net", "for_lt_treas_valchg"):
            pd.testing.assert_series_equal(
                one[f"TIC_SLT1.{name}.{col}"],
                three[f"TIC_SLT3.{name}.{col}"],
                check_names=False,
            )


def test_table5_billions_as_published(fixtures_dir: Path) -> None:
    name = "tic/slt_table5.txt"
    frame = parse_slt_table5((fixtures_dir / name).read_bytes(), name)
    s = frame.set_index(["series_id", "date"])["value"]
    assert s["TIC_SLT5.Grand Total", APR] == 9001.0
    assert s["TIC_SLT5.Foreign Official", APR] == 3907.4
    assert s["TIC_SLT5.Japan", APR] == 1134.5
    assert s["TIC_SLT5.China, Mainland", APR] == 743.6
    assert s["TIC_SLT5.Foreign Official Treasury Bills", APR] == 413.9
    assert s["TIC_SLT5.Foreign Official T-Bonds & Notes", APR] == 3493.5
    dates = frame["date"].drop_duplicates().sort_values()
    assert len(dates) == 13 and dates.iloc[-1] == pd.Timestamp("2026-04-30")


def test_table5_matches_table3_and_mfh(fixtures_dir: Path) -> None:
    # Table 5 ($bn, 1 decimal) is Table 3's total holdings ($m) rounded
    store = DataStore(use_cache=False)
    for name in ("Grand Total", "Foreign Official", "Japan", "China, Mainland"):
        t5 = store.get(f"TIC_SLT5.{name}")
        t3 = store.get(f"TIC_SLT3.{name}.for_treas_pos").reindex(t5.index)
        assert (t5 - t3).abs().max() <= 0.05 + 1e-9, name
    # and the MFH history table prints the same April 2025 figure for Japan
    assert store.get("TIC_MFH.Japan")[APR] == store.get("TIC_SLT5.Japan")[APR]


def test_bundled_snapshot_serves_slt() -> None:
    store = DataStore(use_cache=False)
    s = store.get("TIC_SLT3.Foreign Official.for_lt_treas_net")
    assert s[APR] == -5.692
    assert s.index.min() == pd.Timestamp("2020-01-31")
    assert s.index.max() == pd.Timestamp("2026-04-30") and len(s) == 76
    assert s[:"2023-01-31"].isna().all() and s["2023-02-28":].notna().all()
    prov = store.provenance("TIC_SLT3.Foreign Official.for_lt_treas_net")
    assert (prov.units, prov.frequency, prov.as_of) == (
        "USD billions",
        "monthly",
        "month_end",
    )
    assert spec_for("TIC_SLT1.Japan.for_lt_eqty_net").units == "USD billions"


def _excerpt(fixtures_dir: Path) -> str:
    return (fixtures_dir / "tic/slt_table3_excerpt.txt").read_bytes().decode()


def test_truncated_table_is_an_error(fixtures_dir: Path) -> None:
    text = _excerpt(fixtures_dir)
    cut = text[: text.index("Of Which: Foreign Non-Official\t99991\t2023-01")]
    with pytest.raises(ParseError, match=r"t3: the table runs to the end of the file"):
        parse_slt_long(cut.encode(), "t3", 3)
    short_row = text.replace("\t-6077\r\n", "\r\n", 1)
    with pytest.raises(ParseError, match=r"t3: line \d+: 9 cells, expected 10"):
        parse_slt_long(short_row.encode(), "t3", 3)


def test_bad_cells_are_named(fixtures_dir: Path) -> None:
    text = _excerpt(fixtures_dir)
    bad = text.replace("\t-58453\t", "\t-58,453\t", 1)
    with pytest.raises(
        ParseError, match=r"t3: line \d+: column 'for_lt_treas_net': not a number"
    ):
        parse_slt_long(bad.encode(), "t3", 3)
    bad_date = text.replace("\t2025-04\t", "\t2025-4\t", 1)
    with pytest.raises(ParseError, match=r"bad date '2025-4' \(YYYY-MM\)"):
        parse_slt_long(bad_date.encode(), "t3", 3)


def test_missing_header_or_units(fixtures_dir: Path) -> None:
    text = _excerpt(fixtures_dir)
    with pytest.raises(MissingColumnError, match=r"t3: no header row of machine"):
        parse_slt_long(text.replace("country\tcountry_code", "x\ty").encode(), "t3", 3)
    with pytest.raises(ParseError, match=r"t3: no units line"):
        parse_slt_long(text.replace("Millions of dollars", "Dollars").encode(), "t3", 3)


def test_ragged_months_are_an_error(fixtures_dir: Path) -> None:
    lines = _excerpt(fixtures_dir).split("\r\n")
    drop = next(i for i, x in enumerate(lines) if x.startswith("Japan\t42609\t2025-03"))
    text = "\r\n".join(lines[:drop] + lines[drop + 1 :])
    with pytest.raises(ParseError, match=r"months have different rows"):
        parse_slt_long(text.encode(), "t3", 3)
