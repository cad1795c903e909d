"""``data status`` and ``data fetch``: what the store holds, and refreshing it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from attribution.exceptions import DataSourceError, NetworkUnreachableError, ParseError
from attribution.sources.base import Source
from attribution.sources.cache import Cache
from attribution.sources.cftc import CftcSource
from attribution.sources.fred import FRED_SERIES, FredSource
from attribution.sources.store import DataStore, merge_vintages
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
    sources: Mapping[str, Source] | None = None,
    now: pd.Timestamp | None = None,
    allow_shrink: bool = False,
    store: DataStore | None = None,
) -> dict[str, str]:
    """Refresh the cache from the publishers, as one transaction.

    Every request is downloaded, parsed and checked before anything is
    replaced; the whole refresh is staged in a new cache generation and
    switched in at the end with one atomic rename (:meth:`Cache.commit`), so a
    failure part-way, or a run reading meanwhile, never sees a mixed state.

    Parameters
    ----------
    cache : Cache
        The cache to refresh.
    years : iterable of int
        Years of CFTC annual files and Treasury par curves to fetch.
    progress : callable, optional
        Called with a label before each request.
    sources : mapping, optional
        Adapters by name (``fred``, ``cftc``, ``tic``, ``treasury``); default
        live adapters. Tests pass adapters pointed at a local server.
    now : Timestamp, optional
        The vintage stamped on what is fetched; default today.
    allow_shrink : bool, default False
        Accept an answer that has fewer series or rows, or ends earlier, than
        the cached vintage or the snapshot (checks below).
    store : DataStore, optional
        Where the bundled snapshot is read from (default the package's).

    Returns
    -------
    dict
        Request label (``fred:DGS10``, ``cftc:2025``) -> outcome:
        ``ok (n series)``; ``kept cached (why; runs use the cached vintage
        YYYY-MM-DD)``; or ``failed (why; runs use ...)``.

    Notes
    -----
    An answer replaces nothing unless it parses (the adapter checks that a
    text file ends with a complete line, a zip its CRCs), has observations,
    has no date after ``now`` (nor, for a yearly file, outside its year),
    and, against the cached vintage of the same request or else the
    snapshot, neither its number of series nor any common series' count of
    observations or last date falls (compared over the file's year, or from
    the answer's first date on). Each series is then merged by date with
    the older cache or the snapshot, the new vintage winning where they
    overlap, so a fetch of two years never shortens a longer history.
    """
    today = (now if now is not None else pd.Timestamp.now()).normalize()
    snap = store if store is not None else DataStore(cache=cache, use_cache=False)
    src: Mapping[str, Source] = sources or {
        "fred": FredSource(cache=cache),
        "cftc": CftcSource(cache=cache),
        "tic": TicSource(cache=cache),
        "treasury": TreasuryParSource(cache=cache),
    }
    jobs: list[tuple[str, str]] = [("fred", s) for s in FRED_SERIES]
    jobs += [("cftc", str(y)) for y in years] + [("treasury", str(y)) for y in years]
    jobs += [("tic", "mfhhis01.txt"), ("tic", "mfh.txt")]
    staged = cache.begin()
    status: dict[str, str] = {}
    down: set[str] = set()
    no_route = answered = 0
    try:
        for name, key in jobs:
            label = f"{name}:{key}"
            if progress is not None:
                progress(label)
            adapter = src[name]
            host = _host(adapter, key)
            if host in down or (no_route >= _FAIL_FAST and answered == 0):
                why = f"not tried: {host or 'the network'} unreachable"
                status[label] = _fallback(staged, snap, adapter.name, key, why)
                continue
            try:
                content, origin = _download(adapter, key, probe=answered == 0)
                frame = adapter.parse_checked(content, origin, key)
                problem = _check_answer(frame, key, staged, snap, adapter.name, today)
            except NetworkUnreachableError as exc:
                down.add(host)
                no_route += 1
                status[label] = _fallback(staged, snap, adapter.name, key, str(exc))
                continue
            except (DataSourceError, ParseError) as exc:
                answered += 1
                status[label] = _fallback(staged, snap, adapter.name, key, str(exc))
                continue
            answered += 1
            if problem and not allow_shrink:
                status[label] = _fallback(staged, snap, adapter.name, key, problem)
                continue
            status[label] = _store_answer(staged, snap, adapter.name, key, frame, today)
        cache.commit(staged)
    except BaseException:
        cache.abort(staged)
        raise
    return status


_FAIL_FAST = 1  # requests with no route, and no answer yet, before giving up


def _download(adapter: Source, key: str, *, probe: bool) -> tuple[bytes, str]:
    """Download ``key``; until a publisher has answered, try once without retries.

    With no network the first request fails at once (no backoff), and
    :data:`_FAIL_FAST` then stops the rest: ``data fetch`` offline takes well
    under a second instead of the retries' seconds per request.
    """
    if not probe:
        return adapter.download(key)
    retries = adapter.retries
    adapter.retries = 0
    try:
        return adapter.download(key)
    finally:
        adapter.retries = retries


def _host(adapter: Source, key: str) -> str:
    try:
        return urlsplit(adapter.request(key, None, None)[0]).netloc
    except Exception:  # an adapter that cannot say: never skipped
        return ""


def _year(key: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    if len(key) == 4 and key.isdigit():
        return pd.Timestamp(int(key), 1, 1), pd.Timestamp(int(key), 12, 31)
    return None


def _series(frame: pd.DataFrame) -> dict[str, pd.DatetimeIndex]:
    """Series id -> dates with a value."""
    valid = frame.loc[frame["value"].notna()]
    return {
        str(sid): pd.DatetimeIndex(g["date"]).sort_values()
        for sid, g in valid.groupby("series_id")
    }


def _previous(
    staged: Cache, snap: DataStore, source: str, key: str, new_ids: Iterable[str]
) -> tuple[pd.DataFrame | None, str]:
    """Return the vintage to compare an answer with: the cached request or snapshot."""
    old = staged.read(source, key)
    if old is not None and len(old):
        return old, "the cached vintage"
    if key in snap.snapshot_meta:
        ids = [key]
    else:
        prefixes = {i.split(".")[0] + "." for i in new_ids}
        ids = [
            sid
            for sid, m in snap.snapshot_meta.items()
            if m["source"] == source and any(sid.startswith(p) for p in prefixes)
        ]
    parts = [snap.snapshot_series(sid) for sid in ids]
    parts = [p for p in parts if len(p)]
    if not parts:
        return None, ""
    return pd.concat(parts, ignore_index=True), "the snapshot"


def _check_answer(
    frame: pd.DataFrame,
    key: str,
    staged: Cache,
    snap: DataStore,
    source: str,
    today: pd.Timestamp,
) -> str | None:
    """Return why an answer must not replace what we have, or None."""
    if not len(frame) or frame["value"].notna().sum() == 0:
        return "the answer has no observations"
    values = frame["value"].to_numpy(dtype=float)
    if np.isinf(values).any():
        return "the answer holds inf"
    last = pd.Timestamp(frame["date"].max())
    if last > today + pd.Timedelta(days=1):
        return f"last date {last:%Y-%m-%d} is after today ({today:%Y-%m-%d})"
    year = _year(key)
    if year is not None and (
        frame["date"].min() < year[0] or frame["date"].max() > year[1]
    ):
        return f"dates outside {key} in the {key} file"
    new = _series(frame)
    old_frame, what = _previous(staged, snap, source, key, new)
    if old_frame is None:
        return None
    lo, hi = year if year is not None else (min(d[0] for d in new.values()), None)
    old = {}
    for sid, dates in _series(old_frame).items():
        inside = dates[(dates >= lo) & ((dates <= hi) if hi is not None else True)]
        if len(inside):
            old[sid] = inside
    if len(new) < len(old):
        gone = sorted(set(old) - set(new))
        return (
            f"{len(new)} series where {what} has {len(old)} "
            f"(missing e.g. {gone[0]!r}); the file looks truncated"
        )
    for sid in sorted(set(old) & set(new)):
        ours = new[sid]
        ours = ours[(ours >= lo) & ((ours <= hi) if hi is not None else True)]
        if len(ours) == 0 or ours[-1] < old[sid][-1]:
            end = f"{ours[-1]:%Y-%m-%d}" if len(ours) else "nothing"
            return (
                f"{sid}: ends {end} where {what} goes to "
                f"{old[sid][-1]:%Y-%m-%d}; the file looks truncated"
            )
        if len(ours) < len(old[sid]):
            return (
                f"{sid}: {len(ours)} observations where {what} has "
                f"{len(old[sid])}; the file looks truncated"
            )
    return None


def _store_answer(
    staged: Cache,
    snap: DataStore,
    source: str,
    key: str,
    frame: pd.DataFrame,
    today: pd.Timestamp,
) -> str:
    """Write an accepted answer into the staged generation, merged by date."""
    frame = frame.assign(vintage=today)
    staged.write(source, key, frame)
    kept = 0
    for sid, part in frame.groupby("series_id"):
        sid = str(sid)
        old = staged.read(source, sid)
        if old is None or not len(old):
            old = snap.snapshot_series(sid)
        merged, added = merge_vintages(old, part.reset_index(drop=True))
        kept += added
        staged.write(source, sid, merged.reset_index(drop=True))
    n = frame["series_id"].nunique()
    more = f"; {kept} older observations kept" if kept else ""
    return f"ok ({n} series{more})"


def _fallback(staged: Cache, snap: DataStore, source: str, key: str, why: str) -> str:
    """Outcome text when an answer is not used: what the runs will use instead."""
    why = why.removeprefix(f"{source}: ")
    cached = staged.read(source, key)
    if cached is not None and len(cached):
        vintage = pd.Timestamp(cached["vintage"].max())
        shown = "unknown" if pd.isna(vintage) else f"{vintage:%Y-%m-%d}"
        return f"kept cached ({why}; runs use the cached vintage {shown})"
    meta = snap.snapshot_meta.get(key)
    if meta is not None:
        return f"failed ({why}; runs use the bundled snapshot through {meta['last']})"
    bundled = {m["source"] for m in snap.snapshot_meta.values()}
    if source not in bundled:
        return f"failed ({why}; no cached or bundled copy)"
    return f"failed ({why}; runs use the bundled snapshot where it has the data)"
