"""A pipeline step in a worker process: its result, warnings and errors come back."""

from __future__ import annotations

import math
import warnings

import pytest

from attribution.pipeline import background


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_result_warnings_and_errors_come_back(
    monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setenv(background.JOBS_ENV, jobs)
    values = [0.1] * 10
    assert background.start(math.fsum, values).result() == 1.0  # exact: fsum
    pending = background.start(warnings.warn, "raised in the step", UserWarning)
    with pytest.warns(UserWarning, match="raised in the step"):
        pending.result()
    with pytest.raises(ValueError, match="invalid literal"):
        background.start(int, "not a number").result()
    assert (pending.worker_time is None) == (jobs == "1")


def test_jobs_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(background.JOBS_ENV, "1")
    assert background.n_jobs() == 1
    monkeypatch.setenv(background.JOBS_ENV, "nonsense")
    assert background.n_jobs() == 1
    monkeypatch.delenv(background.JOBS_ENV)
    assert 1 <= background.n_jobs() <= 2
