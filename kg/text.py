"""Read input text files strictly: UTF-8 or a clear error naming the file and line."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, where

__all__ = ["read_text"]


def read_text(path: Path) -> str:
    """Return the file's text exactly as stored (no newline translation), decoded as UTF-8.

    Character offsets into the returned string are the offsets the graph records, so the
    file is decoded as is: a file with CRLF line ends keeps its carriage returns.

    Args:
        path: The file to read.

    Returns:
        The decoded text, without a leading byte-order mark.

    Raises:
        InputError: The file is missing, is a directory, or is not valid UTF-8.
    """
    if not path.exists():
        raise InputError(f"{where(path)}: file not found")
    if path.is_dir():
        raise InputError(f"{where(path)}: is a directory, expected a file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{where(path, line)}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return text.removeprefix("\ufeff")
