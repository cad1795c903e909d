"""Time per stage of a cold `attribute` run on the selloff week (every model).

Run in a fresh process: ``python benchmarks/bench_attribute_daily.py``. Prints
seconds per stage; the issue's target is under 15 s for the whole command with
1,000 bootstrap or posterior draws on 2 cores. For the whole CLI command, stage
by stage, with CPU beside wall time, see ``benchmarks/bench_end_to_end.py``.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import pandas as pd  # noqa: E402

from attribution.config import load_config  # noqa: E402
from attribution.config.window import Window  # noqa: E402

T_IMPORT = time.perf_counter() - T0


def main() -> None:
    from attribution.engine.svar_daily import attribute_daily_signs
    from attribution.engine.svar_hetero_daily import attribute_daily_hetero
    from attribution.panel import build_panel
    from attribution.pipeline.attribute import run_attribution, write_attribution
    from attribution.pipeline.common import store_from_config
    from attribution.pipeline.daily import daily_inputs, series_ids

    cfg = load_config("configs/april2025_selloff_week.yaml")
    window = Window.parse("2025-04-04:2025-04-11")
    stages: dict[str, float] = {"imports": T_IMPORT}
    t = time.perf_counter()
    panel = build_panel(store_from_config(cfg), series_ids())
    inputs = daily_inputs(cfg, panel)
    stages["daily panel + design"] = time.perf_counter() - t
    t = time.perf_counter()
    attribute_daily_hetero(inputs.design, inputs.levels, window, inputs.spec)
    stages["svar_hetero_daily"] = time.perf_counter() - t
    t = time.perf_counter()
    attribute_daily_signs(inputs.design, inputs.levels, window, inputs.spec)
    stages["svar_sign_daily + svar_narrative_daily (shared draws)"] = (
        time.perf_counter() - t
    )
    t = time.perf_counter()
    run = run_attribution(cfg)
    stages["run_attribution (all models, again)"] = time.perf_counter() - t
    t = time.perf_counter()
    write_attribution(run, __import__("pathlib").Path("/tmp/bench_attribute_daily"))
    stages["write (tables, figures, manifest)"] = time.perf_counter() - t
    width = max(map(len, stages))
    for name, sec in stages.items():
        print(f"{name:<{width}}  {sec:6.2f} s")
    print(pd.Timestamp.now().strftime("measured %Y-%m-%d %H:%M"))


if __name__ == "__main__":
    main()
