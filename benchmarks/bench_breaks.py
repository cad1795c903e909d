"""Benchmark: Bai-Perron dynamic programme against strucchange::breakpoints.

Mean-shift model (q = 1) and a model with a changing constant and slope
(q = 2, ``y ~ x``), m = 5 breaks, minimum segment h = 0.05 T (``trim=0.05``,
strucchange ``h = 0.05`` -> ``floor(0.05 T)``), simulated with known breaks.
For q = 2 the time is also stated against the mean-shift time of the same T
(target: within 3x, issue 12).

Targets (issue 5): T = 5,000 under 1 s and T = 20,000 under 30 s on 2 cores,
without a dense T x T matrix (peak traced memory is printed next to the 8 T^2
bytes such a matrix would need); when R is installed, at least 100x faster
than strucchange at T = 2,000 with identical breaks. R runs once per size
(T = 1,000 and 2,000, for q = 1 and q = 2; a few minutes in all), through
``Rscript``; pass ``--no-r`` to skip it. Run: ``python benchmarks/bench_breaks.py``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from attribution.models.breaks import BaiPerron, simulate_mean_shift  # noqa: E402

R_SCRIPT = """
suppressMessages(library(strucchange))
d <- read.table("{path}", col.names = c("y", "x"))
t0 <- proc.time()[["elapsed"]]
bp <- breakpoints({formula}, data = d, h = 0.05, breaks = 5)
el <- proc.time()[["elapsed"]] - t0
cat(el, breakpoints(bp, breaks = 5)$breakpoints, "\\n")
"""


def data(nobs: int) -> np.ndarray:
    """Five-regime mean-shift series with breaks at 20/40/60/80 % and 90 %."""
    cuts = tuple(int(nobs * f) for f in (0.2, 0.4, 0.6, 0.8, 0.9))
    y = simulate_mean_shift(
        nobs, cuts, (0.0, 1.0, 0.0, 1.5, 0.5, -0.5), seed=7, start=None
    )
    return y.to_numpy()


def regressor(nobs: int) -> np.ndarray:
    """The q = 2 regressor: iid N(0, 1), seeded."""
    return np.random.default_rng(11).standard_normal(nobs)


def data_q2(nobs: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean shifts of :func:`data` plus a slope on ``x`` that breaks at 40 %."""
    x = regressor(nobs)
    slope = np.where(np.arange(nobs) < int(nobs * 0.4), 0.5, -0.5)
    return data(nobs) + slope * x, x


def ours(
    y: np.ndarray, x: np.ndarray | None = None, repeats: int = 3
) -> tuple[float, tuple[int, ...]]:
    """Best-of-``repeats`` wall time of the full fit, and its 5-break dates."""
    best, dates = np.inf, ()
    exog = None if x is None else pd.DataFrame({"x": x})
    endog = pd.Series(y)
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = BaiPerron(endog, exog, trim=0.05, max_breaks=5).fit(n_breaks=5)
        best = min(best, time.perf_counter() - t0)
        dates = res.breakpoints
    return best, dates


def peak_memory_mb(y: np.ndarray) -> float:
    """Peak traced allocation (MB) of one fit."""
    tracemalloc.start()
    BaiPerron(y, trim=0.05, max_breaks=5).fit(n_breaks=5)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def strucchange(
    y: np.ndarray, x: np.ndarray | None = None
) -> tuple[float, tuple[int, ...]] | None:
    """strucchange's elapsed time and dates, or None without Rscript."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "y.txt"
        cols = np.column_stack([y, np.zeros_like(y) if x is None else x])
        np.savetxt(path, cols, fmt="%.17g")
        script = Path(tmp) / "bench.R"
        formula = "y ~ 1" if x is None else "y ~ x"
        script.write_text(R_SCRIPT.format(path=path.as_posix(), formula=formula))
        out = subprocess.run(
            [rscript, str(script)],
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        )
    fields = out.stdout.split()
    return float(fields[0]), tuple(int(float(v)) for v in fields[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-r", action="store_true", help="skip strucchange")
    args = parser.parse_args()
    print("Bai-Perron, mean shift, m = 5, h = 0.05 T")
    print(f"{'T':>7} {'seconds':>9} {'peak MB':>9} {'dense TxT MB':>13}  breaks")
    for nobs in (1_000, 2_000, 5_000, 20_000):
        y = data(nobs)
        seconds, dates = ours(y, repeats=3 if nobs <= 5_000 else 1)
        peak = peak_memory_mb(y) if nobs >= 5_000 else float("nan")
        dense = 8 * nobs**2 / 1e6
        print(f"{nobs:>7} {seconds:>9.3f} {peak:>9.1f} {dense:>13.0f}  {dates}")
        limit = {5_000: 1.0, 20_000: 30.0}.get(nobs)
        if limit is not None:
            verdict = "met" if seconds < limit else "MISSED"
            print(f"        T = {nobs:,} target < {limit:g} s: {verdict}")
    print("\nq = 2 (y ~ x: constant and slope change), against q = 1 at the same T")
    print(f"{'T':>7} {'q=2 s':>9} {'q=1 s':>9} {'q2/q1':>7}  breaks")
    for nobs in (1_000, 2_000, 5_000):
        y2, x = data_q2(nobs)
        sec2, dates = ours(y2, x, repeats=5)
        sec1, _ = ours(data(nobs), repeats=5)
        print(f"{nobs:>7} {sec2:>9.3f} {sec1:>9.3f} {sec2 / sec1:>7.2f}  {dates}")
        if nobs == 2_000:
            verdict = "met" if sec2 / sec1 <= 3 else "MISSED"
            print(f"        q = 2 within 3x of q = 1 at T = 2,000: {verdict}")
    if args.no_r:
        return
    for q in (1, 2):
        for nobs in (1_000, 2_000):
            y, x = (data(nobs), None) if q == 1 else data_q2(nobs)
            ref = strucchange(y, x)
            if ref is None:
                print("Rscript not found: strucchange comparison skipped")
                return
            seconds, dates = ours(y, x)
            ratio = ref[0] / seconds
            same = "identical" if ref[1] == dates else f"DIFFERENT (R: {ref[1]})"
            print(
                f"q = {q}, T = {nobs}: strucchange {ref[0]:.1f} s, ours "
                f"{seconds:.3f} s, ratio {ratio:,.0f}x, breaks {same}"
            )
            if nobs == 2_000 and q == 1:
                verdict = "met" if ratio >= 100 else "MISSED"
                print(f"        ratio target >= 100x at T = 2,000: {verdict}")


if __name__ == "__main__":
    main()
