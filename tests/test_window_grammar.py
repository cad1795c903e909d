"""Month ranges, mixed forms and windows without a close, on the bundled DGS10.

Expected closes are read off FRED's DGS10.csv (the publisher's file): 2023-07-31
3.97, 2023-10-31 4.88, 2025-04-04 4.01, 2025-04-11 4.48; 2025-04-18 (Good
Friday) has no value.
"""

from __future__ import annotations

import pandas as pd
import pytest

from attribution.config import load_config
from attribution.config.window import Window
from attribution.exceptions import ConfigError, WindowError
from attribution.sources.store import DataStore


@pytest.fixture(scope="module")
def dgs10() -> pd.Series:
    values, _ = DataStore(use_cache=False).load("DGS10")
    return values.dropna()


@pytest.mark.parametrize(
    ("text", "base", "end", "levels"),
    [
        ("2023-08:2023-10", "2023-07-31", "2023-10-31", (3.97, 4.88)),
        ("2025-04-04:2025-04-11", "2025-04-04", "2025-04-11", (4.01, 4.48)),
        ("2025-04", "2025-03-31", "2025-04-30", (4.23, 4.17)),
        ("2022-08:2022-10", "2022-07-29", "2022-10-31", (2.67, 4.10)),
    ],
)
def test_window_closes(
    dgs10: pd.Series, text: str, base: str, end: str, levels: tuple[float, float]
) -> None:
    got = Window.parse(text).resolve(pd.DatetimeIndex(dgs10.index))
    assert got == (pd.Timestamp(base), pd.Timestamp(end))
    assert (float(dgs10[got[0]]), float(dgs10[got[1]])) == levels


def test_month_range_is_measured_like_a_month() -> None:
    w = Window.parse("2023-08:2023-10")
    assert (w.kind, w.first, w.last) == (
        "month",
        pd.Timestamp("2023-08-01"),
        pd.Timestamp("2023-10-31"),
    )
    assert w.label == "2023-08:2023-10"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("2023-08:2023-10-15", r"not a mix; got '2023-08:2023-10-15'"),
        ("2023-08-01:2023-10", r"not a mix; got '2023-08-01:2023-10'"),
        ("2023-10:2023-08", r"end is after its start; got '2023-10:2023-08'"),
        ("2023-08:2023-08", r"end is after its start; got '2023-08:2023-08'"),
        ("2023-13:2024-01", r"MM in 01..12; got '2023-13:2024-01'"),
        ("1800-01:2023-01", r"years in 1900..2200; got '1800-01:2023-01'"),
    ],
)
def test_bad_month_ranges(text: str, match: str) -> None:
    with pytest.raises(WindowError, match=match):
        Window.parse(text)


def test_mixed_range_in_a_config_names_the_value() -> None:
    with pytest.raises(ConfigError, match=r"window.*not a mix.*'2023-08:2023-10-15'"):
        load_config(window="2023-08:2023-10-15")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2025-04-05", "2025-04-05", "2025-04-05"),  # a Saturday
        ("2025-04-18", "2025-04-18", "2025-04-18"),  # Good Friday: no close
        ("2025-04-05:2025-04-06", "2025-04-05", "2025-04-06"),  # a weekend
    ],
)
def test_window_without_closes_says_so(
    dgs10: pd.Series, text: str, first: str, last: str
) -> None:
    with pytest.raises(
        WindowError, match=rf"no Treasury closes between {first} and {last}"
    ):
        Window.parse(text).resolve(pd.DatetimeIndex(dgs10.index))


def test_window_after_the_data_still_says_outside(dgs10: pd.Series) -> None:
    with pytest.raises(WindowError, match=r"covered by the data .*2026-02-20"):
        Window.parse("2026-03:2026-04").resolve(pd.DatetimeIndex(dgs10.index))
