"""On-disk parquet cache of fetched series, written atomically.

Layout: ``<cache_dir>/<source>/<key>.parquet`` holding the tidy schema of
:mod:`attribution.sources.schema`, whose ``vintage`` column is the date the
data were fetched. The cache folder is, in order: the ``cache_dir`` argument,
the ``ATTRIBUTION_CACHE_DIR`` environment variable, ``$XDG_CACHE_HOME/attribution``,
``~/.cache/attribution``.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from attribution.exceptions import CacheError

_SAFE = re.compile(r"[^A-Za-z0-9._=-]+")


def default_cache_dir() -> Path:
    """Return the cache folder chosen by environment (see module notes)."""
    env = os.environ.get("ATTRIBUTION_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "attribution"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder, then rename.

    A reader never sees a half-written file: either the old file or the new one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


class Cache:
    """A folder of parquet files, one per (source, key).

    Parameters
    ----------
    root : path-like, optional
        Cache folder; default :func:`default_cache_dir`.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else default_cache_dir()

    def path(self, source: str, key: str) -> Path:
        """Return the file that holds ``key`` of ``source``."""
        return self.root / _SAFE.sub("_", source) / f"{_SAFE.sub('_', key)}.parquet"

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
            raise CacheError(f"cannot write cache file {target}: {exc}") from exc
        return target

    def read(self, source: str, key: str) -> pd.DataFrame | None:
        """Return the cached frame, or None if absent.

        Raises
        ------
        CacheError
            If the file exists but is not readable parquet.
        """
        target = self.path(source, key)
        if not target.exists():
            return None
        try:
            return pd.read_parquet(target)
        except Exception as exc:  # pyarrow raises several types
            raise CacheError(
                f"cache file {target} is unreadable ({exc}); delete it and fetch again"
            ) from exc

    def entries(self) -> list[tuple[str, str, Path]]:
        """List ``(source, key, path)`` of every cached file."""
        if not self.root.exists():
            return []
        return [
            (p.parent.name, p.stem, p) for p in sorted(self.root.glob("*/*.parquet"))
        ]
