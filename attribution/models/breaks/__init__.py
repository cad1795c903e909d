"""Structural breaks: Bai-Perron multiple breaks, F, Chow and CUSUM tests.

Convention everywhere: a break date is the **last observation of the old
regime**, as in R's strucchange.
"""

from attribution.models.breaks.bptests import BreakTest
from attribution.models.breaks.cusum import CusumResults, cusum_test
from attribution.models.breaks.fstats import (
    FStatistics,
    StructuralChangeTest,
    chow_test,
    f_stats,
)
from attribution.models.breaks.model import BaiPerron, min_segment_size
from attribution.models.breaks.results import BreakResults
from attribution.models.breaks.simulate import (
    simulate_mean_shift,
    simulate_regression_breaks,
)

__all__ = [
    "BaiPerron",
    "BreakResults",
    "BreakTest",
    "CusumResults",
    "FStatistics",
    "StructuralChangeTest",
    "chow_test",
    "cusum_test",
    "f_stats",
    "min_segment_size",
    "simulate_mean_shift",
    "simulate_regression_breaks",
]
