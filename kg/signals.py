"""Time limits and termination: stop running work at its deadline, and turn SIGTERM into an exception.

A time limit is kept by a watchdog thread that, at the deadline, raises an exception inside
the thread doing the work (``PyThreadState_SetAsyncExc``): the work really stops, at its next
Python instruction, rather than being abandoned while it goes on computing. It works in any
thread and leaves the process's signals and timers alone. SIGTERM, for the command line,
raises :class:`Terminated` so that ``finally`` blocks run and no temporary file is left behind.

Only the low-level ``_thread`` module is used (``threading`` and ``signal`` cost a lookup
several milliseconds to load and unload), and ``signal`` is loaded when a handler is set.
"""

from __future__ import annotations

import _thread
import math

from kg.errors import InputError, KGError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from types import FrameType, TracebackType

__all__ = ["DEFAULT_TIMEOUT", "Terminated", "TimeLimitError", "handle_termination", "time_limit"]

#: Seconds a query or lookup may run by default (as Oxigraph's server and the Wikidata endpoint allow).
DEFAULT_TIMEOUT = 60.0


#: The longest limit the timer is set to (a year); a longer one is as good as none.
_LONGEST = 365 * 24 * 3600.0


class TimeLimitError(KGError, TimeoutError):
    """A query or lookup ran past its time limit and was stopped."""


class Terminated(BaseException):
    """The process received SIGTERM (a :class:`BaseException`, like :class:`KeyboardInterrupt`)."""


class _Expired(BaseException):
    """Raised inside the worker at its deadline; a BaseException, so no ``except Exception`` swallows it."""


def time_limit(seconds: float | None, what: str = "query") -> _TimeLimit:
    """Stop the work inside the ``with`` block after ``seconds``.

    Args:
        seconds: The limit; ``None`` or 0 means none.
        what: Named in the error message.

    Raises:
        TimeLimitError: The block ran past the limit; its work was interrupted.
        InputError: ``seconds`` is negative or not a number.
    """
    if seconds is None or seconds == 0:
        return _TimeLimit(None, what)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0:
        raise InputError(f"a time limit is a positive number of seconds, not {seconds!r}")
    return _TimeLimit(float(seconds), what)


class _TimeLimit:
    """The context of :func:`time_limit`: a watchdog thread that interrupts the block at its deadline."""

    def __init__(self, seconds: float | None, what: str) -> None:
        self._seconds, self._what = seconds, what
        self._worker = 0
        self._finished = _thread.allocate_lock()  # held while the block runs; released when it ends
        self._lock = _thread.allocate_lock()  # the watchdog sends only while holding it, and before `_ended`
        self._watched = _thread.allocate_lock()  # held while the watchdog runs
        self._ended = self._fired = False

    def __enter__(self) -> None:
        if self._seconds is None:
            return
        self._worker = _thread.get_ident()
        self._finished.acquire()
        self._watched.acquire()
        _thread.start_new_thread(self._watch, ())

    def _watch(self) -> None:
        try:
            seconds = self._seconds or 0.0
            if self._finished.acquire(timeout=min(seconds, _LONGEST)) or not math.isfinite(seconds):
                return
            with self._lock:
                if not self._ended:
                    import ctypes  # here, in the watchdog: a block that ends in time never loads it

                    self._fired = True
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._worker), ctypes.py_object(_Expired))
        finally:
            self._watched.release()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._seconds is None:
            return
        expired = self._stop() or kind is _Expired
        if expired and (kind is None or kind is _Expired):  # another exception goes on as it is
            raise TimeLimitError(f"{self._what} stopped after its time limit of {self._seconds:g} s") from None

    def _stop(self) -> bool:
        """End the watch and withdraw an exception sent too late; return whether the limit was reached."""
        for _ in range(3):  # an exception sent just as the block ended may land here, once
            try:
                with self._lock:
                    self._ended = True
                    if self._finished.locked():
                        self._finished.release()
                    if self._fired:
                        import ctypes

                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._worker), None)  # if pending
                self._watched.acquire()  # the watchdog has ended
                self._watched.release()
                return self._fired
            except _Expired:
                continue
        return True


def handle_termination() -> None:
    """Make SIGTERM raise :class:`Terminated` in the main thread (for the command line); elsewhere nothing."""
    import signal

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    try:
        signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # signal handlers belong to the main thread
        return
