"""Benchmark: change-in-volatility window contributions with a 1,000-draw bootstrap.

DGP: the simulated daily world (``daily_world("large", "holds")``, simulated
data), T = 2,300 business days, the 10 core variables, VAR(1) with a constant.
Stages timed: the closed-form identification with its s.e. and tests
(``identify_cv``), and the whole ``cv_window`` (identification, naming,
point, moving-block bootstrap with regime labels, re-identification,
matching and re-naming of every draw). Peer measured in the same run: a
plain loop that, per draw, resamples, refits the VAR with statsmodels and
identifies in closed form (no window decomposition), timed on ``--peer-draws``
draws and scaled to ``--n-boot``.

BLAS is pinned to one thread unless OPENBLAS_NUM_THREADS is already set.

Run: python benchmarks/bench_cv.py [--n-boot 1000] [--repeats 5]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from attribution.exceptions import WeakIdentificationWarning  # noqa: E402
from attribution.models.var import (  # noqa: E402
    VAR,
    SignRestriction,
    cv_window,
    identify_cv,
)
from attribution.models.var import _cv_arrays as cva  # noqa: E402
from attribution.simulate import daily_world  # noqa: E402

RESTRICTIONS = [
    SignRestriction("term_premium", {"y30 - y2": "+", "tp10": "+", "y30": "+"}),
    SignRestriction(
        "sell_america",
        {"y2": "+", "y5": "+", "y30": "+", "usd": "-", "equity": "-", "stress": "+"},
    ),
]


def _peer(res, high, n_draws, seed):  # noqa: ANN001, ANN202
    from statsmodels.tsa.api import VAR as SMVAR

    rng = np.random.default_rng(seed)
    u = res._resid
    y0 = res._y[:1]
    coef = res._lag_coefs[0]
    const = res._det_coefs[0]
    for _ in range(n_draws):
        idx = rng.integers(0, len(u), len(u))
        y = np.empty((len(u) + 1, u.shape[1]))
        y[0] = y0[0]
        for t in range(len(u)):
            y[t + 1] = const + coef @ y[t] + u[idx[t]]
        fit = SMVAR(y).fit(1)
        s1, s2 = cva.regime_covariances(np.asarray(fit.resid), high[idx])
        cva.closed_form(s1, s2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--peer-draws", type=int, default=50)
    args = parser.parse_args()
    world = daily_world("large", "holds", n_days=2301, seed=1)
    res = VAR(world.data.drop(columns="y10"), n_lags=1).fit()
    regime = world.volatility == "episode"
    print(f"T_e = {res.nobs}, n = {len(res.names)}, n_boot = {args.n_boot}")
    warnings.simplefilter("ignore", WeakIdentificationWarning)
    ident, whole = [], []
    cv_window(res, regime, world.window[0], world.window[1],
              restrictions=RESTRICTIONS, n_boot=10, seed=0)  # fmt: skip  warm-up
    for rep in range(args.repeats):
        t0 = time.perf_counter()
        cv = identify_cv(res, regime)
        _ = cv.std_err, cv.distinctness, cv.covariance_test
        ident.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        cv_window(res, regime, world.window[0], world.window[1],
                  restrictions=RESTRICTIONS, combinations={"y10": {"real10": 1.0,
                  "be10": 1.0}}, n_boot=args.n_boot, seed=rep)  # fmt: skip
        whole.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    _peer(res, cv.high, args.peer_draws, 0)
    peer = (time.perf_counter() - t0) * args.n_boot / args.peer_draws

    def show(name: str, xs: list[float]) -> None:
        print(f"{name:<34} median {statistics.median(xs):7.3f} s  "
              f"(range {min(xs):.3f}-{max(xs):.3f}, {len(xs)} runs)")  # fmt: skip

    show("identify_cv (+ s.e., tests)", ident)
    show(f"cv_window, {args.n_boot} draws", whole)
    print(f"{'peer loop (statsmodels), scaled':<34} {peer:7.3f} s "
          f"(from {args.peer_draws} draws); ratio "
          f"{peer / statistics.median(whole):.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
