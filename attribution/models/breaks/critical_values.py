r"""Published critical values of the Bai-Perron tests and Hansen's p-value tables.

The numbers live as CSV files in ``attribution/models/breaks/data/``; this
module loads them once and looks them up. Every lookup is indexed by ``q``,
the number of regressors whose coefficients change (never the q = 1 table
for every q).

Sources
-------
``bai_perron2003_supf.csv``
    Asymptotic critical values of :math:`\sup F_T(k)` (0 against k breaks),
    for trimming :math:`\epsilon \in \{0.05, 0.10, 0.15, 0.20, 0.25\}`,
    levels 10%, 5%, 2.5%, 1%, :math:`q = 1, \dots, 10` and
    :math:`k \le` the largest number of breaks the trimming allows (9, 8, 5,
    3, 2). Bai and Perron (2003b), Table 1 (extending Bai and Perron 1998,
    Table I).
``bai_perron2003_seqf.csv``
    Critical values of :math:`\sup F_T(l+1 \mid l)`, column
    ``l_plus_1 = l + 1`` (``l + 1 = 1`` equals :math:`\sup F_T(1)`).
    Bai and Perron (2003b), Table 2.
``bai_perron2003_dmax.csv``
    Critical values of UDmax and WDmax (WDmax at the weights of the same
    level). Bai and Perron (2003b), Table 1 (last columns).
``hansen1997_{sup,ave,exp}.csv``
    Hansen's (1997) response-surface coefficients for p-values of the
    Andrews sup-F, ave-F and exp-F tests: 25 rows (row ``i`` is the
    trimming :math:`\pi_0 = 0.51 - 0.02 i`) for each of ``k = 1..40``
    regressors; columns ``b0..b{m-1}`` the polynomial in the
    statistic and ``df`` the chi-square degrees of freedom. Transcribed from
    Hansen (1997) as distributed in R's strucchange 1.5-3
    (``sc.beta.sup``, ``sc.beta.ave``, ``sc.beta.exp``), checked equal to
    R's values to the last digit by ``tests/models/breaks``.

The Bai-Perron tables were transcribed from the authors' published tables
(as also distributed with the authors' GAUSS/MATLAB code) and are checked in
the tests against values read off the printed tables and for internal
consistency (monotone in level and in q; ``l + 1 = 1`` column equal to
:math:`\sup F_T(1)`).

References
----------
Bai, J. and Perron, P. (1998). Estimating and testing linear models with
multiple structural changes. *Econometrica* 66(1), 47-78.

Bai, J. and Perron, P. (2003b). Critical values for multiple structural
change tests. *Econometrics Journal* 6(1), 72-78.

Hansen, B. E. (1997). Approximate asymptotic p values for structural-change
tests. *Journal of Business & Economic Statistics* 15(1), 60-67.
"""

from __future__ import annotations

import functools
from importlib import resources
from io import StringIO
from typing import Literal

import numpy as np
import pandas as pd

from attribution._typing import Float64Array
from attribution.exceptions import ModelSpecificationError, fmt

TRIMS: tuple[float, ...] = (0.05, 0.10, 0.15, 0.20, 0.25)
LEVELS: tuple[float, ...] = (0.10, 0.05, 0.025, 0.01)
MAX_Q = 10


@functools.cache
def _table(name: str) -> pd.DataFrame:
    text = (
        resources.files("attribution.models.breaks").joinpath("data", name).read_text()
    )
    return pd.read_csv(StringIO(text), dtype={"trim": float, "alpha": float})


@functools.cache
def hansen_table(kind: Literal["sup", "ave", "exp"]) -> Float64Array:
    """Return Hansen's (1997) coefficients, shape ``(1000, m + 1)``."""
    return np.asarray(_table(f"hansen1997_{kind}.csv").to_numpy(dtype=float))


def nearest_trim(trim: float) -> float:
    """Return the tabulated trimming closest to ``trim``.

    Raises
    ------
    ModelSpecificationError
        If ``trim`` is more than 0.025 from every tabulated value.
    """
    best = min(TRIMS, key=lambda t: abs(t - trim))
    if abs(best - trim) > 0.025 + 1e-12:
        raise ModelSpecificationError(
            fmt(
                "trim",
                f"within 0.025 of a tabulated value {TRIMS}",
                trim,
                "Bai-Perron critical values exist only for these trimmings.",
            )
        )
    return best


def _check(q: int, alpha: float) -> None:
    if not 1 <= q <= MAX_Q:
        raise ModelSpecificationError(
            fmt(
                "q",
                f"between 1 and {MAX_Q} (tabulated)",
                q,
                "Bai-Perron tables stop at 10 changing regressors.",
            )
        )
    if not any(abs(alpha - a) < 1e-12 for a in LEVELS):
        raise ModelSpecificationError(fmt("alpha", f"one of {LEVELS}", alpha))


@functools.cache
def _index(name: str, col: str) -> dict[tuple[float, float, int, str], float]:
    tab = _table(name)
    keys = zip(
        tab["trim"].round(2),
        tab["alpha"].round(3),
        tab["q"],
        tab[col].astype(str),
        strict=True,
    )
    return dict(zip(keys, tab["critical_value"].astype(float), strict=True))


def _lookup(name: str, col: str, q: int, key: str, trim: float, alpha: float) -> float:
    _check(q, alpha)
    eps = nearest_trim(trim)
    value = _index(name, col).get((round(eps, 2), round(alpha, 3), int(q), key))
    if value is None:
        raise ModelSpecificationError(
            fmt(
                col,
                f"tabulated for trim={eps}",
                key,
                "Fewer breaks fit this trimming; lower max_breaks or trim.",
            )
        )
    return value


def supf_critical_value(q: int, k: int, trim: float, alpha: float = 0.05) -> float:
    r"""Critical value of :math:`\sup F_T(k)` for q changing regressors.

    Examples
    --------
    >>> supf_critical_value(1, 1, 0.15), supf_critical_value(2, 1, 0.15)
    (8.58, 11.47)
    """
    return _lookup("bai_perron2003_supf.csv", "k", q, str(k), trim, alpha)


def max_tabulated_breaks(trim: float) -> int:
    r"""Largest k with a tabulated :math:`\sup F_T(k)` at this trimming."""
    return {0.05: 9, 0.10: 8, 0.15: 5, 0.20: 3, 0.25: 2}[nearest_trim(trim)]


def seqf_critical_value(q: int, n_null: int, trim: float, alpha: float = 0.05) -> float:
    r"""Critical value of :math:`\sup F_T(l + 1 \mid l)` with ``l = n_null``.

    Examples
    --------
    >>> seqf_critical_value(1, 1, 0.15), seqf_critical_value(3, 2, 0.15)
    (10.13, 16.83)
    """
    return _lookup(
        "bai_perron2003_seqf.csv", "l_plus_1", q, str(n_null + 1), trim, alpha
    )


def dmax_critical_value(
    q: int, trim: float, alpha: float = 0.05, kind: Literal["udmax", "wdmax"] = "udmax"
) -> float:
    """Critical value of UDmax or WDmax.

    Examples
    --------
    >>> dmax_critical_value(1, 0.15), dmax_critical_value(1, 0.15, kind="wdmax")
    (8.88, 9.91)
    """
    return _lookup("bai_perron2003_dmax.csv", "stat", q, kind, trim, alpha)
