"""Data moves one way: sources -> panel -> features -> models -> engine -> reports.

A module may import only from layers to its left (plus the shared _typing,
_validation and exceptions modules and the domain facts). models/ never does
I/O; sources/ never does econometrics. The config may import only the shared
modules and the domain; the pipeline everything below it; the CLI only the
pipeline, the config and the shared modules. Every package and top-level
module of attribution/ has a rule here (a new one fails until it gets one).
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
SHARED = {"_typing", "_validation", "exceptions", "domain", "plotting"}
ALLOWED = {
    layer: set(ORDER[: i + 1]) | SHARED | {"config"} for i, layer in enumerate(ORDER)
}
ALLOWED["models"] = {"models"} | SHARED
# Simulated worlds sit beside models; only tests, benchmarks and validation
# scripts import them (no package layer lists "simulate" as allowed).
ALLOWED["simulate"] = {"simulate", "models"} | SHARED
# The Monte Carlo sits on top: it runs the engine on simulated worlds. Nothing
# else in the package imports it.
ALLOWED["validation"] = (
    {"validation", "simulate", "engine", "models", "config"} | SHARED
)
ALLOWED["config"] = {"config"} | SHARED
ALLOWED["domain"] = {"domain", "_typing", "_validation", "exceptions"}
ALLOWED["plotting"] = {"plotting"}
ALLOWED["pipeline"] = {"pipeline", "config", *ORDER} | SHARED
ALLOWED["cli"] = {"cli", "__init__", "pipeline", "config"} | SHARED
# the notebook API sits beside the pipeline; the package exports it lazily
ALLOWED["api"] = ALLOWED["pipeline"] | {"api"}
# the shared modules import one another only: exceptions nothing, _typing
# nothing, _validation the other two
ALLOWED["exceptions"] = {"exceptions"}
ALLOWED["_typing"] = {"_typing"}
ALLOWED["_validation"] = {"_validation", "_typing", "exceptions"}
ALLOWED["__init__"] = {"__init__", "api", "models"}
# data files only (the bundled snapshot); no Python modules to check
DATA_ONLY = {"datasets"}


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
        elif isinstance(node, ast.ImportFrom) and node.module == "attribution":
            # `from attribution import models` imports a unit; `__version__`
            # comes from the package's __init__
            mods |= {
                a.name
                if (PKG / a.name).is_dir() or (PKG / f"{a.name}.py").exists()
                else "__init__"
                for a in node.names
            }
        elif isinstance(node, ast.Import):
            mods |= {
                a.name.split(".")[1]
                for a in node.names
                if a.name.startswith("attribution.")
            }
    return mods


def _units() -> list[str]:
    """Every package and top-level module of attribution/ (``cli``, ``_typing``)."""
    names = {p.stem for p in PKG.glob("*.py")}
    names |= {p.name for p in PKG.iterdir() if (p / "__init__.py").exists()}
    return sorted(names)


def _files(unit: str) -> list[Path]:
    return (
        sorted((PKG / unit).rglob("*.py"))
        if (PKG / unit).is_dir()
        else [PKG / f"{unit}.py"]
    )


def test_every_package_and_module_has_a_rule() -> None:
    unknown = set(_units()) - set(ALLOWED) - DATA_ONLY
    assert not unknown, f"no layer rule for {sorted(unknown)}: add one to ALLOWED"
    for unit in DATA_ONLY:
        assert not list((PKG / unit).rglob("*.py")), f"{unit} holds Python modules"


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_leftwards(layer: str) -> None:
    files = _files(layer)
    assert files, f"no modules in {layer}"
    for path in files:
        bad = _imports(path) - ALLOWED[layer]
        assert not bad, f"{path.relative_to(PKG)} imports {sorted(bad)}"


def test_the_layer_check_catches_a_backward_import(tmp_path: Path) -> None:
    bad = tmp_path / "m.py"
    bad.write_text("from attribution.pipeline.attribute import run_attribution\n")
    assert _imports(bad) - ALLOWED["reports"] == {"pipeline"}
    bad.write_text("from attribution.reports.console import print_attribution\n")
    assert _imports(bad) - ALLOWED["cli"] == {"reports"}
    bad.write_text("from attribution.engine.result import AttributionResult\n")
    assert _imports(bad) - ALLOWED["config"] == {"engine"}


def test_cli_registers_a_handler_for_every_command() -> None:
    from attribution.cli import COMMANDS, _parser

    parser = _parser()
    subs = next(a for a in parser._actions if a.dest == "command")
    assert set(COMMANDS) == set(subs.choices or {})


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
