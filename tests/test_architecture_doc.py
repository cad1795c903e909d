"""docs/architecture.md names real code: every `path:name` it cites exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
CITE = re.compile(r"`((?:attribution/)?[\w/]+\.py):([\w.]+)`")


def _names(path: Path) -> set[str]:
    """Top-level functions, classes and assignments, and methods as Class.method."""
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            if isinstance(node, ast.ClassDef):
                names |= {
                    f"{node.name}.{m.name}"
                    for m in node.body
                    if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
                }
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _citations(text: str) -> list[tuple[str, str]]:
    return CITE.findall(text)


def test_the_doc_cites_code() -> None:
    assert len(_citations(DOC.read_text())) >= 25


def test_every_cited_name_exists() -> None:
    missing = []
    for rel, name in _citations(DOC.read_text()):
        path = ROOT / rel
        if not path.exists() or name not in _names(path):
            missing.append(f"{rel}:{name}")
    assert not missing, f"docs/architecture.md cites missing code: {missing}"


def test_a_renamed_function_would_be_caught() -> None:
    fake = "`attribution/engine/svar_weekly.py:attribute_svar_renamed`"
    rel, name = _citations(fake)[0]
    assert name not in _names(ROOT / rel)


def test_the_snapshot_file_of_the_trace_exists() -> None:
    assert (ROOT / "attribution" / "datasets" / "snapshot" / "fred.parquet").exists()
