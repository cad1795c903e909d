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
import re
import threading
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

import pandas as pd
import requests

from attribution.exceptions import DataSourceError, VintageWarning
from attribution.sources.cache import Cache
from attribution.sources.schema import check_tidy

log = logging.getLogger(__name__)

_SECRET_PARAMS = re.compile(r"(api_key|apikey|key|token)=[^&\s]+", re.IGNORECASE)


def redact(url: str) -> str:
    """Remove secrets (``api_key=...`` and the like) from a URL."""
    return _SECRET_PARAMS.sub(r"\1=REDACTED", url)


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
    timeout : float, default 30
        Seconds per request.
    retries : int, default 3
        Attempts after the first failure, with exponential backoff.
    backoff : float, default 1.0
        First backoff in seconds; doubled after each failure.
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
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 1.0,
    ) -> None:
        self.cache = cache if cache is not None else Cache()
        self.offline = offline
        self.session = session if session is not None else requests.Session()
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

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
        """GET with throttle and retries; raise :class:`DataSourceError` at the end.

        The error carries the HTTP status and the URL with secrets removed.
        """
        attempt, delay, last = 0, self.backoff, "no attempt"
        while True:
            self._throttle().wait()
            try:
                resp = self.session.get(
                    url, params=dict(params or {}), timeout=self.timeout
                )
                shown = redact(getattr(resp, "url", url) or url)
                if resp.status_code == 200:
                    return bytes(resp.content)
                last = f"HTTP {resp.status_code} from {shown}"
                if resp.status_code in (400, 401, 403, 404):
                    raise DataSourceError(f"{self.name}: {last}")
            except requests.RequestException as exc:
                last = f"{type(exc).__name__} for {redact(url)}"
            if attempt >= self.retries:
                raise DataSourceError(
                    f"{self.name}: {last} after {attempt + 1} attempts"
                )
            log.info("%s: %s; retrying in %.1f s", self.name, last, delay)
            time.sleep(delay)
            attempt, delay = attempt + 1, delay * 2

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
        url, params = self.request(series_id, start, end)
        try:
            content = self.get(url, params)
        except DataSourceError as exc:
            return self._from_cache(series_id, str(exc))
        stamp = (now or pd.Timestamp.now()).normalize()
        frame = check_tidy(
            self.parse(content, origin=redact(url), series_id=series_id), url
        )
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
