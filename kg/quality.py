"""The data-quality report of a build (``kg.quality.json``): per article, its counts and the reader's notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kg.pipeline import BuildResult

__all__ = ["QUALITY_FILE", "quality_report"]

#: The data-quality report written beside the graph files.
QUALITY_FILE = "kg.quality.json"


def quality_report(result: BuildResult) -> dict[str, object]:
    """The data-quality report of a build.

    Per article, its node, counts and what the reader could not use; for the corpus, its works
    (how many, how many several articles cite, how references matched them, and conflicts);
    and the inputs left out.
    """
    return {
        "articles": [
            {
                "id": b.id,
                "iri": str(b.name),
                "source": str(b.path),
                "counts": b.summary,
                "notes": [
                    {"kind": n.kind, "line": n.line, "message": n.message, **({"xpath": n.xpath} if n.xpath else {})}
                    for n in b.notes
                ],
            }
            for b in result.built
        ],
        "works": result.works,
        **(
            {"skipped": [{"source": str(f.path), "problems": list(f.problems)} for f in result.failures]}
            if result.failures
            else {}
        ),
    }
