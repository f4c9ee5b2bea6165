"""Write a graph to Turtle, N-Triples and JSON-LD: deterministic bytes, atomic files.

Each format is written from one pass over the triples and a sort, each term's text worked out
once, so writing time grows with the graph (rdflib's own Turtle and JSON-LD writers grow faster).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.builder.collector import collector_paused
from kg.errors import InputError

__all__ = [
    "FORMATS",
    "Terms",
    "indented",
    "jsonld",
    "ntriples_lines",
    "prefix_header",
    "serialize",
    "turtle_blocks",
    "write_all",
]

#: Characters an IRI may not hold in N-Triples, Turtle or JSON-LD (besides controls and spaces).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')
#: A local name written after a prefix: a safe subset of Turtle's PN_LOCAL.
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_TYPE = f"<{RDF.type}>"  # rdf:type in N-Triples, written "a" as a predicate


def _ntriples(graph: Graph) -> str:
    """One line per triple, sorted: the same bytes as rdflib's N-Triples writer, sorted, in linear passes."""
    return "".join(ntriples_lines(graph))


def ntriples_lines(graph: Graph, terms: Terms | None = None) -> list[str]:
    """The graph's N-Triples lines, sorted: what ``kg.nt`` holds, and what N-Quads and validation start from."""
    term = (terms or Terms(graph)).nt
    with collector_paused():
        return sorted({f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in graph})


def _turtle(graph: Graph) -> str:
    """Subjects in N-Triples order, ``a`` first, then predicates and objects in N-Triples order."""
    terms = Terms(graph)
    blocks = turtle_blocks(graph, terms)
    return prefix_header(terms) + "\n" + "\n".join(blocks)


def prefix_header(terms: Terms) -> str:
    """The ``@prefix`` lines of the prefixes ``terms`` has written, sorted."""
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(terms.used))


def turtle_blocks(graph: Graph, terms: Terms) -> list[str]:
    """One Turtle block per subject (see :func:`_turtle`), written with ``terms``."""
    subjects: dict[str, dict[str, list[str]]] = {}
    for s, p, o in graph:
        subjects.setdefault(terms.nt(s), {}).setdefault(terms.nt(p), []).append(terms.nt(o))
    blocks = []
    for subject in sorted(subjects):
        predicates = subjects[subject]
        lines = [
            ("a " if predicate == _TYPE else f"{terms.turtle(predicate)} ")
            + ",\n        ".join(terms.turtle(o) for o in sorted(predicates[predicate]))
            for predicate in sorted(predicates, key=lambda p: (p != _TYPE, p))
        ]
        blocks.append(f"{terms.turtle(subject)} " + " ;\n    ".join(lines) + " .\n")
    return blocks


def jsonld(graph: Graph) -> str:
    """Expanded JSON-LD: one node object per subject, ``@type`` for classes, every array sorted.

    Arrays are sorted by their items' JSON text (kg writes no ``@list``, so array order carries
    no meaning), nodes by their ``@id``; each node is written on its own, as the whole list
    would be written with ``json.dumps(indent=2, sort_keys=True)``.
    """
    terms = Terms(graph)
    subjects: dict[str, dict[str, list[object]]] = {}
    for s, p, o in graph:
        key = "@type" if p == RDF.type else terms.json_id(p)
        subjects.setdefault(terms.json_id(s), {}).setdefault(key, []).append(o)
    if not subjects:
        return "[]\n"
    texts = []
    for ident in sorted(subjects, key=_json_text):  # the order of the nodes' own JSON text, which opens with @id
        node: dict[str, Any] = {"@id": ident}
        for key, objects in subjects[ident].items():
            values = [
                terms.json_id(o) if key == "@type" and isinstance(o, URIRef) else terms.json_value(o) for o in objects
            ]
            node[key] = sorted(values, key=_json_text)
        texts.append("  " + indented(node, "  "))
    return "[\n" + ",\n".join(texts) + "\n]\n"


def indented(value: object, margin: str = "") -> str:
    """``value`` as ``json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)`` writes it.

    Lines after the first are indented by ``margin``. The text is the same, without the
    pure-Python encoder that ``indent`` selects (a third of a build's writing time).
    """
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = margin + "  "
        items = (f"{inner}{_scalar(k)}: {indented(v, inner)}" for k, v in sorted(value.items()))
        return "{\n" + ",\n".join(items) + f"\n{margin}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = margin + "  "
        return "[\n" + ",\n".join(f"{inner}{indented(v, inner)}" for v in value) + f"\n{margin}]"
    return _scalar(value)


#: ``json.dumps(..., ensure_ascii=False)`` builds an encoder on every call; one is enough.
_ENCODER = json.JSONEncoder(ensure_ascii=False)
_KEY_ENCODER = json.JSONEncoder(sort_keys=True)
_STRING: Any = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.encode_basestring


def _scalar(value: object) -> str:
    return str(_STRING(value)) if type(value) is str else _ENCODER.encode(value)


def _json_text(value: object) -> str:
    return _KEY_ENCODER.encode(value)


class Terms:
    """Each term's text in N-Triples, Turtle and JSON-LD, worked out once per term.

    Turtle abbreviates an IRI to ``prefix:local`` when the part after its last ``/`` or ``#``
    is a plain name and what comes before is a namespace bound on the graph; :attr:`used`
    collects the prefixes written, so the header declares exactly those.
    """

    def __init__(self, graph: Graph) -> None:
        names: dict[str, str] = {}
        for prefix, namespace in sorted(graph.namespaces(), reverse=True):
            names[str(namespace)] = prefix  # the first prefix in sort order wins a shared namespace
        self._prefixes = names
        self._nt: dict[object, str] = {}
        self._turtle: dict[str, str] = {}
        self.used: set[tuple[str, str]] = set()

    def forget(self) -> None:
        """Drop the cached forms of terms (keeping the prefixes used), so memory does not grow across graphs."""
        self._nt.clear()
        self._turtle.clear()

    def nt(self, term: object) -> str:
        """The N-Triples form of ``term`` (as rdflib writes it)."""
        text = self._nt.get(term)
        if text is None:
            text = self._nt[term] = _nt_term(term)
        return text

    def turtle(self, nt: str) -> str:
        """The Turtle form of a term given in N-Triples form."""
        text = self._turtle.get(nt)
        if text is None:
            text = self._turtle[nt] = self._abbreviated(nt)
        return text

    def _abbreviated(self, nt: str) -> str:
        if nt.startswith("<"):
            return self._pname(nt[1:-1])
        if nt.startswith('"') and nt.endswith(">") and '"^^<' in nt:
            lexical, datatype = nt.rsplit("^^<", 1)
            return f"{lexical}^^{self._pname(datatype[:-1])}"
        return nt

    def _pname(self, iri: str) -> str:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self._prefixes.get(iri[:cut]) if cut else None
        if prefix is None or not _LOCAL.match(iri, cut):
            return f"<{iri}>"
        self.used.add((prefix, iri[:cut]))
        return f"{prefix}:{iri[cut:]}"

    def json_id(self, term: object) -> str:
        """A subject, predicate or IRI object as JSON-LD writes it in ``@id`` (an IRI or ``_:label``)."""
        return self.nt(term)[1:-1] if isinstance(term, URIRef) else self.nt(term)

    def json_value(self, term: object) -> dict[str, str]:
        """An object as an expanded JSON-LD value: ``@id``, or ``@value`` with ``@type`` or ``@language``."""
        if isinstance(term, Literal):
            if term.datatype is not None:
                return {"@type": str(term.datatype), "@value": str(term)}
            if term.language:
                return {"@language": term.language, "@value": str(term)}
            return {"@value": str(term)}
        return {"@id": self.json_id(term)}


def _nt_term(term: object) -> str:
    if isinstance(term, URIRef):
        if _NOT_IN_IRI.search(term):
            raise InputError(f'<{term}> is not an IRI that can be written (it holds a space or one of <>"{{}}|\\^`)')
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
        quoted = f'"{text}"'
        if term.language:
            return f"{quoted}@{term.language}"
        return f"{quoted}^^{_nt_term(term.datatype)}" if term.datatype is not None else quoted
    raise InputError(f"{term!r} is not an RDF term")


#: Output formats: name → (file suffix, serializer).
FORMATS: dict[str, tuple[str, Callable[[Graph], str]]] = {
    "ttl": (".ttl", _turtle),
    "nt": (".nt", _ntriples),
    "jsonld": (".jsonld", jsonld),
}


def serialize(graph: Graph, fmt: str) -> str:
    """Serialize ``graph`` to one of :data:`FORMATS`, the same text for the same graph on every run.

    Args:
        graph: The graph.
        fmt: ``ttl``, ``nt`` or ``jsonld``.

    Returns:
        The serialized text.
    """
    with collector_paused():
        return FORMATS[fmt][1](graph)


def write_all(
    graph: Graph,
    out_dir: str | Path,
    stem: str = "kg",
    formats: Sequence[str] = tuple(FORMATS),
    extra: Mapping[str, bytes] | None = None,
) -> list[Path]:
    """Write ``graph`` in each format as ``out_dir/stem.<suffix>``, all or nothing.

    Every target is checked before anything is written, each file is written in full to a
    temporary file beside its target, and only then are they renamed into place, so a failure
    or an interruption leaves the old outputs untouched and no temporary file behind (see
    :func:`kg.write.outputs.write_files`).

    Args:
        graph: The graph.
        out_dir: The directory (created if missing).
        stem: File name without suffix.
        formats: Which of :data:`FORMATS` to write.
        extra: Other files to write in the same set, by file name (e.g. a report beside the graph).

    Returns:
        The paths written, in the order of ``formats``, then ``extra``.

    Raises:
        InputError: The folder or a target cannot be written; nothing has changed.
    """
    from kg.write.outputs import make_folder, write_files

    out = Path(out_dir)
    make_folder(out)

    def writer(fmt: str) -> Callable[[BinaryIO], None]:
        def write(handle: BinaryIO) -> None:
            handle.write(serialize(graph, fmt).encode("utf-8"))

        return write

    def constant(data: bytes) -> Callable[[BinaryIO], None]:
        def write(handle: BinaryIO) -> None:
            handle.write(data)

        return write

    files = {out / f"{stem}{FORMATS[fmt][0]}": writer(fmt) for fmt in formats}
    files.update({out / name: constant(data) for name, data in (extra or {}).items()})
    return write_files(files)
