"""A valid run's figure never crashes: a band that excludes its point is drawn.

With ``attribution.ci_level: 0.9`` a sign-SVAR percentile band did not contain
its point estimate, and matplotlib refused negative error bars.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from attribution.engine.result import AttributionResult
from attribution.reports.figures import contributions_png


def _result(lower: float, upper: float) -> AttributionResult:
    rows = [
        ("custody", "driver", 5.0, lower, upper),
        ("residual", "residual", 2.0, np.nan, np.nan),
        ("actual", "actual", 7.0, 7.0, 7.0),
    ]
    table = pd.DataFrame(
        [
            {
                "model": "svar_sign_weekly",
                "tenor": "10y",
                "driver": d,
                "role": r,
                "contribution_bp": c,
                "lower_bp": lo,
                "upper_bp": hi,
            }
            for d, r, c, lo, hi in rows
        ]
    )
    return AttributionResult(table)


def test_band_that_excludes_its_point_is_drawn() -> None:
    png = contributions_png(_result(6.0, 9.0), "svar_sign_weekly", "t")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_band_around_its_point_still_draws() -> None:
    png = contributions_png(_result(1.0, 9.0), "svar_sign_weekly", "t")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
