"""Citation statements: every citing sentence that no curated claim quotes becomes a claim.

A citation statement quotes its whole sentence and cites each reference the sentence points
to with ``cito:cites`` (the intent is unknown). So lookups, named queries and notebooks work
on any article, curated or not; curated claims take precedence for the sentences they quote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kg.errors import InputError, where
from kg.records import Article, CitationIntent, Claim, Quote

__all__ = ["KIND", "PREFIX", "citation_statements"]

#: The claim kind of a citation statement (a key of :data:`kg.readers.claims.KINDS`).
KIND = "citation-statement"
#: Ids of citation statements are this prefix and the sentence's index.
PREFIX = "statement-"


def citation_statements(
    article: Article, curated: Sequence[Claim], quotes: Mapping[str, tuple[Quote, ...]]
) -> tuple[list[Claim], dict[str, tuple[Quote, ...]]]:
    """One claim per citing sentence that no curated claim quotes.

    Args:
        article: The article.
        curated: Its curated claims.
        quotes: Their located quotes, by claim id.

    Returns:
        The statements in reading order and their quotes (each its whole sentence), by id.

    Raises:
        InputError: A curated claim's id is one a statement needs (``statement-<sentence>``).
    """
    quoted = {q.sentence for located in quotes.values() for q in located}
    taken = {c.id: c for c in curated}
    claims: list[Claim] = []
    located: dict[str, tuple[Quote, ...]] = {}
    for sentence in article.sentences:
        if not sentence.citations or sentence.index in quoted:
            continue
        ident = f"{PREFIX}{sentence.index}"
        if ident in taken:
            raise InputError(
                f"{where(article.path, taken[ident].line)}: claim id '{ident}' is reserved for the citation "
                f"statement of sentence {sentence.index}; choose another id"
            )
        refs = dict.fromkeys(r for c in sentence.citations for r in c.references)
        cites = tuple(CitationIntent(ref, "cites") for ref in refs)
        claims.append(Claim(ident, KIND, sentence.text, (sentence.text,), sentence.line, cites))
        located[ident] = (Quote(sentence.text, sentence.start, sentence.end, sentence.index),)
    return claims, located
