"""Read the SKOS concept scheme (``concepts.yaml``) into :class:`~kg.records.Concept` records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import InputError, where
from kg.records import Concept
from kg.yaml_source import Entry, load_yaml

__all__ = ["CATEGORIES", "read_concepts"]

#: Concept categories; each becomes a skos:Collection.
CATEGORIES = ("anatomy", "disease", "drug", "finding", "marker", "outcome", "procedure", "process", "test")
_KEYS = {"id", "category", "pref", "alt", "exact_match"}


def read_concepts(path: str | Path) -> list[Concept]:
    """Read a concepts file.

    The file holds ``concepts:``, a list of entries with ``id``, ``category`` (one of
    :data:`CATEGORIES`), ``pref`` (preferred label), optional ``alt`` (alternative labels)
    and ``exact_match`` (IRIs of the same concept elsewhere; leave empty unless verified).

    Args:
        path: The YAML file.

    Returns:
        The concepts in file order.

    Raises:
        InputError: A malformed file or entry, an unknown key or category, or a repeated id;
            the message names the line.
    """
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, Entry) or not isinstance(data.get("concepts"), list):
        raise InputError(f"{where(path, 1)}: expected a mapping with a 'concepts' list")
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for item in data["concepts"]:
        if not isinstance(item, Entry):
            raise InputError(f"{where(path, getattr(data, 'line', 1))}: each concept must be a mapping")
        concept = _concept(item, path)
        if concept.id in seen:
            first = seen[concept.id]
            raise InputError(f"{where(path, item.line)}: concept id '{concept.id}' repeated (first on line {first})")
        seen[concept.id] = item.line
        concepts.append(concept)
    return concepts


def _concept(item: Entry, path: Path) -> Concept:
    unknown = sorted(set(item) - _KEYS)
    if unknown:
        raise InputError(f"{where(path, item.line)}: unknown concept key '{unknown[0]}'")
    for key in ("id", "category", "pref"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise InputError(f"{where(path, item.line)}: concept needs a '{key}'")
    if item["category"] not in CATEGORIES:
        raise InputError(
            f"{where(path, item.line)}: concept '{item['id']}' has unknown category '{item['category']}' "
            f"(known: {', '.join(CATEGORIES)})"
        )
    return Concept(
        id=item["id"],
        category=item["category"],
        pref=item["pref"],
        line=item.line,
        alt=_strings(item.get("alt"), "alt", item, path),
        exact_match=_strings(item.get("exact_match"), "exact_match", item, path),
    )


def _strings(value: Any, key: str, item: Entry, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where(path, item.line)}: concept '{item['id']}': '{key}' must be a list of strings")
    return tuple(value)
