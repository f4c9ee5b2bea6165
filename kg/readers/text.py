"""Read input text files strictly: UTF-8 or a clear error naming the file and line."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, where

__all__ = ["read_text"]


def read_text(path: Path, *, strip_bom: bool = True) -> str:
    """Return the file's text exactly as stored (no newline translation), decoded as UTF-8.

    Character offsets into the returned string are the offsets the graph records, so the
    file is decoded as is: a file with CRLF line ends keeps its carriage returns.

    Args:
        path: The file to read.
        strip_bom: Drop a leading byte-order mark (for files no offset indexes, such as YAML
            and BibTeX); with False it is kept as character 0, for the caller to refuse.

    Returns:
        The decoded text.

    Raises:
        InputError: The file is missing, is not a regular file, cannot be read, or is not valid UTF-8.
    """
    if not path.exists():
        raise InputError(f"{where(path)}: file not found")
    if path.is_dir():
        raise InputError(f"{where(path)}: is a directory, expected a file")
    if not path.is_file():  # a device or a pipe: reading it may never end
        raise InputError(f"{where(path)}: is not a regular file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{where(path)}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{where(path, line)}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return text.removeprefix("\ufeff") if strip_bom else text
