"""Structural worlds with known contributions: simulated ground truth.

Simulated data, never real: every world states its impact matrix, timing and
which identifying assumption holds or fails (``description``), and gives the
exact contribution of every shock to every variable over any window
(``contributions``), so that attribution models can be tested against truth.

* :func:`weekly_world`: the weekly SVAR/OLS variables (custody, lev_net, usd,
  y2, y5, y10, y30);
* :func:`daily_world`: daily price changes (yields, real and breakeven 10y,
  term premium, dollar, equities, stress, basis) with weekly and monthly flows
  observed with release lags;
* :func:`monthly_world`: TIC-like holdings by (country, sector) with an exact
  split of each change into net purchases and valuation.

This layer sits beside ``models`` (it imports only ``models`` and the shared
modules); the engine and the pipeline never import it. See
``docs/simulate.md``.
"""

from __future__ import annotations

from attribution.simulate.daily import (
    DailyRegime,
    DailyScenario,
    DailyWorld,
    daily_world,
)
from attribution.simulate.monthly import MonthlyScenario, MonthlyWorld, monthly_world
from attribution.simulate.weekly import (
    SimulatedWorld,
    WeeklyRegime,
    WeeklyScenario,
    WeeklyStructure,
    weekly_world,
)

__all__ = [
    "DailyRegime",
    "DailyScenario",
    "DailyWorld",
    "MonthlyScenario",
    "MonthlyWorld",
    "SimulatedWorld",
    "WeeklyRegime",
    "WeeklyScenario",
    "WeeklyStructure",
    "daily_world",
    "monthly_world",
    "weekly_world",
]
