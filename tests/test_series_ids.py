"""Series ids are spelled once, in ``attribution/domain/series.py`` (issue 12).

The sources catalogue (``sources/fred.py``) and the snapshot's fetch list
(``sources/snapshot.py``) name every id as the publisher does, so they may
spell them; every other module takes the ids from ``domain.series``.
"""

from __future__ import annotations

import re
from pathlib import Path

import attribution

ROOT = Path(attribution.__file__).parent
IDS = ("DGS3MO", "DGS2", "DGS5", "DGS10", "DGS30", "WMTSECL1", "DTWEXBGS")
CATALOGUE = {"domain/series.py", "sources/fred.py", "sources/snapshot.py"}
LITERAL = re.compile(r"""(?<!`)["'](""" + "|".join(IDS) + r""")["']""")


def test_series_id_literals_live_in_the_domain_module() -> None:
    hits = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in CATALOGUE:
            continue
        for no, line in enumerate(path.read_text().splitlines(), 1):
            if LITERAL.search(line):
                hits.append(f"{rel}:{no}: {line.strip()}")
    assert not hits, "series ids spelled outside domain/series.py:\n" + "\n".join(hits)


def test_the_guard_sees_a_literal() -> None:
    assert LITERAL.search('x = panel.daily["DGS10"]')
    assert not LITERAL.search("x = panel.daily[US_10Y]")
