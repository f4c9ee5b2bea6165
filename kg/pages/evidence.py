"""An article's evidence as its page shows it, read from a store through queries (``kg/queries/page``).

Nothing here reads the files a build wrote: the page of a graph built elsewhere, with the same
vocabularies, is the same. Quotes are placed in their sentences by their positions, and only
where the quoted text is there verbatim; otherwise by finding that text in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.identifiers import sequence_key
from kg.pages.anchors import Anchors
from kg.pages.sections import Paragraph, Section, paragraphs, sections_of
from kg.pages.text import Span
from kg.queries.named import named_query, page_query
from kg.queries.sparql import run_query
from kg.stores.store import Store

__all__ = [
    "ArticleEvidence",
    "Citation",
    "Claim",
    "Paragraph",
    "Reference",
    "Section",
    "article_evidence",
    "paragraphs",
]


@dataclass
class Citation:
    """One citation of a claim: the marker as printed, the entry it denotes and the CiTO intent."""

    marker: str
    label: str
    reference: str  # the anchor of the reference list entry, or "" when the entry is not in the list
    intent: str
    work: str


@dataclass
class Claim:
    """A claim with what the page shows on it."""

    anchor: str
    id: str
    kind: str
    statement: str
    quotes: list[str]
    citations: list[Citation] = field(default_factory=list)
    quantities: list[dict[str, str]] = field(default_factory=list)
    placed: bool = False  # whether a quote of it was found in a sentence

    @property
    def cited(self) -> bool:
        """Whether any work backs the claim."""
        return bool(self.citations)


@dataclass
class Reference:
    """An entry of the reference list with its identifiers and the claims that rest on it."""

    anchor: str
    label: str
    name: str
    text: str
    work: str
    title: str
    doi: str
    pmid: str
    pmcid: str
    claims: list[Claim] = field(default_factory=list)
    pointers: int = 0  # the in-text pointers that denote the entry
    sentences: int = 0  # the sentences they stand in


@dataclass
class ArticleEvidence:
    """Everything an article's page shows."""

    iri: str
    id: str
    meta: dict[str, str]
    authors: list[str]
    sections: list[Section]
    claims: list[Claim]
    references: list[Reference]

    @property
    def uncited(self) -> list[Claim]:
        """The claims no citation backs, in reading order."""
        return [c for c in self.claims if not c.cited]

    def kinds(self) -> list[tuple[str, int, int]]:
        """Each kind of claim with its number of claims and of cited claims, most claims first."""
        counts: dict[str, list[int]] = {}
        for claim in self.claims:
            count = counts.setdefault(claim.kind, [0, 0])
            count[0] += 1
            count[1] += claim.cited
        return sorted(((k, n, c) for k, (n, c) in counts.items()), key=lambda row: (-row[1], row[0]))


#: The page queries an article's evidence is read with (``kg/queries/page/<name>.rq``).
_QUERIES = ("article", "authors", "references", "quotes", "citations", "sentences", "pointers", "sections", "positions",
            "exacts", "captions", "floats")  # fmt: skip


def article_evidence(store: Store, article: str, article_id: str) -> ArticleEvidence:
    """Read the evidence of ``article`` (an IRI) from ``store``."""
    values = {"article": f"<{article}>"}
    rows = {name: run_query(store, page_query(name), values).records() for name in _QUERIES}
    _join(rows)
    meta = _least(rows["article"])
    authors = [r.get("name") or " ".join(filter(None, (r.get("given"), r.get("family")))) for r in
               sorted(rows["authors"], key=lambda r: (int(r["position"]), r["role"]))]  # fmt: skip
    anchors = Anchors()
    entry_anchor, references = _references(rows["references"], anchors)
    by_entry = {r.anchor: r for r in references}
    denoting: dict[str, tuple[set[str], set[str]]] = {}  # the citation-counts figures, from the article's pointers
    for row in rows["pointers"]:
        pointers, sentences_of = denoting.setdefault(row["entry"], (set(), set()))
        pointers.add(row["pointer"])
        sentences_of.add(row["sentence"])
    for iri, anchor in entry_anchor.items():
        pointers, sentences_of = denoting.get(iri, (set(), set()))
        by_entry[anchor].pointers, by_entry[anchor].sentences = len(pointers), len(sentences_of)
    claims = _claims(rows["quotes"], rows["citations"], entry_anchor, anchors)
    for row in run_query(store, named_query("quantitative-claims"), values).records():
        claim = claims.get(row.get("claim", ""))
        if claim is not None:
            claim.quantities.append(row)
    ordered_rows = sorted(rows["sentences"], key=lambda r: sorted(r.items()), reverse=True)
    sentences = {r["sentence"]: r for r in ordered_rows}  # one row per sentence: the least, where several
    labels = {r.anchor: r.label or r.name for r in references}
    spans = _spans(rows["quotes"], rows["pointers"], claims, entry_anchor, labels)
    sections = sections_of(rows["sections"], sentences, spans, claims, anchors)
    ordered = _in_reading_order(sections, claims)
    for claim in ordered:
        for citation in claim.citations:
            backing = by_entry.get(citation.reference)
            if backing is not None and claim not in backing.claims:
                backing.claims.append(claim)
    return ArticleEvidence(article, article_id, meta, [a for a in authors if a], sections, ordered, references)


def _join(found: dict[str, list[dict[str, str]]]) -> None:
    """Each part's position (``start``, ``end``) and quoted text (``exact``), and each caption's figure, on its row."""
    positions: dict[str, tuple[int, dict[str, str]]] = {}
    for row in found["positions"]:
        start = row.get("start", "")
        first = int(start) if start.isdigit() else 1 << 62
        if row["node"] not in positions or first < positions[row["node"]][0]:
            positions[row["node"]] = (first, row)
    exacts: dict[str, str] = {}
    for row in found["exacts"]:
        if row["node"] not in exacts or row["exact"] < exacts[row["node"]]:
            exacts[row["node"]] = row["exact"]
    parts = (("sentences", "sentence"), ("quotes", "quote"), ("pointers", "pointer"), ("references", "entry"))
    for name, part in parts:
        for row in found[name]:
            if row.get(part) in positions:
                at = positions[row[part]][1]
                row.update({k: at[k] for k in ("start", "end") if k in at})
            if name == "quotes" and row.get(part) in exacts:
                row["exact"] = exacts[row[part]]
    captions = {r["paragraph"] for r in found["captions"]}
    ordered = sorted(found["floats"], key=lambda r: (r["float"], r.get("label", "")), reverse=True)
    floats = {r["paragraph"]: r for r in ordered}  # the least, where a paragraph belongs to several
    for row in found["sentences"]:
        paragraph = row.get("paragraph", "")
        if paragraph in captions:
            row["caption"] = "true"
        if paragraph in floats:
            row.update(float=floats[paragraph]["float"], label=floats[paragraph].get("label", ""))


def _least(found: list[dict[str, str]]) -> dict[str, str]:
    """One value per field of ``found``'s rows: the least, where a graph holds several."""
    least: dict[str, str] = {}
    for row in found:
        for key, value in row.items():
            if key not in least or value < least[key]:
                least[key] = value
    return least


def _references(found: list[dict[str, str]], anchors: Anchors) -> tuple[dict[str, str], list[Reference]]:
    """The reference list in order, and each entry's anchor by its IRI."""
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in found:
        grouped.setdefault(row["entry"], []).append(row)
    entries = {iri: _least(_of_one_work(held)) for iri, held in grouped.items()}

    def order(item: tuple[str, dict[str, str]]) -> tuple[Any, ...]:
        iri, row = item
        start = row.get("start", "")
        return (sequence_key(row.get("label", "")), int(start) if start.isdigit() else 1 << 62, iri)

    listed: list[Reference] = []
    by_iri: dict[str, str] = {}
    for iri, row in sorted(entries.items(), key=order):
        label = row.get("label", "")
        anchor = by_iri[iri] = anchors.get(f"entry {iri}", f"ref-{label or row.get('name') or len(listed) + 1}")
        get = row.get
        listed.append(Reference(anchor, label, get("name", ""), get("content", ""), get("work", ""), get("title", ""),
                                get("doi", ""), get("pmid", ""), get("pmcid", "")))  # fmt: skip
    return by_iri, listed


def _of_one_work(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows of an entry about one work (the least IRI), so its title and identifiers are that work's."""
    works = sorted(r["work"] for r in rows if "work" in r)
    return [r for r in rows if r.get("work") == works[0]] if works else rows


def _claims(
    quotes: list[dict[str, str]], citations: list[dict[str, str]], entries: dict[str, str], anchors: Anchors
) -> dict[str, Claim]:
    claims: dict[str, Claim] = {}
    for row in sorted(quotes, key=lambda r: (r["claim"], r.get("main") != "true", r["quote"])):
        claim = claims.get(row["claim"])
        if claim is None:
            ident = row.get("id", "") or row["claim"].rsplit("/", 1)[-1]
            claim = claims[row["claim"]] = Claim(
                anchors.get(f"claim {row['claim']}", f"claim-{ident}"), ident, _kind(row.get("kind", "")),
                row.get("statement", ""), [],
            )  # fmt: skip
        exact = row.get("exact", "")
        if exact and exact not in claim.quotes:
            claim.quotes.append(exact)
    seen = set()
    for row in sorted(citations, key=lambda r: (r["claim"], sequence_key(r.get("label", "")), r["work"])):
        claim = claims.get(row["claim"])
        key = (row["claim"], row["work"], row.get("entry", ""), row.get("intent", ""))
        if claim is None or key in seen:
            continue
        seen.add(key)
        reference = entries.get(row.get("entry", ""), "")
        claim.citations.append(Citation(row.get("marker", ""), row.get("label", ""), reference,
                                        _intent(row.get("intent", "")), row["work"]))  # fmt: skip
    return claims


def _kind(local: str) -> str:
    """A class's local name as words: ``CaseObservation`` → ``case observation``."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in local).strip()
    return words or "claim"


def _intent(local: str) -> str:
    """A CiTO property's local name as words: ``citesAsEvidence`` → ``cites as evidence``."""
    return _kind(local) if local else "cites"


def _spans(
    quotes: list[dict[str, str]],
    pointers: list[dict[str, str]],
    claims: dict[str, Claim],
    entries: dict[str, str],
    labels: dict[str, str],
) -> dict[str, list[Span]]:
    """The spans to mark in each sentence: the claims' quotes and the reference pointers."""
    spans: dict[str, list[Span]] = {}
    for row in quotes:
        claim = claims[row["claim"]]
        if row.get("sentence"):
            spans.setdefault(row["sentence"], []).append(
                Span(_number(row.get("start")), _number(row.get("end")), row.get("exact", ""), claim=claim.anchor)
            )
    for row in pointers:
        anchor = entries.get(row["entry"])
        if anchor and row.get("sentence"):
            spans.setdefault(row["sentence"], []).append(
                Span(
                    _number(row.get("start")),
                    _number(row.get("end")),
                    row.get("content", ""),
                    reference=anchor,
                    label=labels.get(anchor, ""),
                )
            )
    return spans


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _in_reading_order(sections: list[Section], claims: dict[str, Claim]) -> list[Claim]:
    """The claims in the order the page shows them: as first quoted, then those placed nowhere, by id."""
    ordered = [claim for paragraph in paragraphs(sections) for claim in paragraph.claims]
    return ordered + sorted((c for c in claims.values() if not c.placed), key=lambda c: (c.id, c.anchor))
