"""Write query results and lookup rows as a table, JSON, CSV or TSV (or RDF, for CONSTRUCT and DESCRIBE)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from kg.formats import GRAPH_FORMATS, LOOKUP_FORMATS, QUERY_FORMATS, RESULT_FORMATS

__all__ = ["LOOKUP_FORMATS", "QUERY_FORMATS", "default_format", "format_records", "format_result"]

#: Names of the SPARQL 1.1 result forms that give a graph rather than rows.
GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})


def default_format(result: Any) -> str:
    """The format a result is written in when none is asked for: a table, or Turtle for a graph."""
    return "ttl" if result.type in GRAPH_FORMS else "table"


def format_result(result: Any, fmt: str) -> str:
    """Format a SPARQL result of any query form.

    SELECT: ``json``, ``csv`` and ``tsv`` are the SPARQL 1.1 Query Results formats; ``table``
    aligns the values (IRIs and literals as plain text) under their variable names. ASK: its
    boolean in each of those (``true`` in a table; ``_askResult`` as the column of CSV and TSV).
    CONSTRUCT and DESCRIBE: the graph as Turtle, N-Triples or JSON-LD, written as a build is.

    Args:
        result: An rdflib query result.
        fmt: One of :data:`~kg.formats.QUERY_FORMATS`.

    Returns:
        The formatted text, ending in a newline.

    Raises:
        QueryError: The format does not fit the query form (rows as RDF, a graph as CSV).
    """
    from kg.queries.sparql import QueryError

    if result.type in GRAPH_FORMS:
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"{result.type} queries give a graph: use --format {', '.join(GRAPH_FORMATS)}")
        from kg.write.rdf import serialize

        return serialize(result.graph, fmt)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"{result.type} queries give rows, not a graph: use --format {', '.join(RESULT_FORMATS)}")
    if result.type == "ASK":
        return _ask(bool(result.askAnswer), fmt)
    if fmt == "tsv":
        return _tsv(result)
    if fmt != "table":
        data = result.serialize(format=fmt)
        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
        return text if text.endswith("\n") else text + "\n"
    columns = [str(v) for v in result.vars]
    rows = [["" if row[c] is None else str(row[c]) for c in columns] for row in result]  # by name, not position
    return _table(columns, rows)


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
        return json.dumps(list(records), indent=2, ensure_ascii=False) + "\n"
    rows = [["" if r.get(c) is None else str(r[c]) for c in columns] for r in records]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue()
    return _table(list(columns), rows)


def _ask(answer: bool, fmt: str) -> str:
    value = str(answer).lower()
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}) + "\n"
    if fmt == "csv":
        return f"_askResult\r\n{value}\r\n"
    if fmt == "tsv":
        return f"?_askResult\n{value}\n"
    return f"{value}\n"


def _tsv(result: Any) -> str:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in Turtle syntax, numbers and booleans bare."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    bare = {XSD.integer, XSD.decimal, XSD.boolean}
    columns = list(result.vars)
    lines = ["\t".join(f"?{v}" for v in columns)]
    for row in result:
        cells = []
        for value in (row[v] for v in columns):
            if value is None:
                cells.append("")
            elif isinstance(value, Literal) and value.datatype in bare:
                cells.append(str(value))
            else:
                cells.append(value.n3().replace("\t", "\\t").replace("\n", "\\n"))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _table(columns: list[str], rows: list[list[str]]) -> str:
    rows = [[" ".join(cell.splitlines()).replace("\t", " ") for cell in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"
