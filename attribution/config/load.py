"""Load and validate a YAML run configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from attribution.config.schema import RunConfig
from attribution.exceptions import ConfigError, WindowError


class _StrictLoader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader that rejects duplicate keys and keeps impossible dates as text.

    PyYAML lets the last of two equal keys win silently, and raises a bare
    ``ValueError`` on an unquoted ``2025-02-30``. Here a duplicate is an error
    naming the key and its line, and an impossible date stays the string it was
    written as, so that the schema rejects it naming its key path.
    """


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, f"unhashable key {key!r}", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    out: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    return out


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _mapping,
)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _timestamp,
)


def _yaml_error(origin: str, exc: yaml.YAMLError) -> ConfigError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is not None and problem:
        where = f"line {mark.line + 1}, column {mark.column + 1}"
        return ConfigError(f"{origin}: not valid YAML ({where}: {problem})")
    return ConfigError(f"{origin}: not valid YAML ({str(exc).splitlines()[0]})")


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
            text = Path(path).read_bytes().decode("utf-8-sig")
            loaded = yaml.load(text, Loader=_StrictLoader)
        except OSError as exc:
            raise ConfigError(
                f"{origin}: cannot read config ({exc.strerror or exc})"
            ) from None
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"{origin}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at "
                f"offset {exc.start}); save the config as UTF-8"
            ) from None
        except yaml.YAMLError as exc:
            raise _yaml_error(origin, exc) from None
        except RecursionError:
            raise ConfigError(f"{origin}: not valid YAML (nested too deeply)") from None
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
