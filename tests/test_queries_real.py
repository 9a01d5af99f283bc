"""Every stored query on the real graph, asserting its exact rows, on every engine.

The expected answers are read off the two source documents (sources/), named with the IRIs the data
gives the things the sources name. Where a query counts the graph itself (statistics, what
reasoning adds), the expected rows are computed independently, in Python, from the graph's layers.
Each test runs on the oxigraph engine and on the rdflib reference engine (the `engine` fixture).
"""

from __future__ import annotations

import shlex
from collections import Counter
from datetime import date

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO
from rdflib.xsd_datetime import Duration

from kg import KnowledgeGraph, catalogue, sparql
from kg.engines import ENGINES, QueryResult
from kg.engines.rdflib_engine import to_oxigraph, to_rdflib_graph
from kg.errors import KGError, Location
from kg.namespaces import AKG, DOC, RES, bind_prefixes, compact
from kg.query import execute, python_value, run_stored
from kg.query.formats import format_result
from kg.query.values import PartialDate
from kg.sources import DOCUMENTS, passages

NAMES = bind_prefixes(Graph()).namespace_manager
# The documents as the stored queries name them: by title (dcterms:title).
BIO = "H.E. Mr. Luis Almagro, Secretary General, Organization of American States"
ENC = "Luis Almagro: sentences from the English-language encyclopedia article"
ASSERTED, CATALOGUE, INFERRED = (
    "<https://w3id.org/almagro-kg/graph/asserted>",
    "<https://w3id.org/almagro-kg/graph/catalogue>",
    "<https://w3id.org/almagro-kg/graph/inferred>",
)
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.load()


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    """The engine a test runs its queries on: every test that takes it runs on each."""
    return request.param


# The one known difference between the engines' answers: Oxigraph's store keeps a literal of a
# type derived from xsd:integer (xsd:nonNegativeInteger, xsd:positiveInteger...) as an
# xsd:integer, where rdflib keeps the datatype the data gives. So numeric literals compare by
# value: `show` turns a literal into its Python value (python_value gives an int for either), and
# `answer_graph` writes every integer literal of a graph answer as an xsd:integer.
def show(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | None) -> object:
    """IRIs as prefixed names ("res:MACCIH"), literals as Python values, unbound as None."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return compact(term.value)
    value = python_value(term)
    # A year or month as its text ("2015", "2020-03"), as the expectations below write it.
    return str(value) if isinstance(value, PartialDate) and value.precision != "day" else value


def integer_as_integer(term):
    """An integer literal of any integer datatype as an xsd:integer (see `show`)."""
    if isinstance(term, pyoxigraph.Literal) and not term.language:
        value = python_value(term)
        if isinstance(value, int) and not isinstance(value, bool):
            return pyoxigraph.Literal(str(value), datatype=pyoxigraph.NamedNode(XSD + "integer"))
    return term


def answer_graph(result: QueryResult) -> Graph:
    """A graph answer as an rdflib Graph, integer literals as xsd:integer (see `show`)."""
    return to_rdflib_graph(
        [
            pyoxigraph.Triple(t.subject, t.predicate, integer_as_integer(t.object))
            for t in result.triples
        ]
    )


def as_integers(graph: Graph) -> Graph:
    """An expected graph, integer literals as xsd:integer (see `show`), to compare with answers."""
    return to_rdflib_graph(
        [
            pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), integer_as_integer(to_oxigraph(o)))
            for s, p, o in graph
        ]
    )


class Unordered(list):
    """The rows of a query without ORDER BY, in whatever order the engine gives them: equal to
    a list of the same rows in any order (a multiset)."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, list) and Counter(map(repr, self)) == Counter(map(repr, other))

    def __ne__(self, other: object) -> bool:
        return not self == other


_LABELS: dict[int, dict[str, dict[str, str]]] = {}


def labels_of(kg: KnowledgeGraph) -> dict[str, dict[str, str]]:
    """Every labelled thing's rdfs:label by language tag, read from the full graph by rdflib,
    not by a query."""
    if id(kg) not in _LABELS:
        found: dict[str, dict[str, str]] = {}
        for thing, label in kg.full.subject_objects(RDFS.label):
            assert label.language in catalogue.LANGUAGES, (thing, label)
            assert label.language not in found.get(str(thing), {}), (thing, label)  # uniqueLang
            found.setdefault(str(thing), {})[label.language] = str(label)
        _LABELS[id(kg)] = found
    return _LABELS[id(kg)]


def expected_label(kg: KnowledgeGraph, term, lang: str) -> pyoxigraph.Literal | None:
    """The label the convention gives `term`: its rdfs:label in `lang`, else in the other
    language of the graph, else none (and none for a literal or an unbound value)."""
    if not isinstance(term, pyoxigraph.NamedNode):
        return None
    by_language = labels_of(kg).get(term.value, {})
    for language in (lang, *(other for other in catalogue.LANGUAGES if other != lang)):
        if language in by_language:
            return pyoxigraph.Literal(by_language[language], language=language)
    return None


def check_labels(kg: KnowledgeGraph, result: QueryResult, lang: str) -> list[int]:
    """Assert the label convention on a SELECT answer: each `xLabel` column comes right after
    `x`, and holds, in every row, exactly the label `expected_label` gives x's value (language
    tag included). The positions of the label columns."""
    variables = list(result.variables)
    positions = [i for i, name in enumerate(variables) if name.endswith("Label")]
    for i in positions:
        assert i > 0 and variables[i - 1] + "Label" == variables[i], variables
        for row in result.rows:
            assert row[i] == expected_label(kg, row[i - 1], lang), (variables[i], row)
    return positions


def answer(
    kg: KnowledgeGraph, engine: str, name: str, dataset: str = "full", **params: str
) -> tuple[list[str], list[tuple]]:
    """The stored query's columns and rows (terms as `show` gives them): a list when the query
    has an ORDER BY, else an Unordered list, which compares as a multiset. The label columns
    (`xLabel` after `x`) are checked here, cell by cell, by `check_labels`, and left out of the
    columns and rows returned."""
    result = kg.run(name, params, dataset=dataset, engine=engine)
    assert result.form == "SELECT", name
    skip = check_labels(kg, result, params.get("lang", "en"))
    rows = [tuple(show(term) for i, term in enumerate(row) if i not in skip) for row in result.rows]
    columns = [v for i, v in enumerate(result.variables) if i not in skip]
    ordered = sparql.has_order_by(catalogue.find_query(name).text)
    return columns, rows if ordered else Unordered(rows)


def labelled(kg: KnowledgeGraph, engine: str, name: str, **params: str) -> list[tuple]:
    """The stored query's rows with every column, IRIs compact and literals as N-Triples
    (a label with its language tag: '"Uruguay"@es')."""
    result = kg.run(name, params, engine=engine)
    return [
        tuple(
            None
            if t is None
            else compact(t.value)
            if isinstance(t, pyoxigraph.NamedNode)
            else str(t)
            for t in row
        )
        for row in result.rows
    ]


def test_rows_compare_in_order_only_when_the_query_orders_them():
    assert sparql.has_order_by("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    assert sparql.has_order_by("select * { ?s ?p ?o }\norder\n by desc(?o) limit 3")
    assert not sparql.has_order_by(
        "SELECT ?s WHERE { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }"
    )
    assert not sparql.has_order_by('SELECT ?s WHERE { ?s ?p "ORDER BY" } # ORDER BY ?s')
    assert Unordered([(1, "a"), (2, None)]) == [(2, None), (1, "a")]
    assert [(2, None), (1, "a")] == Unordered([(1, "a"), (2, None)])
    assert Unordered([(1, "a"), (1, "a")]) != [(1, "a")]
    assert Unordered([(1, "a")]) != [(1, "b")]


def sentence(document: str, number: int) -> str:
    """The text of a source sentence, split from the source file itself."""
    found = next(d for d in DOCUMENTS if d.key == document)
    return passages(found)[number - 1].quote


COVERED = {
    "achievements",
    "almagro_actions",
    "almagro_career",
    "almagro_held_post",
    "almagro_meetings_and_requests",
    "almagro_profile",
    "countries_by_event_count",
    "describe_entity",
    "editorial_inferences",
    "elections_and_votes",
    "entities_per_class",
    "entity_neighbourhood",
    "event_links",
    "events_between_dates",
    "events_in_country",
    "facts_about_entity",
    "facts_per_source",
    "facts_stated_by_both_sources",
    "facts_stated_by_one_source",
    "firsts_of_their_kind",
    "icc_referral",
    "inferred_triples_by_property",
    "legal_articles_invoked",
    "legal_instruments_and_articles",
    "missions_and_programmes",
    "organization_hierarchy",
    "organizations_by_kind",
    "other_people_and_roles",
    "passage_selectors",
    "posts_and_holders",
    "quotes_mentioning",
    "reports_and_findings",
    "scandals_and_what_followed",
    "secretary_general_terms",
    "source_disagreements",
    "tagged_with_theme",
    "timeline",
    "transfers_of_people",
    "triples_per_layer",
    "uncited_sentences",
    "who_held_post_on_date",
}
# The story questions (README, "Questions you can ask"): tests/test_story_queries.py.
STORY = {
    "elections_of_person",
    "names_of_entity",
    "person_profile",
    "source_of_fact",
    "what_happened_in",
    "who_did_what_in_country",
}


def test_every_stored_query_has_a_test_here():
    assert set(catalogue.load_catalogue()) == COVERED | STORY


def test_every_example_in_the_headers_runs(kg):
    """On Oxigraph, the CLI's engine (the examples are `kg query` calls): tests/test_engines.py
    compares the engines on every query."""
    engine = "oxigraph"
    for query in catalogue.load_catalogue().values():
        words = shlex.split(query.example)[3:]
        options = dict(zip(words[::2], words[1::2], strict=False))
        params = dict(
            w.split("=", 1) for f, w in zip(words, words[1:], strict=False) if f == "--param"
        )
        dataset = "asserted" if "--asserted" in words else options.get("--dataset", "full")
        lang = options.get("--lang")
        result = run_stored(kg.engine(engine), query, params, dataset, lang=lang)
        assert format_result(result, options.get("--format", "table")), query.name


def test_every_column_of_things_has_its_label_in_the_language_asked_for(kg, engine):
    """The label convention on every stored SELECT: a column that returns things of the graph
    (IRIs that are the subject of a triple) is followed by its label column, whose every cell
    `check_labels` verifies in English and in Spanish; and asking for Spanish changes nothing
    but the labels (no row more or less)."""
    things = {str(subject) for subject in kg.full.subjects()}
    for query in catalogue.load_catalogue().values():
        if query.form != "SELECT":
            continue
        takes_lang = catalogue.LANG_PARAMETER in [p.name for p in query.parameters]
        answers = []
        for lang in catalogue.LANGUAGES:
            result = run_stored(kg.engine(engine), query, lang=lang if takes_lang else None)
            skip = check_labels(kg, result, lang)
            variables = result.variables
            for i, name in enumerate(variables):
                if any(
                    isinstance(row[i], pyoxigraph.NamedNode) and row[i].value in things
                    for row in result.rows
                ):
                    assert variables[i + 1 : i + 2] == (f"{name}Label",), (query.name, name)
            answers.append(
                Counter(tuple(t for i, t in enumerate(row) if i not in skip) for row in result.rows)
            )
        assert answers[0] == answers[1], query.name


def test_the_python_api_example_of_the_readme(kg, engine):
    assert kg.query("who_held_post_on_date", date="2016-01-01", engine=engine) == [
        {
            "holder": str(RES.LuisAlmagro),
            "holderLabel": "Luis Almagro",
            "term": str(RES.AlmagroSecretaryGeneralTerm1),
            "termLabel": "Luis Almagro, Secretary General of the OAS, first term",
            "certainty": "certainly",
            "earliestStart": date(2015, 4, 1),
            "latestStart": date(2015, 12, 31),
            "earliestEnd": date(2020, 3, 20),
            "latestEnd": None,
        }
    ]
    holds = "ASK { res:LuisAlmagro org:holds res:SecretaryGeneralOfTheOAS }"
    assert kg.sparql(holds, engine=engine) is True
    assert kg.sparql(holds, dataset="asserted", engine=engine) is False


# ---- career, posts, terms, elections --------------------------------------------------------


def test_almagro_career(kg, engine):
    # Foreign minister March 1, 2010 – March 1, 2015 (bio s15); senator elected October 2014
    # (bio s20), seat assumed March 2015 for the 48th Legislature, resigned "a few months later"
    # (enc s03); Secretary General first elected March 18, 2015 (bio s04), the 10th (enc s01),
    # re-elected March 20, 2020 (bio s03); ambassador to China for three years, after senior posts
    # in the foreign ministry and the embassies in Germany and Iran (bio s19), undated.
    columns, rows = answer(kg, engine, "almagro_career")
    assert columns == [
        "term",
        "post",
        "organization",
        "start",
        "end",
        "endAsStated",
        "duration",
        "earliestStart",
        "latestEnd",
        "status",
        "ordinal",
        "termNumber",
        "legislature",
        "legislatureNumber",
        "administration",
        "elected",
    ]
    assert rows == [
        (
            "res:AlmagroForeignMinisterTerm",
            "res:MinisterOfForeignAffairsOfUruguay",
            "res:MinistryOfForeignAffairsOfUruguay",
            date(2010, 3, 1),
            date(2015, 3, 1),
            None,
            None,
            date(2010, 3, 1),
            date(2015, 3, 1),
            "ended",
            None,
            None,
            None,
            None,
            "res:MujicaAdministration",
            None,
        ),
        (
            "res:AlmagroSenatorTerm",
            "res:SenatorOfUruguay",
            "res:SenateOfUruguay",
            "2015-03",
            None,
            "a few months later",
            None,
            date(2015, 3, 1),
            date(2015, 12, 31),
            "ended",
            None,
            None,
            "res:FortyEighthLegislatureOfUruguay",
            48,
            None,
            "2014-10",
        ),
        (
            "res:AlmagroSecretaryGeneralTerm1",
            "res:SecretaryGeneralOfTheOAS",
            "res:OAS",
            "2015",
            None,
            None,
            None,
            date(2015, 4, 1),
            None,
            "end not bounded",
            10,
            1,
            None,
            None,
            None,
            date(2015, 3, 18),
        ),
        (
            "res:AlmagroSecretaryGeneralTerm2",
            "res:SecretaryGeneralOfTheOAS",
            "res:OAS",
            None,
            None,
            None,
            None,
            date(2020, 3, 20),
            None,
            "end not bounded",
            10,
            2,
            None,
            None,
            None,
            date(2020, 3, 20),
        ),
        (
            "res:AlmagroAmbassadorToChinaTerm",
            "res:AmbassadorOfUruguayToChina",
            "res:MinistryOfForeignAffairsOfUruguay",
            None,
            None,
            None,
            Duration(years=3),
            None,
            None,
            "end not bounded",
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "res:AlmagroEmbassyInGermanyTerm",
            "res:SeniorDiplomaticPostAtTheEmbassyOfUruguayInGermany",
            "res:EmbassyOfUruguayInGermany",
            None,
            None,
            None,
            None,
            None,
            None,
            "end not bounded",
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "res:AlmagroEmbassyInIranTerm",
            "res:SeniorDiplomaticPostAtTheEmbassyOfUruguayInIran",
            "res:EmbassyOfUruguayInIran",
            None,
            None,
            None,
            None,
            None,
            None,
            "end not bounded",
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "res:AlmagroForeignMinistryPostsTerm",
            "res:SeniorDiplomaticPostInTheForeignMinistryOfUruguay",
            "res:MinistryOfForeignAffairsOfUruguay",
            None,
            None,
            None,
            None,
            None,
            None,
            "end not bounded",
            None,
            None,
            None,
            None,
            None,
            None,
        ),
    ]


def test_secretary_general_terms(kg, engine):
    # 33 of the 34 member states and one abstention (bio s04); no votes given for 2020 (bio s03).
    columns, rows = answer(kg, engine, "secretary_general_terms")
    assert columns == [
        "term",
        "holder",
        "termNumber",
        "ordinal",
        "election",
        "elected",
        "votesFor",
        "electorate",
        "abstentions",
        "start",
        "end",
    ]
    assert rows == [
        (
            "res:AlmagroSecretaryGeneralTerm1",
            "res:LuisAlmagro",
            1,
            10,
            "res:Election2015SecretaryGeneral",
            date(2015, 3, 18),
            33,
            34,
            1,
            "2015",
            None,
        ),
        (
            "res:AlmagroSecretaryGeneralTerm2",
            "res:LuisAlmagro",
            2,
            10,
            "res:Election2020SecretaryGeneral",
            date(2020, 3, 20),
            None,
            None,
            None,
            None,
            None,
        ),
    ]


def held(holder: str, term: str, certainty: str, *bounds) -> tuple:
    return (holder, term, certainty, *bounds)


SG1 = ("res:LuisAlmagro", "res:AlmagroSecretaryGeneralTerm1")
SG1_BOUNDS = (date(2015, 4, 1), date(2015, 12, 31), date(2020, 3, 20), None)
SG2 = ("res:LuisAlmagro", "res:AlmagroSecretaryGeneralTerm2")
SG2_BOUNDS = (date(2020, 3, 20), None, None, None)
FM = ("res:LuisAlmagro", "res:AlmagroForeignMinisterTerm")
FM_BOUNDS = (date(2010, 3, 1), date(2010, 3, 1), date(2015, 3, 1), date(2015, 3, 1))
SENATOR = ("res:LuisAlmagro", "res:AlmagroSenatorTerm")
SENATOR_BOUNDS = (date(2015, 3, 1), date(2015, 3, 31), date(2015, 4, 1), date(2015, 12, 31))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [held(*SG1, "certainly", *SG1_BOUNDS)]),  # the defaults: the SG on 2016-01-01
        ({"date": "2015-03-17"}, []),  # the day before the first election
        # Election day: he took office after resigning his Senate seat "a few months" after
        # March 2015 (enc s03), so the term cannot have begun yet.
        ({"date": "2015-03-18"}, []),
        ({"date": "2015-06-01"}, [held(*SG1, "possibly", *SG1_BOUNDS)]),
        ({"date": "2015-12-31"}, [held(*SG1, "certainly", *SG1_BOUNDS)]),
        # Re-election day: the first term lasted at least until then; the second may have begun.
        (
            {"date": "2020-03-20"},
            [held(*SG1, "certainly", *SG1_BOUNDS), held(*SG2, "possibly", *SG2_BOUNDS)],
        ),
        # After the re-election the sources date neither the end of the first term nor the start
        # of the second.
        (
            {"date": "2021-06-01"},
            [held(*SG1, "possibly", *SG1_BOUNDS), held(*SG2, "possibly", *SG2_BOUNDS)],
        ),
        (
            {"post": "OAS Secretary General", "date": "2023-03-15"},
            [held(*SG1, "possibly", *SG1_BOUNDS), held(*SG2, "possibly", *SG2_BOUNDS)],
        ),
        (
            {"post": "foreign minister of Uruguay", "date": "2012-06-01"},
            [held(*FM, "certainly", *FM_BOUNDS)],
        ),
        (
            {"post": "foreign minister of Uruguay", "date": "2015-03-01"},
            [held(*FM, "certainly", *FM_BOUNDS)],
        ),
        ({"post": "foreign minister of Uruguay", "date": "2015-03-02"}, []),
        ({"post": "foreign minister of Uruguay", "date": "2010-02-28"}, []),
        # Seated in March 2015, resigned "a few months later" (enc s03), in 2015.
        ({"post": "senator", "date": "2015-03-10"}, [held(*SENATOR, "possibly", *SENATOR_BOUNDS)]),
        ({"post": "senator", "date": "2015-04-01"}, [held(*SENATOR, "certainly", *SENATOR_BOUNDS)]),
        ({"post": "senator", "date": "2015-07-01"}, [held(*SENATOR, "possibly", *SENATOR_BOUNDS)]),
        ({"post": "senator", "date": "2016-01-01"}, []),
        # President when he made his request, after the suspension of January 24, 2016 (enc s09).
        (
            {"post": "President of Haiti", "date": "2016-01-24"},
            [
                held(
                    "res:MichelMartelly",
                    "res:MartellyPresidentOfHaitiTerm",
                    "possibly",
                    None,
                    None,
                    date(2016, 1, 24),
                    None,
                )
            ],
        ),
        (
            {"post": "seat on the United Nations Security Council", "date": "2016-06-01"},
            [
                held(
                    "res:Uruguay",
                    "res:UruguayUNSecurityCouncilTerm",
                    "possibly",
                    date(2016, 1, 1),
                    date(2016, 1, 31),
                    None,
                    None,
                )
            ],
        ),
    ],
)
def test_who_held_post_on_date(kg, engine, params, expected):
    columns, rows = answer(kg, engine, "who_held_post_on_date", **params)
    assert columns == [
        "holder", "term", "certainty", "earliestStart", "latestStart", "earliestEnd", "latestEnd"
    ]  # fmt: skip
    assert rows == expected


def test_elections_and_votes(kg, engine):
    # Senator, October 2014 (bio s20); Secretary General, March 18, 2015, 33 of 34, one abstention
    # (bio s04); 33 magistrates, July 2017 (enc s20); re-election March 20, 2020 (bio s03); the
    # Haitian second round, suspended (enc s09): postponed, undated, no one elected; Uruguay's
    # election to the Security Council seat, undated (bio s18).
    columns, rows = answer(kg, engine, "elections_and_votes")
    assert columns == [
        "election",
        "post",
        "elected",
        "date",
        "votesFor",
        "electorate",
        "abstentions",
        "round",
        "numberElected",
        "status",
    ]
    assert rows == [
        (
            "res:UruguayNationalElections2014",
            "res:SenatorOfUruguay",
            "res:LuisAlmagro",
            "2014-10",
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "res:Election2015SecretaryGeneral",
            "res:SecretaryGeneralOfTheOAS",
            "res:LuisAlmagro",
            date(2015, 3, 18),
            33,
            34,
            1,
            None,
            None,
            None,
        ),
        (
            "res:Election2017VenezuelanMagistrates",
            "res:VenezuelanMagistrate",
            "res:MagistratesElectedInJuly2017",
            "2017-07",
            None,
            None,
            None,
            None,
            33,
            None,
        ),
        (
            "res:Election2020SecretaryGeneral",
            "res:SecretaryGeneralOfTheOAS",
            "res:LuisAlmagro",
            date(2020, 3, 20),
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "res:HaitiPresidentialElectionSecondRound",
            "res:PresidentOfHaiti",
            None,
            None,
            None,
            None,
            None,
            2,
            None,
            "schema:EventPostponed",
        ),
        (
            "res:UruguayElectionToTheUNSecurityCouncil",
            "res:SeatOnTheUNSecurityCouncil",
            "res:Uruguay",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ),
    ]


def test_posts_and_holders(kg, engine):
    columns, rows = answer(kg, engine, "posts_and_holders")
    assert columns == ["post", "organization", "heads", "accreditedTo", "singleHolder", "holder"]
    assert rows == [
        (
            "res:AmbassadorOfUruguayToChina",
            "res:MinistryOfForeignAffairsOfUruguay",
            None,
            "res:China",
            True,
            "res:LuisAlmagro",
        ),
        (
            "res:MinisterOfForeignAffairsOfUruguay",
            "res:MinistryOfForeignAffairsOfUruguay",
            None,
            None,
            True,
            "res:LuisAlmagro",
        ),
        ("res:PresidentOfHaiti", "res:GovernmentOfHaiti", None, None, True, "res:MichelMartelly"),
        (
            "res:PresidentOfHonduras",
            "res:GovernmentOfHonduras",
            None,
            None,
            True,
            "res:JuanOrlandoHernandez",
        ),
        ("res:PresidentOfPeru", "res:GovernmentOfPeru", None, None, True, "res:DinaBoluarte"),
        ("res:PresidentOfUruguay", "res:GovernmentOfUruguay", None, None, True, "res:JoseMujica"),
        # "the Prosecutor of the International Criminal Court" (enc s19): no office is named
        ("res:ProsecutorOfTheICC", "res:InternationalCriminalCourt", None, None, True, None),
        (
            "res:SeatOnTheUNSecurityCouncil",
            "res:UNSecurityCouncil",
            None,
            None,
            False,
            "res:Uruguay",
        ),
        (
            "res:SecretaryGeneralOfTheOAS",
            "res:OAS",
            "res:OASGeneralSecretariat",
            None,
            True,
            "res:LuisAlmagro",
        ),
        ("res:SenatorOfUruguay", "res:SenateOfUruguay", None, None, False, "res:LuisAlmagro"),
        (
            "res:SeniorDiplomaticPostAtTheEmbassyOfUruguayInGermany",
            "res:EmbassyOfUruguayInGermany",
            None,
            None,
            False,
            "res:LuisAlmagro",
        ),
        (
            "res:SeniorDiplomaticPostAtTheEmbassyOfUruguayInIran",
            "res:EmbassyOfUruguayInIran",
            None,
            None,
            False,
            "res:LuisAlmagro",
        ),
        (
            "res:SeniorDiplomaticPostInTheForeignMinistryOfUruguay",
            "res:MinistryOfForeignAffairsOfUruguay",
            None,
            None,
            False,
            "res:LuisAlmagro",
        ),
        ("res:VenezuelanMagistrate", None, None, None, False, "res:MagistratesElectedInJuly2017"),
    ]


@pytest.mark.parametrize(
    ("post", "dataset", "expected"),
    [
        ("SecretaryGeneralOfTheOAS", "full", True),
        ("SecretaryGeneralOfTheOAS", "asserted", False),  # org:holds is only in the inferred layer
        ("foreign minister of Uruguay", "full", True),
        ("President of Haiti", "full", False),
    ],
)
def test_almagro_held_post(kg, engine, post, dataset, expected):
    result = kg.run("almagro_held_post", {"post": post}, dataset=dataset, engine=engine)
    assert (result.form, result.boolean) == ("ASK", expected)


def test_other_people_and_roles(kg, engine):
    # Mujica's government (bio s17), Martelly (enc s09), Hernández (enc s11), Boluarte (enc s08),
    # Abascal of Vox (enc s07), the Maduro dictatorship (enc s20). A head of an organization is
    # a member of it (org:headOf is a sub-property of org:memberOf).
    columns, rows = answer(kg, engine, "other_people_and_roles")
    assert columns == ["person", "role", "what"]
    assert rows == [
        ("res:DinaBoluarte", "org:holds", "res:PresidentOfPeru"),
        ("res:JoseMujica", "org:headOf", "res:MujicaAdministration"),
        ("res:JoseMujica", "org:holds", "res:PresidentOfUruguay"),
        ("res:JoseMujica", "org:memberOf", "res:MujicaAdministration"),
        ("res:JuanOrlandoHernandez", "org:holds", "res:PresidentOfHonduras"),
        ("res:MichelMartelly", "org:holds", "res:PresidentOfHaiti"),
        ("res:NicolasMaduro", "org:headOf", "res:MaduroDictatorship"),
        ("res:NicolasMaduro", "org:memberOf", "res:MaduroDictatorship"),
        ("res:SantiagoAbascal", "org:memberOf", "res:Vox"),
    ]


def test_almagro_profile(kg, engine):
    # Born June 1, 1963, Uruguayan lawyer, diplomat and politician (enc s01); seven children
    # (bio s21); Spanish, English and French (bio s22); "H.E. Mr." (bio s01).
    columns, rows = answer(kg, engine, "almagro_profile")
    assert columns == ["property", "value"]
    assert rows == [
        ("schema:birthDate", date(1963, 6, 1)),
        ("schema:hasOccupation", "res:Diplomat"),
        ("schema:hasOccupation", "res:Lawyer"),
        ("schema:hasOccupation", "res:Politician"),
        ("schema:honorificPrefix", "H.E. Mr."),
        ("schema:knowsLanguage", "res:English"),
        ("schema:knowsLanguage", "res:French"),
        ("schema:knowsLanguage", "res:Spanish"),
        ("schema:nationality", "res:Uruguay"),
        ("akg:fullName", "Luis Leonardo Almagro Lemes"),
        ("akg:numberOfChildren", 7),
        ("akg:pronunciation", "[ˈlwis alˈmaɣɾo]"),
    ]


# ---- organizations, missions, legal instruments ---------------------------------------------


def test_missions_and_programmes(kg, engine):
    # MACCIH: drove its creation (bio s09); MAPP: increased support (bio s09); he champions both,
    # the human rights system, the judicial facilitators, electoral cooperation and observation
    # missions (enc s06), which he also reinvigorated and expanded (bio s09).
    columns, rows = answer(kg, engine, "missions_and_programmes")
    assert columns == ["unit", "kind", "country", "topic", "action"]
    championing = "res:ChampioningKeyOASInitiatives"
    assert rows == [
        (
            "res:MACCIH",
            "akg:Mission",
            "res:Honduras",
            "res:FightAgainstCorruptionAndImpunity",
            championing,
        ),
        (
            "res:MACCIH",
            "akg:Mission",
            "res:Honduras",
            "res:FightAgainstCorruptionAndImpunity",
            "res:CreationOfMACCIH",
        ),
        ("res:MAPP", "akg:Mission", "res:Colombia", "res:PeaceProcess", championing),
        (
            "res:MAPP",
            "akg:Mission",
            "res:Colombia",
            "res:PeaceProcess",
            "res:IncreasedOASSupportForMAPP",
        ),
        (
            "res:InterAmericanHumanRightsSystem",
            "akg:Programme",
            None,
            "res:HumanRights",
            championing,
        ),
        ("res:InterAmericanJudicialFacilitatorsProgram", "akg:Programme", None, None, championing),
        ("res:OASElectoralCooperation", "akg:Programme", None, "res:Elections", championing),
        (
            "res:OASElectoralObservationMissions",
            "akg:Programme",
            None,
            "res:ElectoralObservation",
            championing,
        ),
        (
            "res:OASElectoralObservationMissions",
            "akg:Programme",
            None,
            "res:ElectoralObservation",
            "res:ExpansionOfOASElectoralObservationMissions",
        ),
    ]


def test_organization_hierarchy(kg, engine):
    columns, rows = answer(kg, engine, "organization_hierarchy")
    assert columns == ["unit", "partOf", "direct"]
    assert rows == [
        ("res:MinistryOfForeignAffairsOfUruguay", "res:GovernmentOfUruguay", True),
        ("res:MACCIH", "res:OAS", True),
        ("res:MAPP", "res:OAS", True),
        ("res:OASGeneralSecretariat", "res:OAS", True),
        ("res:UNSecurityCouncil", "res:UnitedNations", True),
    ]


def test_organizations_by_kind(kg, engine):
    columns, rows = answer(kg, engine, "organizations_by_kind")
    assert columns == [
        "organization",
        "kind",
        "country",
        "location",
        "headedBy",
        "politicalPosition",
    ]
    assert rows == [
        (
            "res:HonduranSocialSecuritySystem",
            "org:FormalOrganization",
            "res:Honduras",
            None,
            None,
            None,
        ),
        ("res:HonduranLocalMedia", "org:Organization", "res:Honduras", None, None, None),
        ("res:MagistratesElectedInJuly2017", "org:Organization", None, None, None, None),
        ("res:PanelOfIndependentExperts", "org:Organization", None, None, None, None),
        (
            "res:OASGeneralSecretariat",
            "org:OrganizationalUnit",
            None,
            None,
            "res:SecretaryGeneralOfTheOAS",
            None,
        ),
        ("res:UNSecurityCouncil", "org:OrganizationalUnit", None, None, None, None),
        ("res:InternationalCriminalCourt", "akg:Court", None, None, None, None),
        ("res:EmbassyOfUruguayInGermany", "akg:Embassy", "res:Uruguay", "res:Germany", None, None),
        ("res:EmbassyOfUruguayInIran", "akg:Embassy", "res:Uruguay", "res:Iran", None, None),
        ("res:MadridForum", "akg:Forum", None, None, None, "res:AntiLeftism"),
        ("res:GovernmentOfHaiti", "akg:Government", "res:Haiti", None, None, None),
        ("res:GovernmentOfHonduras", "akg:Government", "res:Honduras", None, None, None),
        ("res:GovernmentOfPeru", "akg:Government", "res:Peru", None, None, None),
        ("res:GovernmentOfUruguay", "akg:Government", "res:Uruguay", None, None, None),
        ("res:MaduroDictatorship", "akg:Government", "res:Venezuela", None, None, None),
        ("res:MujicaAdministration", "akg:Government", "res:Uruguay", None, None, None),
        ("res:OAS", "akg:IntergovernmentalOrganization", None, None, None, None),
        ("res:UnitedNations", "akg:IntergovernmentalOrganization", None, None, None, None),
        ("res:FortyEighthLegislatureOfUruguay", "akg:Legislature", "res:Uruguay", None, None, None),
        ("res:NationalAssemblyOfVenezuela", "akg:Legislature", "res:Venezuela", None, None, None),
        ("res:SenateOfUruguay", "akg:Legislature", "res:Uruguay", None, None, None),
        ("res:MinistryOfForeignAffairsOfUruguay", "akg:Ministry", "res:Uruguay", None, None, None),
        ("res:MACCIH", "akg:Mission", "res:Honduras", None, None, None),
        ("res:MAPP", "akg:Mission", "res:Colombia", None, None, None),
        ("res:Vox", "akg:PoliticalParty", "res:Spain", None, None, "res:FarRight"),
        ("res:GRULAC", "akg:RegionalGroup", None, None, None, None),
    ]


def test_legal_instruments_and_articles(kg, engine):
    columns, rows = answer(kg, engine, "legal_instruments_and_articles")
    assert columns == ["instrument", "article", "number", "invocations"]
    assert rows == [
        ("res:InterAmericanDemocraticCharter", "res:IADCArticle20", 20, 1),
        ("res:RomeStatute", "res:RomeStatuteArticle14", 14, 1),
        ("res:RomeStatute", "res:RomeStatuteArticle52", 52, 1),
    ]


def test_legal_articles_invoked(kg, engine):
    # Article 20 of the IADC, first invoked by an OAS Secretary General (bio s08, no date or
    # country in that sentence); Article 52 in the Panel's report, May 2018, Venezuela (enc s17);
    # Article 14 by six states on September 26, 2018 (enc s19).
    columns, rows = answer(kg, engine, "legal_articles_invoked")
    assert columns == ["article", "instrument", "event", "agent", "date", "country"]
    referral = [
        (
            "res:RomeStatuteArticle14",
            "res:RomeStatute",
            "res:ReferralOfVenezuelaToTheICC",
            f"res:{state}",
            date(2018, 9, 26),
            "res:Venezuela",
        )
        for state in ("Argentina", "Canada", "Chile", "Colombia", "Paraguay", "Peru")
    ]
    assert rows == [
        (
            "res:IADCArticle20",
            "res:InterAmericanDemocraticCharter",
            "res:InvocationOfIADCArticle20",
            "res:LuisAlmagro",
            None,
            None,
        ),
        *referral,
        (
            "res:RomeStatuteArticle52",
            "res:RomeStatute",
            "res:PublicationOfPanelReport2018",
            "res:PanelOfIndependentExperts",
            "2018-05",
            "res:Venezuela",
        ),
    ]


def test_icc_referral(kg, engine):
    # "On September 26, 2018, Argentina, Canada, Chile, Colombia, Paraguay and Peru formally
    # submitted the Article 14 referral to the Prosecutor of the International Criminal Court."
    columns, rows = answer(kg, engine, "icc_referral")
    assert columns == [
        "referral",
        "state",
        "date",
        "addressee",
        "article",
        "instrument",
        "situation",
    ]
    assert rows == [
        (
            "res:ReferralOfVenezuelaToTheICC",
            f"res:{state}",
            date(2018, 9, 26),
            "res:ProsecutorOfTheICC",
            "res:RomeStatuteArticle14",
            "res:RomeStatute",
            "res:Venezuela",
        )
        for state in ("Argentina", "Canada", "Chile", "Colombia", "Paraguay", "Peru")
    ]


def test_reports_and_findings(kg, engine):
    columns, rows = answer(kg, engine, "reports_and_findings")
    assert columns == ["report", "author", "event", "date", "country", "article"]
    assert rows == [
        (
            "res:PanelOfIndependentExpertsReport",
            "res:PanelOfIndependentExperts",
            "res:PublicationOfPanelReport2018",
            "2018-05",
            "res:Venezuela",
            "res:RomeStatuteArticle52",
        ),
        (
            "res:SecretaryGeneralReport",
            "res:LuisAlmagro",
            "res:SecretaryGeneralStatementOnSystematicRepression",
            None,
            None,
            None,
        ),
    ]


# ---- events ---------------------------------------------------------------------------------

VENEZUELA_EVENTS = [
    (
        "res:AdvocacyForPoliticalPrisonersInVenezuela",
        "akg:Initiative",
        None,
        None,
        date(2015, 4, 1),
        None,
    ),
    (
        "res:PressingForIADCEnforcementInVenezuela",
        "akg:Initiative",
        None,
        None,
        date(2015, 4, 1),
        None,
    ),
    (
        "res:Election2017VenezuelanMagistrates",
        "akg:Election",
        "2017-07",
        None,
        date(2017, 7, 1),
        date(2017, 7, 31),
    ),
    ("res:MagistratesTakeOfficeInExile", "akg:TakingOffice", None, None, date(2017, 7, 1), None),
    (
        "res:PublicationOfPanelReport2018",
        "akg:ReportPublication",
        "2018-05",
        None,
        date(2018, 5, 1),
        date(2018, 5, 31),
    ),
    (
        "res:BuildingCoalitionForICCReferral",
        "akg:Initiative",
        None,
        "during subsequent months",
        date(2018, 6, 1),
        date(2018, 9, 26),
    ),
    (
        "res:ReferralOfVenezuelaToTheICC",
        "akg:Referral",
        date(2018, 9, 26),
        None,
        date(2018, 9, 26),
        date(2018, 9, 26),
    ),
    ("res:MandateToMonitorVenezuela", "akg:Mandate", None, None, None, None),
    ("res:PersecutionOfMagistratesByMaduroDictatorship", "akg:Persecution", None, None, None, None),
]


# Events in the order of their earliest start (the bounds of the time model), then the others.
@pytest.mark.parametrize(
    ("country", "expected"),
    [
        (None, VENEZUELA_EVENTS),
        (
            "Honduras",
            [
                (
                    "res:HonduranSocialSecurityCorruptionScandal",
                    "akg:Scandal",
                    "2015",
                    "uncovered in the spring of 2015",
                    date(2015, 3, 1),
                    date(2015, 6, 30),
                ),
                (
                    "res:HondurasProtests2015",
                    "akg:Protest",
                    "2015",
                    "the spring of 2015",
                    date(2015, 3, 1),
                    date(2015, 6, 30),
                ),
                (
                    "res:HernandezInvitesAlmagroToHonduras",
                    "akg:Invitation",
                    "2015-08",
                    None,
                    date(2015, 8, 1),
                    date(2015, 8, 31),
                ),
                ("res:CreationOfMACCIH", "akg:Initiative", None, None, None, None),
            ],
        ),
        (
            # "the suspension of the second round ... on January 24, 2016" dates the suspension;
            # the round did not take place (postponed); Martelly's request came after it (enc
            # s09). The earthquake: 2010 (enc s02); the reconstruction after it.
            "Haiti",
            [
                (
                    "res:HaitiEarthquake2010",
                    "akg:NaturalDisaster",
                    "2010",
                    None,
                    date(2010, 1, 1),
                    date(2010, 12, 31),
                ),
                ("res:ReconstructionOfHaiti", "akg:Event", None, None, date(2010, 1, 1), None),
                (
                    "res:UruguayanMilitaryPresenceInHaiti",
                    "akg:Deployment",
                    None,
                    None,
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                ),
                (
                    "res:SuspensionOfHaitiPresidentialSecondRound",
                    "akg:ElectionSuspension",
                    date(2016, 1, 24),
                    "the suspension of the second round of presidential elections on January 24, "
                    "2016",
                    date(2016, 1, 24),
                    date(2016, 1, 24),
                ),
                (
                    "res:MartellyRequestsAssistanceFromAlmagro",
                    "akg:Request",
                    None,
                    "following the suspension of the second round of presidential elections on "
                    "January 24, 2016",
                    date(2016, 1, 24),
                    None,
                ),
                ("res:DominicanRepublicHaitiMigrantCrisis", "akg:Crisis", None, None, None, None),
                ("res:EnsuringElectionsInHaiti", "akg:Initiative", None, None, None, None),
                (
                    "res:HaitiPresidentialElectionSecondRound",
                    "akg:Election",
                    None,
                    None,
                    None,
                    None,
                ),
                (
                    "res:MediationInDominicanRepublicHaitiMigrantCrisis",
                    "akg:Mediation",
                    None,
                    None,
                    None,
                    None,
                ),
            ],
        ),
        (
            # October 2014 (bio s20); the foreign minister's initiatives within his term (bio s15).
            "Uruguay",
            [
                (
                    "res:AsylumForSyrianFamiliesInUruguay",
                    "akg:Transfer",
                    None,
                    None,
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                ),
                (
                    "res:ExpansionOfUruguayMarketAccess",
                    "akg:Initiative",
                    None,
                    None,
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                ),
                (
                    "res:GRULACEndorsementOfUruguay",
                    "akg:Endorsement",
                    None,
                    None,
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                ),
                (
                    "res:TransferOfGuantanamoDetaineesToUruguay",
                    "akg:Transfer",
                    None,
                    None,
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                ),
                (
                    "res:UruguayRecordExports",
                    "akg:Achievement",
                    None,
                    None,
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                ),
                (
                    "res:UruguayanMilitaryPresenceInHaiti",
                    "akg:Deployment",
                    None,
                    None,
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                ),
                (
                    "res:UruguayNationalElections2014",
                    "akg:Election",
                    "2014-10",
                    None,
                    date(2014, 10, 1),
                    date(2014, 10, 31),
                ),
                (
                    "res:DefiningMujicaGovernmentInitiatives",
                    "akg:Initiative",
                    None,
                    None,
                    None,
                    None,
                ),
                ("res:NegotiationOfGuantanamoTransfer", "akg:Negotiation", None, None, None, None),
                (
                    "res:UruguayElectionToTheUNSecurityCouncil",
                    "akg:Election",
                    None,
                    None,
                    None,
                    None,
                ),
            ],
        ),
        (
            "Perú",
            [  # the Spanish name
                (
                    "res:MadridForumPresentsPeruvianProtests",
                    "akg:PublicStatement",
                    "2023-03",
                    None,
                    date(2023, 3, 1),
                    date(2023, 3, 31),
                ),
                (
                    "res:MeetingMadridForumAlmagro2023",
                    "akg:Meeting",
                    "2023-03",
                    None,
                    date(2023, 3, 1),
                    date(2023, 3, 31),
                ),
                (
                    "res:PeruvianProtests",
                    "akg:Protest",
                    None,
                    "ongoing in March 2023",
                    None,
                    date(2023, 3, 31),
                ),
            ],
        ),
    ],
)
def test_events_in_country(kg, engine, country, expected):
    params = {} if country is None else {"country": country}
    columns, rows = answer(kg, engine, "events_in_country", **params)
    assert columns == ["event", "kind", "date", "timeAsStated", "earliestStart", "latestStart"]
    assert rows == expected


# Each event the sources date or bound that can overlap the span, "certainly" when its bounds
# place it there: "the spring of 2015" (enc s10) is March to June 2015, open-ended after; "ongoing"
# (enc s13) lasted at least until the extract was written (March 2023 or later); "by mid-2017"
# (bio s12) began by 2017-06-30; acting "as Secretary General", not before April 2015 (enc s03).
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {},
            [
                ("res:AgreementOnHold", "possibly", None, None, date(2023, 3, 1), None, None),
                (
                    "res:ChampioningKeyOASInitiatives",
                    "possibly",
                    None,
                    None,
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                ("res:NicaraguaCrisis", "possibly", None, None, date(2023, 3, 1), None, None),
                (
                    "res:OASAccountsOverOneMillionFollowers",
                    "possibly",
                    None,
                    date(2017, 6, 30),
                    None,
                    None,
                    None,
                ),
                (
                    "res:PeruvianProtests",
                    "possibly",
                    None,
                    date(2023, 3, 31),
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                ("res:ReconstructionOfHaiti", "possibly", date(2010, 1, 1), None, None, None, None),
                (
                    "res:AsylumForSyrianFamiliesInUruguay",
                    "possibly",
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    None,
                ),
                (
                    "res:ExpansionOfUruguayMarketAccess",
                    "possibly",
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    None,
                ),
                (
                    "res:GRULACEndorsementOfUruguay",
                    "possibly",
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    None,
                ),
                (
                    "res:TransferOfGuantanamoDetaineesToUruguay",
                    "possibly",
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    None,
                ),
                (
                    "res:UruguayRecordExports",
                    "possibly",
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    None,
                ),
                (
                    "res:UruguayanMilitaryPresenceInHaiti",
                    "possibly",
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    date(2010, 3, 1),
                    date(2015, 3, 1),
                    None,
                ),
                (
                    "res:HonduranSocialSecurityCorruptionScandal",
                    "certainly",
                    date(2015, 3, 1),
                    date(2015, 6, 30),
                    None,
                    None,
                    "2015",
                ),
                (
                    "res:HondurasProtests2015",
                    "certainly",
                    date(2015, 3, 1),
                    date(2015, 6, 30),
                    None,
                    None,
                    "2015",
                ),
                (
                    "res:Election2015SecretaryGeneral",
                    "certainly",
                    date(2015, 3, 18),
                    date(2015, 3, 18),
                    date(2015, 3, 18),
                    date(2015, 3, 18),
                    date(2015, 3, 18),
                ),
                (
                    "res:AdvocacyForPoliticalPrisonersInVenezuela",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                (
                    "res:InvocationOfIADCArticle20",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:MostFollowedLeaderOfAnInternationalOrganization",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:PressingForIADCEnforcementInVenezuela",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:SecretaryGeneralStatementOnSystematicRepression",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:SupportForRedemocratizationInNicaragua",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                (
                    "res:AlmagroTakesOfficeAsSecretaryGeneral",
                    "certainly",
                    date(2015, 4, 1),
                    date(2015, 12, 31),
                    date(2015, 4, 1),
                    date(2015, 12, 31),
                    None,
                ),
                (
                    "res:AnnouncementOfCentralTheme",
                    "certainly",
                    date(2015, 4, 1),
                    date(2015, 12, 31),
                    date(2015, 4, 1),
                    date(2015, 12, 31),
                    None,
                ),
                (
                    "res:ResignationFromTheSenate",
                    "certainly",
                    date(2015, 4, 1),
                    date(2015, 12, 31),
                    date(2015, 4, 1),
                    date(2015, 12, 31),
                    None,
                ),
                (
                    "res:HernandezInvitesAlmagroToHonduras",
                    "certainly",
                    date(2015, 8, 1),
                    date(2015, 8, 31),
                    date(2015, 8, 1),
                    date(2015, 8, 31),
                    "2015-08",
                ),
                (
                    "res:MartellyRequestsAssistanceFromAlmagro",
                    "possibly",
                    date(2016, 1, 24),
                    None,
                    date(2016, 1, 24),
                    None,
                    None,
                ),
                (
                    "res:SuspensionOfHaitiPresidentialSecondRound",
                    "certainly",
                    date(2016, 1, 24),
                    date(2016, 1, 24),
                    date(2016, 1, 24),
                    date(2016, 1, 24),
                    date(2016, 1, 24),
                ),
            ],
        ),
        (
            {"from": "2018", "to": "2018"},
            [
                ("res:AgreementOnHold", "possibly", None, None, date(2023, 3, 1), None, None),
                (
                    "res:ChampioningKeyOASInitiatives",
                    "possibly",
                    None,
                    None,
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                ("res:NicaraguaCrisis", "possibly", None, None, date(2023, 3, 1), None, None),
                (
                    "res:OASAccountsOverOneMillionFollowers",
                    "possibly",
                    None,
                    date(2017, 6, 30),
                    None,
                    None,
                    None,
                ),
                (
                    "res:PeruvianProtests",
                    "possibly",
                    None,
                    date(2023, 3, 31),
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                ("res:ReconstructionOfHaiti", "possibly", date(2010, 1, 1), None, None, None, None),
                (
                    "res:HonduranSocialSecurityCorruptionScandal",
                    "possibly",
                    date(2015, 3, 1),
                    date(2015, 6, 30),
                    None,
                    None,
                    "2015",
                ),
                (
                    "res:HondurasProtests2015",
                    "possibly",
                    date(2015, 3, 1),
                    date(2015, 6, 30),
                    None,
                    None,
                    "2015",
                ),
                (
                    "res:AdvocacyForPoliticalPrisonersInVenezuela",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                (
                    "res:InvocationOfIADCArticle20",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:MostFollowedLeaderOfAnInternationalOrganization",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:PressingForIADCEnforcementInVenezuela",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:SecretaryGeneralStatementOnSystematicRepression",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:SupportForRedemocratizationInNicaragua",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                (
                    "res:MartellyRequestsAssistanceFromAlmagro",
                    "possibly",
                    date(2016, 1, 24),
                    None,
                    date(2016, 1, 24),
                    None,
                    None,
                ),
                (
                    "res:MagistratesTakeOfficeInExile",
                    "possibly",
                    date(2017, 7, 1),
                    None,
                    date(2017, 7, 1),
                    None,
                    None,
                ),
                (
                    "res:PublicationOfPanelReport2018",
                    "certainly",
                    date(2018, 5, 1),
                    date(2018, 5, 31),
                    date(2018, 5, 1),
                    date(2018, 5, 31),
                    "2018-05",
                ),
                (
                    "res:BuildingCoalitionForICCReferral",
                    "certainly",
                    date(2018, 6, 1),
                    date(2018, 9, 26),
                    None,
                    None,
                    None,
                ),
                (
                    "res:ReferralOfVenezuelaToTheICC",
                    "certainly",
                    date(2018, 9, 26),
                    date(2018, 9, 26),
                    date(2018, 9, 26),
                    date(2018, 9, 26),
                    date(2018, 9, 26),
                ),
            ],
        ),
        (
            {"from": "2016-01-24", "to": "2016-01-24"},
            [
                ("res:AgreementOnHold", "possibly", None, None, date(2023, 3, 1), None, None),
                (
                    "res:ChampioningKeyOASInitiatives",
                    "possibly",
                    None,
                    None,
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                ("res:NicaraguaCrisis", "possibly", None, None, date(2023, 3, 1), None, None),
                (
                    "res:OASAccountsOverOneMillionFollowers",
                    "possibly",
                    None,
                    date(2017, 6, 30),
                    None,
                    None,
                    None,
                ),
                (
                    "res:PeruvianProtests",
                    "possibly",
                    None,
                    date(2023, 3, 31),
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                ("res:ReconstructionOfHaiti", "possibly", date(2010, 1, 1), None, None, None, None),
                (
                    "res:HonduranSocialSecurityCorruptionScandal",
                    "possibly",
                    date(2015, 3, 1),
                    date(2015, 6, 30),
                    None,
                    None,
                    "2015",
                ),
                (
                    "res:HondurasProtests2015",
                    "possibly",
                    date(2015, 3, 1),
                    date(2015, 6, 30),
                    None,
                    None,
                    "2015",
                ),
                (
                    "res:AdvocacyForPoliticalPrisonersInVenezuela",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                (
                    "res:InvocationOfIADCArticle20",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:MostFollowedLeaderOfAnInternationalOrganization",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:PressingForIADCEnforcementInVenezuela",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:SecretaryGeneralStatementOnSystematicRepression",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2015, 4, 1),
                    None,
                    None,
                ),
                (
                    "res:SupportForRedemocratizationInNicaragua",
                    "possibly",
                    date(2015, 4, 1),
                    None,
                    date(2023, 3, 1),
                    None,
                    None,
                ),
                (
                    "res:MartellyRequestsAssistanceFromAlmagro",
                    "possibly",
                    date(2016, 1, 24),
                    None,
                    date(2016, 1, 24),
                    None,
                    None,
                ),
                (
                    "res:SuspensionOfHaitiPresidentialSecondRound",
                    "certainly",
                    date(2016, 1, 24),
                    date(2016, 1, 24),
                    date(2016, 1, 24),
                    date(2016, 1, 24),
                    date(2016, 1, 24),
                ),
            ],
        ),
        (
            {"from": "2016", "to": "2015"},
            [],
        ),
    ],
)
def test_events_between_dates(kg, engine, params, expected):
    columns, rows = answer(kg, engine, "events_between_dates", **params)
    assert columns == [
        "event", "certainty", "earliestStart", "latestStart", "earliestEnd", "latestEnd", "date"
    ]  # fmt: skip
    assert rows == expected


def test_timeline(kg, engine):
    # Every dated or bounded event and term start or end, by the bounds: "By mid-2017" (bio s12)
    # is a latest start; the suspension of Haiti's second round is dated January 24, 2016 (enc
    # s09); the first term of Secretary General began after the Senate resignation, in 2015.
    columns, rows = answer(kg, engine, "timeline")
    assert columns == ["earliest", "latest", "item", "what", "asStated"]
    assert rows == [
        (date(2010, 1, 1), None, "res:ReconstructionOfHaiti", "event", None),
        (date(2010, 1, 1), date(2010, 12, 31), "res:HaitiEarthquake2010", "event", "2010"),
        (
            date(2010, 3, 1),
            date(2010, 3, 1),
            "res:AlmagroForeignMinisterTerm",
            "term begins",
            "2010-03-01",
        ),
        (date(2010, 3, 1), date(2015, 3, 1), "res:AsylumForSyrianFamiliesInUruguay", "event", None),
        (date(2010, 3, 1), date(2015, 3, 1), "res:ExpansionOfUruguayMarketAccess", "event", None),
        (date(2010, 3, 1), date(2015, 3, 1), "res:GRULACEndorsementOfUruguay", "event", None),
        (
            date(2010, 3, 1),
            date(2015, 3, 1),
            "res:TransferOfGuantanamoDetaineesToUruguay",
            "event",
            None,
        ),
        (date(2010, 3, 1), date(2015, 3, 1), "res:UruguayRecordExports", "event", None),
        (date(2010, 3, 1), date(2015, 3, 1), "res:UruguayanMilitaryPresenceInHaiti", "event", None),
        (
            date(2014, 10, 1),
            date(2014, 10, 31),
            "res:UruguayNationalElections2014",
            "event",
            "2014-10",
        ),
        (
            date(2015, 3, 1),
            date(2015, 3, 1),
            "res:AlmagroForeignMinisterTerm",
            "term ends",
            "2015-03-01",
        ),
        (date(2015, 3, 1), date(2015, 3, 31), "res:AlmagroSenatorTerm", "term begins", "2015-03"),
        (
            date(2015, 3, 1),
            date(2015, 6, 30),
            "res:HonduranSocialSecurityCorruptionScandal",
            "event",
            "uncovered in the spring of 2015",
        ),
        (
            date(2015, 3, 1),
            date(2015, 6, 30),
            "res:HondurasProtests2015",
            "event",
            "the spring of 2015",
        ),
        (
            date(2015, 3, 18),
            date(2015, 3, 18),
            "res:Election2015SecretaryGeneral",
            "event",
            "2015-03-18",
        ),
        (date(2015, 4, 1), None, "res:AdvocacyForPoliticalPrisonersInVenezuela", "event", None),
        (date(2015, 4, 1), None, "res:InvocationOfIADCArticle20", "event", None),
        (
            date(2015, 4, 1),
            None,
            "res:MostFollowedLeaderOfAnInternationalOrganization",
            "event",
            None,
        ),
        (date(2015, 4, 1), None, "res:PressingForIADCEnforcementInVenezuela", "event", None),
        (
            date(2015, 4, 1),
            None,
            "res:SecretaryGeneralStatementOnSystematicRepression",
            "event",
            None,
        ),
        (date(2015, 4, 1), None, "res:SupportForRedemocratizationInNicaragua", "event", None),
        (
            date(2015, 4, 1),
            date(2015, 12, 31),
            "res:AlmagroSecretaryGeneralTerm1",
            "term begins",
            "2015",
        ),
        (
            date(2015, 4, 1),
            date(2015, 12, 31),
            "res:AlmagroSenatorTerm",
            "term ends",
            "a few months later",
        ),
        (
            date(2015, 4, 1),
            date(2015, 12, 31),
            "res:AlmagroTakesOfficeAsSecretaryGeneral",
            "event",
            None,
        ),
        (
            date(2015, 4, 1),
            date(2015, 12, 31),
            "res:AnnouncementOfCentralTheme",
            "event",
            "upon taking up the leadership of the OAS",
        ),
        (
            date(2015, 4, 1),
            date(2015, 12, 31),
            "res:ResignationFromTheSenate",
            "event",
            "a few months later",
        ),
        (date(2015, 8, 1), None, "res:HernandezPresidentOfHondurasTerm", "term ends", None),
        (
            date(2015, 8, 1),
            date(2015, 8, 31),
            "res:HernandezInvitesAlmagroToHonduras",
            "event",
            "2015-08",
        ),
        (None, date(2015, 8, 31), "res:HernandezPresidentOfHondurasTerm", "term begins", None),
        (
            date(2016, 1, 1),
            date(2016, 1, 31),
            "res:UruguayUNSecurityCouncilTerm",
            "term begins",
            "in January 2016",
        ),
        (date(2016, 1, 24), None, "res:MartellyPresidentOfHaitiTerm", "term ends", None),
        (
            date(2016, 1, 24),
            None,
            "res:MartellyRequestsAssistanceFromAlmagro",
            "event",
            "following the suspension of the second round of presidential elections on "
            "January 24, 2016",
        ),
        (
            date(2016, 1, 24),
            date(2016, 1, 24),
            "res:SuspensionOfHaitiPresidentialSecondRound",
            "event",
            "the suspension of the second round of presidential elections on January 24, 2016",
        ),
        (None, date(2017, 6, 30), "res:OASAccountsOverOneMillionFollowers", "event", "by mid-2017"),
        (date(2017, 7, 1), None, "res:MagistratesTakeOfficeInExile", "event", None),
        (date(2017, 7, 1), None, "res:MagistratesTerm2017", "term begins", None),
        (
            date(2017, 7, 1),
            date(2017, 7, 31),
            "res:Election2017VenezuelanMagistrates",
            "event",
            "2017-07",
        ),
        (
            date(2018, 5, 1),
            date(2018, 5, 31),
            "res:PublicationOfPanelReport2018",
            "event",
            "2018-05",
        ),
        (
            date(2018, 6, 1),
            date(2018, 9, 26),
            "res:BuildingCoalitionForICCReferral",
            "event",
            "during subsequent months",
        ),
        (
            date(2018, 9, 26),
            date(2018, 9, 26),
            "res:ReferralOfVenezuelaToTheICC",
            "event",
            "2018-09-26",
        ),
        (
            date(2020, 3, 3),
            date(2020, 3, 3),
            "res:MeetingAbascalAlmagro2020",
            "event",
            "2020-03-03",
        ),
        (date(2020, 3, 20), None, "res:AlmagroSecretaryGeneralTerm1", "term ends", None),
        (date(2020, 3, 20), None, "res:AlmagroSecretaryGeneralTerm2", "term begins", None),
        (
            date(2020, 3, 20),
            date(2020, 3, 20),
            "res:Election2020SecretaryGeneral",
            "event",
            "2020-03-20",
        ),
        (date(2023, 3, 1), None, "res:BoluartePresidentOfPeruTerm", "term ends", None),
        (
            date(2023, 3, 1),
            date(2023, 3, 31),
            "res:MadridForumPresentsPeruvianProtests",
            "event",
            "2023-03",
        ),
        (
            date(2023, 3, 1),
            date(2023, 3, 31),
            "res:MeetingMadridForumAlmagro2023",
            "event",
            "2023-03",
        ),
        (None, date(2023, 3, 31), "res:BoluartePresidentOfPeruTerm", "term begins", None),
        (None, date(2023, 3, 31), "res:PeruvianProtests", "event", "ongoing in March 2023"),
    ]


def test_almagro_meetings_and_requests(kg, engine):
    # Hernández's invitation, August 2015 (enc s11); Abascal, 3 March 2020 (enc s07); the Madrid
    # Forum, March 2023 (enc s08); Martelly's request following the suspension of the second
    # round on January 24, 2016 (enc s09), undated but bounded: not before that day.
    columns, rows = answer(kg, engine, "almagro_meetings_and_requests")
    assert columns == ["event", "kind", "date", "counterpart", "almagroAddressedAs", "concerning"]
    assert rows == [
        (
            "res:HernandezInvitesAlmagroToHonduras",
            "akg:Invitation",
            "2015-08",
            "res:JuanOrlandoHernandez",
            "res:SecretaryGeneralOfTheOAS",
            "res:HondurasProtests2015",
        ),
        (
            "res:MartellyRequestsAssistanceFromAlmagro",
            "akg:Request",
            None,
            "res:MichelMartelly",
            "res:SecretaryGeneralOfTheOAS",
            None,
        ),
        (
            "res:MeetingAbascalAlmagro2020",
            "akg:Meeting",
            date(2020, 3, 3),
            "res:SantiagoAbascal",
            None,
            "res:MadridForum",
        ),
        (
            "res:MeetingMadridForumAlmagro2023",
            "akg:Meeting",
            "2023-03",
            "res:MadridForum",
            None,
            "res:PeruvianProtests",
        ),
    ]


def test_almagro_actions(kg, engine):
    columns, rows = answer(kg, engine, "almagro_actions")
    assert columns == ["event", "kind", "capacity", "duringTerm"]
    sg = "res:SecretaryGeneralOfTheOAS"
    assert rows == [
        ("res:AdvocacyForPoliticalPrisonersInVenezuela", "akg:Initiative", sg, None),
        ("res:AlmagroCallsIADCConstitutionOfTheAmericas", "akg:PublicStatement", None, None),
        ("res:AlmagroTakesOfficeAsSecretaryGeneral", "akg:TakingOffice", None, None),
        (
            "res:AnnouncementOfCentralTheme",
            "akg:Announcement",
            sg,
            "res:AlmagroSecretaryGeneralTerm1",
        ),
        ("res:AnnouncementOfOASModernization", "akg:Announcement", None, None),
        ("res:AnnouncementOfStrategicInitiatives", "akg:Announcement", None, None),
        ("res:BuildingCoalitionForICCReferral", "akg:Initiative", sg, None),
        ("res:ChampioningKeyOASInitiatives", "akg:Initiative", None, None),
        ("res:CreationOfMACCIH", "akg:Initiative", None, None),
        ("res:DefiningMujicaGovernmentInitiatives", "akg:Initiative", None, None),
        ("res:DiplomaticEffortsInBelizeGuatemalaDifferendum", "akg:Initiative", None, None),
        ("res:EnsuringElectionsInHaiti", "akg:Initiative", None, None),
        ("res:ExpansionOfOASElectoralObservationMissions", "akg:Initiative", None, None),
        (
            "res:ExpansionOfUruguayMarketAccess",
            "akg:Initiative",
            "res:MinisterOfForeignAffairsOfUruguay",
            "res:AlmagroForeignMinisterTerm",
        ),
        ("res:GeneralSecretariatExposesSituation", "akg:Initiative", None, None),
        ("res:IncreasedOASSupportForMAPP", "akg:Initiative", None, None),
        ("res:InvocationOfIADCArticle20", "akg:Invocation", sg, None),
        ("res:MediationInDominicanRepublicHaitiMigrantCrisis", "akg:Mediation", None, None),
        ("res:ModernizationOfOASCommunicationsPolicy", "akg:Initiative", None, None),
        ("res:MostFollowedLeaderOfAnInternationalOrganization", "akg:Achievement", sg, None),
        ("res:NegotiationOfGuantanamoTransfer", "akg:Negotiation", None, None),
        ("res:PressingForIADCEnforcementInVenezuela", "akg:Initiative", sg, None),
        ("res:ResignationFromTheSenate", "akg:Resignation", None, None),
        ("res:RestoringDemocracyInCubaOnRegionalAgenda", "akg:Initiative", None, None),
        ("res:SearchForSolutionsToNicaraguaCrisis", "akg:Initiative", None, None),
        ("res:SecretaryGeneralStatementOnSystematicRepression", "akg:PublicStatement", sg, None),
        # "Secretary Almagro remains a staunch supporter" (enc s13)
        ("res:SupportForRedemocratizationInNicaragua", "akg:Initiative", sg, None),
    ]


@pytest.mark.parametrize(
    ("min_events", "expected"),
    [
        (
            None,
            [
                ("res:Uruguay", 10),
                ("res:Haiti", 9),
                ("res:Venezuela", 9),
                ("res:Honduras", 4),
                ("res:Nicaragua", 3),
                ("res:Peru", 3),
                ("res:Belize", 2),
                ("res:DominicanRepublic", 2),
                ("res:Guatemala", 2),
                ("res:Syria", 2),
                ("res:Brazil", 1),
                ("res:Colombia", 1),
                ("res:Cuba", 1),
                ("res:UnitedStates", 1),
            ],
        ),
        ("9", [("res:Uruguay", 10), ("res:Haiti", 9), ("res:Venezuela", 9)]),
        ("11", []),
    ],
)
def test_countries_by_event_count(kg, engine, min_events, expected):
    params = {} if min_events is None else {"min_events": min_events}
    columns, rows = answer(kg, engine, "countries_by_event_count", **params)
    assert columns == ["country", "events"]
    assert rows == expected


def test_event_links(kg, engine):
    columns, rows = answer(kg, engine, "event_links")
    assert columns == ["earlier", "earlierDate", "link", "later", "laterDate"]
    assert rows == [
        (
            "res:ExpansionOfOASElectoralObservationMissions",
            None,
            "schema:superEvent",
            "res:FirstOASElectoralObservationMissionInBrazil",
            None,
        ),
        (
            "res:ExpansionOfOASElectoralObservationMissions",
            None,
            "schema:superEvent",
            "res:FirstOASElectoralObservationMissionInTheUSA",
            None,
        ),
        (
            "res:MeetingMadridForumAlmagro2023",
            "2023-03",
            "schema:superEvent",
            "res:MadridForumPresentsPeruvianProtests",
            "2023-03",
        ),
        (
            "res:AlmagroEmbassyInGermanyTerm",
            None,
            "akg:after",
            "res:AlmagroAmbassadorToChinaTerm",
            None,
        ),
        (
            "res:AlmagroEmbassyInIranTerm",
            None,
            "akg:after",
            "res:AlmagroAmbassadorToChinaTerm",
            None,
        ),
        (
            "res:AlmagroForeignMinistryPostsTerm",
            None,
            "akg:after",
            "res:AlmagroAmbassadorToChinaTerm",
            None,
        ),
        (
            "res:AlmagroSecretaryGeneralTerm1",
            "2015",
            "akg:after",
            "res:AlmagroSecretaryGeneralTerm2",
            None,
        ),
        (
            "res:AlmagroSenatorTerm",
            "2015-03",
            "akg:after",
            "res:AlmagroSecretaryGeneralTerm1",
            "2015",
        ),
        (
            "res:AlmagroTakesOfficeAsSecretaryGeneral",
            None,
            "akg:after",
            "res:AnnouncementOfCentralTheme",
            None,
        ),
        (
            "res:AnnouncementOfOASModernization",
            None,
            "akg:after",
            "res:ModernizationOfOASCommunicationsPolicy",
            None,
        ),
        (
            "res:Election2015SecretaryGeneral",
            date(2015, 3, 18),
            "akg:after",
            "res:Election2020SecretaryGeneral",
            date(2020, 3, 20),
        ),
        (
            "res:Election2017VenezuelanMagistrates",
            "2017-07",
            "akg:after",
            "res:MagistratesTakeOfficeInExile",
            None,
        ),
        (
            "res:MeetingAbascalAlmagro2020",
            date(2020, 3, 3),
            "akg:after",
            "res:MeetingMadridForumAlmagro2023",
            "2023-03",
        ),
        (
            "res:PublicationOfPanelReport2018",
            "2018-05",
            "akg:after",
            "res:BuildingCoalitionForICCReferral",
            None,
        ),
        (
            "res:ResignationFromTheSenate",
            None,
            "akg:after",
            "res:AlmagroTakesOfficeAsSecretaryGeneral",
            None,
        ),
        (
            "res:ExpansionOfUruguayMarketAccess",
            None,
            "akg:triggeredBy",
            "res:UruguayRecordExports",
            None,
        ),
        ("res:HaitiEarthquake2010", "2010", "akg:triggeredBy", "res:ReconstructionOfHaiti", None),
        (
            "res:HonduranSocialSecurityCorruptionScandal",
            "2015",
            "akg:triggeredBy",
            "res:HondurasProtests2015",
            "2015",
        ),
        ("res:NicaraguaCrisis", None, "akg:triggeredBy", "res:AgreementOnHold", None),
        (
            "res:PersecutionOfMagistratesByMaduroDictatorship",
            None,
            "akg:triggeredBy",
            "res:MagistratesTakeOfficeInExile",
            None,
        ),
        (
            "res:SuspensionOfHaitiPresidentialSecondRound",
            date(2016, 1, 24),
            "akg:triggeredBy",
            "res:MartellyRequestsAssistanceFromAlmagro",
            None,
        ),
        (
            "res:SyrianCivilWar",
            None,
            "akg:triggeredBy",
            "res:AsylumForSyrianFamiliesInUruguay",
            None,
        ),
    ]


def test_scandals_and_what_followed(kg, engine):
    # "In the spring of 2015, widespread protests erupted when a multi-million corruption scandal
    # involving the Honduran social security system was uncovered by the local media." (enc s10)
    columns, rows = answer(kg, engine, "scandals_and_what_followed")
    assert columns == ["scandal", "involving", "uncoveredBy", "date", "timeAsStated", "followedBy"]
    assert rows == [
        (
            "res:HonduranSocialSecurityCorruptionScandal",
            "res:HonduranSocialSecuritySystem",
            "res:HonduranLocalMedia",
            "2015",
            "uncovered in the spring of 2015",
            "res:HondurasProtests2015",
        ),
    ]


def test_transfers_of_people(kg, engine):
    # Former prisoners from Guantanamo and dozens of Syrian families (bio s18), "several detainees
    # from the Guantanamo Bay detention camp", "civilian victims" (enc s02), "a group of
    # ex-detenidos (former detainees)" (enc s05).
    columns, rows = answer(kg, engine, "transfers_of_people")
    assert columns == ["transfer", "to", "from", "people", "triggeredBy", "duringTerm"]
    fm = "res:AlmagroForeignMinisterTerm"
    syrians, detainees = (
        "res:AsylumForSyrianFamiliesInUruguay",
        "res:TransferOfGuantanamoDetaineesToUruguay",
    )
    camp = "res:GuantanamoBayDetentionCamp"
    assert rows == [
        (
            syrians,
            "res:Uruguay",
            None,
            "dozens of Syrian families who were civilian victims",
            "res:SyrianCivilWar",
            fm,
        ),
        (
            syrians,
            "res:Uruguay",
            None,
            "dozens of Syrian families who were victims of their country's civil war",
            "res:SyrianCivilWar",
            fm,
        ),
        (detainees, "res:Uruguay", camp, "a group of ex-detenidos (former detainees)", None, fm),
        (detainees, "res:Uruguay", camp, "former prisoners from Guantanamo", None, fm),
        (
            detainees,
            "res:Uruguay",
            camp,
            "several detainees from the Guantanamo Bay detention camp",
            None,
            fm,
        ),
    ]


def test_transfers_of_people_with_their_labels_in_spanish_or_else_english(kg, engine):
    # Uruguay, the camp and the civil war have Spanish labels; the transfers and the term have
    # English ones only: their label falls back to English.
    syrians = (
        "res:AsylumForSyrianFamiliesInUruguay",
        '"Uruguay grants asylum to dozens of Syrian families"@en',
    )
    detainees = (
        "res:TransferOfGuantanamoDetaineesToUruguay",
        '"Uruguay takes in former detainees from the Guantanamo Bay detention camp"@en',
    )
    term = (
        "res:AlmagroForeignMinisterTerm",
        '"Luis Almagro, Minister of Foreign Affairs of Uruguay, 2010\u20132015"@en',
    )
    uruguay = ("res:Uruguay", '"Uruguay"@es')
    camp = ("res:GuantanamoBayDetentionCamp", '"centro de detenci\u00f3n de Guant\u00e1namo"@es')
    war = ("res:SyrianCivilWar", '"Guerra civil siria"@es')
    assert labelled(kg, engine, "transfers_of_people", lang="es") == [
        (
            *syrians,
            *uruguay,
            None,
            None,
            '"dozens of Syrian families who were civilian victims"@en',
            *war,
            *term,
        ),
        (
            *syrians,
            *uruguay,
            None,
            None,
            '"dozens of Syrian families who were victims of their country\'s civil war"@en',
            *war,
            *term,
        ),
        (
            *detainees,
            *uruguay,
            *camp,
            '"a group of ex-detenidos (former detainees)"@en',
            None,
            None,
            *term,
        ),
        (*detainees, *uruguay, *camp, '"former prisoners from Guantanamo"@en', None, None, *term),
        (
            *detainees,
            *uruguay,
            *camp,
            '"several detainees from the Guantanamo Bay detention camp"@en',
            None,
            None,
            *term,
        ),
    ]
    english = labelled(kg, engine, "transfers_of_people")  # the default, en
    assert [row[3] for row in english] == ['"Uruguay"@en'] * 5
    assert [row[5] for row in english] == [None, None] + ['"Guantanamo Bay detention camp"@en'] * 3
    assert labelled(kg, engine, "transfers_of_people", lang="en") == english


def test_every_results_format_keeps_the_label_column_and_its_language(kg, engine):
    import csv
    import io
    import json
    from xml.etree import ElementTree

    result = run_stored(kg.engine(engine), "transfers_of_people", lang="es")
    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0].split("\t")[2:4] == ["?to", "?toLabel"]
    assert tsv[1].split("\t")[2:4] == [
        "<https://w3id.org/almagro-kg/resource/Uruguay>",
        '"Uruguay"@es',
    ]
    table = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert table[0][4:6] == ["from", "fromLabel"]  # CSV has no place for a language tag
    assert table[3][4:6] == [
        str(RES.GuantanamoBayDetentionCamp),
        "centro de detenci\u00f3n de Guant\u00e1namo",
    ]
    document = json.loads(format_result(result, "json"))
    assert document["head"]["vars"][2:4] == ["to", "toLabel"]
    assert document["results"]["bindings"][0]["toLabel"] == {
        "type": "literal",
        "value": "Uruguay",
        "xml:lang": "es",
    }
    xml = ElementTree.fromstring(format_result(result, "xml"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    label = xml.find(f"{ns}results/{ns}result/{ns}binding[@name='toLabel']/{ns}literal")
    assert (label.text, label.get("{http://www.w3.org/XML/1998/namespace}lang")) == (
        "Uruguay",
        "es",
    )


def test_lang_through_the_python_api(kg, engine):
    chosen = kg.engine(engine)
    spanish = run_stored(chosen, "transfers_of_people", lang="es")
    assert str(spanish.rows[0][3]) == '"Uruguay"@es'
    assert run_stored(chosen, "transfers_of_people", {"lang": "es"}).rows == spanish.rows
    assert kg.run("transfers_of_people", {"lang": "es"}, engine=engine).rows == spanish.rows
    assert kg.query("transfers_of_people", lang="es", engine=engine)[0]["toLabel"] == "Uruguay"
    labels = "SELECT ?l WHERE { res:MACCIH rdfs:label ?l FILTER (LANG(?l) = ?lang) }"
    assert kg.sparql(labels, lang="es", engine=engine) == [
        {"l": "Misi\u00f3n de Apoyo contra la Corrupci\u00f3n y la Impunidad en Honduras"}
    ]
    assert str(execute(chosen, labels).rows[0][0]) == (
        '"Mission to Support the Fight Against Corruption and Impunity in Honduras"@en'
    )
    for call, message in [
        (lambda: run_stored(chosen, "transfers_of_people", lang="fr"), "expected a language"),
        (lambda: kg.query("transfers_of_people", lang="fr"), "expected a language"),
        (lambda: kg.sparql(labels, lang="fr"), "expected a language"),
        (
            lambda: run_stored(chosen, "transfers_of_people", {"lang": "en"}, lang="es"),
            "given twice",
        ),
        (lambda: run_stored(chosen, "almagro_held_post", lang="es"), "returns no labels"),
        (lambda: kg.sparql("ASK {}", lang="es"), "the query has no ?lang"),
    ]:
        with pytest.raises(KGError) as caught:
            call()
        assert message in caught.value.message
        assert caught.value.where == Location(parameter="lang")


def test_firsts_of_their_kind(kg, engine):
    # "the first OAS mission of its kind", "the first-time deployment of missions in such
    # countries as the USA and Brazil" (bio s09); "the first OAS Secretary General to have
    # invoked Article 20 of the IADC" (bio s08).
    columns, rows = answer(kg, engine, "firsts_of_their_kind")
    assert columns == ["first", "within", "agent", "country"]
    assert rows == [
        (
            "res:FirstOASElectoralObservationMissionInBrazil",
            "res:OASElectoralObservationMissions",
            "res:OAS",
            "res:Brazil",
        ),
        (
            "res:FirstOASElectoralObservationMissionInTheUSA",
            "res:OASElectoralObservationMissions",
            "res:OAS",
            "res:UnitedStates",
        ),
        ("res:InvocationOfIADCArticle20", "res:SecretaryGeneralOfTheOAS", "res:LuisAlmagro", None),
        ("res:MACCIH", "res:OAS", None, "res:Honduras"),
    ]


def test_achievements(kg, engine):
    # Record exports (bio s16); over 1 million followers "by mid-2017" (bio s12: an upper bound,
    # so no date); the most followed
    # leader of an international organization, according to Twiplomacy (bio s13).
    columns, rows = answer(kg, engine, "achievements")
    assert columns == [
        "achievement",
        "creditedTo",
        "capacity",
        "date",
        "timeAsStated",
        "followersMoreThan",
        "accordingTo",
    ]
    assert rows == [
        (
            "res:MostFollowedLeaderOfAnInternationalOrganization",
            "res:LuisAlmagro",
            "res:SecretaryGeneralOfTheOAS",
            None,
            None,
            None,
            "res:Twiplomacy",
        ),
        (
            "res:OASAccountsOverOneMillionFollowers",
            "res:OAS",
            None,
            None,
            "by mid-2017",
            1000000,
            None,
        ),
        ("res:UruguayRecordExports", "res:Uruguay", None, None, None, None, None),
    ]


@pytest.mark.parametrize(
    ("theme", "expected"),
    [
        (
            None,
            [
                ("res:LuisAlmagro", "akg:priority"),
                ("res:OAS", "akg:programmaticPillar"),
                ("res:AnnouncementOfStrategicInitiatives", "akg:topic"),
                ("res:PressingForIADCEnforcementInVenezuela", "akg:topic"),
                ("res:RestoringDemocracyInCubaOnRegionalAgenda", "akg:topic"),
            ],
        ),
        (
            "derechos humanos",
            [
                ("res:LuisAlmagro", "akg:priority"),
                ("res:OAS", "akg:programmaticPillar"),
                ("res:AnnouncementOfStrategicInitiatives", "akg:topic"),
                ("res:InterAmericanHumanRightsSystem", "akg:topic"),
                ("res:PressingForIADCEnforcementInVenezuela", "akg:topic"),
            ],
        ),
        (
            "refugees",
            [
                ("res:LuisAlmagro", "akg:advocates"),
                ("res:AsylumForSyrianFamiliesInUruguay", "akg:topic"),
                ("res:NegotiationOfGuantanamoTransfer", "akg:topic"),
            ],
        ),
    ],
)
def test_tagged_with_theme(kg, engine, theme, expected):
    params = {} if theme is None else {"theme": theme}
    columns, rows = answer(kg, engine, "tagged_with_theme", **params)
    assert columns == ["resource", "link"]
    assert rows == expected


# ---- evidence and provenance ----------------------------------------------------------------


def test_facts_about_entity(kg, engine):
    columns, rows = answer(kg, engine, "facts_about_entity")  # MACCIH
    assert columns == [
        "subject",
        "property",
        "object",
        "statement",
        "basis",
        "document",
        "sentence",
        "quote",
    ]
    bio9, enc6 = sentence("oas-biography", 9), sentence("encyclopedia-extract", 6)
    assert rows == [
        (
            "res:ChampioningKeyOASInitiatives",
            "akg:concerns",
            "res:MACCIH",
            "res:ChampioningKeyOASInitiatives",
            None,
            ENC,
            6,
            enc6,
        ),
        (
            "res:CreationOfMACCIH",
            "akg:concerns",
            "res:MACCIH",
            "res:CreationOfMACCIH",
            None,
            BIO,
            9,
            bio9,
        ),
        ("res:MACCIH", "org:unitOf", "res:OAS", "stmt:MACCIH-unitOf-OAS", None, BIO, 9, bio9),
        ("res:MACCIH", "org:unitOf", "res:OAS", "stmt:MACCIH-unitOf-OAS", None, ENC, 6, enc6),
        (
            "res:MACCIH",
            "akg:country",
            "res:Honduras",
            "stmt:MACCIH-country-Honduras",
            None,
            BIO,
            9,
            bio9,
        ),
        (
            "res:MACCIH",
            "akg:firstOfItsKind",
            True,
            "stmt:MACCIH-firstOfItsKind",
            None,
            BIO,
            9,
            bio9,
        ),
        (
            "res:MACCIH",
            "akg:firstWithin",
            "res:OAS",
            "stmt:MACCIH-firstWithin-OAS",
            None,
            BIO,
            9,
            bio9,
        ),
        (
            "res:MACCIH",
            "akg:topic",
            "res:FightAgainstCorruptionAndImpunity",
            "stmt:MACCIH-topic-FightAgainstCorruptionAndImpunity",
            None,
            BIO,
            9,
            bio9,
        ),
    ]


def test_facts_about_an_article(kg, engine):
    columns, rows = answer(
        kg, engine, "facts_about_entity", entity="Article 14 of the Rome Statute"
    )
    enc18, enc19 = sentence("encyclopedia-extract", 18), sentence("encyclopedia-extract", 19)
    referral, coalition = "res:ReferralOfVenezuelaToTheICC", "res:BuildingCoalitionForICCReferral"
    invokes = (
        "stmt:ReferralOfVenezuelaToTheICC-invokes-RomeStatuteArticle14"  # the referral's claim
    )
    assert rows == [
        # "to take the historic step of invoking Article 14 of the Rome Statute" (enc s18)
        (coalition, "akg:concerns", "res:RomeStatuteArticle14", coalition, None, ENC, 18, enc18),
        (referral, "akg:invokes", "res:RomeStatuteArticle14", invokes, None, ENC, 18, enc18),
        (referral, "akg:invokes", "res:RomeStatuteArticle14", invokes, None, ENC, 19, enc19),
        (
            "res:RomeStatuteArticle14",
            "akg:articleNumber",
            14,
            "stmt:RomeStatuteArticle14-articleNumber",
            None,
            ENC,
            18,
            enc18,
        ),
        (
            "res:RomeStatuteArticle14",
            "akg:articleNumber",
            14,
            "stmt:RomeStatuteArticle14-articleNumber",
            None,
            ENC,
            19,
            enc19,
        ),
        (
            "res:RomeStatuteArticle14",
            "akg:articleOf",
            "res:RomeStatute",
            "stmt:RomeStatuteArticle14-articleOf-RomeStatute",
            None,
            ENC,
            18,
            enc18,
        ),
    ]


def test_quotes_mentioning(kg, engine):
    columns, rows = answer(kg, engine, "quotes_mentioning")  # Guantanamo
    assert columns == ["passage", "document", "sentence", "start", "end", "quote"]
    expected = []
    for document in sorted(DOCUMENTS, key=lambda d: str(DOC[d.key])):
        for p in passages(document):
            if "guantanamo" in p.quote.lower():
                expected.append(
                    (f"ev:{p.local_name}", f"doc:{document.key}", p.number, p.start, p.end, p.quote)
                )
    assert [row[0] for row in expected] == [
        "ev:encyclopedia-extract-s02",
        "ev:encyclopedia-extract-s05",
        "ev:oas-biography-s18",
    ]
    assert rows == expected


def test_passage_selectors(kg, engine):
    """The selectors of every passage are what the generator computes from the source files (which
    tests/test_sources.py checks against the text)."""
    columns, rows = answer(kg, engine, "passage_selectors")
    assert columns == [
        "passage", "source", "quoteSelector", "prefix", "exact", "suffix", "positionSelector",
        "start", "end",
    ]  # fmt: skip
    expected = [
        (
            f"ev:{p.local_name}",
            f"doc:{document.key}",
            f"ev:{p.local_name}-quote",
            p.prefix or None,
            p.quote,
            p.suffix or None,
            f"ev:{p.local_name}-position",
            p.start,
            p.end,
        )
        for document in sorted(DOCUMENTS, key=lambda d: str(DOC[d.key]))
        for p in passages(document)
    ]
    assert len(expected) == 42
    assert rows == expected
    first = expected[0]  # the encyclopedia extract starts with its first sentence
    assert first[:2] == ("ev:encyclopedia-extract-s01", "doc:encyclopedia-extract")
    assert (first[3], first[5][:6], first[7]) == (None, "\n[2] D", 0)


def test_quotes_mentioning_treats_any_text_as_a_value(kg, engine):
    before = (len(kg.asserted), len(kg.inferred))
    assert answer(kg, engine, "quotes_mentioning", text='x" } ; DROP ALL ; #')[1] == []
    assert answer(kg, engine, "quotes_mentioning", text='"more rights for more people"')[1] == []
    assert [row[0] for row in answer(kg, engine, "quotes_mentioning", text="“more rights")[1]] == [
        "ev:oas-biography-s05"
    ]
    assert (len(kg.asserted), len(kg.inferred)) == before


def statement_documents(kg: KnowledgeGraph) -> dict[URIRef, set[URIRef]]:
    documents: dict[URIRef, set[URIRef]] = {}
    for statement, passage in kg.asserted.subject_objects(AKG.evidence):
        documents.setdefault(statement, set()).add(kg.asserted.value(passage, PROV.wasQuotedFrom))
    return documents


def test_facts_stated_by_both_sources(kg, engine):
    # The README of sources/ names the overlaps: the foreign ministry, the Guantanamo detainees,
    # the Syrian families, MACCIH and MAPP; each row is a statement citing sentences of both.
    columns, rows = answer(kg, engine, "facts_stated_by_both_sources")
    assert columns == ["statement", "biographySentences", "encyclopediaSentences"]
    assert rows == [
        ("res:AlmagroForeignMinisterTerm", 1, 2),  # bio s15; enc s02, s04
        ("res:AlmagroSecretaryGeneralTerm1", 1, 2),  # bio s04; enc s01, s03
        ("res:AlmagroSecretaryGeneralTerm2", 2, 1),  # bio s02, s03; enc s01
        ("res:AlmagroSenatorTerm", 1, 1),
        ("res:AlmagroTakesOfficeAsSecretaryGeneral", 1, 1),  # bio s05; enc s03
        ("res:AsylumForSyrianFamiliesInUruguay", 1, 1),
        ("res:MujicaPresidentOfUruguayTerm", 1, 1),
        ("res:NicaraguaCrisis", 1, 1),
        ("res:TransferOfGuantanamoDetaineesToUruguay", 1, 2),  # bio s18; enc s02, s05
        ("res:UruguayNationalElections2014", 1, 1),
        ("res:UruguayRecordExports", 1, 1),
        # the claims of those nodes that both documents state (kg/data/claims.ttl)
        ("stmt:AlmagroForeignMinisterTerm-member-LuisAlmagro", 1, 2),
        ("stmt:AlmagroSecretaryGeneralTerm1-member-LuisAlmagro", 1, 2),
        ("stmt:AlmagroSecretaryGeneralTerm1-organization-OAS", 1, 2),
        ("stmt:AlmagroSecretaryGeneralTerm1-termOfPost-SecretaryGeneralOfTheOAS", 1, 2),
        ("stmt:AlmagroSecretaryGeneralTerm2-member-LuisAlmagro", 2, 1),
        ("stmt:AlmagroSecretaryGeneralTerm2-organization-OAS", 2, 1),
        ("stmt:AlmagroSecretaryGeneralTerm2-termOfPost-SecretaryGeneralOfTheOAS", 2, 1),
        ("stmt:AlmagroSenatorTerm-member-LuisAlmagro", 1, 1),
        ("stmt:AlmagroSenatorTerm-organization-SenateOfUruguay", 1, 1),
        ("stmt:AlmagroSenatorTerm-termOfPost-SenatorOfUruguay", 1, 1),
        ("stmt:AlmagroTakesOfficeAsSecretaryGeneral-agent-LuisAlmagro", 1, 1),
        ("stmt:AlmagroTakesOfficeAsSecretaryGeneral-concerns-AlmagroSecretaryGeneralTerm1", 1, 1),
        ("stmt:AlmagroTakesOfficeAsSecretaryGeneral-description", 1, 1),
        ("stmt:AsylumForSyrianFamiliesInUruguay-agent-Uruguay", 1, 1),
        ("stmt:AsylumForSyrianFamiliesInUruguay-description", 1, 1),
        ("stmt:AsylumForSyrianFamiliesInUruguay-involvesCountry-Syria", 1, 1),
        ("stmt:AsylumForSyrianFamiliesInUruguay-involvesCountry-Uruguay", 1, 1),
        ("stmt:AsylumForSyrianFamiliesInUruguay-toLocation-Uruguay", 1, 1),
        ("stmt:JoseMujica-headOf-MujicaAdministration", 1, 1),
        ("stmt:LuisAlmagro-hasOccupation-Diplomat", 1, 1),
        ("stmt:LuisAlmagro-hasOccupation-Lawyer", 1, 1),
        ("stmt:MACCIH-unitOf-OAS", 1, 1),
        ("stmt:MAPP-country-Colombia", 1, 1),
        ("stmt:MAPP-topic-PeaceProcess", 1, 1),
        ("stmt:MujicaAdministration-country-Uruguay", 1, 1),
        ("stmt:MujicaPresidentOfUruguayTerm-member-JoseMujica", 1, 1),
        ("stmt:NicaraguaCrisis-involvesCountry-Nicaragua", 1, 1),
        ("stmt:OASElectoralObservationMissions-programmeOf-OAS", 1, 1),
        ("stmt:OASElectoralObservationMissions-topic-ElectoralObservation", 1, 1),
        ("stmt:OASGeneralSecretariat-unitOf-OAS", 1, 2),
        ("stmt:SecretaryGeneralOfTheOAS-heads-OASGeneralSecretariat", 1, 1),
        ("stmt:SecretaryGeneralOfTheOAS-postIn-OAS", 3, 1),
        ("stmt:SenateOfUruguay-country-Uruguay", 1, 1),
        ("stmt:SenatorOfUruguay-postIn-SenateOfUruguay", 1, 1),
        ("stmt:TransferOfGuantanamoDetaineesToUruguay-agent-Uruguay", 1, 1),
        ("stmt:TransferOfGuantanamoDetaineesToUruguay-description", 1, 1),
        (
            "stmt:TransferOfGuantanamoDetaineesToUruguay-fromLocation-GuantanamoBayDetentionCamp",
            1,
            2,
        ),
        ("stmt:TransferOfGuantanamoDetaineesToUruguay-involvesCountry-Uruguay", 1, 2),
        ("stmt:TransferOfGuantanamoDetaineesToUruguay-toLocation-Uruguay", 1, 2),
        ("stmt:UruguayNationalElections2014-electedPerson-LuisAlmagro", 1, 1),
        ("stmt:UruguayNationalElections2014-electionTo-SenatorOfUruguay", 1, 1),
        ("stmt:UruguayRecordExports-description", 1, 1),
        ("stmt:UruguayRecordExports-duringTerm-AlmagroForeignMinisterTerm", 1, 1),
        ("stmt:UruguayRecordExports-involvesCountry-Uruguay", 1, 1),
        ("stmt:UruguayRecordExports-topic-Exports", 1, 1),
    ]
    both = sorted(s.n3(NAMES) for s, docs in statement_documents(kg).items() if len(docs) == 2)
    assert [row[0] for row in rows] == both


def test_facts_stated_by_one_source(kg, engine):
    columns, rows = answer(kg, engine, "facts_stated_by_one_source")
    assert columns == ["statement", "document", "sentences"]
    cited = Counter(kg.asserted.subjects(AKG.evidence, None))
    expected = sorted(
        (
            str(next(iter(docs))),
            str(statement),
            statement.n3(NAMES),
            next(iter(docs)).n3(NAMES),
            cited[statement],
        )
        for statement, docs in statement_documents(kg).items()
        if len(docs) == 1
    )
    assert rows == [row[2:] for row in expected]
    # the referral is only in the encyclopedia (s18, s19); the 2015 votes only in the biography
    assert ("res:ReferralOfVenezuelaToTheICC", "doc:encyclopedia-extract", 2) in rows
    assert ("res:Election2015SecretaryGeneral", "doc:oas-biography", 1) in rows


def test_facts_per_source(kg, engine):
    columns, rows = answer(kg, engine, "facts_per_source")
    assert columns == [
        "document",
        "fileName",
        "writtenAfter",
        "sentences",
        "citedSentences",
        "statements",
    ]
    per_document: dict[URIRef, tuple[set, set]] = {}
    for statement, passage in kg.asserted.subject_objects(AKG.evidence):
        passages_, statements = per_document.setdefault(
            kg.asserted.value(passage, PROV.wasQuotedFrom), (set(), set())
        )
        passages_.add(passage)
        statements.add(statement)
    encyclopedia, biography = (
        per_document[DOC["encyclopedia-extract"]],
        per_document[DOC["oas-biography"]],
    )
    assert rows == [
        (
            "doc:encyclopedia-extract",
            "001_a960fe334a8c84d6.txt",
            "2023-03",
            20,
            len(encyclopedia[0]),
            len(encyclopedia[1]),
        ),
        (
            "doc:oas-biography",
            "000_809fd6f138efe90d.txt",
            date(2020, 3, 20),
            22,
            len(biography[0]),
            len(biography[1]),
        ),
    ]


HAITI = ("ev:encyclopedia-extract-s09", "ev:oas-biography-s10")  # Martelly's s09; "in Haiti"
VENEZUELA = ("ev:encyclopedia-extract-s18", "ev:encyclopedia-extract-s20")  # the paragraph's
CONTEXT, COMMON = (
    ("res:InferredFromContext", "inferred from context"),
    (
        "res:CommonKnowledge",
        "common knowledge",
    ),
)
# (subject, property, object, basis, inferred from): every triple no sentence states.
EDITORIAL = [
    ("AsylumForSyrianFamiliesInUruguay", "akg:topic", "res:Refugees", COMMON, ("B18",)),
    (
        "Election2017VenezuelanMagistrates",
        "akg:involvesCountry",
        "res:Venezuela",
        CONTEXT,
        VENEZUELA,
    ),
    (
        "ExpansionOfUruguayMarketAccess",
        "akg:agentCapacity",
        "res:MinisterOfForeignAffairsOfUruguay",
        CONTEXT,
        ("E04", "B15"),
    ),
    (
        "GRULACEndorsementOfUruguay",
        "akg:duringTerm",
        "res:AlmagroForeignMinisterTerm",
        CONTEXT,
        ("B16", "B18"),
    ),
    ("GovernmentOfHaiti", "akg:country", "res:Haiti", CONTEXT, HAITI),
    (
        "HaitiPresidentialElectionSecondRound",
        "akg:electionTo",
        "res:PresidentOfHaiti",
        CONTEXT,
        HAITI,
    ),
    ("HaitiPresidentialElectionSecondRound", "akg:involvesCountry", "res:Haiti", CONTEXT, HAITI),
    ("HonduranSocialSecuritySystem", "skos:altLabel", "IHSS", COMMON, ("E10",)),
    (
        "HonduranSocialSecuritySystem",
        "skos:altLabel",
        "Instituto Hondureño de Seguridad Social",
        COMMON,
        ("E10",),
    ),
    ("MaduroDictatorship", "akg:country", "res:Venezuela", CONTEXT, VENEZUELA),
    ("MagistratesTakeOfficeInExile", "akg:involvesCountry", "res:Venezuela", CONTEXT, VENEZUELA),
    ("MartellyPresidentOfHaitiTerm", "org:organization", "res:GovernmentOfHaiti", CONTEXT, HAITI),
    ("MartellyPresidentOfHaitiTerm", "akg:termOfPost", "res:PresidentOfHaiti", CONTEXT, HAITI),
    (
        "MartellyRequestsAssistanceFromAlmagro",
        "akg:agentCapacity",
        "res:PresidentOfHaiti",
        CONTEXT,
        HAITI,
    ),
    ("MartellyRequestsAssistanceFromAlmagro", "akg:involvesCountry", "res:Haiti", CONTEXT, HAITI),
    (
        "MinistryOfForeignAffairsOfUruguay",
        "org:unitOf",
        "res:GovernmentOfUruguay",
        COMMON,
        ("B19",),
    ),
    (
        "MostFollowedLeaderOfAnInternationalOrganization",
        "akg:topic",
        "res:SocialMedia",
        CONTEXT,
        ("B11", "B13"),
    ),
    ("NationalAssemblyOfVenezuela", "akg:country", "res:Venezuela", CONTEXT, VENEZUELA),
    ("NicolasMaduro", "skos:altLabel", "Nicolás Maduro", COMMON, ("E20",)),
    ("OASAccountsOverOneMillionFollowers", "akg:topic", "res:SocialMedia", CONTEXT, ("B11", "B12")),
    (
        "PersecutionOfMagistratesByMaduroDictatorship",
        "akg:involvesCountry",
        "res:Venezuela",
        CONTEXT,
        VENEZUELA,
    ),
    ("PresidentOfHaiti", "org:postIn", "res:GovernmentOfHaiti", CONTEXT, HAITI),
    (
        "SecretaryGeneralStatementOnSystematicRepression",
        "akg:topic",
        "res:HumanRightsViolations",
        COMMON,
        ("E15",),
    ),
    (
        "SuspensionOfHaitiPresidentialSecondRound",
        "akg:involvesCountry",
        "res:Haiti",
        CONTEXT,
        HAITI,
    ),
    ("VenezuelanMagistrate", "akg:country", "res:Venezuela", CONTEXT, VENEZUELA),
]
FACT_NAMES = {  # literal objects: the fact's readable suffix
    "IHSS": "IHSS",
    "Instituto Hondureño de Seguridad Social": "InstitutoHondurenoDeSeguridadSocial",
    "Nicolás Maduro": "NicolasMaduro",
}


def passage(code: str) -> str:
    """'B18' -> 'ev:oas-biography-s18', 'E04' -> 'ev:encyclopedia-extract-s04'."""
    if code.startswith("ev:"):
        return code
    document = {"B": "oas-biography", "E": "encyclopedia-extract"}[code[0]]
    return f"ev:{document}-s{code[1:]}"


def test_editorial_inferences(kg, engine):
    columns, rows = answer(kg, engine, "editorial_inferences")
    assert columns == [
        "fact",
        "subject",
        "property",
        "object",
        "basis",
        "inferredFrom",
    ]
    expected = []
    for subject, prop, value, (basis, _), sources in EDITORIAL:
        suffix = FACT_NAMES.get(value, value.removeprefix("res:"))
        fact = f"stmt:{subject}-{prop.split(':')[1]}-{suffix}"
        for source in sources:
            expected.append((fact, f"res:{subject}", prop, value, basis, passage(source)))
    assert len({row[0] for row in expected}) == 25  # 9 for Haiti (enc s09), 6 for Venezuela (s20)
    assert rows == sorted(expected, key=lambda row: (row[0], row[5]))
    # Each basis with its label (basisLabel follows basis), in English and in Spanish
    # (kg/data/claims.ttl).
    english = {(basis, f'"{label}"@en') for *_, (basis, label), _ in EDITORIAL}
    assert {row[8:10] for row in labelled(kg, engine, "editorial_inferences")} == english
    assert {row[8:10] for row in labelled(kg, engine, "editorial_inferences", lang="es")} == {
        ("res:InferredFromContext", '"inferido del contexto"@es'),
        ("res:CommonKnowledge", '"conocimiento com\u00fan"@es'),
    }


def test_facts_about_entity_lists_an_editorial_inference_with_its_basis(kg, engine):
    _, rows = answer(kg, engine, "facts_about_entity", entity="PresidentOfHaiti")
    assert (
        "res:PresidentOfHaiti",
        "org:postIn",
        "res:GovernmentOfHaiti",
        "stmt:PresidentOfHaiti-postIn-GovernmentOfHaiti",
        "res:InferredFromContext",
        None,
        None,
        None,
    ) in rows
    assert all(row[5] is None for row in rows if row[4] is not None)  # no quote for an inference


def test_source_disagreements(kg, engine):
    columns, rows = answer(kg, engine, "source_disagreements")
    assert columns == [
        "claim",
        "subject",
        "property",
        "object",
        "document",
        "sentence",
        "quote",
        "contradicts",
        "assertedDocument",
        "assertedSentence",
        "assertedQuote",
    ]
    # "After leaving government service, Almagro was elected Senator ... in 2014" (enc s03) against
    # "foreign minister from March 1, 2010 to March 1, 2015" (bio s15)
    assert rows == [
        (
            "stmt:UruguayNationalElections2014-after-AlmagroForeignMinisterTerm",
            "res:UruguayNationalElections2014",
            "akg:after",
            "res:AlmagroForeignMinisterTerm",
            ENC,
            3,
            sentence("encyclopedia-extract", 3),
            "stmt:AlmagroForeignMinisterTerm-endDate",
            BIO,
            15,
            sentence("oas-biography", 15),
        )
    ]
    # the claim is not asserted; akg:contradicts is symmetric, so the full graph has both ways
    claim = "stmt:UruguayNationalElections2014-after-AlmagroForeignMinisterTerm"
    assert (
        kg.sparql(
            "ASK { res:UruguayNationalElections2014 akg:after res:AlmagroForeignMinisterTerm }",
            engine=engine,
        )
        is False
    )
    assert (
        kg.sparql(
            f"ASK {{ stmt:AlmagroForeignMinisterTerm-endDate akg:contradicts {claim} }}",
            engine=engine,
        )
        is True
    )


# ---- reasoning, layers, statistics ----------------------------------------------------------


def test_inferred_triples_by_property(kg, engine):
    columns, rows = answer(kg, engine, "inferred_triples_by_property")
    assert columns == ["property", "triples"]
    counts = Counter(p for _, p, _ in kg.inferred)
    assert rows == [
        (p.n3(NAMES), n)
        for p, n in sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    ]
    found = dict(rows)
    # one org:holds per (holder, post) pair of the 14 terms: Almagro's 7 posts (two terms of one),
    # 4 presidents, Uruguay's seat, the magistrates; one hasArticle per named article.
    assert (
        found["org:holds"],
        found["org:heldBy"],
        found["org:hasMembership"],
        found["akg:hasArticle"],
    ) == (13, 13, 14, 3)
    assert answer(kg, engine, "inferred_triples_by_property", dataset="asserted")[1] == []


def test_triples_per_layer(kg, engine):
    # The asserted and inferred layers, and the stored-query catalogue as RDF (its own graph).
    queries = len(kg.catalogue)
    assert answer(kg, engine, "triples_per_layer") == (
        ["layer", "triples"],
        [(ASSERTED, len(kg.asserted)), (CATALOGUE, queries), (INFERRED, len(kg.inferred))],
    )
    assert answer(kg, engine, "triples_per_layer", dataset="asserted")[1] == [
        (ASSERTED, len(kg.asserted)),
        (CATALOGUE, queries),
    ]


def test_entities_per_class(kg, engine):
    columns, rows = answer(kg, engine, "entities_per_class")
    assert columns == ["class", "entities"]
    counts = {}
    for cls in set(kg.full.subjects(RDF.type, OWL.Class)):
        members = {s for s in kg.full.subjects(RDF.type, cls) if str(s).startswith(str(RES))}
        if members:
            counts[cls] = len(members)
    assert rows == [
        (c.n3(NAMES), n)
        for c, n in sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    ]
    found = dict(rows)
    # The sources name 22 countries (16 in the biography, Spain, Peru, Argentina, Canada, Chile
    # and Paraguay in the encyclopedia), 7 people, 2 documents of 22 + 20 sentences.
    assert (
        found["schema:Country"],
        found["schema:Person"],
        found["akg:SourceDocument"],
        found["akg:EvidencePassage"],
        found["akg:LegalInstrument"],
        found["akg:Article"],
        found["akg:Mission"],
    ) == (22, 7, 2, 42, 2, 3, 2)


# ---- graph-shaped answers -------------------------------------------------------------------

MACCIH_NEIGHBOURHOOD = """
@prefix akg: <https://w3id.org/almagro-kg/ontology/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix res: <https://w3id.org/almagro-kg/resource/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

# foaf:Agent, foaf:Organization and org:hasSubOrganization come from ORG, which the ontology
# imports (org:Organization rdfs:subClassOf foaf:Agent, owl:equivalentClass foaf:Organization;
# org:hasSubOrganization owl:inverseOf org:subOrganizationOf).
res:MACCIH a akg:Mission , org:OrganizationalUnit , org:Organization , prov:Agent , foaf:Agent ,
        foaf:Organization ;
    rdfs:label "Mission to Support the Fight Against Corruption and Impunity in Honduras"@en ,
        "Misión de Apoyo contra la Corrupción y la Impunidad en Honduras"@es ;
    skos:altLabel "MACCIH"@en , "MACCIH"@es , "MACCIH-OEA"@es ;
    org:unitOf res:OAS ;
    org:subOrganizationOf res:OAS ;
    org:transitiveSubOrganizationOf res:OAS ;
    akg:country res:Honduras ;
    akg:topic res:FightAgainstCorruptionAndImpunity ;
    akg:firstOfItsKind true ;
    akg:firstWithin res:OAS .
res:OAS org:hasUnit res:MACCIH ;
    org:hasSubOrganization res:MACCIH ;
    rdfs:label "Organization of American States"@en .
res:ChampioningKeyOASInitiatives akg:concerns res:MACCIH ;
    rdfs:label "Almagro champions key OAS initiatives as priorities for the organization"@en .
res:CreationOfMACCIH akg:concerns res:MACCIH ;
    rdfs:label "Almagro drives the creation of the MACCIH"@en .
res:Honduras rdfs:label "Honduras"@en .
res:FightAgainstCorruptionAndImpunity rdfs:label "fight against corruption and impunity"@en .
akg:Mission rdfs:label "mission"@en .
org:OrganizationalUnit rdfs:label "organizational unit"@en .
org:Organization rdfs:label "organization"@en .
prov:Agent rdfs:label "agent (PROV)"@en .
"""


def test_entity_neighbourhood(kg, engine):
    result = kg.run("entity_neighbourhood", engine=engine)  # MACCIH
    assert result.form == "CONSTRUCT"
    expected = Graph().parse(data=MACCIH_NEIGHBOURHOOD, format="turtle")
    assert isomorphic(answer_graph(result), expected)


def described(layer: Graph, entity: URIRef) -> Graph:
    """What describe_entity promises, computed from a layer in Python: every triple with the
    entity as subject, and every triple about each akg:SimpleFact that states one of those."""
    found = Graph()
    for p, o in layer.predicate_objects(entity):
        found.add((entity, p, o))
    for statement in layer.subjects(RDF.subject, entity):
        stated = {
            (entity, p, o)
            for p in layer.objects(statement, RDF.predicate)
            for o in layer.objects(statement, RDF.object)
        }
        if (statement, RDF.type, AKG.SimpleFact) in layer and any(t in layer for t in stated):
            for p, o in layer.predicate_objects(statement):
                found.add((statement, p, o))
    return found


@pytest.mark.parametrize("dataset", ["full", "asserted"])
@pytest.mark.parametrize("entity", ["MACCIH", "LuisAlmagro"])
def test_describe_entity(kg, engine, entity, dataset):
    result = kg.run("describe_entity", {"entity": entity}, dataset=dataset, engine=engine)
    assert result.form == "CONSTRUCT"
    layer = kg.full if dataset == "full" else kg.asserted
    assert isomorphic(answer_graph(result), as_integers(described(layer, RES[entity])))


def test_describe_entity_maccih(kg, engine):
    graph = answer_graph(kg.run("describe_entity", {"entity": "MACCIH"}, engine=engine))
    about = Graph().parse(data=MACCIH_NEIGHBOURHOOD, format="turtle")
    assert set(graph.predicate_objects(RES.MACCIH)) == set(about.predicate_objects(RES.MACCIH))
    stmt = "https://w3id.org/almagro-kg/resource/statement/MACCIH-"
    statements = {
        URIRef(stmt + name)
        for name in (
            "unitOf-OAS",
            "country-Honduras",
            "firstOfItsKind",
            "firstWithin-OAS",
            "topic-FightAgainstCorruptionAndImpunity",
        )
    }
    assert set(graph.subjects(RDF.subject, RES.MACCIH)) == statements
    assert set(graph.subjects()) == {RES.MACCIH, *statements}
    assert (URIRef(stmt + "firstOfItsKind"), RDF.object, Literal(True)) in graph
    assert (URIRef(stmt + "unitOf-OAS"), RDF.type, AKG.SimpleFact) in graph
    assert set(graph.objects(URIRef(stmt + "unitOf-OAS"), AKG.evidence)) == {
        URIRef("https://w3id.org/almagro-kg/resource/evidence/oas-biography-s09"),
        URIRef("https://w3id.org/almagro-kg/resource/evidence/encyclopedia-extract-s06"),
    }
    # 18 triples about MACCIH (as in its neighbourhood); each statement has its 4 types in the
    # full graph, its subject, predicate and object, and its passages (two for unitOf-OAS)
    assert len(graph) == 18 + 5 * 8 + 1


# ---- coverage -------------------------------------------------------------------------------

# Properties that carry text about a node rather than a relation a question asks about (a source
# document's citation fields among them: the queries name a document by its title or label).
DESCRIPTIVE = {RDF.type, SDO.description, DCTERMS.title, DCTERMS.description, DCTERMS.publisher}
DESCRIPTIVE |= {DCTERMS.type, DCTERMS.bibliographicCitation, SDO.genre}


def test_the_queries_together_touch_every_class_and_relation(kg):
    """A class is touched when a query answers with one of its members or names one; a relation,
    when a query uses it. A property of the catalogue, read on one engine (tests/test_engines.py
    compares the engines on every query)."""
    engine = "oxigraph"
    queries = catalogue.load_catalogue().values()
    texts = "\n".join(query.body for query in queries)
    answered: set[URIRef] = set()
    for query in queries:
        if query.name == "entities_per_class":  # counts every class: no evidence of a question
            continue
        result = run_stored(kg.engine(engine), query)
        triples = [(t.subject, t.predicate, t.object) for t in result.triples]
        answered |= {
            URIRef(t.value)
            for terms in (*result.rows, *triples)
            for t in terms
            if isinstance(t, pyoxigraph.NamedNode)
        }
    data = Graph()
    for triple in kg.asserted:  # the resources (entities, statements, passages), not the ontology
        if str(triple[0]).startswith(str(RES)):
            data.add(triple)
    members: dict[URIRef, set[URIRef]] = {}
    for entity, cls in data.subject_objects(RDF.type):
        members.setdefault(cls, set()).add(entity)
    untouched = sorted(
        cls.n3(NAMES)
        for cls, entities in members.items()
        if not entities & answered and not any(e.n3(NAMES) in texts for e in entities)
    )
    assert untouched == []
    unused = sorted(
        p.n3(NAMES) for p in set(data.predicates()) - DESCRIPTIVE if p.n3(NAMES) not in texts
    )
    assert unused == []


# ---- sentences no fact cites --------------------------------------------------------------------


def test_uncited_sentences(kg, engine):
    """Every sentence of both documents is cited by a fact today, so no row, and no reason is
    recorded (kg/data/coverage.ttl). tests/test_coverage.py runs the query on a graph that has
    uncited sentences."""
    columns, rows = answer(kg, engine, "uncited_sentences")
    assert columns == ["passage", "document", "sentence", "quote", "reason"]
    assert rows == []
    cited = set(kg.asserted.objects(None, AKG.evidence))
    assert len(cited) == 42
    assert list(kg.asserted.subject_objects(AKG.notCitedBecause)) == []
