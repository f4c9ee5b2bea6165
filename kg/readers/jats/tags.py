"""Tags: how the body reader treats JATS elements it does not read one by one."""

from __future__ import annotations

__all__ = ["CAPTIONED", "FLATTENED", "FORMULAS", "MATHML", "NESTED_BLOCKS", "SILENT"]

MATHML = "{http://www.w3.org/1998/Math/MathML}math"
#: Elements inside a paragraph that are read as blocks of their own, after it.
NESTED_BLOCKS = frozenset(
    {
        "list", "def-list", "fig", "fig-group", "table-wrap", "table-wrap-group", "boxed-text",
        "disp-quote", "statement", "speech", "preformat", "code", "fn", "verse-group",
        "supplementary-material", "array", "media", "chem-struct-wrap", "glossary", "question-wrap",
    }
)  # fmt: skip
#: Formulas, left out of the text (and noted).
FORMULAS = frozenset({"inline-formula", "disp-formula", "disp-formula-group", "tex-math", MATHML})
#: Elements read only for their caption (title and paragraphs).
CAPTIONED = frozenset({"supplementary-material", "media", "chem-struct-wrap"})
#: Elements left out without a note: no running text, or read elsewhere.
SILENT = frozenset({"graphic", "inline-graphic", "alternatives", "object-id", "label", "title", "sec-meta", "ref-list"})
#: Containers whose content is read as if it stood in their place.
FLATTENED = frozenset(
    {
        "boxed-text", "disp-quote", "statement", "speech", "fig-group", "table-wrap-group", "notes",
        "glossary", "question-wrap", "question", "answer", "explanation", "answer-set", "option",
    }
)  # fmt: skip
