"""Errors raised by kg; each message names the file, line, key or marker at fault."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from os import PathLike

__all__ = ["InputError", "KGError", "ProblemsError", "ResolutionError", "where"]


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KGError, ValueError):
    """An input file is missing, unreadable or malformed."""


class ResolutionError(KGError, LookupError):
    """Citations, the printed reference list and the bibliography do not line up."""


def where(path: str | PathLike[str], line: int | None = None) -> str:
    """Format a location as ``path:line`` (or ``path`` alone when the line is unknown).

    Args:
        path: The file at fault.
        line: 1-based line number, if known.

    Returns:
        The location prefix used at the start of error messages.
    """
    return f"{path}:{line}" if line is not None else str(path)


class ProblemsError(KGError, ValueError):
    """Several problems found at once (claims against the text, a graph against the shapes).

    ``str(error)`` has one problem per line; :attr:`problems` lists them.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
