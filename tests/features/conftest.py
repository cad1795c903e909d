"""Shared real-data panel for the feature tests (built once per session)."""

from __future__ import annotations

import pandas as pd
import pytest

from attribution.config.schema import RunConfig
from attribution.panel import Panel, build_panel
from attribution.pipeline.features import feature_series_ids
from attribution.sources.store import DataStore


@pytest.fixture(scope="session")
def snapshot_store() -> DataStore:
    """The bundled snapshot only (no cache, no local files)."""
    return DataStore(use_cache=False)


@pytest.fixture(scope="session")
def real_panel(snapshot_store: DataStore) -> Panel:
    """Every series the feature families read, aligned."""
    return build_panel(snapshot_store, feature_series_ids(snapshot_store, RunConfig()))


def ts(text: str) -> pd.Timestamp:
    """Short alias for a Timestamp."""
    return pd.Timestamp(text)
