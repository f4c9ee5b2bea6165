"""Read JATS XML (PubMed Central's format) into :class:`~kg.records.Article` records.

:func:`read_jats` reads a file, :func:`parse_jats` bytes; both return one article per
``<article>`` (a file with an ``<articles>`` wrapper holds several). :func:`is_jats` tells a
JATS document from its first bytes. Parsing is safe: nothing is fetched or expanded (see
:mod:`kg.readers.jats.parsing`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kg.errors import InputError, where
from kg.readers.jats.article import read_article
from kg.readers.jats.fields import line_of
from kg.readers.jats.parsing import is_jats, parse_xml
from kg.records import Article

__all__ = ["is_jats", "parse_jats", "read_jats"]


def read_jats(path: str | Path) -> tuple[Article, ...]:
    """Read a JATS XML file.

    Args:
        path: The file.

    Returns:
        Its articles, in document order.

    Raises:
        InputError: The file cannot be read, or it is not a usable JATS document (see
            :func:`parse_jats`).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{where(path)}: cannot read the file: {error.strerror or error}") from None
    return parse_jats(data, path)


def parse_jats(data: bytes, path: str | Path = "<string>") -> tuple[Article, ...]:
    """Parse a JATS XML document.

    Args:
        data: The document's bytes.
        path: Where it came from; recorded in the articles and used in messages.

    Returns:
        One article per ``<article>``; ids a file repeats get ``-2``, ``-3``... appended.

    Raises:
        InputError: The document is unsafe or not well-formed XML, its root is not ``article``
            or ``articles``, or an article has no ``<body>`` or no reference list.
    """
    path = Path(path)
    tree = parse_xml(data, path)
    root = tree.getroot()
    elements = [root] if root.tag == "article" else root.findall("article")
    if not elements:
        raise InputError(f"{where(path, line_of(root))}: <articles> holds no <article>")
    articles: list[Article] = []
    used: dict[str, int] = {}
    for element in elements:
        article = read_article(element, tree, path)
        count = used.get(article.id, 0) + 1
        used[article.id] = count
        if count > 1:
            article = replace(article, id=f"{article.id}-{count}")
        articles.append(article)
    return tuple(articles)
