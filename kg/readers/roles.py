"""Section roles: what a section is (introduction, methods...) from its title or a JATS ``sec-type``.

One table for every reader, so a Markdown report and a JATS article give the same role to the
same title.
"""

from __future__ import annotations

import re

__all__ = ["section_role", "title_role"]

_SEC_TYPES = {
    "intro": "introduction",
    "introduction": "introduction",
    "background": "background",
    "methods": "methods",
    "method": "methods",
    "materials|methods": "methods",
    "materials-methods": "methods",
    "materials and methods": "methods",
    "materials": "methods",
    "results": "results",
    "discussion": "discussion",
    "conclusions": "conclusion",
    "conclusion": "conclusion",
    "acknowledgements": "acknowledgements",
    "acknowledgments": "acknowledgements",
}
_TITLES = {
    **{k: v for k, v in _SEC_TYPES.items() if "|" not in k and "-" not in k and k != "intro"},
    "abstract": "abstract",
    "methods and materials": "methods",
    "material and methods": "methods",
    "patients and methods": "methods",
}


def section_role(sec_type: str | None, title: str) -> str | None:
    """A section's role from its ``sec-type``, else from its title; None when neither names one.

    A combined type or title such as "results|discussion" or "Results and discussion" names
    no single role and gives None.
    """
    if sec_type:
        role = _SEC_TYPES.get(sec_type.strip().lower())
        if role is not None:
            return role
    return title_role(title)


def title_role(title: str) -> str | None:
    """A section's role from its title ("2. Materials and Methods" → methods); None when it names none."""
    key = re.sub(r"^[\dIVX]+[.)]?\s+|[.:]$", "", title.strip()).casefold()
    return _TITLES.get(key)
