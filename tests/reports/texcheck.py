"""Compile LaTeX with ``pdflatex`` for the table tests; skip where it is missing.

Debian: ``apt-get install texlive-latex-base texlive-latex-recommended``
(``.ci/run`` does this). ``SOURCE_DATE_EPOCH`` pins the PDF's dates and id, so
two compilations of the same bytes give the same PDF.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

PDFLATEX = shutil.which("pdflatex")

needs_pdflatex = pytest.mark.skipif(
    PDFLATEX is None,
    reason="pdflatex is not installed (Debian: apt-get install "
    "texlive-latex-base texlive-latex-recommended; .ci/run does)",
)

#: What \input into an article with booktabs means, as the brief states it.
WRAPPER = (
    "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n"
    "\\input{%s}\n\\end{document}\n"
)


@dataclass(frozen=True)
class Compiled:
    """A finished pdflatex run: its log and PDF bytes."""

    log: str
    pdf: bytes


def compile_document(tex: Path, workdir: Path) -> Compiled:
    """Run ``pdflatex -interaction=nonstopmode -halt-on-error`` on ``tex``."""
    assert PDFLATEX is not None
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
    proc = subprocess.run(
        [
            PDFLATEX,
            "-interaction=nonstopmode",
            "-halt-on-error",
            f"-output-directory={workdir}",
            str(tex),
        ],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log_path = workdir / f"{tex.stem}.log"
    log = log_path.read_text(errors="replace") if log_path.exists() else proc.stdout
    assert proc.returncode == 0, f"{tex.name} failed to compile:\n{log[-3000:]}"
    return Compiled(log=log, pdf=(workdir / f"{tex.stem}.pdf").read_bytes())


def compile_fragment(fragment: Path, workdir: Path) -> Compiled:
    """``\\input`` ``fragment`` into a bare article with booktabs and compile it."""
    workdir.mkdir(parents=True, exist_ok=True)
    doc = workdir / f"wrap_{fragment.stem}.tex"
    doc.write_text(WRAPPER % fragment.resolve().as_posix())
    return compile_document(doc, workdir)


def layout_problems(log: str) -> list[str]:
    """Lines of the log that say a table does not fit the page."""
    pattern = re.compile(r"Overfull \\hbox|Float too large|Too many unprocessed")
    return [line for line in log.splitlines() if pattern.search(line)]


def tabulars(tex: str) -> list[tuple[str, str, list[list[str]]]]:
    """Each float as (label, caption, rows split at ``&``), header row first."""
    out = []
    for block in tex.split("\\begin{table}")[1:]:
        label = re.search(r"\\label\{([^}]*)\}", block)
        caption = re.search(r"\\caption\{(.*)\}\n", block)
        body = block.split("\\midrule", 1)
        head = body[0].split("\\toprule\n", 1)[1]
        rows = [head, *body[1].split("\\bottomrule")[0].splitlines()]
        cells = [
            [c.strip() for c in re.split(r"(?<!\\)&", r.removesuffix("\\\\"))]
            for r in (x.rstrip() for x in rows)
            if r.strip() and r.strip() != "\\midrule"
        ]
        out.append(
            (
                label.group(1) if label else "",
                caption.group(1) if caption else "",
                cells,
            )
        )
    return out


def column_spec(tex_float: str) -> int:
    """Number of columns a ``tabular`` declares (``@{}`` excluded)."""
    spec = re.search(r"\\begin\{tabular\}\{(.*)\}\n", tex_float)
    assert spec is not None
    return len(re.findall(r"[lrc]", re.sub(r"@\{[^}]*\}", "", spec.group(1))))
