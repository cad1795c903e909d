"""Default `attribute` runs shared by the pipeline tests (month and selloff week)."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.cli import main


@pytest.fixture(scope="session")
def april_month_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder `python cli.py attribute --window 2025-04` writes (defaults)."""
    out = tmp_path_factory.mktemp("april_month")
    assert main(["attribute", "--window", "2025-04", "--out", str(out)]) == 0
    return out / "default_attribute_2025-04"


@pytest.fixture(scope="session")
def selloff_week_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder `attribute --window 2025-04-04:2025-04-11` writes (defaults)."""
    out = tmp_path_factory.mktemp("selloff_week")
    with pytest.warns(Warning, match="stub"):
        assert main(["attribute", "--window", "2025-04-04:2025-04-11",
                     "--out", str(out)]) == 0  # fmt: skip
    return out / "default_attribute_2025-04-04_2025-04-11"
