"""The features' GARCH output does not depend on the BLAS thread count.

OpenBLAS sums in a different order with two threads; unpinned, the sixth digit
of ``2y.sigma_peak`` moved (9.025070 vs 9.025069). ``volatility_facts`` pins
the pool to one thread inside the computation, whatever the caller set.
"""

from __future__ import annotations

import pandas as pd
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from attribution.config import load_config
from attribution.engine.volatility import volatility_rows
from attribution.panel import build_panel
from attribution.pipeline import features as feat


@pytest.fixture(scope="module")
def inputs() -> tuple[object, ...]:
    cfg = load_config(None, window="2025-04")
    store = feat.store_from_config(cfg)
    panel = build_panel(store, ["DGS2", "DGS5", "DGS10", "DGS30"])
    base, end = cfg.parsed_window.resolve(panel.daily["DGS10"].dropna().index)
    return cfg, panel, base, end


def _blas_threads() -> set[int]:
    return {int(i["num_threads"]) for i in threadpool_info()}


def test_two_threads_are_really_two(inputs: tuple[object, ...]) -> None:
    # the check below can fail: unpinned, the fits differ with the thread count
    cfg, panel, base, end = inputs
    out = {}
    for n in (1, 2):
        with threadpool_limits(limits=n):
            assert _blas_threads() == {n}
            rows = volatility_rows(panel, cfg, base, end)  # type: ignore[arg-type]
            out[n] = pd.DataFrame(rows)
    assert not out[1].equals(out[2])


def test_volatility_identical_with_one_and_two_threads(
    inputs: tuple[object, ...],
) -> None:
    cfg, panel, base, end = inputs
    out = {}
    for n in (1, 2):
        with threadpool_limits(limits=n):
            out[n] = feat.volatility_facts(panel, cfg, base, end)  # type: ignore[arg-type]
            assert _blas_threads() == {n}  # the caller's setting is restored
    pd.testing.assert_frame_equal(out[1], out[2], check_exact=True)
