"""Thin entry point: ``python cli.py attribute --window 2025-04``.

The logic lives in the package.
"""

from attribution.cli import run

if __name__ == "__main__":
    run()
