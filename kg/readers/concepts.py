"""Read the SKOS concept scheme (``concepts.yaml``) into :class:`~kg.records.Concept` records.

The file holds ``concepts:``, a list of entries::

    concepts:
      - {id: csf-cytology, category: test, pref: CSF cytology, alt: [cerebrospinal fluid cytology]}
      - {id: csf-sampling, category: procedure, pref: CSF sampling, related: [csf-cytology]}

``id`` (lower-case letters, digits and hyphens), ``category`` (one of :data:`CATEGORIES`)
and ``pref`` (the preferred label) are required; ``alt`` (alternative labels),
``exact_match`` (IRIs of the same concept elsewhere; leave empty unless verified) and
``related`` (ids of associated concepts of the scheme, ``skos:related``) are optional.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from kg.builder.iris import is_absolute_iri
from kg.errors import InputError, ProblemsError, where
from kg.readers.yaml_source import Entry, item_lines, load_yaml, unknown_keys
from kg.records import Concept

__all__ = ["CATEGORIES", "CONCEPT_KEYS", "read_concepts"]

#: Concept categories; each becomes a skos:Collection.
CATEGORIES = ("anatomy", "disease", "drug", "finding", "marker", "outcome", "procedure", "process", "test")
#: Keys a concept may hold.
CONCEPT_KEYS = frozenset({"id", "category", "pref", "alt", "exact_match", "related"})
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def read_concepts(path: str | Path) -> list[Concept]:
    """Read a concepts file.

    Args:
        path: The YAML file.

    Returns:
        The concepts in file order.

    Raises:
        InputError: The file is missing, not UTF-8, not YAML, or not a mapping.
        ProblemsError: Every problem found: unknown keys at any level, a missing or malformed
            value, an unknown category, a repeated id, a ``related`` id that is not in the
            scheme; each names the line and concept.
    """
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, Entry):
        raise InputError(f"{where(path, 1)}: expected a mapping with a 'concepts' list")
    problems = unknown_keys(data, {"concepts"}, path, "concepts file")
    items = data.get("concepts")
    if not isinstance(items, list):
        problems.append(
            f"{where(path, data.lines.get('concepts', data.line))}: concepts file: needs 'concepts', a list"
        )
        items = []
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for item, line in zip(items, item_lines(items, data.lines.get("concepts", data.line)), strict=True):
        concept = _concept(item, line, path, problems)
        if concept is None:
            continue
        if concept.id in seen:
            problems.append(
                f"{where(path, concept.line)}: concept id '{concept.id}' repeated (first on line {seen[concept.id]})"
            )
            continue
        seen[concept.id] = concept.line
        concepts.append(concept)
    for concept in concepts:
        problems.extend(_related(concept, seen, path))
    if problems:
        raise ProblemsError(problems)
    return concepts


def _concept(item: Any, line: int, path: Path, problems: list[str]) -> Concept | None:
    if not isinstance(item, Entry):
        problems.append(f"{where(path, line)}: each concept must be a mapping such as {{id, category, pref}}")
        return None
    at = f"{where(path, item.line)}: concept '{item.get('id')}'"
    before = len(problems)
    problems.extend(unknown_keys(item, CONCEPT_KEYS, path, f"concept '{item.get('id')}'"))
    for key in ("id", "category", "pref"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            problems.append(f"{at}: needs a '{key}'")
    if isinstance(item.get("id"), str) and not _ID.match(item["id"]):
        problems.append(f"{at}: 'id' must be lower-case letters, digits and hyphens")
    if isinstance(item.get("category"), str) and item["category"] not in CATEGORIES:
        problems.append(f"{at}: unknown category '{item['category']}' (known: {', '.join(CATEGORIES)})")
    alt, exact, related = (_strings(item, key, at, problems) for key in ("alt", "exact_match", "related"))
    for iri in exact:
        if not is_absolute_iri(iri):
            problems.append(f"{at}: exact_match {iri!r} is not an absolute IRI (such as http://..., no spaces)")
    if len(problems) > before:
        return None
    return Concept(item["id"], item["category"], item["pref"], item.line, alt, exact, related)


def _related(concept: Concept, known: dict[str, int], path: Path) -> list[str]:
    at = f"{where(path, concept.line)}: concept '{concept.id}'"
    problems = []
    for other in concept.related:
        if other == concept.id:
            problems.append(f"{at}: is related to itself")
        elif other not in known:
            close = difflib.get_close_matches(other, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"{at}: related concept '{other}' is not in the scheme{hint}")
    return problems


def _strings(item: Entry, key: str, at: str, problems: list[str]) -> tuple[str, ...]:
    value = item.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{at}: '{key}' must be a list of strings")
        return ()
    return tuple(value)
