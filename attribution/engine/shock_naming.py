"""Name sign-identified shocks so that a reader can tell a shock from its mirror.

Two helpers for the set-identified SVAR rows:

* :func:`reversed_note` says when a shock ran *in reverse* over the window.
  A flight-to-safety shock is defined by 10y down and dollar up; a window in
  which it pushed the 10y *up* saw the reverse (yields up, dollar down: the
  "sell America" pattern), and the row says so.
* :func:`indistinct_pairs` lists the pairs of restricted shocks whose sign
  patterns agree (or are mirror images) on every variable they both
  restrict, with the variables that alone tell them apart and how much those
  variables' VAR innovations co-move with the 10y's. Foreign official selling
  (custody down, 10y up, dollar down) is the mirror of a flight to safety
  (10y down, dollar up) except for custody.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from attribution.models.var import SignRestriction

LABELS = {
    "custody": "custody",
    "lev_net": "leveraged net position",
    "usd": "dollar",
    "y2": "2y",
    "y5": "5y",
    "y10": "10y",
    "y30": "30y",
    "swap_spread": "swap spread",
}


def _label(key: str) -> str:
    parts = [p.strip() for p in key.split(" - ")]
    return " minus ".join(LABELS.get(p, p) for p in parts)


def _join(words: list[str]) -> str:
    """Join as "a", "a and b", "a, b and c"."""
    return (
        ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1]
        if words
        else ""
    )


def reference_variable(restriction: SignRestriction) -> str | None:
    """Return the variable whose sign defines the shock's direction.

    The 10y if restricted, else the 2y, else the first plain variable.
    """
    for key in ("y10", "y2"):
        if key in restriction.signs:
            return key
    plain = [k for k in restriction.signs if " - " not in k]
    return plain[0] if plain else None


def reversed_note(restriction: SignRestriction, ref: str, contribution: float) -> str:
    """Return ``"reversed: ..."`` if the shock moved ``ref`` against its defining sign.

    Parameters
    ----------
    restriction : SignRestriction
        The shock's sign pattern.
    ref : str
        Reference variable (see :func:`reference_variable`).
    contribution : float
        The shock's window contribution to ``ref`` (posterior mean, bp).

    Returns
    -------
    str
        Empty when the shock ran in its defining direction.
    """
    want = 1.0 if restriction.signs[ref] == "+" else -1.0
    if contribution * want >= 0:
        return ""
    flipped = ", ".join(
        f"{_label(k)} {'down' if s == '+' else 'up'}"
        for k, s in restriction.signs.items()
    )
    return f"reversed: {flipped}"


def indistinct_pairs(
    restrictions: Sequence[SignRestriction],
    resid_corr: pd.DataFrame,
    max_separating: int = 2,
) -> list[str]:
    """Pairs of shocks that the signs tell apart only through few variables.

    Parameters
    ----------
    restrictions : sequence of SignRestriction
    resid_corr : DataFrame
        Correlation matrix of the VAR's residuals (variables x variables).
    max_separating : int, default 2
        Report a pair only when at most this many variables tell it apart.

    Returns
    -------
    list of str
        One sentence per pair whose common restrictions all agree (or all
        disagree: a mirror image), naming the separating variables and their
        innovations' correlation with the 10y.
    """
    out = []
    for i, a in enumerate(restrictions):
        for b in restrictions[i + 1 :]:
            common = [k for k in a.signs if k in b.signs]
            if not common:
                continue
            same = all(a.signs[k] == b.signs[k] for k in common)
            mirror = all(a.signs[k] != b.signs[k] for k in common)
            if not (same or mirror):
                continue
            keys = (*a.signs, *b.signs)
            only = list(dict.fromkeys(k for k in keys if k not in common))
            if len(only) > max_separating:
                continue
            with_10y = resid_corr.get("y10", pd.Series(dtype=float))
            corr = ", ".join(
                f"{_label(k)} {float(with_10y[k]):+.2f}"
                for k in only
                if k != "y10" and k in resid_corr.index and "y10" in resid_corr.columns
            )
            how = "the mirror image of" if mirror else "the same as"
            verb = "tells" if len(only) == 1 else "tell"
            out.append(
                f"{a.shock.replace('_', ' ')} is {how} {b.shock.replace('_', ' ')} "
                f"on {', '.join(_label(k) for k in common)}; only "
                f"{_join([_label(k) for k in only]) or 'nothing'} {verb} them "
                "apart"
                + (f" (innovation correlation with the 10y: {corr})" if corr else "")
            )
    return out
