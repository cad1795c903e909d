"""A cached ``termpremium`` re-run that needs no pandas, pydantic or scipy.

:mod:`attribution.pipeline.termpremium` caches whole runs under a key of the
*validated* configuration, so even a cache hit pays for importing pandas,
pydantic and the data store (about 0.9 s of the 1.1 s such a re-run took).
This module keys the same outputs on what the command line is given, before
anything is parsed, with the standard library only:

- the command's arguments (``--window``, the bytes of ``--config``,
  ``--standalone``) and the working folder;
- the environment variables that choose the cache (``ATTRIBUTION_*``,
  ``XDG_CACHE_HOME``, ``HOME``) and the cache's current generation;
- the bytes of every module of the package and of the bundled snapshot, and
  the installed versions of the packages the manifest records.

An entry also lists the local files and cached vintages the run read, with
their size and modification time; a changed one is a miss. An entry is
written only after a full run that used the default cache folder, and a miss
(or any unreadable entry) simply falls through to the full run, which then
validates the configuration as usual. The manifest is finished again on a
hit, so that it records the installation and commit that wrote it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from attribution.exceptions import AttributionError
from attribution.reports.manifest import finish_manifest, package_versions
from attribution.reports.output import write_run_dir
from attribution.sources.cache_dir import POINTER, current_data_dir, default_cache_dir

FAST_CACHE_VERSION = "termpremium-fast-1"
_PACKAGE = Path(__file__).resolve().parents[1]
_ENV_PREFIXES = ("ATTRIBUTION_",)
_ENV_NAMES = ("XDG_CACHE_HOME", "HOME")

__all__ = ["FastRequest", "record", "replay"]


@dataclass(frozen=True)
class FastRequest:
    """What a ``termpremium`` command line asks for, before any parsing.

    Attributes
    ----------
    window : str or None
        ``--window`` as typed.
    config : Path or None
        ``--config`` as typed.
    out : Path or None
        ``--out`` as typed (not part of the key: it only says where to write).
    standalone : bool
        ``--standalone``.
    """

    window: str | None
    config: Path | None
    out: Path | None
    standalone: bool

    @cached_property
    def key(self) -> str | None:
        """SHA-256 (hex, 24 characters) of the request, or None if it cannot be read.

        Computed once, when the command starts: :func:`record` files the run
        under the inputs it started from.
        """
        h = hashlib.sha256(FAST_CACHE_VERSION.encode())
        h.update(repr((self.window, self.standalone, os.getcwd())).encode())
        if self.config is not None:
            try:
                h.update(b"config:" + Path(self.config).read_bytes())
            except OSError:
                return None  # the full run reports it
        env = sorted(
            (k, v)
            for k, v in os.environ.items()
            if k in _ENV_NAMES or k.startswith(_ENV_PREFIXES)
        )
        h.update(repr(env).encode())
        h.update(repr(sorted(package_versions().items())).encode())
        pointer = default_cache_dir() / POINTER
        try:
            h.update(b"pointer:" + pointer.read_bytes())
        except OSError:
            h.update(b"pointer:absent")
        for path in _hashed_files():
            h.update(str(path.relative_to(_PACKAGE)).encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
        return h.hexdigest()[:24]


def _hashed_files() -> list[Path]:
    code = sorted(_PACKAGE.rglob("*.py"))
    snapshot = sorted(p for p in (_PACKAGE / "datasets").rglob("*") if p.is_file())
    return [*code, *snapshot]


def _entry_path(key: str) -> Path | None:
    try:
        data_dir = current_data_dir(default_cache_dir())
    except AttributionError:
        return None
    return data_dir / "termstructure" / f"fast_{key}.pickle"


def stat_text(path: Path) -> str:
    """``path:size:mtime_ns``, or ``path:absent`` (the run cache's input stamp)."""
    try:
        st = path.stat()
    except OSError:
        return f"{path}:absent"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def replay(request: FastRequest) -> Path | None:
    """Write a cached run's folder again and return it; None on a miss.

    Raises
    ------
    OutputError
        If the output folder cannot be written (as the full run would).
    """
    key = request.key
    path = _entry_path(key) if key is not None else None
    if path is None or not path.exists():
        return None
    try:
        entry: dict[str, Any] = pickle.loads(path.read_bytes())
        deps: list[tuple[str, str]] = entry["deps"]
        files: dict[str, bytes] = entry["files"]
        doc: dict[str, Any] = entry["manifest"]
        run_name: str = entry["run_name"]
        default_out: str = entry["default_out"]
    except Exception:  # truncated, or written by another version: run in full
        return None
    if any(stat_text(Path(p)) != stamp for p, stamp in deps):
        return None
    out_root = request.out if request.out is not None else Path(default_out)
    out = {**files, "manifest.json": finish_manifest(doc).encode()}
    return write_run_dir(out_root / run_name, out)


def record(
    request: FastRequest,
    *,
    run_name: str,
    default_out: str,
    files: dict[str, bytes],
    manifest: dict[str, Any],
    deps: list[Path],
) -> None:
    """Store a finished full run under the request's key (best effort).

    Parameters
    ----------
    request : FastRequest
        The command line that produced the run.
    run_name : str
        The run folder's name (``<name>_termpremium_<window>``).
    default_out : str
        The config's ``output.dir``, used when ``--out`` is not given.
    files : dict of str to bytes
        Every file of the folder except the manifest.
    manifest : dict
        :func:`attribution.reports.manifest.manifest_doc` of the run.
    deps : list of Path
        Local files and cached vintages the run's key stamped.
    """
    key = request.key
    path = _entry_path(key) if key is not None else None
    if path is None:
        return
    entry = {
        "deps": [(str(p), stat_text(p)) for p in deps],
        "files": files,
        "manifest": manifest,
        "run_name": run_name,
        "default_out": default_out,
    }
    from attribution.sources.cache import atomic_write_bytes

    try:
        atomic_write_bytes(path, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:  # a read-only cache only costs the next run its speed
        return
