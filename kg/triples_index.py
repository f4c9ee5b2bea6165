r"""A graph's triples as dicts, read from N-Triples, with each term kept as its N-Triples text.

:mod:`kg.violations` evaluates the compiled shapes on a :class:`TriplesIndex`. A term is the
UTF-8 text kg writes for it (:func:`kg.write.rdf.ntriples_lines`): ``<iri>``, ``_:label`` or a
quoted literal with ``\\``, ``\n``, ``\"`` and ``\r`` escaped and then ``@lang`` or
``^^<datatype>``, so equal texts are equal terms. Lines in exactly that form (one triple a line,
terms one space apart, what kg writes) are split as they are; any other N-Triples (comments,
tabs, other escapes such as ``\t``, ``\uXXXX`` and ``\UXXXXXXXX``) is read with rdflib and
each term written in that form. Which triples a SPARQL query can match (so that only those are
loaded into a store to run it) is :mod:`kg.query_reads`'s to say.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from rdflib import Graph

from kg.errors import InputError
from kg.query_reads import Reads

__all__ = ["TriplesIndex"]

#: An escape, and (in group 1) what follows a backslash that starts none of the four kg writes.
_ESCAPED = re.compile(rb'\\(?:[\\"nr]|(.))', re.DOTALL)
#: A line that opens with something else than a term (a space, a comment, a blank line).
_LINE_START = re.compile(rb"\n(?!<|_:|\Z)")
_EMPTY: dict[bytes, list[bytes]] = {}


class TriplesIndex:
    """Objects by subject and subjects by object for chosen predicates, and chosen predicates' triples.

    Attributes:
        forward: predicate → subject → objects, for the predicates asked for.
        backward: predicate → object → subjects, for the predicates asked for.
        kept: predicate → its triples as ``s p o`` texts, for the predicates asked for.
        chunks: Every triple as an ``s p o`` text (an N-Triples line without `` .``).
    """

    def __init__(
        self, chunks: list[bytes], forward: Collection[bytes], backward: Collection[bytes], kept: Collection[bytes]
    ) -> None:
        """Index ``chunks`` (``s p o`` texts, terms as kg writes them) for the predicates named.

        Raises:
            ValueError: A text that is not three terms.
        """
        fwd: dict[bytes, dict[bytes, list[bytes]]] = {p: {} for p in forward}
        bwd: dict[bytes, dict[bytes, list[bytes]]] = {p: {} for p in backward}
        keep: dict[bytes, list[bytes]] = {p: [] for p in kept}
        plans = {p: (fwd.get(p), bwd.get(p), keep.get(p)) for p in {*forward, *backward, *kept}}
        other: set[bytes] = set()
        for chunk in chunks:
            s, p, o = chunk.split(b" ", 2)
            plan = plans.get(p)
            if plan is None:
                other.add(p)
                continue
            objects, subjects, lines = plan
            if objects is not None:
                found = objects.get(s)
                if found is None:
                    objects[s] = [o]
                else:
                    found.append(o)
            if subjects is not None:
                found = subjects.get(o)
                if found is None:
                    subjects[o] = [s]
                else:
                    found.append(s)
            if lines is not None:
                lines.append(chunk)
        if any(not (p.startswith(b"<") and p.endswith(b">")) or b"\t" in p for p in other):
            raise ValueError("a predicate that is not an IRI")
        self.forward, self.backward, self.kept, self.chunks = fwd, bwd, keep, chunks

    @classmethod
    def parse(
        cls, data: bytes | str, forward: Collection[bytes], backward: Collection[bytes], kept: Collection[bytes]
    ) -> TriplesIndex:
        """Index N-Triples text (``forward``, ``backward`` and ``kept`` name the predicates to index).

        Text that is not lines as kg writes them is read with rdflib's N-Triples parser.

        Raises:
            InputError: The text is not N-Triples.
        """
        data = data.encode("utf-8") if isinstance(data, str) else data
        plain = _plain(data)
        if plain is not None:
            try:
                return cls(plain, forward, backward, kept)
            except ValueError:
                pass
        try:
            graph = Graph().parse(data=data, format="nt")
        except Exception as exc:  # rdflib's parser raises its own errors and ValueError alike
            raise InputError(f"not N-Triples: {exc}") from None
        return cls.of_graph(graph, forward, backward, kept)

    @classmethod
    def of_graph(
        cls, graph: Graph, forward: Collection[bytes], backward: Collection[bytes], kept: Collection[bytes]
    ) -> TriplesIndex:
        """Index an rdflib graph's triples, each term written as kg writes it."""
        from kg.write.rdf import Terms

        text = Terms(graph).nt
        chunks = "\n".join(f"{text(s)} {text(p)} {text(o)}" for s, p, o in graph).encode("utf-8")
        return cls(chunks.split(b"\n") if chunks else [], forward, backward, kept)

    def objects(self, predicate: bytes) -> dict[bytes, list[bytes]]:
        """Subject → objects of ``predicate`` (empty if it was not indexed forward)."""
        return self.forward.get(predicate, _EMPTY)

    def subjects(self, predicate: bytes) -> dict[bytes, list[bytes]]:
        """Object → subjects of ``predicate`` (empty if it was not indexed backward)."""
        return self.backward.get(predicate, _EMPTY)

    def reaching(self, predicate: bytes, term: bytes) -> set[bytes]:
        """``term`` and every term that reaches it by one or more ``predicate`` links (``?x predicate* term``)."""
        links = self.subjects(predicate)
        found, todo = {term}, [term]
        while todo:
            for subject in links.get(todo.pop(), ()):
                if subject not in found:
                    found.add(subject)
                    todo.append(subject)
        return found

    def matching(self, reads: Reads | None) -> list[bytes]:
        """The triples (``s p o`` texts) that queries reading ``reads`` can match (all for None)."""
        if reads is None:
            return self.chunks
        found: list[bytes] = []
        for predicate, objects in reads.items():
            if objects is None:
                found += self.kept.get(predicate, ())
                continue
            allowed: set[bytes] = set()
            for link, term in objects:
                allowed |= {term} if link is None else self.reaching(link, term)
            subjects = self.subjects(predicate)
            found += (b"%s %s %s" % (s, predicate, o) for o in sorted(allowed) for s in subjects.get(o, ()))
        return found


def _plain(data: bytes) -> list[bytes] | None:
    """The lines of ``data`` without their `` .`` if each is a triple as kg writes it, else None."""
    if not data:
        return []
    if not data.endswith(b" .\n") or data[:1] not in (b"<", b"_") or b"\r" in data:
        return None
    if b"\\" in data and any(escape[1] is not None for escape in _ESCAPED.finditer(data)):
        return None
    if _LINE_START.search(data):
        return None
    chunks = data.split(b" .\n")
    chunks.pop()
    return chunks if b"\n" not in b"".join(chunks) else None  # no line without " ." at its end
