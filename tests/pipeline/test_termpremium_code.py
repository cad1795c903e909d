"""The ``termpremium`` run cache hashes the code of every module on the run's path.

The run key (:func:`attribution.pipeline.termpremium.run_key`) covers the
source of the modules in ``_CODE``. Walking the imports from the run module
(``pipeline/termpremium_run.py``) finds every module whose code can change an
output; each must be in ``_CODE`` or exempt below, with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

from attribution.pipeline import termpremium

PKG = Path(termpremium.__file__).resolve().parents[1]
ROOTS = ("pipeline/termpremium_run.py", "pipeline/termpremium.py")
#: Modules on the run's path whose code is not hashed, and why.
EXEMPT = {
    "config": "the configuration enters the key as its dump (every value it holds)",
    "sources": "the inputs enter the key as their bytes (snapshot) and stamps",
    "exceptions.py": "error messages: a failed run is not cached",
    "_typing.py": "annotations only",
    "pipeline/common.py": "writes the folder after the cache; its run_id is "
    "the configured run name and window, both in the key",
    "pipeline/termpremium_fast.py": "the replay of a command line (own key: "
    "every module's bytes); it does not compute an output",
}


def _file(module: str) -> Path | None:
    """The file of ``attribution.<...>`` (a module or a package's __init__)."""
    rel = Path(*module.split(".")[1:])
    for path in (PKG / rel.with_suffix(".py"), PKG / rel / "__init__.py"):
        if path.exists():
            return path
    return None


def _type_checking(node: ast.AST) -> bool:
    """Whether ``node`` is an ``if TYPE_CHECKING:`` block (never run)."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` outside ``if TYPE_CHECKING:`` blocks."""
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        out.append(node)
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                todo += _orelse(child)
            else:
                todo.append(child)
    return out


def _orelse(node: ast.AST) -> list[ast.AST]:
    """The ``else`` branch of an ``if TYPE_CHECKING:`` block (that one runs)."""
    return list(node.orelse) if isinstance(node, ast.If) else []


def _imports(path: Path) -> set[Path]:
    """Files of the package that ``path`` imports (at module level or inside).

    Imports under ``if TYPE_CHECKING:`` are left out: they serve annotations
    only and never run, so their code cannot change an output.
    """
    found: set[Path] = set()
    for node in _runtime_nodes(ast.parse(path.read_text())):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("attribution"):
                names.append(node.module)
                names += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names if a.name.startswith("attribution.")]
        for name in names:
            target = _file(name)
            if target is not None and target != PKG / "__init__.py":
                found.add(target)
    return found


def _rel(path: Path) -> str:
    return path.relative_to(PKG).as_posix()


def _exempt(rel: str) -> bool:
    return any(rel == key or rel.startswith(f"{key}/") for key in EXEMPT)


def run_path_modules() -> set[str]:
    """Every module reached from :data:`ROOTS`, not descending into exempt ones."""
    todo = [PKG / r for r in ROOTS]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        if not _exempt(_rel(path)):
            todo += sorted(_imports(path) - seen)
    return {_rel(p) for p in seen}


def uncovered(code: tuple[str, ...]) -> set[str]:
    """Modules on the run's path that neither ``code`` covers nor are exempt."""
    covered: set[str] = set()
    for rel in code:
        target = PKG / rel
        files = sorted(target.glob("*.py")) if target.is_dir() else [target]
        covered |= {_rel(p) for p in files}
    return {m for m in run_path_modules() if m not in covered and not _exempt(m)}


def test_every_module_on_the_run_path_is_hashed_or_exempt() -> None:
    missing = uncovered(termpremium._CODE)
    assert not missing, f"add to termpremium._CODE (or exempt here): {missing}"


def test_every_hashed_module_exists_and_is_on_the_path() -> None:
    path = run_path_modules()
    for rel in termpremium._CODE:
        target = PKG / rel
        assert target.exists(), rel
        files = sorted(target.glob("*.py")) if target.is_dir() else [target]
        assert any(_rel(p) in path for p in files), f"{rel} is not on the run's path"


def test_the_check_finds_a_module_left_out() -> None:
    # the estimation's own modules and a report helper, one at a time
    for rel in (
        "engine/termstructure_fit.py",
        "engine/termstructure_agreement.py",
        "reports/markdown.py",
        "models/termstructure",
    ):
        code = tuple(c for c in termpremium._CODE if c != rel)
        missing = uncovered(code)
        assert missing and all(m.startswith(rel) for m in missing), (rel, missing)
