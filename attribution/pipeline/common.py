"""Pieces every pipeline shares: the data store, run ids, the run folder."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.exceptions import ConfigError, fmt
from attribution.reports.manifest import finish_manifest, manifest_doc
from attribution.reports.output import write_run_dir
from attribution.sources.cache import Cache
from attribution.sources.local import LocalSeries
from attribution.sources.store import DataStore, Provenance


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


def check_daily_series(store: DataStore, ids: Iterable[str]) -> None:
    """Raise ConfigError unless every extra daily variable is a daily series.

    The ids are those of ``attribution.daily.extra_variables``.
    """
    for sid in ids:
        freq = store.provenance(sid).frequency
        if freq != "daily":
            raise ConfigError(
                fmt(
                    "attribution.daily.extra_variables",
                    "daily series (the daily VAR takes day-to-day changes)",
                    f"{sid} ({freq})",
                )
            )


def check_weekly_drivers(store: DataStore, ids: Iterable[str], key: str) -> None:
    """Raise ConfigError unless every series in ``ids`` is daily or weekly.

    A weekly model takes Wednesday-to-Wednesday changes; a monthly series (TIC,
    a local file declared ``monthly``) has none.
    """
    for sid in ids:
        freq = store.provenance(sid).frequency
        if freq not in ("daily", "weekly"):
            raise ConfigError(
                f"`{key}`: {sid!r} is a {freq} series; weekly models need daily "
                "or weekly data (use it in `panel` or `nowcast` instead)"
            )


def point_in_time(config: RunConfig) -> pd.Timestamp | None:
    """Return the config's point-in-time date as a Timestamp, if any."""
    pit = config.data.point_in_time
    return pd.Timestamp(pit) if pit is not None else None


def run_id(config: RunConfig, command: str) -> str:
    """Deterministic run folder name: ``<name>_<command>_<window>``."""
    return f"{config.run.name}_{command}_{config.window.replace(':', '_')}"


def with_standalone(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Add a compilable ``<name>_standalone.tex`` beside each ``<name>.tex``."""
    # imported here: reports.latex pulls in the engine (and scipy), which a
    # cached termpremium re-run does not otherwise need
    from attribution.reports.latex import standalone_text

    out = dict(files)
    for name, data in files.items():
        if name.endswith(".tex"):
            out[f"{name[:-4]}_standalone.tex"] = standalone_text(data.decode()).encode()
    return out


def write_with_manifest(
    config: RunConfig,
    command: str,
    files: Mapping[str, bytes],
    provenance: dict[str, Provenance],
    details: dict[str, Any],
    out_root: Path,
) -> Path:
    """Write ``files`` and their ``manifest.json`` into the run folder, atomically.

    Parameters
    ----------
    config : RunConfig
        The run's configuration (dumped into the manifest with its seed).
    command : str
        Command name, part of the folder name (see :func:`run_id`).
    files : mapping of str to bytes
        File name -> content, without the manifest.
    provenance : dict of str to Provenance
        Where each loaded series came from.
    details : dict
        Model details recorded under ``models`` in the manifest.
    out_root : Path
        Parent of the run folder.

    Returns
    -------
    Path
        The folder ``out_root/<run-id>/`` written.
    """
    doc = run_manifest_doc(config, files, provenance, details)
    out = {**files, "manifest.json": finish_manifest(doc).encode()}
    return write_run_dir(out_root / run_id(config, command), out)


def run_manifest_doc(
    config: RunConfig,
    files: Mapping[str, bytes],
    provenance: dict[str, Provenance],
    details: dict[str, Any],
) -> dict[str, Any]:
    """Return the manifest of a run writing ``files``, without versions and commit.

    See :func:`attribution.reports.manifest.manifest_doc`.
    """
    names = sorted([*files, "manifest.json"])
    return manifest_doc(
        config.model_dump(mode="json"), provenance, details, config.run.seed, names
    )
