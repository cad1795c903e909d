"""Write a run's files into ``outputs/<run-id>/`` all at once, or not at all.

Publishing is one atomic step. The files are written into a private sibling
folder ``.<run-id>.tmp-<pid>-<random>``, which then takes the place of
``<run-id>``:

* if ``<run-id>`` does not exist, by one ``rename``;
* if it does, by one ``renameat2(RENAME_EXCHANGE)`` that swaps the two folders
  (Linux); the old run, now in the private folder, is then deleted.

A reader therefore sees the old run or the new one, never a missing or
half-written folder, and two runs publishing the same folder at once both
succeed (the later one wins). Where the kernel or file system lacks the
exchange, the two renames run under an exclusive ``flock`` on
``.<run-id>.lock``, so that concurrent writers still both succeed (a reader may
then see the folder missing for an instant). Private folders left by killed
processes are removed by the next run that publishes beside them.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from attribution.exceptions import OutputError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_LEGACY_AGE_S = 3600.0  # private folders of older versions carry no pid


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def pid_alive(pid: int) -> bool:
    """Return whether process ``pid`` exists on this machine."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(parent: Path, name: str) -> list[Path]:
    """Delete private folders of ``name`` in ``parent`` left by dead processes.

    Returns the paths removed. Folders of living processes are kept; those of
    older versions (no pid in the name) are removed once an hour old.
    """
    tagged = re.compile(rf"^\.{re.escape(name)}\.(?:tmp|old)-(\d+)-")
    legacy = re.compile(rf"^\.{re.escape(name)}\.(?:[a-z0-9_]{{8}}|old-\d+)$")
    removed: list[Path] = []
    try:
        siblings = list(parent.iterdir())
    except OSError:
        return removed
    for path in siblings:
        m = tagged.match(path.name)
        if m:
            stale = int(m.group(1)) != os.getpid() and not pid_alive(int(m.group(1)))
        elif legacy.match(path.name):
            try:
                stale = time.time() - path.stat().st_mtime > _LEGACY_AGE_S
            except OSError:
                stale = False
        else:
            continue
        if stale and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap folders ``a`` and ``b`` atomically; False if unsupported here."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    func = getattr(libc, "renameat2", None)
    if func is None:
        return False
    rc = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _publish(tmp: Path, target: Path) -> None:
    """Put ``tmp`` in the place of ``target`` (see the module notes)."""
    for _ in range(100):
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            raise OutputError(
                f"cannot write the run folder {target}: it exists and is not a "
                "folder; remove it or choose another `--out`"
            )
        if not target.exists():
            try:
                os.rename(tmp, target)  # replaces an empty folder too
                return
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
                continue  # another run published first: swap with it
        try:
            swapped = _exchange(tmp, target)
        except FileNotFoundError:
            continue  # the target vanished under an older version's two renames
        if swapped:
            shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old run
            return
        _publish_locked(tmp, target)
        return
    raise OutputError(f"cannot publish the run folder {target}: it keeps changing")


def _publish_locked(tmp: Path, target: Path) -> None:
    """Fallback without an atomic exchange: two renames under an exclusive lock."""
    lock = target.with_name(f".{target.name}.lock")
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}-{id(tmp)}")
            os.replace(target, old)
        os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_run_dir(target: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` (name -> bytes) into ``target`` atomically.

    Parameters
    ----------
    target : Path
        The run folder, e.g. ``outputs/default_attribute_2025-04``.
    files : dict of str to bytes
        File name -> content.

    Returns
    -------
    Path
        ``target``.

    Raises
    ------
    OutputError
        If the folder cannot be created or written (a file in the way, a
        read-only folder, a full disk, a file-size limit); nothing is left
        behind and an existing run in ``target`` is kept.
    """
    target = Path(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the output folder {parent}: {_why(exc)}"
        ) from None
    if not parent.is_dir():
        raise OutputError(f"cannot create the output folder {parent}: not a folder")
    remove_stale(parent, target.name)
    try:
        tmp = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=parent)
        )
    except OSError as exc:
        raise OutputError(f"cannot write into {parent}: {_why(exc)}") from None
    try:
        for name, data in files.items():
            try:
                (tmp / name).parent.mkdir(parents=True, exist_ok=True)  # figures/
                (tmp / name).write_bytes(data)
            except OSError as exc:
                raise OutputError(
                    f"cannot write {target / name}: {_why(exc)}; nothing was written"
                ) from None
        os.chmod(tmp, 0o755)
        try:
            _publish(tmp, target)
        except OSError as exc:
            raise OutputError(f"cannot publish {target}: {_why(exc)}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def check_output_root(root: Path) -> None:
    """Fail before any work when ``root`` cannot become a folder.

    A file in the way (``root`` itself or one of its parents) is reported at
    once, not after a long computation. Nothing is created.

    Raises
    ------
    OutputError
        Naming the path that is a file.
    """
    for path in (Path(root), *Path(root).parents):
        if path.exists():
            if not path.is_dir():
                raise OutputError(
                    f"cannot create the output folder {root}: {path} is a file"
                )
            return
