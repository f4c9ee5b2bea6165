from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import InputError, ResolutionError, parse_report, read_report
from kg.readers.markdown_records import Report

from .conftest import REPORT

SEED = REPORT.parent.parent.parent / "shared" / "seed" / "iscm-case-report.txt"


def test_sections_in_reading_order(report: Report) -> None:
    titles = [s.title for s in report.sections]
    assert titles == ["Abstract", "Introduction", "Case Report", "Discussion", "Conclusion", "References", "Figures"]
    assert report.sections[report.reference_section or 0].title == "References"


def test_counts(report: Report) -> None:
    assert len(report.sentences) == 63
    assert len(report.references) == 13
    assert [r.number for r in report.references] == list(range(1, 14))
    assert len(report.citations) == 13
    assert sum(len(c.pointers) for c in report.citations) == 15


def test_metadata(report: Report) -> None:
    meta = report.meta
    assert meta.id == "chiang-2013-iscm"
    assert meta.doi == "10.4172/2329-9126.1000119"
    assert (meta.journal, meta.year, meta.volume, meta.article_number) == ("J Gen Pract", 2013, "1", "119")
    assert [a.family for a in meta.authors] == ["Chiang", "Chen"]
    assert meta.license == "CC BY"
    assert (meta.received, meta.published) == ("2013-07-12", "2013-08-05")


@pytest.mark.parametrize(
    "sentence",
    [
        "The treatment of ISCM could be steroids, radiation, chemotherapy, and surgery.",
        "So we suggest CSF cytology could be routinely performed when intramedullary spinal metastasis is suspected.",
        "Intramedullary spinal cord metastasis (ISCM) is rare (representing approximately 0.1–0.4% of all spinal "
        "cord neoplasms [1]), and nearly 50% of ISCMs arise from primary lung cancer.",
        "A 39-year-old premenopausal woman presented with T2N0M0 left breast cancer treated in 1997 with surgery "
        "followed by anthracycline-based chemotherapy and tamoxifen.",
        "According to the literature, ISCMs co-occur with meningeal carcinomatosis in 15-55% of cases [9].",
    ],
    ids=["discussion-seam-1", "discussion-seam-2", "intro-page-seam", "line-end-hyphen", "hyphen-range-kept"],
)
def test_no_sentence_cut_at_a_seam(report: Report, sentence: str) -> None:
    assert sentence in [s.text for s in report.sentences]


def test_every_sentence_slices_the_file(report: Report) -> None:
    raw = REPORT.read_bytes().decode("utf-8")
    for sentence in report.sentences:
        assert raw[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text
    for ref in report.references:
        assert raw[ref.start : ref.end] == ref.text


def test_figures(report: Report) -> None:
    assert [(f.label, f.number) for f in report.figures] == [("Figure 1", "1"), ("Figure 2", "2")]
    assert report.figures[0].paragraph.sentences[0].text.startswith("Figure 1: The sagittal T2-weighted")


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not beside the checkout")
def test_corpus_keeps_every_word_of_the_seed_in_order_within_paragraphs(report: Report) -> None:
    """The corpus body, as words, is the seed's words: nothing added, dropped or corrected."""
    seed = SEED.read_text(encoding="utf-8").replace("anthracycline-\n", "anthracycline-")
    body = report.text[report.text.index("## Abstract") :]
    body = re.sub(r"^#+ .*$", "", body, flags=re.M)
    seed = re.sub(r"^\s*(Introduction|Case Report|Discussion|Abstract|Conclusion|References)\s*$", "", seed, flags=re.M)
    assert sorted(body.split()) == sorted(seed.split())
    for sentence in ("It remains controversial [5].", "are no clear.", "anaplastic oligoendroglioma [12,13]."):
        assert sentence in body


def _report(body: str) -> str:
    return f"---\nid: t\ntitle: T\n---\n\n## Intro\n\n{body}\n"


REFS = "\n\n## References\n\n1. A (2000) T.\n2. B (2001) U."


ERRORS = {
    "unclosed-front-matter": (
        "---\nid: t\n\n## A\n\nText.\n",
        r"r\.md:1: front matter opened with '---' is never closed",
    ),
    "bad-yaml": ("---\nid: [t\n---\n## A\n\nText.\n", r"r\.md:\d+: front matter is not valid YAML"),
    "control-character-in-yaml": (
        "---\nid: t\ntitle: Evil \x1b[31mRED\n---\n## A\n\nText.\n",
        r"r\.md:3: front matter is not valid YAML: it holds the character U\+001B, which YAML does not allow$",
    ),
    "repeated-key": (
        "---\nid: t\ntitle: T\nid: u\n---\n## A\n\nText.\n",
        r"r\.md:4: key 'id' repeated \(first on line 2\)",
    ),
    "unknown-key": ("---\nid: t\ntitel: T\n---\n## A\n\nText.\n", r"r\.md:3: unknown front matter key 'titel'"),
    "bad-year": ("---\nid: t\ntitle: T\nyear: soon\n---\n## A\n\nText.\n", r"r\.md:4: 'year' must be a four-digit"),
    "text-before-heading": ("---\nid: t\ntitle: T\n---\nStray text.\n", r"r\.md:5: text before the first section"),
    "no-title": ("## A\n\nText.\n", r"r\.md: no title"),
    "title-mismatch": ("---\ntitle: T\n---\n# Other\n\n## A\n\nText.\n", r"r\.md:4: title 'Other' differs"),
    "unnumbered-reference": (
        _report("Text [1].\n\n## References\n\nSmith J (2000) T. J 1: 1."),
        r"r\.md:12: reference list line",
    ),
    "duplicate-reference": (
        _report("Text [1].\n\n## References\n\n1. A (2000) T.\n1. B (2001) U."),
        r"r\.md:13: reference number 1 is printed twice \(first on line 12\)",
    ),
    "backwards-range": (_report("Text [9-4]."), r"r\.md:8: citation marker \[9-4\] has a range that runs backwards"),
    "malformed-marker": (
        _report(f"Text [1,,2].{REFS}"),
        r"r\.md:8: citation marker \[1,,2\] is malformed: expected numbers and ranges separated by commas or "
        r"semicolons, such as \[1\], .* \(write \\\[1,,2\] if it is not a citation\)",
    ),
    "malformed-marker-on-a-wrapped-line": (
        _report(f"First line\nwraps [1-] here.{REFS}"),
        r"r\.md:9: citation marker \[1-\] is malformed",
    ),
    "byte-order-mark": (
        "\ufeff# T\n\n## A\n\nText.\n",
        r"r\.md:1: starts with a UTF-8 byte-order mark; save the report",
    ),
    "reference-number-too-long": (
        _report("Text.\n\n## References\n\n1234567890. A (2000) T."),
        r"r\.md:12: reference list line is not a numbered entry",
    ),
}


def test_error_case_count() -> None:
    assert len(ERRORS) == 16


@pytest.mark.parametrize(("text", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_report(text, Path("r.md"))


def test_plain_markdown_without_front_matter() -> None:
    parsed = parse_report(
        "# A title\n\n## Intro\n\nOne [1]. Two.\n\n## References\n\n[1] Smith J (2000) T.\n", "x/my report.md"
    )
    assert (parsed.meta.id, parsed.meta.title) == ("my-report", "A title")
    assert [s.text for s in parsed.sentences] == ["One [1].", "Two."]
    assert parsed.references[0].text == "Smith J (2000) T."


def test_subsections_nest_and_wrapped_paragraphs_keep_offsets() -> None:
    text = "# T\n\n## Methods\n\n### Patients\n\nFirst line\nwraps here. Next.\n\n## Results\n\nR.\n"
    parsed = parse_report(text, "r.md")
    assert [(s.title, s.parent, s.role) for s in parsed.sections] == [
        ("Methods", None, "methods"),
        ("Patients", 0, None),
        ("Results", None, "results"),
    ]
    first = parsed.sentences[0]
    assert first.text == "First line\nwraps here." == text[first.start : first.end]
    assert first.line == 7


PAST_THE_LIST = {
    "single": ("Text [3].", r"r\.md:8: citation marker \[3\] cites reference 3, but the reference list \(r\.md:10\) has entries 1–2"),
    "huge-range": (
        "Text [1-999999999].",
        r"r\.md:8: citation marker \[1-999999999\] cites reference 3, but the reference list \(r\.md:10\) has entries 1–2",
    ),
    "run": ("Text\nand [2]–[9].", r"r\.md:9: citation marker \[2\]–\[9\] cites reference 3,"),
    "zero": ("Text [0,1].", r"r\.md:8: citation marker \[0,1\] cites reference 0,"),
}  # fmt: skip


@pytest.mark.parametrize(("body", "message"), PAST_THE_LIST.values(), ids=PAST_THE_LIST.keys())
def test_markers_are_checked_against_the_list_before_expansion(body: str, message: str) -> None:
    """The reference list comes last in the file but is read first: no marker is expanded past it."""
    with pytest.raises(ResolutionError, match=message):
        parse_report(_report(body + REFS), Path("r.md"))


def test_escaped_bracket_is_text_and_the_sentence_keeps_the_backslash() -> None:
    text = _report("Seen in \\[2013] on a \\[0–10] scale [2]. Then [1,2].") + REFS[1:] + "\n"
    parsed = parse_report(text, "r.md")
    first, second = parsed.sentences
    assert first.text == "Seen in \\[2013] on a \\[0–10] scale [2]." == text[first.start : first.end]
    assert [(c.text, c.references) for c in first.citations] == [("[2]", ("2",))]
    assert [(c.text, c.references) for c in second.citations] == [("[1,2]", ("1", "2"))]
    assert text[first.citations[0].start : first.citations[0].end] == "[2]"
    assert [(p.reference, text[p.start : p.end]) for p in second.citations[0].pointers] == [("1", "1"), ("2", "2")]


def test_numbers_inside_a_printed_range_point_from_the_range() -> None:
    text = _report("Seen in many [1-3] and [1]–[3].") + REFS[1:] + "\n3. C (2002) V.\n"
    (sentence,) = parse_report(text, "r.md").sentences
    spans = [[(p.reference, text[p.start : p.end], p.expanded) for p in c.pointers] for c in sentence.citations]
    assert spans == [
        [("1", "1", False), ("2", "1-3", True), ("3", "3", False)],
        [("1", "1", False), ("2", "1]–[3", True), ("3", "3", False)],
    ]


def test_a_file_with_a_byte_order_mark_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes("\ufeff# T\n\n## A\n\nText [1].\n\n## References\n\n1. A (2000) T.\n".encode())
    with pytest.raises(InputError, match=rf"{re.escape(str(path))}:1: starts with a UTF-8 byte-order mark"):
        read_report(path)
