"""The inputs of a build: the bundled defaults, files beside an input, and folders searched for articles."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.bundle import bibliography_file, corpus_dir
from kg.errors import InputError, where
from kg.readers.articles import find_articles

__all__ = ["claims_beside", "concepts_beside", "default_bibliography", "default_report", "expanded"]


def default_report() -> Path:
    """The bundled report: the single ``*.md`` of the bundled corpus.

    Raises:
        InputError: The corpus folder holds no report or several (then an input must say which).
    """
    corpus = corpus_dir()
    found = sorted(corpus.glob("*.md"))
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        raise InputError(
            f"{where(corpus)}: expected one bundled report, found {names}; pass --report PATH (or an INPUT)"
        )
    return found[0]


def default_bibliography() -> Path:
    """The bundled ``references.bib``."""
    return bibliography_file()


def claims_beside(source: Path) -> Path | None:
    """The claims file that goes with an input (``<stem>.claims.yaml`` beside it), if there is one."""
    path = source.with_name(f"{source.stem}.claims.yaml")
    return path if path.exists() else None


def concepts_beside(source: Path) -> Path | None:
    """The concept scheme beside an input (``concepts.yaml``), if there is one."""
    path = source.with_name("concepts.yaml")
    return path if path.exists() else None


def expanded(inputs: Sequence[str | Path]) -> list[Path]:
    """The inputs with each folder replaced by the articles found in it.

    A file that a folder yields again (through a symbolic link, or a folder given along with a
    file inside it) is kept once, where it came first; a file named twice is kept twice, for the
    caller to refuse.

    Raises:
        InputError: A folder holds no article.
    """
    paths: list[Path] = []
    seen: set[Path] = set()
    named: set[Path] = set()
    for given in map(Path, inputs):
        if not given.is_dir():
            if given.resolve() in named or given.resolve() not in seen:
                paths.append(given)
            named.add(given.resolve())
            seen.add(given.resolve())
            continue
        found = find_articles(given)
        if not found:
            raise InputError(f"{where(given)}: no articles in the folder (JATS XML, or Markdown with a .bib beside it)")
        for path in found:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                paths.append(path)
    return paths
