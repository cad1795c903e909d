r"""Weekly structural worlds with known shock contributions (simulated data).

The variables, in this order and in the units of the weekly SVAR engine
(:mod:`attribution.engine.svar_weekly`), are Wednesday-to-Wednesday changes:

``custody`` (foreign official custody holdings, $bn), ``lev_net`` (leveraged
funds' net position long minus short, thousands of 10y-note-equivalent
contracts), ``dollar`` (broad dollar, log change x 100), ``y2``, ``y5``, ``y10``,
``y30`` (bp).

Every world is an SVAR(2) :math:`y_t = \nu + A_1 y_{t-1} + A_2 y_{t-2} +
B\varepsilon_t` with seven shocks ``foreign_official_selling``,
``basis_unwind`` (the two *drivers*), ``policy_expectations``,
``flight_to_safety``, ``other_1``, ``other_2``, ``other_3``. One unit of a
shock is one standard deviation (outside volatility spells). Impact s.d. (and,
with the modest dynamics, roughly the unconditional s.d.): custody 8 $bn,
lev_net 60 k, dollar 0.8, y2 10, y5 11, y10 10, y30 9 bp. The sample is
``n_weeks`` consecutive Wednesdays ending 2025-04-09; the episode window is
its last ``window_weeks`` weeks. All data are simulated, not real.

Structures (impact matrices in s.d. units are in ``docs/simulate.md`` and in
each world's ``description``):

``"sign"``
    B satisfies every default sign restriction of
    :data:`attribution.models.var.DEFAULT_SHOCKS` (mapped through
    :data:`attribution.engine.svar_weekly.ROLES`) in columns 1-4; the
    ``other_*`` columns are unrestricted. Foreign selling moves custody by
    -0.92 s.d. (-7.4 $bn) and the 10y by +2.4 bp on impact; a basis unwind
    moves lev_net by +0.88 s.d. (+53 k) and the 10y by +1.8 bp. Under
    ``"both"`` the true 4-week contributions to the 10y are +30.2 bp
    (foreign selling) and +21.4 bp (basis unwind).
``"recursive"``
    B is lower triangular in the order custody, lev_net, dollar, y2, y5, y10,
    y30 (the Cholesky order of the engine), so recursive identification is
    exact. Column 1 (``foreign_official_selling``) has custody -8 $bn, 10y
    +2.8 bp; column 2 (``basis_unwind``) lev_net +60 k, 10y +2.2 bp; columns
    3-7 are the later recursive shocks, named ``policy_expectations``,
    ``flight_to_safety``, ``other_1..3`` only for a common interface. VAR(2)
    with modest dynamics (companion spectral radius 0.43, as in ``"sign"``).
    Under ``"both"``: +34.2 bp and +25.5 bp on the 10y over 4 weeks.
``"exogenous"``
    The weekly-OLS assumption holds: custody and lev_net are iid and move only
    with their own shock (no lags, no response to other shocks); the yield
    equations have no lags at all, so yields respond to the flows only on
    impact. The other rows of B are those of ``"recursive"``. Here the
    structural contribution of a flow over W equals :math:`\beta\sum_{t\in W}
    x_t` with :math:`\beta = B_{y,x}/B_{x,x}`, the *total* same-week effect of
    the flow (an OLS of the yield change on the two flows *without* same-week
    2y or dollar controls estimates it; with them it does not, because the
    2y and the dollar respond to the flow shocks in the same week). Under
    ``"both"``: +27.8 bp and +21.8 bp on the 10y over 4 weeks.

Scenarios set the driver shocks in every window week (other shocks are drawn):
``"both"`` (+2.5 s.d. each), ``"fos_only"`` (foreign selling +2.5, basis 0),
``"basis_only"`` (the reverse), ``"none"`` (both 0: their true contributions
are exactly 0). Under ``"vol_regimes"`` the set values are 2.5 times the
window's shock s.d. (3), so the drivers keep their share of the move.

Regimes (``"holds"`` = the structure's assumption holds):

``"noisy_lagged_flows"``
    Observed custody and lev_net are the true ones one week earlier plus iid
    normal noise with s.d. half the flow scale (4 $bn, 30 k); ``data`` is
    observed, ``true_data`` true. Timing fails for every model.
``"basis_without_positioning"``
    The basis unwind does not move positioning (:math:`B_{lev,basis} = 0`);
    positioning moves instead with ``other_2``, which becomes a pure
    positioning shock (it moves lev_net by the old :math:`B_{lev,basis}` and
    nothing else; ``other_2`` is the shock whose repurposing keeps B best
    conditioned). Violates the sign world's ``leveraged_net +`` restriction,
    the recursive world's triangularity and the OLS world's link between
    lev_net and the unwind.
``"dash_for_cash"``
    Foreign selling comes with a *rising* dollar (:math:`B_{dollar,fos} > 0`, its
    sign flipped), as in March 2020: violates ``dollar -``.
``"vol_regimes"``
    Every shock's s.d. is 3 in the window and in three earlier 6-week stress
    spells (starting at 20%, 45% and 70% of the sample), 1 elsewhere.
``"fat_tails"``
    Shocks are Student t(4) scaled to unit variance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from attribution._typing import Float64Array, SeedLike
from attribution._validation import as_generator, as_int, as_option, to_float
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.simulate import _structural as core
from attribution.simulate._weekly_params import (
    INTERCEPT,
    SCALES,
    SHOCKS,
    VARIABLES,
    impact_std,
    lags_std,
)

WeeklyStructure = Literal["sign", "recursive", "exogenous"]
WeeklyScenario = Literal["both", "fos_only", "basis_only", "none"]
WeeklyRegime = Literal[
    "holds",
    "noisy_lagged_flows",
    "basis_without_positioning",
    "dash_for_cash",
    "vol_regimes",
    "fat_tails",
]
STRUCTURES: tuple[WeeklyStructure, ...] = get_args(WeeklyStructure)
SCENARIOS: tuple[WeeklyScenario, ...] = get_args(WeeklyScenario)
REGIMES: tuple[WeeklyRegime, ...] = get_args(WeeklyRegime)
DRIVERS: tuple[str, ...] = SHOCKS[:2]
TENORS: dict[str, str] = {"2y": "y2", "5y": "y5", "10y": "y10", "30y": "y30"}
START_LEVELS: dict[str, float] = {"2y": 4.0, "5y": 4.1, "10y": 4.2, "30y": 4.5}
END = pd.Timestamp("2025-04-09")  # a Wednesday
DRIVER_SIZE = 2.5
STRESS_FACTOR = 3.0
NOISE_SHARE = 0.5

_SCENARIO_SIZES = {
    "both": (DRIVER_SIZE, DRIVER_SIZE),
    "fos_only": (DRIVER_SIZE, 0.0),
    "basis_only": (0.0, DRIVER_SIZE),
    "none": (0.0, 0.0),
}
_ASSUMPTION = {
    "sign": "every default sign restriction holds on impact",
    "recursive": "B is lower triangular in the order custody, lev_net, dollar, "
    "y2, y5, y10, y30",
    "exogenous": "custody and lev_net are iid, move only with their own shocks "
    "and move yields only on impact",
}
_REGIME_TEXT = {
    "holds": "Regime holds: the structure's assumption holds exactly.",
    "noisy_lagged_flows": "Regime noisy_lagged_flows: observed custody and lev_net "
    "are the true flows one week earlier plus noise (s.d. 4 $bn, 30 k); the "
    "timing assumption fails.",
    "basis_without_positioning": "Regime basis_without_positioning: the basis "
    "unwind does not move lev_net (B[lev_net, basis_unwind] = 0); other_2 is a "
    "pure positioning shock. Positioning no longer identifies the unwind.",
    "dash_for_cash": "Regime dash_for_cash: foreign selling raises the dollar "
    "(B[dollar, foreign_official_selling] > 0), violating 'dollar -'.",
    "vol_regimes": "Regime vol_regimes: shock s.d. 3 in the window and in three "
    "earlier 6-week stress spells, 1 elsewhere.",
    "fat_tails": "Regime fat_tails: shocks are t(4) scaled to unit variance.",
}


def _impact(structure: str, regime: str) -> Float64Array:
    """Impact matrix in s.d. units after the regime's change."""
    b = impact_std(structure).copy()
    lev, fos, basis, other2 = 1, 0, 1, 5
    if regime == "basis_without_positioning":
        old = b[lev, basis]
        b[lev, basis] = 0.0
        b[:, other2] = 0.0
        b[lev, other2] = old
    elif regime == "dash_for_cash":
        b[2, fos] = abs(b[2, fos])
    return b


def _spells(n_weeks: int) -> list[tuple[int, int]]:
    """Three 6-week stress spells at 20%, 45% and 70% of the sample."""
    return [(int(f * n_weeks), int(f * n_weeks) + 6) for f in (0.20, 0.45, 0.70)]


def _to_tenor(tenor: str) -> str:
    if tenor in TENORS:
        return TENORS[tenor]
    if tenor in VARIABLES:
        return tenor
    raise ModelSpecificationError(
        fmt("tenor", f"one of {sorted(TENORS)} or {list(VARIABLES)}", tenor)
    )


@dataclass(frozen=True, eq=False)
class SimulatedWorld:
    r"""A simulated weekly world and its true structure (simulated, not real data).

    Attributes
    ----------
    data : DataFrame
        Observed weekly changes, columns ``custody, lev_net, dollar, y2, y5, y10,
        y30``, ``DatetimeIndex`` of Wednesdays (freq ``W-WED``).
    true_data : DataFrame
        The true variables (equal to ``data`` except under
        ``"noisy_lagged_flows"``).
    shocks : DataFrame
        Structural shocks :math:`\varepsilon_t` (columns: shock names).
    impact : DataFrame
        True B in natural units (variables x shocks).
    lag_coefs : ndarray, shape (2, 7, 7)
        True :math:`A_1, A_2` in natural units.
    intercept : ndarray, shape (7,)
        True constant :math:`\nu`.
    structure, scenario, regime : str
        How the world was built.
    description : str
        Impact matrix, timing and which assumption holds or fails.
    window : tuple of Timestamp
        First and last week of the episode window.
    """

    data: pd.DataFrame
    true_data: pd.DataFrame
    shocks: pd.DataFrame
    impact: pd.DataFrame
    lag_coefs: Float64Array
    intercept: Float64Array
    structure: str
    scenario: str
    regime: str
    description: str
    window: tuple[pd.Timestamp, pd.Timestamp]

    def contributions(self, first: Any = None, last: Any = None) -> pd.DataFrame:
        r"""Exact shock contributions to each variable, summed over ``first..last``.

        Parameters
        ----------
        first, last : date-like, optional
            First and last week (default: the episode window). The
            decomposition restarts at ``first``.

        Returns
        -------
        DataFrame
            Index: variables; columns ``baseline`` then the shocks. Entry
            :math:`(i, j)` is :math:`\sum_{t\in W}\sum_{s\in W, s\le t}
            \Theta_{t-s,ij}\varepsilon_{js}` with :math:`\Theta_h = \Phi_h B`;
            ``baseline`` (constant and pre-window propagation) makes each row
            add up to :math:`\sum_{t\in W} y_{it}` of the *true* data.

        Raises
        ------
        WindowError
            If the window holds no week of the sample.
        """
        return core.contributions_table(
            self.true_data,
            self.shocks,
            self.impact.to_numpy(),
            self.lag_coefs,
            self.window[0] if first is None else first,
            self.window[1] if last is None else last,
        )

    def true_contribution(self, shock: str, tenor: str) -> float:
        """Return the true contribution (bp) of ``shock`` to ``tenor`` over the window.

        Parameters
        ----------
        shock : str
            A shock name or ``"baseline"``.
        tenor : str
            ``"2y"``, ``"5y"``, ``"10y"``, ``"30y"`` (or a variable name).

        Raises
        ------
        ModelSpecificationError
            On an unknown shock or tenor.
        """
        table = self.contributions()
        if shock not in table.columns:
            raise ModelSpecificationError(
                fmt("shock", f"one of {list(table.columns)}", shock)
            )
        return to_float(table.loc[_to_tenor(tenor), shock])

    def design(self) -> pd.DataFrame:
        """Return the engine's weekly design frame, built from the observed data.

        Columns ``custody`` ($bn), ``lev_net_short`` (= -lev_net, k),
        ``ctrl_dollar`` (= dollar), ``dy_2y``, ``dy_5y``, ``dy_10y``, ``dy_30y``
        (bp).
        """
        d = self.data
        return pd.DataFrame(
            {
                "custody": d["custody"],
                "lev_net_short": -d["lev_net"],
                "ctrl_dollar": d["dollar"],
                "dy_2y": d["y2"],
                "dy_5y": d["y5"],
                "dy_10y": d["y10"],
                "dy_30y": d["y30"],
            },
            index=d.index,
        )

    def daily_yields(self) -> pd.DataFrame:
        """Yield levels (%) on the Wednesdays, plus the Wednesday before the first.

        Level = start level (2y 4.0, 5y 4.1, 10y 4.2, 30y 4.5) + cumulative bp
        change / 100; the first row (the base) is the start level.
        """
        idx = self.data.index
        base = idx[0] - pd.Timedelta(days=7)
        full = pd.DatetimeIndex([base, *idx], freq="W-WED")
        out = {}
        for tenor, col in TENORS.items():
            path = np.concatenate([[0.0], np.cumsum(self.data[col].to_numpy())])
            out[tenor] = START_LEVELS[tenor] + path / 100.0
        return pd.DataFrame(out, index=full)

    def window_text(self) -> str:
        """Return the window as ``"YYYY-MM-DD:YYYY-MM-DD"``.

        It runs from the Wednesday before the first window week to the last
        window week, so its model weeks are exactly the window weeks.
        """
        base = self.window[0] - pd.Timedelta(days=7)
        return f"{base:%Y-%m-%d}:{self.window[1]:%Y-%m-%d}"


def _driver_values(scenario: str, scale: Float64Array) -> tuple[Any, Any]:
    fos, basis = _SCENARIO_SIZES[scenario]
    return fos * scale, basis * scale


def _describe(
    structure: str, scenario: str, regime: str, impact: Float64Array, window: str
) -> str:
    fos, basis = _SCENARIO_SIZES[scenario]
    lines = [
        f"Simulated weekly world (structure {structure}, scenario {scenario}, "
        f"regime {regime}); simulated data, not real. SVAR(2) in weekly "
        "(Wed-Wed) changes; shocks are dated in the week they hit and move the "
        "variables on impact, then through the lags. Assumption of this "
        f"structure: {_ASSUMPTION[structure]}. Window {window}: "
        f"foreign_official_selling = {fos:+.1f} s.d. and basis_unwind = "
        f"{basis:+.1f} s.d. in every window week. {_REGIME_TEXT[regime]} "
        "Impact matrix B (natural units per one-s.d. shock):",
        core.format_matrix(impact, list(VARIABLES), list(SHOCKS)),
    ]
    return "\n".join(lines)


def weekly_world(
    structure: WeeklyStructure,
    scenario: WeeklyScenario,
    regime: WeeklyRegime,
    *,
    n_weeks: int = 400,
    window_weeks: int = 4,
    seed: SeedLike = 0,
) -> SimulatedWorld:
    r"""Simulate a weekly world with known shock contributions.

    Parameters
    ----------
    structure : {"sign", "recursive", "exogenous"}
        Which identifying assumption the true B satisfies (module docstring).
    scenario : {"both", "fos_only", "basis_only", "none"}
        Driver shocks in the window: +2.5 s.d. for the named ones, 0 for the
        others.
    regime : {"holds", "noisy_lagged_flows", "basis_without_positioning", \
"dash_for_cash", "vol_regimes", "fat_tails"}
        Which assumption fails (``"holds"``: none).
    n_weeks : int, default 400
        Weeks in the sample (ending 2025-04-09).
    window_weeks : int, default 4
        Episode window: the last ``window_weeks`` weeks.
    seed : int, Generator or None, default 0
        Randomness; the same seed gives the same world.

    Returns
    -------
    SimulatedWorld

    Raises
    ------
    ModelSpecificationError
        On an unknown option or a sample too short for the window.

    Notes
    -----
    :math:`y_t = \nu + A_1 y_{t-1} + A_2 y_{t-2} + B\varepsilon_t`, started from
    zeros 200 weeks before the sample. Impact matrix of ``"sign"`` in s.d.
    units (rows custody, lev_net, dollar, y2, y5, y10, y30; columns fos, basis,
    policy, fts, other_1..3; multiply row i by its scale 8, 60, 0.8, 10, 11,
    10, 9 for natural units)::

        -0.92  0.05  0.05  0.15  0.31  0.15  0.10
         0.05  0.88 -0.10 -0.21  0.21  0.31  0.16
        -0.43  0.05  0.53  0.53  0.32  0.32  0.21
         0.12  0.08  0.72 -0.24  0.43 -0.39 -0.24
         0.20  0.17  0.57 -0.40  0.23 -0.11  0.62
         0.24  0.18  0.36 -0.46  0.56  0.20  0.46
         0.23  0.19  0.17 -0.47  0.29  0.64 -0.41

    ``"recursive"`` (lower triangular)::

        -1.00
         0.10  0.99
        -0.30  0.05  0.95
         0.12  0.10  0.30  0.94
         0.22  0.18  0.20  0.70  0.62
         0.28  0.22  0.10  0.55  0.50  0.57
         0.25  0.20  0.05  0.40  0.40  0.50  0.57

    (rows normalised to unit length); ``"exogenous"`` replaces the first two
    rows by (-1, 0, ...) and (0, 1, 0, ...) and has no lags except the
    dollar's own (0.1).

    Examples
    --------
    >>> from attribution.simulate import weekly_world
    >>> world = weekly_world("sign", "both", "holds", seed=1)
    >>> world.window_text()
    '2025-03-12:2025-04-09'
    >>> table = world.contributions()
    >>> bool(abs(table.sum(axis=1) - world.true_data.iloc[-4:].sum()).max() < 1e-9)
    True
    """
    structure = as_option(structure, "structure", STRUCTURES)
    scenario = as_option(scenario, "scenario", SCENARIOS)
    regime = as_option(regime, "regime", REGIMES)
    window_weeks = as_int(window_weeks, "window_weeks", low=1)
    n_weeks = as_int(n_weeks, "n_weeks", low=window_weeks + 20)
    rng = as_generator(seed)

    lag_coefs, impact = core.standardized_to_natural(
        SCALES, lags_std(structure), _impact(structure, regime)
    )
    total = core.BURN + n_weeks
    z = core.draw_innovations(rng, total, len(SHOCKS), fat_tails=regime == "fat_tails")
    scale = np.ones(total)
    win = slice(total - window_weeks, total)
    if regime == "vol_regimes":
        spells = [(core.BURN + a, core.BURN + b) for a, b in _spells(n_weeks)]
        scale = core.stress_scale(total, [*spells, (win.start, total)], STRESS_FACTOR)
    eps = z * scale[:, None]
    eps[win, 0], eps[win, 1] = _driver_values(scenario, scale[win])
    y = core.simulate(INTERCEPT, lag_coefs, impact, eps)

    observed = y.copy()
    if regime == "noisy_lagged_flows":
        noise = rng.standard_normal((total, 2)) * (NOISE_SHARE * SCALES[:2])
        observed[1:, :2] = y[:-1, :2] + noise[1:]

    index = pd.date_range(end=END, periods=n_weeks, freq="W-WED")
    keep = slice(core.BURN, total)
    frame = {
        "data": pd.DataFrame(observed[keep], index=index, columns=list(VARIABLES)),
        "true_data": pd.DataFrame(y[keep], index=index, columns=list(VARIABLES)),
    }
    window = (index[-window_weeks], index[-1])
    text = f"{window[0]:%Y-%m-%d}..{window[1]:%Y-%m-%d}"
    return SimulatedWorld(
        **frame,
        shocks=pd.DataFrame(eps[keep], index=index, columns=list(SHOCKS)),
        impact=pd.DataFrame(impact, index=list(VARIABLES), columns=list(SHOCKS)),
        lag_coefs=lag_coefs,
        intercept=INTERCEPT.copy(),
        structure=structure,
        scenario=scenario,
        regime=regime,
        description=_describe(structure, scenario, regime, impact, text),
        window=window,
    )
