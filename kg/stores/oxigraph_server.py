"""Oxigraph's own server (``oxigraph serve-read-only``, from the ``oxigraph`` package) over a store folder.

``kg serve`` runs it on a private loopback port behind its gate (:mod:`kg.server`), and ends it
with itself, even when killed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from kg.errors import KGError

__all__ = ["DEFAULT_QUERY_TIMEOUT", "free_port", "oxigraph_command", "serving", "wait_for"]

#: Seconds a query may run on the endpoint unless told otherwise.
DEFAULT_QUERY_TIMEOUT = 30.0


def oxigraph_command() -> str:
    """The ``oxigraph`` server program: beside this Python's executable (a virtual environment), else on PATH.

    Raises:
        KGError: It is not installed.
    """
    beside = os.path.join(os.path.dirname(sys.executable), "oxigraph")
    if os.access(beside, os.X_OK):
        return beside
    found = shutil.which("oxigraph")
    if found is None:
        raise KGError("kg serve runs Oxigraph's server, which is not installed (pip install oxigraph)")
    return found


@contextmanager
def serving(store: str, timeout: float = DEFAULT_QUERY_TIMEOUT) -> Iterator[str]:
    """Oxigraph's read-only server over ``store`` on a free loopback port, for as long as the block runs.

    Yields:
        The server's base URL (``http://127.0.0.1:<port>``).

    Raises:
        KGError: The server cannot be started (the message gives what it printed).
    """
    port = free_port()
    seconds = max(1, round(min(timeout, 365 * 24 * 3600)))
    command = [oxigraph_command(), "serve-read-only", "--location", store, "--bind", f"127.0.0.1:{port}",
               "--timeout-s", str(seconds)]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_ended_with_parent
    )
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def _ended_with_parent() -> None:
    """In the child, before it runs: ask Linux to stop it when kg's process ends, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM
    except (OSError, AttributeError):  # not Linux: SIGINT and SIGTERM still stop it, through the context manager
        pass


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 20.0) -> None:
    """Wait until ``process`` listens on ``port`` of 127.0.0.1.

    Raises:
        KGError: It stopped, or did not listen within ``seconds``.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
            raise KGError(f"the Oxigraph server stopped at once: {' '.join(said.split())[:300] or 'no message'}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise KGError(f"the Oxigraph server did not listen on 127.0.0.1:{port} within {seconds:g} s")
