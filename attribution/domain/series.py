"""Series ids and variable names every layer refers to, spelled once.

``CMT_IDS`` are FRED's H.15 constant-maturity yields (percent, end of day);
``CUSTODY`` is H.4.1 marketable Treasuries held in custody for foreign
official and international accounts (Wednesday level, $mn as published);
``BROAD_DOLLAR`` is the H.10 nominal broad dollar index (noon). The catalogue
describes each id.

:data:`LEVERAGED` and :data:`DOLLAR` are the two weekly variables that carry a
different name in each context (the weekly design, the weekly VARs, the sign
patterns of the config): each has one name (``lev_net_short``, ``dollar``,
as in ``docs/glossary.md``) and its per-context spellings are defined here
only, with the sign that links them.
"""

from __future__ import annotations

from dataclasses import dataclass

CMT_IDS: dict[str, str] = {
    "3m": "DGS3MO",
    "2y": "DGS2",
    "5y": "DGS5",
    "10y": "DGS10",
    "30y": "DGS30",
}
US_2Y = CMT_IDS["2y"]
US_10Y = CMT_IDS["10y"]
US_30Y = CMT_IDS["30y"]
CUSTODY = "WMTSECL1"
BROAD_DOLLAR = "DTWEXBGS"



@dataclass(frozen=True)
class VariableName:
    """One weekly variable and the column or key each context gives it.

    Attributes
    ----------
    name : str
        Its one name (docs, glossary).
    design : str
        Column of :func:`attribution.features.weekly.weekly_design` (the
        weekly OLS driver or control, the ``breaks`` flows relation).
    var : str
        Column of the weekly VARs (:mod:`attribution.engine.svar_weekly`).
    role : str
        Key of the variable in a sign pattern (``DEFAULT_SHOCKS``, the
        config's ``shocks``).
    var_sign : int
        ``var = var_sign * design``: the VARs order the leveraged position
        as long minus short, the design as the net short.
    meaning : str
        What a positive value means, and the units.
    """

    name: str
    design: str
    var: str
    role: str
    var_sign: int
    meaning: str


LEVERAGED = VariableName(
    name="lev_net_short",
    design="lev_net_short",
    var="lev_net",
    role="leveraged_net",
    var_sign=-1,
    meaning="weekly change in leveraged funds' net short in Treasury futures, "
    "thousand 10y-note equivalents (+ = more short); the VARs' lev_net and the "
    "sign role leveraged_net are its negative (+ = the net short shrinks)",
)
DOLLAR = VariableName(
    name="dollar",
    design="ctrl_dollar",
    var="dollar",
    role="dollar",
    var_sign=1,
    meaning="weekly log change of the broad dollar index (H.10, DTWEXBGS) x 100, "
    "percent (+ = the dollar rose)",
)

__all__ = [
    "BROAD_DOLLAR",
    "CMT_IDS",
    "CUSTODY",
    "DOLLAR",
    "LEVERAGED",
    "US_10Y",
    "US_2Y",
    "US_30Y",
    "VariableName",
]
