"""User files flow through the store like any publisher series.

Also: the store's lookup order.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import MissingColumnError, ParseError, UnknownSeriesError
from attribution.sources.cache import Cache
from attribution.sources.local import LocalSeries
from attribution.sources.store import DataStore


def _swap_spread_file(tmp_path: Path) -> Path:
    # A swap-spread-like series a researcher might export from a terminal (made up here,
    # labelled as such): 10y SOFR swap minus 10y Treasury, in bp.
    dates = pd.bdate_range("2025-03-03", "2025-04-30")
    values = np.linspace(-40.0, -55.0, len(dates))
    path = tmp_path / "swap_spread_10y.csv"
    pd.DataFrame({"date": dates.strftime("%Y-%m-%d"), "value": values}).to_csv(
        path, index=False
    )
    return path


def test_local_series_round_trip(tmp_path: Path) -> None:
    path = _swap_spread_file(tmp_path)
    spec = LocalSeries("SWAP_SPREAD_10Y", path, units="bp", frequency="daily")
    store = DataStore(cache=Cache(tmp_path / "c"), local=[spec])
    s = store.get("SWAP_SPREAD_10Y")
    assert s.index[0] == pd.Timestamp("2025-03-03") and s.iloc[0] == -40.0
    prov = store.provenance("SWAP_SPREAD_10Y")
    assert prov.units == "bp" and prov.origin.startswith("local:")
    assert "SWAP_SPREAD_10Y" in store.known()


def test_local_series_bad_value_names_row(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("date,value\n2025-04-01,1.0\n2025-04-02,abc\n")
    with pytest.raises(
        ParseError, match=r"x\.csv: row 2: column 'value': not a number 'abc'"
    ):
        DataStore(local=[LocalSeries("X", path, "bp", "daily")]).get("X")


def test_local_series_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("day,value\n2025-04-01,1.0\n")
    with pytest.raises(MissingColumnError, match=r"column 'date' not found"):
        DataStore(local=[LocalSeries("X", path, "bp", "daily")]).get("X")


def test_unknown_series() -> None:
    with pytest.raises(UnknownSeriesError, match=r"unknown series 'NOPE'"):
        DataStore(use_cache=False).get("NOPE")


def test_cache_wins_over_snapshot(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.write(
        "fred",
        "DGS10",
        pd.DataFrame(
            {
                "date": pd.to_datetime(["2025-04-11"]),
                "series_id": "DGS10",
                "value": [9.99],
                "units": "percent",
                "source": "fred",
                "vintage": pd.Timestamp("2026-11-20"),
            }
        ),
    )
    store = DataStore(cache=cache)
    snap = DataStore(cache=cache, use_cache=False).get("DGS10")
    assert snap["2025-04-11"] == 4.48
    # the newer cached vintage wins on its date; the snapshot keeps the rest
    merged = store.get("DGS10")
    assert merged["2025-04-11"] == 9.99
    assert merged.index.equals(snap.index)
    assert merged.drop(pd.Timestamp("2025-04-11")).equals(
        snap.drop(pd.Timestamp("2025-04-11"))
    )
    assert store.provenance("DGS10").vintage == "2026-11-20"
    assert "obs from snapshot" in store.provenance("DGS10").origin


def test_snapshot_matches_publisher_fixtures(fixtures_dir: Path) -> None:
    """The bundled snapshot holds the same numbers as the publisher files.

    The publisher files are those in tests/fixtures.
    """
    from attribution.sources.fred import parse_fred_csv
    from attribution.sources.tic import parse_mfh

    store = DataStore(use_cache=False)
    fred = parse_fred_csv((fixtures_dir / "fred/DGS10.csv").read_bytes(), "f", "DGS10")
    snap = store.get("DGS10")
    for d, v in fred.set_index("date")["value"].dropna().items():
        assert snap[d] == v
    tic = parse_mfh((fixtures_dir / "tic/mfhhis01_2025.txt").read_bytes(), "t")
    jp = tic.loc[tic["series_id"] == "TIC_MFH.Japan"].set_index("date")["value"]
    pd.testing.assert_series_equal(
        store.get("TIC_MFH.Japan").loc[jp.index],
        jp,
        check_names=False,
        check_freq=False,
    )


def test_empty_snapshot_series_loads_as_empty() -> None:
    """Auction fields never filled for a term (bills' HighYield) load empty."""
    store = DataStore(use_cache=False)
    empty = [k for k, m in store.snapshot_meta.items() if m["n_obs"] == 0]
    assert empty, "the snapshot has series with no observations"
    values, prov = store.load(empty[0])
    assert values.dropna().empty and prov.vintage == "unknown"
