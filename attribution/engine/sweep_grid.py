"""A sweep's grid: its points as run configs, and its tidy result rows.

:func:`expand_grid` turns a :class:`~attribution.config.sweep_section.SweepConfig`
into one :class:`SweepPoint` per combination of the grid's dimensions (the
last dimension varies fastest). :func:`point_rows` turns one point's
attribution table into rows of :data:`SWEEP_COLUMNS`; :func:`failed_rows`
gives the ``not_estimated`` rows of a point that could not run.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from attribution.config.load import config_from_dict
from attribution.config.schema import RunConfig
from attribution.config.sweep_section import DIMENSIONS, SweepConfig
from attribution.engine.details import (
    ModelDetails,
    OLSDetails,
    TermStructureDetails,
    VARDetails,
)
from attribution.exceptions import ConfigError
from attribution.models.var.daily_shocks import DAILY_SHOCKS

#: Columns of the tidy sweep table, in order (grid coordinates first).
SWEEP_COLUMNS: tuple[str, ...] = (
    "point",
    *DIMENSIONS,
    "model",
    "tenor",
    "driver",
    "role",
    "contribution_bp",
    "lower_bp",
    "upper_bp",
    "set_lower_bp",
    "set_upper_bp",
    "level",
    "status",
    "note",
    "sample_used",
    "sample_clamped",
)

#: A model sample that starts this many days after the requested start is
#: reported as clamped (the data begin later).
CLAMP_DAYS = 14


@dataclass(frozen=True)
class SweepPoint:
    """One grid point: its coordinates and its run config (or why it has none).

    ``coords`` maps each of :data:`DIMENSIONS` to its value as text (the
    base config's value where the grid does not vary it). ``config`` is None
    when the point's config is invalid; ``error`` then says why.
    """

    index: int
    coords: dict[str, str]
    config: RunConfig | None
    error: str
    models: tuple[str, ...]
    tenors: tuple[str, ...]


def restrictions(base: RunConfig) -> list[str]:
    """Every sign restriction of ``attribution.daily.shocks``, as ``shock.column``.

    The defaults (:data:`~attribution.models.var.daily_shocks.DAILY_SHOCKS`)
    when the base config leaves ``shocks`` null.
    """
    return [f"{name}.{col}" for name, s in _shocks(base).items() for col in s["signs"]]


def _shocks(base: RunConfig) -> dict[str, dict[str, Any]]:
    shocks = base.attribution.daily.shocks
    if shocks is None:
        return {k: {**v, "signs": dict(v["signs"])} for k, v in DAILY_SHOCKS.items()}
    return {k: s.model_dump(mode="json") for k, s in shocks.items()}


def _values(sweep: SweepConfig, base: RunConfig) -> dict[str, list[Any]]:
    g = sweep.grid
    drops: list[str] = (
        ["none", *restrictions(base)]
        if g.drop_restriction == "all"
        else list(g.drop_restriction)
    )
    known = set(restrictions(base))
    bad = [d for d in drops if d != "none" and d not in known]
    if bad:
        raise ConfigError(
            f"`grid.drop_restriction`: {bad} name no sign of "
            f"attribution.daily.shocks; use `none` or one of {sorted(known)}"
        )
    return {
        "window": list(g.windows) or [None],
        "models": list(g.models) or [None],
        "sample_start": list(g.sample_start) or [None],
        "sample_end": list(g.sample_end) or [None],
        "n_lags": list(g.n_lags) or [None],
        "seed": list(g.seeds) or [None],
        "dropped_restriction": drops or [None],
    }


def _apply(data: dict[str, Any], dim: str, value: Any, base: RunConfig) -> None:
    att = data["attribution"]
    if dim == "window":
        data["window"] = value
    elif dim == "models":
        att["models"] = [value]
    elif dim == "sample_start":
        data["estimation"]["start"] = value.isoformat()
        att["daily"]["start"] = value.isoformat()
    elif dim == "sample_end":
        data["estimation"]["end"] = value.isoformat()
        att["daily"]["end"] = value.isoformat()
    elif dim == "n_lags":
        att["svar"]["n_lags"] = value
        att["daily"]["n_lags"] = value
    elif dim == "seed":
        data["run"]["seed"] = value
    elif dim == "dropped_restriction" and value != "none":
        shock, col = value.split(".", 1)
        shocks = _shocks(base)
        del shocks[shock]["signs"][col]
        att["daily"]["shocks"] = shocks


def _base_value(dim: str, base: RunConfig) -> str:
    """Return the value of a dimension the grid does not vary, or ``base``.

    Samples and lags differ between the weekly and the daily models (see
    ``sample_used``), so they read ``base``.
    """
    return {
        "window": base.window,
        "models": ",".join(base.attribution.models),
        "seed": f"{base.run.seed}",
        "dropped_restriction": "none",
    }.get(dim, "base")


def expand_grid(sweep: SweepConfig) -> list[SweepPoint]:
    """Expand the sweep's grid into its points, in a fixed order.

    Each point's config is the base config with that point's values, validated
    like a config file. A point whose config is invalid (a sample start after
    its window) keeps the error and is reported as not estimated.

    Raises
    ------
    ConfigError
        If ``grid.drop_restriction`` names a sign the base config lacks.
    """
    base = sweep.base_config
    values = _values(sweep, base)
    points: list[SweepPoint] = []
    for i, combo in enumerate(itertools.product(*values.values())):
        data = base.model_dump(mode="json")
        coords: dict[str, str] = {}
        for dim, value in zip(values, combo, strict=True):
            if value is None:
                coords[dim] = _base_value(dim, base)
                continue
            _apply(data, dim, value, base)
            coords[dim] = str(value)
        try:
            cfg: RunConfig | None = config_from_dict(data, f"sweep point {i}")
            error = ""
        except ConfigError as exc:
            cfg, error = None, str(exc)
        att = cfg.attribution if cfg is not None else base.attribution
        models = tuple(coords["models"].split(","))
        points.append(SweepPoint(i, coords, cfg, error, models, att.tenors))
    return points


def _sample(info: ModelDetails | None, tenor: str) -> str:
    if isinstance(info, VARDetails | TermStructureDetails):
        return info.sample
    if isinstance(info, OLSDetails) and tenor in info.tenors:
        fit = info.tenors[tenor]
        return f"{fit.start}..{fit.end}"
    return ""


def _requested_start(model: str, cfg: RunConfig) -> dt.date:
    if model.endswith("_daily"):
        return cfg.attribution.daily.start
    return cfg.estimation.start


def _clamped(sample: str, requested: dt.date) -> bool:
    try:
        first = dt.date.fromisoformat(sample.split("..")[0])
    except ValueError:
        return False
    return (first - requested).days > CLAMP_DAYS


def point_rows(
    point: SweepPoint, table: pd.DataFrame, details: Mapping[str, ModelDetails]
) -> pd.DataFrame:
    """Tidy rows of one point's attribution table (every model, tenor, channel).

    ``sample_used`` is the sample the model was estimated on, from its
    details; ``sample_clamped`` is True when it starts more than
    :data:`CLAMP_DAYS` days after the configured start (the data begin
    later: the daily design on 2016-09-27).
    """
    assert point.config is not None
    out = pd.DataFrame(
        {
            "point": point.index,
            **{d: point.coords[d] for d in DIMENSIONS},
            "model": table["model"].to_numpy(),
            "tenor": table["tenor"].to_numpy(),
            "driver": table["driver"].to_numpy(),
            "role": table["role"].to_numpy(),
            "contribution_bp": table["contribution_bp"].to_numpy(float),
            "lower_bp": table["lower_bp"].to_numpy(float),
            "upper_bp": table["upper_bp"].to_numpy(float),
            "set_lower_bp": table["set_lower_bp"].to_numpy(float),
            "set_upper_bp": table["set_upper_bp"].to_numpy(float),
            "level": table["level"].to_numpy(float),
            "status": table["status"].to_numpy(),
            "note": table["note"].fillna("").to_numpy(),
        }
    )
    samples = [
        _sample(details.get(m), t)
        for m, t in zip(table["model"], table["tenor"], strict=True)
    ]
    out["sample_used"] = samples
    out["sample_clamped"] = [
        _clamped(s, _requested_start(m, point.config))
        for s, m in zip(samples, table["model"], strict=True)
    ]
    return out.loc[:, list(SWEEP_COLUMNS)].reset_index(drop=True)


def failed_rows(point: SweepPoint, reason: str) -> pd.DataFrame:
    """``not_estimated`` rows (one per model and tenor) for a point that failed.

    The numbers are NaN, never zeros that read like an answer; ``note`` is
    the error's message (driver ``all``).
    """
    rows = [
        {
            "point": point.index,
            **point.coords,
            "model": m,
            "tenor": t,
            "driver": "all",
            "role": "",
            "contribution_bp": np.nan,
            "lower_bp": np.nan,
            "upper_bp": np.nan,
            "set_lower_bp": np.nan,
            "set_upper_bp": np.nan,
            "level": np.nan,
            "status": "not_estimated",
            "note": reason,
            "sample_used": "",
            "sample_clamped": False,
        }
        for m in point.models
        for t in point.tenors
    ]
    return pd.DataFrame(rows, columns=list(SWEEP_COLUMNS))
