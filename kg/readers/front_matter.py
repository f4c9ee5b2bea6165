"""Read the YAML front matter of a Markdown report into checked metadata."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from kg.errors import InputError, where
from kg.readers.markdown_records import ReportMeta
from kg.readers.yaml_source import Entry, parse_yaml
from kg.records import Person

__all__ = ["FIELDS", "read_front_matter", "to_meta"]

#: Keys the front matter may hold.
FIELDS = frozenset(ReportMeta.__dataclass_fields__)
_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def read_front_matter(text: str, path: Path) -> tuple[dict[str, Any], int]:
    """Split off and check the front matter.

    Args:
        text: The whole report.
        path: Used in error messages.

    Returns:
        The metadata (plain values) and the offset where the body starts.

    Raises:
        InputError: The YAML is malformed, is not a mapping, has an unknown key, or a value
            of the wrong type; the message names the line and key.
    """
    if not text.startswith("---"):
        return {}, 0
    fence = _FENCE.match(text)
    if fence is None:
        raise InputError(f"{where(path, 1)}: front matter opened with '---' is never closed")
    data = parse_yaml(fence.group(1), path, first_line=2, what="front matter")
    if data is None:
        return {}, fence.end()
    if not isinstance(data, Entry):
        raise InputError(f"{where(path, 2)}: front matter must be a mapping of keys to values")
    meta: dict[str, Any] = {}
    for key, value in data.items():
        line = data.lines[key]
        if key not in FIELDS:
            raise InputError(f"{where(path, line)}: unknown front matter key '{key}'")
        meta[key] = _check(key, value, path, line)
    return meta, fence.end()


def _check(key: str, value: Any, path: Path, line: int) -> Any:
    if key == "authors":
        if not isinstance(value, list):
            raise InputError(f"{where(path, line)}: 'authors' must be a list of {{family, given}} mappings")
        people = []
        for person in value:
            if not isinstance(person, dict) or not person.get("family"):
                raise InputError(f"{where(path, line)}: each author needs a 'family' name")
            unknown = sorted(set(person) - {"family", "given"})
            if unknown:
                at = getattr(person, "line", line)
                raise InputError(f"{where(path, at)}: unknown author key '{unknown[0]}' (allowed: family, given)")
            people.append(Person(str(person["family"]), str(person.get("given") or "")))
        return tuple(people)
    if key == "year":
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError(f"{where(path, line)}: 'year' must be a four-digit number, not {value!r}")
        return value
    if key == "id" and not (isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value)):
        raise InputError(f"{where(path, line)}: 'id' must be letters, digits, '.', '_' and '-', not {value!r}")
    if key in _DATES:
        return _date(key, value, path, line)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        raise InputError(f"{where(path, line)}: '{key}' must be text, not binary data")
    if isinstance(value, (dict, list)) or value is None or isinstance(value, bool):
        raise InputError(f"{where(path, line)}: '{key}' must be a single value, not {value!r}")
    return str(value).strip()


#: Keys whose values are calendar dates (written as xsd:date).
_DATES = frozenset({"received", "published"})


def _date(key: str, value: Any, path: Path, line: int) -> str:
    """A calendar date written ``YYYY-MM-DD``, checked to exist (no 2024-02-30)."""
    text = value.isoformat() if isinstance(value, dt.date) else value.strip() if isinstance(value, str) else ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise InputError(f"{where(path, line)}: '{key}' must be a date written YYYY-MM-DD, not {value!r}")


def to_meta(meta: dict[str, Any]) -> ReportMeta:
    """Turn checked front matter into a :class:`ReportMeta`."""
    return ReportMeta(**meta)
