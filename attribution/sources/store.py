"""Resolve a series id to data: a local file, then the cache, then the bundled snapshot.

:class:`DataStore` is what the panel asks for series. It never touches the
network; :meth:`DataStore.refresh` (``python cli.py data fetch``) does, through
the adapters, and falls back to what it has with a staleness warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from attribution.exceptions import UnknownSeriesError
from attribution.sources.cache import Cache, read_parquet_file
from attribution.sources.catalog import spec_for
from attribution.sources.local import LocalSeries, read_local
from attribution.sources.snapshot import snapshot_dir

if TYPE_CHECKING:
    from pandas.api.typing import NaTType

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Provenance:
    """Where a loaded series came from.

    Attributes
    ----------
    series_id, source, units, frequency, as_of : str
        Catalogue facts.
    origin : str
        ``snapshot``, ``cache`` or ``local``, with the file.
    vintage : str
        Fetch date (cache, local file mtime) or, for the snapshot, the last
        observation date (a lower bound).
    sha256 : str
        SHA-256 of the series' (date, value) pairs as loaded (see ``_hash``).
    publication_lag_days : int
        Lag used by point-in-time panels.
    """

    series_id: str
    source: str
    units: str
    frequency: str
    as_of: str
    origin: str
    vintage: str
    sha256: str
    publication_lag_days: int


def _snapshot_vintage(meta: dict[str, object]) -> pd.Timestamp | NaTType:
    """Return a snapshot series' vintage (NaT for a series with no observations)."""
    return pd.Timestamp(str(meta["vintage"])) if meta["vintage"] else pd.NaT


def _hash(values: pd.Series) -> str:
    """Return the SHA-256 of a series' (date, value) pairs, as 64 hex digits.

    Parameters
    ----------
    values : Series
        Float values on a DatetimeIndex.

    Returns
    -------
    str
        ``sha256(dates || values)`` where ``dates`` is the index as whole days
        since 1970-01-01 (little-endian int64, time of day dropped) and
        ``values`` the data as little-endian float64, every NaN written as the
        one canonical quiet NaN. Both arrays are hashed in index order, so the
        digest is the same on every run and platform.
    """
    days = np.asarray(values.index.values.astype("datetime64[D]").view("int64"))
    data = np.asarray(values.to_numpy(dtype="float64"))
    data = np.where(np.isnan(data), np.nan, data)
    digest = hashlib.sha256(days.astype("<i8").tobytes())
    digest.update(data.astype("<f8").tobytes())
    return digest.hexdigest()


def merge_vintages(
    older: pd.DataFrame, newer: pd.DataFrame
) -> tuple[pd.DataFrame, int]:
    """Union two tidy frames of one series by date; ``newer`` wins on overlap.

    Parameters
    ----------
    older, newer : DataFrame
        Tidy rows (``date``, ``value``, ``vintage`` ...) of the same series.

    Returns
    -------
    tuple of (DataFrame, int)
        The merged rows sorted by date, and how many came from ``older`` only.
        A fetch that covers fewer years than the snapshot or an older cache
        therefore never shortens the series' history.
    """
    if older is None or not len(older):
        return newer, 0
    keep = older.loc[~older["date"].isin(newer["date"])]
    if not len(keep):
        return newer, 0
    cols = [c for c in newer.columns if c in keep.columns]
    merged = pd.concat([keep[cols], newer], ignore_index=True)
    merged = merged.sort_values("date", kind="stable").reset_index(drop=True)
    return merged, len(keep)


class DataStore:
    """Load series by id, offline.

    Parameters
    ----------
    cache : Cache, optional
        The on-disk cache (default folder from the environment).
    local : iterable of LocalSeries, optional
        User files registered as named series; they win over everything.
    use_cache : bool, default True
        Look in the cache before the snapshot.
    snapshot : path-like, optional
        Snapshot folder (default: the one bundled in the package).
    """

    def __init__(
        self,
        *,
        cache: Cache | None = None,
        local: Iterable[LocalSeries] = (),
        use_cache: bool = True,
        snapshot: Path | None = None,
    ) -> None:
        self.cache = cache if cache is not None else Cache()
        self.local = {spec.name: spec for spec in local}
        self.use_cache = use_cache
        self.snapshot_path = Path(snapshot) if snapshot is not None else snapshot_dir()
        self._loaded: dict[str, tuple[pd.Series, Provenance]] = {}

    @cached_property
    def snapshot_meta(self) -> dict[str, dict[str, object]]:
        """The ``series`` section of ``snapshot.json``."""
        doc = json.loads((self.snapshot_path / "snapshot.json").read_text())
        series = doc["series"]
        assert isinstance(series, dict)
        return series

    @cached_property
    def _groups(self) -> dict[str, pd.DataFrame]:
        return {}

    def _snapshot_group(self, group: str) -> pd.DataFrame:
        if group not in self._groups:
            frame = read_parquet_file(self.snapshot_path / f"{group}.parquet")
            frame["series_id"] = frame["series_id"].astype(str)
            self._groups[group] = frame
        return self._groups[group]

    def known(self) -> list[str]:
        """Every series id the store can serve without the network."""
        ids = set(self.snapshot_meta) | set(self.local)
        if self.use_cache:
            for _, key, _ in self.cache.entries():
                try:
                    spec_for(key)
                except UnknownSeriesError:
                    continue  # bulk files (a CFTC year) kept for offline fallback
                ids.add(key)
        return sorted(ids)

    def get(self, series_id: str) -> pd.Series:
        """Return a series as a float Series indexed by date.

        NaN where the publisher marks a value missing.

        Raises
        ------
        UnknownSeriesError
            If no local file, cache entry or snapshot series has that id.
        """
        return self.load(series_id)[0]

    def provenance(self, series_id: str) -> Provenance:
        """Return where ``series_id`` was loaded from (loading it if needed)."""
        return self.load(series_id)[1]

    def load(self, series_id: str) -> tuple[pd.Series, Provenance]:
        """Load ``series_id`` once and remember it."""
        if series_id not in self._loaded:
            self._loaded[series_id] = self._load(series_id)
        return self._loaded[series_id]

    def _load(self, series_id: str) -> tuple[pd.Series, Provenance]:
        if series_id in self.local:
            spec = self.local[series_id]
            frame = read_local(spec)
            as_of = {"daily": "close", "weekly": "wednesday"}.get(
                spec.frequency, "month_end"
            )
            return self._wrap(
                frame,
                series_id,
                "local",
                spec.units,
                spec.frequency,
                as_of,
                0,
                f"local:{spec.path}",
            )
        meta = self.snapshot_meta.get(series_id)
        if self.use_cache:
            source = str(meta["source"]) if meta else None
            if source is None:
                try:
                    source = spec_for(series_id).source
                except UnknownSeriesError:
                    source = None
            cached = self.cache.read(source, series_id) if source else None
            if cached is not None and len(cached):
                known = spec_for(series_id)
                origin = f"cache:{self.cache.path(known.source, series_id)}"
                if meta is not None:
                    snap = self.snapshot_series(series_id)
                    if _snapshot_vintage(meta) > pd.Timestamp(cached["vintage"].max()):
                        merged, added = merge_vintages(cached, snap)
                        added = len(merged) - len(cached)
                    else:
                        merged, added = merge_vintages(snap, cached)
                    cached = merged
                    if added:
                        origin += f" + {added} obs from snapshot:{meta['group']}"
                return self._wrap(
                    cached,
                    series_id,
                    known.source,
                    known.units,
                    known.frequency,
                    known.as_of,
                    known.publication_lag_days,
                    origin,
                )
        if meta is None:
            raise UnknownSeriesError(
                f"unknown series {series_id!r}: not in the bundled snapshot, the "
                "cache or the local files. "
                "See `python cli.py data status` for the known ids."
            )
        return self._wrap(
            self.snapshot_series(series_id),
            series_id,
            str(meta["source"]),
            str(meta["units"]),
            str(meta["frequency"]),
            str(meta["as_of"]),
            int(str(meta["publication_lag_days"])),
            f"snapshot:{meta['group']}.parquet",
        )

    def snapshot_series(self, series_id: str) -> pd.DataFrame:
        """Return the bundled snapshot's tidy rows of ``series_id`` (may be empty)."""
        meta = self.snapshot_meta.get(series_id)
        if meta is None:
            return pd.DataFrame(columns=["date", "series_id", "value", "vintage"])
        frame = self._snapshot_group(str(meta["group"]))
        frame = frame.loc[frame["series_id"] == series_id].copy()
        frame["vintage"] = _snapshot_vintage(meta)
        return frame

    @staticmethod
    def _wrap(
        frame: pd.DataFrame,
        series_id: str,
        source: str,
        units: str,
        frequency: str,
        as_of: str,
        lag: int,
        origin: str,
    ) -> tuple[pd.Series, Provenance]:
        values = (
            frame.set_index("date")["value"]
            .astype(float)
            .sort_index()
            .rename(series_id)
        )
        values.index = pd.DatetimeIndex(values.index, name="date")
        vintage = pd.Timestamp(frame["vintage"].max()) if "vintage" in frame else pd.NaT
        prov = Provenance(
            series_id,
            source,
            units,
            frequency,
            as_of,
            origin,
            "unknown" if pd.isna(vintage) else f"{vintage:%Y-%m-%d}",
            _hash(values),
            lag,
        )
        return values, prov
