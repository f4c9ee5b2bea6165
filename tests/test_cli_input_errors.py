"""Report markers, byte-order marks and unknown keys, end to end through ``kg build``.

Every problem is one line ``kg: error: <file>:<line>: <what>``, the exit status is 1 and
nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kg.cli import main
from kg.namespaces import C4O, DOCO

from .conftest import BIB, REPORT

CLAIMS = REPORT.with_name("chiang-2013-iscm.claims.yaml")
CONCEPTS = REPORT.with_name("concepts.yaml")
SENTENCE = "slower progression of symptoms [10]"


def _inputs(
    tmp_path: Path, report: str | None = None, claims: str | None = None, concepts: str | None = None
) -> dict[str, Path]:
    """Copies of the bundled inputs in ``tmp_path``, with the given texts in place of the originals."""
    paths = {
        "report": tmp_path / "report.md",
        "claims": tmp_path / "claims.yaml",
        "concepts": tmp_path / "concepts.yaml",
    }
    originals = {"report": REPORT, "claims": CLAIMS, "concepts": CONCEPTS}
    for name, text in (("report", report), ("claims", claims), ("concepts", concepts)):
        paths[name].write_bytes(text.encode("utf-8") if text is not None else originals[name].read_bytes())
    return paths


def _build(paths: dict[str, Path], out: Path) -> int:
    args = ["build", "--bib", str(BIB), "--out", str(out)]
    for name in ("report", "claims", "concepts"):
        args += [f"--{name}", str(paths[name])]
    return main(args)


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


def _line(path: Path, fragment: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(fragment)].count("\n") + 1


REPORT_LINE = _line(REPORT, SENTENCE)
LIST_LINE = _line(REPORT, "## References")
MENINGIOMA = _line(CONCEPTS, "{id: meningioma")

#: name → (which file, its edited text, the expected error lines after "kg: error: <file>")
CASES: dict[str, tuple[str, str, list[str]]] = {
    "malformed-marker": (
        "report",
        _edit(REPORT, SENTENCE, "slower progression of symptoms [1,,2]"),
        [f":{REPORT_LINE}: citation marker [1,,2] is malformed: expected numbers and ranges separated by commas"],
    ),
    "dangling-range": (
        "report",
        _edit(REPORT, SENTENCE, "slower progression of symptoms [1-]"),
        [f":{REPORT_LINE}: citation marker [1-] is malformed"],
    ),
    "backwards-range": (
        "report",
        _edit(REPORT, SENTENCE, "slower progression of symptoms [3-1]"),
        [f":{REPORT_LINE}: citation marker [3-1] has a range that runs backwards"],
    ),
    "huge-range-past-the-list": (
        "report",
        _edit(REPORT, SENTENCE, "slower progression of symptoms [1-999999999]"),
        [f":{REPORT_LINE}: citation marker [1-999999999] cites reference 14, but the reference list "
         f"(REPORT:{LIST_LINE}) has entries 1–13"],
    ),
    "byte-order-mark-in-report": (
        "report",
        "\ufeff" + REPORT.read_text(encoding="utf-8"),
        [":1: starts with a UTF-8 byte-order mark; save the report as UTF-8 without one"],
    ),
    "unknown-top-level-claims-key": (
        "claims",
        _edit(CLAIMS, "claims:\n", "claim: []\nclaims:\n"),
        [f":{_line(CLAIMS, 'claims:')}: claims file: unknown key 'claim' (did you mean 'claims'? allowed: claims, report)"],
    ),
    "unknown-claim-key": (
        "claims",
        _edit(CLAIMS, "    kind: novelty\n", "    kind: novelty\n    knd: novelty\n"),
        [f":{_line(CLAIMS, '    kind: novelty') + 1}: claim 'first-conus-iscm-from-breast-with-brain-metastasis': "
         "unknown key 'knd' (did you mean 'kind'? allowed: cites, concepts, id, kind, quantities, quotes, statement)"],
    ),
    "unknown-cite-key": (
        "claims",
        _edit(CLAIMS, "{ref: 9, intent: citesAsEvidence}", "{ref: 9, intent: citesAsEvidence, page: 3}"),
        ["claim 'iscm-meningeal-carcinomatosis-co-occurrence' cite: unknown key 'page' (allowed: intent, ref)"],
    ),
    "unknown-quantity-key": (
        "claims",
        _edit(CLAIMS, "min: 15, max: 55, unit: percent", "min: 15, max: 55, unit: percent, approx: true"),
        ["quantity 'share of ISCM cases with meningeal carcinomatosis': unknown key 'approx' (allowed: max, min,"],
    ),
    "unknown-concept-key": (
        "concepts",
        _edit(CONCEPTS, "{id: meningioma, category: disease,", "{id: meningioma, categry: disease, category: disease,"),
        [f":{_line(CONCEPTS, '{id: meningioma')}: concept 'meningioma': unknown key 'categry' (did you mean 'category'?"],
    ),
    "unknown-top-level-concepts-key": (
        "concepts",
        _edit(CONCEPTS, "concepts:\n", "concept: []\nconcepts:\n"),
        [f":{_line(CONCEPTS, 'concepts:')}: concepts file: unknown key 'concept' (did you mean 'concepts'?"],
    ),
    "every-concept-problem-at-once": (
        "concepts",
        _edit(
            CONCEPTS,
            "{id: meningioma, category: disease, pref: meningioma}",
            "{id: meningioma, category: illness, pref: meningioma}\n"
            "  - {id: cauda-equina, category: anatomy, pref: cauda equina}\n"
            "  - {id: extra, category: disease}\n"
            "  - {id: other, category: disease, pref: other, related: [cauda-equna]}",
        ),
        [
            f":{MENINGIOMA}: concept 'meningioma': unknown category 'illness' (known: anatomy,",
            f":{MENINGIOMA + 2}: concept 'extra': needs a 'pref'",
            f":{_line(CONCEPTS, '{id: cauda-equina') + 3}: concept id 'cauda-equina' repeated (first on line {MENINGIOMA + 1})",
            f":{MENINGIOMA + 3}: concept 'other': related concept 'cauda-equna' is not in the scheme "
            "(did you mean 'cauda-equina'?)",
        ],
    ),
    "related-concept-not-in-scheme": (
        "concepts",
        _edit(CONCEPTS, "{id: meningioma, category: disease, pref: meningioma}",
              "{id: meningioma, category: disease, pref: meningioma, related: [meningiom]}"),
        [f":{_line(CONCEPTS, '{id: meningioma')}: concept 'meningioma': related concept 'meningiom' is not in the scheme "
         "(did you mean 'meningioma'?)"],
    ),
    "non-finite-quantity": (
        "claims",
        _edit(CLAIMS, "min: 15, max: 55, unit: percent", "min: .nan, max: .inf, unit: percent"),
        ["quantity 'share of ISCM cases with meningeal carcinomatosis': 'min' must be a finite number, not nan",
         "quantity 'share of ISCM cases with meningeal carcinomatosis': 'max' must be a finite number, not inf"],
    ),
}  # fmt: skip


def test_case_count() -> None:
    assert len(CASES) == 14


@pytest.mark.parametrize("depth", [400, 5000])  # past Python's recursion limit; past libyaml's own limit
@pytest.mark.parametrize("which", ["claims", "concepts"])
def test_deeply_nested_yaml_is_one_line(
    which: str, depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = {"claims": "report: x\nclaims", "concepts": "concepts"}[which]
    paths = _inputs(tmp_path, **{which: f"{key}: " + "[" * depth + "]" * depth + "\n"})
    assert _build(paths, tmp_path / "out") == 1
    line = 2 if depth > 1000 and which == "claims" else 1  # libyaml names the line the nesting is on
    assert capsys.readouterr().err == f"kg: error: {paths[which]}:{line}: the file is nested too deeply\n"


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_line_per_problem(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    which, text, expected = CASES[case]
    paths = _inputs(tmp_path, **{which: text})
    out = tmp_path / "out"
    assert _build(paths, out) == 1
    err = capsys.readouterr().err.splitlines()
    problems = [line for line in err if line.startswith("kg: error: ")]
    assert len(err) == len(expected) + (which != "report"), err  # a claims or concepts file: a summary line too
    for line, fragment in zip(problems, expected, strict=True):
        prefix = f"kg: error: {paths[which]}"
        if fragment.startswith(":"):
            assert line.replace(f"({paths[which]}:", "(REPORT:").startswith(prefix + fragment), line
        else:
            assert line.startswith(prefix + ":"), line
            assert fragment in line, line
    assert not out.exists()


def test_byte_order_marks_in_yaml_files_are_ignored(tmp_path: Path) -> None:
    paths = _inputs(
        tmp_path,
        claims="\ufeff" + CLAIMS.read_text(encoding="utf-8"),
        concepts="\ufeff" + CONCEPTS.read_text(encoding="utf-8"),
    )
    assert _build(paths, tmp_path / "out") == 0


def test_escaped_bracket_is_kept_as_text(tmp_path: Path) -> None:
    """``\\[2013]`` is not a marker; the sentence stored in the graph is the file's text, backslash included."""
    added = "In \\[2013] the scale ran \\[0–10]."
    paths = _inputs(tmp_path, report=_edit(REPORT, "\n\n## References", f" {added}\n\n## References"))
    out = tmp_path / "out"
    assert _build(paths, out) == 0
    graph = Graph().parse(out / "kg.nt")
    sentences = {
        str(o) for s, _, o in graph.triples((None, C4O.hasContent, None)) if (s, RDF.type, DOCO.Sentence) in graph
    }
    assert added in sentences
    markers = {str(o) for _, _, o in graph.triples((None, C4O.hasContent, None)) if re.fullmatch(r"\[[^\]]*\]", str(o))}
    assert not markers & {"[2013]", "[0–10]"}
    assert (None, C4O.hasContent, Literal("[2013]")) not in graph


def test_every_problem_of_a_claim_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _edit(CLAIMS, "{ref: 9, intent: citesAsEvidence}", "{ref: true, intent: citesAsProof}")
    text = text.replace("min: 15, max: 55, unit: percent}", "min: 55, max: 15, unit: per cent, qualifier: roughly}", 1)
    paths = _inputs(tmp_path, claims=text)
    assert _build(paths, tmp_path / "out") == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 6, err
    for fragment in (
        "'ref' is True",
        "unknown intent 'citesAsProof'",
        "unknown unit 'per cent'",
        "unknown qualifier 'roughly'",
        "min 55 is greater than max 15",
    ):
        assert sum(fragment in line for line in err) == 1, (fragment, err)
    assert err[-1] == "kg: 5 problem(s); nothing written"


def test_a_bare_list_of_claims_is_not_a_claims_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The wrapper is required: ``report:`` names the report, ``claims:`` holds the list."""
    text = CLAIMS.read_text(encoding="utf-8")
    bare = "\n".join(
        line[2:] for line in text[text.index("claims:\n") + 8 :].splitlines() if not line.startswith("  #")
    )
    paths = _inputs(tmp_path, claims=bare)
    assert _build(paths, tmp_path / "out") == 1
    assert capsys.readouterr().err.splitlines() == [
        f"kg: error: {paths['claims']}:1: expected a mapping with 'report' (the report id) and a 'claims' list"
    ]


@pytest.mark.parametrize("iri", ["relative/path", "not an iri", 'http://example.org/"q'])
def test_exact_match_must_be_an_absolute_iri(iri: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _edit(
        CONCEPTS, "{id: meningioma, category: disease, pref: meningioma}",
        f"{{id: meningioma, category: disease, pref: meningioma, exact_match: ['{iri}']}}",
    )  # fmt: skip
    paths = _inputs(tmp_path, concepts=text)
    assert _build(paths, tmp_path / "out") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"kg: error: {paths['concepts']}:{MENINGIOMA}: concept 'meningioma': exact_match {iri!r} is not an "
        "absolute IRI (such as http://..., no spaces)"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["yesterday", "2024", "2024-13-45", "2024-02-30", "2024-01-02T10:00:00"])
def test_front_matter_dates_must_be_dates(value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _edit(REPORT, "published: 2013-08-05", f"published: {value}")
    paths = _inputs(tmp_path, report=text)
    assert _build(paths, tmp_path / "out") == 1
    line = _line(REPORT, "published: 2013-08-05")
    assert capsys.readouterr().err.startswith(
        f"kg: error: {paths['report']}:{line}: 'published' must be a date written YYYY-MM-DD, not "
    )


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        pytest.param(
            "id: chiang-2013-iscm", "id: ''", "'id' must be letters, digits, '.', '_' and '-', not ''", id="empty-id"
        ),
        pytest.param("id: chiang-2013-iscm", "id: a b", "'id' must be letters, digits", id="id-with-space"),
        pytest.param(
            "    given: J. Y.\n",
            "    given: J. Y.\n    orcid: x\n",
            "unknown author key 'orcid' (allowed: family, given)",
            id="author-key",
        ),
    ],
)
def test_front_matter_values(old: str, new: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _inputs(tmp_path, report=_edit(REPORT, old, new))
    assert _build(paths, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kg: error: {paths['report']}:")
    assert says in err
    assert len(err.splitlines()) == 1
