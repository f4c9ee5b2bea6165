"""Split text into sentences with character offsets.

Rule based and conservative: a sentence ends at ``.``, ``!`` or ``?`` (with any closing
quotes or brackets) followed by whitespace and a capital, digit or opening bracket, unless
the word before the stop is a known abbreviation ("et al.", "e.g.", "Fig."), an initial
("J."), or a dotted abbreviation ("i.e."). Decimals such as 0.1 never split because no
space follows their point.
"""

from __future__ import annotations

import re

__all__ = ["ABBREVIATIONS", "split_sentences"]

#: Words (lower case, without the final period) after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    {
        "al", "approx", "ca", "cf", "dr", "e.g", "eq", "eqs", "fig", "figs", "i.e", "inc", "jr",
        "mr", "mrs", "ms", "no", "nos", "p", "pp", "prof", "ref", "refs", "resp", "sr", "st",
        "suppl", "vol", "vols", "vs", "viz",
    }
)  # fmt: skip

_STOP = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_NEXT = re.compile(r"\s+([\"'“‘(\[]*)(\S)")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_INITIAL = re.compile(r"^[A-Z]$")


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Find the sentences of a paragraph.

    Args:
        text: The paragraph text.
        offset: Added to every offset, so results index the enclosing file.

    Returns:
        ``(start, end)`` pairs, end exclusive, with surrounding whitespace excluded.
    """
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for stop in _STOP.finditer(text):
        if stop.end() <= start or not _ends_sentence(text, start, stop):
            continue
        spans.append((start + offset, stop.end() + offset))
        start = _skip_space(text, stop.end())
    end = len(text.rstrip())
    if start < end:
        spans.append((start + offset, end + offset))
    return spans


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _ends_sentence(text: str, start: int, stop: re.Match[str]) -> bool:
    following = _NEXT.match(text, stop.end())
    if following is None or not (following.group(2).isupper() or following.group(2).isdigit()):
        return False
    if text[stop.start()] != ".":
        return True
    word = text[start : stop.start()].rsplit(None, 1)[-1].lstrip("([\"'“‘")
    return not (word.lower() in ABBREVIATIONS or _DOTTED.match(word) or _INITIAL.match(word))
