"""The verdict line of one (model, tenor) block of the attribution table.

Rules
-----
* Every identified shock is considered: the drivers and the model's other
  identified shocks (role ``shock``), not the controls, baseline, drift,
  residual or stub.
* A point-identified row is *named* when its interval excludes zero.
* A set-identified row is named only when the robust band of its identified
  set excludes zero; otherwise the sign restrictions alone cannot tell it
  from zero, and the verdict says so rather than quoting a posterior mean as
  an answer.
* The largest identified row (by absolute contribution) is always reported,
  with the row's note, which says when a shock ran in reverse (e.g. a
  *reversed* flight to safety: yields up, dollar down).
* A ``weakly_identified`` row (identification through heteroskedasticity
  whose variance ratios cannot be told apart) is reported but never named:
  only the span of its group is identified.
* A block the model could not estimate says why.
"""

from __future__ import annotations

import math

import pandas as pd

_SHOCK_ROLES = ("driver", "shock")


def _label(row: pd.Series) -> str:
    name = str(row["driver"]).replace("_", " ")
    note = str(row.get("note", "") or "")
    return f"{name} ({note})" if note.startswith("reversed") else name


def _band(row: pd.Series, set_identified: bool) -> str:
    if set_identified:
        return (
            f"set [{row['set_lower_bp']:+.1f}, {row['set_upper_bp']:+.1f}], "
            f"robust band [{row['set_band_lower_bp']:+.1f}, "
            f"{row['set_band_upper_bp']:+.1f}]"
        )
    return f"[{row['lower_bp']:+.1f}, {row['upper_bp']:+.1f}]"


def names_row(row: pd.Series, set_identified: bool) -> bool:
    """Return whether the verdict names this row (its band excludes zero)."""
    lo, hi = (
        (row["set_band_lower_bp"], row["set_band_upper_bp"])
        if set_identified
        else (row["lower_bp"], row["upper_bp"])
    )
    return bool(lo > 0 or hi < 0)


def verdict_text(block: pd.DataFrame, tenor: str) -> str:
    """Return the verdict sentence for one (model, tenor) block of the table.

    Parameters
    ----------
    block : DataFrame
        The block's rows (columns of :data:`attribution.engine.result.COLUMNS`).
    tenor : str
        The tenor, named first in the sentence.

    Returns
    -------
    str
    """
    actual_rows = block.loc[block["driver"] == "actual", "contribution_bp"]
    actual = float(actual_rows.iloc[0]) if len(actual_rows) else math.nan
    shocks = block.loc[block["role"].isin(_SHOCK_ROLES)]
    if shocks.empty or (shocks["status"] == "not_estimated").all():
        notes = [n for n in shocks.get("note", pd.Series(dtype=str)) if n]
        why = notes[0] if notes else "no whole model period in the window"
        return (
            f"{tenor}: not estimated by this model ({why}); the actual change "
            f"{actual:+.1f} bp is all stub."
        )
    shocks = shocks.loc[shocks["status"] != "not_estimated"]
    set_id = bool((shocks["status"] == "set_identified").any())
    order = shocks["contribution_bp"].abs().sort_values(ascending=False).index
    largest = shocks.loc[order[0]]
    named = [
        r
        for _, r in shocks.loc[order].iterrows()
        if names_row(r, set_id) and r["status"] != "weakly_identified"
    ]
    big = (
        f"largest: {_label(largest)} {largest['contribution_bp']:+.1f} bp "
        f"{_band(largest, set_id)}"
    )
    if (shocks["status"] == "weakly_identified").all():
        return (
            f"{tenor}: the volatility regimes do not tell the shocks apart (weak "
            f"identification: only their joint span is identified), so no shock is "
            f"named ({big}; actual {actual:+.1f} bp)."
        )
    if not named:
        if set_id:
            return (
                f"{tenor}: the sign restrictions alone cannot tell any shock's "
                f"contribution from zero (every identified set's robust band "
                f"contains zero; {big}; actual {actual:+.1f} bp)."
            )
        drivers = list(shocks.loc[shocks["role"] == "driver", "driver"])
        others = bool((shocks["role"] == "shock").any())
        head = (
            f"neither {' nor '.join(drivers)} is distinguishable from zero"
            + ("; nor is any other identified shock" if others else "")
            if drivers
            else "no identified shock is distinguishable from zero"
        )
        return f"{tenor}: {head} ({big}; actual {actual:+.1f} bp)."
    parts = ", ".join(
        f"{_label(r)} {r['contribution_bp']:+.1f} bp {_band(r, set_id)}" for r in named
    )
    tail = "" if named[0]["driver"] == largest["driver"] else f"; {big}"
    return f"{tenor}: {parts} of an actual {actual:+.1f} bp{tail}."
