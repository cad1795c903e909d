r"""Point identification of structural shocks: recursive (Cholesky) and fixed rotations.

The structural model is :math:`u_t = B \varepsilon_t` with
:math:`E[\varepsilon_t \varepsilon_t'] = I`, so :math:`B B' = \Sigma_u` and each
shock is scaled to one standard deviation. Every scheme maps a (batch of)
:math:`\Sigma_u` to impact matrices B whose rows follow the data's column
order and whose columns are the shocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from attribution._typing import Float64Array
from attribution.exceptions import ModelSpecificationError, fmt


@runtime_checkable
class IdentificationScheme(Protocol):
    r"""Anything that maps :math:`\Sigma_u` to an impact matrix and names its shocks."""

    def impact(self, sigma: Float64Array, names: Sequence[str]) -> Float64Array:
        """Impact matrices ``(..., n, n)`` for covariances ``(..., n, n)``."""
        ...

    def shock_names(self, names: Sequence[str]) -> list[str]:
        """Names of the structural shocks (columns of the impact matrix)."""
        ...


def _permutation(order: Sequence[str] | None, names: Sequence[str]) -> list[int]:
    if order is None:
        return list(range(len(names)))
    missing = [o for o in order if o not in names]
    if missing or sorted(order) != sorted(names):
        raise ModelSpecificationError(
            fmt(
                "order",
                f"a permutation of {list(names)}",
                list(order),
                "List every variable exactly once.",
            )
        )
    return [list(names).index(o) for o in order]


@dataclass(frozen=True)
class Cholesky:
    r"""Recursive identification: B is the lower Cholesky factor in ``order``.

    Parameters
    ----------
    order : sequence of str, optional
        Causal ordering of the variables (default: the data's column order).
        The shock named after ``order[j]`` moves ``order[j]`` and the
        variables after it on impact, but not those before it.

    Notes
    -----
    With the permutation matrix :math:`P` that puts the variables in
    ``order``, :math:`P \Sigma_u P' = L L'` (L lower triangular with a
    positive diagonal) and :math:`B = P' L`. Identifying assumption: zero
    contemporaneous responses above the diagonal in the given order, within
    the period of the data (for weekly data, within the week). Shocks are one
    standard deviation; shock j raises ``order[j]`` on impact.

    References
    ----------
    Sims, C. A. (1980). Macroeconomics and reality. *Econometrica* 48(1), 1-48.
    Lütkepohl (2005), sec. 2.3.2, eq. (2.3.33).
    """

    order: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.order is not None:
            object.__setattr__(self, "order", tuple(str(o) for o in self.order))

    def impact(self, sigma: Float64Array, names: Sequence[str]) -> Float64Array:
        """Impact matrices for a (batch of) covariance matrices."""
        perm = _permutation(self.order, names)
        lower = np.linalg.cholesky(sigma[..., perm, :][..., :, perm])
        out = np.empty_like(lower)
        out[..., perm, :] = lower
        return out

    def shock_names(self, names: Sequence[str]) -> list[str]:
        """Shock j is named after the j-th variable of ``order``."""
        return list(self.order) if self.order is not None else list(names)


@dataclass(frozen=True)
class Rotation:
    r"""Impact matrix :math:`B = B_{chol} Q` for a fixed orthogonal matrix Q.

    Parameters
    ----------
    rotation : ndarray, shape (n, n)
        Orthogonal matrix Q (e.g. the Fry-Pagan median-target rotation).
    shock_names : sequence of str
        Names of the n shocks (columns of Q).
    order : sequence of str, optional
        Variable order of the Cholesky factor that Q rotates.

    Notes
    -----
    Any orthogonal Q keeps :math:`B B' = \Sigma_u`; Q is held fixed when
    :math:`\Sigma_u` changes (e.g. across bootstrap draws).
    """

    rotation: Float64Array
    names: tuple[str, ...]
    order: tuple[str, ...] | None = None
    _chol: Cholesky = field(init=False, repr=False)

    def __post_init__(self) -> None:
        q = np.asarray(self.rotation, dtype=float)
        if (
            q.ndim != 2
            or q.shape[0] != q.shape[1]
            or not np.allclose(q.T @ q, np.eye(q.shape[0]), atol=1e-8)
        ):
            raise ModelSpecificationError(
                fmt("rotation", "a square orthogonal matrix", q.shape)
            )
        if len(self.names) != q.shape[0]:
            raise ModelSpecificationError(
                fmt("names", f"{q.shape[0]} shock names", list(self.names))
            )
        object.__setattr__(self, "rotation", q)
        object.__setattr__(self, "names", tuple(str(s) for s in self.names))
        object.__setattr__(self, "_chol", Cholesky(self.order))

    def impact(self, sigma: Float64Array, names: Sequence[str]) -> Float64Array:
        r"""Impact matrices :math:`B_{chol}(\Sigma_u) Q`."""
        return self._chol.impact(sigma, names) @ self.rotation

    def shock_names(self, names: Sequence[str]) -> list[str]:
        """Return the given shock names."""
        return list(self.names)


def resolve(identification: IdentificationScheme | None) -> IdentificationScheme:
    """Default to :class:`Cholesky` in column order; check the protocol."""
    if identification is None:
        return Cholesky()
    if not isinstance(identification, IdentificationScheme):
        raise ModelSpecificationError(
            fmt(
                "identification",
                "Cholesky, Rotation or a SignIdentified result",
                type(identification).__name__,
            )
        )
    return identification


@dataclass(frozen=True)
class FixedImpact:
    r"""A given impact matrix B, used as is for every :math:`\Sigma_u`.

    Parameters
    ----------
    matrix : ndarray, shape (n, n)
        Invertible impact matrix (rows: variables; columns: shocks).
    names : sequence of str
        Shock names.

    Notes
    -----
    For known structural models (simulation truth, or B estimated
    elsewhere). B is not re-derived from a bootstrap draw's
    :math:`\Sigma_u`, so bootstrap bands with ``FixedImpact`` reflect only
    the uncertainty in the lag coefficients.
    """

    matrix: Float64Array
    names: tuple[str, ...]

    def __post_init__(self) -> None:
        b = np.asarray(self.matrix, dtype=float)
        if b.ndim != 2 or b.shape[0] != b.shape[1] or len(self.names) != b.shape[1]:
            raise ModelSpecificationError(
                fmt("matrix", "square, with one name per column", b.shape)
            )
        object.__setattr__(self, "matrix", b)
        object.__setattr__(self, "names", tuple(str(s) for s in self.names))

    def impact(self, sigma: Float64Array, names: Sequence[str]) -> Float64Array:
        """``matrix`` broadcast to the batch shape of ``sigma``."""
        return np.broadcast_to(self.matrix, sigma.shape[:-2] + self.matrix.shape).copy()

    def shock_names(self, names: Sequence[str]) -> list[str]:
        """Return the given shock names."""
        return list(self.names)
