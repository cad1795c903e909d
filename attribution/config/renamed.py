"""Config keys renamed to the glossary's names, still accepted under the old name.

A YAML key is a user interface: a config written for an older release keeps
working. :func:`renamed_keys` maps each old key of a section to its new name
before validation and warns (:class:`~attribution.exceptions.DeprecatedOptionWarning`),
naming the new key. Giving both is an error naming both.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from attribution.exceptions import DeprecatedOptionWarning

#: the interval level's old keys (docs/glossary.md: ``level``)
LEVEL_RENAMES: dict[str, Mapping[str, str]] = {
    "attribution": {"ci_level": "level"},
    "breaks": {"ci_level": "level"},
    "nowcast": {"interval_level": "level"},
    "features.divergence": {"band_level": "level"},
}


def renamed_keys(data: Any, section: str) -> Any:
    """Return ``data`` with the section's deprecated keys under their new names.

    Parameters
    ----------
    data : Any
        The raw section (a mapping from YAML; anything else is left to the
        section's own validation).
    section : str
        Dotted path of the section, a key of :data:`LEVEL_RENAMES`.

    Returns
    -------
    Any
        A copy with each old key renamed, or ``data`` itself when none is given.

    Raises
    ------
    ValueError
        If a section gives both the old and the new key.
    """
    renames = LEVEL_RENAMES[section]
    if not isinstance(data, Mapping) or not any(old in data for old in renames):
        return data
    out = dict(data)
    for old, new in renames.items():
        if old not in out:
            continue
        if new in out:
            raise ValueError(
                f"`{section}.{old}` is the deprecated name of `{section}.{new}`; "
                f"give only `{new}`."
            )
        warnings.warn(
            f"config key `{section}.{old}` is deprecated; write `{section}.{new}` "
            "(same meaning).",
            DeprecatedOptionWarning,
            stacklevel=2,
        )
        out[new] = out.pop(old)
    return out
