"""`kg coverage`: every source sentence is cited by a fact or says why none cites it."""

from __future__ import annotations

import json
import shutil

import pytest

from kg.coverage import Reason, Sentence, coverage
from kg.graph import KnowledgeGraph
from kg.namespaces import DOC, EV, RES, compact
from kg.sources import DOCUMENTS, passages
from tests.conftest import FIXTURES, run_kg

CLUB = FIXTURES / "coverage"
NEWS, LETTER = str(DOC.news), str(DOC.letter)
HEADING = Reason(str(RES.HeadingOnly), "heading only")
EVALUATIVE = Reason(str(RES.EvaluativeSentence), "evaluative sentence")


@pytest.fixture(scope="module")
def club() -> KnowledgeGraph:
    return KnowledgeGraph.load(CLUB)


# ---- the library, on a small graph ------------------------------------------------------------


def test_each_sentence_with_the_facts_citing_it_or_its_reason(club):
    report = club.coverage()
    assert [(d.document, d.file_name) for d in report.documents] == [
        (NEWS, "000_0123456789abcdef.txt"),  # file-name order, not IRI order
        (LETTER, "001_fedcba9876543210.txt"),
    ]
    assert report.sentences == [
        Sentence(str(EV["news-s01"]), NEWS, 1, 0, 9, "Club News", 0, HEADING),
        Sentence(
            str(EV["news-s02"]),
            NEWS,
            2,
            11,
            57,
            "Ana has chaired the Club since March 18, 2015.",
            1,
            None,
        ),
        Sentence(str(EV["news-s03"]), NEWS, 3, 58, 79, "She was born in 1970.", 1, None),
        Sentence(str(EV["news-s04"]), NEWS, 4, 80, 105, "She is a tireless leader.", 0, EVALUATIVE),
        # the term and the birth date both cite the letter's one sentence
        Sentence(
            str(EV["letter-s01"]), LETTER, 1, 0, 35, "Ana, born in 1970, chairs the Club.", 2, None
        ),
    ]
    assert [s.passage for s in report.uncited] == [str(EV["news-s01"]), str(EV["news-s04"])]
    assert report.unexplained == []
    assert report.conforms
    assert report.counts() == {
        "sentences": 5,
        "cited": 3,
        "uncited": 2,
        "explained": 2,
        "unexplained": 0,
    }


def test_a_sentence_without_fact_or_reason_is_a_gap(club):
    graph = club.asserted
    without = graph.__class__()
    for triple in graph:
        if triple[0] != EV["news-s04"] or triple[2] != RES.EvaluativeSentence:
            without.add(triple)
    report = coverage(without)
    assert [s.passage for s in report.unexplained] == [str(EV["news-s04"])]
    assert not report.conforms
    assert report.counts()["unexplained"] == 1


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_stored_query_lists_the_uncited_sentences_with_their_reason(club, engine):
    result = club.run("uncited_sentences", engine=engine)
    assert list(result.variables) == [
        "passage",
        "passageLabel",
        "document",
        "documentLabel",
        "sentence",
        "quote",
        "reason",
        "reasonLabel",
    ]

    def rows(lang: str) -> list[list[str | None]]:
        # IRIs and plain values as text, labels in N-Triples form, with their language tag.
        result = club.run("uncited_sentences", {"lang": lang}, engine=engine)
        return [
            [
                None if t is None else str(t) if name.endswith("Label") else t.value
                for name, t in zip(result.variables, row, strict=True)
            ]
            for row in result.rows
        ]

    news = '"Club news"@en'
    assert rows("en") == [
        [
            str(EV["news-s01"]),
            '"news sentence 1"@en',
            NEWS,
            news,
            "1",
            "Club News",
            str(RES.HeadingOnly),
            '"heading only"@en',
        ],
        [
            str(EV["news-s04"]),
            '"news sentence 4"@en',
            NEWS,
            news,
            "4",
            "She is a tireless leader.",
            str(RES.EvaluativeSentence),
            '"evaluative sentence"@en',
        ],
    ]
    # In Spanish: the reasons have Spanish labels; the passages and the document only English.
    assert [row[7] for row in rows("es")] == ['"solo un encabezado"@es', '"oración valorativa"@es']
    assert [row[:7] for row in rows("es")] == [row[:7] for row in rows("en")]


# ---- the CLI, on a small graph ----------------------------------------------------------------

CLUB_TEXT = """\
“Club news” (fixture; written after 2020-03): 4 sentences, 2 cited
┏━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ sentence ┃ facts ┃ quote                                          ┃
┡━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ s01      │     0 │ Club News                                      │
│ s02      │     1 │ Ana has chaired the Club since March 18, 2015. │
│ s03      │     1 │ She was born in 1970.                          │
│ s04      │     0 │ She is a tireless leader.                      │
└──────────┴───────┴────────────────────────────────────────────────┘
“Letter to the Club” (fixture; written after 2020-03): 1 sentence, 1 cited
┏━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ sentence ┃ facts ┃ quote                               ┃
┡━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ s01      │     2 │ Ana, born in 1970, chairs the Club. │
└──────────┴───────┴─────────────────────────────────────┘
sentences no fact cites:
┏━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ sentence    ┃ reason              ┃ quote                     ┃
┡━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ ev:news-s01 │ heading only        │ Club News                 │
│ ev:news-s04 │ evaluative sentence │ She is a tireless leader. │
└─────────────┴─────────────────────┴───────────────────────────┘
5 sentences: 3 cited, 2 uncited with a reason, 0 uncited without one
"""


def test_cli_text():
    result = run_kg("coverage", "--data", str(CLUB))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == CLUB_TEXT


def reason(iri, label):
    return {"iri": str(iri), "label": label}


CLUB_JSON = {
    "conforms": True,
    "counts": {"sentences": 5, "cited": 3, "uncited": 2, "explained": 2, "unexplained": 0},
    "documents": [
        {
            "document": NEWS,
            "title": "Club news",
            "citation": "“Club news” (fixture; written after 2020-03)",
            "file_name": "000_0123456789abcdef.txt",
            "sentences": [
                {
                    "passage": str(EV["news-s01"]),
                    "sentence": 1,
                    "start": 0,
                    "end": 9,
                    "quote": "Club News",
                    "facts": 0,
                    "reason": reason(RES.HeadingOnly, "heading only"),
                },
                {
                    "passage": str(EV["news-s02"]),
                    "sentence": 2,
                    "start": 11,
                    "end": 57,
                    "quote": "Ana has chaired the Club since March 18, 2015.",
                    "facts": 1,
                    "reason": None,
                },
                {
                    "passage": str(EV["news-s03"]),
                    "sentence": 3,
                    "start": 58,
                    "end": 79,
                    "quote": "She was born in 1970.",
                    "facts": 1,
                    "reason": None,
                },
                {
                    "passage": str(EV["news-s04"]),
                    "sentence": 4,
                    "start": 80,
                    "end": 105,
                    "quote": "She is a tireless leader.",
                    "facts": 0,
                    "reason": reason(RES.EvaluativeSentence, "evaluative sentence"),
                },
            ],
        },
        {
            "document": LETTER,
            "title": "Letter to the Club",
            "citation": "“Letter to the Club” (fixture; written after 2020-03)",
            "file_name": "001_fedcba9876543210.txt",
            "sentences": [
                {
                    "passage": str(EV["letter-s01"]),
                    "sentence": 1,
                    "start": 0,
                    "end": 35,
                    "quote": "Ana, born in 1970, chairs the Club.",
                    "facts": 2,
                    "reason": None,
                },
            ],
        },
    ],
    "uncited": [
        {
            "passage": str(EV["news-s01"]),
            "document": NEWS,
            "sentence": 1,
            "quote": "Club News",
            "reason": reason(RES.HeadingOnly, "heading only"),
        },
        {
            "passage": str(EV["news-s04"]),
            "document": NEWS,
            "sentence": 4,
            "quote": "She is a tireless leader.",
            "reason": reason(RES.EvaluativeSentence, "evaluative sentence"),
        },
    ],
}


def test_cli_json():
    result = run_kg("coverage", "--data", str(CLUB), "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    # The exact text: keys in this order, two-space indent, non-ASCII as written.
    assert result.stdout == json.dumps(CLUB_JSON, ensure_ascii=False, indent=2) + "\n"


@pytest.fixture
def gaps(tmp_path):
    """The club's data with the reasons of the news' sentences 1 and 4 removed as asked."""

    def without(*sentences: str):
        data = tmp_path / "data"
        shutil.copytree(CLUB, data)
        reasons = data / "coverage.ttl"
        lines = reasons.read_text(encoding="utf-8").splitlines(keepends=True)
        reasons.write_text(
            "".join(line for line in lines if not line.startswith(sentences)), encoding="utf-8"
        )
        return data

    return without


def test_a_sentence_without_fact_or_reason_exits_1_naming_it(gaps):
    result = run_kg("coverage", "--data", str(gaps("ev:news-s04 ")))
    assert result.returncode == 1
    assert result.stderr == (
        "kg: error: coverage: 1 sentence cited by no fact and given no reason: ev:news-s04 "
        "(Club news, sentence 4) (cite it from a fact, or record why none does: "
        "akg:notCitedBecause in kg/data/coverage.ttl)\n"
    )
    # The report is still printed, the gap shown as such.
    assert "│ ev:news-s04 │ NO REASON    │ She is a tireless leader. │\n" in result.stdout
    assert result.stdout.endswith(
        "5 sentences: 3 cited, 1 uncited with a reason, 1 uncited without one\n"
    )


def test_several_gaps_are_named_in_order_and_json_says_so(gaps):
    result = run_kg("coverage", "--data", str(gaps("ev:news-s01 ", "ev:news-s04 ")), "-f", "json")
    assert result.returncode == 1
    assert result.stderr == (
        "kg: error: coverage: 2 sentences cited by no fact and given no reason: "
        "ev:news-s01 (Club news, sentence 1), ev:news-s04 (Club news, sentence 4) (cite each "
        "from a fact, or record why none does: akg:notCitedBecause in kg/data/coverage.ttl)\n"
    )
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert report["counts"] == {
        "sentences": 5,
        "cited": 3,
        "uncited": 2,
        "explained": 0,
        "unexplained": 2,
    }
    assert [(u["passage"], u["reason"]) for u in report["uncited"]] == [
        (str(EV["news-s01"]), None),
        (str(EV["news-s04"]), None),
    ]


def test_an_unknown_format_is_exit_2():
    result = run_kg("coverage", "--format", "csv")
    assert result.returncode == 2
    assert "Invalid value for '-f' / '--format': 'csv' is not one of 'text', 'json'" in (
        result.stderr
    )


# ---- the real graph ---------------------------------------------------------------------------

# How many facts (statement nodes) cite each sentence of the two documents today. Adding a fact
# changes a count here: check it against the sentence, then update it.
FACTS_PER_SENTENCE = {
    "oas-biography": [1, 5, 8, 7, 5, 8, 4, 3, 18, 5, 2, 1, 1, 2, 8, 6, 9, 22, 14, 11, 2, 3],
    "encyclopedia-extract": [19, 26, 27, 10, 7, 17, 5, 6, 4, 4, 4, 3, 5, 1, 2, 2, 4, 8, 14, 5],
}
# The sentences no fact cites, with their reason (kg/data/coverage.ttl): none today.
REASONS: dict[str, str] = {}


def test_every_real_sentence_is_cited_or_has_a_reason(real_graph):
    """The acceptance test of issue 7 §5: no sentence of a source document is left unexplained."""
    report = real_graph.coverage()
    assert [compact(s.passage) for s in report.unexplained] == []
    assert report.conforms
    assert {compact(s.passage): s.reason.label for s in report.uncited} == REASONS


def test_real_json_is_every_sentence_of_the_sources_with_its_facts():
    result = run_kg("coverage", "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    # The sentences as kg.sources splits the files in sources/ themselves.
    documents = sorted(DOCUMENTS, key=lambda d: d.filename)
    expected_documents = [
        {
            "document": str(DOC[document.key]),
            "title": document.title,
            "citation": document.citation,
            "file_name": document.filename,
            "sentences": [
                {
                    "passage": str(EV[passage.local_name]),
                    "sentence": passage.number,
                    "start": passage.start,
                    "end": passage.end,
                    "quote": passage.quote,
                    "facts": FACTS_PER_SENTENCE[document.key][passage.number - 1],
                    "reason": None,
                }
                for passage in passages(document)
            ],
        }
        for document in documents
    ]
    expected = {
        "conforms": True,
        "counts": {"sentences": 42, "cited": 42, "uncited": 0, "explained": 0, "unexplained": 0},
        "documents": expected_documents,
        "uncited": [],
    }
    assert result.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_real_text():
    """The whole table, as piped output prints it (160 columns): tests/fixtures/coverage-real.txt.
    After a change to the data, review `kg coverage | diff - tests/fixtures/coverage-real.txt`
    before copying the new output over it; FACTS_PER_SENTENCE holds the same counts."""
    result = run_kg("coverage")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (FIXTURES / "coverage-real.txt").read_text(encoding="utf-8")
    assert result.stdout.endswith(
        "sentences no fact cites: none\n"
        "42 sentences: 42 cited, 0 uncited with a reason, 0 uncited without one\n"
    )
