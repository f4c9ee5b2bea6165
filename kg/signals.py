"""Time limits and termination: stop running work at its deadline, and turn SIGTERM into an exception.

A time limit is kept by a watchdog thread that, at the deadline, raises an exception inside
the thread doing the work (``PyThreadState_SetAsyncExc``): the work really stops, at its next
Python instruction, rather than being abandoned while it goes on computing. It works in any
thread and leaves the process's signals and timers alone. SIGTERM, for the command line,
raises :class:`Terminated` so that ``finally`` blocks run and no temporary file is left behind.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from kg.errors import InputError, KGError

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


@contextmanager
def time_limit(seconds: float | None, what: str = "query") -> Iterator[None]:
    """Stop the work inside the ``with`` block after ``seconds``.

    Args:
        seconds: The limit; ``None`` or 0 means none.
        what: Named in the error message.

    Raises:
        TimeLimitError: The block ran past the limit; its work was interrupted.
        InputError: ``seconds`` is negative or not a number.
    """
    if seconds is None or seconds == 0:
        yield
        return
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0:
        raise InputError(f"a time limit is a positive number of seconds, not {seconds!r}")
    worker = threading.get_ident()
    finished = threading.Event()
    lock = threading.Lock()
    fired = False

    def watch() -> None:
        nonlocal fired
        if finished.wait(min(seconds, _LONGEST)) or not math.isfinite(seconds):
            return
        with lock:
            if not finished.is_set():
                import ctypes  # here, in the watchdog: a block that ends in time never loads it

                fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker), ctypes.py_object(_Expired))

    watchdog = threading.Thread(target=watch, name="kg-time-limit", daemon=True)
    watchdog.start()
    expired = False
    try:
        yield
    except _Expired:
        expired = True
    finally:
        expired = _stop(finished, lock, watchdog, worker, lambda: fired) or expired
    if expired:
        raise TimeLimitError(f"{what} stopped after its time limit of {seconds:g} s")


def _stop(
    finished: threading.Event, lock: threading.Lock, watchdog: threading.Thread, worker: int, fired: Callable[[], bool]
) -> bool:
    """End the watch and withdraw an exception sent too late; return whether the limit was reached."""
    for _ in range(3):  # an exception sent just as the block ended may land here, once
        try:
            with lock:  # the watchdog sends only while holding the lock and before `finished` is set
                finished.set()
                if fired():
                    import ctypes

                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker), None)  # if still pending
            watchdog.join()
            return fired()
        except _Expired:
            continue
    return True


def handle_termination() -> None:
    """Make SIGTERM raise :class:`Terminated` in the main thread (for the command line)."""
    if not _can_signal():
        return

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    signal.signal(signal.SIGTERM, terminate)


def _can_signal() -> bool:  # signal handlers belong to the main thread
    return threading.current_thread() is threading.main_thread()
