"""Calibration of the heteroskedasticity model's bands on the daily world (issue 9).

Usage::

    python benchmarks/mc_hetero_calibration.py --regime holds --reps 400 \
        --boot 200 --out benchmarks/results

Runs ``svar_hetero_daily`` through the engine entry point on the same worlds
as :mod:`attribution.validation.montecarlo_daily` (6,000 days, world seeds
``1000 * rep`` for ``large`` and ``1000 * rep + 1`` for ``zero``, the world's
own regimes, the model's seed = the world's) and, per scenario, driver and
tenor, prints what decides whether a band is too narrow or mis-centred:

* ``mean_err`` (estimate - truth, bp) with its s.e.;
* ``sd_err``, the Monte Carlo s.d. of the error, against ``rms_se``, the root
  mean square of the bootstrap s.d. (``std_err_bp``): a too-narrow band has
  ``rms_se`` below ``sd_err``;
* ``z_sd``, the s.d. of ``(estimate - truth) / std_err_bp``;
* ``z0``, the mean bootstrap median-bias ``Phi^-1(share of draws below the
  estimate)`` (0 when the draws are centred on the estimate);
* ``cover90`` (percentile band of all draws) with its binomial s.e., and the
  same band from the first 50 and 100 draws (the Monte Carlo error of the
  percentile end points);
* ``named``, the verdict's rule (band excludes zero, not weakly identified):
  power in ``large``, size in ``zero``.

Writes ``mc_hetero_calibration_<regime>_<boot>.csv`` (one row per world,
driver and tenor) into ``--out``.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

from attribution.domain.window import Window  # noqa: E402
from attribution.engine.svar_hetero_daily import MODEL, attribute_daily_hetero  # noqa: E402
from attribution.simulate import daily_world  # noqa: E402
from attribution.validation.daily_worlds import truth, world_levels, world_spec  # noqa: E402

DRIVERS = ("sell_america", "term_premium")
TENORS = ("10y", "30y")
LEVEL = 0.9


def _band(draws: np.ndarray) -> tuple[float, float]:
    q = (1.0 - LEVEL) / 2.0
    lo, hi = np.quantile(draws, [q, 1.0 - q])
    return float(lo), float(hi)


def world_rows(regime: str, rep: int, n_boot: int) -> list[dict[str, Any]]:
    """Both scenarios of one replication: one row per driver and tenor."""
    rows = []
    for k, scenario in enumerate(("large", "zero")):
        seed = 1000 * rep + k
        w = daily_world(scenario, regime, n_days=6000, seed=seed)  # type: ignore[arg-type]
        spec = world_spec(w, n_boot=n_boot, seed=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result, _ = attribute_daily_hetero(
                w.data, world_levels(w), Window.parse(w.window_text()), spec,
                w.volatility == "episode",
            )  # fmt: skip
        table, draws = result.table, result.draws[MODEL].sort_index()
        for driver in DRIVERS:
            for tenor in TENORS:
                r = table.loc[(table["tenor"] == tenor) & (table["driver"] == driver)]
                row = r.iloc[0]
                d = draws.loc[(tenor, driver)].to_numpy()
                est, true = float(row["contribution_bp"]), truth(w, driver, tenor)
                edge = 1.0 / len(d)
                share = float(np.clip((d < est).mean(), edge, 1.0 - edge))
                sub = {n: _band(d[:n]) for n in (50, 100)}
                rows.append(
                    {
                        "regime": regime, "scenario": scenario, "rep": rep,
                        "seed": seed, "driver": driver, "tenor": tenor,
                        "truth": true, "estimate": est,
                        "std_err": float(row["std_err_bp"]),
                        "lower90": float(row["lower_bp"]),
                        "upper90": float(row["upper_bp"]),
                        "z0": float(stats.norm.ppf(share)),
                        "cover90_50": sub[50][0] <= true <= sub[50][1],
                        "cover90_100": sub[100][0] <= true <= sub[100][1],
                        "weak": row["status"] == "weakly_identified",
                    }
                )  # fmt: skip
    return rows


def summarize(records: pd.DataFrame) -> pd.DataFrame:
    """The diagnosis table (see the module docstring), one row per group."""
    r = records.assign(
        err=records["estimate"] - records["truth"],
        cover=(records["lower90"] <= records["truth"])
        & (records["truth"] <= records["upper90"]),
        named=~((records["lower90"] <= 0.0) & (records["upper90"] >= 0.0))
        & ~records["weak"].astype(bool),
    )
    out = []
    for key, g in r.groupby(["scenario", "driver", "tenor"], sort=False):
        n = len(g)
        cov, named = float(g["cover"].mean()), float(g["named"].mean())
        out.append(
            {
                "scenario": key[0], "driver": key[1], "tenor": key[2], "n": n,
                "mean_err": g["err"].mean(),
                "se_mean": g["err"].std(ddof=1) / np.sqrt(n),
                "sd_err": g["err"].std(ddof=1),
                "rms_se": float(np.sqrt((g["std_err"] ** 2).mean())),
                "z_sd": (g["err"] / g["std_err"]).std(ddof=1),
                "z0": g["z0"].mean(),
                "cover90": cov, "cover_se": np.sqrt(cov * (1 - cov) / n),
                "cover90_50": g["cover90_50"].mean(),
                "cover90_100": g["cover90_100"].mean(),
                "named": named, "named_se": np.sqrt(named * (1 - named) / n),
            }
        )  # fmt: skip
    return pd.DataFrame(out)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--regime", default="holds")
    p.add_argument("--reps", type=int, default=400)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--boot", type=int, default=200)
    p.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    rows = []
    for rep in range(args.first, args.first + args.reps):
        rows += world_rows(args.regime, rep, args.boot)
    records = pd.DataFrame(rows)
    path = args.out / f"mc_hetero_calibration_{args.regime}_{args.boot}.csv"
    records.to_csv(path, index=False, float_format="%.4f")
    with pd.option_context("display.width", 200):
        print(summarize(records).round(3).to_string(index=False))
    print(f"{args.reps} replications, {time.perf_counter() - t0:.0f} s -> {path}")


if __name__ == "__main__":
    main()
