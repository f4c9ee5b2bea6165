"""Read any supported article file, its format detected from its content.

A file whose first element is ``<article>`` or ``<articles>`` is JATS XML (one article per
``<article>``); any other XML is refused; everything else is read as a Markdown report,
with its references in a BibTeX file: ``--bib``, else ``<stem>.bib`` beside the report,
else the folder's ``references.bib``.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, where
from kg.records import Article

__all__ = ["HEAD_BYTES", "detect_format", "read_articles"]

#: How much of a file is read to tell its format.
HEAD_BYTES = 4096


def detect_format(path: str | Path) -> str:
    """The format of an article file: ``"jats"`` or ``"markdown"``.

    Raises:
        InputError: The file cannot be read, or it is XML but not a JATS article.
    """
    path = Path(path)
    try:
        if not path.is_file():
            what = "file not found" if not path.exists() else "not a regular file"
            raise InputError(f"{where(path)}: {what}")
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"{where(path)}: cannot read: {exc.strerror or exc}") from None
    if not head:
        raise InputError(f"{where(path)}: the file is empty")
    utf16 = head[:2] in (b"\xff\xfe", b"\xfe\xff")
    if b"\x00" in head and not utf16:
        raise InputError(f"{where(path)}: binary data, not an article (JATS XML or a Markdown report)")
    if not utf16 and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "markdown"
    from kg.readers.jats import is_jats

    if is_jats(head):
        return "jats"
    raise InputError(f"{where(path, 1)}: XML, but not a JATS article (its root must be <article> or <articles>)")


def read_articles(path: str | Path, bibliography: str | Path | None = None) -> tuple[Article, ...]:
    """Read an article file of any supported format.

    Args:
        path: A JATS XML file (which may hold several articles) or a Markdown report.
        bibliography: The BibTeX file of a Markdown report (default: see
            :func:`kg.readers.markdown.bibliography_for`).

    Returns:
        Its articles, in file order (a Markdown report is one article).

    Raises:
        KGError: The file cannot be read, its format is not supported, or it is malformed.
    """
    path = Path(path)
    if detect_format(path) == "jats":
        if bibliography is not None:
            raise InputError(f"{where(path)}: a JATS article holds its own reference list; --bib is for Markdown")
        from kg.readers.jats import read_jats

        articles: tuple[Article, ...] = read_jats(path)
        return articles
    from kg.readers.markdown import read_markdown

    return (read_markdown(path, bibliography),)
