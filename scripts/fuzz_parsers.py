"""Long fuzz run of every parser (the CI run is tests/robustness/test_fuzz_parsers.py).

Usage: ``python scripts/fuzz_parsers.py [EXAMPLES_PER_FILE]`` (default 2000).
Prints, per parser input, the examples run and the seconds taken; exits 1 with
the failing input saved under ``fuzz-failures/`` if any parser raised anything
but the toolkit's own errors or returned an infinite value or impossible date.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.robustness.mutations import mutated  # noqa: E402
from tests.robustness.parsers import PARSERS  # noqa: E402
from tests.robustness.test_fuzz_parsers import check_outcome  # noqa: E402


def fuzz_one(name: str, k: int, original: bytes, n: int) -> tuple[int, str]:
    """Run ``n`` mutated inputs through one parser; return (examples, verdict)."""
    seen = [0]

    @settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated(original, max_ops=4))
    def run(data: bytes) -> None:
        seen[0] += 1
        try:
            check_outcome(name, data)
        except BaseException:
            out = ROOT / "fuzz-failures" / f"{name}-{k}.bin"
            out.parent.mkdir(exist_ok=True)
            out.write_bytes(data)
            raise

    try:
        run()
    except Exception as exc:  # report and go on with the next parser
        return seen[0], f"FAILED: {type(exc).__name__}: {str(exc)[:200]}"
    return seen[0], "ok"


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    warnings.simplefilter("ignore")
    failed = 0
    for name, (_, inputs) in PARSERS.items():
        for k, original in enumerate(inputs):
            t0 = time.perf_counter()
            count, verdict = fuzz_one(name, k, original, n)
            failed += verdict != "ok"
            print(
                f"{name}-{k}: {count} examples, {time.perf_counter() - t0:.1f} s, "
                f"{verdict}",
                flush=True,
            )
    print(f"{failed} parser inputs failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
