"""The worker started before the imports gives the bytes of a one-process run.

``attribute`` starts the daily sign models in a worker right after the config
is read (pipeline/prestart.py), which builds its own panel; the main process
draws the other models' figures while it runs (pipeline/attribute_write.py).
``ATTRIBUTION_JOBS=1`` runs everything inline, in the order of a plain
``run_attribution`` then ``write_attribution``. Every file must be the same.
Small draw counts (the orchestration, not the statistics, is under test);
the month has a largest move, so both windows go through the worker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from attribution.cli import main
from attribution.config import load_config
from attribution.pipeline import background, prestart
from attribution.pipeline.attribute import run_attribution, write_attribution

MODELS = "svar_hetero_daily,svar_sign_daily,svar_narrative_daily,ols_weekly"
SMALL = {
    "attribution": {
        "daily": {"n_draws": 2000, "n_boot": 50, "max_boot": 50, "n_rotations": 50}
    }
}


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _run(tmp: Path, jobs: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.setenv(background.JOBS_ENV, jobs)
    config = tmp / "small.yaml"
    config.write_text(yaml.safe_dump(SMALL))
    out = tmp / f"jobs{jobs}"
    argv = ["attribute", "--window", "2025-04", "--config", str(config)]
    assert main([*argv, "--models", MODELS, "--out", str(out)]) == 0
    (folder,) = out.iterdir()
    return _files(folder)


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as mp:
        return _run(tmp_path_factory.mktemp("inline"), "1", mp)


def test_worker_started_early_gives_the_inline_bytes(
    inline: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    start = prestart.start_daily_signs

    def spy(cfg: object) -> object:
        started.append(got := start(cfg))  # type: ignore[arg-type]
        return got

    monkeypatch.setattr(prestart, "start_daily_signs", spy)
    early = _run(tmp_path, "2", monkeypatch)
    assert started and started[0] is not None  # the worker did run them
    assert "attribution_svar_sign_daily.png" in early
    assert "largest_move.csv" in early
    assert early.keys() == inline.keys()
    assert [k for k in early if early[k] != inline[k]] == []


def test_plain_run_then_write_gives_the_same_bytes(
    inline: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API's path (no prerendered figures) writes the CLI's files."""
    monkeypatch.setenv(background.JOBS_ENV, "1")
    config = tmp_path / "small.yaml"
    config.write_text(yaml.safe_dump(SMALL))
    cfg = load_config(config, window="2025-04")
    data = cfg.model_dump(mode="json", by_alias=True)
    data["attribution"]["models"] = MODELS.split(",")
    from attribution.config import config_from_dict

    run = run_attribution(config_from_dict(data, "command line"))
    files = _files(write_attribution(run, tmp_path / "plain"))
    assert files.keys() == inline.keys()
    assert [k for k in files if files[k] != inline[k]] == []
