"""Summarise a mutmut 3 run: counts per file and every survivor as file:line + diff.

Reads ``mutants/**/*.py.meta`` (mutmut's results) and the trampolined
sources in ``mutants/`` (each mutant is a copy of its function), diffs each
surviving mutant against the original function and maps the changed line
back to the real file. Writes Markdown to stdout::

    python scripts/mutation_report.py > /tmp/survivors.md

Exit codes as mutmut 3 records them: 0 survived, 1 (or any test failure)
killed, 33 no tests, 36/-24/24/152 timeout, None not run.
"""

from __future__ import annotations

import ast
import difflib
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
TIMEOUT = {36, -24, 24, 152, -9}


def _status(code: int | None) -> str:
    if code is None:
        return "not run"
    if code == 0:
        return "survived"
    if code == 33:
        return "no tests"
    if code in TIMEOUT:
        return "timeout"
    return "killed"


def _functions(path: Path) -> dict[str, str]:
    src = path.read_text()
    lines = src.splitlines()
    out: dict[str, str] = {}
    for node in ast.parse(src).body:
        if isinstance(node, ast.ClassDef):
            nodes = node.body
        else:
            nodes = [node]
        for f in nodes:
            if isinstance(f, ast.FunctionDef) and "__mutmut_" in f.name:
                out[f.name] = "\n".join(lines[f.lineno - 1 : f.end_lineno])
    return out


def _locate(original: str, real_lines: list[str], old: str) -> int | None:
    """Line number of ``old`` in the real file, near the original function."""
    first = original.splitlines()[0].replace("x_", "", 1)
    first = re.sub(r"__mutmut_orig", "", first).replace("xǁ", "")
    name = re.search(r"def (\w+)", first)
    start = 0
    if name:
        key = f"def {name.group(1).split('ǁ')[-1]}("
        for i, ln in enumerate(real_lines):
            if key in ln:
                start = i
                break
    for i in range(start, len(real_lines)):
        if real_lines[i].strip() == old.strip():
            return i + 1
    return None


def main() -> int:
    """Print the Markdown summary."""
    total: Counter[str] = Counter()
    survivors: list[str] = []
    print("| file | mutants | killed | survived | timeout | no tests | not run |")
    print("|---|---|---|---|---|---|---|")
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if not codes:
            continue
        rel = meta.relative_to(MUTANTS).as_posix()[: -len(".meta")]
        c = Counter(_status(v) for v in codes.values())
        total.update(c)
        print(f"| {rel} | {len(codes)} | {c['killed']} | {c['survived']} | "
              f"{c['timeout']} | {c['no tests']} | {c['not run']} |")  # fmt: skip
        if not c["survived"]:
            continue
        funcs = _functions(MUTANTS / rel)
        real = (ROOT / rel).read_text().splitlines()
        for key, code in sorted(codes.items()):
            if _status(code) != "survived":
                continue
            fname = key.split(".")[-1]
            orig = funcs.get(re.sub(r"__mutmut_\d+$", "__mutmut_orig", fname))
            mut = funcs.get(fname)
            if orig is None or mut is None:
                survivors.append(f"- `{key}`: (source not found)")
                continue
            a = orig.splitlines()[1:]
            b = mut.splitlines()[1:]
            diff = list(difflib.unified_diff(a, b, lineterm="", n=0))[2:]
            old = ["- " + ln[1:] for ln in diff if ln.startswith("-")]
            new = ["+ " + ln[1:] for ln in diff if ln.startswith("+")]
            line = _locate(orig, real, old[0][2:]) if old else None
            o = " / ".join(x[2:].strip() for x in old) or "(nothing)"
            n = " / ".join(x[2:].strip() for x in new) or "(deleted)"
            survivors.append(f"- `{rel}:{line}` `{fname}`: `{o}` -> `{n}`")
    print(f"| **total** | {sum(total.values())} | {total['killed']} | "
          f"{total['survived']} | {total['timeout']} | {total['no tests']} | "
          f"{total['not run']} |")  # fmt: skip
    print("\n### Survivors\n")
    print("\n".join(survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
