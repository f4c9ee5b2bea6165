"""Split text into sentences with character offsets.

Rule based and conservative: a sentence ends at ``.``, ``!`` or ``?`` (with any closing
quotes or brackets) followed by whitespace and a capital, digit, opening bracket or a
lower-case word that opens sentences in biomedical text ("mRNA", "pH", "β-catenin"), unless
the word before the stop is a known abbreviation ("et al.", "e.g.", "Fig.", "spp."), an
initial or a genus abbreviation ("J.", "E. coli"), a dotted abbreviation ("i.e.") or a
company's ("StataCorp.", "Co.").
Decimals such as 0.1 never split because no space follows their point.

Spans the caller protects (in-text citations) are never split, and a protected span that
follows a full stop ("disease.[3] Next", "disease.¹ ² Next" in superscript style) belongs
to the sentence the stop ends.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["ABBREVIATIONS", "split_sentences"]

#: Words (lower case, without the final period) after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    {
        "al", "approx", "ca", "cf", "co", "corp", "dr", "e.g", "eq", "eqs", "fig", "figs", "i.e",
        "inc", "jr", "mr", "mrs", "ms", "no", "nos", "p", "pp", "pr", "prof", "ref", "refs", "resp",
        "sr", "st",
        "suppl", "vol", "vols", "vs", "viz",
        "seq", "sp", "spp", "subsp", "tab", "var",
        "chap", "dept", "ed", "eds", "sect", "univ",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip

_STOP = re.compile(r"[.!?]+[\"'”’)\]]*")
_CLOSING = "\"'”’)]"
_NEXT = re.compile(r"\s+([\"'“‘(\[]*)(\S)(\S*)")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_INITIAL = re.compile(r"^[A-Z]$")
#: A paragraph's leading enumerator ("1.", "(a).", "iv.") is not a sentence.
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,5})\)?$")
#: After a lower-case first letter, what makes a word a sentence opener ("mRNA", "pH", "p53").
_LOWER_OPENING = re.compile(r"[a-z]{0,3}[A-Z0-9]")
#: Abbreviations only in this spelling ("wt." in "mol. wt.", not "WT." for wild type).
_CASED = frozenset({"wt"})
#: Word endings that are abbreviations in any word ("StataCorp.").
_ABBREVIATED_ENDINGS = ("corp",)


def split_sentences(
    text: str,
    offset: int = 0,
    protected: Sequence[tuple[int, int]] = (),
    *,
    enumerated: bool = False,
) -> list[tuple[int, int]]:
    """Find the sentences of a paragraph.

    Args:
        text: The paragraph text.
        offset: Added to every offset, so results index the enclosing file.
        protected: ``(start, end)`` spans of ``text`` (before ``offset``), ascending and not
            overlapping, that no sentence boundary may cut, such as in-text citations. One
            that starts at a sentence's stop, or after it and white space with the next
            sentence starting behind it, is part of that sentence.
        enumerated: The text may open with an enumerator ("1.", "(a).") that is part of its
            first sentence, not a sentence of its own.

    Returns:
        ``(start, end)`` pairs, end exclusive, with surrounding whitespace excluded.
    """
    spans: list[tuple[int, int]] = []
    starts = [a for a, _ in protected]
    start = _skip_space(text, 0)
    cursor = 0
    for stop in _STOP.finditer(text):
        if stop.start() < cursor or stop.end() <= start:
            continue
        if _inside(protected, starts, stop.start()):
            continue
        end = _absorb(text, protected, starts, stop.end())
        if end >= len(text) or not text[end].isspace():
            continue
        if enumerated and not spans and _ENUMERATOR.match(text[start : stop.start()]):
            continue
        if not _ends_sentence(text, start, stop.start(), end) or _cited_after(text, protected, starts, end):
            continue
        spans.append((start + offset, end + offset))
        start = _skip_space(text, end)
        cursor = end
    end = len(text.rstrip())
    if start < end:
        spans.append((start + offset, end + offset))
    return spans


def _inside(protected: Sequence[tuple[int, int]], starts: list[int], index: int) -> bool:
    at = bisect.bisect_right(starts, index) - 1
    return at >= 0 and protected[at][0] <= index < protected[at][1]


def _absorb(text: str, protected: Sequence[tuple[int, int]], starts: list[int], end: int) -> int:
    """Extend a sentence end over protected spans that follow its stop."""
    while True:
        at = bisect.bisect_left(starts, end)
        if at < len(starts) and starts[at] == end:
            end = _after_closers(text, protected[at][1])
            continue
        gap = _skip_space(text, end)
        if gap > end and at < len(starts) and starts[at] == gap:
            after = _after_closers(text, protected[at][1])
            following = _NEXT.match(text, after)
            if after >= len(text.rstrip()) or (
                following is not None and _starts_sentence(following.group(2), following.group(3))
            ):
                end = after
                continue
        return end


def _cited_after(text: str, protected: Sequence[tuple[int, int]], starts: list[int], end: int) -> bool:
    """Whether a protected span after the stop is followed by punctuation (``?" [28].``): no boundary."""
    gap = _skip_space(text, end)
    at = bisect.bisect_left(starts, gap)
    if at == len(starts) or starts[at] != gap:
        return False
    after = protected[at][1]
    return after < len(text) and not text[after].isspace()


def _after_closers(text: str, index: int) -> int:
    while index < len(text) and text[index] in _CLOSING:
        index += 1
    return index


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _starts_sentence(char: str, rest: str = "") -> bool:
    """Whether a word can open a sentence: a capital or digit, or a lower-case opener.

    A lower-case word opens a sentence when a capital or digit follows its first letters
    ("mRNA", "pH", "p53") or it is a Greek letter and a hyphen ("β-catenin").
    """
    if char.isupper() or char.isdigit():
        return True
    if not char.islower():
        return False
    return bool(_LOWER_OPENING.match(rest)) or ("α" <= char <= "ω" and rest.startswith("-"))


def _ends_sentence(text: str, start: int, stop: int, end: int) -> bool:
    following = _NEXT.match(text, end)
    if following is None or not _starts_sentence(following.group(2), following.group(3)):
        return False
    if text[stop] != ".":
        return True
    before = text[start:stop]
    word = before.rsplit(None, 1)[-1].lstrip("([\"'“‘") if before.strip() else ""
    lower = word.lower()
    return not (
        lower in ABBREVIATIONS
        or lower.endswith(_ABBREVIATED_ENDINGS)
        or word in _CASED
        or _DOTTED.match(word)
        or _INITIAL.match(word)
    )
