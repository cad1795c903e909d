"""Keep secrets (the FRED API key) out of URLs, messages and every log line.

The FRED API takes its key only as a query parameter, so the key is part of
every request URL; urllib3 logs those URLs at DEBUG level. :func:`redact`
removes it from a text, and :func:`install_redaction` puts a
:class:`RedactingFilter` on every handler of the root logger (and keeps
urllib3's logger at INFO), so that ``--debug`` prints no key either.
"""

from __future__ import annotations

import logging
import os
import re

_SECRET_PARAMS = re.compile(
    r"(api_key|apikey|api-key|key|token|access_token)=[^&\s\"']+", re.IGNORECASE
)
_ENV_KEYS = ("FRED_API_KEY",)


def redact(text: str) -> str:
    """Remove secrets (``api_key=...`` and the like, and the key itself) from text."""
    out = _SECRET_PARAMS.sub(r"\1=REDACTED", text)
    for var in _ENV_KEYS:
        secret = os.environ.get(var)
        if secret and len(secret) >= 4:
            out = out.replace(secret, "REDACTED")
    return out


class RedactingFilter(logging.Filter):
    """Rewrite each record's message with :func:`redact` (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place and keep it."""
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def install_redaction(logger: logging.Logger | None = None) -> None:
    """Put a :class:`RedactingFilter` on every handler of ``logger`` (default root).

    Also keeps ``urllib3`` at INFO or quieter, so that its DEBUG request lines
    (which carry the URL) are not even formed.
    """
    target = logger if logger is not None else logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    u3 = logging.getLogger("urllib3")
    if u3.getEffectiveLevel() < logging.INFO:
        u3.setLevel(logging.INFO)
