"""How kg reads the identifiers people type and print: DOIs in their many spellings, reference labels.

The lookups use these on every call, so they read text with string methods alone (no ``re``).
"""

from __future__ import annotations

__all__ = ["bare_doi", "is_absolute_iri", "sequence_key"]

_SCHEME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SCHEME = _SCHEME_START | frozenset("0123456789+.-")
#: Characters no IRI may hold (besides spaces).
_NOT_IN_IRI = frozenset('<>"{}|\\^`')
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: How a DOI may be prefixed, longest first: a doi.org URL (with or without scheme and ``dx.``), or ``doi:``.
_DOI_PREFIXES = tuple(f"{scheme}{host}doi.org/" for scheme in ("https://", "http://", "") for host in ("dx.", ""))


def bare_doi(text: str | None) -> str | None:
    """A DOI as the bare name (``10.1000/xyz``), without a ``doi:`` or ``https://doi.org/`` prefix; its case is kept.

    DOIs are case-insensitive; compare them case-folded. Text that is empty once stripped is None.
    """
    if text is None:
        return None
    bare = text.strip()
    folded = bare[:24].translate(_ASCII_LOWER)  # offsets kept: only ASCII letters change
    prefix = next((p for p in _DOI_PREFIXES if folded.startswith(p)), None)
    if prefix is not None:
        bare = bare[len(prefix) :]
    elif folded.startswith("doi:"):
        bare = bare[len("doi:") :].lstrip()
    return bare.strip() or None


def sequence_key(label: str) -> tuple[int, str]:
    """Sort key of reference labels: printed numbers in numeric order, then other labels in text order."""
    return (int(label), "") if label.isascii() and label.isdigit() else (1 << 62, label)


def is_absolute_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI: a scheme, then no space or character IRIs forbid."""
    scheme, colon, rest = text.partition(":")
    return (
        bool(colon and scheme)
        and scheme[0] in _SCHEME_START
        and all(c in _SCHEME for c in scheme)
        and not any(c in _NOT_IN_IRI or c.isspace() for c in rest)
    )
