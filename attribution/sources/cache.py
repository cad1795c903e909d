"""On-disk parquet cache of fetched series, written atomically, refreshed as a whole.

Layout: ``<cache_dir>/<generation>/<source>/<key>.parquet`` holding the tidy
schema of :mod:`attribution.sources.schema`, whose ``vintage`` column is the
date the data were fetched. The file ``<cache_dir>/CURRENT`` names the current
generation; without it (a cache written by an older version) the generation is
``<cache_dir>`` itself. ``data fetch`` stages a whole refresh in a new
generation (:meth:`Cache.begin`) and switches it in with one atomic rename of
``CURRENT`` (:meth:`Cache.commit`), so a run never reads a half-refreshed
cache: each :class:`Cache` object keeps the generation it first looked at.
Temporary files and staging folders of dead processes are removed by
:meth:`Cache.remove_stale`. The cache folder is, in order: the ``cache_dir`` argument,
the ``ATTRIBUTION_CACHE_DIR`` environment variable, ``$XDG_CACHE_HOME/attribution``,
``~/.cache/attribution``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from attribution.exceptions import CacheError
from attribution.sources.cache_dir import (
    GENERATION_NAME,
    POINTER,
    current_data_dir,
    default_cache_dir,
)

_SAFE = re.compile(r"[^A-Za-z0-9._=-]+")
_STAGING = re.compile(r"^\.stage-(\d+)-")
_TMP = re.compile(r"^\..+\.(\d+)\.[a-z0-9_]+\.tmp$")
_LEGACY_TMP_AGE_S = 3600.0


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder, then rename.

    A reader never sees a half-written file: either the old file or the new one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _check_cached(frame: pd.DataFrame, target: Path) -> pd.DataFrame:
    """Check a cached series' ``date`` and ``value`` columns; CacheError if bad.

    Only frames of the tidy schema (they carry ``series_id``) are checked;
    other tables a pipeline keeps in the cache (fitted curves) are its own.
    """
    if "series_id" not in frame.columns:
        return frame
    fix = "; delete it and run `python cli.py data fetch` again"
    for col in ("date", "value"):
        if col not in frame.columns:
            raise CacheError(f"cache file {target} lacks column {col!r}{fix}")
    dates = frame["date"]
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        raise CacheError(
            f"cache file {target}: column 'date' is time-zone aware "
            f"({dates.dtype}); dates must be tz-naive{fix}"
        )
    if not pd.api.types.is_datetime64_dtype(dates):
        raise CacheError(
            f"cache file {target}: column 'date' holds {dates.dtype}, not dates{fix}"
        )
    if dates.isna().any():
        raise CacheError(f"cache file {target}: column 'date' has missing dates{fix}")
    values = frame["value"]
    if not (
        pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    ):
        raise CacheError(
            f"cache file {target}: column 'value' holds {values.dtype}, "
            f"not numbers{fix}"
        )
    if np.isinf(values.to_numpy(dtype=float)).any():
        raise CacheError(f"cache file {target}: column 'value' holds inf{fix}")
    keys = ["series_id", "date"] if "series_id" in frame.columns else ["date"]
    dup = frame.duplicated(keys)
    if dup.any():
        d = pd.Timestamp(frame.loc[dup, "date"].iloc[0])
        raise CacheError(f"cache file {target}: duplicate date {d:%Y-%m-%d}{fix}")
    return frame



def read_parquet_file(path: Path) -> pd.DataFrame:
    """Read one parquet file into a DataFrame, as :func:`pandas.read_parquet` does.

    Through ``pyarrow.parquet.ParquetFile``: ``pandas.read_parquet`` imports
    ``pyarrow.dataset`` (0.35 s of every run's start) for features a single
    file does not use. The frames are equal to ``pandas.read_parquet``'s
    (tests/sources/test_parquet_read.py checks every snapshot file).
    """
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as handle:
        frame: pd.DataFrame = handle.read().to_pandas()
    return frame

class Cache:
    """A folder of parquet files, one per (source, key), in generations.

    Parameters
    ----------
    root : path-like, optional
        Cache folder; default :func:`default_cache_dir`.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else default_cache_dir()
        self._dir: Path | None = None

    @property
    def data_dir(self) -> Path:
        """The generation this object reads and writes (fixed at first use)."""
        if self._dir is None:
            self._dir = self._current()
        return self._dir

    def _current(self) -> Path:
        return current_data_dir(self.root)

    def path(self, source: str, key: str) -> Path:
        """Return the file that holds ``key`` of ``source``."""
        return self.data_dir / _SAFE.sub("_", source) / f"{_SAFE.sub('_', key)}.parquet"

    def write(self, source: str, key: str, frame: pd.DataFrame) -> Path:
        """Store ``frame`` atomically and return its path.

        Raises
        ------
        CacheError
            If the folder cannot be written.
        """
        target = self.path(source, key)
        try:
            data = frame.to_parquet(index=False)
            atomic_write_bytes(target, data)
        except OSError as exc:
            raise CacheError(
                f"cannot write cache file {target}: {exc.strerror or exc}"
            ) from exc
        return target

    def read(self, source: str, key: str) -> pd.DataFrame | None:
        """Return the cached frame, or None if absent.

        Raises
        ------
        CacheError
            If the file exists but is not readable parquet, or is a series
            (it has ``series_id``) whose ``date`` is not tz-naive dates, whose
            ``value`` is not numbers, or that repeats a date.
        """
        target = self.path(source, key)
        try:
            if not target.exists():
                return None
        except OSError as exc:
            raise CacheError(
                f"cache folder {target.parent} is unreadable ({exc.strerror or exc})"
            ) from exc
        try:
            frame = read_parquet_file(target)
        except Exception as exc:  # pyarrow raises several types
            raise CacheError(
                f"cache file {target} is unreadable ({exc}); delete it and fetch again"
            ) from exc
        return _check_cached(frame, target)

    def entries(self) -> list[tuple[str, str, Path]]:
        """List ``(source, key, path)`` of every cached file."""
        try:
            if not self.data_dir.exists():
                return []
            return [
                (p.parent.name, p.stem, p)
                for p in sorted(self.data_dir.glob("*/*.parquet"))
            ]
        except OSError as exc:
            raise CacheError(
                f"cache folder {self.data_dir} is unreadable ({exc.strerror or exc})"
            ) from exc

    # -- transactions -------------------------------------------------------
    def begin(self) -> Cache:
        """Start a refresh: a private copy of the current generation to write into.

        Files are hard links (cache files are never modified in place, only
        replaced), copies where links are impossible. Pass the result to
        :meth:`commit` or :meth:`abort`.
        """
        self.remove_stale()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            stage = Path(
                tempfile.mkdtemp(prefix=f".stage-{os.getpid()}-", dir=self.root)
            )
            for _, _, src in self.entries():
                dst = stage / src.parent.name / src.name
                dst.parent.mkdir(exist_ok=True)
                try:
                    os.link(src, dst)
                except OSError:
                    shutil.copy2(src, dst)
        except OSError as exc:
            raise CacheError(
                f"cannot stage a refresh in {self.root}: {exc.strerror or exc}"
            ) from exc
        staged = Cache(self.root)
        staged._dir = stage
        return staged

    def commit(self, staged: Cache) -> Path:
        """Make ``staged`` the current generation in one atomic step; return it.

        The generation before it is kept (a run may still be reading it); older
        ones are deleted.
        """
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        suffix = staged.data_dir.name.rsplit("-", 1)[-1].lower()
        name = f"gen-{stamp}-{os.getpid()}-{_SAFE.sub('_', suffix)}"
        try:
            previous = self._current()
            os.rename(staged.data_dir, self.root / name)
            atomic_write_bytes(self.root / POINTER, f"{name}\n".encode())
        except OSError as exc:
            self.abort(staged)
            raise CacheError(
                f"cannot switch the cache in {self.root} to the new generation: "
                f"{exc.strerror or exc}"
            ) from exc
        for path in self.root.glob("gen-*"):
            keep = (name, previous.name)
            if path.name not in keep and GENERATION_NAME.match(path.name):
                shutil.rmtree(path, ignore_errors=True)
        self._dir = self.root / name
        return self._dir

    def abort(self, staged: Cache) -> None:
        """Throw a staged refresh away; the current generation is untouched."""
        if staged.data_dir != self.root and staged.data_dir.name.startswith(".stage-"):
            shutil.rmtree(staged.data_dir, ignore_errors=True)

    def remove_stale(self) -> list[Path]:
        """Delete staging folders and temp files left by processes that died.

        Returns the paths removed.
        """
        removed: list[Path] = []
        if not self.root.is_dir():
            return removed
        now = time.time()
        for path in self.root.glob(".stage-*"):
            m = _STAGING.match(path.name)
            if m and int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1))):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        for path in self.root.glob("**/.*.tmp"):
            m = _TMP.match(path.name)
            try:
                if m:
                    stale = int(m.group(1)) != os.getpid() and not _pid_alive(
                        int(m.group(1))
                    )
                else:  # older versions put no pid in the name
                    stale = now - path.stat().st_mtime > _LEGACY_TMP_AGE_S
                if stale:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue
        return removed
