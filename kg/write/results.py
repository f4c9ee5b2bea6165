"""Write query results and lookup rows as a table, JSON, CSV or TSV (or RDF, for CONSTRUCT and DESCRIBE)."""

from __future__ import annotations

from kg.formats import GRAPH_FORMATS, LOOKUP_FORMATS, QUERY_FORMATS, RESULT_FORMATS

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence
    from typing import Any

    from kg.stores.store import Answer

__all__ = [
    "LOOKUP_FORMATS",
    "QUERY_FORMATS",
    "default_format",
    "format_records",
    "format_result",
    "printable",
    "terminal_safe",
]

#: Names of the SPARQL 1.1 result forms that give a graph rather than rows.
GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})
_XSD = "http://www.w3.org/2001/XMLSchema#"


def default_format(answer: Answer) -> str:
    """The format an answer is written in when none is asked for: a table, or Turtle for a graph."""
    return "ttl" if answer.form in GRAPH_FORMS else "table"


def format_result(answer: Answer, fmt: str) -> str:
    """Format the answer of a query of any form.

    SELECT: ``json``, ``csv`` and ``tsv`` are the SPARQL 1.1 Query Results formats; ``table``
    aligns the values (IRIs and literals as plain text) under their variable names. ASK: its
    boolean in each of those (``true`` in a table; ``_askResult`` as the column of CSV and TSV).
    CONSTRUCT and DESCRIBE: the graph as Turtle, N-Triples or JSON-LD, written as a build is.

    Args:
        answer: The answer of :func:`kg.queries.sparql.run_query`.
        fmt: One of :data:`~kg.formats.QUERY_FORMATS`.

    Returns:
        The formatted text, ending in a newline.

    Raises:
        QueryError: The format does not fit the query form (rows as RDF, a graph as CSV).
    """
    from kg.queries.sparql import QueryError

    if answer.form in GRAPH_FORMS:
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"{answer.form} queries give a graph: use --format {', '.join(GRAPH_FORMATS)}")
        return _graph(answer, fmt)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"{answer.form} queries give rows, not a graph: use --format {', '.join(RESULT_FORMATS)}")
    if answer.form == "ASK":
        return _ask(bool(answer.boolean), fmt)
    if fmt == "tsv":
        return _tsv(answer)
    if fmt == "json":
        return _json(answer)
    rows = [["" if t is None else _plain(t) for t in row] for row in answer.rows]
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(answer.variables)
        writer.writerows(rows)
        return out.getvalue()
    return _table(list(answer.variables), rows)


def _plain(term: Any) -> str:
    """A term as CSV and tables show it: an IRI or literal as its value, a blank node as ``_:id``."""
    return f"_:{term.value}" if type(term).__name__ == "BlankNode" else str(term.value)


def _json(answer: Answer) -> str:
    """SPARQL 1.1 Query Results JSON."""
    import json

    from pyoxigraph import BlankNode, NamedNode

    bindings = []
    for row in answer.rows:
        solution: dict[str, dict[str, str]] = {}
        for name, term in zip(answer.variables, row, strict=True):
            if term is None:
                continue
            if isinstance(term, NamedNode):
                solution[name] = {"type": "uri", "value": term.value}
            elif isinstance(term, BlankNode):
                solution[name] = {"type": "bnode", "value": term.value}
            else:
                solution[name] = {"type": "literal", "value": term.value}
                if term.language:
                    solution[name]["xml:lang"] = term.language
                elif term.datatype.value != _XSD + "string":
                    solution[name]["datatype"] = term.datatype.value
        bindings.append(solution)
    document = {"head": {"vars": list(answer.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _graph(answer: Answer, fmt: str) -> str:
    """The triples of a CONSTRUCT or DESCRIBE answer, written as a build writes its graph."""
    from pyoxigraph import RdfFormat, serialize
    from rdflib import Graph

    from kg.write.rdf import serialize as write

    graph = Graph()
    data = serialize(answer.triples, format=RdfFormat.N_TRIPLES) or b""
    graph.parse(data=data.decode("utf-8"), format="nt")
    return write(graph, fmt)


def format_records(records: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Format lookup results.

    Args:
        records: One mapping per row.
        columns: The keys to show, in order (``json`` keeps every key).
        fmt: One of :data:`~kg.formats.LOOKUP_FORMATS`.

    Returns:
        The formatted text: an aligned table, a JSON array of objects, or CSV with a header.
    """
    if fmt == "json":
        import json

        return json.dumps(list(records), indent=2, ensure_ascii=False) + "\n"
    rows = [["" if r.get(c) is None else str(r[c]) for c in columns] for r in records]
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue()
    return _table(list(columns), rows)


def _ask(answer: bool, fmt: str) -> str:
    value = str(answer).lower()
    if fmt == "json":
        import json

        return json.dumps({"head": {}, "boolean": answer}) + "\n"
    if fmt == "csv":
        return f"_askResult\r\n{value}\r\n"
    if fmt == "tsv":
        return f"?_askResult\n{value}\n"
    return f"{value}\n"


def _tsv(answer: Answer) -> str:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in N-Triples syntax, numbers and booleans bare."""
    from pyoxigraph import Literal

    bare = {_XSD + "integer", _XSD + "decimal", _XSD + "boolean"}
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    for row in answer.rows:
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, Literal) and value.datatype.value in bare:
                cells.append(value.value)
            else:
                cells.append(str(value).replace("\t", "\\t").replace("\n", "\\n"))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


#: Control characters but tab and line breaks, as the escapes a terminal shows instead of obeying them.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\r"}


def terminal_safe(text: str) -> str:
    """``text`` (any output format) with its control characters escaped, lines and tabs kept."""
    return text.translate(_CONTROLS)


def printable(text: str) -> str:
    r"""``text`` for a terminal: line breaks and tabs as spaces, other control characters escaped (``\x1b``).

    Article text is untrusted: an escape sequence in a title must not reach the terminal (it could
    recolour it or set its title).
    """
    if text.isprintable():
        return text
    flat = " ".join(text.splitlines()).replace("\t", " ")
    return "".join(c if c.isprintable() or c == " " else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                   for c in flat)  # fmt: skip


def _table(columns: list[str], rows: list[list[str]]) -> str:
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"
