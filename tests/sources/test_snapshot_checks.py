"""Cross-checks of the two text-copied files against independent series.

``THREEFYTP10`` and the BoE gilt yield were transcribed from text, not copied
as git blobs. These tests check them on the bundled snapshot against other
series, with expected counts taken from PROVENANCE (section 9, notes A and B)
and from the publishers' calendars, and check that ``snapshot.json`` records
the same checks.
"""

from __future__ import annotations

import json

import pandas as pd

from attribution.sources.snapshot import snapshot_dir
from attribution.sources.store import DataStore


def _recorded() -> dict[str, dict[str, object]]:
    doc = json.loads((snapshot_dir() / "snapshot.json").read_text())
    checks = doc["checks"]["transcriptions"]
    assert isinstance(checks, dict)
    return checks


def _empty(s: pd.Series) -> set[pd.Timestamp]:
    return set(s.index[s.isna()])


def test_kim_wright_holidays_are_the_h15_holidays() -> None:
    store = DataStore(use_cache=False)
    tp, dgs10 = store.get("THREEFYTP10"), store.get("DGS10")
    # every weekday from the first to the last date has a row
    assert tp.index.equals(pd.bdate_range("2016-09-26", "2026-09-25"))
    last = dgs10.index.max()
    mine = {d for d in _empty(tp) if d <= last}
    theirs = {d for d in _empty(dgs10) if tp.index.min() <= d <= last}
    assert mine == theirs and len(mine) > 100
    rec = _recorded()["THREEFYTP10_holidays_vs_DGS10"]
    assert rec["n_both"] == len(mine) and rec["only_THREEFYTP10"] == []
    # against DGS1, which runs to 2026-06-24: the 108 holidays of PROVENANCE note A
    dgs1 = store.get("DGS1")
    mine1 = {d for d in _empty(tp) if d <= pd.Timestamp("2026-06-24")}
    theirs1 = {d for d in _empty(dgs1) if d >= pd.Timestamp("2016-09-26")}
    assert dgs1.index.max() == pd.Timestamp("2026-06-24")
    assert mine1 == theirs1 and len(mine1) == 108
    rec = _recorded()["THREEFYTP10_holidays_vs_DGS1"]
    assert rec["n_both"] == 108 and rec["only_DGS1"] == []
    # the two empty rows after the H.15 files end are US holidays (PROVENANCE note A)
    assert {"2026-07-03", "2026-09-07"} <= set(rec["after_through_empty"])  # type: ignore[arg-type]


def test_gilt_rows_are_the_england_business_days() -> None:
    # Bank holidays in England and Wales, 2024-01-02 .. 2026-10-05, from gov.uk.
    holidays = pd.DatetimeIndex(
        [
            "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
            "2024-12-25", "2024-12-26", "2025-01-01", "2025-04-18", "2025-04-21",
            "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
            "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
            "2026-08-31",
        ]
    )  # fmt: skip
    gilt = DataStore(use_cache=False).get("BOE.IUDMNPY")
    expected = pd.bdate_range("2024-01-02", "2026-10-05").difference(holidays)
    assert gilt.index.equals(expected)
    rec = _recorded()["BOE.IUDMNPY_calendar"]
    assert rec["missing_weekdays"] == len(holidays) == rec["bank_holidays_in_range"]
    assert rec["unexplained_missing"] == [] and rec["rows_on_holidays"] == []


def test_gilt_moves_like_other_10y_yields() -> None:
    # A mistyped digit would be a jump far beyond what the market did that day.
    store = DataStore(use_cache=False)
    gilt, ust = store.get("BOE.IUDMNPY"), store.get("DGS10")
    both = pd.concat([gilt, ust], axis=1, join="inner").dropna()
    change = both.diff().dropna() * 100
    assert change.iloc[:, 0].abs().max() < 25  # bp
    assert change.iloc[:, 0].corr(change.iloc[:, 1]) > 0.4
    rec = _recorded()["BOE.IUDMNPY_jumps_vs_DGS10"]
    assert rec["on"] == f"{change.iloc[:, 0].abs().idxmax():%Y-%m-%d}"


def test_overlapping_raw_files_agree() -> None:
    doc = json.loads((snapshot_dir() / "snapshot.json").read_text())
    overlap = doc["checks"]["overlapping_files"]
    # PROVENANCE: the 2006-2026 dollar equals DTWEXBGS.csv on all 1,305 common dates
    assert overlap["DTWEXBGS"]["n_common"] == 1305
    assert overlap["DTWEXBGS"]["n_differ"] == 0
    # the partial 2025 TFF file (17 Tuesdays, 2025-01-07 .. 04-29) is in the full year
    tff = {k: v for k, v in overlap.items() if k.startswith("TFF.")}
    assert tff and all(v["n_common"] == 17 and v["n_differ"] == 0 for v in tff.values())
    assert all(v["n_differ"] == 0 for v in overlap.values())


def test_snapshot_stays_under_15_mb() -> None:
    size = sum(p.stat().st_size for p in snapshot_dir().iterdir() if p.is_file())
    assert size < 15_000_000
