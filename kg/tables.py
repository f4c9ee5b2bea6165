"""Write rows as an aligned table, JSON, CSV or TSV: the output formats of the query and lookup commands."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

__all__ = ["LOOKUP_FORMATS", "QUERY_FORMATS", "format_records", "format_result"]

#: Formats of ``kg query``: SPARQL 1.1 results in JSON, CSV and TSV, or a terminal table.
QUERY_FORMATS = ("table", "json", "csv", "tsv")
#: Formats of the lookups (``kg cites``, ``kg sources``).
LOOKUP_FORMATS = ("table", "json", "csv")


def format_result(result: Any, fmt: str) -> str:
    """Format a SPARQL result.

    ``json``, ``csv`` and ``tsv`` are the SPARQL 1.1 Query Results formats; ``table`` aligns
    the values (IRIs and literals as plain text) under their variable names.

    Args:
        result: An rdflib SELECT (or ASK) result.
        fmt: One of :data:`QUERY_FORMATS`.

    Returns:
        The formatted text, ending in a newline.
    """
    if fmt == "tsv":
        return _tsv(result)
    if fmt != "table":
        data = result.serialize(format=fmt)
        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
        return text if text.endswith("\n") else text + "\n"
    if result.type == "ASK":
        return f"{str(bool(result.askAnswer)).lower()}\n"
    columns = [str(v) for v in result.vars]
    rows = [["" if row[i] is None else str(row[i]) for i in range(len(columns))] for row in result]
    return _table(columns, rows)


def format_records(records: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Format lookup results.

    Args:
        records: One mapping per row.
        columns: The keys to show, in order (``json`` keeps every key).
        fmt: One of :data:`LOOKUP_FORMATS`.

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


def _tsv(result: Any) -> str:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in Turtle syntax, numbers and booleans bare."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    bare = {XSD.integer, XSD.decimal, XSD.boolean}
    columns = list(result.vars)
    lines = ["\t".join(f"?{v}" for v in columns)]
    for row in result:
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, Literal) and value.datatype in bare:
                cells.append(str(value))
            else:
                cells.append(value.n3().replace("\t", "\\t").replace("\n", "\\n"))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _table(columns: list[str], rows: list[list[str]]) -> str:
    rows = [[cell.replace("\n", " ") for cell in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"
