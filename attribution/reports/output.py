"""Write a run's files into ``outputs/<run-id>/`` all at once, or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_run_dir(target: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` (name -> bytes) into ``target`` atomically.

    Everything is written into a temporary sibling folder first, which then
    replaces ``target``; a failure leaves no partial output behind.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        os.chmod(tmp, 0o755)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
