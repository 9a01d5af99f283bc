"""Claims: the evidence of every triple resolves to the sentences that state it, and those
sentences say what the triple says (kg/data/README.md, rules 7 to 9; kg/data/claims.ttl)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SDO, SKOS, XSD

from kg.load import load_data
from kg.namespaces import AKG, EV, OA, RES, STMT
from tests.test_evidence import MONTHS, spellings

# A node's triples that are not claims of their own: its type, names, comments, citations and the
# time bounds (the normalisation of its dates, which cite what the dates cite).
NOT_CLAIMS = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.hiddenLabel,
    AKG.evidence,
    AKG.earliestStart,
    AKG.latestStart,
    AKG.earliestEnd,
    AKG.latestEnd,
}
# Triples whose value is not a name, a number or a date the sentence writes: texts that quote or
# paraphrase the sentence, scheme membership, and the yes/no of "the first of its kind".
NOT_CHECKED = NOT_CLAIMS | {
    SDO.description,
    AKG.peopleDescription,
    AKG.timeDescription,
    AKG.endDescription,
    AKG.firstOfItsKind,
    SKOS.inScheme,
    SKOS.definition,
}
# The triples of a reification, not facts about the world.
REIFICATION = {
    RDF.subject,
    RDF.predicate,
    RDF.object,
    AKG.contradicts,
    AKG.basedOnHeuristic,
    AKG.inferredFrom,
}


@pytest.fixture(scope="module")
def data() -> Graph:
    return load_data()


def claims_of(g: Graph, s, p, o) -> list[URIRef]:
    """The simple facts reifying the triple (s, p, o)."""
    return [
        fact
        for fact in g.subjects(RDF.object, o)
        if (fact, RDF.subject, s) in g
        and (fact, RDF.predicate, p) in g
        and (fact, RDF.type, AKG.SimpleFact) in g
    ]


def evidence_of(g: Graph, s, p, o) -> set[URIRef]:
    """Per-triple evidence: the passages of the simple fact reifying the triple if there is one,
    else the passages of its subject, the statement node."""
    claims = claims_of(g, s, p, o)
    if claims:
        return {passage for claim in claims for passage in g.objects(claim, AKG.evidence)}
    return set(g.objects(s, AKG.evidence))


def is_editorial(g: Graph, s, p, o) -> bool:
    return any((c, AKG.basedOnHeuristic, None) in g for c in claims_of(g, s, p, o))


def data_triples(g: Graph):
    """Every triple about the world: not the passages, their selectors and documents (the
    evidence), not the reifications (simple facts and source claims), not the heuristics'
    scheme."""
    meta = (
        set(g.subjects(RDF.type, AKG.EvidencePassage))
        | set(g.subjects(RDF.type, AKG.SourceDocument))
        | set(g.subjects(RDF.type, AKG.SimpleFact))
        | set(g.subjects(RDF.type, AKG.SourceClaim))
        | set(g.subjects(RDF.type, OA.TextQuoteSelector))
        | set(g.subjects(RDF.type, OA.TextPositionSelector))
    )
    for s, p, o in sorted(g):
        if s not in meta and str(s).startswith(str(RES)):
            yield s, p, o


# ---- rule 7: a statement node citing several passages reifies each of its triples -------------


def multi_passage_nodes(g: Graph) -> list[URIRef]:
    return sorted(
        node
        for node in set(g.subjects(AKG.evidence, None))
        if (node, RDF.type, AKG.SimpleFact) not in g
        and (node, RDF.type, AKG.SourceClaim) not in g
        and len(set(g.objects(node, AKG.evidence))) > 1
    )


def test_the_nodes_citing_several_passages(data):
    assert [n.removeprefix(str(RES)) for n in multi_passage_nodes(data)] == [
        "AlmagroForeignMinisterTerm",
        "AlmagroSecretaryGeneralTerm1",
        "AlmagroSecretaryGeneralTerm2",
        "AlmagroSenatorTerm",
        "AlmagroTakesOfficeAsSecretaryGeneral",
        "AsylumForSyrianFamiliesInUruguay",
        "MujicaPresidentOfUruguayTerm",
        "NicaraguaCrisis",
        "ReferralOfVenezuelaToTheICC",
        "TransferOfGuantanamoDetaineesToUruguay",
        "UruguayNationalElections2014",
        "UruguayRecordExports",
    ]


def test_a_node_citing_several_passages_reifies_each_of_its_triples(data):
    unresolved = [
        (node, p, o)
        for node in multi_passage_nodes(data)
        for p, o in data.predicate_objects(node)
        if p not in NOT_CLAIMS and not claims_of(data, node, p, o)
    ]
    assert unresolved == []


def test_a_claim_cites_only_its_nodes_passages_and_every_passage_backs_a_claim(data):
    """The node's passages are exactly the union of its claims' passages: no claim cites a
    sentence its node does not, and no sentence the node cites states none of its triples."""
    for node in multi_passage_nodes(data):
        cited = set(data.objects(node, AKG.evidence))
        backing = {
            passage
            for p, o in data.predicate_objects(node)
            if p not in NOT_CLAIMS
            for passage in evidence_of(data, node, p, o)
        }
        assert backing == cited, node


def test_evidence_resolves_per_triple(data):
    referral = RES.ReferralOfVenezuelaToTheICC
    enc = "encyclopedia-extract-s"
    assert evidence_of(data, referral, AKG.agent, RES.Chile) == {EV[enc + "19"]}
    assert evidence_of(data, referral, AKG.involvesCountry, RES.Venezuela) == {EV[enc + "18"]}
    assert evidence_of(data, referral, AKG.invokes, RES.RomeStatuteArticle14) == {
        EV[enc + "18"],
        EV[enc + "19"],
    }
    # a node citing one passage: its triples resolve to it
    election = RES.Election2015SecretaryGeneral
    assert evidence_of(
        data, election, AKG.votesFor, Literal(33, datatype=XSD.nonNegativeInteger)
    ) == {EV["oas-biography-s04"]}


# ---- every triple's value is in a sentence cited for it ------------------------------------


def normal(text: str) -> str:
    """Case- and accent-insensitive, punctuation as spaces: 'José Mujica's' -> 'jose mujica s'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def mentions(quote: str, words: str) -> bool:
    """The words start at a word boundary of the quote; the last may go on ('Nicaragua' in
    'Nicaraguan', 'magistrate' in 'magistrates')."""
    words = normal(words)
    pattern = re.escape(words)
    if words.endswith("y"):
        pattern = pattern[:-1] + "(?:y|ies)"  # 'embassy' in 'embassies'
    return bool(words) and re.search(rf"(?<!\w){pattern}", normal(quote)) is not None


HEAD = re.compile(r"\s*(?:\(| of | in | to | at | for |,)")
EVENT_HEAD = re.compile(r"\s*(?:\(| of | in | to | at | for )")


# The adjective the sources use for a name: "the Honduran social security system", "the far-right
# Spanish political party", "the migrant crisis", "electoral cooperation", "anti-leftist".
ADJECTIVES = {
    RES.Honduras: "Honduran",
    RES.Spain: "Spanish",
    RES.Migration: "migrant",
    RES.Elections: "electoral",
    RES.AntiLeftism: "anti-leftist",
}


def labels(g: Graph, thing: URIRef) -> set[str]:
    """A resource's labels in any language, alternative and hidden ones too, without a bracketed
    qualifier ('magistrate (Venezuela)' -> 'magistrate')."""
    return {
        re.sub(r"\s*\([^)]*\)", "", str(label)).strip()
        for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for label in g.objects(thing, p)
    }


def heads(g: Graph, thing: URIRef, head: re.Pattern = HEAD) -> set[str]:
    """Each label and its head, the words before 'of', 'in', 'to', 'at', 'for' or a comma
    ('foreign minister' of 'foreign minister of Uruguay', 'President' of 'President of Peru')."""
    return {form for label in labels(g, thing) for form in (label, head.split(label)[0])}


def names(g: Graph, thing: URIRef) -> set[str]:
    """How a sentence may name a resource. A statement node (an event, a term): by a label or its
    head, not cut at a comma ('Luis Almagro, ... first term' is no name of a term; 'the protests'
    is of 'Protests in Honduras'). Anything else: by a label or its head, the words of its local
    name, its adjective (ADJECTIVES); a person also by the surname and by the head of a post held
    ('the Secretary General'); an organization also by a post in it ('foreign minister' for the
    ministry, 'senator' for the Senate, 'President' for a government)."""
    if (thing, AKG.evidence, None) in g:
        return heads(g, thing, EVENT_HEAD)
    found = heads(g, thing)
    local = str(thing).removeprefix(str(RES))
    found.add(" ".join(re.findall(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[0-9]+", local)))
    if thing in ADJECTIVES:
        found.add(ADJECTIVES[thing])
    if (thing, RDF.type, SDO.Person) in g:
        found |= {label.split()[-1] for label in labels(g, thing)}
        for term in g.subjects(ORG.member, thing):
            for post in g.objects(term, AKG.termOfPost):
                found |= heads(g, post)
    for post in g.subjects(ORG.postIn, thing):
        found |= heads(g, post)
    return {name for name in found if name}


def date_forms(value: Literal) -> set[str]:
    """How the sources write a date: 'March 18, 2015' or '18 March 2015', 'October 2014', '2014'."""
    parts = str(value).split("-")
    if len(parts) == 1:
        return {parts[0]}
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return {f"{month} {parts[0]}"}
    day = str(int(parts[2]))
    return {f"{month} {day}, {parts[0]}", f"{day} {month} {parts[0]}"}


def written(g: Graph, value, quotes: dict[URIRef, str]) -> bool:
    """Is the value written in one of the quotes (passage -> text)?"""
    if isinstance(value, URIRef):
        if set(g.objects(value, AKG.evidence)) & set(quotes):
            return True  # a statement node stated in the same sentence
        forms = names(g, value)
    elif value.datatype in (XSD.date, XSD.gYearMonth, XSD.gYear):
        forms = date_forms(value)
    elif value.datatype == XSD.duration:
        years = re.fullmatch(r"P(\d+)Y", str(value))
        forms = {f"{w} year" for w in spellings(int(years.group(1)))}
    elif isinstance(value.toPython(), int) and not isinstance(value.toPython(), bool):
        forms = spellings(int(value))
    else:
        forms = {str(value)}
    return any(mentions(quote, form) for quote in quotes.values() for form in forms)


# A sentence that names the value only by a pronoun or a role, each with the reason: the
# (passage, value) pairs whose every triple is exempt. Keep it short.
REFERRED_TO: dict[tuple[str, str], str] = {
    ("encyclopedia-extract-s09", "schema:EventPostponed"): "'the suspension of the second round'",
    ("oas-biography-s04", "res:LuisAlmagro"): "'He was first elected': Almagro, named in s03",
    ("oas-biography-s05", "res:LuisAlmagro"): "'he announced': Almagro, named in s03",
    (
        "oas-biography-s08",
        "res:LuisAlmagro",
    ): "'He is the first': Almagro (s07)",
    ("oas-biography-s11", "res:LuisAlmagro"): "'he transformed and modernized': Almagro (s10)",
    ("oas-biography-s17", "res:LuisAlmagro"): "'He also defined': Almagro (s15)",
    ("oas-biography-s17", "res:Uruguay"): "'put the country on the global map': Uruguay (s16)",
    ("oas-biography-s19", "res:Uruguay"): "'his country's foreign ministry and ... its embassies'",
    ("encyclopedia-extract-s02", "res:Uruguay"): "'the country received ... maintained'",
    ("encyclopedia-extract-s03", "res:Uruguay"): "'Senator of the Republic': of Uruguay (s01)",
    ("oas-biography-s05", "res:SecretaryGeneralOfTheOAS"): "'the leadership of the OAS'",
    ("oas-biography-s05", "res:AlmagroSecretaryGeneralTerm1"): "'Upon taking up the leadership'",
    ("encyclopedia-extract-s13", "res:SecretaryGeneralOfTheOAS"): "'Secretary Almagro'",
    ("oas-biography-s06", "res:OrganizationInTouchWithPeoplesNeeds"): "'to put the Organization "
    "in touch with people's needs ...', the label's 'putting'",
    ("encyclopedia-extract-s06", "res:OASElectoralObservationMissions"): "'electoral cooperation "
    "and observation missions'",
    ("oas-biography-s03", "res:Election2015SecretaryGeneral"): "'re-elected': after the first "
    "election (s04)",
    ("oas-biography-s03", "res:AlmagroSecretaryGeneralTerm1"): "'re-elected for a second term'",
    (
        "encyclopedia-extract-s08",
        "res:MeetingAbascalAlmagro2020",
    ): "'again met': as in s07",
    ("encyclopedia-extract-s18", "res:PublicationOfPanelReport2018"): "'During subsequent months': "
    "after the report of s17",
}


def test_every_triple_s_value_is_in_a_sentence_cited_for_it(data):
    quote = {
        p: str(q)
        for p, selector in data.subject_objects(OA.hasSelector)
        for q in data.objects(selector, OA.exact)
    }
    missing, checked = [], 0
    for s, p, o in data_triples(data):
        if p in NOT_CHECKED or p in REIFICATION or is_editorial(data, s, p, o):
            continue
        passages = evidence_of(data, s, p, o)
        checked += 1
        if written(data, o, {passage: quote[passage] for passage in passages}):
            continue
        if any(
            (passage.removeprefix(str(EV)), o.n3(data.namespace_manager)) in REFERRED_TO
            for passage in passages
        ):
            continue
        missing.append(
            (
                s.n3(data.namespace_manager),
                p.n3(data.namespace_manager),
                o.n3(data.namespace_manager),
                sorted(x.removeprefix(str(EV)) for x in passages),
            )
        )
    assert checked > 300
    assert missing == []


def test_the_matcher():
    assert mentions("the crisis in Nicaragua", "nicaragua")
    assert mentions("hundreds of Nicaraguan victims", "Nicaragua")
    assert mentions("at its embassies in Germany", "Embassy")
    assert mentions("President José Mujica's government", "Jose Mujica")
    assert not mentions("the Secretariat", "Secretary")
    assert not mentions("Uruguayan", "Paraguay")
    assert date_forms(Literal("2015-03-18", datatype=XSD.date)) == {
        "March 18, 2015",
        "18 March 2015",
    }
    assert date_forms(Literal("2014-10", datatype=XSD.gYearMonth)) == {"October 2014"}


def test_a_simple_fact_without_evidence_needs_a_basis(tmp_path):
    """The shapes accept a simple fact with no akg:evidence only when it is marked as an editorial
    inference: without akg:basedOnHeuristic it is a missing citation."""
    from kg.load import load_ontology, parse_turtle
    from kg.validate import validate_graph
    from tests.conftest import FIXTURES

    fixture = tmp_path / "unmarked.ttl"
    fixture.write_text(
        (FIXTURES / "invalid" / "EditorialInference-inferredFrom.ttl")
        .read_text(encoding="utf-8")
        .replace("    akg:basedOnHeuristic res:InferredFromContext .", '    rdfs:comment "?"@en .'),
        encoding="utf-8",
    )
    graph = load_ontology()
    parse_turtle(fixture, graph)
    report = validate_graph(graph)
    assert {(r.focus, r.source.rsplit("/", 1)[1]) for r in report.results} == {
        (STMT["Ana-nationality-Uruguay"], "SourcedStatement-evidence")
    }
