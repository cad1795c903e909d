"""TIC nowcast: regularised regression chosen by time-series CV.

Backtested against the no-change forecast, with an empirical interval and an
explicit no-skill flag.
"""

from attribution.models.nowcast.backtest import diebold_mariano
from attribution.models.nowcast.model import TicNowcast
from attribution.models.nowcast.results import NowcastResults
from attribution.models.nowcast.simulate import simulate_nowcast_data

__all__ = ["NowcastResults", "TicNowcast", "diebold_mariano", "simulate_nowcast_data"]
