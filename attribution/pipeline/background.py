"""Run one step of a pipeline in a worker process while the caller goes on.

The machine this project targets has two cores; the daily sign models are
the longest step of ``attribute`` and need nothing the other models compute,
so they run in a worker (a reusable ``loky`` executor from joblib) while the
main process runs the others. The worker computes exactly what the main
process would (same code, same seeds): the outputs do not change.

Warnings raised in the worker are recorded there and raised again in the
caller when the result is collected; exceptions propagate with their type.
``ATTRIBUTION_JOBS=1`` (or a single-core machine) runs the step inline, when
it is collected.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: environment variable: number of processes ``attribute`` may use (default 2)
JOBS_ENV = "ATTRIBUTION_JOBS"


def n_jobs() -> int:
    """Return the processes a run may use: ``$ATTRIBUTION_JOBS``, else min(2, CPUs)."""
    raw = os.environ.get(JOBS_ENV, "").strip()
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            return 1
    return min(2, os.cpu_count() or 1)


def _recorded(
    fn: Callable[..., T], *args: Any
) -> tuple[T, list[tuple[Any, ...]], tuple[float, float]]:
    """Call ``fn``; return its result, its warnings and its (wall, CPU) seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args)
    seen = list(
        dict.fromkeys(
            (str(w.message), w.category, w.filename, w.lineno) for w in caught
        )
    )
    return out, seen, (time.perf_counter() - wall, time.process_time() - cpu)


@dataclass
class Pending(Generic[T]):
    """A step started by :func:`start`; :meth:`result` waits for it."""

    fn: Callable[..., T]
    args: tuple[Any, ...]
    future: Any = None
    #: wall and CPU seconds the worker spent on the step (``None`` if inline)
    worker_time: tuple[float, float] | None = None
    _done: list[T] = field(default_factory=list)

    def result(self) -> T:
        """Return the step's result (running it now if it runs inline)."""
        if self._done:
            return self._done[0]
        if self.future is None:
            out = self.fn(*self.args)
        else:
            out, seen, self.worker_time = self.future.result()
            for message, category, filename, lineno in seen:
                warnings.warn_explicit(message, category, filename, lineno)
        self._done.append(out)
        return out


def start(fn: Callable[..., T], *args: Any) -> Pending[T]:
    """Start ``fn(*args)`` in a worker process (inline if one job is allowed).

    ``fn`` must be a module-level function and ``args`` picklable.
    """
    if n_jobs() < 2:
        return Pending(fn, args)
    return Pending(fn, args, _executor().submit(_recorded, fn, *args))


_EXECUTORS: list[Any] = []  # this module's own worker, reused across runs


def _executor() -> Any:
    """Return this module's one-worker loky executor (started on first use).

    It is not loky's global reusable executor: joblib's ``Parallel`` (the
    ``sweep`` command) resizes and reuses that one and expects joblib's own
    bookkeeping on it, so sharing it broke a sweep after an attribution in the
    same process.
    """
    from joblib.externals.loky import ProcessPoolExecutor

    if _EXECUTORS:
        flags = getattr(_EXECUTORS[0], "_flags", None)
        if flags is None or not (flags.broken or flags.shutdown):
            return _EXECUTORS[0]
    import atexit

    executor = ProcessPoolExecutor(max_workers=1, timeout=120)
    # shut down before the interpreter tears down loky's module globals (else
    # its weakref callback prints "Exception ignored ..." at exit); a step
    # still running then is one nobody will collect (the run failed before
    # it needed it), so the worker is killed rather than waited for
    atexit.register(_stop, executor)
    _EXECUTORS[:] = [executor]
    return executor


def _stop(executor: Any) -> None:
    """Stop the worker and drop the executor, so that its queues' locks are released.

    Dropping the last reference finalizes loky's semaphores, which tells its
    resource tracker they are gone: a process that then ends without the
    interpreter's teardown (:func:`attribution.pipeline.process.exit_now`)
    leaves no "leaked semlock" warning behind.
    """
    executor.shutdown(wait=True, kill_workers=True)
    if executor in _EXECUTORS:
        _EXECUTORS.remove(executor)
