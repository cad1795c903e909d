r"""Name statistically identified shocks with sign restrictions.

Identification through heteroskedasticity (or any statistical scheme) gives
columns of B without economic names. Each named shock
(:class:`~attribution.models.var.SignRestriction`) is assigned to one column,
possibly multiplied by -1, so that the total share of satisfied impact signs
is largest (Hungarian algorithm, :func:`scipy.optimize.linear_sum_assignment`).
Ties in the share are broken by how strongly the signs hold: the mean over a
shock's restrictions of :math:`s\,w'b_k / \lVert w'B\rVert` (the restricted
response of column k relative to that response's total calm-day s.d.), weighted
by 1e-3 so that it never outweighs one more satisfied sign.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from attribution._typing import Float64Array
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.var import _arrays
from attribution.models.var.sign import SignRestriction

_TIEBREAK = 1e-3


def combination_matrix(
    names: Sequence[str], combinations: Mapping[str, Mapping[str, float]] | None
) -> tuple[list[str], Float64Array]:
    """Rows ``names`` then each combination, as weights over ``names``.

    Raises
    ------
    ModelSpecificationError
        If a combination names an unknown variable or reuses a variable name.
    """
    rows, out = list(names), [np.eye(len(names))]
    for key, weights in (combinations or {}).items():
        if key in rows:
            raise ModelSpecificationError(
                fmt("combinations", "keyed by new names", key, "Rename it.")
            )
        w = np.zeros(len(names))
        for var, coef in weights.items():
            if var not in names:
                raise ModelSpecificationError(
                    fmt(f"combinations[{key}]", f"keyed by variables in {list(names)}",
                        var)
                )  # fmt: skip
            w[list(names).index(var)] += float(coef)
        rows.append(key)
        out.append(w[None])
    return rows, np.concatenate(out, axis=0)


def max_horizon(restrictions: Sequence[SignRestriction]) -> int:
    """Largest horizon any restriction constrains (0 = impact only)."""
    return max((max(r.horizons) for r in restrictions), default=0)


def _restriction_matrices(
    restrictions: Sequence[SignRestriction], rows: Sequence[str]
) -> list[Float64Array]:
    """Per shock, signed weight rows ``s w'`` over the (horizon, row) stack."""
    width, top = len(rows), max_horizon(restrictions)
    out = []
    for r in restrictions:
        mat = []
        for h in r.horizons:
            for w, s in r.weights(rows):
                full = np.zeros((top + 1) * width)
                full[h * width : (h + 1) * width] = s * w
                mat.append(full)
        out.append(np.stack(mat))
    return out


def stacked_responses(
    combo: Float64Array,
    impact: Float64Array,
    lag_coefs: Float64Array | None,
    horizon: int,
) -> Float64Array:
    """Responses ``(..., (H+1) rows, n)`` of the rows ``combo`` at horizons 0..H."""
    if lag_coefs is None:
        out: Float64Array = combo @ impact
        return out
    theta = _arrays.ma_coefs(lag_coefs, horizon) @ impact[..., None, :, :]
    resp = combo @ theta  # (..., H+1, rows, n)
    return resp.reshape(resp.shape[:-3] + (-1, resp.shape[-1]))


def _scores(mats: list[Float64Array], impact: Float64Array) -> Float64Array:
    """Scores ``(..., m, n, 2)``: share satisfied (+ tie-break) unflipped, flipped."""
    out = []
    for mat in mats:
        v = np.einsum("rk,...kc->...rc", mat, impact)  # (..., R, n)
        scale = np.sqrt((v**2).sum(axis=-1, keepdims=True))  # ||w'B|| per row
        strength = (v / np.where(scale > 0, scale, 1.0)).mean(axis=-2)
        plus = (v > 0).mean(axis=-2) + _TIEBREAK * strength
        minus = (v < 0).mean(axis=-2) - _TIEBREAK * strength
        out.append(np.stack([plus, minus], axis=-1))
    return np.stack(out, axis=-3)


def assign(scores: Float64Array) -> tuple[np.ndarray, np.ndarray]:
    """Columns ``(m,)`` and flips ``(m,)`` (True = times -1) maximising the scores."""
    best = scores.max(axis=-1)
    shock, col = linear_sum_assignment(-best)
    order = np.argsort(shock)
    col = col[order]
    flip = scores[np.arange(len(col)), col, 1] > scores[np.arange(len(col)), col, 0]
    return col, flip


@dataclass(frozen=True)
class ShockNaming:
    """Which statistical column each named shock is, and how well its signs hold.

    Attributes
    ----------
    table : DataFrame
        Indexed by named shock: ``column`` (statistical column), ``flip``
        (True if the column is multiplied by -1), ``satisfied``, ``total``
        (impact signs), ``share`` and ``all_hold``.
    columns : list of str
        Statistical column names, in their order.
    labels : list of str
        New name of each statistical column (named shocks, else ``other_k``).
    order : ndarray of int
        Column positions: named shocks first (restriction order), then the
        unassigned columns.
    signs : ndarray
        +1 or -1 per position of ``order``.
    """

    table: pd.DataFrame
    columns: list[str]
    labels: list[str]
    order: np.ndarray
    signs: Float64Array

    @property
    def shock_names(self) -> list[str]:
        """Names in the order of ``order``: named shocks, then ``other_k``."""
        return [self.labels[c] for c in self.order]

    def relabel(self, impact: pd.DataFrame) -> pd.DataFrame:
        """Reorder, flip and rename the columns of ``impact``."""
        arr = impact.to_numpy()[:, self.order] * self.signs
        return pd.DataFrame(arr, index=impact.index, columns=self.shock_names)


def naming_order(
    col: np.ndarray, flip: np.ndarray, n: int
) -> tuple[np.ndarray, Float64Array]:
    """Column order (named first) and signs for a naming ``(col, flip)``."""
    rest = [c for c in range(n) if c not in set(col.tolist())]
    order = np.concatenate([col, np.asarray(rest, dtype=np.int64)]).astype(np.int64)
    signs = np.concatenate([np.where(flip, -1.0, 1.0), np.ones(len(rest))])
    return order, signs


def name_shocks(
    impact: pd.DataFrame,
    restrictions: Sequence[SignRestriction],
    names: Sequence[str] | None = None,
    *,
    combinations: Mapping[str, Mapping[str, float]] | None = None,
    lag_coefs: Float64Array | None = None,
) -> ShockNaming:
    r"""Assign named sign-restricted shocks to statistically identified columns.

    Parameters
    ----------
    impact : DataFrame
        B, variables x statistical shocks.
    restrictions : sequence of SignRestriction
        One per named shock; keys are variables, combinations or ``"a - b"``.
        Signs are checked at every listed horizon.
    names : sequence of str, optional
        Variable names of the rows (default ``impact.index``; must match it).
    combinations : mapping, optional
        Extra responses as weights over variables, e.g.
        ``{"y10": {"real10": 1.0, "be10": 1.0}}``, usable in restrictions.
    lag_coefs : ndarray, shape (p, n, n), optional
        VAR lag matrices, needed when a restriction holds at horizons > 0
        (responses :math:`\Phi_h B`).

    Returns
    -------
    ShockNaming

    Raises
    ------
    ModelSpecificationError
        If a restriction or combination names an unknown variable, shock names
        repeat, there are more named shocks than columns, or a restriction
        holds at horizons > 0 and ``lag_coefs`` is not given.

    Notes
    -----
    The assignment maximises :math:`\sum_j \max_{f=\pm1}` share of shock j's
    signs satisfied by :math:`f b_{c(j)}` over one-to-one maps c (plus the
    tie-break in the module docstring). A shock with ``all_hold`` False is
    named by its best column, but its signs are rejected by the data in part.

    Examples
    --------
    >>> import pandas as pd
    >>> from attribution.models.var import SignRestriction
    >>> b = pd.DataFrame([[1.0, -0.5], [0.2, 1.0]], index=["y", "x"],
    ...                  columns=["shock_1", "shock_2"])
    >>> n = name_shocks(b, [SignRestriction("demand", {"y": "+", "x": "-"})])
    >>> row = n.table.loc["demand"]
    >>> row["column"], bool(row["flip"]), bool(row["all_hold"])
    ('shock_2', True, True)
    """
    rows = list(impact.index) if names is None else list(names)
    if rows != list(impact.index):
        raise ModelSpecificationError(
            fmt("names", f"the rows of impact {list(impact.index)}", rows)
        )
    shocks = [r.shock for r in restrictions]
    if len(set(shocks)) != len(shocks):
        raise ModelSpecificationError(fmt("restrictions", "unique shocks", shocks))
    n = impact.shape[1]
    if len(shocks) > n:
        raise ModelSpecificationError(
            fmt("restrictions", f"at most {n} shocks (columns of impact)", len(shocks))
        )
    all_rows, comb = combination_matrix(rows, combinations)
    mats = _restriction_matrices(restrictions, all_rows)
    top = max_horizon(restrictions)
    if top > 0 and lag_coefs is None:
        raise ModelSpecificationError(
            fmt("lag_coefs", "given when a restriction holds at horizons > 0",
                None, f"A restriction reaches horizon {top}.")
        )  # fmt: skip
    arr = stacked_responses(comb, impact.to_numpy(dtype=np.float64),
                            None if top == 0 else lag_coefs, top)  # fmt: skip
    scores = _scores(mats, arr)
    col, flip = assign(scores)
    columns = [str(c) for c in impact.columns]
    table = []
    for j in range(len(restrictions)):
        v = mats[j] @ arr[:, col[j]] * (-1.0 if flip[j] else 1.0)
        sat, tot = int((v > 0).sum()), len(v)
        table.append((columns[col[j]], bool(flip[j]), sat, tot, sat / tot, sat == tot))
    frame = pd.DataFrame(
        table,
        index=pd.Index(shocks, name="shock"),
        columns=["column", "flip", "satisfied", "total", "share", "all_hold"],
    )
    order, signs = naming_order(col, flip, n)
    labels = [""] * n
    for j, c in enumerate(col):
        labels[c] = shocks[j]
    for k, c in enumerate(order[len(col) :]):
        labels[c] = f"other_{k + 1}"
    return ShockNaming(frame, columns, labels, order, signs)
