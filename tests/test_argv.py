"""The plain lookups' command lines, read without argparse, give what the full parser gives."""

from __future__ import annotations

import pytest

from kg.arguments import parser
from kg.argv import plain_lookup

ACCEPTED = [
    ["cites", "9"],
    ["cites", "10.1155/2011/989506", "--store", "build/oxigraph"],
    ["cites", "9", "--graph=build/kg.ttl", "--format", "json", "--out", "-"],
    ["cites", "--article", "PMC3166277", "1", "--timeout", "0"],
    ["cites", "9", "--timeout=2.5", "--allow-remote-context", "--store", "http://127.0.0.1:7878/sparql"],
    ["sources", "iscm-lung-primary", "--format=csv", "--out", "x.csv"],
    ["sources", "statement-4", "--article", ""],
    ["cites", "-"],
    ["query", "citation-counts"],
    ["query", "-", "--format", "tsv", "--allow-service"],
    ["query", "claims-about-concept", "--param", "label=ISCM", "--param=article=http://x/a", "--store", "s"],
    ["query", "q.rq", "--param", "x==1", "--out", "r.ttl", "--timeout", "5"],
]
REFUSED = [
    ["cites"],  # no reference
    ["cites", "9", "10"],  # two
    ["cites", "9", "--help"],
    ["cites", "9", "--sto", "x"],  # an abbreviation: the full parser's to expand
    ["cites", "9", "--store", "a", "--graph", "b"],  # refused by the full parser
    ["cites", "9", "--store", "a", "--store", "b"],
    ["cites", "9", "--timeout", "-1"],
    ["cites", "9", "--timeout", "inf"],
    ["cites", "9", "--format", "tsv"],
    ["cites", "9", "--out", ""],
    ["cites", "9", "--article"],
    ["cites", "9", "--article", "--store"],
    ["cites", "-5"],
    ["cites", "--", "9"],
    ["trace", "iscm-lung-primary"],
    ["query", "--list"],
    ["query", "citation-counts", "--article", "x"],  # not an option of kg query
    ["query", "citation-counts", "--param"],
    ["query", "citation-counts", "--allow-service", "--allow-service"],
    ["cites", "9", "--allow-service"],
    ["cites", "9", "--param", "a=b"],
    [],
]


@pytest.mark.parametrize("argv", ACCEPTED, ids=[" ".join(a) for a in ACCEPTED])
def test_a_plain_lookup_reads_as_the_full_parser_reads_it(argv: list[str]) -> None:
    plain = plain_lookup(argv)
    assert plain is not None
    assert vars(plain) == vars(parser(argv[0]).parse_args(argv))


@pytest.mark.parametrize("argv", REFUSED, ids=[" ".join(a) or "(none)" for a in REFUSED])
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert plain_lookup(argv) is None
