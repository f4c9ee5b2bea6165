"""Time limits and termination: stop a running query at its deadline, and turn SIGTERM into an exception.

Both work through POSIX signals, so they act in the main thread of the process: a time limit
raises :class:`TimeLimitError` inside the running work (which really stops it, rather than
abandoning a thread that goes on computing), and SIGTERM raises :class:`Terminated` so that
``finally`` blocks run and no temporary file is left behind. Elsewhere (another thread, or a
platform without ``SIGALRM``) a time limit is not enforced.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from kg.errors import KGError

__all__ = ["DEFAULT_TIMEOUT", "Terminated", "TimeLimitError", "handle_termination", "time_limit"]

#: Seconds a query or lookup may run by default (as Oxigraph's server and the Wikidata endpoint allow).
DEFAULT_TIMEOUT = 60.0


#: The longest limit the timer is set to (a year); a longer one is as good as none.
_LONGEST = 365 * 24 * 3600.0


class TimeLimitError(KGError, TimeoutError):
    """A query or lookup ran past its time limit and was stopped."""


class Terminated(BaseException):
    """The process received SIGTERM (a :class:`BaseException`, like :class:`KeyboardInterrupt`)."""


@contextmanager
def time_limit(seconds: float | None, what: str = "query") -> Iterator[None]:
    """Stop the work inside the ``with`` block after ``seconds``.

    Args:
        seconds: The limit; ``None`` or 0 means none.
        what: Named in the error message.

    Raises:
        TimeLimitError: The block ran past the limit; its work was interrupted.
    """
    if not seconds or not _can_signal() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitError(f"{what} stopped after its time limit of {seconds:g} s (raise it with --timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, _LONGEST))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def handle_termination() -> None:
    """Make SIGTERM raise :class:`Terminated` in the main thread (for the command line)."""
    if not _can_signal():
        return

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    signal.signal(signal.SIGTERM, terminate)


def _can_signal() -> bool:
    return threading.current_thread() is threading.main_thread()
