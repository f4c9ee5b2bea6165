"""Read a BibTeX file into plain :class:`~kg.records.BibEntry` records."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import InputError, where
from kg.readers.markdown_records import BibEntry
from kg.readers.text import read_text
from kg.records import Person

__all__ = ["parse_bibliography", "read_bibliography"]

_REQUIRED = ("author", "title", "year")
_YEAR = re.compile(r"^\d{4}$")
#: The value of a field whose text is an identifier, not LaTeX: ``doi = {10.1000/a%20b}``.
_LITERAL_FIELD = re.compile(r"(\b(?:doi|url|eprint)\s*=\s*[{\"])([^}\"\n]*)", re.I)


def _literal_percent(text: str) -> str:
    """Escape ``%`` in DOI and URL fields, which LaTeX decoding would take for a comment and cut off there."""
    return _LITERAL_FIELD.sub(lambda m: m.group(1) + re.sub(r"(?<!\\)%", r"\\%", m.group(2)), text)


@contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """Silence bibtexparser's own log lines: kg reports the failed blocks itself."""
    logger = logging.getLogger("bibtexparser")
    previous = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(previous)


def read_bibliography(path: str | Path) -> list[BibEntry]:
    """Read a BibTeX file.

    Args:
        path: The ``.bib`` file, UTF-8.

    Returns:
        The entries in file order.

    Raises:
        InputError: The file is missing, not UTF-8, empty, or has a malformed or duplicate
            entry, or an entry without author, title or year. The message names the line
            and key.
    """
    path = Path(path)
    return parse_bibliography(read_text(path), path)


def parse_bibliography(text: str, path: str | Path = "<string>") -> list[BibEntry]:
    """Parse BibTeX text; ``path`` is only used in error messages.

    Args:
        text: The BibTeX source.
        path: Where the text came from.

    Returns:
        The entries in source order.

    Raises:
        InputError: As for :func:`read_bibliography`.
    """
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
    from bibtexparser.model import DuplicateBlockKeyBlock, MiddlewareErrorBlock

    with _quiet_bibtexparser():
        library = bibtexparser.parse_string(  # type: ignore[attr-defined]
            _literal_percent(text), append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()]
        )
    for block in sorted(library.failed_blocks, key=lambda b: b.start_line or 0):
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = library.entries_dict[block.key].start_line
            raise InputError(
                f"{where(path, line)}: duplicate BibTeX key '{block.key}' (first defined on line {(first or 0) + 1})"
            )
        key = _key_of(block.raw or "")
        if isinstance(block, MiddlewareErrorBlock):
            raise InputError(f"{where(path, line)}: entry '{key}': {block.error}")
        raise InputError(f"{where(path, line)}: malformed BibTeX entry '{key}': {_reason(block)}")
    if not library.entries:
        raise InputError(f"{where(path)}: no BibTeX entries found")
    entries = [_entry(e, path) for e in library.entries]
    seen: dict[str, BibEntry] = {}
    for entry in entries:  # BibTeX compares keys without regard to case
        earlier = seen.setdefault(entry.key.casefold(), entry)
        if earlier is not entry:
            raise InputError(
                f"{where(path, entry.line)}: BibTeX key '{entry.key}' is '{earlier.key}' (line {earlier.line}) "
                "in another case; BibTeX keys ignore case"
            )
    return entries


def _key_of(raw: str) -> str:
    match = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]*)", raw)
    return match.group(1) if match and match.group(1) else "?"


def _reason(block: object) -> str:
    error = getattr(block, "error", None)
    message = getattr(error, "abort_reason", None) or str(error or "")
    return message.strip().rstrip(".") or "could not be parsed"


def _entry(entry: object, path: str | Path) -> BibEntry:
    from bibtexparser.model import Entry

    assert isinstance(entry, Entry)
    line = (entry.start_line or 0) + 1
    if not entry.key.strip():
        raise InputError(f"{where(path, line)}: entry has no key (write @{entry.entry_type}{{somekey2024, ...)")
    fields = {f.key.lower(): f.value for f in entry.fields}
    missing = [name for name in _REQUIRED if not fields.get(name)]
    if missing:
        raise InputError(f"{where(path, line)}: entry '{entry.key}' has no {', '.join(missing)}")
    year = str(fields["year"]).strip()
    if not _YEAR.match(year):
        raise InputError(f"{where(path, line)}: entry '{entry.key}' has year '{year}', expected four digits")
    authors, et_al = _people(fields["author"])
    if not authors:
        raise InputError(f"{where(path, line)}: entry '{entry.key}' has no author")

    def opt(name: str) -> str | None:
        value = fields.get(name)
        return _clean(str(value)) if value else None

    return BibEntry(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        line=line,
        title=_clean(str(fields["title"])),
        year=int(year),
        authors=authors,
        et_al=et_al,
        journal=opt("journal"),
        volume=opt("volume"),
        number=opt("number"),
        pages=opt("pages"),
        eid=opt("eid"),
        doi=opt("doi"),
        pmid=opt("pmid"),
        note=opt("note"),
    )


def _people(value: object) -> tuple[tuple[Person, ...], bool]:
    people: list[Person] = []
    et_al = False
    for name in value if isinstance(value, list) else [value]:
        parts = [*getattr(name, "von", []), *getattr(name, "last", [])]
        family = _clean(" ".join(parts))
        given = _clean(" ".join([*getattr(name, "first", []), *getattr(name, "jr", [])]))
        if family.lower() == "others" and not given:
            et_al = True
        elif family:
            people.append(Person(family=family, given=given))
    return tuple(people), et_al


def _clean(value: str) -> str:
    """Collapse whitespace and drop the grouping braces LaTeX decoding leaves behind."""
    return " ".join(value.replace("{", "").replace("}", "").split())
