"""Fields: small readers of JATS values shared by front matter and references (names, dates, ids)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from lxml import etree

from kg.identifiers import bare_doi
from kg.records import Person

__all__ = [
    "DOI",
    "XLINK_HREF",
    "collapse",
    "doi_in",
    "doi_of",
    "full_date",
    "line_of",
    "person",
    "pmcid",
    "pmid",
    "string_value",
    "text_of",
    "year_of",
]

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: A DOI as found in running text, href or comment (trailing punctuation stripped by :func:`doi_in`); a
#: ``<...>`` part is kept whole, as older Wiley DOIs have one (``...43:4<448::AID-JBM13>3.0.CO;2-#``).
DOI = re.compile(r"10\.\d{4,9}/(?:[^\s\"<>]|<[^\s\"<>]*>)+")
_SPACE = re.compile(r"\s+")
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip


def line_of(element: etree._Element) -> int | None:
    """The element's line in the source, when the parser recorded it."""
    line: object = element.sourceline
    return line if isinstance(line, int) else None


def string_value(element: etree._Element) -> str:
    """The element's XPath string value: all its descendant text in document order."""
    return "".join(cast("Iterator[str]", element.itertext()))


def collapse(text: str) -> str:
    """White space collapsed to single spaces and stripped."""
    return _SPACE.sub(" ", text).strip()


def text_of(element: etree._Element | None) -> str | None:
    """An element's string value, collapsed; None for a missing or empty element."""
    if element is None:
        return None
    return collapse(string_value(element)) or None


def doi_in(text: str | None) -> str | None:
    """The first DOI in a piece of text (an href, a comment), trailing punctuation stripped."""
    if not text:
        return None
    found = DOI.search(text)
    if found is None:
        return None
    doi = found.group(0)
    while doi and (doi[-1] in ".,;]" or (doi[-1] == ")" and doi.count("(") < doi.count(")"))):
        doi = doi[:-1]
    return doi if "/" in doi and not doi.endswith("/") else None


def doi_of(text: str | None) -> str | None:
    """The DOI an element that holds one gives (``pub-id`` or ``article-id`` of type ``doi``), whole.

    Its text is the DOI, so nothing is cut from it, not even at ``<``, ``"`` or ``#`` (older Wiley
    DOIs hold them: ``10.1002/(SICI)1097-4636(199812)43:4<448::AID-JBM13>3.0.CO;2-#``); only a
    ``doi:`` or doi.org prefix and trailing ``.``, ``,`` or ``;`` go. None unless it is
    ``10.<digits>/<suffix>``.
    """
    bare = bare_doi(text)
    if bare is None:
        return None
    bare = bare.rstrip(".,;")
    prefix, slash, suffix = bare.partition("/")
    registrant = prefix[3:]
    if not (slash and suffix and prefix.startswith("10.") and registrant.replace(".", "").isdigit()):
        return doi_in(text)  # an element holding more than its DOI: the DOI in it
    return bare


def pmid(text: str | None) -> str | None:
    """A PMID: the digits of an explicit PMID value, None unless it is digits only."""
    value = (text or "").strip()
    return value if value.isdigit() else None


def pmcid(text: str | None) -> str | None:
    """A PMCID in its ``PMC…`` form, from ``PMC123`` or ``123``."""
    value = (text or "").strip()
    digits = value[3:] if value.upper().startswith("PMC") else value
    return f"PMC{digits}" if digits.isdigit() else None


def year_of(text: str | None) -> int | None:
    """The year a ``<year>`` element gives (its first four-digit run)."""
    found = re.search(r"(?<!\d)(\d{4})(?!\d)", text or "")
    return int(found.group(1)) if found else None


def full_date(date: etree._Element) -> str | None:
    """``YYYY-MM-DD`` when a date element gives year, month and day; else None."""
    year = year_of(date.findtext("year"))
    month_text = (date.findtext("month") or "").strip().lower().rstrip(".")
    day_text = (date.findtext("day") or "").strip()
    month = int(month_text) if month_text.isdecimal() else _MONTHS.get(month_text)
    if year is None or month is None or not day_text.isdigit():
        return None
    day = int(day_text)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def person(element: etree._Element) -> Person | None:
    """A ``name``, ``string-name`` or ``collab`` as a person (a collaboration is a family name)."""
    tag = element.tag
    if tag == "collab":
        name = text_of(element)
        return Person(family=name) if name else None
    if tag == "name-alternatives":
        for child in element:
            if child.tag in ("name", "string-name"):
                return person(child)
        return None
    family = text_of(element.find("surname"))
    given = text_of(element.find("given-names"))
    if family or given:
        return Person(family=family or given or "", given=given or "" if family else "")
    if tag != "string-name":
        return None
    return _split_name(text_of(element) or "")


def _split_name(name: str) -> Person | None:
    """A plain-text name, "Smith J" or "J. Smith", split when one end is initials."""
    words = name.replace(",", " ").split()
    if not words:
        return None
    if len(words) > 1 and _INITIALS.match(words[-1]):
        return Person(family=" ".join(words[:-1]), given=words[-1])
    if len(words) > 1 and _INITIALS.match(words[0]):
        return Person(family=" ".join(words[1:]), given=words[0])
    return Person(family=name.strip())
