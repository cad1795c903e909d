"""True parameters of the weekly worlds, in standard-deviation units (internal).

Rows of every matrix are the variables ``custody, lev_net, dollar, y2, y5, y10,
y30``; columns of the impact matrices are the shocks ``foreign_official_selling,
basis_unwind, policy_expectations, flight_to_safety, other_1, other_2,
other_3``. Each impact row has unit norm, so one unit of every shock moves a
variable by its entry times the variable's scale (:data:`SCALES`) on impact,
and a variable's impact s.d. is its scale. :mod:`attribution.simulate.weekly`
converts to natural units and applies the regimes.
"""

from __future__ import annotations

import numpy as np

from attribution._typing import Float64Array

VARIABLES: tuple[str, ...] = ("custody", "lev_net", "dollar", "y2", "y5", "y10", "y30")
SHOCKS: tuple[str, ...] = (
    "foreign_official_selling",
    "basis_unwind",
    "policy_expectations",
    "flight_to_safety",
    "other_1",
    "other_2",
    "other_3",
)
# custody $bn, lev_net k 10y-eq contracts, dollar % log change, yields bp
SCALES = np.array([8.0, 60.0, 0.8, 10.0, 11.0, 10.0, 9.0])
# natural units; zero for the flows, so that in "exogenous" a flow is its shock
INTERCEPT = np.array([0.0, 0.0, 0.0, -0.2, -0.1, 0.0, 0.1])

_SIGN = np.array(
    [
        # fos   basis  policy  fts   other_1 other_2 other_3
        [-0.90, 0.05, 0.05, 0.15, 0.30, 0.15, 0.10],  # custody
        [0.05, 0.85, -0.10, -0.20, 0.20, 0.30, 0.15],  # lev_net
        [-0.40, 0.05, 0.50, 0.50, 0.30, 0.30, 0.20],  # dollar
        [0.12, 0.08, 0.75, -0.25, 0.45, -0.40, -0.25],  # y2
        [0.18, 0.15, 0.50, -0.35, 0.20, -0.10, 0.55],  # y5
        [0.24, 0.18, 0.35, -0.45, 0.55, 0.20, 0.45],  # y10
        [0.20, 0.16, 0.15, -0.40, 0.25, 0.55, -0.35],  # y30
    ]
)

_RECURSIVE = np.array(
    [
        [-1.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00],  # custody
        [0.10, 0.99, 0.00, 0.00, 0.00, 0.00, 0.00],  # lev_net
        [-0.30, 0.05, 0.95, 0.00, 0.00, 0.00, 0.00],  # dollar
        [0.12, 0.10, 0.30, 0.94, 0.00, 0.00, 0.00],  # y2
        [0.22, 0.18, 0.20, 0.70, 0.62, 0.00, 0.00],  # y5
        [0.28, 0.22, 0.10, 0.55, 0.50, 0.57, 0.00],  # y10
        [0.25, 0.20, 0.05, 0.40, 0.40, 0.50, 0.57],  # y30
    ]
)


def _normalise_rows(m: Float64Array) -> Float64Array:
    out: Float64Array = m / np.linalg.norm(m, axis=1, keepdims=True)
    return out


def impact_std(structure: str) -> Float64Array:
    """Impact matrix in s.d. units for ``structure`` (regime "holds")."""
    if structure == "sign":
        return _normalise_rows(_SIGN)
    b = _normalise_rows(_RECURSIVE)
    if structure == "exogenous":
        # flows move only with their own shock
        b[0] = [-1.0, 0, 0, 0, 0, 0, 0]
        b[1] = [0, 1.0, 0, 0, 0, 0, 0]
    return b


def lags_std(structure: str) -> Float64Array:
    """Lag matrices ``(2, 7, 7)`` in s.d. units for ``structure``."""
    a = np.zeros((2, 7, 7))
    if structure == "exogenous":
        a[0, 2, 2] = 0.10  # only the dollar has dynamics (its own lag)
        return a
    a[0] = np.diag([0.25, 0.15, 0.05, 0.08, 0.06, 0.05, 0.04])
    a[1] = np.diag([0.08, 0.05, 0.00, 0.03, 0.02, 0.02, 0.02])
    c, lev, dollar, y2, y5, y10, y30 = range(7)
    # selling (custody down) keeps pushing yields up a little the next week
    a[0, y2, c], a[0, y5, c], a[0, y10, c], a[0, y30, c] = -0.02, -0.04, -0.05, -0.04
    a[0, y10, lev], a[0, y30, lev] = 0.03, 0.03  # unwinds (net short shrinks) linger
    a[0, c, y10], a[0, lev, y10], a[0, dollar, y2] = 0.03, 0.05, 0.05
    return a
