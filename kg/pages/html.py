"""Evidence pages rendered as self-contained HTML: Jinja2 templates, every value autoescaped.

Article text is untrusted input: every value goes through Jinja2's autoescaping, so a sentence
holding ``<script>`` or a quote that would end an attribute is shown as text. The page loads
nothing (no fonts, scripts or stylesheets from elsewhere): its stylesheet and its one small
script are inline, and its Content-Security-Policy allows those two alone, by their hashes,
so nothing else could run even if a value escaped its place. It reads well with JavaScript
off; the script only adds the claim filters.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from kg.pages.evidence import ArticleEvidence, Reference, paragraphs
from kg.write.results import terminal_safe

__all__ = ["doi_link", "render_article", "render_index"]

_TEMPLATES = "templates"
#: How many references the summary lists by the claims they carry (the reference list has them all).
_SHOWN = 15


def render_article(evidence: ArticleEvidence, index: str = "") -> str:
    """The page of one article.

    Args:
        evidence: The article as :func:`kg.pages.evidence.article_evidence` reads it.
        index: The link to the corpus index page, if the page has one.
    """
    numbers = {c.anchor: i for i, c in enumerate(evidence.claims, start=1)}
    ends: dict[str, Any] = {}
    for sentence in (s for paragraph in paragraphs(evidence.sections) for s in paragraph.sentences):
        for piece in sentence.pieces:
            for claim in piece.claims:
                ends[f"{sentence.anchor} {claim}"] = piece
    meta = evidence.meta
    carried = sorted((r for r in evidence.references if r.claims), key=lambda r: -len(r.claims))
    return _render(
        "article.html",
        title=meta.get("title") or evidence.id,
        lang=meta.get("language") or "en",
        a=evidence,
        numbers=numbers,
        cited={c.anchor for c in evidence.claims if c.cited},
        ends=ends,
        entries={r.anchor: r for r in evidence.references},
        unplaced=[c for c in evidence.claims if not c.placed],
        carrying=len(carried),
        carried=carried,
        shown=_SHOWN,
        source=_source(meta),
        links=_links(meta),
        licence=meta.get("license") or meta.get("rights") or "",
        index=index,
        identifiers=_identifiers,
        value=_value,
    )


def render_index(title: str, articles: list[dict[str, Any]], works: list[dict[str, Any]]) -> str:
    """The index page of a corpus: its articles with their counts, and its most-cited works."""
    return _render("index.html", title=title, lang="en", articles=articles, works=works)


def doi_link(doi: str) -> str:
    """The doi.org address of a DOI (its characters that have a meaning in a URL percent-encoded)."""
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


#: The templates' environment and the values every page gets, made once per process (a corpus has many pages).
_MADE: dict[str, Any] = {}


def _render(template: str, **values: Any) -> str:
    if not _MADE:
        _MADE.update(_environment())
    return str(_MADE["environment"].get_template(template).render(**_MADE["shared"], **values))


def _environment() -> dict[str, Any]:
    """The Jinja2 environment (autoescaping everything) and the stylesheet, script, hashes and version."""
    from importlib.metadata import PackageNotFoundError, version

    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("kg.pages", _TEMPLATES),
        autoescape=True,
        finalize=_visible,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    style = environment.loader.get_source(environment, "page.css")[0]  # type: ignore[union-attr]
    script = environment.loader.get_source(environment, "filter.js")[0]  # type: ignore[union-attr]
    try:
        release = version("kg")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        release = "0"
    shared = {
        "style": Markup(style),  # kg's own stylesheet, not input
        "script": Markup(script),  # kg's own script, not input
        "style_hash": _hash(style),
        "script_hash": _hash(script),
        "version": release,
    }
    return {"environment": environment, "shared": shared}


def _visible(value: Any) -> Any:
    """A value as a page shows it: text with control characters escaped (kg's own markup as it is)."""
    if isinstance(value, str) and not isinstance(value, Markup) and not value.isprintable():
        return terminal_safe(value)  # HTML may not hold control characters, and they would hide
    return value


def _hash(text: str) -> str:
    """A Content-Security-Policy source for an inline element holding ``text``."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _source(meta: dict[str, str]) -> str:
    """Journal, year, volume(issue):pages or article number, as a reference list prints them."""
    place = meta.get("volume", "")
    if meta.get("issue"):
        place += f"({meta['issue']})"
    pages = "–".join(p for p in (meta.get("first", ""), meta.get("last", "")) if p) or meta.get("number", "")
    if pages:
        place += f":{pages}" if place else pages
    year = meta.get("year") or meta.get("issued", "")[:4]
    return " ".join(p for p in (meta.get("journal", ""), ";".join(p for p in (year, place) if p)) if p)


def _links(meta: dict[str, str]) -> list[tuple[str, str]]:
    """The article's identifiers as links: DOI, PubMed, PubMed Central."""
    links = []
    if meta.get("doi"):
        links.append((f"doi:{meta['doi']}", doi_link(meta["doi"])))
    links += [(f"{label} {text}", href) for label, text, href in _ids(meta.get("pmid", ""), meta.get("pmcid", ""))]
    return links


def _identifiers(reference: Reference) -> list[tuple[str, str, str]]:
    """A reference's identifiers as (label, text, link)."""
    found = [("DOI", reference.doi, doi_link(reference.doi))] if reference.doi else []
    return found + _ids(reference.pmid, reference.pmcid)


def _ids(pmid: str, pmcid: str) -> list[tuple[str, str, str]]:
    found = []
    if pmid.isascii() and pmid.isdigit():
        found.append(("PMID", pmid, f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    number = pmcid[3:] if pmcid[:3].upper() == "PMC" else pmcid
    if number.isascii() and number.isdigit():
        found.append(("PMCID", f"PMC{number}", f"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC{number}/"))
    return found


def _value(quantity: dict[str, str]) -> str:
    """A quantity's value, or its range."""
    if quantity.get("value"):
        return quantity["value"]
    low, high = quantity.get("min", ""), quantity.get("max", "")
    if low and high:
        return f"{low}–{high}"
    return f"≥ {low}" if low else (f"≤ {high}" if high else "")
