"""Where the cache lives, with the standard library only.

A cached re-run finds it without importing pandas.

The cache folder is, in order: the ``ATTRIBUTION_CACHE_DIR`` environment
variable, ``$XDG_CACHE_HOME/attribution``, ``~/.cache/attribution`` (a
``cache_dir`` argument to :class:`~attribution.sources.cache.Cache` comes first).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from attribution.exceptions import CacheError

#: The file in the cache folder naming the current generation.
POINTER = "CURRENT"
#: A generation folder's name (its pid is group 1).
GENERATION_NAME = re.compile(r"^gen-\d{8}T\d{6}-(\d+)-[a-z0-9_]+$")

__all__ = ["GENERATION_NAME", "POINTER", "current_data_dir", "default_cache_dir"]


def default_cache_dir() -> Path:
    """Return the cache folder chosen by environment (see module notes)."""
    env = os.environ.get("ATTRIBUTION_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "attribution"


def current_data_dir(root: Path) -> Path:
    """Return the generation folder ``root/CURRENT`` names (``root`` if none).

    Raises
    ------
    CacheError
        If the pointer is unreadable or names no generation folder.
    """
    pointer = root / POINTER
    try:
        name = pointer.read_text().strip()
    except FileNotFoundError:
        return root
    except (OSError, UnicodeDecodeError) as exc:
        raise CacheError(f"cache pointer {pointer} is unreadable ({exc})") from exc
    if not GENERATION_NAME.match(name) or not (root / name).is_dir():
        raise CacheError(
            f"cache pointer {pointer} names {name!r}, which is not a cache "
            f"generation in {root}; delete {pointer} to use the older layout"
        )
    return root / name
