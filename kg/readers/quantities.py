"""Read the quantities of a curated claim: a number or bounds, a unit and how exactly it is stated."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from kg.errors import where
from kg.readers.yaml_source import Entry, unknown_keys
from kg.records import Quantity

__all__ = ["QUALIFIERS", "QUANTITY_KEYS", "UNITS", "read_quantity", "vertebral_index"]

#: Units: name → (UN/CEFACT common code or None, human-readable unit text).
UNITS: dict[str, tuple[str | None, str]] = {
    "percent": ("P1", "%"),
    "centimetre": ("CMT", "cm"),
    "gray": ("A95", "Gy"),
    "year": ("ANN", "year"),
    "month": ("MON", "month"),
    "count": ("C62", "count"),
    "calendar-year": (None, "calendar year"),
    "grade": ("C62", "grade"),
    "score": ("C62", "score"),
    "vertebral-level": (None, "vertebral level (C1 = 1, T1 = 8, L1 = 20, S1 = 25)"),
}

#: How exactly a number is stated.
QUALIFIERS = ("exact", "approximate", "vague")

#: Keys a quantity may hold.
QUANTITY_KEYS = frozenset({"name", "value", "min", "max", "unit", "qualifier", "text"})

_LEVEL = re.compile(r"^([CTLS])(\d{1,2})$")
_FIRST = {"C": (1, 7), "T": (8, 12), "L": (20, 5), "S": (25, 5)}


def vertebral_index(label: str) -> int:
    """Position of a vertebral level in the column: C1 = 1 … C7 = 7, T1 = 8 … T12 = 19, L1 = 20, S1 = 25.

    Raises:
        ValueError: ``label`` is not a level such as "T12".
    """
    match = _LEVEL.match(label.strip())
    if match:
        first, count = _FIRST[match.group(1)]
        number = int(match.group(2))
        if 1 <= number <= count:
            return first + number - 1
    raise ValueError(f"'{label}' is not a vertebral level such as C7, T12, L1 or S1")


def read_quantity(value: Any, claim: str, line: int, path: Path, problems: list[str]) -> Quantity | None:
    """Check one entry of a claim's ``quantities`` list.

    Args:
        value: The entry as loaded.
        claim: The claim's id, named in messages.
        line: The claim's line, used when the entry has none of its own.
        path: The claims file, named in messages.
        problems: Every problem found is appended here.

    Returns:
        The quantity, or None when it has a problem.
    """
    if not isinstance(value, Entry):
        problems.append(
            f"{where(path, line)}: claim '{claim}': each quantity must be a mapping such as {{name, value, unit}}"
        )
        return None
    at = f"{where(path, value.line)}: claim '{claim}' quantity '{value.get('name')}'"
    before = len(problems)
    problems.extend(unknown_keys(value, QUANTITY_KEYS, path, f"claim '{claim}' quantity '{value.get('name')}'"))
    unit, qualifier, text = value.get("unit"), value.get("qualifier", "exact"), value.get("text")
    if not isinstance(value.get("name"), str) or not value["name"].strip():
        problems.append(f"{at}: needs a 'name' (what is counted or measured)")
    if unit not in UNITS:
        problems.append(f"{at}: unknown unit '{unit}' (known: {', '.join(UNITS)})")
    if qualifier not in QUALIFIERS:
        problems.append(f"{at}: unknown qualifier '{qualifier}' (known: {', '.join(QUALIFIERS)})")
    if text is not None and not isinstance(text, str):
        problems.append(f"{at}: 'text' must be a string, not {text!r}")
    numbers: dict[str, float | None] = {}
    for key in ("value", "min", "max"):
        raw = value.get(key)
        if raw is not None and unit == "vertebral-level":
            try:
                raw = vertebral_index(str(raw))
            except ValueError as exc:
                problems.append(f"{at}: {exc}")
                raw = None
        elif raw is not None and (isinstance(raw, bool) or not isinstance(raw, (int, float))):
            problems.append(f"{at}: '{key}' must be a number, not {raw!r}")
            raw = None
        elif raw is not None and not math.isfinite(raw):
            problems.append(f"{at}: '{key}' must be a finite number, not {raw!r}")
            raw = None
        numbers[key] = raw
    if all(value.get(key) is None for key in ("value", "min", "max")):
        problems.append(f"{at}: needs a 'value' or a 'min' and/or 'max'")
    low, high = numbers["min"], numbers["max"]
    if low is not None and high is not None and low > high:
        problems.append(f"{at}: min {value['min']} is greater than max {value['max']}")
    if len(problems) > before:
        return None
    assert isinstance(unit, str)
    if unit == "vertebral-level" and text is None:
        text = "–".join(str(value[k]) for k in ("value", "min", "max") if value.get(k) is not None)
    return Quantity(value["name"], unit, value.line, numbers["value"], low, high, qualifier, text)
