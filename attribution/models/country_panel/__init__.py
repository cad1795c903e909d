"""Country panel of monthly TIC holdings changes: fixed effects, Driscoll-Kraay SEs.

Estimation by linearmodels ``PanelOLS``; the Driscoll-Kraay kernel is the
Bartlett/Newey-West one, with the bandwidth rule of
:mod:`attribution.models.covariance`.
"""

from attribution.models.country_panel.model import CountryPanel
from attribution.models.country_panel.results import CountryPanelResults
from attribution.models.country_panel.simulate import (
    SimulatedPanel,
    simulate_country_panel,
)

__all__ = [
    "CountryPanel",
    "CountryPanelResults",
    "SimulatedPanel",
    "simulate_country_panel",
]
