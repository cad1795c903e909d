"""Impulse responses of an identified VAR, as labelled long Series."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from attribution._typing import Float64Array
from attribution._validation import as_int
from attribution.models.var import _arrays
from attribution.models.var.identification import IdentificationScheme, resolve

if TYPE_CHECKING:
    from attribution.models.var.results import VARResults


def long_index(
    horizon: int, responses: Sequence[str], shocks: Sequence[str]
) -> pd.MultiIndex:
    """MultiIndex ``(horizon, response, shock)`` in C order of ``(H+1, n, m)``."""
    return pd.MultiIndex.from_product(
        [range(horizon + 1), list(responses), list(shocks)],
        names=["horizon", "response", "shock"],
    )


def to_long(
    array: Float64Array, responses: Sequence[str], shocks: Sequence[str], name: str
) -> pd.Series:
    """Label an ``(H+1, n, m)`` array as a Series indexed (horizon, response, shock)."""
    idx = long_index(array.shape[0] - 1, responses, shocks)
    return pd.Series(array.reshape(-1), index=idx, name=name)


def structural_irf(
    results: VARResults, horizon: int, identification: IdentificationScheme
) -> Float64Array:
    r"""Array ``(H+1, n, m)`` of :math:`\Theta_h = \Phi_h B`."""
    phi = _arrays.ma_coefs(results._lag_coefs, horizon)
    impact = identification.impact(results._sigma, results.names)
    return _arrays.orth_irf(phi, impact)


def impulse_responses(
    results: VARResults,
    horizon: int = 20,
    identification: IdentificationScheme | None = None,
    *,
    cumulative: bool = False,
    orthogonalised: bool = True,
) -> pd.Series:
    r"""Impulse responses of every variable to every shock.

    Parameters
    ----------
    results : VARResults
        A fitted VAR.
    horizon : int, default 20
        Largest horizon H (0 = impact).
    identification : IdentificationScheme, optional
        :class:`~attribution.models.var.Cholesky` (default, column order),
        :class:`~attribution.models.var.Rotation` or a sign-identified set
        (its Fry-Pagan median-target model).
    cumulative : bool, default False
        Return :math:`\sum_{s=0}^{h}\Theta_s` (the response of the level when
        the VAR is in differences).
    orthogonalised : bool, default True
        False returns the reduced-form :math:`\Phi_h` (unit reduced-form
        innovation); shocks are then named after the variables.

    Returns
    -------
    Series
        Indexed by (``horizon``, ``response``, ``shock``); the response at
        horizon h of ``response`` to a one-standard-deviation ``shock`` at 0.

    Notes
    -----
    :math:`y_t = \sum_{h\ge0}\Phi_h u_{t-h}` with :math:`\Phi_0 = I`,
    :math:`\Phi_h = \sum_{i=1}^{\min(h,p)}\Phi_{h-i}A_i`, and
    :math:`\Theta_h = \Phi_h B` with :math:`B B' = \Sigma_u`
    (Lütkepohl 2005, eqs. 2.1.22 and 2.3.29). The identifying assumption is
    the one of ``identification``.
    """
    horizon = as_int(horizon, "horizon", low=0)
    if orthogonalised:
        scheme = resolve(identification)
        arr = structural_irf(results, horizon, scheme)
        shocks = scheme.shock_names(results.names)
    else:
        arr = _arrays.ma_coefs(results._lag_coefs, horizon)
        shocks = list(results.names)
    if cumulative:
        arr = np.cumsum(arr, axis=0)
    name = ("cumulative_" if cumulative else "") + ("irf" if orthogonalised else "ma")
    return to_long(arr, results.names, shocks, name)
