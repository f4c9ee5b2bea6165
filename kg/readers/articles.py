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

__all__ = ["ARTICLE_SUFFIXES", "HEAD_BYTES", "detect_format", "find_articles", "read_articles"]

#: How much of a file is read to tell its format.
HEAD_BYTES = 4096
#: File suffixes a folder is searched for.
ARTICLE_SUFFIXES = frozenset({".xml", ".nxml", ".md"})


def find_articles(folder: str | Path) -> list[Path]:
    """The articles in a folder and its subfolders, in path order.

    A ``.nxml`` file (PubMed Central's JATS) is always taken, so a broken one is reported rather
    than passed over; a ``.xml`` file unless it is well-formed-looking XML of another kind (a
    config file, an SVG); a ``.md`` file when it has a bibliography beside it (``<stem>.bib`` or
    ``references.bib``), so a README is not taken for a report. Hidden files and folders are
    left out.

    Raises:
        InputError: The folder cannot be read.
    """
    from kg.readers.jats import is_jats

    root = Path(folder)
    try:
        candidates = sorted(p for p in root.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
    except OSError as exc:
        raise InputError(f"{where(root)}: cannot read the folder: {exc.strerror or exc}") from None
    found = []
    for path in candidates:
        if any(part.startswith(".") for part in path.relative_to(root).parts) or not path.is_file():
            continue
        if path.suffix.lower() == ".md":
            if path.with_suffix(".bib").is_file() or path.with_name("references.bib").is_file():
                found.append(path)
            continue
        try:
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
        except OSError:
            found.append(path)  # reading it again names the problem
            continue
        if path.suffix.lower() == ".nxml" or is_jats(head) or not _looks_like_xml(head):
            found.append(path)
    return found


def _looks_like_xml(head: bytes) -> bool:
    """Whether a file's first bytes open an XML document (after a byte order mark and white space)."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(bom)
    return head.lstrip()[:1] == b"<" or head.lstrip(b"\x00 \t\r\n")[:1] == b"<"


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
