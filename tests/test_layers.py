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
# plotting: the object-API figure helpers (no pyplot, no backend switch); it
# imports nothing from the package, so every layer, models included, may use it.
SHARED = {"_typing", "_validation", "exceptions", "config", "plotting"}
ALLOWED = {layer: set(ORDER[: i + 1]) | SHARED for i, layer in enumerate(ORDER)}
ALLOWED["models"] = {"models"} | SHARED - {"config"}
# Simulated worlds sit beside models; only tests, benchmarks and validation
# scripts import them (no package layer lists "simulate" as allowed).
ALLOWED["simulate"] = {"simulate", "models"} | SHARED - {"config"}
# The Monte Carlo sits on top: it runs the engine on simulated worlds. Nothing
# else in the package imports it.
ALLOWED["validation"] = {"validation", "simulate", "engine", "models"} | SHARED


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


@pytest.mark.parametrize("layer", [*ORDER, "simulate", "validation"])
def test_layer_imports_only_leftwards(layer: str) -> None:
    for path in (PKG / layer).rglob("*.py"):
        bad = _imports(path) - ALLOWED[layer]
        assert not bad, f"{path.relative_to(PKG)} imports {sorted(bad)}"


def test_nothing_in_the_package_imports_simulate() -> None:
    for path in PKG.rglob("*.py"):
        top = path.relative_to(PKG).parts[:1]
        if "simulate" not in top and "validation" not in top:
            assert "simulate" not in _imports(path), path.relative_to(PKG)
        if "validation" not in top:
            assert "validation" not in _imports(path), path.relative_to(PKG)


@pytest.mark.parametrize("layer", ["models", "simulate"])
def test_models_do_no_io(layer: str) -> None:
    for path in (PKG / layer).rglob("*.py"):
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


def test_plotting_is_a_leaf() -> None:
    """The shared figure helpers import nothing from the package (any layer may)."""
    assert not _imports(PKG / "plotting.py")
