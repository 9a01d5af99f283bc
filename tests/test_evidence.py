"""`kg evidence`: each fact about an entity with the exact passages that state it."""

from __future__ import annotations

import calendar
import re
from collections import Counter

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, ORG, RDF, XSD

from kg.errors import KGError
from kg.evidence import Document, Evidence, Selector, describe_document, evidence_for
from kg.graph import KnowledgeGraph
from kg.namespaces import AKG, DOC, EV, OA, RES, STMT
from kg.query.values import IRI, PartialDate
from tests.conftest import FIXTURES

BIO = "H.E. Mr. Luis Almagro, Secretary General, Organization of American States"
ENC = "Luis Almagro: sentences from the English-language encyclopedia article"


def passages_of(rows, fact: str) -> set[tuple[str, int, int]]:
    return {(r.document.title, r.start, r.end) for r in rows if r.fact == fact}


def test_simple_facts_about_almagro_cite_their_sentences(real_graph):
    rows = real_graph.evidence("Almagro")
    assert passages_of(rows, "res:LuisAlmagro schema:birthDate 1963-06-01") == {(ENC, 0, 244)}
    assert passages_of(rows, "res:LuisAlmagro akg:numberOfChildren 7") == {(BIO, 3496, 3553)}
    for language in ("English", "French", "Spanish"):
        fact = f"res:LuisAlmagro schema:knowsLanguage res:{language}"
        assert passages_of(rows, fact) == {(BIO, 3554, 3603)}
    quotes = {r.quote for r in rows if r.fact == "res:LuisAlmagro akg:numberOfChildren 7"}
    assert quotes == {"Almagro is a lawyer by profession and has seven children."}


def test_evidence_is_structured_values(real_graph):
    (row,) = [r for r in real_graph.evidence("Almagro") if r.fact.endswith("numberOfChildren 7")]
    assert row == Evidence(
        fact="res:LuisAlmagro akg:numberOfChildren 7",
        statement=IRI(STMT["LuisAlmagro-numberOfChildren"]),
        passage=IRI(EV["oas-biography-s21"]),
        document=Document(
            iri=IRI(DOC["oas-biography"]),
            title=BIO,
            kind="official biography",
            publisher="Organization of American States",
            written_after=PartialDate(2020, 3, 20),
            file_name="000_809fd6f138efe90d.txt",
        ),
        sentence=21,
        selector=Selector(
            exact="Almagro is a lawyer by profession and has seven children.",
            prefix="nal elections in October 2014.\n\n",
            suffix=" Apart from Spanish, he speaks E",
            start=3496,
            end=3553,
        ),
    )
    assert (row.passage.compact, row.statement.compact, row.quote) == (
        "ev:oas-biography-s21",
        "stmt:LuisAlmagro-numberOfChildren",
        "Almagro is a lawyer by profession and has seven children.",
    )


def test_every_document_is_cited_by_the_one_citation_text(real_graph):
    """The citation the data carries (dcterms:bibliographicCitation, written by the generator
    from kg.sources.DOCUMENTS) is the one kg.evidence makes from the graph's own fields."""
    graph = real_graph.asserted
    citations = {
        str(iri): (describe_document(graph, iri).citation, str(text))
        for iri, text in graph.subject_objects(DCTERMS.bibliographicCitation)
    }
    assert citations == {
        str(DOC["oas-biography"]): (
            "“H.E. Mr. Luis Almagro, Secretary General, Organization of American States” "
            "(official biography, Organization of American States; written after 2020-03-20)",
        )
        * 2,
        str(DOC["encyclopedia-extract"]): (
            "“Luis Almagro: sentences from the English-language encyclopedia article” "
            "(encyclopedia article, extract; written after 2023-03)",
        )
        * 2,
    }
    assert graph.value(DOC["oas-biography"], DCTERMS.publisher) == RES.OAS
    assert graph.value(DOC["encyclopedia-extract"], DCTERMS.publisher) is None


def test_a_mission_is_cited_by_both_documents(real_graph):
    rows = real_graph.evidence("MACCIH")
    documents = {r.document.title for r in rows}
    assert documents == {BIO, ENC}
    assert passages_of(rows, "res:MACCIH akg:country res:Honduras") == {(BIO, 1219, 1879)}


def test_a_statement_node_lists_its_own_evidence(real_graph):
    rows = real_graph.evidence("Election2015SecretaryGeneral")
    assert {
        (r.document.title, r.start, r.end)
        for r in rows
        if r.statement.compact == "res:Election2015SecretaryGeneral"
    } == {(BIO, 176, 314)}


def test_names_resolve_by_label_acronym_and_local_name(real_graph):
    assert real_graph.resolve("OEA") == RES.OAS
    assert real_graph.resolve("Organization of American States") == RES.OAS
    assert real_graph.resolve("maccih") == RES.MACCIH
    assert real_graph.resolve("LuisAlmagro") == RES.LuisAlmagro


def test_unknown_name_suggests_candidates(real_graph):
    with pytest.raises(KGError) as caught:
        real_graph.resolve("MACCH")
    assert str(caught.value) == "entity: no resource is named 'MACCH'; did you mean MACCIH?"


def test_small_graph_evidence_rows():
    graph = KnowledgeGraph.load(FIXTURES / "pipeline" / "small", use_cache=False)
    rows = evidence_for(graph.asserted, RES.Ana)
    assert [(r.fact, r.statement.compact, r.start, r.end) for r in rows] == [
        ("Ana as Chair of the Club (akg:Term): org:member res:Ana", "res:AnaChairTerm", 176, 314)
    ]


# ---- every date and number a statement gives is in a sentence it cites -----------------------

DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}
INTEGER_TYPES = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
}
MONTHS = [calendar.month_name[m] for m in range(1, 13)]
CARDINALS = "zero one two three four five six seven eight nine ten eleven twelve".split()
ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split()

# Values no cited sentence spells out, each with the reason it is still the source's: none today.
NOT_SPELLED_OUT: dict[tuple[str, str], str] = {}


def spellings(n: int) -> set[str]:
    """The ways a sentence can write the number n: digits, a word, an ordinal, 'N million'."""
    found = {str(n), f"{n:,}"}
    if n < len(CARDINALS):
        found.add(CARDINALS[n])
    if n < len(ORDINALS):
        found.add(ORDINALS[n])
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    found.add(f"{n}{suffix}")
    if n and n % 1_000_000 == 0:
        millions = n // 1_000_000
        found |= {
            f"{w} million" for w in spellings(millions) if not w.endswith(("st", "nd", "rd", "th"))
        }
    return found


def says(quote: str, words: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(words)}(?![\w])", quote, re.IGNORECASE) is not None


# The bounds are the edges of a stated time, not dates the text writes ("the spring of 2015" is
# 2015-03-01 to 2015-06-30): test_time_bounds checks them.
TIME_BOUNDS = {AKG.earliestStart, AKG.latestStart, AKG.earliestEnd, AKG.latestEnd}


def dated_and_counted_values(real_graph):
    """(statement, property, literal, cited quotes) for every date and integer a statement gives:
    on a statement node (term, event) any property; on a simple fact its rdf:object."""
    g = real_graph.asserted
    statements = set(real_graph.full.subjects(RDF.type, AKG.SourcedStatement))
    assert statements
    for statement in sorted(statements):
        quotes = [
            str(g.value(p, OA.hasSelector / OA.exact)) for p in g.objects(statement, AKG.evidence)
        ]
        for prop, value in sorted(g.predicate_objects(statement)):
            if isinstance(value, Literal) and value.datatype in DATE_TYPES | INTEGER_TYPES:
                yield statement, prop, value, quotes


def test_every_date_is_in_a_sentence_the_statement_cites(real_graph):
    """The year of every date (and the month and day, where the date has them) is written in at
    least one sentence its statement cites: no date comes from outside the sources."""
    missing, checked = [], 0
    for statement, prop, value, quotes in dated_and_counted_values(real_graph):
        if value.datatype not in DATE_TYPES or prop in TIME_BOUNDS:
            continue
        checked += 1
        text = str(value)
        year, month, day = (text.split("-") + [None, None])[:3]
        needed = [year]
        if month:
            needed.append(MONTHS[int(month) - 1])
        if day:
            needed.append(str(int(day)))
        if not any(all(says(q, w) for w in needed) for q in quotes):
            missing.append((statement, prop, text, needed))
    assert checked >= 15
    assert [m for m in missing if (str(m[0]), m[2]) not in NOT_SPELLED_OUT] == []


def test_every_number_is_in_a_sentence_the_statement_cites(real_graph):
    """Every integer (votes, electorate, abstentions, followers, children, magistrates elected,
    article numbers, ordinals, rounds) is written, in digits or words, in a sentence its statement
    cites: 33, 'one abstention', 'seven children', '1 million', 'the 10th', 'second round'."""
    missing, checked = [], set()
    for statement, prop, value, quotes in dated_and_counted_values(real_graph):
        if value.datatype not in INTEGER_TYPES:
            continue
        checked.add(
            prop if prop != RDF.object else real_graph.asserted.value(statement, RDF.predicate)
        )
        words = spellings(int(value))
        if not any(says(q, w) for q in quotes for w in words):
            missing.append((statement, prop, int(value)))
    assert {
        AKG.votesFor,
        AKG.electorate,
        AKG.abstentions,
        AKG.followersMoreThan,
        AKG.numberOfChildren,
        AKG.numberElected,
    } <= checked
    assert [m for m in missing if (str(m[0]), str(m[2])) not in NOT_SPELLED_OUT] == []


def test_number_spellings():
    assert {"7", "seven", "seventh", "7th"} <= spellings(7)
    assert {"1", "one", "first", "1st"} <= spellings(1)
    assert {"10th", "ten", "tenth"} <= spellings(10)
    assert {"1 million", "one million", "1,000,000"} <= spellings(1_000_000)
    assert says("has seven children.", "seven") and not says("has seventeen children.", "seven")
    assert not says("On March 18, 2015", "1")


def test_the_grulac_endorsement_cites_only_the_sentence_that_names_grulac(real_graph):
    rows = real_graph.evidence("GRULAC")
    fact = "GRULAC endorses Uruguay for election to a seat on the UN Security Council"
    assert {(r.document.title, r.start, r.end) for r in rows if r.fact.startswith(fact)} == {
        (BIO, 2960, 3232),  # "... secured the endorsement of GRULAC ..." (bio s18)
    }


def test_a_statement_node_s_link_cites_the_sentences_of_its_claim(real_graph):
    """The referral cites enc s18 and s19; its agent Chile is named in s19 only."""
    rows = real_graph.evidence("Chile")
    assert {(r.statement.compact, r.start) for r in rows} == {
        ("stmt:ReferralOfVenezuelaToTheICC-agent-Chile", 4312)
    }
    assert all(r.fact.endswith("akg:agent res:Chile") for r in rows)


def test_facts_that_identify_haiti_are_editorial_inferences(real_graph):
    """Encyclopedia s09 never names Haiti: every triple that links Haiti, its president or its
    government to a statement citing s09 is an editorial inference inferred from s09 (and the
    biography's 'ensuring elections in Haiti', s10), citing no passage."""
    g = real_graph.asserted
    haiti = {RES.Haiti, RES.PresidentOfHaiti, RES.GovernmentOfHaiti}
    s09 = EV["encyclopedia-extract-s09"]
    linking = {
        (statement, p, o)
        for statement in g.subjects(AKG.evidence, s09)
        for p, o in g.predicate_objects(statement)
        if o in haiti
    }
    inferred = {
        tuple(g.value(fact, role) for role in (RDF.subject, RDF.predicate, RDF.object))
        for fact in g.subjects(AKG.inferredFrom, s09)
    }
    assert linking < inferred and len(inferred) == 9
    assert inferred - linking == {
        (RES.PresidentOfHaiti, ORG.postIn, RES.GovernmentOfHaiti),
        (RES.GovernmentOfHaiti, AKG.country, RES.Haiti),
    }
    for fact in g.subjects(AKG.inferredFrom, s09):
        assert g.value(fact, AKG.basedOnHeuristic) == RES.InferredFromContext
        assert (fact, AKG.evidence, None) not in g
        assert set(g.objects(fact, AKG.inferredFrom)) == {s09, EV["oas-biography-s10"]}


def test_stats_count_citations_per_document_by_title(real_graph):
    from kg.stats import statistics

    graph = real_graph.asserted
    citing = list(graph.subject_objects(AKG.evidence))
    per_document = Counter(graph.value(passage, OA.hasSource) for _, passage in citing)
    assert statistics(real_graph)["Evidence"] == [
        ("statements citing evidence", len({statement for statement, _ in citing})),
        ("citations", len(citing)),
        (f"citations of {BIO}", per_document[DOC["oas-biography"]]),
        (f"citations of {ENC}", per_document[DOC["encyclopedia-extract"]]),
    ]
    assert len(citing) == 318
