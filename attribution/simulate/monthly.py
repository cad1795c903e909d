r"""Monthly TIC-like world: holdings by holder with valuation effects (simulated).

Holders are (country, sector) pairs: countries ``japan``, ``china``,
``united_kingdom``, ``rest_of_world``; sectors ``official`` and ``private``.
Holdings are market values in $bn at month end (TIC convention), for
``n_months`` month ends ending 2025-03-31 plus the base month end before them.

Each month t and holder k:

.. math::

    H_{k,t} = H_{k,t-1} + P_{k,t} + V_{k,t}, \qquad
    V_{k,t} = -D_k\, H_{k,t-1}\, \frac{\Delta y_t / 100}{100},

with :math:`P` the net purchases ($bn, at transaction prices), :math:`V` the
valuation change, :math:`D_k` the modified duration of the holder's portfolio
(official 4.5, private 6.5 years) and :math:`\Delta y_t` the month's 10y yield
change in bp (so :math:`\Delta y_t/100` is in percent, as in the TIC
valuation approximation ``-duration x holdings x dyield / 100``). The change
in holdings over any window is therefore *exactly* purchases plus valuation
(:meth:`MonthlyWorld.decomposition`).

Draws (monthly): a common official-demand factor :math:`u_t` and an iid
yield factor :math:`z_t`, standard normal; :math:`\Delta y_t = -8 u_t + 23
z_t - 5 (y_{t-1} - 4)` bp (official buying lowers yields; the 10y level
:math:`y` reverts to 4%); official purchases
:math:`P_{k,t} = 0.01 H_{k,0}(0.6 u_t + 0.8 e_{k,t})`, private purchases
:math:`P_{k,t} = 0.008 H_{k,0}(0.3 z_t + \sqrt{0.91} e_{k,t})` (private holders buy
when yields rise). Scenario ``"official_selling"`` replaces the official
purchases in the last ``window_months`` months by sales of 3% of the
holder's previous holdings each month; ``"none"`` draws them as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from attribution._typing import SeedLike
from attribution._validation import as_generator, as_int, as_option
from attribution.simulate._structural import positions

MonthlyScenario = Literal["none", "official_selling"]
SCENARIOS: tuple[MonthlyScenario, ...] = get_args(MonthlyScenario)
COUNTRIES: tuple[str, ...] = ("japan", "china", "united_kingdom", "rest_of_world")
SECTORS: tuple[str, ...] = ("official", "private")
DURATION = {"official": 4.5, "private": 6.5}
START_HOLDINGS = {  # $bn, illustrative
    ("japan", "official"): 900.0,
    ("japan", "private"): 250.0,
    ("china", "official"): 700.0,
    ("china", "private"): 60.0,
    ("united_kingdom", "official"): 150.0,
    ("united_kingdom", "private"): 550.0,
    ("rest_of_world", "official"): 1500.0,
    ("rest_of_world", "private"): 2800.0,
}
START_YIELD = 4.0  # percent
END = pd.Timestamp("2025-03-31")
SALE_SHARE = 0.03


@dataclass(frozen=True, eq=False)
class MonthlyWorld:
    """A simulated TIC-like world (simulated, not real data).

    Attributes
    ----------
    holdings : DataFrame
        Month-end market value ($bn); columns MultiIndex (``country``,
        ``sector``); the first row is the base month.
    purchases : DataFrame
        Net purchases in each month ($bn; negative = net sales).
    valuation : DataFrame
        Valuation change in each month ($bn).
    yields : DataFrame
        10y ``level`` (percent, month end; 4.0 at the base month end) and
        ``change`` over the month (bp).
    duration : Series
        Modified duration per holder (years).
    scenario : str
        How the window's official purchases were set.
    window : tuple of Timestamp
        First and last month end of the episode window.
    description : str
        Accounting identity, draws and scenario.
    """

    holdings: pd.DataFrame
    purchases: pd.DataFrame
    valuation: pd.DataFrame
    yields: pd.DataFrame
    duration: pd.Series
    scenario: str
    window: tuple[pd.Timestamp, pd.Timestamp]
    description: str

    def decomposition(self, first: Any = None, last: Any = None) -> pd.DataFrame:
        """Split each holder's change in holdings over ``first..last`` exactly.

        Parameters
        ----------
        first, last : date-like, optional
            First and last month end (default: the window). The change is
            measured from the month end before ``first``.

        Returns
        -------
        DataFrame
            Index (``country``, ``sector``); columns ``purchases``,
            ``valuation`` and ``change`` (= purchases + valuation).

        Raises
        ------
        WindowError
            If the window holds no month of the sample.
        """
        first = self.window[0] if first is None else first
        last = self.window[1] if last is None else last
        lo, hi = positions(pd.DatetimeIndex(self.purchases.index), first, last)
        rows = slice(lo, hi + 1)
        change = self.holdings.iloc[hi + 1] - self.holdings.iloc[lo]
        return pd.DataFrame(
            {
                "purchases": self.purchases.iloc[rows].sum(),
                "valuation": self.valuation.iloc[rows].sum(),
                "change": change,
            }
        )

    def to_frame(self) -> pd.DataFrame:
        """Return a long table by date, country and sector.

        Columns ``holdings_bn``, ``net_purchases_bn`` and ``valuation_bn``.
        """
        long = {
            name: frame.stack(["country", "sector"], future_stack=True)
            for name, frame in (
                ("holdings_bn", self.holdings.iloc[1:]),
                ("net_purchases_bn", self.purchases),
                ("valuation_bn", self.valuation),
            )
        }
        out = pd.DataFrame(long)
        out.index.names = ["date", "country", "sector"]
        return out.reset_index()


def monthly_world(
    scenario: MonthlyScenario = "none",
    *,
    n_months: int = 120,
    window_months: int = 1,
    seed: SeedLike = 0,
) -> MonthlyWorld:
    """Simulate TIC-like holdings with a known purchases / valuation split.

    Parameters
    ----------
    scenario : {"none", "official_selling"}, default "none"
        Official holders sell 3% of their holdings in every window month, or
        purchases are drawn as usual.
    n_months : int, default 120
        Months in the sample (ending 2025-03-31).
    window_months : int, default 1
        Episode window: the last ``window_months`` months.
    seed : int, Generator or None, default 0
        Randomness; the same seed gives the same world.

    Returns
    -------
    MonthlyWorld

    Raises
    ------
    ModelSpecificationError
        On an unknown option or a sample too short for the window.

    Notes
    -----
    See the module docstring for the accounting identity and the draws.

    Examples
    --------
    >>> from attribution.simulate import monthly_world
    >>> world = monthly_world("official_selling", seed=1)
    >>> split = world.decomposition()
    >>> bool((split["purchases"] + split["valuation"] - split["change"]).abs().max()
    ...      < 1e-9)
    True
    """
    scenario = as_option(scenario, "scenario", SCENARIOS)
    window_months = as_int(window_months, "window_months", low=1)
    n_months = as_int(n_months, "n_months", low=window_months + 1)
    rng = as_generator(seed)
    holders = list(START_HOLDINGS)
    base = np.array([START_HOLDINGS[h] for h in holders])
    official = np.array([s == "official" for _, s in holders])
    dur = np.array([DURATION[s] for _, s in holders])

    u = rng.standard_normal(n_months)
    z = rng.standard_normal(n_months)
    e = rng.standard_normal((n_months, len(holders)))
    dy = np.empty(n_months)
    level = np.empty(n_months + 1)
    level[0] = START_YIELD
    for t in range(n_months):  # mean reversion to 4%: 5% of the gap a month
        dy[t] = -5.0 * (level[t] - START_YIELD) - 8.0 * u[t] + 23.0 * z[t]
        level[t + 1] = level[t] + dy[t] / 100.0
    drawn = np.where(
        official,
        0.01 * base * (0.6 * u[:, None] + 0.8 * e),
        0.008 * base * (0.3 * z[:, None] + np.sqrt(1 - 0.09) * e),
    )
    hold = np.empty((n_months + 1, len(holders)))
    hold[0] = base
    purch = np.empty((n_months, len(holders)))
    val = np.empty((n_months, len(holders)))
    for t in range(n_months):
        purch[t] = drawn[t]
        if scenario == "official_selling" and t >= n_months - window_months:
            purch[t] = np.where(official, -SALE_SHARE * hold[t], drawn[t])
        val[t] = -dur * hold[t] * (dy[t] / 100.0) / 100.0
        hold[t + 1] = hold[t] + purch[t] + val[t]

    months = pd.date_range(end=END, periods=n_months, freq="ME")
    with_base = pd.DatetimeIndex([months[0] - pd.offsets.MonthEnd(1), *months])
    cols = pd.MultiIndex.from_tuples(holders, names=["country", "sector"])
    window = (months[-window_months], months[-1])
    return MonthlyWorld(
        holdings=pd.DataFrame(hold, index=with_base, columns=cols),
        purchases=pd.DataFrame(purch, index=months, columns=cols),
        valuation=pd.DataFrame(val, index=months, columns=cols),
        yields=pd.DataFrame({"level": level[1:], "change": dy}, index=months),
        duration=pd.Series(dur, index=cols, name="duration"),
        scenario=scenario,
        window=window,
        description=(
            "Simulated TIC-like world; simulated data, not real. Month-end "
            "holdings by (country, sector) in $bn; H_t = H_{t-1} + purchases_t "
            "+ valuation_t with valuation_t = -duration x H_{t-1} x "
            "(dy_t[bp] / 100) / 100, durations official 4.5, private 6.5. "
            f"Scenario {scenario}: "
            + (
                "official holders sell 3% of their holdings in every window month "
                f"({window[0]:%Y-%m}..{window[1]:%Y-%m})."
                if scenario == "official_selling"
                else "purchases drawn as usual."
            )
        ),
    )
