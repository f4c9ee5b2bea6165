r"""Find numeric in-text citation markers, check them, and expand them to reference numbers.

Recognised forms: ``[1]``, ``[6,7]``, ``[12, 13]``, ``[4-9]``, ``[4–9]``, ``[1,3-5]``,
``[2; 5]`` and runs of bracketed numbers joined by a dash, such as ``[4]–[7]``.

A bracket *looks like a citation* when it holds only digits, commas, semicolons, dashes
(``-``, ``–``, ``—``) and whitespace, with at least one digit. Such a bracket must be a
well-formed marker; otherwise it is reported, never dropped. A bracket opened with a
Markdown backslash escape (``\[2013]``) is text, not a marker. Ranges are checked against
the printed reference numbers before they are expanded, so the work done is bounded by the
reference list, never by the numbers written in a marker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.errors import InputError

__all__ = ["MAX_DIGITS", "Bracket", "expand", "find_markers", "first_unprinted", "scan_brackets"]

_DASH = r"\-–—"  # hyphen-minus (escaped: it is used inside character classes), en dash, em dash
# Digits are 0-9 only (not \d): int() would read other scripts' digits, and the print has none.
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_LIKE = re.compile(rf"[0-9\s,;{_DASH}]*[0-9][0-9\s,;{_DASH}]*")
_ITEM = rf"\s*([0-9]+)\s*(?:[{_DASH}]\s*([0-9]+)\s*)?"
_GROUP = re.compile(rf"{_ITEM}(?:[,;]{_ITEM})*")
_PART = re.compile(_ITEM)
_SINGLE = re.compile(r"\s*([0-9]+)\s*")
_RUN_TAIL = re.compile(rf"\s*[{_DASH}]\s*\[\s*([0-9]+)\s*\]")
_FORMS = "[1], [6,7], [4-9], [1,3-5], [2; 5] or [4]–[7]"

#: Digits a reference number may have.
MAX_DIGITS = 9

#: An inclusive range of cited numbers; a single number ``n`` is ``(n, n)``.
Range = tuple[int, int]


@dataclass(frozen=True)
class Bracket:
    """A citation-like bracket found in a text: a marker, or a problem to report.

    Attributes:
        start: Offset of the opening ``[``.
        end: Offset after the closing ``]`` (of the last bracket of a run such as ``[4]–[7]``).
        text: The marker as printed.
        ranges: The cited ranges in printed order; empty when ``problem`` is set.
        problem: Why the bracket is not a well-formed marker, or None.
    """

    start: int
    end: int
    text: str
    ranges: tuple[Range, ...] = ()
    problem: str | None = None


def scan_brackets(text: str) -> list[Bracket]:
    """Find every citation-like bracket of ``text``, well formed or not; never raises.

    Args:
        text: Any text, e.g. a sentence.

    Returns:
        The brackets in text order; a malformed one carries its ``problem``.
    """
    found: list[Bracket] = []
    position = 0
    while (bracket := _BRACKET.search(text, position)) is not None:
        position = bracket.end()
        if _escaped(text, bracket.start()) or not _LIKE.fullmatch(bracket.group(1)):
            continue
        single = _SINGLE.fullmatch(bracket.group(1))
        tail = _RUN_TAIL.match(text, bracket.end()) if single else None
        if single and tail:
            position = tail.end()
            found.append(
                _checked(bracket.start(), text[bracket.start() : position], [(single.group(1), tail.group(1))])
            )
        elif _GROUP.fullmatch(bracket.group(1)):
            parts = [(m.group(1), m.group(2) or m.group(1)) for m in _PART.finditer(bracket.group(1))]
            found.append(_checked(bracket.start(), bracket.group(), parts))
        else:
            problem = (
                f"citation marker {bracket.group()} is malformed: expected numbers and ranges separated by commas "
                f"or semicolons, such as {_FORMS} (write \\{bracket.group()} if it is not a citation)"
            )
            found.append(Bracket(bracket.start(), bracket.end(), bracket.group(), problem=problem))
    return found


def first_unprinted(ranges: Sequence[Range], printed: Sequence[int]) -> int | None:
    """The first number the ranges cite that the reference list does not print, if any.

    The work done is bounded by the length of ``printed``, not by the size of the ranges.

    Args:
        ranges: Cited ranges, each ``first <= last``.
        printed: The printed reference numbers, sorted, each once.

    Returns:
        The first unprinted number in printed order, or None when every cited number is printed.
    """
    for first, last in ranges:
        at = bisect.bisect_left(printed, first)
        for number in range(first, last + 1):
            if at >= len(printed) or printed[at] != number:
                return number
            at += 1
    return None


def expand(ranges: Sequence[Range], printed: Sequence[int]) -> tuple[int, ...]:
    """Expand ranges to the cited numbers, each once, in printed order.

    Args:
        ranges: Cited ranges, each ``first <= last``.
        printed: The printed reference numbers, sorted, each once; every cited number must be one.

    Returns:
        The cited numbers.

    Raises:
        InputError: A cited number is not printed (check with :func:`first_unprinted` first
            to report it with its place).
    """
    missing = first_unprinted(ranges, printed)
    if missing is not None:
        raise InputError(f"reference {missing} is cited but not printed in the reference list")
    numbers: dict[int, None] = {}
    for first, last in ranges:
        numbers.update(dict.fromkeys(range(first, last + 1)))
    return tuple(numbers)


def find_markers(text: str, printed: Sequence[int]) -> list[tuple[int, int, tuple[int, ...]]]:
    """Find, check and expand the citation markers in ``text``.

    Args:
        text: Any text, e.g. a sentence.
        printed: The printed reference numbers, sorted, each once.

    Returns:
        ``(start, end, numbers)`` for each marker, numbers expanded and in printed order.

    Raises:
        InputError: A citation-like bracket is malformed, a range runs backwards (``[9-4]``),
            or a cited number is not printed; the message quotes the marker.
    """
    markers = []
    for bracket in scan_brackets(text):
        if bracket.problem:
            raise InputError(bracket.problem)
        missing = first_unprinted(bracket.ranges, printed)
        if missing is not None:
            raise InputError(f"citation marker {bracket.text} cites reference {missing}, which is not printed")
        markers.append((bracket.start, bracket.end, expand(bracket.ranges, printed)))
    return markers


def _checked(start: int, marker: str, parts: list[tuple[str, str]]) -> Bracket:
    if any(len(number) > MAX_DIGITS for part in parts for number in part):
        problem = f"citation marker {marker} has a number of more than {MAX_DIGITS} digits"
        return Bracket(start, start + len(marker), marker, problem=problem)
    ranges = tuple((int(first), int(last)) for first, last in parts)
    if any(last < first for first, last in ranges):
        problem = f"citation marker {marker} has a range that runs backwards"
        return Bracket(start, start + len(marker), marker, problem=problem)
    return Bracket(start, start + len(marker), marker, ranges)


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes (a Markdown escape)."""
    before = index
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (index - before) % 2 == 1
