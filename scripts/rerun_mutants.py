"""Re-run given mutmut mutants against given tests in one warm process.

mutmut 3 re-gathers coverage and re-runs the clean suite on every
``mutmut run``, which costs 5-10 minutes on a loaded 2-core machine. Its
trampolines read ``MUTANT_UNDER_TEST`` at every call, so after a
``mutmut run`` has generated ``mutants/``, this script imports the tests once
and runs them per mutant. Run from the repository root::

    python scripts/rerun_mutants.py tests/engine/test_verdict_rules.py -- \
        'attribution.engine.verdict.*'

Prints ``killed``/``survived`` per mutant (a mutant is killed when any test
fails) and the totals.
"""

from __future__ import annotations

import fnmatch
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    """Run the tests before ``--`` against the mutants matching the patterns after."""
    split = argv.index("--")
    tests, patterns = argv[:split], argv[split + 1 :]
    names = []
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        for key in json.loads(meta.read_text())["exit_code_by_key"]:
            if any(fnmatch.fnmatch(key, p) for p in patterns):
                names.append(key)
    os.chdir(ROOT / "mutants")
    sys.path.insert(0, str(ROOT / "mutants"))
    args = ["-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "--no-header"]
    os.environ["MUTANT_UNDER_TEST"] = ""
    if pytest.main([*args, *tests]) != 0:
        print("clean run fails")
        return 2
    killed = 0
    for name in names:
        os.environ["MUTANT_UNDER_TEST"] = name
        code = pytest.main([*args, "--tb=no", *tests])
        killed += code != 0
        print(f"RESULT {name}: {'killed' if code != 0 else 'survived'}", flush=True)
    os.environ["MUTANT_UNDER_TEST"] = ""
    print(f"RESULT total {len(names)}: killed {killed}, survived {len(names) - killed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
