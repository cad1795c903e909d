"""The secret redaction the CLI installs before anything logs (from the sources layer).

The CLI imports only the pipeline, the config and the shared modules
(tests/test_layers.py); these re-exports keep it that way.
"""

from __future__ import annotations

from attribution.sources.redaction import install_redaction, redact

__all__ = ["install_redaction", "redact"]
