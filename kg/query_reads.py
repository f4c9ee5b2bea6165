"""Which triples a SPARQL query can match: only those are loaded into a store to run it.

The compiled shapes (:mod:`kg.constraints`) run their SPARQL targets and constraints on a store
holding only the triples these queries can read (see :func:`query_reads`), which is a small part
of a graph; a query this reader does not follow reads every triple.
"""

from __future__ import annotations

import re

__all__ = ["Reads", "query_reads"]

#: The triples queries read: predicate → None (all its triples) or the objects it may have, each
#: ``(None, term)`` for that term or ``(link, term)`` for every term that reaches it by ``link*``.
Reads = dict[bytes, frozenset[tuple[bytes | None, bytes]] | None]


def query_reads(query: str, reads: Reads | None) -> Reads | None:
    """``reads`` with the triples the patterns of a SELECT query can match (None: any triple may be).

    A pattern with a property and an IRI object reads that property's triples with that object;
    ``property/link* IRI`` (as in ``a/rdfs:subClassOf* C``) those whose object reaches the IRI
    by ``link*``, and every ``link``; any other use of a property reads all its triples. A
    variable or negated property, or a part of SPARQL this reader does not follow (``BIND``,
    ``VALUES``, ``GRAPH``, sub-selects, ``[ ]`` and ``( )`` terms), reads all.
    """
    if reads is None:
        return None
    found: dict[bytes, set[tuple[bytes | None, bytes]] | None] = {
        p: set(o) if o is not None else None for p, o in reads.items()
    }
    try:
        _Query(query, found)
    except _UnreadError:
        return None
    return {p: frozenset(o) if o is not None else None for p, o in found.items()}


class _UnreadError(Exception):
    """A query this reader does not follow."""


#: SPARQL's tokens, roughly: enough to tell IRIs, prefixed names, variables, texts, words and marks apart.
_SPARQL = re.compile(
    r"""(?P<skip>\s+|\#[^\n]*)|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)|(?P<var>[?$]\w+)|(?P<text>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
    r"|(?P<name>(?:[A-Za-z][\w.-]*)?:(?:[\w%-](?:[\w.%-]*[\w%-])?)?|_:\w+)|(?P<word>[A-Za-z_]\w*|\d+(?:\.\d+)?)"
    r"|(?P<mark>\^\^|&&|\|\||[!<>]=|@[A-Za-z-]+|\S)"
)
_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class _Query:
    """A reading of a SELECT query that notes in ``found`` the triples its patterns can match."""

    def __init__(self, query: str, found: dict[bytes, set[tuple[bytes | None, bytes]] | None]) -> None:
        self.tokens = [(m.lastgroup or "", m.group()) for m in _SPARQL.finditer(query) if m.lastgroup != "skip"]
        self.tokens.append(("", ""))  # the end
        self.at, self.found, self.prefixes = 0, found, dict[str, str]()
        while self.word("PREFIX"):
            name, iri = self.take(), self.take()
            self.prefixes[name[1].rstrip(":")] = iri[1][1:-1]
        if not self.word("SELECT"):
            raise _UnreadError
        while self.peek() != "{" and not self.word("WHERE"):
            self.expression() if self.peek() == "(" else self.take()
        self.group()
        while self.peek() not in ("{", ""):  # solution modifiers
            self.expression() if self.peek() == "(" else self.take()
        if self.peek():
            raise _UnreadError

    def peek(self) -> str:
        return self.tokens[self.at][1]

    def take(self, mark: str = "") -> tuple[str, str]:
        """The next token (which must be ``mark``, if given)."""
        token = self.tokens[self.at]
        if not token[0] or (mark and token[1] != mark):
            raise _UnreadError
        self.at += 1
        return token

    def word(self, *words: str) -> bool:
        """Take the next token if it is one of these keywords."""
        found = self.tokens[self.at][0] == "word" and self.peek().upper() in words
        self.at += found
        return found

    def add(self, predicate: bytes, objects: tuple[bytes | None, bytes] | None = None) -> None:
        known = self.found.setdefault(predicate, set())
        if objects is None or known is None:
            self.found[predicate] = None
        else:
            known.add(objects)

    def group(self) -> None:
        self.take("{")
        while self.peek() != "}":
            if self.peek() == "{":
                self.group()
            elif self.peek() == ".":
                self.at += 1
            elif self.word("OPTIONAL", "MINUS", "UNION"):
                continue
            elif self.word("FILTER"):
                if self.word("NOT", "EXISTS"):
                    self.word("EXISTS")
                    self.group()
                    continue
                if self.peek() != "(":
                    self.take()  # a function's name
                self.expression()
            else:
                self.triples()
        self.take("}")

    def expression(self) -> None:
        """A parenthesized expression, and the patterns of the (NOT) EXISTS in it."""
        self.take("(")
        depth = 1
        while depth:
            if self.peek() == "{":
                self.group()
                continue
            mark = self.take()[1]
            depth += (mark == "(") - (mark == ")")

    def triples(self) -> None:
        """A subject and its properties."""
        self.term()
        while True:
            kind, properties = self.path()
            while True:
                obj = self.term()
                if kind == "iri" and obj is not None:
                    self.add(properties[0], (None, obj))
                elif kind == "link" and obj is not None:
                    self.add(properties[0], (properties[1], obj))
                    self.add(properties[1])
                else:
                    for prop in properties:
                        self.add(prop)
                if self.peek() != ",":
                    break
                self.at += 1
            while self.peek() == ";":
                self.at += 1
            if self.peek() in (".", "}", "{", "") or (self.tokens[self.at][0] == "word" and self.peek() != "a"):
                return  # the end of the pattern, or a keyword

    def path(self) -> tuple[str, list[bytes]]:
        """A verb: ``iri`` (one property), ``link`` (``p/q*``) or ``other``, and the properties it follows."""
        steps: list[tuple[str, bytes]] = []
        while True:
            inverse = "^" if self.peek() == "^" and self.take() else ""
            steps.append((inverse, self.iri()))
            if self.peek() in ("*", "+", "?"):
                steps[-1] = (steps[-1][0] + self.take()[1], steps[-1][1])
            if self.peek() not in ("/", "|"):
                break
            steps[-1] = (steps[-1][0] + self.take()[1], steps[-1][1])
        kinds = [kind for kind, _ in steps]
        return "iri" if kinds == [""] else "link" if kinds == ["/", "*"] else "other", [p for _, p in steps]

    def iri(self) -> bytes:
        kind, text = self.take()
        if kind == "word" and text == "a":
            return _TYPE
        if kind == "iri":
            return text.encode()
        prefix, _, local = text.partition(":")
        if kind != "name" or prefix not in self.prefixes:
            raise _UnreadError  # a variable, a negated or grouped path, a blank node, an unknown prefix
        return f"<{self.prefixes[prefix]}{local}>".encode()

    def term(self) -> bytes | None:
        """A subject or object: its text if an IRI, else None."""
        kind, text = self.tokens[self.at]
        if kind == "iri" or (kind == "name" and not text.startswith("_:")):
            return self.iri()
        self.take()
        if kind == "text" and self.peek() == "^^":
            self.at += 1
            self.iri()
        elif kind == "text" and self.peek().startswith("@"):
            self.at += 1
        elif not (
            kind in ("var", "text", "name") or (kind == "word" and (text[0].isdigit() or text in ("true", "false")))
        ):
            raise _UnreadError  # a keyword this reader does not follow, or a [ ] or ( ) term
        return None
