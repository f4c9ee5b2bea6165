"""Parse JATS bytes safely: nothing is fetched, no entity is expanded, no DTD is loaded.

A DOCTYPE that only names a public or system identifier (PMC's usual declaration) is
accepted and never loaded. A document whose internal subset declares entities is refused
before parsing (billion laughs, external entities), as is a reference to an entity no DTD
defines (``&nbsp;``): kg cannot know what text it stands for.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from kg.errors import InputError, where
from kg.readers.jats.fields import line_of

__all__ = ["is_jats", "parse_xml"]

_PROLOG = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>)?
    (?:\s+|<!--.*?-->|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*
    <(articles?)[\s/>]""",
    re.DOTALL | re.VERBOSE,
)
_DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.IGNORECASE)
_SUBSET_ENTITY = re.compile(rb"<!ENTITY\b")
_ROOT_TAGS = frozenset({"article", "articles"})
#: How a UTF-16 document begins: a byte order mark, or ``<`` as two bytes.
_UTF16 = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"<\x00": "utf-16-le", b"\x00<": "utf-16-be"}


def _as_utf8(data: bytes) -> bytes:
    """A UTF-16 document's bytes re-encoded as UTF-8, for the prolog checks; other bytes as they are."""
    encoding = _UTF16.get(data[:2])
    if encoding is None:
        return data
    return data.decode(encoding, errors="ignore").encode("utf-8")


def is_jats(head: bytes) -> bool:
    """Whether a document's first element is ``<article>`` or ``<articles>``.

    Args:
        head: The first bytes of the document (a few kilobytes are enough), in UTF-8, an
            encoding that agrees with ASCII (ISO-8859-1) or UTF-16.

    Returns:
        True when, after an optional XML declaration, comments, processing instructions and
        a DOCTYPE, the first element is ``article`` or ``articles``.
    """
    return _PROLOG.match(_as_utf8(head)) is not None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
    )


def _refuse_entity_declarations(data: bytes, path: str | Path) -> None:
    data = _as_utf8(data[: 1 << 20]) if data[:2] in _UTF16 else data
    doctype = _DOCTYPE.search(data, 0, 1 << 16)
    if doctype is None:
        return
    root = data.find(b"<article", doctype.end())
    subset = data[doctype.end() : root if root >= 0 else len(data)]
    if _SUBSET_ENTITY.search(subset):
        line = data.count(b"\n", 0, doctype.start()) + 1
        raise InputError(f"{where(path, line)}: the DOCTYPE declares entities; kg does not expand entities")


def parse_xml(data: bytes, path: str | Path) -> etree._ElementTree:
    """Parse a JATS document.

    Args:
        data: The document's bytes.
        path: Where it came from, for error messages.

    Returns:
        The parsed tree, whose root is ``article`` or ``articles``.

    Raises:
        InputError: The document declares entities, uses an entity no DTD defines, is not
            well-formed, or its root is neither ``article`` nor ``articles``.
    """
    _refuse_entity_declarations(data, path)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        message = (error.msg or str(error)).strip()
        message = re.sub(r",? line \d+, column \d+$", "", message)
        if "Excessive depth" in message:
            message = "elements nest more than 256 deep, more than any article needs; kg refuses such files"
            raise InputError(f"{where(path, error.lineno or None)}: {message}") from None
        raise InputError(f"{where(path, error.lineno or None)}: not well-formed XML: {message}") from None
    except (etree.LxmlError, ValueError) as error:
        raise InputError(f"{where(path)}: cannot parse the XML: {error}") from None
    tree = root.getroottree()
    dtd: object = tree.docinfo.internalDTD
    entities = getattr(dtd, "iterentities", None)  # the stubs do not declare DTD.iterentities
    if entities is not None and any(True for _ in entities()):
        raise InputError(f"{where(path, 1)}: the DOCTYPE declares entities; kg does not expand entities")
    for entity in root.iter(etree.Entity):
        raise InputError(f"{where(path, line_of(entity))}: undefined entity {entity.text} (no DTD is loaded)")
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag.startswith("{") and etree.QName(root).localname in _ROOT_TAGS:
        namespace = etree.QName(root).namespace
        raise InputError(
            f"{where(path, line_of(root))}: <{etree.QName(root).localname}> is in namespace {namespace}; JATS has none"
        )
    if tag not in _ROOT_TAGS:
        name = etree.QName(root).localname if tag else "?"
        raise InputError(f"{where(path, line_of(root))}: the root element is <{name}>, not <article> or <articles>")
    return tree
