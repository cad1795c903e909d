"""The sweep configuration: a base run, a grid of specifications, an executor.

``python cli.py sweep --config configs/sweeps/<name>.yaml`` reads a file of
this shape::

    run: {name: selloff_sample_start}
    base: ../april2025_selloff_week.yaml   # a run config (path or inline mapping)
    grid:                                  # every combination is one point
      windows: ["2025-04-04:2025-04-11"]
      models: [svar_hetero_daily]          # one model per point
      sample_start: [2010-01-01, 2011-01-01]
      sample_end: []
      n_lags: []
      seeds: []
      drop_restriction: []                 # or `all`, or ["sell_america.usd", ...]
    executor: {backend: joblib, n_jobs: 2} # or {backend: dask, address: tcp://...}
    output: {dir: outputs, figures: true}

Unknown keys and bad values are a :class:`~attribution.exceptions.ConfigError`
naming the key path (``grid.n_lags.0``), like the run configuration. An empty
grid dimension keeps the base config's value. Nothing outside ``executor``
depends on the backend.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from attribution.config.load import _message, _StrictLoader, _yaml_error, load_config
from attribution.config.schema import ModelName, RunConfig
from attribution.config.window import Window
from attribution.exceptions import ConfigError, WindowError

#: Grid dimensions, in the order they are expanded (the last varies fastest).
DIMENSIONS: tuple[str, ...] = (
    "window",
    "models",
    "sample_start",
    "sample_end",
    "n_lags",
    "seed",
    "dropped_restriction",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _no_duplicates(v: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(set(v)) != len(v):
        raise ValueError(f"has duplicates: {list(v)}")
    return v


class SweepRunSection(_Strict):
    """Sweep identity: the output folder is ``<dir>/<name>_sweep/``."""

    name: str = Field("sweep", pattern=r"^[A-Za-z0-9_.-]+$")


class GridSection(_Strict):
    """The specifications swept; an empty list keeps the base config's value.

    ``sample_start`` sets ``estimation.start`` (weekly models) and
    ``attribution.daily.start`` (daily models); ``sample_end`` sets
    ``estimation.end`` and ``attribution.daily.end``; ``n_lags`` sets
    ``attribution.svar.n_lags`` and ``attribution.daily.n_lags``; ``seeds``
    sets ``run.seed``; ``models`` runs one model per point.
    ``drop_restriction`` drops one sign of ``attribution.daily.shocks`` per
    point, written ``<shock>.<column>`` (``sell_america.usd``); ``none`` keeps
    them all, and ``all`` means ``none`` plus every sign in turn.
    """

    windows: tuple[str, ...] = ()
    models: tuple[ModelName, ...] = ()
    sample_start: tuple[dt.date, ...] = ()
    sample_end: tuple[dt.date, ...] = ()
    n_lags: tuple[int, ...] = ()
    seeds: tuple[int, ...] = ()
    drop_restriction: tuple[str, ...] | Literal["all"] = ()

    @field_validator("windows")
    @classmethod
    def _windows(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        labels = []
        for w in v:
            try:
                labels.append(Window.parse(w).label)
            except WindowError as exc:
                raise ValueError(
                    f"`grid.windows`: {w!r} is not a window ({exc})"
                ) from None
        return _no_duplicates(tuple(labels))

    @field_validator("models", "sample_start", "sample_end", "seeds")
    @classmethod
    def _unique(cls, v: tuple[Any, ...]) -> tuple[Any, ...]:
        return _no_duplicates(v)

    @field_validator("n_lags")
    @classmethod
    def _lags(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if any(n < 1 or n > 8 for n in v):
            raise ValueError(f"must be lags between 1 and 8; got {list(v)}")
        return _no_duplicates(v)

    @field_validator("drop_restriction")
    @classmethod
    def _drops(cls, v: tuple[str, ...] | str) -> tuple[str, ...] | str:
        if isinstance(v, str):
            return v
        bad = [d for d in v if d != "none" and "." not in d]
        if bad:
            raise ValueError(f"entries must be `none` or `<shock>.<column>`; got {bad}")
        return _no_duplicates(v)


class ExecutorSection(_Strict):
    """Where the points run: joblib (loky processes) or a Dask cluster.

    ``backend: dask`` with ``address: null`` starts a local cluster of
    ``n_jobs`` single-threaded worker processes (``local: true``, the
    default); ``address: tcp://host:8786`` connects to a running scheduler.
    """

    backend: Literal["joblib", "dask"] = "joblib"
    n_jobs: int = Field(1, ge=1, le=256)
    address: str | None = None
    local: bool | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ExecutorSection:
        if self.backend == "joblib" and (self.address is not None or self.local):
            raise ValueError(
                "executor.address and executor.local are options of backend "
                "dask; remove them or set backend: dask"
            )
        if self.address is not None and self.local:
            raise ValueError(
                "executor.address and executor.local: true exclude each other; keep one"
            )
        if self.backend == "dask" and self.address is None and self.local is False:
            raise ValueError(
                "backend dask needs executor.address (a scheduler) or local: true"
            )
        return self


class SweepOutputSection(_Strict):
    """Where the sweep writes, and whether it draws ``sweep.png``."""

    dir: str = "outputs"
    figures: bool = True


class SweepConfig(_Strict):
    """A whole sweep, validated before any point runs.

    ``base`` is a run configuration: inline, or the path of a YAML run config
    (relative to the sweep file), which :func:`load_sweep` replaces by the
    loaded :class:`RunConfig`.
    """

    run: SweepRunSection = SweepRunSection()
    base: RunConfig | str = RunConfig()
    grid: GridSection = GridSection()
    executor: ExecutorSection = ExecutorSection()
    output: SweepOutputSection = SweepOutputSection()

    @property
    def base_config(self) -> RunConfig:
        """The base run configuration (after :func:`load_sweep`)."""
        if isinstance(self.base, str):
            raise ConfigError(f"`base`: {self.base!r} was not loaded; use load_sweep")
        return self.base


class _InlineBase(BaseModel):
    model_config = ConfigDict(extra="ignore")
    base: RunConfig


def sweep_from_dict(
    data: dict[str, Any], origin: str = "sweep config", root: Path | None = None
) -> SweepConfig:
    """Validate a mapping into a :class:`SweepConfig`, loading a base path.

    Parameters
    ----------
    data : dict
        The parsed YAML.
    origin : str, default "sweep config"
        Named first in error messages.
    root : Path, optional
        Folder a relative ``base`` path is resolved against (default: the
        working directory).

    Raises
    ------
    ConfigError
        Naming the key path and the value (or the base file's own error).
    """
    try:
        if isinstance(data.get("base"), dict):  # loc starts `base.` (no union tag)
            data = {**data, "base": _InlineBase.model_validate(data).base}
        cfg = SweepConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_message(exc, origin)) from None
    except WindowError as exc:
        raise ConfigError(f"{origin}: {exc}") from None
    if isinstance(cfg.base, str):
        path = Path(cfg.base)
        if not path.is_absolute() and root is not None:
            path = root / path
        if not path.is_file():
            raise ConfigError(f"{origin}: `base`: no run config at {str(path)!r}")
        cfg = cfg.model_copy(update={"base": load_config(path)})
    return cfg


def load_sweep(path: str | Path) -> SweepConfig:
    """Read and validate a YAML sweep config.

    Raises
    ------
    ConfigError
        If the file is unreadable, not a YAML mapping, or invalid (the message
        names the key path).
    """
    origin = str(path)
    try:
        loaded = yaml.load(
            Path(path).read_bytes().decode("utf-8-sig"), Loader=_StrictLoader
        )
    except OSError as exc:
        raise ConfigError(
            f"{origin}: cannot read config ({exc.strerror or exc})"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(
            f"{origin}: not UTF-8 text; save the config as UTF-8"
        ) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(origin, exc) from None
    if not isinstance(loaded, dict):
        raise ConfigError(
            f"{origin}: the top level must be a mapping; got {type(loaded).__name__}"
        )
    return sweep_from_dict(loaded, origin, Path(path).resolve().parent)
