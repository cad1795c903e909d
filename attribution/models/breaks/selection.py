r"""Choosing the number of breaks: BIC, LWZ and the sequential procedure.

BIC follows R's strucchange exactly (``summary(breakpoints)``,
``logLik.breakpoints``): with ``k`` changing regressors, ``p`` fixed ones and
``m`` breaks,

.. math:: BIC(m) = T\,[\log(SSR_m) + 1 - \log T + \log 2\pi]
   + \log T\,[(k + 1)(m + 1) + p],

i.e. the Gaussian log-likelihood with ``(k+1)(m+1)`` parameters (``k``
coefficients per regime, ``m`` dates and one variance; ``p`` added for the
fixed coefficients).

LWZ is the modified Schwarz criterion of Liu, Wu and Zidek (1997) as used
by Bai and Perron (2003, section 5.1):

.. math:: LWZ(m) = \log\frac{SSR_m}{T - p^*} + \frac{p^*}{T}\, c_0
   (\log T)^{2 + \delta_0}, \quad p^* = (m + 1) q + m + p,

with :math:`c_0 = 0.299` and :math:`\delta_0 = 0.1`.

The sequential procedure (Bai and Perron 1998, section 5; 2003, section
5.2) tests 0 against 1 break with :math:`\sup F_T(1)`, then ``l`` against
``l + 1`` with :math:`\sup F_T(l+1 \mid l)` until a test fails to reject.

References
----------
Liu, J., Wu, S. and Zidek, J. V. (1997). On segmented multivariate
regression. *Statistica Sinica* 7, 497-525.

Bai, J. and Perron, P. (2003). Computation and analysis of multiple
structural change models. *Journal of Applied Econometrics* 18(1), 1-22.
"""

from __future__ import annotations

import math
from collections.abc import Callable

LWZ_C0 = 0.299
LWZ_DELTA0 = 0.1


def bic(rss: float, nobs: int, n_breaks: int, k: int, p: int = 0) -> float:
    """Return strucchange's BIC for ``n_breaks`` breaks (module notes).

    Examples
    --------
    >>> round(bic(1597457.1944444445, 100, 1, 1), 4)  # Nile, one break (R: 1270.0837)
    1270.0837
    """
    df = (k + 1) * (n_breaks + 1) + p
    loglik = (
        -0.5 * nobs * (math.log(rss) + 1.0 - math.log(nobs) + math.log(2.0 * math.pi))
    )
    return -2.0 * loglik + math.log(nobs) * df


def lwz(rss: float, nobs: int, n_breaks: int, q: int, p: int = 0) -> float:
    """Return the LWZ criterion for ``n_breaks`` breaks (module notes)."""
    pstar = (n_breaks + 1) * q + n_breaks + p
    penalty = float(pstar / nobs * LWZ_C0 * math.log(nobs) ** (2.0 + LWZ_DELTA0))
    return math.log(rss / (nobs - pstar)) + penalty


def sequential_n_breaks(
    first_rejects: bool, next_rejects: Callable[[int], bool], max_breaks: int
) -> int:
    r"""Return the number of breaks chosen by the sequential procedure.

    Parameters
    ----------
    first_rejects : bool
        Whether :math:`\sup F_T(1)` rejects no break.
    next_rejects : callable
        ``next_rejects(l)``: whether :math:`\sup F_T(l+1 \mid l)` rejects.
    max_breaks : int
        Upper bound M.

    Returns
    -------
    int
    """
    if not first_rejects:
        return 0
    n = 1
    while n < max_breaks and next_rejects(n):
        n += 1
    return n
