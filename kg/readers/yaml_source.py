"""Load YAML data files with line numbers, so errors can name the line of an entry."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from pathlib import Path
from typing import Any

from kg.errors import InputError, where
from kg.readers.text import read_text

__all__ = ["Entry", "Items", "item_lines", "load_yaml", "parse_yaml", "unknown_keys"]


class Entry(dict[str, Any]):
    """A YAML mapping that remembers the 1-based line it starts on and the line of each key."""

    line: int = 0
    lines: dict[str, int]


class Items(list[Any]):
    """A YAML sequence that remembers the 1-based line of each item."""

    lines: list[int]


def item_lines(items: Any, default: int) -> list[int]:
    """The line of each item of a sequence read by :func:`load_yaml` (``default`` where unknown)."""
    lines = getattr(items, "lines", None)
    return list(lines) if lines is not None else [default] * len(items)


def unknown_keys(entry: Entry, allowed: Collection[str], path: Path, what: str) -> list[str]:
    """One problem per key of ``entry`` that is not ``allowed``, naming the key's line.

    Args:
        entry: A mapping read by :func:`load_yaml`.
        allowed: The keys it may hold.
        path: The file, named in messages.
        what: What the mapping is, for messages ("claim 'x'", "the claims file").

    Returns:
        The messages, in key order; each suggests the closest allowed key.
    """
    problems = []
    for key in entry:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            line = entry.lines.get(key, entry.line)
            problems.append(
                f"{where(path, line)}: {what}: unknown key '{key}' ({hint}allowed: {', '.join(sorted(allowed))})"
            )
    return problems


def load_yaml(path: Path) -> Any:
    """Read a YAML file; every mapping in it becomes an :class:`Entry` with its lines.

    Args:
        path: The YAML file, UTF-8.

    Returns:
        The loaded data.

    Raises:
        InputError: The file is missing, not UTF-8, not valid YAML, or repeats a key in one
            mapping; the message names the line. A leading byte-order mark is ignored (no
            offset indexes a YAML file).
    """
    return parse_yaml(read_text(path), path)


def parse_yaml(text: str, path: Path, first_line: int = 1, what: str = "the file") -> Any:
    """Parse YAML text that starts on line ``first_line`` of ``path`` (e.g. a report's front matter).

    Args:
        text: The YAML.
        path: The file it comes from, named in messages.
        first_line: The file line the text starts on, so messages name the file's lines.
        what: How to name the text in messages ("YAML", "front matter").

    Returns:
        The data; every mapping is an :class:`Entry`.

    Raises:
        InputError: Not valid YAML, or a key repeated in one mapping; the message names the line.
    """
    import yaml

    offset = first_line - 1
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where present: 10x faster

    class Loader(base):  # type: ignore[valid-type,misc]
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Entry:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                raise InputError(f"{where(path, line)}: key '{key}' repeated (first on line {seen[key]})")
            seen[key] = line
        entry = Entry({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
        entry.line = node.start_mark.line + 1 + offset
        entry.lines = seen
        return entry

    def sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> Items:
        items = Items(loader.construct_sequence(node, deep=True))
        items.lines = [child.start_mark.line + 1 + offset for child in node.value]
        return items

    def timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
        return str(loader.construct_scalar(node))  # kept as written: readers check dates themselves, with lines

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    try:
        return yaml.load(text, Loader=Loader)  # a SafeLoader subclass
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
        line = text[: exc.position].count("\n") + 1 + offset if isinstance(exc.position, int) else None
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(
            f"{where(path, line)}: {what} is not valid YAML: it holds the character U+{character:04X}, "
            "which YAML does not allow"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark is not None else None
        problem = " ".join((getattr(exc, "problem", None) or str(exc)).split())  # one line
        if "nesting depth" in problem:  # libyaml's own limit, before Python's recursion limit is reached
            raise InputError(f"{where(path, line)}: {what} is nested too deeply") from None
        raise InputError(f"{where(path, line)}: {what} is not valid YAML: {problem}") from None
    except ValueError as exc:  # a value YAML recognises but cannot build, e.g. the date 2024-13-45
        raise InputError(f"{where(path, first_line)}: {what} holds a value YAML cannot read: {exc}") from None
    except RecursionError:
        raise InputError(f"{where(path, first_line)}: {what} is nested too deeply") from None
