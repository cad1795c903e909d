"""What the CLI's ``attribute`` command uses from the reports layer.

The CLI imports only the pipeline, the config and the shared modules
(tests/test_layers.py); these re-exports keep it that way.
"""

from __future__ import annotations

from attribution.reports.console import print_attribution
from attribution.reports.output import check_output_root

__all__ = ["check_output_root", "print_attribution"]
