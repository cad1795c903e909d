"""Fuzz every parser's public entry point with mutated real publisher files.

Byte flips, truncation, deleted lines, hostile tokens (``inf``, year 1677 or
8875, empty cells, quotes), other line endings and encodings: a parser either
returns tidy rows with finite values and dates in 1900..2199, or raises one of
the toolkit's own errors (which name the file). Any other exception is a bug.

The budget is fixed and derandomised so that CI is fast and repeatable;
``scripts/fuzz_parsers.py`` runs the same properties far longer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from attribution.exceptions import AttributionError
from attribution.sources.schema import DATE_BOUNDS
from tests.robustness.mutations import mutated
from tests.robustness.parsers import PARSERS

#: examples per real input file: fewer for the parsers that take ~0.5 s a file
EXAMPLES = 15
SLOW = {"cftc_tff": 3, "cftc_zip": 3, "tic_mfh": 3, "treasury_auctions": 3}

CASES = [
    (name, k) for name, (_, inputs) in PARSERS.items() for k in range(len(inputs))
]


def check_outcome(name: str, data: bytes) -> None:
    """Run one parser on ``data``; fail on anything but tidy rows or our errors."""
    func, _ = PARSERS[name]
    try:
        frame = func(data, f"{name}.input")
    except AttributionError as exc:
        assert f"{name}.input" in str(exc) or "mine.csv" in str(exc), str(exc)
        return
    assert isinstance(frame, pd.DataFrame)
    values = frame["value"].to_numpy(dtype=float)
    assert not np.isinf(values).any(), "an infinite value passed the parser"
    if len(frame):
        dates = pd.DatetimeIndex(frame["date"])
        assert dates.tz is None
        assert DATE_BOUNDS[0] <= dates.min() and dates.max() <= DATE_BOUNDS[1]


@pytest.mark.parametrize(("name", "k"), CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_parser_raises_only_named_errors(name: str, k: int) -> None:
    original = PARSERS[name][1][k]
    check_outcome(name, original)  # the real file itself parses cleanly

    @settings(
        max_examples=SLOW.get(name, EXAMPLES),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated(original))
    def run(data: bytes) -> None:
        check_outcome(name, data)

    run()
