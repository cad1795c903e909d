r"""Window contributions of a VAR as quadratic forms in the rotation.

For a reduced form (constant, lag matrices, :math:`\Sigma_u = CC'`) and a
window of rows :math:`W = t_0..t_1` decomposed with the historical
decomposition restarted at :math:`t_0` (the convention of
:mod:`attribution.models.var.hd`), the contribution of structural shock j,
summed over the window, to variable i under the impact matrix
:math:`B = CQ` is

.. math::

    S_{ij}(Q) = \sum_{s \in W} e_i'\Psi_s C q_j \; q_j' C^{-1} u_s
              = q_j' K_i q_j,
    \qquad K_i = \sum_{s \in W} (C'\Psi_s' e_i)(C^{-1}u_s)',

with :math:`\Psi_s = \sum_{h=0}^{t_1 - s}\Phi_h` (the MA coefficients summed
to the window's end) and :math:`u_s` the reduced-form residuals. Summed over
all shocks, :math:`\sum_j S_{ij} = \mathrm{tr}\,K_i` whatever Q is, so the
baseline (the window's change minus the shocks' part) does not depend on the
rotation. Evaluating a rotation costs two small matrix products, which is
what makes it affordable to explore the whole admissible set of a
sign-identified model for every bootstrap draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attribution._typing import Float64Array
from attribution.models.var import _arrays


@dataclass(frozen=True)
class WindowForms:
    r"""Rotation-free pieces of a batch of window decompositions.

    Attributes
    ----------
    baseline : ndarray, shape (B, r)
        Window change of each response minus the part due to shocks dated
        inside the window (constant plus propagation of pre-window data).
    kernel : ndarray, shape (B, r, n, n)
        :math:`K_i` per draw and response; the contribution of shock j is
        :math:`q_j' K_i q_j`.
    std_shocks : ndarray, shape (B, L, n)
        :math:`C^{-1}u_s` for the window's rows (Cholesky-orthogonalised
        residuals); the structural shock j at row s is :math:`q_j' w_s`.
    """

    baseline: Float64Array
    kernel: Float64Array
    std_shocks: Float64Array

    def contributions(self, q: Float64Array) -> Float64Array:
        """Return the contributions ``(B, R, r, m)`` of rotation columns ``q``."""
        kq = np.einsum("bikl,brlj->brikj", self.kernel, q)
        out: Float64Array = np.einsum("brkj,brikj->brij", q, kq)
        return out


def residuals(
    y: Float64Array,
    det: Float64Array,
    det_coefs: Float64Array,
    lag_coefs: Float64Array,
    rows: np.ndarray,
) -> Float64Array:
    """Reduced-form residuals ``(B, len(rows), n)`` of the observed data at ``rows``.

    ``rows`` are positions in ``y`` (each at least ``p``).
    """
    n_lags = lag_coefs.shape[-3]
    fitted = np.einsum("td,bdn->btn", det[rows], det_coefs)
    for i in range(1, n_lags + 1):
        fitted += np.einsum("bnk,tk->btn", lag_coefs[:, i - 1], y[rows - i])
    out: Float64Array = y[rows][None] - fitted
    return out


def window_forms(
    y: Float64Array,
    det: Float64Array,
    det_coefs: Float64Array,
    lag_coefs: Float64Array,
    chol: Float64Array,
    start: int,
    stop: int,
    responses: list[int] | Float64Array,
) -> WindowForms:
    r"""Quadratic forms of the window ``y[start:stop]`` for a batch of reduced forms.

    Parameters
    ----------
    y : ndarray, shape (T, n)
        Observed data.
    det : ndarray, shape (T, d)
        Deterministic columns.
    det_coefs, lag_coefs : ndarray, shapes (B, d, n) and (B, p, n, n)
        Batched reduced forms.
    chol : ndarray, shape (B, n, n)
        Lower Cholesky factors of each draw's :math:`\Sigma_u`.
    start, stop : int
        Window rows ``[start, stop)``, ``start >= p``.
    responses : list of int or ndarray, shape (r, n)
        Columns whose contributions are wanted, or the weights of linear
        combinations of the columns (contributions are linear in the
        response row, so ``[[0, 1, 1, ...]]`` gives the contributions to the
        sum of columns 1 and 2).

    Returns
    -------
    WindowForms
    """
    length = stop - start
    rows = np.arange(start, stop)
    resid = residuals(y, det, det_coefs, lag_coefs, rows)  # (B, L, n)
    std_shocks = np.linalg.solve(chol[:, None], resid[..., None])[..., 0]
    phi = _arrays.ma_coefs(lag_coefs, length - 1)  # (B, L, n, n)
    cum = np.cumsum(phi, axis=1)
    # Psi_s for the row s = start + l is the MA sum up to horizon L - 1 - l.
    psi = cum[:, ::-1]  # (B, L, n, n)
    # a[b, l, :, i] = C' Psi_l' e_i  ->  (C' Psi_l')[:, i]
    if isinstance(responses, np.ndarray):
        psi_r = np.einsum("ri,blin->blrn", responses, psi)
        total = (y[start:stop] @ responses.T).sum(axis=0)  # (r,)
    else:
        psi_r = psi[:, :, responses, :]
        total = y[start:stop, responses].sum(axis=0)
    a = np.einsum("bnk,blin->blki", chol, psi_r)
    kernel = np.einsum("blki,blm->bikm", a, std_shocks)
    baseline = total[None] - np.trace(kernel, axis1=-2, axis2=-1)
    return WindowForms(
        baseline=np.asarray(baseline, dtype=np.float64),
        kernel=np.asarray(kernel, dtype=np.float64),
        std_shocks=np.asarray(std_shocks, dtype=np.float64),
    )
