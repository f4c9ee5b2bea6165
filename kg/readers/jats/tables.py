"""Tables: which elements of a ``<table>`` (or ``<array>``) are read as blocks.

Each row (``<tr>``) is one block of kind ``table-row``: its cells' texts in order, set apart by
one space where the source has nothing between them (a space that maps to no character of
the source). A table nested in a cell is left out of that row's text; its own rows are read
after the row, as blocks of their own.
Markup without rows still gives text: cells outside any row are blocks of kind
``table-cell``, and a table with neither rows nor cells is one block of kind ``table``.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["CELLS", "TABLES", "cell_of", "outer_tables", "table_blocks"]

#: Elements that hold rows and cells of their own.
TABLES = frozenset({"table", "array"})
#: Table cells.
CELLS = frozenset({"td", "th"})


def table_blocks(table: etree._Element) -> list[tuple[etree._Element, str]]:
    """The elements of a table to read as blocks, with their paragraph kind, in document order.

    Args:
        table: A ``<table>`` or ``<array>`` element.

    Returns:
        Its own rows (not those of a table nested in a cell), then any cells outside a row;
        or, failing both, the table itself.
    """
    blocks: list[tuple[etree._Element, str]] = []
    for element in table.iter("tr", "td", "th"):
        if element is table or _owner(element) is not table:
            continue
        if element.tag == "tr":
            blocks.append((element, "table-row"))
        elif not any(a.tag == "tr" for a in _ancestors(element, table)):
            blocks.append((element, "table-cell"))
    return blocks or [(table, "table")]


def outer_tables(container: etree._Element) -> list[etree._Element]:
    """The tables in ``container`` that are not nested in another table's cell."""
    return [t for t in container.iter("table") if not any(a.tag in CELLS for a in _ancestors(t, container))]


def cell_of(element: etree._Element) -> etree._Element | None:
    """The nearest table cell around ``element`` (``None`` outside a table)."""
    parent = element.getparent()
    while parent is not None and parent.tag not in CELLS:
        parent = parent.getparent()
    return parent


def _owner(element: etree._Element) -> etree._Element | None:
    """The nearest table or array around ``element``."""
    parent = element.getparent()
    while parent is not None and parent.tag not in TABLES:
        parent = parent.getparent()
    return parent


def _ancestors(element: etree._Element, stop: etree._Element) -> list[etree._Element]:
    """The elements between ``element`` and ``stop`` (both excluded), innermost first."""
    found: list[etree._Element] = []
    parent = element.getparent()
    while parent is not None and parent is not stop:
        found.append(parent)
        parent = parent.getparent()
    return found
