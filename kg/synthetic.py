"""Synthetic case reports of any size in kg's input formats, alone or as a corpus, for benchmarks and demos.

One call writes four files into a directory: ``<id>.md`` (front matter, ``##`` sections
with ``###`` subsections, paragraphs with numbered citation markers such as ``[3]``,
``[2,5]`` and ``[4-6]``, figure captions and a numbered reference list), ``references.bib``
(one entry per printed reference, matched by first author, year and title),
``<id>.claims.yaml`` (claims quoting verbatim text of one sentence each, citing only
markers of that sentence) and ``concepts.yaml``. Sentences, references, claims, concepts
and figures all grow with the text; the reference list grows with it up to
:data:`MAX_REFERENCES`. A seeded RNG makes the output the same for the same arguments. A corpus
(:func:`write_corpus`) is a folder of such reports citing works from one shared pool, so that
works repeat across articles. The text is made up: it exercises the pipeline, it is not medicine.

From the command line (``benchmarks/synthetic.py`` is the same)::

    python -m kg.synthetic OUT_DIR --kb 100 [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = ["MAX_REFERENCES", "Synthetic", "reference_pool", "write_corpus", "write_synthetic"]

#: The reference list stops growing at this many entries (a long review article's length).
MAX_REFERENCES = 400

_ADJECTIVES = (
    "intramedullary", "metastatic", "spinal", "progressive", "focal", "diffuse", "contrast-enhancing",
    "hyperintense", "epidural", "leptomeningeal", "primary", "secondary", "recurrent", "systemic",
    "neurological", "histological", "postoperative", "preoperative", "radiological", "cystic",
)  # fmt: skip
_NOUNS = (
    "lesion", "metastasis", "tumor", "carcinoma", "adenocarcinoma", "oedema", "deficit", "weakness",
    "canal", "cord", "root", "plexus", "mass", "nodule", "infiltrate", "syrinx", "glioma", "ependymoma",
    "lymphoma", "melanoma",
)  # fmt: skip
_VERBS = (
    "was associated with", "preceded", "accompanied", "did not predict", "was more frequent than",
    "responded to", "progressed despite", "coexisted with", "resolved after", "was reported alongside",
)  # fmt: skip
_TREATMENTS = (
    "laminectomy", "radiotherapy", "chemotherapy", "corticosteroids", "resection", "decompression",
    "stereotactic radiosurgery", "rehabilitation", "immunotherapy", "observation",
)  # fmt: skip
_FIRST_PARAGRAPH = {"Abstract": 0, "Introduction": 1, "Case Report": 3, "Discussion": 6}
_SUBSECTION = 4  # paragraphs per "###" subsection of the discussion, after its first ones
_SYLLABLES = ("ka", "lo", "mi", "ren", "so", "ta", "vi", "del", "ha", "nor", "pe", "ru", "sa", "ti", "ber", "gu")
_JOURNALS = ("J Neurooncol", "Spine", "Neurosurgery", "Acta Neurochir", "Clin Neurol Neurosurg", "Eur Spine J")
_CATEGORIES = ("anatomy", "disease", "finding", "procedure")
_KINDS = ("epidemiological", "diagnostic", "therapeutic", "prognostic", "mechanistic", "literature", "case")
_INTENTS = ("citesAsEvidence", "citesForInformation", "citesAsRelated", "obtainsSupportFrom", "discusses")
_REPORT_ID = "synthetic-report"


@dataclass(frozen=True)
class Synthetic:
    """The files of one synthetic report and how much they hold."""

    report: Path
    bibliography: Path
    claims: Path
    concepts: Path
    sentences: int
    references: int
    claim_count: int


@dataclass(frozen=True)
class _Reference:
    number: int
    key: str
    authors: tuple[tuple[str, str], ...]  # (family, initials)
    et_al: bool
    year: int
    title: str
    journal: str
    volume: int
    first_page: int


def reference_pool(size: int, seed: int = 1) -> list[_Reference]:
    """``size`` cited works for a corpus of reports to draw on, so that works repeat across reports."""
    rng = random.Random(seed)
    return [_reference(rng, n) for n in range(1, size + 1)]


def write_corpus(folder: str | Path, articles: int, kilobytes: float = 4.0, seed: int = 7) -> list[Synthetic]:
    """Write ``articles`` synthetic reports, each in a folder of its own under ``folder``, citing one shared pool.

    Args:
        folder: Where to write (created if missing): ``a00001/``, ``a00002/``, ...
        articles: How many reports.
        kilobytes: The size of each report's Markdown.
        seed: Seed of the pool; report ``n`` uses seed ``n``.

    Returns:
        Each report's files and counts.
    """
    pool = reference_pool(max(40, articles * 3), seed=seed)
    root = Path(folder)
    return [
        write_synthetic(root / f"a{n:05d}", kilobytes, seed=n, report_id=f"synthetic-{n:05d}", pool=pool)
        for n in range(1, articles + 1)
    ]


def write_synthetic(
    out_dir: str | Path,
    kilobytes: float,
    seed: int = 1,
    report_id: str | None = None,
    pool: list[_Reference] | None = None,
) -> Synthetic:
    """Write a synthetic report of about ``kilobytes`` kB of Markdown, with its bibliography, claims and concepts.

    Args:
        out_dir: Where to write (created if missing).
        kilobytes: The target size of the Markdown report, in units of 1000 bytes.
        seed: Seed of the random choices; the same arguments give the same bytes.
        report_id: The report's id (default: ``synthetic-report``).
        pool: Works to cite (see :func:`reference_pool`): the report cites a sample of them,
            numbered in its own order; by default it cites works of its own.

    Returns:
        The paths written and the counts of sentences, references and claims.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    ident = report_id or _REPORT_ID
    target = int(kilobytes * 1000)
    count = max(8, min(MAX_REFERENCES, round(8 + kilobytes)))
    if pool is None:
        references = [_reference(rng, n) for n in range(1, count + 1)]
    else:
        count = min(count, len(pool))
        picked = sorted(rng.sample(range(len(pool)), count))
        references = [replace(pool[i], number=n) for n, i in enumerate(picked, start=1)]
    concepts = _concepts(max(12, min(600, round(12 + kilobytes * 0.6))))
    listing = "\n".join(f"{r.number}. {_printed(r)}" for r in references)
    figures = max(1, min(40, round(kilobytes / 25)))
    captions = "\n\n".join(
        f"Figure {n}: Sagittal MRI of case {n} showing a {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}."
        for n in range(1, figures + 1)
    )
    head = _front_matter(ident) + f"\n# Synthetic case report {ident}: intramedullary spinal cord metastasis\n"
    tail = f"\n## References\n\n{listing}\n\n## Figures\n\n{captions}\n"
    body, sentences, claims = _body(rng, target - len(head) - len(tail), count, concepts)
    text = head + body + tail
    report = out / f"{ident}.md"
    report.write_text(text, encoding="utf-8")
    bibliography = out / "references.bib"
    bibliography.write_text("\n".join(_bibtex(r) for r in references), encoding="utf-8")
    claims_path = out / f"{ident}.claims.yaml"
    claims_path.write_text(f"report: {ident}\nclaims:\n" + "".join(claims), encoding="utf-8")
    concepts_path = out / "concepts.yaml"
    concepts_path.write_text(
        "concepts:\n" + "".join(f"  - {{id: {i}, category: {c}, pref: {p}}}\n" for i, c, p in concepts),
        encoding="utf-8",
    )
    return Synthetic(report, bibliography, claims_path, concepts_path, sentences, count, len(claims))


def _front_matter(ident: str) -> str:
    return (
        "---\n"
        f"id: {ident}\n"
        f'title: "Synthetic case report {ident}: intramedullary spinal cord metastasis"\n'
        "authors:\n  - family: Example\n    given: A. B.\n  - family: Sample\n    given: C.\n"
        'journal: J Synthetic Cases\nyear: 2024\nvolume: "1"\ngenre: clinical-case-report\nlicense: CC0\n'
        "---\n"
    )


def _surname(number: int) -> str:
    """A family name unique to ``number`` (its digits in base 16, one syllable each)."""
    syllables = []
    value = number + 16
    while value:
        value, digit = divmod(value, 16)
        syllables.append(_SYLLABLES[digit])
    return "".join(syllables).capitalize()


def _reference(rng: random.Random, number: int) -> _Reference:
    authors = [(_surname(number), "".join(rng.choice("ABCDEFGHJKLMNPRST") for _ in range(rng.randint(1, 2))))]
    for _ in range(rng.randint(0, 4)):
        authors.append((_surname(rng.randint(1000, 99999)), rng.choice("ABCDEFGHJKLMNPRST")))
    words = [rng.choice(_ADJECTIVES), rng.choice(_NOUNS), "in", rng.choice(_NOUNS), "cohort", str(number)]
    title = " ".join(words).capitalize() + f": {rng.choice(_TREATMENTS)} and outcome"
    year = rng.randint(1985, 2023)
    return _Reference(
        number, f"{authors[0][0].lower()}{year}n{number}", tuple(authors), rng.random() < 0.3, year, title,
        rng.choice(_JOURNALS), rng.randint(1, 120), rng.randint(1, 900),
    )  # fmt: skip


def _printed(ref: _Reference) -> str:
    names = ", ".join(f"{family} {initials}" for family, initials in ref.authors)
    more = ", et al." if ref.et_al else ""
    pages = f"{ref.first_page}-{ref.first_page + 9}"
    return f"{names}{more} ({ref.year}) {ref.title}. {ref.journal} {ref.volume}: {pages}."


def _bibtex(ref: _Reference) -> str:
    people = [f"{family}, {'. '.join(initials)}." for family, initials in ref.authors]
    if ref.et_al:
        people.append("others")
    return (
        f"@article{{{ref.key},\n  author  = {{{' and '.join(people)}}},\n  title   = {{{ref.title}}},\n"
        f"  journal = {{{ref.journal}}},\n  year    = {{{ref.year}}},\n  volume  = {{{ref.volume}}},\n"
        f"  pages   = {{{ref.first_page}--{ref.first_page + 9}}}\n}}\n"
    )


def _concepts(count: int) -> list[tuple[str, str, str]]:
    """``(id, category, preferred label)`` of ``count`` concepts."""
    found: list[tuple[str, str, str]] = []
    for index in range(count):
        adjective = _ADJECTIVES[index % len(_ADJECTIVES)]
        noun = _NOUNS[(index // len(_ADJECTIVES)) % len(_NOUNS)]
        round_ = index // (len(_ADJECTIVES) * len(_NOUNS))
        label = f"{adjective} {noun}" + (f" type {round_ + 1}" if round_ else "")
        found.append((label.replace(" ", "-"), _CATEGORIES[index % len(_CATEGORIES)], label))
    return found


def _marker(rng: random.Random, references: int) -> tuple[str, tuple[int, ...]]:
    first = rng.randint(1, references)
    form = rng.random()
    if form < 0.6 or first > references - 3:
        return f"[{first}]", (first,)
    if form < 0.85:
        second = rng.randint(first + 1, min(references, first + 20))
        return f"[{first},{second}]", (first, second)
    last = first + rng.randint(2, 3)
    return f"[{first}-{last}]", tuple(range(first, last + 1))


def _sentence(rng: random.Random, number: int, references: int) -> tuple[str, str, tuple[int, ...], int, int]:
    """One sentence, unique by its series number: ``(text, quote, cited numbers, affected, total)``."""
    total = rng.randint(10, 400)
    affected = rng.randint(1, total)
    clause = (
        f"In series {number}, the {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {rng.choice(_VERBS)} "
        f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    )
    rest = f" in {affected} of {total} patients treated with {rng.choice(_TREATMENTS)}"
    if rng.random() < 0.45:
        marker, numbers = _marker(rng, references)
        return f"{clause}{rest} {marker}.", f"{clause}{rest} {marker}", numbers, affected, total
    return f"{clause}{rest}.", clause, (), affected, total


def _claim(
    rng: random.Random, number: int, quote: str, cites: tuple[int, ...], affected: int, total: int,
    concepts: list[tuple[str, str, str]],
) -> str:  # fmt: skip
    about = sorted({rng.choice(concepts)[0] for _ in range(rng.randint(1, 3))})
    lines = [
        f"  - id: claim-{number}\n",
        f"    kind: {rng.choice(_KINDS)}\n",
        f"    statement: {json.dumps(f'Series {number} reports {affected} of {total} patients.')}\n",
        f"    quotes:\n      - {json.dumps(quote, ensure_ascii=False)}\n",
        f"    concepts: [{', '.join(about)}]\n",
    ]
    if cites:
        lines.append(f"    cites: [{', '.join(f'{{ref: {n}, intent: {rng.choice(_INTENTS)}}}' for n in cites)}]\n")
    if rng.random() < 0.4:
        lines.append(
            "    quantities:\n"
            f"      - {{name: patients affected, value: {affected}, unit: count, qualifier: exact}}\n"
            f"      - {{name: share affected, min: 0, max: {round(100 * affected / total, 1)}, unit: percent,"
            " qualifier: approximate}\n"
        )
    return "".join(lines)


def _body(
    rng: random.Random, budget: int, references: int, concepts: list[tuple[str, str, str]]
) -> tuple[str, int, list[str]]:
    """Paragraphs up to ``budget`` characters under growing sections: the text, its sentence count, the claims."""
    parts: list[str] = []
    claims: list[str] = []
    size = 0
    number = 0
    paragraph = 0
    while size < budget or paragraph < _FIRST_PARAGRAPH["Discussion"] + 1:
        heading = _heading(paragraph)
        if heading:
            parts.append(heading)
            size += len(heading)
        sentences = []
        for _ in range(rng.randint(3, 7)):
            number += 1
            text, quote, cites, affected, total = _sentence(rng, number, references)
            sentences.append(text)
            if rng.random() < 0.7:
                claims.append(_claim(rng, number, quote, cites, affected, total, concepts))
        text = "\n" + " ".join(sentences) + "\n"
        parts.append(text)
        size += len(text)
        paragraph += 1
    conclusion = "\n## Conclusion\n\nSynthetic reports exercise every part of the pipeline at scale.\n"
    return "".join(parts) + conclusion, number + 1, claims


def _heading(paragraph: int) -> str:
    """The heading that opens paragraph ``paragraph`` (0-based), if one does."""
    for title, first in _FIRST_PARAGRAPH.items():
        if paragraph == first:
            return f"\n## {title}\n"
    later = paragraph - _FIRST_PARAGRAPH["Discussion"] - _SUBSECTION
    if later >= 0 and later % _SUBSECTION == 0:
        return f"\n### Discussion part {later // _SUBSECTION + 1}\n"
    return ""


def main() -> None:
    """Write one synthetic report from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--kb", type=float, default=100.0, help="target report size in kB (default: 100)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = write_synthetic(args.out_dir, args.kb, args.seed)
    size = made.report.stat().st_size / 1000
    print(f"{made.report}: {size:.1f} kB, {made.sentences} sentences, {made.references} references, "
          f"{made.claim_count} claims")  # fmt: skip


if __name__ == "__main__":
    main()
