"""A SPARQL text scanned with string methods alone: comments, strings and IRIs blanked out, and its bare words.

The lookups scan their queries on every call, so this imports nothing, not even ``re``.
Offsets in a scanned text are those of the text itself: blanking keeps every length.
"""

from __future__ import annotations

__all__ = ["LETTERS", "LOWER", "NOT_IN_IRI", "blanked", "iri_end", "skip_space", "word_char", "words"]

#: Characters no IRI may hold (besides spaces and controls), as in N-Triples and SPARQL.
NOT_IN_IRI = frozenset('<>"{}|^`\\')
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
#: Upper-case ASCII letters to lower case, every other character kept (so offsets hold).
LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: Scans of recent texts (a query is looked at several times: its form, SERVICE, its WHERE clause).
_SCANS: dict[tuple[str, bool], str] = {}
_WORDS: dict[str, list[tuple[int, int, str]]] = {}


def blanked(text: str, keep_iris: bool = False) -> str:
    """``text`` with comments, strings and (unless ``keep_iris``) IRIs blanked out, its length kept."""
    key = (text, keep_iris)
    found = _SCANS.get(key)
    if found is not None:
        return found
    pieces: list[str] = []
    start, at, end_of_text = 0, 0, len(text)
    while at < end_of_text:
        char = text[at]
        end: int | None
        if char == "#":
            newline = text.find("\n", at)
            end = end_of_text if newline < 0 else newline
        elif char == '"' or char == "'":
            end = _string_end(text, at, char)
        elif char == "<":
            end = iri_end(text, at)
            if end is not None and keep_iris:
                at = end
                continue
        else:
            at += 1
            continue
        if end is None:  # not a string or an IRI here (an operator, a stray quote)
            at += 1
            continue
        pieces += (text[start:at], " " * (end - at))
        start = at = end
    pieces.append(text[start:])
    if len(_SCANS) > 256:
        _SCANS.clear()
    _SCANS[key] = scanned = "".join(pieces)
    return scanned


def _string_end(text: str, at: int, quote: str) -> int | None:
    """The offset after the string literal opening at ``at`` (long or short form), or None if none closes."""
    if text.startswith(quote * 3, at):
        end = _closing_quote(text, at + 3, quote, long=True)
        if end is not None:
            return end
    return _closing_quote(text, at + 1, quote, long=False)


def _closing_quote(text: str, at: int, quote: str, long: bool) -> int | None:
    """The offset after the closing quote(s) of a string whose body starts at ``at``."""
    end_of_text = len(text)
    while at < end_of_text:
        char = text[at]
        if char == "\\":
            if at + 1 >= end_of_text:
                return None
            at += 2
        elif char == quote:
            if not long:
                return at + 1
            if text.startswith(quote * 3, at):
                return at + 3
            at += 1
        elif char == "\n" and not long:
            return None
        else:
            at += 1
    return None


def iri_end(text: str, at: int) -> int | None:
    """The offset after the IRI reference opening at ``at``, or None if ``<`` opens none (``?a < 2``)."""
    for offset in range(at + 1, len(text)):
        char = text[offset]
        if char == ">":
            return offset + 1
        if char in NOT_IN_IRI or char.isspace():
            return None
    return None


def word_char(char: str) -> bool:
    """Whether ``char`` is a word character: a letter, a digit or ``_`` (any script)."""
    return char.isalnum() or char == "_"


def words(text: str) -> list[tuple[int, int, str]]:
    """The bare words of ``text`` (start, end, upper-cased word): keywords, and local names a colon touches not.

    A word is a run of ASCII letters that no word character, ``:``, ``?``, ``$``, ``@``, ``.``
    or ``-`` precedes and no word character, ``:`` or ``-`` follows.
    """
    found = _WORDS.get(text)
    if found is not None:
        return found
    code = blanked(text)
    found, at, end_of_text = [], 0, len(code)
    while at < end_of_text:
        if code[at] not in LETTERS:
            at += 1
            continue
        end = at + 1
        while end < end_of_text and code[end] in LETTERS:
            end += 1
        before = code[at - 1] if at else " "
        after = code[end] if end < end_of_text else " "
        if not (word_char(before) or before in ":?$@.-" or word_char(after) or after in ":-"):
            found.append((at, end, code[at:end].upper()))
        at = end
        while at < end_of_text and word_char(code[at]):  # the rest of a word with digits or non-ASCII letters
            at += 1
    if len(_WORDS) > 256:
        _WORDS.clear()
    _WORDS[text] = found
    return found


def skip_space(code: str, at: int) -> int:
    """The offset of the first character at or after ``at`` that is not a space."""
    while at < len(code) and code[at].isspace():
        at += 1
    return at
