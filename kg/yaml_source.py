"""Load YAML data files with line numbers, so errors can name the line of an entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import InputError, where
from kg.text import read_text

__all__ = ["Entry", "load_yaml"]


class Entry(dict[str, Any]):
    """A YAML mapping that remembers the 1-based line it starts on."""

    line: int = 0


def load_yaml(path: Path) -> Any:
    """Read a YAML file; every mapping in it becomes an :class:`Entry` with its line.

    Args:
        path: The YAML file, UTF-8.

    Returns:
        The loaded data.

    Raises:
        InputError: The file is missing, not UTF-8, not valid YAML, or repeats a key in one
            mapping; the message names the line.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Entry:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise InputError(f"{where(path, line)}: key '{key}' repeated (first on line {seen[key]})")
            seen[key] = key_node.start_mark.line + 1
        entry = Entry({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
        entry.line = node.start_mark.line + 1
        return entry

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    text = read_text(path)
    try:
        return yaml.load(text, Loader=Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{where(path, line)}: not valid YAML: {problem}") from None
