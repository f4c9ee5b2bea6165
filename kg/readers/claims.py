"""Read the curated claims file and check it against the report text.

A claims file (YAML) holds ``report:`` (the report id) and ``claims:``, one entry per
atomic claim; an unknown key at any level is an error::

    report: chiang-2013-iscm
    claims:
    - id: iscm-share-of-spinal-cord-neoplasms
      kind: epidemiological                  # a key of KINDS
      statement: ISCM makes up about 0.1-0.4 % of all spinal cord neoplasms.
      quotes:                                # verbatim; each inside exactly one sentence
        - approximately 0.1–0.4% of all spinal cord neoplasms [1]
      cites: [{ref: 1, intent: citesAsEvidence}]   # printed numbers; CiTO property names
      concepts: [iscm, spinal-cord-neoplasm]        # ids of the concept scheme
      quantities:
        - {name: share of spinal cord neoplasms, min: 0.1, max: 0.4, unit: percent, qualifier: approximate}
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg.errors import InputError, ProblemsError, where
from kg.readers.quantities import QUALIFIERS, UNITS, read_quantity, vertebral_index
from kg.readers.sentence_index import SentenceIndex
from kg.readers.yaml_source import Entry, item_lines, load_yaml, unknown_keys
from kg.records import Article, CitationIntent, Claim, Concept, Quote, sequence_key

__all__ = [
    "CITE_KEYS",
    "CLAIMS_FILE_KEYS",
    "CLAIM_KEYS",
    "INTENTS",
    "KINDS",
    "QUALIFIERS",
    "UNITS",
    "aliases",
    "anchor_claims",
    "check_claims",
    "read_claims",
    "vertebral_index",
]

#: Claim kinds and the kg ontology class of each.
KINDS = {
    "epidemiological": "EpidemiologicalClaim",
    "diagnostic": "DiagnosticClaim",
    "therapeutic": "TherapeuticClaim",
    "prognostic": "PrognosticClaim",
    "mechanistic": "MechanisticClaim",
    "recommendation": "RecommendationClaim",
    "novelty": "NoveltyClaim",
    "literature": "LiteratureClaim",
    "case": "CaseObservation",
    "citation-statement": "CitationStatement",
}

#: CiTO properties a claim may cite a work with.
INTENTS = frozenset(
    {"cites", "citesAsAuthority", "citesAsDataSource", "citesAsEvidence", "citesAsRelated", "citesForInformation",
     "discusses", "obtainsBackgroundFrom", "obtainsSupportFrom"}
)  # fmt: skip

#: Keys of a claims file, of a claim and of a cite.
CLAIMS_FILE_KEYS = frozenset({"report", "claims"})
CLAIM_KEYS = frozenset({"id", "kind", "statement", "quotes", "cites", "concepts", "quantities"})
CITE_KEYS = frozenset({"ref", "intent"})
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def read_claims(path: str | Path) -> tuple[str, list[Claim]]:
    """Read a claims file (structure only; see :func:`anchor_claims` for the text checks).

    Args:
        path: The YAML file.

    Returns:
        The report id it is about, and the claims in file order.

    Raises:
        ProblemsError: Every structural problem found (unknown keys at any level, missing or
            malformed values), each naming the line and claim id.
        InputError: The file is missing, not UTF-8, not YAML, or not a mapping.
    """
    report, claims, problems = _read(Path(path))
    if problems:
        raise ProblemsError(problems)
    assert report is not None
    return report, claims


def check_claims(
    path: str | Path, report: Article, concepts: Sequence[Concept]
) -> tuple[list[Claim], dict[str, tuple[Quote, ...]]]:
    """Read a claims file and check it against its report and concept scheme, reporting every problem at once.

    The structural checks of :func:`read_claims` and the text checks of :func:`anchor_claims`
    (on every claim that is well formed) run together, so one run lists all that is wrong.

    Args:
        path: The claims file.
        report: The report the claims quote.
        concepts: The concept scheme they refer to.

    Returns:
        The claims in file order, each cite naming its reference by id, and the located quotes
        of each, by claim id.

    Raises:
        ProblemsError: Every problem found, in line order.
        InputError: The file is missing, not UTF-8, not YAML, or not a mapping.
    """
    path = Path(path)
    report_id, claims, problems = _read(path)
    if report_id is not None and report_id != report.id:
        problems.append(f"{where(path, 1)}: claims are for report '{report_id}', not '{report.id}'")
    quotes: dict[str, tuple[Quote, ...]] = {}
    try:
        quotes = anchor_claims(claims, report, concepts, path)
    except ProblemsError as exc:
        problems.extend(exc.problems)
    if problems:
        prefix = re.compile(rf"^{re.escape(str(path))}:(\d+):")
        raise ProblemsError(sorted(problems, key=lambda p: int(m[1]) if (m := prefix.match(p)) else 0))
    return [_by_id(claim, report) for claim in claims], quotes


def aliases(article: Article) -> dict[str, str]:
    """The names a cite may give a reference by, other than its id: its printed label and its work's key."""
    named = {r.work.key: r.id for r in article.references if r.work.key}
    named.update({r.sequence: r.id for r in article.references})
    return named


def _by_id(claim: Claim, article: Article) -> Claim:
    """The claim with each cite naming its reference by id (a cite may give the printed label)."""
    ids = {r.id for r in article.references}
    labels = aliases(article)
    cites = tuple(replace(c, ref=c.ref if c.ref in ids else labels.get(c.ref, c.ref)) for c in claim.citations)
    return replace(claim, citations=cites)


def _read(path: Path) -> tuple[str | None, list[Claim], list[str]]:
    """The report id (None if missing), the well-formed claims, and every structural problem."""
    data = load_yaml(path)
    if not isinstance(data, Entry):
        raise InputError(f"{where(path, 1)}: expected a mapping with 'report' (the report id) and a 'claims' list")
    problems = unknown_keys(data, CLAIMS_FILE_KEYS, path, "claims file")
    report, items = data.get("report"), data.get("claims")
    if not isinstance(report, str) or not report.strip():
        line = data.lines.get("report", data.line)
        problems.append(f"{where(path, line)}: claims file: needs 'report', the id of the report the claims are about")
    if not isinstance(items, list):
        line = data.lines.get("claims", data.line)
        problems.append(f"{where(path, line)}: claims file: needs 'claims', a list of claims")
        items = []
    lines = item_lines(items, data.lines.get("claims", data.line))
    claims = [c for c in (_claim(i, line, path, problems) for i, line in zip(items, lines, strict=True)) if c]
    return (report if isinstance(report, str) and report.strip() else None), claims, problems


def anchor_claims(
    claims: Sequence[Claim], report: Article, concepts: Sequence[Concept], path: str | Path
) -> dict[str, tuple[Quote, ...]]:
    """Check the claims against the report and the concept scheme, and locate their quotes.

    Checks: ids are unique; every quote occurs verbatim in exactly one sentence; every cited
    reference (by id or printed label) is cited in a sentence the claim quotes; every concept id exists.

    Args:
        claims: The claims.
        report: The report they quote.
        concepts: The concept scheme.
        path: The claims file, named in messages.

    Returns:
        The located quotes of each claim, by claim id.

    Raises:
        ProblemsError: Every problem found, each naming the line and claim id.
    """
    problems: list[str] = []
    known = {c.id for c in concepts}
    seen: dict[str, int | None] = {}
    anchored: dict[str, tuple[Quote, ...]] = {}
    index = SentenceIndex(report.sentences)
    by_index = {s.index: s for s in report.sentences}
    labels = aliases(report)
    sequence = {r.id: r.sequence for r in report.references}
    for claim in claims:
        at = f"{where(path, claim.line)}: claim '{claim.id}'"
        if claim.id in seen:
            problems.append(f"{at}: id repeated (first on line {seen[claim.id]})")
            continue
        seen[claim.id] = claim.line
        quotes = [q for q in (_locate(text, index, report, at, problems) for text in claim.quotes) if q is not None]
        anchored[claim.id] = tuple(quotes)
        cited = {r for q in quotes for c in by_index[q.sentence].citations for r in c.references}
        for cite in claim.citations:
            if quotes and cite.ref not in cited and labels.get(cite.ref) not in cited:
                there = sorted((sequence.get(r, r) for r in cited), key=sequence_key)
                problems.append(
                    f"{where(path, cite.line)}: claim '{claim.id}' cites reference {cite.ref}, which is not a marker "
                    f"of its quoted sentence (markers there: {', '.join(there) or 'none'})"
                )
        for concept in claim.concepts:
            if concept not in known:
                close = difflib.get_close_matches(concept, sorted(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(f"{at}: unknown concept '{concept}'{hint}")
    if problems:
        raise ProblemsError(problems)
    return anchored


def _locate(text: str, index: SentenceIndex, report: Article, at: str, problems: list[str]) -> Quote | None:
    hits = index.containing(text)
    if len(hits) == 1 and hits[0].text.count(text) == 1:
        sentence = hits[0]
        offset = sentence.start + sentence.text.index(text)
        return Quote(text, offset, offset + len(text), sentence.index)
    if not hits:
        best = difflib.get_close_matches(text, [s.text for s in report.sentences], n=1, cutoff=0.0)
        nearest = f'; nearest sentence: "{best[0][:80]}"' if best else ""
        problems.append(f'{at}: quote "{text[:60]}" is not verbatim in any sentence{nearest}')
        return None
    places = [
        _line_column(report.text, s.start + found.start())
        for s in hits
        for found in re.finditer(re.escape(text), s.text)
    ]
    problems.append(f'{at}: quote "{text[:60]}" occurs {len(places)} times (at {", ".join(places)}): quote more of it')
    return None


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _claim(item: Any, line: int, path: Path, problems: list[str]) -> Claim | None:
    if not isinstance(item, Entry):
        problems.append(f"{where(path, line)}: each claim must be a mapping (with id, kind, statement, quotes, ...)")
        return None
    ident = item.get("id")
    at = f"{where(path, item.line)}: claim '{ident}'"
    before = len(problems)
    problems.extend(unknown_keys(item, CLAIM_KEYS, path, f"claim '{ident}'"))
    if not isinstance(ident, str) or not _ID.match(ident):
        problems.append(f"{at}: 'id' must be lower-case letters, digits and hyphens")
    if item.get("kind") not in KINDS:
        problems.append(f"{at}: unknown kind '{item.get('kind')}' (known: {', '.join(KINDS)})")
    if not isinstance(item.get("statement"), str) or not item["statement"].strip():
        problems.append(f"{at}: needs a one-line 'statement'")
    quotes = item.get("quotes")
    if not isinstance(quotes, list) or not quotes or not all(isinstance(q, str) and q.strip() for q in quotes):
        problems.append(f"{at}: 'quotes' must be a non-empty list of verbatim strings")
    citations = [_citation(c, str(ident), item.line, path, problems) for c in _list(item, "cites", at, problems)]
    quantities = [
        read_quantity(q, str(ident), item.line, path, problems) for q in _list(item, "quantities", at, problems)
    ]
    concepts = _list(item, "concepts", at, problems)
    if not all(isinstance(c, str) for c in concepts):
        problems.append(f"{at}: 'concepts' must be a list of concept ids")
    if len(problems) > before:
        return None
    assert isinstance(ident, str)
    assert isinstance(quotes, list)
    return Claim(
        id=ident,
        kind=item["kind"],
        statement=item["statement"].strip(),
        quotes=tuple(quotes),
        line=item.line,
        citations=tuple(c for c in citations if c is not None),
        concepts=tuple(concepts),
        quantities=tuple(q for q in quantities if q is not None),
    )


def _list(item: Entry, key: str, at: str, problems: list[str]) -> list[Any]:
    """The optional list under ``key`` (absent or empty: no items)."""
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{at}: '{key}' must be a list, not {value!r}")
        return []
    return value


def _citation(value: Any, claim: str, line: int, path: Path, problems: list[str]) -> CitationIntent | None:
    line = getattr(value, "line", line)
    at = f"{where(path, line)}: claim '{claim}'"
    if not isinstance(value, Entry):
        problems.append(f"{at}: each cite must be a mapping {{ref: <printed number>, intent: <CiTO property>}}")
        return None
    before = len(problems)
    problems.extend(unknown_keys(value, CITE_KEYS, path, f"claim '{claim}' cite"))
    ref, intent = value.get("ref"), value.get("intent")
    if isinstance(ref, bool) or not (isinstance(ref, int) or (isinstance(ref, str) and ref.strip())):
        problems.append(
            f"{at}: each cite needs 'ref' (a printed number or reference id) and 'intent'; 'ref' is {ref!r}"
        )
    if intent not in INTENTS:
        problems.append(f"{at}: unknown intent '{intent}' (known: {', '.join(sorted(INTENTS))})")
    if len(problems) > before:
        return None
    return CitationIntent(str(ref).strip(), str(intent), line)
