"""Read the curated claims file and check it against the report text.

A claims file (YAML) holds ``report:`` (the report id) and ``claims:``, one entry per
atomic claim::

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
from pathlib import Path
from typing import Any

from kg.errors import InputError, ProblemsError, where
from kg.records import CitationIntent, Claim, Concept, Quantity, Quote, Report
from kg.yaml_source import Entry, load_yaml

__all__ = ["INTENTS", "KINDS", "QUALIFIERS", "UNITS", "anchor_claims", "read_claims", "vertebral_index"]

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
}

#: CiTO properties a claim may cite a work with.
INTENTS = frozenset(
    {"citesAsAuthority", "citesAsDataSource", "citesAsEvidence", "citesAsRelated", "citesForInformation",
     "discusses", "obtainsBackgroundFrom", "obtainsSupportFrom"}
)  # fmt: skip

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

_CLAIM_KEYS = {"id", "kind", "statement", "quotes", "cites", "concepts", "quantities"}
_QUANTITY_KEYS = {"name", "value", "min", "max", "unit", "qualifier", "text"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
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


def read_claims(path: str | Path) -> tuple[str, list[Claim]]:
    """Read a claims file (structure only; see :func:`anchor_claims` for the text checks).

    Args:
        path: The YAML file.

    Returns:
        The report id it is about, and the claims in file order.

    Raises:
        ProblemsError: Every structural problem found, each naming the line and claim id.
        InputError: The file is missing, not UTF-8 or not YAML.
    """
    path = Path(path)
    data = load_yaml(path)
    if not (isinstance(data, Entry) and isinstance(data.get("report"), str) and isinstance(data.get("claims"), list)):
        raise InputError(f"{where(path, 1)}: expected a mapping with 'report' (the report id) and a 'claims' list")
    problems: list[str] = []
    claims = []
    for item in data["claims"]:
        claim = _claim(item, path, problems)
        if claim is not None:
            claims.append(claim)
    if problems:
        raise ProblemsError(problems)
    return data["report"], claims


def anchor_claims(
    claims: Sequence[Claim], report: Report, concepts: Sequence[Concept], path: str | Path
) -> dict[str, tuple[Quote, ...]]:
    """Check the claims against the report and the concept scheme, and locate their quotes.

    Checks: ids are unique; every quote occurs verbatim in exactly one sentence; every cited
    number is a citation marker of a sentence the claim quotes; every concept id exists.

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
    seen: dict[str, int] = {}
    anchored: dict[str, tuple[Quote, ...]] = {}
    for claim in claims:
        at = f"{where(path, claim.line)}: claim '{claim.id}'"
        if claim.id in seen:
            problems.append(f"{at}: id repeated (first on line {seen[claim.id]})")
            continue
        seen[claim.id] = claim.line
        quotes = [q for q in (_locate(text, report, at, problems) for text in claim.quotes) if q is not None]
        anchored[claim.id] = tuple(quotes)
        numbers = {n for q in quotes for m in report.sentences[q.sentence - 1].markers for n in m.numbers}
        for cite in claim.citations:
            if quotes and cite.ref not in numbers:
                markers = sorted(numbers)
                problems.append(
                    f"{where(path, cite.line)}: claim '{claim.id}' cites reference {cite.ref}, which is not a marker "
                    f"of its quoted sentence (markers there: {', '.join(map(str, markers)) or 'none'})"
                )
        for concept in claim.concepts:
            if concept not in known:
                close = difflib.get_close_matches(concept, sorted(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(f"{at}: unknown concept '{concept}'{hint}")
    if problems:
        raise ProblemsError(problems)
    return anchored


def _locate(text: str, report: Report, at: str, problems: list[str]) -> Quote | None:
    hits = [s for s in report.sentences if text in s.text]
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


def _claim(item: Any, path: Path, problems: list[str]) -> Claim | None:
    if not isinstance(item, Entry):
        problems.append(f"{where(path)}: each claim must be a mapping")
        return None
    ident = item.get("id")
    at = f"{where(path, item.line)}: claim '{ident}'"
    before = len(problems)
    for key in sorted(set(item) - _CLAIM_KEYS):
        problems.append(f"{at}: unknown key '{key}'")
    if not isinstance(ident, str) or not _ID.match(ident):
        problems.append(f"{at}: 'id' must be lower-case letters, digits and hyphens")
    if item.get("kind") not in KINDS:
        problems.append(f"{at}: unknown kind '{item.get('kind')}' (known: {', '.join(KINDS)})")
    if not isinstance(item.get("statement"), str) or not item["statement"].strip():
        problems.append(f"{at}: needs a one-line 'statement'")
    quotes = item.get("quotes")
    if not isinstance(quotes, list) or not quotes or not all(isinstance(q, str) and q.strip() for q in quotes):
        problems.append(f"{at}: 'quotes' must be a non-empty list of verbatim strings")
    citations = [_citation(c, item, path, problems) for c in item.get("cites") or []]
    quantities = [_quantity(q, item, at, path, problems) for q in item.get("quantities") or []]
    concepts = item.get("concepts") or []
    if not isinstance(concepts, list) or not all(isinstance(c, str) for c in concepts):
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


def _citation(value: Any, item: Entry, path: Path, problems: list[str]) -> CitationIntent | None:
    line = getattr(value, "line", item.line)
    at = f"{where(path, line)}: claim '{item.get('id')}'"
    if not isinstance(value, Entry) or not isinstance(value.get("ref"), int) or set(value) - {"ref", "intent"}:
        problems.append(f"{at}: each cite needs 'ref' (a number) and 'intent'")
        return None
    if value.get("intent") not in INTENTS:
        problems.append(f"{at}: unknown intent '{value.get('intent')}' (known: {', '.join(sorted(INTENTS))})")
        return None
    return CitationIntent(value["ref"], value["intent"], line)


def _quantity(value: Any, item: Entry, at: str, path: Path, problems: list[str]) -> Quantity | None:
    if not isinstance(value, Entry):
        problems.append(f"{at}: each quantity must be a mapping")
        return None
    unknown = sorted(set(value) - _QUANTITY_KEYS)
    unit, qualifier = value.get("unit"), value.get("qualifier", "exact")
    where_q = f"{where(path, value.line)}: claim '{item.get('id')}' quantity '{value.get('name')}'"
    if unknown or not isinstance(value.get("name"), str):
        problems.append(f"{where_q}: needs a 'name'; allowed keys: {', '.join(sorted(_QUANTITY_KEYS))}")
        return None
    if unit not in UNITS:
        problems.append(f"{where_q}: unknown unit '{unit}' (known: {', '.join(UNITS)})")
        return None
    if qualifier not in QUALIFIERS:
        problems.append(f"{where_q}: unknown qualifier '{qualifier}' (known: {', '.join(QUALIFIERS)})")
        return None
    numbers: dict[str, float | None] = {}
    text = value.get("text")
    for key in ("value", "min", "max"):
        raw = value.get(key)
        if raw is not None and unit == "vertebral-level":
            try:
                raw = vertebral_index(str(raw))
            except ValueError as exc:
                problems.append(f"{where_q}: {exc}")
                return None
        if raw is not None and (isinstance(raw, bool) or not isinstance(raw, (int, float))):
            problems.append(f"{where_q}: '{key}' must be a number, not {raw!r}")
            return None
        numbers[key] = raw
    if unit == "vertebral-level" and text is None:
        text = "–".join(str(value[k]) for k in ("value", "min", "max") if value.get(k) is not None)
    if numbers["value"] is None and numbers["min"] is None and numbers["max"] is None:
        problems.append(f"{where_q}: needs a 'value' or a 'min' and/or 'max'")
        return None
    low, high = numbers["min"], numbers["max"]
    if low is not None and high is not None and low > high:
        problems.append(f"{where_q}: min {value['min']} is greater than max {value['max']}")
        return None
    return Quantity(value["name"], unit, value.line, numbers["value"], low, high, qualifier, text)
