"""Forecast-error variance decomposition of an identified VAR."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from attribution._validation import as_int
from attribution.models.var import _arrays
from attribution.models.var.identification import IdentificationScheme, resolve
from attribution.models.var.irf import structural_irf, to_long

if TYPE_CHECKING:
    from attribution.models.var.results import VARResults


def fevd(
    results: VARResults,
    horizon: int = 20,
    identification: IdentificationScheme | None = None,
) -> pd.Series:
    r"""Share of each shock in each variable's forecast-error variance.

    Parameters
    ----------
    results : VARResults
        A fitted VAR.
    horizon : int, default 20
        Largest horizon H.
    identification : IdentificationScheme, optional
        Default :class:`~attribution.models.var.Cholesky` in column order.

    Returns
    -------
    Series
        Indexed by (``horizon``, ``response``, ``shock``); shares sum to one
        over shocks.

    Notes
    -----
    Horizon h refers to the (h+1)-step-ahead forecast error
    :math:`\sum_{s=0}^{h}\Theta_s\varepsilon_{t+h-s}`, so horizon 0 is the
    impact (one-step) decomposition, as in row 1 of R ``vars::fevd`` and
    statsmodels' ``fevd().decomp[:, 0]``:

    .. math:: \omega_{ij}(h) = \sum_{s=0}^{h}\Theta_{s,ij}^2 \Big/
              \sum_{s=0}^{h}\sum_k\Theta_{s,ik}^2

    (Lütkepohl 2005, eq. 2.3.37). Valid for any B with :math:`BB'=\Sigma_u`.
    """
    horizon = as_int(horizon, "horizon", low=0)
    scheme = resolve(identification)
    shares = _arrays.fevd_shares(structural_irf(results, horizon, scheme))
    return to_long(shares, results.names, scheme.shock_names(results.names), "fevd")
