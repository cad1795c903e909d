"""Timings of the regression / LP toolkit against peers measured in the same run.

Run from the repository root: python benchmarks/bench_regression.py
BLAS is pinned to one thread (set before numpy loads): on a loaded 2-core box,
multi-threaded BLAS on small matrices is 100x slower from contention.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.tsa.api import LocalProjections as SMLocalProjections

from attribution.models.lp import LocalProjections, simulate_var
from attribution.models.regression import (
    HACRegression,
    RollingRegression,
    lmg_decomposition,
    window_contributions,
)
from attribution.models.regression.bootstrap import moving_block_indices
from attribution.models.regression.simulate import simulate_regression


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def row(label: str, ours: float, peer: float, peer_label: str) -> None:
    print(
        f"{label:<44s} ours {ours * 1e3:9.1f} ms   {peer_label:<28s} "
        f"{peer * 1e3:9.1f} ms   ratio peer/ours {peer / ours:6.2f}"
    )


def main() -> None:
    y, x = simulate_regression(520, beta=(0.5, 1.0, -0.5, 0.2, 0.1, 0.0), seed=0)
    xc = sm.add_constant(x)

    ours = best_of(lambda: HACRegression(y, x).fit(cov="hac", bandwidth=5), 5)
    peer = best_of(
        lambda: sm.OLS(y, xc).fit(cov_type="HAC", cov_kwds={"maxlags": 5}), 5
    )
    row("HAC OLS, T=520, k=6, 5 lags", ours, peer, "statsmodels OLS HAC")

    res = HACRegression(y, x).fit()
    w = x.iloc[-13:]
    ours = best_of(
        lambda: window_contributions(res, w, method="bootstrap", n_boot=999, seed=1)
    )

    def loop() -> None:
        idx = moving_block_indices(520, 9, 999, seed=1)
        xa, ya = xc.to_numpy(), y.to_numpy()
        for b in range(999):
            np.linalg.lstsq(xa[idx[b]], ya[idx[b]], rcond=None)

    row(
        "Block bootstrap, 999 draws, contributions",
        ours,
        best_of(loop),
        "loop of lstsq refits",
    )

    ours = best_of(lambda: RollingRegression(y, x, window=104).fit(cov="hac"), 1)

    def refit() -> None:
        for end in range(104, 521, 1):
            HACRegression(y.iloc[end - 104 : end], x.iloc[end - 104 : end]).fit(
                cov="hac"
            )

    row(
        "Rolling HAC OLS, window 104 (417 windows)",
        ours,
        best_of(refit, 1),
        "loop of HACRegression refits",
    )

    data = simulate_var(520, np.eye(6)[None] * 0.5, np.eye(6), seed=0)
    ours = best_of(
        lambda: LocalProjections(data, shock="y1", horizons=20, n_lags=4).fit(), 2
    )
    peer = best_of(
        lambda: SMLocalProjections(data, shock_idx=0, lags=4, horizons=20).fit(), 2
    )
    row(
        "Local projections, 6 vars, H=20, 4 lags",
        ours,
        peer,
        "statsmodels LocalProjections",
    )

    rng = np.random.default_rng(0)
    xl = pd.DataFrame(
        rng.standard_normal((520, 12)), columns=[f"c{i}" for i in range(12)]
    )
    yl = pd.Series(xl.sum(axis=1) + rng.standard_normal(520), name="y")
    t = best_of(lambda: lmg_decomposition(yl, xl), 1)
    print(f"{'LMG exact, k=12 (4096 subsets)':<44s} ours {t * 1e3:9.1f} ms   (no peer)")


if __name__ == "__main__":
    main()
