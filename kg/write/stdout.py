"""Standard output: where a command's one result goes when no file is named (the target ``-``).

Kept apart from :mod:`kg.write.outputs` (files written all or nothing), so a lookup that
prints its answer loads nothing else.
"""

from __future__ import annotations

import sys

from kg.errors import InputError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable
    from typing import BinaryIO

__all__ = ["STDOUT", "write_stdout"]

#: The target name that means standard output.
STDOUT = "-"


def write_stdout(write: Callable[[BinaryIO], None]) -> str:
    """Write one output to standard output, with ``write`` (it writes bytes to a binary stream).

    Returns:
        ``"-"``.

    Raises:
        InputError: Standard output is closed or cannot be written (a closed pipe raises
            :class:`BrokenPipeError`, for the caller to end quietly).
    """
    if sys.stdout is None:
        raise InputError("<stdout>: standard output is closed; give --out FILE")
    try:
        _to_stdout(write)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise InputError(f"<stdout>: cannot write: {exc.strerror or exc}") from None
    return STDOUT


def _to_stdout(write: Callable[[BinaryIO], None]) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text stream standing in for stdout (a notebook, a redirect)
        import io

        data = io.BytesIO()
        write(data)
        sys.stdout.write(data.getvalue().decode("utf-8"))
        return
    sys.stdout.flush()
    write(buffer)
    buffer.flush()
