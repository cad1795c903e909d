"""Data moves one way: sources -> panel -> features -> models -> engine -> reports.

A module may import only from layers to its left (plus the shared _typing,
_validation and exceptions modules). models/ never does I/O; sources/ never
does econometrics.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "attribution"
ORDER = ["sources", "panel", "features", "models", "engine", "reports"]
SHARED = {"_typing", "_validation", "exceptions", "config"}
ALLOWED = {layer: set(ORDER[: i + 1]) | SHARED for i, layer in enumerate(ORDER)}
ALLOWED["models"] = {"models"} | SHARED - {"config"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    mods = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("attribution.")
        ):
            mods.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            mods |= {
                a.name.split(".")[1]
                for a in node.names
                if a.name.startswith("attribution.")
            }
    return mods


@pytest.mark.parametrize("layer", ORDER)
def test_layer_imports_only_leftwards(layer: str) -> None:
    for path in (PKG / layer).rglob("*.py"):
        bad = _imports(path) - ALLOWED[layer]
        assert not bad, f"{path.relative_to(PKG)} imports {sorted(bad)}"


def test_models_do_no_io() -> None:
    for path in (PKG / "models").rglob("*.py"):
        text = path.read_text()
        for pattern in (
            r"\brequests\b",
            r"read_csv\((?!StringIO)",
            r"read_parquet\(",
            r"to_parquet\(",
            r"to_csv\(",
            r"(?<![\w.])open\(",
        ):
            assert not re.search(pattern, text), (
                f"{path.relative_to(PKG)} matches {pattern}"
            )
