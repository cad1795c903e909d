"""Publisher adapters (one module each), the cache, the snapshot and the data store.

Every adapter returns the tidy schema ``date, series_id, value, units, source,
vintage`` (:mod:`attribution.sources.schema`). Nothing here does econometrics.
"""

from attribution.sources.cache import Cache
from attribution.sources.local import LocalSeries
from attribution.sources.store import DataStore, Provenance

__all__ = ["Cache", "DataStore", "LocalSeries", "Provenance"]
