"""Nelson-Siegel-Svensson curve algebra: zero yields, forwards and par yields.

Conventions (Gurkaynak, Sack and Wright 2007, GSW): maturities in years, zero
yields continuously compounded, in percent. Par yields are semiannual
bond-equivalent yields, in percent, as on the Treasury par curve:

- maturity ``m <= 0.5`` (bills): one payment at ``m``, ``d(m) (1 + y m) = 1``;
- maturity ``m > 0.5`` (notes, bonds): coupons ``y/2`` at ``m, m - 0.5, ...``
  (all dates after 0) and the principal at ``m``, priced at par:
  ``y = 2 (1 - d(m)) / sum_i d(t_i)``. For the par curve's tenors (whole years)
  the coupon dates are exact half years and no interest has accrued.
"""

from __future__ import annotations

import numpy as np

from attribution._typing import Float64Array

#: Parameter names, in order (``tau1`` and ``tau2`` in years).
PARAM_NAMES: tuple[str, ...] = ("beta0", "beta1", "beta2", "beta3", "tau1", "tau2")


def nss_loadings(
    t: Float64Array, tau1: Float64Array, tau2: Float64Array
) -> tuple[Float64Array, Float64Array, Float64Array]:
    """Return the three NSS loadings at maturities ``t`` (broadcasting)."""
    x1 = t / tau1
    x2 = t / tau2
    e1 = np.exp(-x1)
    e2 = np.exp(-x2)
    small1 = x1 < 1e-8
    small2 = x2 < 1e-8
    safe1 = np.where(small1, 1.0, x1)
    safe2 = np.where(small2, 1.0, x2)
    l1 = np.where(small1, 1.0 - x1 / 2, (1.0 - e1) / safe1)
    l2 = np.where(small2, 1.0 - x2 / 2, (1.0 - e2) / safe2)
    return l1, l1 - e1, l2 - e2


def zero_yields(params: Float64Array, maturities: Float64Array) -> Float64Array:
    """Zero-coupon yields (continuously compounded, percent) of NSS curves.

    Parameters
    ----------
    params : ndarray, shape (6,) or (n_curves, 6)
        ``beta0, beta1, beta2, beta3, tau1, tau2`` per curve.
    maturities : ndarray, shape (n_maturities,)
        Maturities in years, > 0.

    Returns
    -------
    ndarray, shape (n_maturities,) or (n_curves, n_maturities)
        ``beta0 + beta1 L1 + beta2 L2 + beta3 L3`` (GSW 2007, eq. 22).
    """
    p = np.atleast_2d(params)
    t = np.asarray(maturities, dtype=float)[None, :]
    l1, l2, l3 = nss_loadings(t, p[:, 4:5], p[:, 5:6])
    z = p[:, 0:1] + p[:, 1:2] * l1 + p[:, 2:3] * l2 + p[:, 3:4] * l3
    out: Float64Array = z[0] if np.ndim(params) == 1 else z
    return out


def forward_rates(params: Float64Array, maturities: Float64Array) -> Float64Array:
    """Instantaneous forward rates (continuously compounded, percent).

    Parameters
    ----------
    params : ndarray, shape (6,) or (n_curves, 6)
        NSS parameters per curve.
    maturities : ndarray, shape (n_maturities,)
        Maturities in years.

    Returns
    -------
    ndarray
        ``beta0 + beta1 e1 + beta2 x1 e1 + beta3 x2 e2`` with ``x = t/tau``,
        ``e = exp(-x)`` (GSW 2007, eq. 21); same shape rule as
        :func:`zero_yields`.
    """
    p = np.atleast_2d(params)
    t = np.asarray(maturities, dtype=float)[None, :]
    x1, x2 = t / p[:, 4:5], t / p[:, 5:6]
    e1, e2 = np.exp(-x1), np.exp(-x2)
    f = p[:, 0:1] + p[:, 1:2] * e1 + p[:, 2:3] * x1 * e1 + p[:, 3:4] * x2 * e2
    out: Float64Array = f[0] if np.ndim(params) == 1 else f
    return out


class ParPricer:
    """Par yields of coupon bonds at fixed maturities from discount factors.

    The grid of cash-flow dates and the coupon sums are built once, so that
    pricing many curves (or many trial parameter vectors) is a few matrix
    products.

    Parameters
    ----------
    maturities : ndarray
        Par-curve maturities in years (bills ``<= 0.5``; longer maturities
        whole or half years).
    """

    def __init__(self, maturities: Float64Array) -> None:
        mats = np.asarray(maturities, dtype=float)
        self.maturities = mats
        self.is_bill = mats <= 0.5 + 1e-12
        longest = float(mats.max()) if len(mats) else 0.5
        half = 0.5 * np.arange(1, int(np.ceil(2 * longest)) + 1)
        bills = mats[self.is_bill]
        self.grid = np.unique(np.concatenate([bills, half]))
        n, g = len(mats), len(self.grid)
        self.annuity = np.zeros((n, g))
        self.final = np.zeros((n, g))
        for i, m in enumerate(mats):
            j = int(np.argmin(np.abs(self.grid - m)))
            self.final[i, j] = 1.0
            if not self.is_bill[i]:
                k = np.arange(int(np.ceil(2 * m - 1e-9)))
                times = m - 0.5 * k
                for tt in times[times > 1e-9]:
                    self.annuity[i, int(np.argmin(np.abs(self.grid - tt)))] += 0.5

    def par_from_discount(self, discount: Float64Array) -> Float64Array:
        """Par yields (percent) from discount factors on :attr:`grid`.

        Parameters
        ----------
        discount : ndarray, shape (..., n_grid)
            Discount factors at the grid dates.

        Returns
        -------
        ndarray, shape (..., n_maturities)
        """
        d_m = discount @ self.final.T
        annuity = discount @ self.annuity.T
        safe = np.where(self.is_bill, 1.0, annuity)
        bond = 100.0 * (1.0 - d_m) / safe
        bill = 100.0 * (1.0 / d_m - 1.0) / self.maturities
        out: Float64Array = np.where(self.is_bill, bill, bond)
        return out

    def par_yields(self, params: Float64Array) -> Float64Array:
        """Par yields (percent) of NSS curves at :attr:`maturities`.

        Parameters
        ----------
        params : ndarray, shape (6,) or (n_curves, 6)
            NSS parameters.

        Returns
        -------
        ndarray, shape (n_maturities,) or (n_curves, n_maturities)
        """
        z = zero_yields(params, self.grid)
        return self.par_from_discount(np.exp(-z * self.grid / 100.0))


def par_yields(params: Float64Array, maturities: Float64Array) -> Float64Array:
    """Par yields (semiannual bond-equivalent, percent) of an NSS curve.

    Parameters
    ----------
    params : ndarray, shape (6,) or (n_curves, 6)
        NSS parameters.
    maturities : ndarray
        Maturities in years.

    Returns
    -------
    ndarray
        See the module notes for the pricing convention.
    """
    return ParPricer(np.asarray(maturities, dtype=float)).par_yields(params)
