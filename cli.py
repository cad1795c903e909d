"""Thin entry point: ``python cli.py attribute --window 2025-04``.

The logic lives in the package.
"""

import sys

from attribution.cli import main

if __name__ == "__main__":
    sys.exit(main())
