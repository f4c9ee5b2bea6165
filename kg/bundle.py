"""The files kg ships: its ontology and shapes, and the bundled example report.

In an installed wheel they live in the package (``kg/data/``, mapped there from the
repository's top-level ``ontology/``, ``corpus/`` and ``references.bib`` at build time);
in an editable install from a checkout they are read where the repository keeps them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from kg.errors import InputError, where

__all__ = ["bibliography_file", "corpus_dir", "data_dir", "ontology_file"]


@cache
def data_dir() -> Path:
    """The folder holding ``ontology/``, ``corpus/`` and ``references.bib``.

    Raises:
        InputError: kg was installed without its data files (or zipped).
    """
    package = resources.files("kg")
    if not isinstance(package, Path):
        raise InputError(f"{package}: kg must be installed as files, not inside an archive")
    for folder in (package / "data", package.parent):  # a wheel; an editable checkout
        if (folder / "ontology" / "kg.ttl").is_file():
            return folder
    raise InputError(f"{where(package / 'data')}: kg's bundled ontology and corpus are missing; reinstall kg")


def ontology_file(name: str) -> Path:
    """A file of the bundled ontology folder, e.g. ``kg.ttl`` or ``shapes.ttl``."""
    return data_dir() / "ontology" / name


def corpus_dir() -> Path:
    """The bundled example corpus: the report, its claims and its concept scheme."""
    return data_dir() / "corpus"


def bibliography_file() -> Path:
    """The bundled ``references.bib`` of the example report."""
    return data_dir() / "references.bib"
