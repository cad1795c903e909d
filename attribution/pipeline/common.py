"""Pieces every pipeline shares: the data store from a config, run ids."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.sources.cache import Cache
from attribution.sources.local import LocalSeries
from attribution.sources.store import DataStore


def store_from_config(config: RunConfig) -> DataStore:
    """Build the offline :class:`DataStore` a config describes."""
    local = [
        LocalSeries(
            name=s.name,
            path=Path(s.path),
            units=s.units,
            frequency=s.frequency,
            column=s.column,
            date_column=s.date_column,
        )
        for s in config.data.local_series
    ]
    cache = Cache(config.data.cache_dir) if config.data.cache_dir else Cache()
    return DataStore(cache=cache, local=local, use_cache=config.data.use_cache)


def point_in_time(config: RunConfig) -> pd.Timestamp | None:
    """Return the config's point-in-time date as a Timestamp, if any."""
    pit = config.data.point_in_time
    return pd.Timestamp(pit) if pit is not None else None


def run_id(config: RunConfig, command: str) -> str:
    """Deterministic run folder name: ``<name>_<command>_<window>``."""
    return f"{config.run.name}_{command}_{config.window.replace(':', '_')}"
