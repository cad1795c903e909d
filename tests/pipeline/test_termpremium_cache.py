"""The ``termpremium`` run cache: a re-run reads it; a changed option misses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import attribution.pipeline.termpremium_run as run_mod
from attribution.cli import main
from attribution.config import load_config
from attribution.exceptions import ConfigError
from attribution.pipeline.common import store_from_config
from attribution.pipeline.termpremium import run_key

WINDOW = "2025-04-04:2025-04-11"
NAME = "default_termpremium_2025-04-04_2025-04-11"
TABLES = ("termpremium.csv", "termpremium.md", "termpremium.tex")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The configs ``run_termpremium`` is called with: one per full estimation."""
    seen: list[object] = []
    real = run_mod.run_termpremium

    def counting(cfg: object) -> object:
        seen.append(cfg)
        return real(cfg)  # type: ignore[arg-type]

    monkeypatch.setattr(run_mod, "run_termpremium", counting)
    return seen


def test_rerun_reads_the_cache_and_a_changed_option_misses_it(
    tmp_path: Path, calls: list[object]
) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text("output:\n  figures: false\n")  # no figure: faster
    argv = ["termpremium", "--window", WINDOW, "--config", str(plain), "--out"]
    assert main([*argv, str(tmp_path / "a")]) == 0
    assert len(calls) == 1
    cache_files = list((tmp_path / "cache").rglob("run_*.pickle"))
    assert len(cache_files) == 1
    assert main([*argv, str(tmp_path / "b")]) == 0
    assert len(calls) == 1  # served from the cache: no estimation
    manifest = json.loads((tmp_path / "b" / NAME / "manifest.json").read_text())
    assert manifest["config"]["termpremium"]["presample"] == "nyfed_1961"
    details = manifest["models"]["acm_termstructure"]
    assert "NY Fed" in details["presample_note"]
    assert details["splice_gap_bp_first_month"]["month"] == "1990-01"
    for name in TABLES:
        first = (tmp_path / "a" / NAME / name).read_bytes()
        assert (tmp_path / "b" / NAME / name).read_bytes() == first
    # a changed option: a new key, so the estimation runs again
    cfg_file = tmp_path / "fewer_draws.yaml"
    cfg_file.write_text("termpremium:\n  n_boot: 49\noutput:\n  figures: false\n")
    argv[4] = str(cfg_file)
    assert main([*argv, str(tmp_path / "c")]) == 0
    assert len(calls) == 2
    assert len(list((tmp_path / "cache").rglob("run_*.pickle"))) == 2
    changed = (tmp_path / "c" / NAME / "termpremium.csv").read_bytes()
    assert changed != (tmp_path / "a" / NAME / "termpremium.csv").read_bytes()


def test_run_key_depends_on_options_and_inputs(tmp_path: Path) -> None:
    base = load_config(None, window=WINDOW)
    store = store_from_config(base)
    key = run_key(base, store)
    assert run_key(base, store) == key
    assert run_key(base.model_copy(update={"output": base.output.model_copy(
        update={"dir": str(tmp_path)})}), store) == key  # fmt: skip
    other = load_config(None, window=WINDOW, termpremium={"presample": "none"})
    assert run_key(other, store) != key
    assert run_key(load_config(None, window="2025-04"), store) != key
    # a fetched vintage of an input series appears in the cache: new key
    target = store.cache.path("nyfed_acm", "ACM.ACMY05")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"x")
    assert run_key(base, store) != key


def test_termpremium_options_are_validated_and_recorded(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"termpremium\.presample"):
        load_config(None, termpremium={"presample": "gsw"})
    with pytest.raises(ConfigError, match=r"termpremium\.n_boot"):
        load_config(None, termpremium={"n_boot": -1})
    with pytest.raises(ConfigError, match="unknown key `termpremium.start`"):
        load_config(None, termpremium={"start": "1961-06"})
    cfg = load_config(None)
    assert cfg.termpremium.presample == "nyfed_1961"
    assert cfg.termpremium.var_bias_correction == "none"
    dumped = cfg.model_dump(mode="json")["termpremium"]  # what the manifest stores
    assert dumped["presample"] == "nyfed_1961"


def test_replay_of_the_same_command_line_needs_no_pandas(tmp_path: Path) -> None:
    """A re-run is replayed before the config is parsed: no pandas, same bytes."""
    import os
    import subprocess
    import sys

    plain = tmp_path / "plain.yaml"
    plain.write_text("output:\n  figures: false\n")
    code = (
        "import sys; from attribution.cli import main; "
        f"status = main(['termpremium', '--window', '{WINDOW}', '--config', "
        f"r'{plain}', '--out', sys.argv[1]]); "
        "print(status, 'pandas' in sys.modules)"
    )
    env = {**os.environ, "ATTRIBUTION_CACHE_DIR": str(tmp_path / "cache")}

    def run(out: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code, str(out)],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        return done.stdout.strip().splitlines()[-1]

    assert run(tmp_path / "a") == "0 True"  # the full run
    assert list((tmp_path / "cache").rglob("fast_*.pickle"))
    assert run(tmp_path / "b") == "0 False"  # replayed
    for name in (*TABLES, "manifest.json"):
        first = (tmp_path / "a" / NAME / name).read_bytes()
        assert (tmp_path / "b" / NAME / name).read_bytes() == first


def test_replay_misses_when_the_config_or_an_input_changes(
    tmp_path: Path, calls: list[object]
) -> None:
    cfg_file = tmp_path / "run.yaml"
    cfg_file.write_text("output:\n  figures: false\n")
    argv = ["termpremium", "--window", WINDOW, "--config", str(cfg_file), "--out"]
    assert main([*argv, str(tmp_path / "a")]) == 0
    assert main([*argv, str(tmp_path / "b")]) == 0
    assert len(calls) == 1
    # the same file name with other contents: a miss, and the new option is used
    cfg_file.write_text("termpremium:\n  n_boot: 49\noutput:\n  figures: false\n")
    assert main([*argv, str(tmp_path / "c")]) == 0
    assert len(calls) == 2
    manifest = json.loads((tmp_path / "c" / NAME / "manifest.json").read_text())
    assert manifest["config"]["termpremium"]["n_boot"] == 49
    # a fetched vintage of an input series appears in the cache: a miss
    store = store_from_config(load_config(cfg_file, window=WINDOW))
    target = store.cache.path("nyfed_acm", "ACM.ACMY05")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"x")
    # not replayed: the full run reads the (unreadable) vintage and says so
    assert main([*argv, str(tmp_path / "d")]) == 2
    assert not (tmp_path / "d" / NAME).exists()
