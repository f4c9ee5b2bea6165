"""Find the sentences that hold a quote verbatim without reading every sentence for each quote."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.records import Sentence

__all__ = ["SentenceIndex"]

_WORD = re.compile(r"\w+")


class SentenceIndex:
    """The sentences of a report, indexed by the words they contain.

    A word that lies wholly inside a quote (characters other than word characters on both of
    its sides within the quote) is a whole word of every sentence that holds the quote, so the
    sentences to read for a quote are those that contain its rarest such word.
    """

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        """Index ``sentences`` (in reading order) by their words."""
        self._sentences = tuple(sentences)
        postings: dict[str, list[int]] = {}
        for position, sentence in enumerate(self._sentences):
            for word in set(_WORD.findall(sentence.text)):
                postings.setdefault(word, []).append(position)
        self._postings = postings

    def containing(self, quote: str) -> list[Sentence]:
        """Every sentence whose text contains ``quote``, in reading order.

        Args:
            quote: Any text.

        Returns:
            The sentences that hold it (each once, however often it occurs there).
        """
        inner = [m.group() for m in _WORD.finditer(quote) if m.start() > 0 and m.end() < len(quote)]
        if inner:
            candidates = min((self._postings.get(word, []) for word in inner), key=len)
            return [self._sentences[i] for i in candidates if quote in self._sentences[i].text]
        return [s for s in self._sentences if quote in s.text]
