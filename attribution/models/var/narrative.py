"""Narrative sign restrictions on structural shocks (Antolín-Díaz and Rubio-Ramírez).

A narrative restriction states the sign of one structural shock on one date,
from an observed fact: "custody rose by $3.6bn in the week to 9 April 2025,
so the foreign-official-selling shock of that week was not positive" is
``NarrativeRestriction("2025-04-09", "foreign_official_selling", "-")``.

Importance weights
------------------
Antolín-Díaz and Rubio-Ramírez (2018) condition the likelihood on the
narrative event and weight each draw by the inverse of the probability
that the event occurs under the drawn model. For a restriction on the *sign
of a shock* on given dates that probability is :math:`2^{-k}` for k
restricted dates whatever the model (the shocks are symmetric and
independent), so the weights are constant and the weighted posterior is the
sign-restricted posterior with the draws that violate the narrative
removed. Restrictions on the historical decomposition (which shock
"mattered most"), whose weights vary by draw, are not offered.

References
----------
Antolín-Díaz, J. and Rubio-Ramírez, J. F. (2018). Narrative sign
restrictions for SVARs. *American Economic Review* 108(10), 2802-2829,
sec. II.B (eq. 6) and sec. III.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from attribution.exceptions import ConfigError, ModelSpecificationError, fmt


@dataclass(frozen=True)
class NarrativeRestriction:
    """The sign of one structural shock on one date.

    Parameters
    ----------
    date : Timestamp
        Row of the VAR the shock is dated at (for the weekly models, the
        Wednesday ending the week).
    shock : str
        A restricted shock's name.
    sign : {"+", "-"}
        Required sign of the shock on ``date``.
    description : str, optional
        The fact behind it, for reports.
    end : Timestamp, optional
        If given, the restriction is on the *sum* of the shock over the VAR
        rows from ``date`` to ``end`` (both included): "the basis shocks of 2
        to 8 April summed to a negative number". The sum of symmetric
        independent shocks is symmetric too, so the importance weight stays
        constant (probability 1/2 per restriction).
    period : {"week", "day"}, default "week"
        What one VAR row is, for the text.
    """

    date: pd.Timestamp
    shock: str
    sign: str
    description: str = ""
    end: pd.Timestamp | None = None
    period: str = "week"

    def __post_init__(self) -> None:
        if self.sign not in ("+", "-"):
            raise ModelSpecificationError(
                fmt(f"narrative[{self.shock}].sign", 'either "+" or "-"', self.sign)
            )
        object.__setattr__(self, "date", pd.Timestamp(self.date))
        if self.end is not None:
            end = pd.Timestamp(self.end)
            if end < self.date:
                raise ModelSpecificationError(
                    fmt(f"narrative[{self.shock}].end", "on or after date", self.end)
                )
            object.__setattr__(self, "end", end)

    def text(self) -> str:
        """Describe the restriction in one phrase."""
        word = "positive" if self.sign == "+" else "negative"
        why = f" ({self.description})" if self.description else ""
        if self.end is not None:
            span = f"{self.date:%Y-%m-%d} to {self.end:%Y-%m-%d}"
            return f"{self.shock} summed over {span} {word}{why}"
        when = "on" if self.period == "day" else "in the week to"
        return f"{self.shock} {word} {when} {self.date:%Y-%m-%d}{why}"


def narrative_from_spec(
    spec: Sequence[Mapping[str, Any]] | None,
    shocks: Sequence[str],
    period: str = "week",
) -> tuple[NarrativeRestriction, ...]:
    """Build narrative restrictions from config entries.

    Parameters
    ----------
    spec : sequence of mappings, optional
        Entries with keys ``date``, ``shock``, ``sign`` and optionally
        ``description`` and ``end`` (a sum over ``date..end``).
    shocks : sequence of str
        The identified shocks; a restriction on any other name is an error.
    period : {"week", "day"}, default "week"
        What one VAR row is, for the text.

    Returns
    -------
    tuple of NarrativeRestriction

    Raises
    ------
    ConfigError
        If an entry names an unknown shock or lacks a key.
    """
    out = []
    for k, entry in enumerate(spec or ()):
        missing = {"date", "shock", "sign"} - set(entry)
        if missing:
            raise ConfigError(
                fmt(f"narrative[{k}]", "keys date, shock and sign", sorted(entry))
            )
        if entry["shock"] not in shocks:
            raise ConfigError(
                fmt(f"narrative[{k}].shock", f"one of {list(shocks)}", entry["shock"])
            )
        out.append(
            NarrativeRestriction(
                pd.Timestamp(entry["date"]),
                str(entry["shock"]),
                str(entry["sign"]),
                str(entry.get("description", "")),
                pd.Timestamp(entry["end"]) if entry.get("end") else None,
                period,
            )
        )
    return tuple(out)
