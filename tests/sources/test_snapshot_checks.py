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
    # the two empty rows after the H.15 files end are US holidays (PROVENANCE note A)
    assert {"2026-07-03", "2026-09-07"} <= set(rec["after_through_empty"])  # type: ignore[arg-type]
