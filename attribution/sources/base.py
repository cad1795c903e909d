"""Template base class of the publisher adapters: session, throttle, retries, cache.

A subclass supplies only :meth:`Source.request` (URL and parameters of one
series) and :meth:`Source.parse` (publisher bytes to the tidy schema). The base
class owns the HTTP session, the timeout, the throttle, retries with
exponential backoff, the cache, offline mode, and the fallback to the cache
(with a :class:`~attribution.exceptions.VintageWarning` saying how stale it is)
when the network fails. No vendor quirks live here.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

import pandas as pd
import requests
import urllib3

from attribution.exceptions import (
    DataSourceError,
    NetworkUnreachableError,
    VintageWarning,
)
from attribution.sources.cache import Cache
from attribution.sources.redaction import redact
from attribution.sources.schema import check_tidy

log = logging.getLogger(__name__)


class _Deadline(Exception):
    """Internal: the request's total deadline passed while reading the body."""


def _no_route(exc: requests.ConnectionError) -> bool:
    """Whether a connection error means the host cannot be reached at all."""
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # MaxRetryError wraps the cause
    # refused, unreachable or DNS failure (NameResolutionError is a subclass);
    # a connect that merely timed out is a ConnectTimeoutError, not this class
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


class _Throttle:
    """At most one request per ``min_interval`` seconds, shared per adapter class."""

    def __init__(self, min_interval: float) -> None:
        self.min_interval = min_interval
        self._last = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            delay = self._last + self.min_interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._last = time.monotonic()


class Source(ABC):
    """Base class of one publisher's adapter.

    Parameters
    ----------
    cache : Cache, optional
        On-disk cache; default folder from
        :func:`~attribution.sources.cache.default_cache_dir`.
    offline : bool, default False
        Never touch the network; serve from the cache or raise.
    session : requests.Session, optional
        HTTP session (tests pass a fake one).
    timeout : float, default 15
        Seconds to wait for any one socket read (and for the connection).
    retries : int, default 3
        Attempts after the first failure, with exponential backoff.
    backoff : float, default 1.0
        First backoff in seconds; doubled after each failure.
    deadline : float, default 60
        Seconds for a whole request, all attempts, backoff and the body
        included. The body is read in pieces and the clock checked after each,
        so a server that drips a few bytes a second, or hangs, ends the request
        by the deadline (give or take one throttle interval).
    """

    name: ClassVar[str] = "base"
    min_interval: ClassVar[float] = 0.0
    _throttles: ClassVar[dict[str, _Throttle]] = {}

    def __init__(
        self,
        *,
        cache: Cache | None = None,
        offline: bool = False,
        session: requests.Session | None = None,
        timeout: float = 15.0,
        retries: int = 3,
        backoff: float = 1.0,
        deadline: float = 60.0,
    ) -> None:
        self.cache = cache if cache is not None else Cache()
        self.offline = offline
        self.session = session if session is not None else requests.Session()
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.deadline = deadline

    # -- subclass hooks -------------------------------------------------------
    @abstractmethod
    def request(
        self, series_id: str, start: str | None, end: str | None
    ) -> tuple[str, dict[str, str]]:
        """Return the URL and query parameters that fetch ``series_id``."""

    @abstractmethod
    def parse(
        self, content: bytes, origin: str, series_id: str | None = None
    ) -> pd.DataFrame:
        """Parse publisher bytes into the tidy schema.

        ``origin`` names the file or URL.
        """

    # -- machinery ------------------------------------------------------------
    def _throttle(self) -> _Throttle:
        key = type(self).__name__
        if key not in self._throttles:
            self._throttles[key] = _Throttle(self.min_interval)
        return self._throttles[key]

    def get(self, url: str, params: Mapping[str, str] | None = None) -> bytes:
        """GET with throttle, retries and a total deadline.

        Raises
        ------
        NetworkUnreachableError
            If the publisher cannot be reached at all (no route, DNS, refused).
        DataSourceError
            On any other failure: the message carries the HTTP status and the
            URL with secrets removed.
        """
        stop = time.monotonic() + self.deadline
        attempt, delay, last = 0, self.backoff, "no attempt"
        unreachable = False
        shown = redact(url)
        while True:
            self._throttle().wait()
            left = stop - time.monotonic()
            if left <= 0:
                raise DataSourceError(
                    f"{self.name}: no complete answer within the "
                    f"{self.deadline:g} s deadline ({last}) for {shown}"
                )
            wait = min(self.timeout, left)
            try:
                resp = self.session.get(
                    url, params=dict(params or {}), timeout=(wait, wait), stream=True
                )
                try:
                    shown = redact(getattr(resp, "url", url) or url)
                    if resp.status_code == 200:
                        return self._body(resp, stop, shown)
                    last = f"HTTP {resp.status_code} from {shown}"
                    if resp.status_code in (400, 401, 403, 404):
                        raise DataSourceError(f"{self.name}: {last}")
                finally:
                    close = getattr(resp, "close", None)
                    if close is not None:
                        close()
                unreachable = False
            except requests.ConnectionError as exc:
                unreachable = _no_route(exc)
                last = f"{type(exc).__name__} for {shown}"
            except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
                last, unreachable = f"{type(exc).__name__} for {shown}", False
            except _Deadline:
                raise DataSourceError(
                    f"{self.name}: the answer from {shown} did not arrive within "
                    f"the {self.deadline:g} s deadline"
                ) from None
            if attempt >= self.retries or time.monotonic() + delay >= stop:
                cls = NetworkUnreachableError if unreachable else DataSourceError
                raise cls(f"{self.name}: {last} after {attempt + 1} attempts")
            log.info("%s: %s; retrying in %.1f s", self.name, last, delay)
            time.sleep(delay)
            attempt, delay = attempt + 1, delay * 2

    @staticmethod
    def _body(resp: Any, stop: float, shown: str) -> bytes:
        """Read the body in pieces, checking the deadline after each."""
        raw = getattr(resp, "raw", None)
        read1 = getattr(raw, "read1", None)
        if read1 is None:  # a test double, or a non-streaming session
            return bytes(resp.content)
        chunks: list[bytes] = []
        while True:
            if time.monotonic() > stop:
                raise _Deadline(shown)
            try:
                chunk = read1(65536, decode_content=True)
            except (OSError, urllib3.exceptions.HTTPError) as exc:
                raise requests.exceptions.ChunkedEncodingError(
                    f"the answer was cut or stalled ({type(exc).__name__})"
                ) from None
            if not chunk:
                break
            chunks.append(bytes(chunk))
        return b"".join(chunks)

    def download(
        self, series_id: str, *, start: str | None = None, end: str | None = None
    ) -> tuple[bytes, str]:
        """Return the publisher's answer for ``series_id`` and its redacted URL.

        No cache and no fallback: :func:`attribution.pipeline.data.fetch_all`
        decides what to keep.
        """
        url, params = self.request(series_id, start, end)
        return self.get(url, params), redact(url)

    def parse_checked(
        self, content: bytes, origin: str, series_id: str
    ) -> pd.DataFrame:
        """:meth:`parse`, then :func:`~attribution.sources.schema.check_tidy`."""
        frame = self.parse(content, origin=origin, series_id=series_id)
        return check_tidy(frame, origin)

    def fetch(
        self,
        series_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        now: pd.Timestamp | None = None,
    ) -> pd.DataFrame:
        """Fetch one series from the publisher, cache it, and return it tidy.

        Falls back to the cache with a :class:`VintageWarning` (giving the age
        of the cached vintage) when the network fails; raises
        :class:`DataSourceError` when there is no cache either.
        """
        if self.offline:
            return self._from_cache(series_id, "offline mode")
        try:
            content, origin = self.download(series_id, start=start, end=end)
        except DataSourceError as exc:
            return self._from_cache(series_id, str(exc))
        stamp = (now or pd.Timestamp.now()).normalize()
        frame = self.parse_checked(content, origin, series_id)
        frame["vintage"] = stamp
        self.cache.write(self.name, series_id, frame)
        return frame

    def _from_cache(self, series_id: str, reason: str) -> pd.DataFrame:
        cached = self.cache.read(self.name, series_id)
        if cached is None:
            raise DataSourceError(
                f"{self.name}: cannot fetch {series_id!r} ({reason}) and it is not in "
                f"the cache at {self.cache.path(self.name, series_id)}"
            )
        if reason != "offline mode":
            vintage = pd.Timestamp(cached["vintage"].max())
            age = (pd.Timestamp.now().normalize() - vintage).days
            warnings.warn(
                f"{self.name}: {reason}; using cached {series_id!r} of vintage "
                f"{vintage:%Y-%m-%d} ({age} days old). Run `python cli.py data fetch` "
                "when the network is back.",
                VintageWarning,
                stacklevel=3,
            )
        return cached


def read_params(params: Mapping[str, Any]) -> dict[str, str]:
    """Drop ``None`` values and stringify the rest (query parameters)."""
    return {k: str(v) for k, v in params.items() if v is not None}
