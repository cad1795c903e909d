"""Publisher adapters (one module each), the cache, the snapshot and the data store.

Every adapter returns the tidy schema ``date, series_id, value, units, source,
vintage`` (:mod:`attribution.sources.schema`). Nothing here does econometrics.

The names below are imported on first use, so that importing one light module
of this package (``attribution.sources.redaction``, ``...cache_dir``) does not
load pandas and the adapters.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from attribution.sources.cache import Cache
    from attribution.sources.local import LocalSeries
    from attribution.sources.store import DataStore, Provenance

__all__ = ["Cache", "DataStore", "LocalSeries", "Provenance"]

_HOMES = {
    "Cache": "attribution.sources.cache",
    "LocalSeries": "attribution.sources.local",
    "DataStore": "attribution.sources.store",
    "Provenance": "attribution.sources.store",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
