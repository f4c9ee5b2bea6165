"""Mint the stable IRIs of every node kg writes, under one base IRI."""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import URIRef

from kg.defaults import DEFAULT_BASE
from kg.errors import InputError
from kg.identifiers import is_absolute_iri

__all__ = ["DEFAULT_BASE", "IRIs", "check_base", "is_absolute_iri", "slug"]


def check_base(base: str) -> str:
    """Check a base IRI for minted nodes: absolute, ending in ``/`` or ``#``.

    Raises:
        InputError: The base is not an absolute IRI or does not end in ``/`` or ``#``.
    """
    if not is_absolute_iri(base):
        raise InputError(f"base IRI {base!r} is not an absolute IRI (a scheme such as http:, no spaces)")
    if base[-1] not in "/#":
        raise InputError(f"base IRI must end with '/' or '#': {base!r}")
    return base


def slug(text: str) -> str:
    """A lower-case, hyphenated path segment for ``text`` (e.g. a journal name)."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


class IRIs:
    """IRIs for one article's nodes, derived from stable keys only (never random).

    The article's parts (sections, sentences, pointers, reference entries, claims) are scoped
    by the article's id: ``<base>report/<id>/...``. Shared nodes (works, journals, concepts)
    live directly under the base, so graphs of several articles merge on them; the article
    node itself is the work the article is (see :class:`kg.builder.works.WorkIndex`).
    """

    def __init__(self, base: str, report_id: str, article: URIRef | None = None) -> None:
        """Create the minter.

        Args:
            base: Base IRI; must end in ``/`` or ``#``.
            report_id: The article's id (from its front matter, its source, or its file name).
            article: The article's node, if not its scope (an article with a DOI is its work).
        """
        self.base = check_base(base)
        self.scope = URIRef(f"{base}report/{_segment(report_id)}")
        self.report = article if article is not None else self.scope

    def _in(self, *parts: object) -> URIRef:
        return URIRef("/".join([str(self.scope), *(_segment(str(p)) for p in parts)]))

    def report_work(self) -> URIRef:
        """The Work the report realizes (FRBR keeps Work and Expression apart)."""
        return self._in("work")

    def section(self, index: int) -> URIRef:
        """Section ``index`` (0-based, reading order)."""
        return self._in("section", index + 1)

    def paragraph(self, index: int) -> URIRef:
        """Paragraph ``index`` (1-based, reading order)."""
        return self._in("paragraph", index)

    def sentence(self, index: int) -> URIRef:
        """Sentence ``index`` (1-based, reading order)."""
        return self._in("sentence", index)

    def figure(self, number: str) -> URIRef:
        """The figure numbered ``number`` as printed."""
        return self._in("figure", number)

    def table(self, number: str) -> URIRef:
        """The table numbered ``number`` as printed."""
        return self._in("table", number)

    def reference_list(self) -> URIRef:
        """The report's reference list."""
        return self._in("reference-list")

    def reference(self, ident: str) -> URIRef:
        """The reference list entry with id ``ident`` (the printed number, or the source's id)."""
        return self._in("reference", ident)

    def marker(self, index: int, reference: str | None = None) -> URIRef:
        """Citation ``index`` (1-based, reading order), or its pointer to the entry with id ``reference``."""
        return self._in("marker", index) if reference is None else self._in("marker", index, reference)

    def pointer(self, index: int, references: tuple[str, ...], reference: str) -> URIRef:
        """The pointer of citation ``index`` (citing ``references``) that denotes entry ``reference``.

        A citation of one entry is itself the pointer; a grouped citation is a pointer list whose
        members are one pointer per entry.
        """
        return self.marker(index) if len(references) == 1 else self.marker(index, reference)

    def claim(self, claim_id: str) -> URIRef:
        """A curated claim of the report."""
        return self._in("claim", claim_id)

    def claim_citation(self, claim: URIRef, reference: str) -> URIRef:
        """The qualified citation (``cito:Citation``) of entry ``reference`` by ``claim``."""
        return URIRef(f"{claim}/citation/{_segment(reference)}")

    def quote(self, claim: URIRef, position: int) -> URIRef:
        """The ``position``-th quote (1-based) of ``claim``."""
        return URIRef(f"{claim}/quote/{position}")

    def quantity(self, claim: URIRef, position: int) -> URIRef:
        """The ``position``-th quantity (1-based) of ``claim``."""
        return URIRef(f"{claim}/quantity/{position}")

    def concept(self, concept_id: str) -> URIRef:
        """A concept of the shared concept scheme."""
        return URIRef(f"{self.base}concept/{_segment(concept_id)}")

    def concept_scheme(self, category: str | None = None) -> URIRef:
        """The concept scheme, or the collection of one category of it."""
        return URIRef(f"{self.base}concepts" + (f"/{_segment(category)}" if category else ""))

    def selector(self, node: URIRef, kind: str) -> URIRef:
        """The ``position`` or ``quote`` selector anchoring ``node`` in the report text."""
        return URIRef(f"{node}/{kind}")

    def author(self, document: URIRef, position: int) -> URIRef:
        """The author role at ``position`` (1-based) of ``document``."""
        return URIRef(f"{document}/author/{position}")

    def agent(self, document: URIRef, position: int) -> URIRef:
        """The person holding the author role at ``position`` of ``document``."""
        return URIRef(f"{document}/author/{position}/agent")

    def cited(self, reference: str) -> URIRef:
        """The work entry ``reference`` cites, when nothing identifies it (an empty entry): scoped by the entry."""
        return self._in("cited", reference)

    def journal(self, name: str) -> URIRef:
        """A journal, by its name as printed."""
        return URIRef(f"{self.base}journal/{slug(name)}")


def _segment(text: str) -> str:
    return quote(text, safe="-._~:@!$&'()*+,;=")
