"""Exception and warning classes, each with the message it carries.

Every user-facing failure of the toolkit is an :class:`AttributionError`. The
CLI prints its message on one line and exits non-zero; library users can catch
the subclass that matters to them. Warnings are for what a user may knowingly
accept, and each says how to fix or silence it.
"""

from __future__ import annotations


class AttributionError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class ConfigError(AttributionError, ValueError):
    """A configuration key is unknown, mistyped or impossible.

    The message names the key path (``estimation.start``) and the value.
    """


class WindowError(AttributionError, ValueError):
    """A window is malformed (``2025-13``) or lies outside the data."""


class DataSourceError(AttributionError):
    """A publisher could not be reached, or answered with an error.

    The message carries the HTTP status and the URL with secrets removed.
    """


class NetworkUnreachableError(DataSourceError):
    """No route to a publisher (DNS failure, connection refused or unreachable)."""


class ParseError(AttributionError, ValueError):
    """A publisher file is malformed or truncated; the message names the file."""


class MissingColumnError(ParseError):
    """A file or frame lacks a column the parser needs; names file and column."""


class UnknownSeriesError(AttributionError, KeyError):
    """A series id is not known to any adapter, the snapshot or the cache."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class EmptySampleError(AttributionError, ValueError):
    """An estimation sample has no (or too few) usable observations."""


class ModelSpecificationError(AttributionError, ValueError):
    """A model's specification is invalid (lags, horizons, restrictions)."""


class IdentificationError(AttributionError, RuntimeError):
    """A structural identification scheme admits no model (e.g. no rotation)."""


class CacheError(AttributionError):
    """The on-disk cache is unreadable or cannot be written."""


class OutputError(AttributionError):
    """The output folder cannot be created or written; names the path and why."""


# ----------------------------------------------------------------------------
# Warnings
# ----------------------------------------------------------------------------
class AttributionWarning(UserWarning):
    """Base class of the toolkit's warnings."""


class VintageWarning(AttributionWarning):
    """Data came from a stale cache or snapshot because a fetch failed.

    Silence with ``warnings.filterwarnings("ignore", category=VintageWarning)``
    or refresh the cache with ``python cli.py data fetch``.
    """


class MissingValueWarning(AttributionWarning):
    """Observations were dropped or a gap was bridged; the count is given."""


class ConvergenceWarning(AttributionWarning):
    """An optimiser did not converge; results may be unreliable."""


class WeakIdentificationWarning(AttributionWarning):
    """Instruments are weak, or few sign-restricted rotations were admitted."""


class StubWarning(AttributionWarning):
    """The window is shorter than one model period, so all of it is a stub."""


class DeprecatedOptionWarning(AttributionWarning, FutureWarning):
    """An option value was renamed; the old name still works but will go.

    The message names the new value to use instead.
    """


def fmt(name: str, expected: str, value: object, hint: str = "") -> str:
    """Format the toolkit's standard error message.

    Parameters
    ----------
    name : str
        The argument, key path, file or column at fault.
    expected : str
        What was expected.
    value : object
        What came.
    hint : str, optional
        How to fix it.

    Returns
    -------
    str
        ``"`{name}` must be {expected}; got {value!r}. {hint}"``.
    """
    msg = f"`{name}` must be {expected}; got {value!r}."
    return f"{msg} {hint}".rstrip()
