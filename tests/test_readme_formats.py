"""The README's file-format examples are files that build, and its format references name every key."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.cli import main
from kg.readers.claims import CITE_KEYS, CLAIM_KEYS, CLAIMS_FILE_KEYS, INTENTS, KINDS
from kg.readers.concepts import CATEGORIES, CONCEPT_KEYS
from kg.readers.front_matter import FIELDS
from kg.readers.quantities import QUALIFIERS, QUANTITY_KEYS, UNITS

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FILES = dict(re.findall(r"^`([\w.-]+)`:\n\n```\w+\n(.*?)```", README, flags=re.S | re.M))
BUILD = r"```bash\n(kg build --report tiny\.md[^\n]*)\n```\n\n```text\n(.*?)```"
SECTION = README[README.index("### The report format") : README.index("## The graph")]


def _run(args: list[str]) -> tuple[int, str]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(args)
    return code, printed.getvalue()


def test_the_minimal_example_has_its_four_files() -> None:
    assert sorted(FILES) == ["concepts.yaml", "tiny.bib", "tiny.claims.yaml", "tiny.md"]


def test_the_minimal_example_builds_and_prints_what_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    command, shown = re.findall(BUILD, README, re.S)[0]
    assert _run(shlex.split(command)[1:]) == (0, shown)
    explicit = ["--claims", "tiny.claims.yaml", "--concepts", "concepts.yaml", "--out", "explicit"]
    code, _ = _run(["build", "--report", "tiny.md", "--bib", "tiny.bib", *explicit])
    assert code == 0, capsys.readouterr().err
    graph = Graph().parse(tmp_path / "explicit" / "kg.nt")
    concepts = "http://example.org/kg/concept/"
    assert (URIRef(concepts + "back-pain"), SKOS.related, URIRef(concepts + "spinal-tumour")) in graph
    sentences = [str(s) for s in graph.objects(None, URIRef("http://purl.org/spar/c4o/hasContent"))]
    assert "A 50-year-old man rated his back pain 7 on a \\[0–10] scale." in sentences
    assert not [s for s in sentences if "[0–10]" in s and s.startswith("[")]  # the escaped bracket is no marker


def test_the_one_claim_excerpt_builds_with_the_bundled_report(tmp_path: Path) -> None:
    [excerpt] = [b for b in re.findall(r"```yaml\n(.*?)```", SECTION, re.S) if b.startswith("report: chiang-2013-iscm")]
    claims = tmp_path / "one-claim.yaml"
    claims.write_text(excerpt, encoding="utf-8")
    code, out = _run(["build", "--claims", str(claims), "--out", str(tmp_path / "out")])
    assert code == 0
    assert "claims      1\n  uncited     0\n" in out


def _table_keys(title: str) -> set[str]:
    """The keys in the first column of the README table after ``title``."""
    table = SECTION[SECTION.index(title) :].split("\n\n")[1]
    return {key for row in table.splitlines()[2:] for key in re.findall(r"`([\w_]+)`", row.split("|")[1])}


@pytest.mark.parametrize(
    ("title", "keys"),
    [
        ("**The claims file**", set(CLAIMS_FILE_KEYS)),
        ("A claim:", set(CLAIM_KEYS)),
        ("A cite (", set(CITE_KEYS)),
        ("A quantity (", set(QUANTITY_KEYS)),
        ("**The concepts file**", set(CONCEPT_KEYS)),
    ],
)
def test_format_references_name_every_key(title: str, keys: set[str]) -> None:
    assert _table_keys(title) == keys


def test_format_references_name_every_allowed_value() -> None:
    for value in [*KINDS, *INTENTS, *UNITS, *QUALIFIERS, *CATEGORIES, *FIELDS]:
        assert f"`{value}`" in SECTION, value
