"""One node per work across a corpus: references matched by DOI, PMID, PMCID, then metadata.

Every article of a build and every reference it lists is an occurrence of a work. Occurrences
are joined by a shared DOI (case-folded), then a shared PMID, then a shared PMCID, then the
same first author's family name, year and title (case, accents, punctuation and white space
folded), then the same printed entry. A join is refused when it would put two different
values of a stronger identifier on one work (two DOIs, or one PMID on works with two DOIs);
each refusal, each identifier that carries two titles or years, and each entry that gives two
DOIs is a :class:`Conflict`. A work's IRI is derived from its strongest identifier, so it is
the same in every build and every corpus; an article of the corpus that another article cites
is that work's node.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.builder.identity import BASES, IDENTIFIERS, fold, fullness, iri_path, match_keys
from kg.builder.iris import IRIs, check_base
from kg.records import Article, Work

__all__ = ["BASES", "Conflict", "Match", "WorkIndex", "fold"]

#: What a refused join shared, in words.
_SHARED = {"metadata": "first author, year and title", "text": "printed entry"}
#: Keys a cluster keeps the values of, so that a weaker join never puts two of one kind on a work.
_GUARDED = (*IDENTIFIERS, "metadata")


@dataclass(frozen=True)
class Match:
    """The work of an occurrence: its IRI, how the occurrence was matched, and its description."""

    iri: URIRef
    basis: str
    work: Work


@dataclass(frozen=True)
class Conflict:
    """Data that disagrees about a work, kept apart or reported rather than merged silently."""

    kind: str
    message: str
    occurrences: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """The conflict as JSON-ready data."""
        return {"kind": self.kind, "message": self.message, "occurrences": list(self.occurrences)}


@dataclass
class _Occurrence:
    article: str
    reference: str | None  # None: the article itself
    work: Work
    keys: dict[str, str]

    @property
    def label(self) -> str:
        return self.article if self.reference is None else f"{self.article}#{self.reference}"


@dataclass
class _Cluster:
    members: list[int]
    ids: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in _GUARDED})
    articles: set[str] = field(default_factory=set)


class WorkIndex:
    """The works of a corpus: add every article, then ask for the work of any occurrence.

    Adding is cheap and keeps only each occurrence's bibliographic record; the matching runs
    once, on the first question after the last :meth:`add`, over the occurrences in a fixed
    order (articles by id, references by list position), so it does not depend on the order
    in which articles were added.
    """

    def __init__(self, base: str) -> None:
        """Create an empty index whose IRIs are minted under ``base``."""
        self.base = check_base(base)
        self._occurrences: list[_Occurrence] = []
        self._at: dict[tuple[str, str | None], int] = {}
        self._matches: dict[int, Match] | None = None
        self._conflicts: list[Conflict] = []

    @classmethod
    def of(cls, articles: Iterable[Article], base: str) -> WorkIndex:
        """An index of ``articles``."""
        index = cls(base)
        for article in articles:
            index.add(article)
        return index

    def add(self, article: Article) -> None:
        """Register ``article`` and each reference it lists.

        Raises:
            ValueError: An article with this id was added already.
        """
        if (article.id, None) in self._at:
            raise ValueError(f"article {article.id!r} is in the index already")
        self._matches = None
        self._put(article.id, None, article.meta, "")
        for ref in article.references:
            self._put(article.id, ref.id, ref.work, ref.text)

    def _put(self, article: str, reference: str | None, work: Work, text: str) -> None:
        self._at[(article, reference)] = len(self._occurrences)
        self._occurrences.append(_Occurrence(article, reference, work, match_keys(work, text)))

    def article(self, article_id: str) -> Match:
        """The work node of an added article (``basis`` is how it matched other occurrences)."""
        return self._match(article_id, None)

    def reference(self, article_id: str, reference_id: str) -> Match:
        """The work the entry ``reference_id`` of article ``article_id`` cites."""
        return self._match(article_id, reference_id)

    def _match(self, article: str, reference: str | None) -> Match:
        matches = self._resolved()
        return matches[self._at[(article, reference)]]

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        """Every conflict found, in a fixed order."""
        self._resolved()
        return tuple(self._conflicts)

    def summary(self) -> dict[str, Any]:
        """Counts for the quality report: works, works cited by several articles, matches by basis."""
        matches = self._resolved()
        citing: dict[URIRef, set[str]] = {}
        for at, match in matches.items():
            occurrence = self._occurrences[at]
            if occurrence.reference is not None:
                citing.setdefault(match.iri, set()).add(occurrence.article)
        basis = Counter(m.basis for at, m in matches.items() if self._occurrences[at].reference is not None)
        return {
            "works": len({m.iri for m in matches.values()}),
            "cited": len(citing),
            "cited by several articles": sum(1 for articles in citing.values() if len(articles) > 1),
            "references by basis": {b: basis[b] for b in BASES if basis[b]},
            "conflicts": [c.as_dict() for c in self._conflicts],
        }

    def _resolved(self) -> dict[int, Match]:
        if self._matches is None:
            self._matches = self._resolve()
        return self._matches

    def _resolve(self) -> dict[int, Match]:
        order = sorted(range(len(self._occurrences)), key=self._order)
        parent = {i: i for i in order}
        clusters = {i: _Cluster([i]) for i in order}
        for i in order:
            for kind in _GUARDED:
                if kind in self._occurrences[i].keys:
                    clusters[i].ids[kind].add(self._occurrences[i].keys[kind])
            if self._occurrences[i].reference is None:
                clusters[i].articles.add(self._occurrences[i].article)
        conflicts: list[Conflict] = []
        apart: set[tuple[str, ...]] = set()

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for level, kind in enumerate(BASES[:-1]):
            stronger = _GUARDED[: min(level, len(_GUARDED))]
            groups: dict[str, list[int]] = {}
            for i in order:
                value = self._occurrences[i].keys.get(kind)
                if value is not None:
                    groups.setdefault(value, []).append(i)
            for value, members in groups.items():
                for other in members[1:]:
                    a, b = root(members[0]), root(other)
                    if a == b:
                        continue
                    ids_a, ids_b = clusters[a].ids, clusters[b].ids
                    clash = [k for k in stronger if ids_a[k] and ids_b[k] and ids_a[k] != ids_b[k]]
                    if clusters[a].articles and clusters[b].articles:
                        clash = ["article"]
                    if clash:
                        refused = self._refused(kind, value, clash[0], clusters[a], clusters[b])
                        if refused.occurrences not in apart:  # one report per pair kept apart
                            apart.add(refused.occurrences)
                            conflicts.append(refused)
                        continue
                    parent[b] = a
                    clusters[a].members.extend(clusters[b].members)
                    clusters[a].articles |= clusters[b].articles
                    for k in _GUARDED:
                        clusters[a].ids[k] |= clusters[b].ids[k]
        matches: dict[int, Match] = {}
        minted: set[URIRef] = set()
        for i in sorted((i for i in order if root(i) == i), key=lambda i: self._minting(clusters[i].members)):
            members = sorted(clusters[i].members, key=self._order)
            iri, identity = next((c for c in self._candidates(members) if c[0] not in minted), self._scope(members))
            minted.add(iri)
            canonical = self._canonical(members)
            for m, basis in self._bases(members, identity).items():
                matches[m] = Match(iri, basis, canonical)
            conflicts.extend(self._disagreements(members))
        conflicts.extend(self._extra_dois(order))
        self._conflicts = sorted(set(conflicts), key=lambda c: (c.kind, c.occurrences, c.message))
        return matches

    def _order(self, i: int) -> tuple[str, int]:
        occurrence = self._occurrences[i]
        return (occurrence.article, i)

    def _minting(self, members: list[int]) -> tuple[int, int, tuple[str, int]]:
        """The order works get their IRIs in: articles first, the ones with more identifiers first.

        Only two articles of one identity (kept apart) can want one IRI; the one with more
        identifiers of its own (a DOI, a PMID and a PMCID over a DOI alone) gets it, and the other
        takes its next identifier, or its scope.
        """
        own = [m for m in members if self._occurrences[m].reference is None]
        held = len([k for k in IDENTIFIERS if own and k in self._occurrences[own[0]].keys])
        return (0 if own else 1, -held, self._order(min(members, key=self._order)))

    def _candidates(self, members: list[int]) -> Iterator[tuple[URIRef, dict[str, str]]]:
        """The IRIs a work may have, best first: from its strongest key (the smallest value of a kind) down."""
        for kind in BASES[:-1]:
            for value in sorted({v for m in members if (v := self._occurrences[m].keys.get(kind)) is not None}):
                yield URIRef(f"{self.base}work/{iri_path(kind, value)}"), {kind: value}

    def _scope(self, members: list[int]) -> tuple[URIRef, dict[str, str]]:
        """The IRI of a work nothing identifies: its article's scope, or the entry's."""
        own = [m for m in members if self._occurrences[m].reference is None]
        first = self._occurrences[own[0] if own else members[0]]
        iris = IRIs(self.base, first.article)
        return (iris.scope if first.reference is None else iris.cited(first.reference)), {}

    def _bases(self, members: list[int], identity: dict[str, str]) -> dict[int, str]:
        """Each member's basis: the strongest key it shares with another member or with the IRI."""
        counts = Counter((kind, value) for m in members for kind, value in self._occurrences[m].keys.items())
        bases = {}
        for m in members:
            keys = self._occurrences[m].keys
            shared = [k for k in BASES[:-1] if k in keys and (identity.get(k) == keys[k] or counts[(k, keys[k])] > 1)]
            bases[m] = shared[0] if shared else "none"
        return bases

    def _canonical(self, members: list[int]) -> Work:
        """The description every graph gives the work: the article's own, else the fullest entry."""
        own = [m for m in members if self._occurrences[m].reference is None]
        if own:
            return self._occurrences[own[0]].work
        return max((self._occurrences[m].work for m in members), key=fullness)

    def _disagreements(self, members: list[int]) -> list[Conflict]:
        found: list[Conflict] = []
        for kind in IDENTIFIERS[1:]:
            values = sorted({v for m in members if (v := self._occurrences[m].keys.get(kind))})
            if len(values) > 1:
                labels = tuple(sorted(self._occurrences[m].label for m in members))
                message = f"{self._identity_text(members)} has {len(values)} {kind.upper()}s ({', '.join(values)})"
                found.append(Conflict(f"{kind}s", message, labels))
        for field_name, shown in (("title", "titles"), ("year", "years")):
            seen: dict[str, list[str]] = {}
            for m in members:
                occurrence = self._occurrences[m]
                value = getattr(occurrence.work, field_name)
                if value is not None and str(value).strip():
                    seen.setdefault(fold(str(value)), []).append(occurrence.label)
            if len(seen) > 1:
                named = self._identity_text(members)
                texts = "; ".join(
                    f"{self._printed(members, field_name, key)!r} ({', '.join(where)})"
                    for key, where in sorted(seen.items())
                )
                labels = tuple(sorted(label for ls in seen.values() for label in ls))
                found.append(Conflict(shown, f"{named} has {len(seen)} {shown}: {texts}", labels))
        return found

    def _printed(self, members: list[int], field_name: str, key: str) -> str:
        for m in members:
            value = getattr(self._occurrences[m].work, field_name)
            if value is not None and fold(str(value)) == key:
                return str(value)
        return key

    def _identity_text(self, members: list[int]) -> str:
        for kind in IDENTIFIERS:
            values = sorted({v for m in members if (v := self._occurrences[m].keys.get(kind))})
            if values:
                return f"{kind.upper()} {values[0]}"
        return "one work"

    def _refused(self, kind: str, value: str, clash: str, a: _Cluster, b: _Cluster) -> Conflict:
        shown = f"{kind.upper()} {value}" if kind in IDENTIFIERS else f"the same {_SHARED[kind]}"
        if clash == "article":
            left, right = sorted(a.articles), sorted(b.articles)
            message = f"articles {', '.join(left)} and {', '.join(right)} have {shown}: each keeps its own node"
        elif clash == "metadata":
            message = f"{shown} is on works with different first authors, years or titles: kept apart"
        else:
            left, right = sorted(a.ids[clash]), sorted(b.ids[clash])
            message = (
                f"{shown} is on works with different {clash.upper()}s "
                f"({', '.join(left)} and {', '.join(right)}): kept apart"
            )
        sharing = [m for m in (*a.members, *b.members) if self._occurrences[m].keys.get(kind) == value]
        return Conflict("kept apart", message, tuple(sorted(self._occurrences[m].label for m in sharing)))

    def _extra_dois(self, order: list[int]) -> list[Conflict]:
        found = []
        for i in order:
            occurrence = self._occurrences[i]
            if occurrence.work.other_dois and occurrence.work.doi:
                dois = ", ".join((occurrence.work.doi, *occurrence.work.other_dois))
                count = 1 + len(occurrence.work.other_dois)
                message = f"{occurrence.label} gives {count} DOIs ({dois}); matched by the first"
                found.append(Conflict("dois", message, (occurrence.label,)))
        return found
