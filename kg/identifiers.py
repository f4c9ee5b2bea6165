"""How kg reads the identifiers people type and print: DOIs in their many spellings, reference labels.

Only the standard library's ``re``: the lookups use these on every call.
"""

from __future__ import annotations

import re

__all__ = ["bare_doi", "is_absolute_iri", "sequence_key"]

_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_DOI_PREFIX = re.compile(r"^\s*(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def bare_doi(text: str | None) -> str | None:
    """A DOI as the bare name (``10.1000/xyz``), without a ``doi:`` or ``https://doi.org/`` prefix; its case is kept.

    DOIs are case-insensitive; compare them case-folded. Text that is empty once stripped is None.
    """
    if text is None:
        return None
    bare = _DOI_PREFIX.sub("", text.strip()).strip()
    return bare or None


def sequence_key(label: str) -> tuple[int, str]:
    """Sort key of reference labels: printed numbers in numeric order, then other labels in text order."""
    return (int(label), "") if label.isascii() and label.isdigit() else (1 << 62, label)


def is_absolute_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI: a scheme, then no space or character IRIs forbid."""
    return bool(_ABSOLUTE.match(text))
