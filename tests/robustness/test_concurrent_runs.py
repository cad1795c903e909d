"""Runs publish their folder in one atomic step, safely side by side."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from attribution.reports.output import write_run_dir

ROOT = Path(__file__).resolve().parents[2]


def test_concurrent_writers_and_a_reader(tmp_path: Path) -> None:
    target = tmp_path / "run"
    write_run_dir(target, {"a.csv": b"0"})
    errors: list[BaseException] = []
    missing = [0]
    stop = threading.Event()

    def writer(k: int) -> None:
        try:
            for i in range(40):
                write_run_dir(target, {"a.csv": f"{k}-{i}".encode()})
        except BaseException as exc:  # noqa: BLE001 - collected for the assert
            errors.append(exc)

    def reader() -> None:
        while not stop.is_set():
            if not (target / "a.csv").exists():
                missing[0] += 1

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(3)]
    watch = threading.Thread(target=reader)
    watch.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    watch.join()
    assert errors == []
    assert missing[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_two_attribute_runs_into_the_same_folder(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("attribution: {models: [ols_weekly]}\noutput: {figures: false}\n")
    cmd = [
        sys.executable,
        str(ROOT / "cli.py"),
        "attribute",
        "--config",
        str(cfg),
        "--out",
        str(tmp_path / "out"),
    ]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err.decode()
        assert b"Traceback" not in err
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["default_attribute_2025-04"]
    files = sorted(p.name for p in (out / "default_attribute_2025-04").iterdir())
    assert files == [
        "attribution.csv",
        "attribution.tex",
        "manifest.json",
        "report.md",
    ]
