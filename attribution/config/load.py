"""Load and validate a YAML run configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from attribution.config.schema import RunConfig
from attribution.exceptions import ConfigError, WindowError


def _message(err: ValidationError, origin: str) -> str:
    first = err.errors()[0]
    path = ".".join(str(p) for p in first["loc"]) or "<root>"
    value = first.get("input")
    text = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        return (
            f"{origin}: unknown key `{path}` (value {value!r}). "
            "Check the spelling against configs/default.yaml."
        )
    if text.startswith("`") or path == "<root>":
        return f"{origin}: {text}"
    shown = value if not isinstance(value, dict) else "{...}"
    return f"{origin}: `{path}`: {text}; got {shown!r}."


def config_from_dict(data: dict[str, Any], origin: str = "config") -> RunConfig:
    """Validate a mapping into a :class:`RunConfig`.

    Raises
    ------
    ConfigError
        Naming the key path and the value.
    """
    try:
        return RunConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_message(exc, origin)) from None
    except WindowError as exc:
        raise ConfigError(f"{origin}: {exc}") from None


def load_config(path: str | Path | None = None, **overrides: Any) -> RunConfig:
    """Read a YAML config (default: all defaults) and apply overrides.

    Parameters
    ----------
    path : path-like, optional
        YAML file.
    **overrides
        Top-level keys to replace (e.g. ``window="2025-04"``); ``None`` values
        are ignored.

    Raises
    ------
    ConfigError
        If the file is unreadable, not a YAML mapping, or invalid.
    """
    data: dict[str, Any] = {}
    origin = "config"
    if path is not None:
        origin = str(path)
        try:
            loaded = yaml.safe_load(Path(path).read_text())
        except OSError as exc:
            raise ConfigError(
                f"{origin}: cannot read config ({exc.strerror})"
            ) from None
        except yaml.YAMLError as exc:
            raise ConfigError(
                f"{origin}: not valid YAML ({str(exc).splitlines()[0]})"
            ) from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(
                f"{origin}: the top level must be a mapping; "
                f"got {type(loaded).__name__}"
            )
        data = loaded
    for key, value in overrides.items():
        if value is not None:
            data[key] = value
    return config_from_dict(data, origin)
