"""ACM monthly term structure (NY Fed), on a trimmed copy of the bundled file.

Expected values are read off the file (PROVENANCE section 9 quotes them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.acm import ACM_COLUMNS, parse_acm_monthly
from attribution.sources.catalog import spec_for
from attribution.sources.store import DataStore

FIXTURE = "other/ACMTermPremium_monthly_2025.csv"


def _frame(fixtures_dir: Path) -> pd.DataFrame:
    return parse_acm_monthly((fixtures_dir / FIXTURE).read_bytes(), FIXTURE)


def test_values_read_off_the_file(fixtures_dir: Path) -> None:
    frame = _frame(fixtures_dir)
    wide = frame.pivot(index="date", columns="series_id", values="value")
    assert wide.shape == (6, 30)
    assert sorted(wide.columns) == sorted(f"ACM.{c}" for c in ACM_COLUMNS)
    apr = pd.Timestamp("2025-04-30")
    assert wide.loc[apr, "ACM.ACMTP10"] == 0.609744768388385
    assert round(wide.loc[apr, "ACM.ACMY10"], 4) == 4.2181
    assert round(wide.loc[apr, "ACM.ACMRNY10"], 4) == 3.6083
    assert round(wide.loc[pd.Timestamp("2025-03-31"), "ACM.ACMTP10"], 4) == 0.3857
    assert (frame["units"] == "percent").all()


def test_dates_are_the_printed_last_business_days(fixtures_dir: Path) -> None:
    dates = pd.DatetimeIndex(sorted(_frame(fixtures_dir)["date"].unique()))
    # "30-May-2025" is a Friday: the sheet dates rows by the last business day.
    assert list(dates.strftime("%Y-%m-%d")) == [
        "2025-01-31",
        "2025-02-28",
        "2025-03-31",
        "2025-04-30",
        "2025-05-30",
        "2025-06-30",
    ]


def test_identity_yield_equals_term_premium_plus_risk_neutral(
    fixtures_dir: Path,
) -> None:
    # ACM define the term premium as the fitted yield minus the risk-neutral yield.
    wide = _frame(fixtures_dir).pivot(index="date", columns="series_id", values="value")
    for n in range(1, 11):
        gap = wide[f"ACM.ACMY{n:02d}"] - wide[f"ACM.ACMTP{n:02d}"]
        np.testing.assert_allclose(gap, wide[f"ACM.ACMRNY{n:02d}"], atol=1e-9)


def test_catalogue_entry() -> None:
    spec = spec_for("ACM.ACMTP10")
    assert (spec.units, spec.frequency, spec.as_of) == (
        "percent",
        "monthly",
        "month_end",
    )


def test_bundled_snapshot_serves_acm() -> None:
    store = DataStore(use_cache=False)
    s = store.get("ACM.ACMTP10")
    assert round(s["2025-04-30"], 4) == 0.6097
    assert s.index.min() == pd.Timestamp("1961-06-30")
    assert s.index.max() == pd.Timestamp("2025-06-30")
    assert len(s) == 769 and s.notna().all()
    assert store.provenance("ACM.ACMY10").units == "percent"


def test_missing_column_is_named(fixtures_dir: Path) -> None:
    text = (fixtures_dir / FIXTURE).read_text().replace('"ACMTP07"', '"X"', 1)
    with pytest.raises(
        MissingColumnError, match=r"f\.csv: missing column\(s\) \['ACMTP07'\]"
    ):
        parse_acm_monthly(text.encode(), "f.csv")


def test_bad_date_names_the_line(fixtures_dir: Path) -> None:
    text = (fixtures_dir / FIXTURE).read_text().replace("30-Apr-2025", "2025-04-30")
    with pytest.raises(ParseError, match=r"f\.csv: line 5: bad date '2025-04-30'"):
        parse_acm_monthly(text.encode(), "f.csv")


def test_non_finite_value_names_line_and_column(fixtures_dir: Path) -> None:
    lines = (fixtures_dir / FIXTURE).read_text().splitlines()
    cells = lines[3].split(",")
    cells[20] = "inf"  # ACMTP10
    lines[3] = ",".join(cells)
    with pytest.raises(
        ParseError, match=r"f\.csv: line 4: column 'ACMTP10': not a finite number 'inf'"
    ):
        parse_acm_monthly("\n".join(lines).encode(), "f.csv")


def test_truncated_row_is_an_error(fixtures_dir: Path) -> None:
    text = (fixtures_dir / FIXTURE).read_text()
    cut = text[: text.rindex(",")]  # last row loses its last cell
    with pytest.raises(ParseError, match=r"line 7: column 'ACMRNY10'"):
        parse_acm_monthly(cut.encode(), "f.csv")
