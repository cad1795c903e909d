"""``data status`` and ``data fetch``: what the store holds, and refreshing it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from attribution.exceptions import DataSourceError
from attribution.sources.base import Source
from attribution.sources.cache import Cache
from attribution.sources.cftc import CftcSource
from attribution.sources.fred import FRED_SERIES, FredSource
from attribution.sources.store import DataStore
from attribution.sources.tic import TicSource
from attribution.sources.treasury import TreasuryParSource


def status_frame(store: DataStore, pattern: str | None = None) -> pd.DataFrame:
    """Tabulate the store, one row per series.

    Columns: id, source, origin, first, last, frequency, units, vintage.
    """
    rows: list[tuple[object, ...]] = []
    snap = store.snapshot_meta
    cached = (
        {key: path for _, key, path in store.cache.entries()} if store.use_cache else {}
    )
    for sid in store.known():
        if pattern and pattern.lower() not in sid.lower():
            continue
        if sid in cached or sid in store.local:
            values, prov = store.load(sid)
            valid = values.dropna()
            first = f"{valid.index.min():%Y-%m-%d}" if len(valid) else ""
            last = f"{valid.index.max():%Y-%m-%d}" if len(valid) else ""
            rows.append(
                (
                    sid,
                    prov.source,
                    prov.origin.split(":")[0],
                    first,
                    last,
                    prov.frequency,
                    prov.units,
                    prov.vintage,
                )
            )
        else:
            m = snap[sid]
            rows.append(
                (
                    sid,
                    m["source"],
                    "snapshot",
                    m["first"],
                    m["last"],
                    m["frequency"],
                    m["units"],
                    m["vintage"],
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "series_id",
            "source",
            "origin",
            "first",
            "last",
            "frequency",
            "units",
            "vintage",
        ],
    )


def fetch_all(
    cache: Cache,
    *,
    years: Iterable[int],
    progress: Callable[[str], None] | None = None,
    sources: dict[str, Source] | None = None,
) -> dict[str, str]:
    """Fetch every catalogued series from its publisher into the cache.

    Parameters
    ----------
    cache : Cache
        Where fetched series go (atomically).
    years : iterable of int
        Years of CFTC annual files and Treasury par curves to fetch.
    progress : callable, optional
        Called with a label before each request.
    sources : dict, optional
        Adapters by name (tests pass fakes); default live adapters.

    Returns
    -------
    dict
        Label -> ``"ok (n series)"`` or the error; a failure keeps the cached copy
        (the adapter warns how stale it is).
    """
    src = sources or {
        "fred": FredSource(cache=cache),
        "cftc": CftcSource(cache=cache),
        "tic": TicSource(cache=cache),
        "treasury": TreasuryParSource(cache=cache),
    }
    jobs: list[tuple[str, str]] = [("fred", s) for s in FRED_SERIES]
    jobs += [("cftc", str(y)) for y in years] + [("treasury", str(y)) for y in years]
    jobs += [("tic", "mfhhis01.txt"), ("tic", "mfh.txt")]
    status: dict[str, str] = {}
    for name, key in jobs:
        label = f"{name}:{key}"
        if progress is not None:
            progress(label)
        try:
            frame = src[name].fetch(key)
        except DataSourceError as exc:
            status[label] = f"failed: {exc}"
            continue
        for sid, part in frame.groupby("series_id"):
            if str(sid) != key:
                _merge_into_cache(cache, src[name].name, str(sid), part)
        status[label] = f"ok ({frame['series_id'].nunique()} series)"
    return status


def _merge_into_cache(
    cache: Cache, source: str, series_id: str, part: pd.DataFrame
) -> None:
    """Union a freshly fetched piece (e.g. one CFTC year) with what the cache holds."""
    old = cache.read(source, series_id)
    if old is not None:
        part = pd.concat([old, part], ignore_index=True)
        part = part.drop_duplicates(["date"], keep="last").sort_values("date")
    cache.write(source, series_id, part.reset_index(drop=True))
