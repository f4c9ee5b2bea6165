"""Helpers of the evidence-page tests: an HTML reader that keeps what the tests check, and a hostile article."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

#: Elements that hold no content (no end tag).
_VOID = {"meta", "link", "img", "br", "hr", "input", "source", "area", "base", "col", "embed", "track", "wbr"}


class Page(HTMLParser):
    """What a page holds: ids, links, elements by tag, headings, each sentence's and each claim's marked text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: dict[str, list[dict[str, str]]] = {}
        self.headings: list[tuple[int, str]] = []
        self.sentences: dict[str, str] = {}
        self.marked: dict[str, dict[str, str]] = {}  # claim anchor -> sentence id -> the text marked for it there
        self.scripts: list[str] = []
        self._open: list[tuple[str, dict[str, str]]] = []
        self._heading: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags.setdefault(tag, []).append(found)
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []
        if tag == "span" and found.get("class") == "sentence":
            self.sentences[found["id"]] = ""
        if tag == "script":
            self.scripts.append("")
        if tag not in _VOID:
            self._open.append((tag, found))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, _ = self._open.pop()
            if name == tag:
                break
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading is not None:
            self.headings.append((int(tag[1]), "".join(self._heading).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if any(name == "script" for name, _ in self._open):
            self.scripts[-1] += data
            return
        if any(name == "sup" for name, _ in self._open):
            return  # a claim's number after its quote, not the article's text
        sentence = next(
            (a["id"] for n, a in reversed(self._open) if n == "span" and a.get("class") == "sentence"), None
        )
        if sentence is None:
            return
        self.sentences[sentence] += data
        for name, attrs in self._open:
            if name == "mark":
                for claim in attrs.get("data-claims", "").split():
                    held = self.marked.setdefault(claim, {})
                    held[sentence] = held.get(sentence, "") + data


def write_hostile(folder: Path, references: int = 2000) -> Path:
    """A Markdown report whose text, metadata, claims and references are hostile to a page: its path.

    Script tags, quotes that would end an attribute, closing tags, a sentence of 3,000 words, and
    ``references`` entries in its reference list.
    """
    folder.mkdir(parents=True, exist_ok=True)
    long = "A very long sentence " + " ".join(f"word{i}" for i in range(3000)) + " ends here [1]."
    listed = "\n".join(
        f'{i}. Author{i} A (2001) Title {i} <script>alert({i})</script> "quoted". J Test {i}:{i}.'
        for i in range(1, references + 1)
    )
    (folder / "hostile-1.md").write_text(
        f"""---
id: hostile-1
title: "<script>alert('title')</script> & \\"quoted\\" title"
authors:
  - family: "O'Brien <b>"
    given: A.
journal: J <i>Hostile</i>
year: 2024
volume: "1"
license: CC0
---

# <script>alert('title')</script> & "quoted" title

## Abstract <img src=x onerror=alert(1)>

The marker <script>document.title = "pwned"</script> stays text [1]. A quote " onmouseover="alert(1)" x=" must \
not break an attribute [2]. {long} Closing tags </mark></span></p></main> do nothing [3].

## References

{listed}
""",
        encoding="utf-8",
    )
    (folder / "hostile-1.bib").write_text(
        "\n".join(
            f"@article{{ref{i},\n  author = {{Author{i}, A.}},\n  title = {{Title {i} <script>alert({i})</script>}},\n"
            f"  journal = {{J Test}},\n  year = {{2001}},\n  volume = {{{i}}},\n  pages = {{{i}--{i + 1}}}\n}}\n"
            for i in range(1, references + 1)
        ),
        encoding="utf-8",
    )
    (folder / "hostile-1.claims.yaml").write_text(
        """report: hostile-1
claims:
  - id: scripted-claim
    kind: epidemiological
    statement: "<script>alert('statement')</script> is a statement"
    quotes:
      - "The marker <script>document.title = \\"pwned\\"</script> stays text"
  - id: closing-tags
    kind: diagnostic
    statement: "</article></main><b>not bold</b>"
    quotes:
      - "Closing tags </mark></span></p></main> do nothing"
""",
        encoding="utf-8",
    )
    return folder / "hostile-1.md"
