"""The command line's words: decoded, errors printed, and the plain lookups read without argparse.

Building an argparse parser costs more than a lookup on a store takes to run (about 5 ms of a
30 ms ``kg cites 9``), so ``kg cites REF``, ``kg sources CLAIM`` and ``kg query NAME`` with
ordinary options are read here (:func:`plain_lookup`). Anything else, a help request, an unknown
or repeated option, a value that does not parse, goes to the full parser (:mod:`kg.arguments`),
which gives the answer or the error message. A test holds both readings to the same result on
every command line this one accepts.
"""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace

from kg.formats import LOOKUP_FORMATS, QUERY_FORMATS
from kg.signals import DEFAULT_TIMEOUT

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

__all__ = ["arguments", "plain_lookup", "print_error"]

#: The commands read here, and the name of their one positional argument.
_COMMANDS = {"cites": "ref", "sources": "claim", "query": "spec"}
#: Options that take a value, and the attribute each sets.
_VALUED = {"--store": "store", "--graph": "graph", "--timeout": "timeout", "--out": "out", "--format": "format",
           "--article": "article"}  # fmt: skip
_FLAGS = {"--allow-remote-context": "allow_remote_context"}


def print_error(line: str) -> None:
    """One line on standard error, or nowhere if it is closed (never into standard output).

    Control characters from the input it names (an escape sequence in a title) are shown escaped.
    """
    if not line.isprintable():
        from kg.write.results import printable

        line = printable(line)
    if sys.stderr is not None:
        print(line, file=sys.stderr)


def arguments(argv: Sequence[str] | None) -> list[str]:
    """The arguments, with bytes that a non-UTF-8 locale left undecoded read as UTF-8."""
    given = sys.argv[1:] if argv is None else list(argv)
    return [os.fsencode(a).decode("utf-8", "surrogateescape") if _undecoded(a) else a for a in given]


def _undecoded(text: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in text)


def plain_lookup(argv: list[str]) -> SimpleNamespace | None:
    """The arguments of a plain ``kg cites`` or ``kg sources`` command line, or None for the full parser."""
    if not argv or argv[0] not in _COMMANDS:
        return None
    command = argv[0]
    found: dict[str, object] = {}
    positional: list[str] = []
    params: list[str] = []
    words = iter(argv[1:])
    for word in words:
        name, equals, value = word.partition("=")
        if command == "query" and name == "--param":
            if not equals:
                following = next(words, None)
                if following is None or following.startswith("-"):
                    return None
                value = following
            params.append(value)
        elif command == "query" and word == "--allow-service" and "allow_service" not in found:
            found["allow_service"] = True
        elif command == "query" and name == "--article":
            return None
        elif name in _VALUED:
            if not equals:
                following = next(words, None)
                if following is None or (following.startswith("-") and following != "-"):
                    return None
                value = following
            parsed = _value(_VALUED[name], value, command)
            if parsed is None or _VALUED[name] in found:
                return None
            found[_VALUED[name]] = parsed
        elif word in _FLAGS and _FLAGS[word] not in found:
            found[_FLAGS[word]] = True
        elif (word.startswith("-") and word != "-") or positional:
            return None
        else:
            positional.append(word)
    if len(positional) != 1 or ("store" in found and "graph" in found):
        return None
    defaults: dict[str, object] = {"store": None, "graph": None, "timeout": DEFAULT_TIMEOUT, "out": None,
                                   "format": None, "allow_remote_context": False}  # fmt: skip
    if command == "query":
        defaults.update(param=params, allow_service=False, list=False)
    else:
        defaults["article"] = None
    return SimpleNamespace(command=command, **{_COMMANDS[command]: positional[0]}, **{**defaults, **found})


def _value(name: str, text: str, command: str) -> object:
    """An option's value as the full parser would take it, or None where it would refuse it."""
    if name == "timeout":
        try:
            seconds = float(text)
        except ValueError:
            return None
        return seconds if seconds >= 0 and seconds != float("inf") else None
    if name == "format":
        return text if text in (QUERY_FORMATS if command == "query" else LOOKUP_FORMATS) else None
    if name in ("store", "graph", "out"):
        return text if text.strip() else None
    return text
