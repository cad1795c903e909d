"""Structural worlds with known contributions: simulated ground truth.

Simulated data, never real: every world states its impact matrix, timing and
which identifying assumption holds or fails (``description``), and gives the
exact contribution of every shock to every variable over any window
(``contributions``), so that attribution models can be tested against truth.

* :func:`weekly_world`: the weekly SVAR/OLS variables (custody, lev_net, usd,
  y2, y5, y10, y30);

This layer sits beside ``models`` (it imports only ``models`` and the shared
modules); the engine and the pipeline never import it. See
``docs/simulate.md``.
"""

from __future__ import annotations

from attribution.simulate.weekly import (
    SimulatedWorld,
    WeeklyRegime,
    WeeklyScenario,
    WeeklyStructure,
    weekly_world,
)

__all__ = [
    "SimulatedWorld",
    "WeeklyRegime",
    "WeeklyScenario",
    "WeeklyStructure",
    "weekly_world",
]
