"""Per-stage time of a cold ``python cli.py attribute`` run (issues 9 and 11).

Each case runs in a fresh Python process (cold imports, no warm caches in
memory), calls the CLI's ``main`` exactly as ``python cli.py attribute ...``
does, and times every stage by wrapping the pipeline's own functions:
imports, config, data load, panel, each model, reports/figures and writing.
A stage's time excludes the stages timed inside it. Wall time and CPU time
(user + sys of this process and of any worker processes it waited for) are
printed side by side, with the load average: the machine may be shared.

Usage::

    python benchmarks/bench_end_to_end.py            # week and episode, 3 runs each
    python benchmarks/bench_end_to_end.py --runs 1 --case week

Cases: ``week`` = ``--window 2025-04-04:2025-04-11`` (issue 9), ``episode`` =
``--episode 2025-04`` (issue 11: the tariff-selloff episode, every model and
all figures) and ``month`` = ``--window 2025-04`` (the month and its largest
move; not in the default ``all``). All use the default config (every default
model, 1,000 bootstrap draws for the daily models). The target is under 15 s
for the week and the episode.

The worker's line (``[worker, in parallel]``) is the whole step it runs from
the config: its imports, its panel and the daily sign models; its wall time
overlaps the main process's stages. The critical path is the main process
until "waiting for the worker" (or the worker, if longer) plus the stages
after the wait.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CASES = {
    "week": ["attribute", "--window", "2025-04-04:2025-04-11"],
    "episode": ["attribute", "--episode", "2025-04"],
    "month": ["attribute", "--window", "2025-04"],
}
#: what ``--case all`` (the default) runs: the two acceptance cases
DEFAULT_CASES = ["week", "episode"]
ROOT = Path(__file__).resolve().parents[1]
WORKER = "[worker, in parallel] "


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class _Stages:
    """Exclusive wall and CPU time per label (a stage minus those inside it)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._stack: list[list[float]] = []  # per open stage: child wall, child cpu

    def add(self, label: str, wall: float, cpu: float) -> None:
        self.wall[label] = self.wall.get(label, 0.0) + wall
        self.cpu[label] = self.cpu.get(label, 0.0) + cpu

    def wrap(self, module: Any, name: str, label: Callable[..., str] | str) -> None:
        inner = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append([0.0, 0.0])
            w0, c0 = time.perf_counter(), _cpu()
            try:
                return inner(*args, **kwargs)
            finally:
                w, c = time.perf_counter() - w0, _cpu() - c0
                kid_w, kid_c = self._stack.pop()
                text = label(*args, **kwargs) if callable(label) else label
                self.add(text, w - kid_w, c - kid_c)
                if self._stack:
                    self._stack[-1][0] += w
                    self._stack[-1][1] += c

        setattr(module, name, timed)


def _wrap_heavy(st: _Stages) -> None:
    """Import the pipeline's heavy modules and time their stages."""
    import attribution.pipeline.attribute as pa
    import attribution.pipeline.attribute_inputs as ai
    import attribution.pipeline.attribute_write as aw
    import attribution.pipeline.console as console
    import attribution.pipeline.daily as pd_
    import attribution.pipeline.termpremium as tp

    st.wrap(pa, "store_from_config", "data load (store)")
    st.wrap(ai, "build_panel", "panel")
    st.wrap(pa, "weekly_design", "weekly design")
    st.wrap(pa, "attribute_weekly_ols", lambda *a, **k: a[3].model)
    st.wrap(pa, "attribute_svar", lambda *a, **k: a[4])
    st.wrap(tp, "attribute_rows", "acm_termstructure")
    st.wrap(pa, "begin_daily_models", "daily design + flow tables")
    st.wrap(pa, "report_extras", "report facts + diagnostics")
    st.wrap(pd_, "attribute_daily_hetero", "svar_hetero_daily")
    st.wrap(
        pd_, "attribute_daily_signs_multi", "svar_sign_daily + svar_narrative_daily"
    )
    st.wrap(pa, "start_attribution", "start_attribution (rest)")
    st.wrap(pa, "finish_attribution", "finish_attribution (rest)")
    st.wrap(pa, "prerender", "figures drawn while the worker runs")
    st.wrap(aw, "figure_files", "figures drawn after the wait")
    st.wrap(aw, "write_with_manifest", "writing (files, manifest)")
    st.wrap(pa, "write_parts", "reports after the wait (tables, markdown)")
    st.wrap(pa, "attribute_and_write", "attribute_and_write (rest)")
    st.wrap(console, "print_attribution", "console")


def _child(argv: list[str]) -> None:
    """One cold run; prints a JSON line of stages.

    The CLI starts the worker before its heavy imports, so only the light
    modules are imported (and wrapped) up front; the others are imported
    and wrapped right after the worker is started, as the CLI would. The
    process is set up and ends as ``python cli.py`` does
    (``attribution.cli.run``: the collector's threshold, the exit without the
    interpreter's teardown), so "process start to exit" is what a user waits.
    """
    w0, c0 = time.perf_counter(), _cpu()
    from attribution.pipeline.process import exit_now, tune_collector

    tune_collector()
    import attribution.cli as cli
    import attribution.config as config
    import attribution.pipeline.background as bg
    import attribution.pipeline.prestart as prestart

    st = _Stages()
    st.add("imports (CLI, config)", time.perf_counter() - w0, _cpu() - c0)
    st.wrap(config, "load_config", "config")
    worker: list[tuple[float, float]] = []
    original = bg.Pending.result

    def collect(self: Any) -> Any:  # record the worker's own time
        out = original(self)
        if self.worker_time is not None:
            worker.append(self.worker_time)
        return out

    bg.Pending.result = collect  # type: ignore[method-assign]
    st.wrap(bg.Pending, "result", "waiting for the worker")
    start_signs = prestart.start_daily_signs

    def started(cfg: Any) -> Any:
        w1, c1 = time.perf_counter(), _cpu()
        pending = start_signs(cfg)
        st.add("starting the worker", time.perf_counter() - w1, _cpu() - c1)
        w1, c1 = time.perf_counter(), _cpu()
        _wrap_heavy(st)
        st.add("imports (pipeline, models)", time.perf_counter() - w1, _cpu() - c1)
        return pending

    prestart.start_daily_signs = started  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as out:
        devnull = open(os.devnull, "w")  # noqa: SIM115
        saved, sys.stdout = sys.stdout, devnull
        try:
            status = cli.main([*argv, "--out", out])
        finally:
            sys.stdout = saved
    w_tot, c_tot = time.perf_counter() - w0, _cpu() - c0
    st.add("other (CLI, exit)", w_tot - sum(st.wall.values()), 0.0)
    st.cpu["other (CLI, exit)"] = c_tot - sum(st.cpu.values())
    for wall, cpu in worker:  # in parallel with the stages above
        label = "imports + panel + svar_sign_daily + svar_narrative_daily"
        st.add(f"{WORKER}{label}", wall, cpu)
        c_tot += cpu
    print(json.dumps({"status": status, "wall": st.wall, "cpu": st.cpu,
                      "total_wall": w_tot, "total_cpu": c_tot}))  # fmt: skip
    exit_now(0)


def _run(case: str) -> dict[str, Any]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", case],
        capture_output=True, text=True, cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    got: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    got["process_wall"] = time.perf_counter() - t0
    if got["status"] != 0:
        raise SystemExit(f"{case}: exit status {got['status']}\n{proc.stderr}")
    return got


def _fmt(values: list[float]) -> str:
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:6.2f}"
    return f"{med:6.2f} [{min(values):.2f}-{max(values):.2f}]"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3, help="fresh processes per case")
    p.add_argument("--case", choices=[*CASES, "all"], default="all")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        _child(CASES[args.child])
        return
    cases = DEFAULT_CASES if args.case == "all" else [args.case]
    for case in cases:
        load0 = os.getloadavg()[0]
        runs = [_run(case) for _ in range(args.runs)]
        load1 = os.getloadavg()[0]
        labels = list(dict.fromkeys(k for r in runs for k in r["wall"]))
        width = max(map(len, labels)) + 2
        print(f"\n{case}: python cli.py {' '.join(CASES[case])}  "
              f"({args.runs} fresh processes; load average {load0:.2f} before, "
              f"{load1:.2f} after; median [min-max] s)")  # fmt: skip
        print(f"{'stage':<{width}} {'wall':>22} {'cpu (user+sys)':>22}")
        for label in labels:
            w = [r["wall"].get(label, 0.0) for r in runs]
            c = [r["cpu"].get(label, 0.0) for r in runs]
            print(f"{label:<{width}} {_fmt(w):>22} {_fmt(c):>22}")
        print("(wall of a [worker] stage overlaps the main stages; total cpu "
              "includes it)")  # fmt: skip
        tw = [r["total_wall"] for r in runs]
        tc = [r["total_cpu"] for r in runs]
        print(f"{'total (in process)':<{width}} {_fmt(tw):>22} {_fmt(tc):>22}")
        pw = [r["process_wall"] for r in runs]
        print(f"{'total (process start to exit)':<{width}} {_fmt(pw):>22}")


if __name__ == "__main__":
    main()
