r"""Sign restrictions: Rubio-Ramírez-Waggoner-Zha rotations, Fry-Pagan target.

A restriction constrains the sign of a response, or of a *difference* of
responses, of chosen variables to a named shock over chosen horizons. The
admissible set is the set of orthogonal Q (drawn from the Haar measure) for
which :math:`\Theta_h = \Phi_h B_{chol} Q` satisfies every restriction.
"""

from __future__ import annotations

import itertools
import logging
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from attribution._typing import Float64Array, SeedLike, VariableKind
from attribution._validation import as_generator, as_int, as_option
from attribution.exceptions import (
    IdentificationError,
    ModelSpecificationError,
    WeakIdentificationWarning,
    fmt,
)
from attribution.models.var import _arrays
from attribution.models.var.hd import window_positions, window_sum
from attribution.models.var.identification import Cholesky, Rotation
from attribution.models.var.irf import to_long

if TYPE_CHECKING:
    from attribution.models.var.results import VARResults

logger = logging.getLogger(__name__)
Assignment = Literal["ordered", "permute"]
_DIFF = re.compile(r"^\s*(.+?)\s+-\s+(.+?)\s*$")


@dataclass(frozen=True)
class SignRestriction:
    r"""Sign pattern that defines one structural shock.

    Parameters
    ----------
    shock : str
        Name of the shock (e.g. ``"foreign_official_selling"``).
    signs : mapping of str to {"+", "-"}
        Response -> required sign. A key is a variable name, or a difference
        ``"a - b"`` (spaces around the minus) restricting
        :math:`\Theta_{a} - \Theta_{b}`. "2y rises by more than 10y" is
        ``{"2y": "+", "2y - 10y": "+"}``.
    horizons : sequence of int, default (0,)
        Horizons over which every sign must hold (0 = impact).
    description : str, optional
        Economic story, for reports.

    Notes
    -----
    Inequalities are strict. A one-standard-deviation shock is scaled by
    :math:`BB'=\Sigma_u`; its sign is normalised so that the restrictions hold
    (a column of Q that satisfies all signs after multiplication by -1 is
    flipped, as in Rubio-Ramírez et al. 2010, Algorithm 2).
    """

    shock: str
    signs: Mapping[str, str]
    horizons: tuple[int, ...] = (0,)
    description: str = ""

    def __post_init__(self) -> None:
        if not self.signs:
            raise ModelSpecificationError(
                fmt(f"signs[{self.shock}]", "a non-empty mapping", dict(self.signs))
            )
        for key, sign in self.signs.items():
            if sign not in ("+", "-"):
                raise ModelSpecificationError(
                    fmt(f"signs[{self.shock}][{key}]", 'either "+" or "-"', sign)
                )
        hz = tuple(as_int(h, f"horizons[{self.shock}]", low=0) for h in self.horizons)
        if not hz:
            raise ModelSpecificationError(
                fmt(f"horizons[{self.shock}]", "non-empty", hz)
            )
        object.__setattr__(self, "horizons", hz)
        object.__setattr__(self, "signs", dict(self.signs))

    def weights(self, names: Sequence[str]) -> list[tuple[Float64Array, float]]:
        """Each restriction as (weight vector over variables, sign ±1)."""
        out = []
        for key, sign in self.signs.items():
            w = np.zeros(len(names))
            match = _DIFF.match(key) if key not in names else None
            parts = (
                [(key, 1.0)] if match is None else [(match[1], 1.0), (match[2], -1.0)]
            )
            for var, coef in parts:
                if var not in names:
                    raise ModelSpecificationError(
                        fmt(
                            f"signs[{self.shock}]",
                            f"keyed by variables in {list(names)}",
                            key,
                            'Use a column name or "a - b".',
                        )
                    )
                w[list(names).index(var)] += coef
            out.append((w, 1.0 if sign == "+" else -1.0))
        return out


def _restriction_rows(
    restrictions: Sequence[SignRestriction],
    names: Sequence[str],
    chol_irf: Float64Array,
) -> list[Float64Array]:
    """Per shock, rows ``s w' Phi_h B_chol`` (shape ``(..., R_j, n)``)."""
    mats = []
    for r in restrictions:
        rows = [
            s * np.einsum("i,...ik->...k", w, chol_irf[..., h, :, :])
            for h in r.horizons
            for w, s in r.weights(names)
        ]
        mats.append(np.stack(rows, axis=-2))
    return mats


def _permutations(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    assigned = np.array(list(itertools.permutations(range(n), m)), dtype=np.int64)
    full = np.array(
        [list(a) + [c for c in range(n) if c not in a] for a in assigned],
        dtype=np.int64,
    )
    return assigned, full


def admissible(
    mats: list[Float64Array], q: Float64Array, assignment: Assignment
) -> tuple[np.ndarray, Float64Array]:
    """Which rotations satisfy the restrictions, with columns signed/ordered.

    Parameters
    ----------
    mats : list of ndarray ``(..., R_j, n)``
        Restriction rows per shock (from the batch's own Phi and B_chol).
    q : ndarray ``(..., N, n, n)``
        Candidate rotations.
    assignment : {"ordered", "permute"}
        ``"ordered"``: shock j must be column j (RWZ 2010). ``"permute"``: the
        first column assignment (over all orderings) that works is used.

    Returns
    -------
    accepted : bool ndarray ``(..., N)``
    q_out : ndarray ``(..., N, n, n)``
        Rotations whose first m columns are the restricted shocks, signed.
    """
    m, n = len(mats), q.shape[-1]
    pos = np.empty(q.shape[:-2] + (m, n), dtype=bool)
    neg = np.empty_like(pos)
    for j, mat in enumerate(mats):
        v = mat[..., None, :, :] @ q  # (..., N, R_j, n)
        pos[..., j, :] = (v > 0).all(axis=-2)
        neg[..., j, :] = (v < 0).all(axis=-2)
    ok = pos | neg
    if assignment == "ordered":
        cols = np.arange(m)
        accepted = ok[..., cols, cols].all(axis=-1)
        sign = np.ones(q.shape[:-2] + (n,))
        sign[..., :m] = np.where(pos[..., cols, cols], 1.0, -1.0)
        return np.asarray(accepted, dtype=bool), q * sign[..., None, :]
    assigned, full = _permutations(n, m)
    valid = ok[..., np.arange(m)[None, :], assigned].all(axis=-1)  # (..., N, K)
    accepted = valid.any(axis=-1)
    k = valid.argmax(axis=-1)
    order = full[k]  # (..., N, n)
    q_out = np.take_along_axis(q, order[..., None, :], axis=-1)
    chosen = assigned[k]  # (..., N, m)
    is_pos = np.take_along_axis(pos, chosen[..., :, None], axis=-1)[
        ..., 0
    ]  # (..., N, m)
    sign = np.ones(q.shape[:-2] + (n,))
    sign[..., :m] = np.where(is_pos, 1.0, -1.0)
    return np.asarray(accepted, dtype=bool), q_out * sign[..., None, :]


def haar_rotations(
    rng: np.random.Generator, shape: tuple[int, ...], n: int
) -> Float64Array:
    """Haar-distributed orthogonal matrices: QR of Gaussian draws, diag(R) > 0."""
    q, r = np.linalg.qr(rng.standard_normal(shape + (n, n)))
    out: Float64Array = q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :]
    return out


@dataclass(frozen=True)
class SignIdentified:
    """Admissible set of a sign-restricted VAR and its Fry-Pagan median target.

    Works as an identification scheme: point quantities (``results.irf``,
    ``historical_decomposition``, ``bootstrap``) use the median-target model.

    Attributes
    ----------
    results : VARResults
    restrictions : tuple of SignRestriction
    rotations : ndarray, shape (n_accepted, n, n)
        Admissible Q (columns: restricted shocks first, then the rest).
    n_draws : int
        Rotations drawn.
    target_horizon : int
        Horizons 0..target_horizon enter the Fry-Pagan criterion.
    assignment : str
    """

    results: VARResults
    restrictions: tuple[SignRestriction, ...]
    rotations: Float64Array
    n_draws: int
    target_horizon: int
    assignment: Assignment
    _names: list[str] = field(repr=False)

    @property
    def n_accepted(self) -> int:
        """Number of admissible rotations."""
        return int(self.rotations.shape[0])

    @property
    def acceptance_rate(self) -> float:
        """Share of drawn rotations that were admissible."""
        return self.n_accepted / self.n_draws

    def shock_names(self, names: Sequence[str] | None = None) -> list[str]:
        """Restricted shocks, then ``unrestricted_1..``."""
        return list(self._names)

    @cached_property
    def _irf_set(self) -> Float64Array:
        """``(n_accepted, H+1, n, n)`` responses of every admissible model."""
        res = self.results
        phi = _arrays.ma_coefs(res._lag_coefs, self.target_horizon)
        chol = Cholesky().impact(res._sigma, res.names)
        return (phi @ chol)[None] @ self.rotations[:, None]

    @cached_property
    def median_target_index(self) -> int:
        r"""Row of ``rotations`` closest to the pointwise median (Fry and Pagan 2011).

        Minimises :math:`\sum_{h,i,j} ((\theta^{(d)}_{hij} - \mathrm{med}_{hij})/
        \mathrm{sd}_{hij})^2` over admissible models d, restricted shocks j and
        horizons 0..``target_horizon``.
        """
        m = len(self.restrictions)
        sub = self._irf_set[..., :m]
        sd = sub.std(axis=0)
        z = (sub - np.median(sub, axis=0)) / np.where(sd > 0, sd, 1.0)
        return int(np.argmin((z**2).sum(axis=(1, 2, 3))))

    @cached_property
    def median_target(self) -> Rotation:
        """The median-target model as a :class:`Rotation` identification."""
        return Rotation(self.rotations[self.median_target_index], tuple(self._names))

    def impact(self, sigma: Float64Array, names: Sequence[str]) -> Float64Array:
        """Impact matrix of the median-target model for ``sigma``."""
        return self.median_target.impact(sigma, names)

    def impact_set(self) -> pd.Series:
        """Impact matrices of all admissible models, indexed (draw, response, shock)."""
        arr = self._irf_set[:, 0]
        idx = pd.MultiIndex.from_product(
            [range(self.n_accepted), self.results.names, self._names],
            names=["draw", "response", "shock"],
        )
        return pd.Series(arr.reshape(-1), index=idx, name="impact")

    def irf_bands(self, level: float = 0.68) -> pd.DataFrame:
        """Responses across the admissible set, by (horizon, response, shock).

        Columns ``median_target`` (one model), ``median`` (pointwise; not a
        model), ``lower``/``upper`` (pointwise quantiles at ``level``) and
        ``min``/``max`` (the envelope of the admissible set).
        """
        s, names = self._irf_set, self.results.names
        q = (1.0 - level) / 2.0
        cols = {
            "median_target": s[self.median_target_index],
            "median": np.median(s, axis=0),
            "lower": np.quantile(s, q, axis=0),
            "upper": np.quantile(s, 1.0 - q, axis=0),
            "min": s.min(axis=0),
            "max": s.max(axis=0),
        }
        return pd.DataFrame(
            {k: to_long(v, names, self._names, k) for k, v in cols.items()}
        )

    def window_contributions(
        self,
        start: Any,
        end: Any,
        level: float = 0.68,
        *,
        variables: VariableKind = "levels",
    ) -> pd.DataFrame:
        """Window contributions across the admissible set (reduced form fixed).

        Each admissible model decomposes the change over ``start..end`` as in
        :func:`attribution.models.var.hd.window_contributions` (baseline =
        forecast from pre-window data; shocks dated inside the window);
        ``variables="changes"`` sums the window's rows of a VAR in changes.

        Returns
        -------
        DataFrame
            Indexed by (``response``, ``shock``), ``shock`` starting with
            ``"baseline"``; columns ``median_target``, ``median``, ``lower``,
            ``upper`` (pointwise quantiles at ``level``), ``min``, ``max``.
        """
        res = self.results
        lo, hi = window_positions(res, start, end)
        n_acc = self.n_accepted
        chol = Cholesky().impact(res._sigma, res.names)
        det = np.broadcast_to(res._det_coefs, (n_acc,) + res._det_coefs.shape)
        lags = np.broadcast_to(res._lag_coefs, (n_acc,) + res._lag_coefs.shape)
        last = window_sum(
            _arrays.decompose(
                res._y, res._det, det, lags, chol @ self.rotations, lo, hi
            ),
            variables,
        )
        if variables == "levels":
            last[:, :, 0] -= res._y[lo - 1]
        q = (1.0 - level) / 2.0
        cols = {
            "median_target": last[self.median_target_index],
            "median": np.median(last, axis=0),
            "lower": np.quantile(last, q, axis=0),
            "upper": np.quantile(last, 1.0 - q, axis=0),
            "min": last.min(axis=0),
            "max": last.max(axis=0),
        }
        idx = pd.MultiIndex.from_product(
            [res.names, ["baseline", *self._names]], names=["response", "shock"]
        )
        return pd.DataFrame({k: v.reshape(-1) for k, v in cols.items()}, index=idx)

    def summary(self) -> str:
        """Describe the acceptance and the restrictions imposed."""
        lines = [
            f"Sign restrictions ({self.assignment}): {self.n_accepted} of "
            f"{self.n_draws} rotations admissible ({self.acceptance_rate:.2%})"
        ]
        for r in self.restrictions:
            lines.append(f"  {r.shock}: {r.signs} at horizons {list(r.horizons)}")
        return "\n".join(lines)


def shock_labels(restrictions: Sequence[SignRestriction], n: int) -> list[str]:
    """Names of all n shocks: restricted first, then ``unrestricted_k``."""
    names = [r.shock for r in restrictions]
    return names + [f"unrestricted_{k}" for k in range(1, n - len(names) + 1)]


def validate_restrictions(
    restrictions: Sequence[SignRestriction], names: Sequence[str]
) -> tuple[SignRestriction, ...]:
    """Check types, uniqueness, count and variable names."""
    rs = tuple(restrictions)
    if not rs or not all(isinstance(r, SignRestriction) for r in rs):
        raise ModelSpecificationError(
            fmt("restrictions", "a non-empty list of SignRestriction", rs)
        )
    shocks = [r.shock for r in rs]
    if len(set(shocks)) != len(shocks) or len(rs) > len(names):
        raise ModelSpecificationError(
            fmt("restrictions", f"at most {len(names)} distinct shocks", shocks)
        )
    for r in rs:
        r.weights(names)
    return rs


def identify_sign(
    results: VARResults,
    restrictions: Sequence[SignRestriction],
    *,
    n_draws: int = 10_000,
    seed: SeedLike = None,
    assignment: Assignment = "ordered",
    target_horizon: int = 20,
    min_accepted: int = 100,
) -> SignIdentified:
    r"""Set-identify shocks by sign restrictions (Rubio-Ramírez, Waggoner and Zha 2010).

    Parameters
    ----------
    results : VARResults
        Reduced-form VAR; :math:`\Sigma_u` and the lag matrices are held fixed.
    restrictions : sequence of SignRestriction
        One per identified shock (at most n).
    n_draws : int, default 10000
        Haar rotations drawn (all at once, vectorised).
    seed : int, Generator or None
    assignment : {"ordered", "permute"}, default "ordered"
        ``"ordered"`` ties shock j to column j of Q (the published algorithm).
        ``"permute"`` accepts Q if any assignment of columns to shocks works,
        raising acceptance by up to m! at the cost of exact Haar uniformity
        over the admissible set.
    target_horizon : int, default 20
        Horizons used by the Fry-Pagan criterion and by ``irf_bands``.
    min_accepted : int, default 100
        Fewer admissible rotations than this trigger a warning.

    Returns
    -------
    SignIdentified

    Raises
    ------
    IdentificationError
        If no rotation is admissible.

    Warns
    -----
    WeakIdentificationWarning
        If fewer than ``min_accepted`` rotations are admissible.

    Notes
    -----
    Draw :math:`Z` with iid N(0,1) entries, take :math:`Z = QR` with
    :math:`\mathrm{diag}(R) > 0`, so Q is Haar-distributed; the candidate
    model is :math:`B = B_{chol} Q` (with :math:`B_{chol}` lower Cholesky of
    :math:`\Sigma_u` in column order) and responses :math:`\Phi_h B`. The
    identifying assumption is the sign pattern; each model in the set is
    observationally equivalent, so the set (and the median-target model, Fry
    and Pagan 2011, sec. 4) is reported rather than pointwise medians alone.

    References
    ----------
    Rubio-Ramírez, J., Waggoner, D. and Zha, T. (2010). Structural vector
    autoregressions: theory of identification and algorithms for inference.
    *Review of Economic Studies* 77(2), 665-696, Algorithm 2 / Theorem 9.
    Fry, R. and Pagan, A. (2011). Sign restrictions in structural vector
    autoregressions: a critical review. *J. Economic Literature* 49(4), 938-960.

    Examples
    --------
    >>> import numpy as np
    >>> from attribution.models.var import VAR, SignRestriction, simulate_svar
    >>> b = np.array([[1.0, 0.5], [0.5, -1.0]])
    >>> sim = simulate_svar([0.5 * np.eye(2)], b, 500, names=["10y", "usd"], seed=0)
    >>> res = VAR(sim.data, n_lags=1).fit()
    >>> r = SignRestriction("flight_to_safety", {"10y": "-", "usd": "+"})
    >>> signs = identify_sign(res, [r], n_draws=2000, seed=0)
    >>> 0.0 < signs.acceptance_rate < 1.0
    True
    >>> signs.shock_names()
    ['flight_to_safety', 'unrestricted_1']
    """
    names = results.names
    rs = validate_restrictions(restrictions, names)
    n_draws = as_int(n_draws, "n_draws", low=1)
    assignment = as_option(assignment, "assignment", ("ordered", "permute"))
    target_horizon = as_int(target_horizon, "target_horizon", low=0)
    h_max = max(max(r.horizons) for r in rs)
    chol = Cholesky().impact(results._sigma, names)
    chol_irf = _arrays.ma_coefs(results._lag_coefs, h_max) @ chol
    mats = _restriction_rows(rs, names, chol_irf)
    q = haar_rotations(as_generator(seed), (n_draws,), len(names))
    accepted, q_out = admissible(mats, q, assignment)
    n_acc = int(accepted.sum())
    logger.info("sign restrictions: %d of %d rotations admissible", n_acc, n_draws)
    if n_acc == 0:
        raise IdentificationError(
            fmt(
                "restrictions",
                "satisfiable by at least one rotation",
                f"0 of {n_draws} admissible",
                "Check the signs against the data (e.g. results.irf()), restrict fewer "
                "variables or horizons, try assignment='permute', or raise n_draws.",
            )
        )
    if n_acc < min_accepted:
        warnings.warn(
            f"Only {n_acc} of {n_draws} rotations ({n_acc / n_draws:.3%}) satisfy "
            "the sign "
            "restrictions; the admissible set is poorly explored. Raise n_draws, use "
            "assignment='permute', or relax the restrictions.",
            WeakIdentificationWarning,
            stacklevel=2,
        )
    return SignIdentified(
        results=results,
        restrictions=rs,
        rotations=q_out[accepted],
        n_draws=n_draws,
        target_horizon=target_horizon,
        assignment=assignment,
        _names=shock_labels(rs, len(names)),
    )
