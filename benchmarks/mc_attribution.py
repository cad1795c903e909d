"""Monte Carlo of the weekly attribution models against simulated truth (issue 8).

Usage::

    python benchmarks/mc_attribution.py --reps 100 --jobs 2 --out benchmarks/results

Writes ``mc_records_<model>.csv`` (one row per replication x driver x tenor),
``mc_summary.csv`` and ``mc_summary.md`` (the README table) into ``--out``,
and prints the table. Every number in the README's Monte Carlo table comes
from this script; see :mod:`attribution.validation.montecarlo` for the worlds,
the scenarios and the metrics.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import pandas as pd  # noqa: E402

from attribution.validation.montecarlo import (  # noqa: E402
    MODELS,
    Settings,
    monte_carlo,
    summarize,
)


def to_markdown(summary: pd.DataFrame, extra: tuple[str, ...] = ()) -> str:
    cols = [
        "model", "regime", "driver", "tenor", "n_reps", "truth_bp", "bias_pct",
        "rmse_bp", "cover68", "cover90", "cover90_set", "power", "size", *extra,
    ]  # fmt: skip
    lines = [
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
    ]
    for r in summary[cols].itertuples(index=False):
        cells = []
        for c, v in zip(cols, r, strict=True):
            if isinstance(v, float):
                text = f"{v:+.0f}%" if c == "bias_pct" else f"{v:.2f}"
                cells.append("" if pd.isna(v) else text)
            else:
                cells.append(str(v).replace("_", " ") if c == "driver" else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reps", type=int, default=100)
    p.add_argument("--sign-reps", type=int, default=None, help="reps, sign models")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--models", nargs="*", default=list(MODELS))
    p.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = p.parse_args()
    warnings.simplefilter("ignore")
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for model in args.models:
        set_identified = model in ("svar_sign_weekly", "svar_narrative_weekly")
        reps = args.sign_reps if set_identified and args.sign_reps else args.reps
        r, _ = monte_carlo([model], n_reps=reps, settings=Settings(), n_jobs=args.jobs)
        path = args.out / f"mc_records_{model}.csv"
        r.to_csv(path, index=False, float_format="%.4f")
        print(f"{model}: {reps} reps, {time.perf_counter() - t0:.0f} s", flush=True)
    # the table combines every model run so far (one file per model)
    records = pd.concat(
        [pd.read_csv(args.out / f"mc_records_{m}.csv") for m in MODELS
         if (args.out / f"mc_records_{m}.csv").exists()],
        ignore_index=True,
    )  # fmt: skip
    summary = summarize(records)
    summary.to_csv(args.out / "mc_summary.csv", index=False, float_format="%.4f")
    text = to_markdown(summary)
    (args.out / "mc_summary.md").write_text(text)
    print(text)
    print(f"total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
