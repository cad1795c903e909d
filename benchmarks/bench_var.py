"""Benchmark: batched VAR bootstrap (IRF + FEVD + HD) and sign-restriction rotations.

DGP: simulated 6-variable VAR(4), T = 520 weekly observations (10 years).
Peers measured in the same run:
  * statsmodels ``irf_errband_mc(orth=True, repl=1000, steps=20)`` (IRF only);
  * a plain refit loop: for each draw, simulate, refit with statsmodels, then
    IRF + FEVD + HD for that draw (the same outputs as the batched path).

Every contender multiplies many tiny matrices, where a multi-threaded OpenBLAS
only adds contention (statsmodels' MC bands ran 6x slower with 2 BLAS threads on
the 2-core test machine), so BLAS is pinned to one thread for all of them unless
OPENBLAS_NUM_THREADS is already set. Warm times are best of --repeats after a
warm-up call in this process. The cold time is the first call in a fresh
Python process (a subprocess that builds the same VAR, then times that one call
and nothing else: imports and the fit are outside the timer), run --cold-runs
times; its median is compared with the peers. On a virtual machine the cold
call is dominated by the first touch of fresh memory, whose cost depends on
what the host reclaimed recently, so the individual runs are printed too.

Run: python benchmarks/bench_var.py [--n-boot 1000] [--repeats 3] [--cold-runs 5]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from attribution.models.var import (  # noqa: E402
    VAR,
    _arrays,  # noqa: E402
    identify_sign,
    shocks_from_spec,
    simulate_svar,
)
from attribution.models.var.bootstrap import (  # noqa: E402
    _bootstrap_resid,
    _simulate,
    bootstrap_var,
)
from attribution.models.var.simulate import stable_lag_coefs  # noqa: E402

NAMES = ["custody", "lev", "2y", "10y", "usd", "swap"]
# impact columns: official selling, basis unwind, policy, flight to safety, 2 others
IMPACT = np.array(
    [
        [-1.0, 0.1, 0.0, 0.2, 0.3, 0.1],
        [0.1, 1.0, -0.1, 0.0, 0.2, 0.0],
        [0.1, 0.1, 1.0, -0.3, 0.2, 0.1],
        [0.6, 0.5, 0.5, -0.6, 0.1, 0.2],
        [-0.5, 0.0, 0.6, 0.7, 0.4, 0.0],
        [0.0, -0.6, 0.1, 0.1, 0.0, 0.8],
    ]
)
ROLES = {
    "custody": "custody",
    "leveraged_net": "lev",
    "2y": "2y",
    "10y": "10y",
    "dollar": "usd",
    "swap_spread": "swap",
}


def best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def batched(res, n_boot: int, seed: int):
    boot = bootstrap_var(res, n_boot, seed=seed)
    return boot.irf_draws(20), boot.fevd_draws(20), boot.hd_draws()


def refit_loop(res, n_boot: int, seed: int) -> None:
    from statsmodels.tsa.api import VAR as SMVAR

    rng = np.random.default_rng(seed)
    for _ in range(n_boot):
        innov = _bootstrap_resid(res._resid, 1, "residual", rng, 1)
        ystar = _simulate(res, innov)[0]
        sm = SMVAR(ystar).fit(res.n_lags)
        theta = sm.orth_ma_rep(20)
        _arrays.fevd_shares(theta)
        det_coefs, lag_coefs = _arrays.split_params(sm.params, 1, res.n_lags)
        _arrays.decompose(
            res._y,
            res._det,
            det_coefs[None],
            lag_coefs[None],
            np.linalg.cholesky(sm.sigma_u)[None],
            res.n_lags,
            len(res._y),
        )


def fitted_var():
    lags = stable_lag_coefs(6, 4, radius=0.95, seed=1)
    sim = simulate_svar(lags, IMPACT, 520, names=NAMES, seed=2)
    return VAR(sim.data, n_lags=4, trend="c").fit()


def cold_child(n_boot: int) -> None:
    """Fresh process: time the first batched call only; print seconds and MB."""
    res = fitted_var()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    batched(res, n_boot, 0)
    elapsed = time.perf_counter() - t0
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    print(f"{elapsed:.6f} {grown:.1f}")


def cold_runs(n_boot: int, runs: int) -> tuple[list[float], list[float]]:
    times, grown = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--cold-child", "--n-boot", str(n_boot)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        times.append(float(out[0]))
        grown.append(float(out[1]))
    return times, grown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    n_boot, reps = args.n_boot, args.repeats
    if args.cold_child:
        cold_child(n_boot)
        return

    res = fitted_var()
    print(
        f"DGP: 6-variable VAR(4), T = {len(res._y)} weekly; {n_boot} draws; "
        f"best of {reps}; OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}"
    )

    colds, grown = cold_runs(n_boot, args.cold_runs)
    t_cold = statistics.median(colds)
    batched(res, n_boot, 0)  # warm-up
    t_ours = best_of(lambda: batched(res, n_boot, 0), reps)
    boot = bootstrap_var(res, n_boot, seed=0)
    t_bands = best_of(
        lambda: (
            boot.irf_bands(20),
            boot.fevd_bands(20),
            boot.window_contributions("2014-01-03", "2014-03-28"),
        ),
        reps,
    )
    t_hdbands = best_of(lambda: boot.hd_bands(), 1)
    runs = ", ".join(f"{t:.3f}" for t in colds)
    print(f"batched bootstrap, IRF + FEVD + full-sample HD draws, warm: {t_ours:.3f} s")
    print(
        f"  first call in a fresh process (cold), median of {len(colds)}: "
        f"{t_cold:8.3f} s  (runs: {runs}; peak memory +{max(grown):.0f} MB)"
    )
    print(f"  bands (IRF, FEVD, one window):                       {t_bands:8.3f} s")
    print(f"  bands for the full-sample HD (all dates):            {t_hdbands:8.3f} s")

    sm_res = res._statsmodels()
    t_sm = best_of(
        lambda: sm_res.irf_errband_mc(
            orth=True, repl=n_boot, steps=20, rng=np.random.default_rng(0)
        ),
        1,
    )
    t_loop = best_of(lambda: refit_loop(res, n_boot, 0), 1)
    print(
        f"statsmodels irf_errband_mc(repl={n_boot}, steps=20), IRF only: {t_sm:8.3f} s "
        f"-> ours is {t_sm / t_ours:5.1f}x faster warm, {t_sm / t_cold:5.1f}x cold"
    )
    print(
        f"plain refit loop (statsmodels fit + IRF + FEVD + HD):  {t_loop:8.3f} s "
        f"-> ours is {t_loop / t_ours:5.1f}x faster warm, {t_loop / t_cold:5.1f}x cold"
    )

    restrictions = shocks_from_spec(mapping=ROLES, columns=NAMES)
    for assignment in ("ordered", "permute"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            identify_sign(
                res, restrictions, n_draws=10_000, seed=0, assignment=assignment
            )
            t_sign = best_of(
                lambda a=assignment: identify_sign(
                    res, restrictions, n_draws=10_000, seed=0, assignment=a
                ),
                reps,
            )
            signs = identify_sign(
                res, restrictions, n_draws=10_000, seed=0, assignment=assignment
            )
        print(
            f"sign restrictions ({len(restrictions)} shocks, {assignment}): "
            f"10,000 rotations "
            f"in {t_sign:6.3f} s; acceptance rate {signs.acceptance_rate:.2%} "
            f"({signs.n_accepted} admissible)"
        )


if __name__ == "__main__":
    main()
