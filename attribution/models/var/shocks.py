"""Default structural shocks for Treasury-yield attribution, as named sign patterns.

The defaults are *data* (``DEFAULT_SHOCKS`` below), written in terms of
variable **roles**; :func:`shocks_from_spec` maps roles to the columns of a
VAR and returns :class:`~attribution.models.var.sign.SignRestriction` objects.
Override any part by passing your own spec (same structure, e.g. parsed from
a run's YAML config) or a different role mapping.

Roles
-----
``custody``
    Foreign official holdings of Treasuries in custody at the New York Fed
    (H.4.1 memo item), level or change.
``10y``, ``2y``
    10-year and 2-year Treasury yields.
``dollar``
    Trade-weighted dollar index; up = dollar appreciation.
``leveraged_net``
    Leveraged-fund *net* position in Treasury futures (long minus short, CFTC
    TFF), normally negative. Up = the net short shrinks toward zero.
``swap_spread``
    Swap rate minus Treasury yield at a matched tenor (optional).

Shocks (impact sign, one-standard-deviation shock)
--------------------------------------------------
``foreign_official_selling``
    custody -, 10y +, dollar -: official holders sell Treasuries (and, when
    defending their currency, sell dollars).
``basis_unwind``
    leveraged_net +, 10y +, swap_spread -: the cash-futures basis trade is
    unwound; futures shorts are bought back (net short shrinks), cash
    Treasuries are sold, so yields rise and swap spreads fall. The
    ``swap_spread`` sign is imposed only where that series is in the VAR.
``policy_expectations``
    2y +, (2y - 10y) +, dollar +: expected policy tightens; the 2y rises by
    more than the 10y (a restriction on the difference of the responses),
    and the dollar appreciates.
``flight_to_safety``
    10y -, dollar +: safe-haven demand for Treasuries and dollars.

Horizons default to impact only (``[0]``); set ``horizons`` per shock or
globally to hold the signs longer.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from attribution.domain.shocks import DEFAULT_SHOCKS as DEFAULT_SHOCKS
from attribution.exceptions import ConfigError, fmt
from attribution.models.var.sign import SignRestriction

_KEYS = {"description", "signs", "horizons"}
_DIFF = re.compile(r"^\s*(.+?)\s+-\s+(.+?)\s*$")


OPTIONAL_ROLES: tuple[str, ...] = ("swap_spread",)


def _map_key(
    key: str,
    mapping: Mapping[str, str] | None,
    columns: Sequence[str] | None,
    optional: Sequence[str],
    where: str,
) -> str | None:
    """Map a role key (or ``"a - b"``) to columns; None if a role is absent.

    A role that ``mapping`` sends to a column missing from ``columns`` raises,
    unless the role is ``optional``: a typo must not silently drop a sign.
    """
    match = _DIFF.match(key)
    roles = [key] if match is None else [match[1], match[2]]
    cols = [r if mapping is None else mapping.get(r) for r in roles]
    for role, col in zip(roles, cols, strict=True):
        if (
            mapping is not None
            and col is not None
            and columns is not None
            and col not in columns
            and role not in optional
        ):
            raise ConfigError(
                fmt(
                    f"{where}.{key}",
                    f"a role mapped to one of the VAR's columns {list(columns)}",
                    f"{role!r} -> {col!r}",
                    "Fix the role mapping, or list the role in `optional` to drop "
                    "its signs when the column is absent.",
                )
            )
    if any(c is None or (columns is not None and c not in columns) for c in cols):
        return None
    return str(cols[0]) if match is None else f"{cols[0]} - {cols[1]}"


def shocks_from_spec(
    spec: Mapping[str, Mapping[str, Any]] | None = None,
    mapping: Mapping[str, str] | None = None,
    *,
    columns: Sequence[str] | None = None,
    include: Sequence[str] | None = None,
    horizons: Sequence[int] | None = None,
    optional: Sequence[str] = OPTIONAL_ROLES,
) -> list[SignRestriction]:
    """Build sign restrictions from a role-based spec.

    Parameters
    ----------
    spec : mapping, optional
        ``{shock: {"signs": {role: "+"/"-"}, "horizons": [...], "description": str}}``;
        default :data:`DEFAULT_SHOCKS`.
    mapping : mapping of role to column name, optional
        Default: roles are column names. Restrictions on roles not in the
        mapping are dropped (e.g. no swap-spread series); a shock left with no
        restriction is skipped.
    columns : sequence of str, optional
        The VAR's columns. With ``mapping``, a role mapped to a column that
        is not among them raises, unless the role is in ``optional``, whose
        restrictions are then dropped. Without ``mapping``, restrictions on
        other variables are dropped.
    include : sequence of str, optional
        Shocks to keep, in this order (default: all, in spec order).
    horizons : sequence of int, optional
        Override every shock's horizons.
    optional : sequence of str, default ("swap_spread",)
        Roles that may be mapped to a column absent from the VAR.

    Returns
    -------
    list of SignRestriction

    Raises
    ------
    ConfigError
        On unknown keys or shock names, or a role mapped to an unknown column
        (the message names the key path).
    """
    spec = copy.deepcopy(dict(DEFAULT_SHOCKS if spec is None else spec))
    names = list(spec) if include is None else list(include)
    out = []
    for name in names:
        if name not in spec:
            raise ConfigError(fmt("include", f"shocks among {list(spec)}", name))
        entry = dict(spec[name])
        unknown = set(entry) - _KEYS
        if unknown or "signs" not in entry:
            raise ConfigError(
                fmt(
                    f"shocks.{name}",
                    f"a mapping with keys {sorted(_KEYS)} including 'signs'",
                    sorted(entry),
                )
            )
        signs = {}
        for key, sign in dict(entry["signs"]).items():
            col = _map_key(str(key), mapping, columns, optional, f"shocks.{name}.signs")
            if col is not None:
                signs[col] = sign
        if not signs:
            continue
        hz = tuple(horizons if horizons is not None else entry.get("horizons", [0]))
        out.append(SignRestriction(name, signs, hz, str(entry.get("description", ""))))
    return out
