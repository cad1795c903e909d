r"""Daily structural world for the price-based engine (simulated data, not real).

Variables: daily close-to-close changes of ``y2``, ``y5``, ``y10``, ``y30``
(bp), ``real10`` and ``be10`` (bp; ``y10 = real10 + be10`` exactly), ``tp10``
(10y term premium, bp), ``usd`` (%), ``equity`` (% log change), ``stress``
(VIX change, points) and ``basis`` (cash-futures basis proxy, bp; up = cash
cheapens against futures). Index: ``n_days`` business days ending Friday
2025-04-11; the episode window is the last ``window_days`` days, so with the
default five days ``window_text()`` is ``"2025-04-04:2025-04-11"``.

Model: an SVAR(1) in the ten core variables (all but ``y10``),
:math:`x_t = A x_{t-1} + B\varepsilon_t` with diagonal A (own lags 0.03, 0.02,
0, 0.02, 0.05, 0.05, 0, -0.03, -0.10, -0.25 for y2, y5, y30, real10, be10,
tp10, usd, equity, stress, basis) and ten shocks; ``y10`` is ``real10 +
be10``, so the published 11-column system has ``impact`` rows
:math:`B_{y10} = B_{real10} + B_{be10}` and a zero ``y10`` column in A. A
shock moves every variable on the day it is dated (all closes are taken as
simultaneous: no noon-versus-close offset), then through the lags.

Shocks and their impact signs (one calm-day s.d.; the full matrix is in
``description`` and ``docs/simulate.md``):

``policy``            short end leads (y2 3.5 > y10 1.5 bp), equity -, usd +
``term_premium``      long end leads (y30 3.2 > y10 2.3 > y2 0.5 bp), tp10 +
``sell_america``      yields +, usd -, equity -, stress +
``flight_to_safety``  yields -, usd +, equity -, stress +
``risk_on``           yields +, equity +, stress -
``basis_deleveraging`` basis + (cash cheapens vs futures), yields + a little
``other_1..4``        unrestricted, so that the system is square; none meets
                      every sign of the term-premium or sell-America pattern
                      (``other_3``, a long-end move, lowers tp10)

Volatility regimes: every shock has s.d. 1 on calm days. On episode days (a
10-day spell every 100 days, and the window) the s.d. differ by shock. Under
``regime="holds"`` (policy 1.32, term_premium 2.25, sell_america 3.6,
flight_to_safety 1.78, risk_on 0.97, basis_deleveraging 2.85, others 0.72,
0.84, 1.53, 1.13) the sorted variance ratios differ by a factor of at least
1.33 between neighbours and 1.60 on either side of each driver, so
identification through heteroskedasticity holds clearly at about 600 episode
days. Under ``"close_ratios"`` (1.3, 2.0, 2.5, 1.8, 1.1, 2.2, 0.8, 1.0, 1.5,
1.2: term_premium's ratio 4.0 between flight_to_safety's 3.24 and
basis_deleveraging's 4.84) they are distinct in population but only weakly
told apart in samples of that size. Under ``"weak_heteroskedasticity"`` they
are 1.60, 1.61, ..., 1.69: nearly equal variance ratios, so it is weak.

Scenarios: ``"large"`` sets ``sell_america`` and ``term_premium`` to +2 (calm
s.d.) on every window day (true 10y contributions +26.6 and +23.4 bp, 30y
+28.0 and +32.0 bp, whatever the seed); ``"zero"`` sets both to 0 (true
contributions exactly 0). Calm-day s.d. (6,000-day sample, seed 2): y2 5.2,
y5 5.5, y10 5.4, y30 6.5, real10 4.5, be10 2.1, tp10 2.7 bp; usd 0.40%,
equity 1.06%, stress 1.35 points, basis 0.93 bp.

Flows: latent daily official flows (custody change, $bn: -2.0 x sell_america
+ noise s.d. 2.5), private foreign flows ($bn: -3.0 x sell_america + 2.0 x
flight_to_safety + noise 3.0) and leveraged positioning (k 10y-eq contracts:
+20 x basis_deleveraging + noise 20) are aggregated to what is observed:
:meth:`DailyWorld.weekly_flows` (custody to Wednesday, H.4.1 style, released
Thursday; leveraged net to Tuesday, CFTC style, released Friday) and
:meth:`DailyWorld.monthly_flows` (SLT-like official and private net purchases,
month end, released 48 days later).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from attribution._typing import Float64Array, SeedLike
from attribution._validation import as_generator, as_int, as_option
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.simulate import _structural as core
from attribution.simulate._daily_params import (
    CORE,
    DRIVERS,
    EPISODE_SD,
    IMPACT_CORE,
    LEVERAGED,
    MAP,
    OFFICIAL,
    OWN_LAG,
    PRIVATE,
    SELECT,
    SHOCKS,
    VARIABLES,
)

DailyScenario = Literal["large", "zero"]
DailyRegime = Literal["holds", "close_ratios", "weak_heteroskedasticity"]
SCENARIOS: tuple[DailyScenario, ...] = get_args(DailyScenario)
REGIMES: tuple[DailyRegime, ...] = get_args(DailyRegime)
END = pd.Timestamp("2025-04-11")  # a Friday
LARGE = 2.0
SPELL_EVERY, SPELL_DAYS = 100, 10
SLT_LAG_DAYS = 48
TENORS = {"2y": "y2", "5y": "y5", "10y": "y10", "30y": "y30"}


def _episode_days(n_days: int, window_days: int) -> Float64Array:
    """1.0 on episode days (spells and the window), 0.0 on calm days."""
    flag = np.zeros(n_days)
    for start in range(60, n_days - window_days - SPELL_DAYS - 20, SPELL_EVERY):
        flag[start : start + SPELL_DAYS] = 1.0
    flag[n_days - window_days :] = 1.0
    return flag


@dataclass(frozen=True, eq=False)
class DailyWorld:
    r"""A simulated daily world and its true structure (simulated, not real data).

    Attributes
    ----------
    data : DataFrame
        Daily changes, columns ``y2, y5, y10, y30, real10, be10, tp10, usd,
        equity, stress, basis``; business-day ``DatetimeIndex``.
    true_data : DataFrame
        The same frame (prices are observed without error).
    shocks : DataFrame
        Structural shocks :math:`\varepsilon_t` (columns: shock names).
    impact : DataFrame
        True B (11 variables x 10 shocks; the ``y10`` row is ``real10 + be10``).
    lag_coefs : ndarray, shape (1, 11, 11)
        True :math:`A_1` of the 11-column system (``y10`` column zero).
    intercept : ndarray, shape (11,)
        True constant (zero).
    scenario, regime : str
        How the world was built.
    description : str
        Impact matrix, timing and which assumption holds or fails.
    window : tuple of Timestamp
        First and last day of the episode window.
    volatility : Series
        ``"calm"`` or ``"episode"`` for each day.
    shock_sd : DataFrame
        Shock s.d. by volatility regime (rows ``calm``, ``episode``).
    flows : DataFrame
        Latent daily flows: ``official`` and ``private`` ($bn), ``leveraged``
        (k contracts).
    """

    data: pd.DataFrame
    true_data: pd.DataFrame
    shocks: pd.DataFrame
    impact: pd.DataFrame
    lag_coefs: Float64Array
    intercept: Float64Array
    scenario: str
    regime: str
    description: str
    window: tuple[pd.Timestamp, pd.Timestamp]
    volatility: pd.Series
    shock_sd: pd.DataFrame
    flows: pd.DataFrame

    def contributions(self, first: Any = None, last: Any = None) -> pd.DataFrame:
        r"""Exact shock contributions to each variable, summed over ``first..last``.

        Same convention as :meth:`attribution.simulate.SimulatedWorld.contributions`
        (decomposition restarted at ``first``; rows add up to the summed daily
        changes). Default window: the episode window.

        Raises
        ------
        WindowError
            If the window holds no day of the sample.
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
        """Return the true contribution of ``shock`` to ``tenor`` over the window.

        ``tenor`` is ``"2y"``, ``"5y"``, ``"10y"``, ``"30y"`` or any variable
        name (units of that variable).

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
        col = TENORS.get(tenor, tenor)
        if col not in table.index:
            raise ModelSpecificationError(
                fmt("tenor", f"one of {sorted(TENORS)} or {list(VARIABLES)}", tenor)
            )
        return float(table[shock][col])

    def window_text(self) -> str:
        """Return the window ``"YYYY-MM-DD:YYYY-MM-DD"`` (base close to last day)."""
        pos = int(self.data.index.searchsorted(self.window[0]))  # sorted, unique days
        base = self.data.index[pos - 1]
        return f"{base:%Y-%m-%d}:{self.window[1]:%Y-%m-%d}"

    def weekly_flows(self) -> pd.DataFrame:
        """Return the weekly flows as observed, indexed by Wednesday.

        Returns
        -------
        DataFrame
            ``custody``: official flows summed Thursday..Wednesday ($bn, H.4.1
            style, as of the Wednesday, ``custody_release`` the Thursday);
            ``lev_net``: leveraged flows summed Wednesday..Tuesday (k
            contracts, CFTC style, as of ``lev_net_asof`` = the Tuesday before,
            released ``lev_net_release`` = the Friday). Only weeks whose days
            all lie in the sample.
        """
        days = self.flows.index
        weds = pd.date_range(days[0] + pd.Timedelta(days=7), days[-1], freq="W-WED")
        rows = []
        for wed in weds:
            tue = wed - pd.Timedelta(days=1)
            cust = self.flows.loc[wed - pd.Timedelta(days=6) : wed, "official"].sum()
            lev = self.flows.loc[tue - pd.Timedelta(days=6) : tue, "leveraged"].sum()
            rows.append(
                {
                    "custody": float(cust),
                    "lev_net": float(lev),
                    "lev_net_asof": tue,
                    "custody_release": wed + pd.Timedelta(days=1),
                    "lev_net_release": wed + pd.Timedelta(days=2),
                }
            )
        return pd.DataFrame(rows, index=pd.DatetimeIndex(weds, freq="W-WED"))

    def monthly_flows(self) -> pd.DataFrame:
        """Return SLT-like foreign net purchases ($bn) by calendar month end.

        Columns ``official`` and ``private`` (sums of the latent daily flows in
        the month; negative = net sales) and ``released`` (month end + 48
        days). Only whole months inside the sample.
        """
        days = self.flows.index
        sums = self.flows[["official", "private"]].resample("ME").sum()
        whole = [
            bool(
                pd.bdate_range(m - pd.offsets.MonthBegin(1), m)[0] >= days[0]
                and pd.bdate_range(m - pd.offsets.MonthBegin(1), m)[-1] <= days[-1]
            )
            for m in sums.index
        ]
        out = sums.loc[whole].copy()
        out["released"] = pd.DatetimeIndex(out.index) + pd.Timedelta(days=SLT_LAG_DAYS)
        return out


def _impact_full() -> Float64Array:
    full: Float64Array = MAP @ IMPACT_CORE
    return full


def _describe(scenario: str, regime: str, impact: Float64Array, window: str) -> str:
    size = LARGE if scenario == "large" else 0.0
    ratio = ", ".join(
        f"{s} {v:.2f}" for s, v in zip(SHOCKS, EPISODE_SD[regime], strict=True)
    )
    weak = {
        "holds": "the variance ratios differ by shock, so identification through "
        "heteroskedasticity holds",
        "close_ratios": "term_premium's variance ratio lies close to two others, "
        "so identification through heteroskedasticity is weak for it in "
        "samples of a few hundred episode days",
        "weak_heteroskedasticity": "the variance ratios are nearly equal, so "
        "identification through heteroskedasticity is weak",
    }[regime]
    return "\n".join(
        [
            f"Simulated daily world (scenario {scenario}, regime {regime}); "
            "simulated data, not real. SVAR(1) in daily close-to-close changes "
            "of ten core variables, y10 = real10 + be10 exactly; shocks move "
            "every close on the day they are dated, then through own lags. "
            f"Window {window}: sell_america = term_premium = {size:+.1f} calm "
            f"s.d. on every day. Episode-day shock s.d. (calm = 1): {ratio}; "
            f"{weak}. Impact matrix B (natural units per calm-day s.d.):",
            core.format_matrix(impact, list(VARIABLES), list(SHOCKS)),
        ]
    )


def daily_world(
    scenario: DailyScenario,
    regime: DailyRegime,
    *,
    n_days: int = 1500,
    window_days: int = 5,
    seed: SeedLike = 0,
) -> DailyWorld:
    r"""Simulate the daily world with known shock contributions.

    Parameters
    ----------
    scenario : {"large", "zero"}
        ``sell_america`` and ``term_premium`` on every window day: +2 calm
        s.d. each, or 0.
    regime : {"holds", "close_ratios", "weak_heteroskedasticity"}
        Episode-day shock s.d. whose squares (variance ratios) are clearly
        distinct, distinct but close around term_premium, or nearly equal.
    n_days : int, default 1500
        Business days in the sample (ending 2025-04-11).
    window_days : int, default 5
        Episode window: the last ``window_days`` days.
    seed : int, Generator or None, default 0
        Randomness; the same seed gives the same world.

    Returns
    -------
    DailyWorld

    Raises
    ------
    ModelSpecificationError
        On an unknown option or a sample too short for the window.

    Notes
    -----
    See the module docstring for the impact signs, timing, volatility regimes
    and flows. Truth: :meth:`DailyWorld.contributions`. Impact matrix (rows
    y2, y5, y10, y30, real10, be10, tp10, usd, equity, stress, basis; columns
    policy, term_premium, sell_america, flight_to_safety, risk_on,
    basis_deleveraging, other_1..4; per calm-day s.d.)::

         3.50  0.50  1.50 -1.50  1.50  0.30  2.60 -0.80  0.00  0.70
         3.00  1.20  2.20 -2.00  2.00  0.50  0.20  2.60 -0.20  0.45
         1.50  2.30  2.60 -2.30  2.50  0.70  0.55  0.25  0.10 -1.65
         0.80  3.20  2.80 -2.20  2.20  0.80 -0.40 -0.55  3.50  0.50
         2.00  2.00  1.80 -1.50  1.00  0.60  0.55  0.25  0.40 -2.10
        -0.50  0.30  0.80 -0.80  1.50  0.10  0.00  0.00 -0.30  0.45
         0.20  2.20  1.00 -0.80  0.30  0.30  0.50  0.35 -0.65 -0.25
         0.20  0.00 -0.25  0.20 -0.05  0.03  0.08 -0.08  0.01  0.03
        -0.35 -0.30 -0.45 -0.40  0.60 -0.10  0.28  0.20 -0.10  0.10
         0.30  0.30  0.60  0.70 -0.60  0.30  0.00  0.25  0.35 -0.30
         0.05  0.10  0.20 -0.10  0.00  0.80  0.12  0.30 -0.18  0.10

    Examples
    --------
    >>> from attribution.simulate import daily_world
    >>> world = daily_world("large", "holds", seed=1)
    >>> world.window_text()
    '2025-04-04:2025-04-11'
    >>> d = world.data
    >>> bool(abs(d["y10"] - d["real10"] - d["be10"]).max() < 1e-12)
    True
    """
    scenario = as_option(scenario, "scenario", SCENARIOS)
    regime = as_option(regime, "regime", REGIMES)
    window_days = as_int(window_days, "window_days", low=1)
    n_days = as_int(n_days, "n_days", low=window_days + 200)
    rng = as_generator(seed)

    total = core.BURN + n_days
    episode = np.concatenate([np.zeros(core.BURN), _episode_days(n_days, window_days)])
    sd = np.where(episode[:, None] > 0, EPISODE_SD[regime][None, :], 1.0)
    eps = core.draw_innovations(rng, total, len(SHOCKS), fat_tails=False) * sd
    win = slice(total - window_days, total)
    value = LARGE if scenario == "large" else 0.0
    for name in DRIVERS:
        eps[win, SHOCKS.index(name)] = value
    lag_core = np.diag(OWN_LAG)[None]
    x = core.simulate(np.zeros(len(CORE)), lag_core, IMPACT_CORE, eps)
    y = x @ MAP.T
    lag_full = (MAP @ lag_core[0] @ SELECT)[None]
    impact = _impact_full()

    noise = rng.standard_normal((total, 3))
    j = {s: SHOCKS.index(s) for s in SHOCKS}
    official = OFFICIAL["sell_america"] * eps[:, j["sell_america"]]
    private = (
        PRIVATE["sell_america"] * eps[:, j["sell_america"]]
        + PRIVATE["flight_to_safety"] * eps[:, j["flight_to_safety"]]
    )
    leveraged = LEVERAGED["basis_deleveraging"] * eps[:, j["basis_deleveraging"]]
    flows = np.column_stack(
        [
            official + OFFICIAL["noise"] * noise[:, 0],
            private + PRIVATE["noise"] * noise[:, 1],
            leveraged + LEVERAGED["noise"] * noise[:, 2],
        ]
    )

    index = pd.bdate_range(end=END, periods=n_days, freq="B")
    keep = slice(core.BURN, total)
    data = pd.DataFrame(y[keep], index=index, columns=list(VARIABLES))
    window = (index[-window_days], index[-1])
    base = index[-window_days - 1]
    text = f"{base:%Y-%m-%d}:{window[1]:%Y-%m-%d}"
    return DailyWorld(
        data=data,
        true_data=data,
        shocks=pd.DataFrame(eps[keep], index=index, columns=list(SHOCKS)),
        impact=pd.DataFrame(impact, index=list(VARIABLES), columns=list(SHOCKS)),
        lag_coefs=lag_full,
        intercept=np.zeros(len(VARIABLES)),
        scenario=scenario,
        regime=regime,
        description=_describe(scenario, regime, impact, text),
        window=window,
        volatility=pd.Series(
            np.where(episode[keep] > 0, "episode", "calm"), index=index, name="regime"
        ),
        shock_sd=pd.DataFrame(
            [np.ones(len(SHOCKS)), EPISODE_SD[regime]],
            index=["calm", "episode"],
            columns=list(SHOCKS),
        ),
        flows=pd.DataFrame(
            flows[keep], index=index, columns=["official", "private", "leveraged"]
        ),
    )
