"""Term structure: time per stage, cold and cached, against peers in the same run.

Run from the repository root: python benchmarks/bench_termstructure.py [--quick]
[--stages] [--acm] (``--stages``: section 1 only; ``--acm``: sections 1 and 3).

1. ``python cli.py termpremium --window 2025-04-04:2025-04-11`` in fresh
   subprocesses through the CLI's ``main`` (empty cache = cold, then the same
   cache = cached re-run): the whole process's wall and CPU time, and inside it
   the imports and the stages of ``run_and_write``. A cached re-run of the same
   command line is replayed by ``pipeline.termpremium_fast`` before the config
   is parsed (no pandas: the line says whether pandas was imported).
   Three runs each; median and range.
2. NSS on the same month-end par curves (1990-2025): our vectorised
   variable-projection fit with warm starts against a plain
   ``scipy.optimize.least_squares`` loop with no warm start (same par pricing,
   same bounds), and ``nelson_siegel_svensson.calibrate_nss_ols`` (PyPI), which
   fits zero yields only: given the par yields as if they were zero yields, its
   curve misses our zero curve by the coupon effect.
3. ACM on the same zero curve, for every ``termpremium`` estimation variant
   (``presample`` none / nyfed_1961 x ``var_bias_correction`` none /
   bootstrap): against the NY Fed's published ACMTP02/05/10 (1990-2025) and
   Kim-Wright THREEFYTP10 daily 2016-09-26 to 2025; and ``pyacm.NominalACM``
   (PyPI) on our 1990 curve.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import json  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy.optimize import least_squares  # noqa: E402

from attribution.config import load_config  # noqa: E402
from attribution.engine.termstructure_agreement import compare, to_month  # noqa: E402
from attribution.models.termstructure import NSSCurveModel  # noqa: E402
from attribution.models.termstructure._lm import TAU1_BOUNDS, TAU2_BOUNDS  # noqa: E402
from attribution.models.termstructure.curve import tenor_years  # noqa: E402
from attribution.models.termstructure.nss import ParPricer  # noqa: E402
from attribution.pipeline.common import store_from_config  # noqa: E402
from attribution.pipeline.termpremium import load_par_curve  # noqa: E402

CHILD = """
import time, json, sys
t0, c0 = time.perf_counter(), time.process_time()
from attribution.cli import main
t1, c1 = time.perf_counter(), time.process_time()
status = main(["termpremium", "--window", "2025-04-04:2025-04-11",
               "--out", sys.argv[1]])
t2, c2 = time.perf_counter(), time.process_time()
tp = sys.modules.get("attribution.pipeline.termpremium")
stages = dict(tp.LAST_TIMINGS) if tp is not None else {}
print(json.dumps({"imports": t1 - t0, "run": t2 - t1, "run_cpu": c2 - c1,
                  "status": status, "replayed": float(tp is None),
                  "pandas_imported": float("pandas" in sys.modules), **stages}))
"""


def _child(cache: str) -> dict[str, float]:
    env = {**os.environ, "ATTRIBUTION_CACHE_DIR": cache}
    before = os.times()
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(Path(cache) / "out")], env=env, cwd=ROOT,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return {**result, "process_wall": wall, "process_cpu": cpu}


def _fmt(values: list[float]) -> str:
    return f"{np.median(values):6.2f} s (range {min(values):.2f}-{max(values):.2f})"


def bench_pipeline(repeat: int) -> None:
    print("== termpremium, fresh subprocesses (2025-04-04:2025-04-11)")
    print(f"  load average before: {os.getloadavg()}")
    cold, warm = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(_child(cache))
            warm.append(_child(cache))
    print(f"  load average after: {os.getloadavg()}")
    stages = (
        "run_key_and_cache_read", "import_estimation", "load", "nss_monthly",
        "nss_daily", "acm", "attribute", "outputs_and_figure", "write",
    )  # fmt: skip
    for label, runs in (("cold", cold), ("cached", warm)):
        hits = sum(int(r.get("cache_hit", 0)) for r in runs)
        replayed = sum(int(r["replayed"]) for r in runs)
        pandas = sum(int(r["pandas_imported"]) for r in runs)
        print(
            f"  {label} (run-cache hits {hits}, replayed {replayed}, "
            f"pandas imported {pandas}, of {len(runs)}):"
        )
        for stage in ("process_wall", "process_cpu", "imports", "run", "run_cpu"):
            print(f"    {stage:24s} {_fmt([r[stage] for r in runs])}")
        for stage in stages:
            if all(stage in r for r in runs):
                print(f"    {stage:24s} {_fmt([r[stage] for r in runs])}")


def _plain_loop(par: pd.DataFrame) -> tuple[float, float]:
    """least_squares per date, fixed start, no warm start (same pricing)."""
    mats = np.array([tenor_years(c) for c in par.columns])
    pricer = ParPricer(mats)
    values = par.to_numpy()
    lo = [-np.inf] * 4 + [TAU1_BOUNDS[0], TAU2_BOUNDS[0]]
    hi = [np.inf] * 4 + [TAU1_BOUNDS[1], TAU2_BOUNDS[1]]
    rmse = []
    t0 = time.perf_counter()
    for row in values:
        obs = ~np.isnan(row)
        y = row[obs]
        x0 = [y[-1], y[0] - y[-1], 0.0, 0.0, 1.5, 10.0]
        res = least_squares(
            lambda p, y=y, obs=obs: pricer.par_yields(p)[obs] - y, x0,
            bounds=(lo, hi),
        )  # fmt: skip
        rmse.append(np.sqrt(np.mean(res.fun**2)) * 100)
    return time.perf_counter() - t0, float(np.median(rmse))


def bench_nss(par: pd.DataFrame) -> pd.DataFrame:
    month_end = par.groupby(par.index.to_period("M")).tail(1)
    print(f"== NSS on {len(month_end)} month-end par curves, 1990-2025")
    t0 = time.perf_counter()
    ours = NSSCurveModel(month_end).fit()
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    cold = NSSCurveModel(month_end).fit(warm_start=False)
    t_cold = time.perf_counter() - t0
    t_loop, rmse_loop = _plain_loop(month_end)
    print(
        f"  ours (warm start, vectorised): {t_ours:6.2f} s, median par RMSE "
        f"{ours.fit_error_bp['rmse_bp'].median():.2f} bp"
    )
    print(
        f"  ours, every date cold:         {t_cold:6.2f} s, median par RMSE "
        f"{cold.fit_error_bp['rmse_bp'].median():.2f} bp"
    )
    print(
        f"  scipy least_squares loop, no warm start: {t_loop:6.2f} s, median "
        f"par RMSE {rmse_loop:.2f} bp  -> ours {t_loop / t_ours:.1f}x faster"
    )
    try:
        from nelson_siegel_svensson.calibrate import calibrate_nss_ols
    except ImportError:
        print("  nelson-siegel-svensson not installed; skipped")
    else:
        mats = np.array([tenor_years(c) for c in month_end.columns])
        zero_ours = ours.zero(mats).to_numpy()
        gaps, failed, t0 = [], 0, time.perf_counter()
        for i, row in enumerate(month_end.to_numpy()):
            obs = ~np.isnan(row)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    curve, _ = calibrate_nss_ols(mats[obs].copy(), row[obs].copy())
            except np.linalg.LinAlgError:
                failed += 1
                continue
            gap = np.abs(curve(mats[obs].copy()) - zero_ours[i, obs]).max()
            if np.isfinite(gap):
                gaps.append(gap)
            else:
                failed += 1
        t_pkg = time.perf_counter() - t0
        print(
            f"  nelson-siegel-svensson 0.5 (par yields taken as zero yields): "
            f"{t_pkg:6.2f} s, {failed} of {len(month_end)} dates failed "
            "(LinAlgError or NaN); its curve vs our zero curve at the par "
            f"tenors: median largest gap {np.median(gaps) * 100:.1f} bp"
        )
    zero = ours.zero(np.arange(1, 121) / 12.0)
    zero.columns = list(range(1, 121))
    return zero


VARIANTS = (
    ("none", "none"),
    ("none", "bootstrap"),
    ("nyfed_1961", "none"),
    ("nyfed_1961", "bootstrap"),
)


def _line(label: str, s: dict[str, object]) -> str:
    return (
        f"    {label}: n {s['n']}, corr {s['corr']:.3f}, RMSE {s['rmse_bp']:.1f} bp, "
        f"mean gap {s['mean_gap_bp']:+.1f} bp, largest {s['max_gap_bp']:+.1f} bp "
        f"({s['max_gap_date']}), corr of changes {s['corr_changes']:.3f}"
    )


def bench_acm(zero: pd.DataFrame, store: object, par: pd.DataFrame) -> None:
    from attribution.engine.termstructure_fit import estimate_acm
    from attribution.pipeline.termpremium_run import load_nyfed_zero

    print("== ACM on the same zero curve (month ends 1990-2025), K = 5")
    published = {n: store.get(f"ACM.ACMTP{n // 12:02d}") for n in (24, 60, 120)}  # type: ignore[attr-defined]
    days = par.loc["2016-09-26":]
    t0 = time.perf_counter()
    daily = NSSCurveModel(days).fit()
    t_daily = time.perf_counter() - t0
    print(f"  daily NSS fits {len(days)} days: {t_daily:.2f} s")
    zd = daily.zero(np.arange(1, 121) / 12.0)
    zd.columns = list(range(1, 121))
    kw = store.get("THREEFYTP10")  # type: ignore[attr-defined]
    for presample, bias in VARIANTS:
        cfg = load_config(
            None,
            termpremium={"presample": presample, "var_bias_correction": bias},
        )
        t0, c0 = time.perf_counter(), time.process_time()
        nyfed = load_nyfed_zero(cfg, store, {})  # type: ignore[arg-type]
        est = estimate_acm(zero, cfg.termpremium, cfg.run.seed, nyfed)
        fit, pre, gap = est.acm, est.presample, est.splice_gap_bp
        t_fit, c_fit = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"  presample={presample}, var_bias_correction={bias}: "
            f"{t_fit:.2f} s wall, {c_fit:.2f} s CPU (499 bootstrap draws)"
        )
        if fit.bias is not None:
            print(f"    {fit.bias.summary()}")
        if gap is not None:
            print(
                f"    splice gap {gap.index[0]:%Y-%m} (ours - ACMY, bp): "
                + ", ".join(f"{k}y {v:+.1f}" for k, v in gap.iloc[0].items())
                + f"; median over {len(gap)} months by maturity: "
                + ", ".join(f"{k}y {v:+.1f}" for k, v in gap.median().items())
            )
            print(
                f"    pre-sample NSS fit to ACMY01..10: max RMSE "
                f"{pre.fit_rmse_bp.max():.3f} bp"  # type: ignore[union-attr]
            )
        dec = fit.decompose(fit.model.factors(zero), (24, 60, 120))
        for n, ref in published.items():
            s = compare(to_month(dec["term_premium"][n]), to_month(ref))
            print(_line(f"{n:3d}m vs ACMTP{n // 12:02d}", s))
        tp = fit.decompose(fit.model.factors(zd), (120,))["term_premium"][120]
        s = compare(tp, kw)
        print(_line(f"10y vs Kim-Wright {s['start']}..{s['end']}", s))
    try:
        from pyacm import NominalACM
    except ImportError:
        print("  pyacm not installed; skipped")
    else:
        curve = zero / 100.0  # pyacm wants decimal log yields
        curve.index = curve.index.to_period("M").to_timestamp("M")
        t0 = time.perf_counter()
        peer = NominalACM(curve=curve, n_factors=5)
        t_peer = time.perf_counter() - t0
        print(f"  pyacm 2.1 on our 1990 curve: {t_peer:.2f} s (no standard errors)")
        for n, ref in published.items():
            s = compare(to_month(peer.tp[n] * 100.0), to_month(ref))
            print(_line(f"{n:3d}m vs ACMTP{n // 12:02d}", s))


def main() -> None:
    quick = "--quick" in sys.argv
    store = store_from_config(load_config(None))
    par, _ = load_par_curve(store)
    bench_pipeline(1 if quick else 3)
    if "--stages" in sys.argv:
        return
    if "--acm" in sys.argv:
        month_end = par.groupby(par.index.to_period("M")).tail(1)
        zero = NSSCurveModel(month_end).fit().zero(np.arange(1, 121) / 12.0)
        zero.columns = list(range(1, 121))
    else:
        zero = bench_nss(par)
    bench_acm(zero, store, par)


if __name__ == "__main__":
    main()
