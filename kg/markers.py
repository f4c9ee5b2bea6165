"""Find numeric in-text citation markers and expand them to reference numbers.

Recognised forms: ``[1]``, ``[6,7]``, ``[12, 13]``, ``[4-9]``, ``[4–9]``, ``[1,3-5]``,
``[2; 5]`` and runs of bracketed numbers joined by a dash, such as ``[4]–[7]``.
"""

from __future__ import annotations

import re

from kg.errors import InputError

__all__ = ["find_markers", "parse_numbers"]

_DASH = "-–—"  # hyphen-minus, en dash, em dash
_ITEM = rf"\d+(?:\s*[{_DASH}]\s*\d+)?"
_GROUP = rf"\[\s*{_ITEM}(?:\s*[,;]\s*{_ITEM})*\s*\]"
_RUN_TEXT = rf"\[\s*(\d+)\s*\]\s*[{_DASH}]\s*\[\s*(\d+)\s*\]"
_MARKER = re.compile(rf"{_RUN_TEXT}|{_GROUP}")
_RUN = re.compile(rf"^{_RUN_TEXT}$")


def find_markers(text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """Find the citation markers in ``text``.

    Args:
        text: Any text, e.g. a sentence.

    Returns:
        ``(start, end, numbers)`` for each marker, numbers expanded and in printed order.

    Raises:
        InputError: A range runs backwards (``[9-4]``); the message quotes the marker.
    """
    return [(m.start(), m.end(), parse_numbers(m.group())) for m in _MARKER.finditer(text)]


def parse_numbers(marker: str) -> tuple[int, ...]:
    """Expand one marker such as ``[1,3-5]`` or ``[4]–[7]`` to ``(1, 3, 4, 5)`` or ``(4, 5, 6, 7)``.

    Args:
        marker: The marker text, brackets included.

    Returns:
        The cited numbers, each once, in printed order.

    Raises:
        InputError: A range runs backwards.
    """
    run = _RUN.match(marker)
    items = [f"{run.group(1)}-{run.group(2)}"] if run else re.split(r"[,;]", marker.strip("[] "))
    numbers: list[int] = []
    for item in items:
        bounds = [int(b) for b in re.split(rf"[{_DASH}]", item) if b.strip()]
        first, last = bounds[0], bounds[-1]
        if last < first:
            raise InputError(f"citation marker {marker} has a range that runs backwards")
        numbers.extend(n for n in range(first, last + 1) if n not in numbers)
    return tuple(numbers)
