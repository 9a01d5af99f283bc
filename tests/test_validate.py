"""Validation: SHACL shapes and quality checks, each proven by a fixture that breaks it alone."""

from __future__ import annotations

import json

import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from kg.errors import KGError
from kg.load import load_ontology, load_shapes, parse_turtle
from kg.namespaces import AKG, OA, RES, SCHEMA, SH
from kg.validate import QC, SHAPES, quality_checks, validate_graph
from tests.conftest import FIXTURES, run_kg

INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"

# Each fixture in tests/fixtures/invalid breaks one rule; validating it with the ontology gives
# exactly these (focus node, source shape or quality check) pairs.
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "Achievement-agent": {("res:Record", "akg-sh:Achievement-agent")},
    "ActOfAnAgent-agent": {("res:Announcement", "akg-sh:ActOfAnAgent-agent")},
    "AddressedEvent-addressee": {("res:Mandate", "akg-sh:AddressedEvent-addressee")},
    "Agent-advocates": {("res:Ana", "akg-sh:Agent-advocates")},
    "Agent-headOf": {("res:Ana", "akg-sh:Agent-headOf")},
    "Agent-memberOf": {("res:Ana", "akg-sh:Agent-memberOf")},
    "Agent-priority": {("res:Ana", "akg-sh:Agent-priority")},
    "Article-articleNumber": {("res:Article20", "akg-sh:Article-articleNumber")},
    "Article-articleOf": {("res:Article20", "akg-sh:Article-articleOf")},
    "ArticleInvokingEvent-invokes": {("res:Invocation", "akg-sh:ArticleInvokingEvent-invokes")},
    "Concept-inScheme": {("res:Democracy", "akg-sh:Concept-inScheme")},
    "Country-country": {("res:Uruguay", "akg-sh:Country-country")},
    "Court-location": {("res:Court", "akg-sh:Court-location")},
    "CreativeWork-creator": {("res:Report", "akg-sh:CreativeWork-creator")},
    "Dispute-involvesCountry": {("res:Dispute", "akg-sh:Dispute-involvesCountry")},
    "Election-abstentions": {("res:ChairElection", "akg-sh:Election-abstentions")},
    "Election-elected": {("res:ChairElection", "akg-sh:Election-elected")},
    "Election-electedPerson": {("res:ChairElection", "akg-sh:Election-electedPerson")},
    "Election-electionTo": {("res:ChairElection", "akg-sh:Election-electionTo")},
    "Election-electorate": {("res:ChairElection", "akg-sh:Election-electorate")},
    "Election-numberElected": {("res:ChairElection", "akg-sh:Election-numberElected")},
    "Election-resultedIn": {("res:ChairElection", "akg-sh:Election-resultedIn")},
    "Election-round": {("res:ChairElection", "akg-sh:Election-round")},
    "Election-votesFor": {("res:ChairElection", "akg-sh:Election-votesFor")},
    "ElectionSuspension-concerns": {("res:Suspension", "akg-sh:ElectionSuspension-concerns")},
    "Embassy-country": {("res:Embassy", "akg-sh:Embassy-country")},
    "Embassy-location": {("res:Embassy", "akg-sh:Embassy-location")},
    "Event-addressee": {("res:Flood", "akg-sh:Event-addressee")},
    "Event-addresseeCapacity": {("res:Flood", "akg-sh:Event-addresseeCapacity")},
    "Event-agent": {("res:Flood", "akg-sh:Event-agent")},
    "Event-agentCapacity": {("res:Flood", "akg-sh:Event-agentCapacity")},
    "Event-approach": {("res:Flood", "akg-sh:Event-approach")},
    "Event-concerns": {("res:Flood", "akg-sh:Event-concerns")},
    "Event-duringTerm": {("res:Flood", "akg-sh:Event-duringTerm")},
    "Event-followersMoreThan": {("res:Flood", "akg-sh:Event-followersMoreThan")},
    "Event-fromLocation": {("res:Flood", "akg-sh:Event-fromLocation")},
    "Event-invokes": {("res:Flood", "akg-sh:Event-invokes")},
    "Event-involvesCountry": {("res:Flood", "akg-sh:Event-involvesCountry")},
    "Event-ledBy": {("res:Flood", "akg-sh:Event-ledBy")},
    "Event-participant": {("res:Flood", "akg-sh:Event-participant")},
    "Event-produced": {("res:Flood", "akg-sh:Event-produced")},
    "Event-statedIn": {("res:AnaStatement", "akg-sh:Event-statedIn")},
    "Event-superEvent": {("res:Flood", "akg-sh:Event-superEvent")},
    "Event-toLocation": {("res:Flood", "akg-sh:Event-toLocation")},
    "Event-triggeredBy": {("res:Flood", "akg-sh:Event-triggeredBy")},
    "Event-uncoveredBy": {("res:Flood", "akg-sh:Event-uncoveredBy")},
    "EvidencePassage-positionSelector": {
        ("ev:fixture-s01", "akg-sh:EvidencePassage-positionSelector")
    },
    "EvidencePassage-quoteSelector": {("ev:fixture-s01", "akg-sh:EvidencePassage-quoteSelector")},
    "EvidencePassage-notCitedBecause": {
        ("ev:fixture-s01", "akg-sh:EvidencePassage-notCitedBecause")
    },
    "EvidencePassage-quotedFrom": {("ev:fixture-s01", "akg-sh:EvidencePassage-quotedFrom")},
    "EvidencePassage-selector": {("ev:fixture-s01", "akg-sh:EvidencePassage-selector")},
    "EvidencePassage-sentenceNumber": {("ev:fixture-s01", "akg-sh:EvidencePassage-sentenceNumber")},
    "EvidencePassage-source": {("ev:fixture-s01", "akg-sh:EvidencePassage-source")},
    "EvidencePassageShape": {("ev:fixture-1", "akg-sh:EvidencePassageShape")},
    "EditorialInference-basedOnHeuristic": {
        ("stmt:Ana-nationality-Uruguay", "akg-sh:EditorialInference-basedOnHeuristic")
    },
    "EditorialInference-evidence": {
        ("stmt:Ana-nationality-Uruguay", "akg-sh:EditorialInference-evidence")
    },
    "EditorialInference-inferredFrom": {
        ("stmt:Ana-nationality-Uruguay", "akg-sh:EditorialInference-inferredFrom")
    },
    "FactsAreSourced": {("res:Ana", "akg-sh:FactsAreSourced")},
    "FormalOrganization-country": {("res:Club", "akg-sh:FormalOrganization-country")},
    "Forum-politicalPosition": {("res:Forum", "akg-sh:Forum-politicalPosition")},
    "Government-country": {("res:Government", "akg-sh:Government-country")},
    "IntergovernmentalOrganization-country": {
        ("res:Club", "akg-sh:IntergovernmentalOrganization-country")
    },
    "Legislature-country": {("res:Senate", "akg-sh:Legislature-country")},
    "LocatedEvent-involvesCountry": {("res:Protest", "akg-sh:LocatedEvent-involvesCountry")},
    "Meeting-participant": {("res:Meeting", "akg-sh:Meeting-participant")},
    "Ministry-unitOf": {("res:Ministry", "akg-sh:Ministry-unitOf")},
    "Mission-unitOf": {("res:Mission", "akg-sh:Mission-unitOf")},
    "NamedResourceShape": {("res:ana_maria", "akg-sh:NamedResourceShape")},
    "OneHolderAtATime": {("res:ClubChair", "akg-sh:OneHolderAtATime")},
    "Organization-location": {("res:Club", "akg-sh:Organization-location")},
    "Organization-politicalPosition": {("res:Club", "akg-sh:Organization-politicalPosition")},
    "Organization-programmaticPillar": {("res:Club", "akg-sh:Organization-programmaticPillar")},
    "Organization-subOrganizationOf": {("res:Club", "akg-sh:Organization-subOrganizationOf")},
    "OrganizationalUnit-unitOf": {("res:Office", "akg-sh:OrganizationalUnit-unitOf")},
    "Person-birthDate": {("res:Ana", "akg-sh:Person-birthDate")},
    "Person-birthDate-timezone": {("res:Ana", "akg-sh:Person-birthDate")},
    "Person-fullName": {("res:Ana", "akg-sh:Person-fullName")},
    "Person-hasOccupation": {("res:Ana", "akg-sh:Person-hasOccupation")},
    "Person-honorificPrefix": {("res:Ana", "akg-sh:Person-honorificPrefix")},
    "Person-knowsLanguage": {("res:Ana", "akg-sh:Person-knowsLanguage")},
    "Person-nationality": {("res:Ana", "akg-sh:Person-nationality")},
    "Person-numberOfChildren": {("res:Ana", "akg-sh:Person-numberOfChildren")},
    "Person-pronunciation": {("res:Ana", "akg-sh:Person-pronunciation")},
    "PoliticalParty-country": {("res:Party", "akg-sh:PoliticalParty-country")},
    "Post-accreditedTo": {("res:ClubChair", "akg-sh:Post-accreditedTo")},
    "Post-heads": {("res:ClubChair", "akg-sh:Post-heads")},
    "Post-postIn": {("res:ClubChair", "akg-sh:Post-postIn")},
    "Programme-programmeOf": {("res:Programme", "akg-sh:Programme-programmeOf")},
    "ReasonOnlyWhenUncited": {("ev:fixture-s01", "akg-sh:ReasonOnlyWhenUncited")},
    "RegionalGroup-hasMember": {("res:Group", "akg-sh:RegionalGroup-hasMember")},
    "Report-creator": {("res:Report", "akg-sh:Report-creator")},
    "ReportPublication-produced": {("res:Publication", "akg-sh:ReportPublication-produced")},
    "SaidOfAgents": {("res:Harbour", "akg-sh:SaidOfAgents")},
    "SaidOfEvents": {("res:Harbour", "akg-sh:SaidOfEvents")},
    "SaidOfMemberships": {("res:Flood", "akg-sh:SaidOfMemberships")},
    "SaidOfOrganizations": {("res:ClubChair", "akg-sh:SaidOfOrganizations")},
    "SaidOfPersons": {("res:Club", "akg-sh:SaidOfPersons")},
    "SaidOfPosts": {("res:Ana", "akg-sh:SaidOfPosts")},
    "SaidOfUnits": {("res:Branch", "akg-sh:SaidOfUnits")},
    "SimpleFact-object": {("stmt:Ana-nationality", "akg-sh:SimpleFact-object")},
    "SimpleFact-predicate": {("stmt:Ana-nationality", "akg-sh:SimpleFact-predicate")},
    "SimpleFact-subject": {("stmt:Fixture-sentenceNumber", "akg-sh:SimpleFact-subject")},
    "SimpleFactIsAsserted": {("stmt:Ana-nationality-Uruguay", "akg-sh:SimpleFactIsAsserted")},
    "SimpleFactShape": {("stmt:ana_nationality", "akg-sh:SimpleFactShape")},
    "SelectorsAgree": {("ev:fixture-s01", "akg-sh:SelectorsAgree")},
    "SourceClaim-contradicts": {("stmt:Ana-nationality-Peru", "akg-sh:SourceClaim-contradicts")},
    "SourceClaimIsNotAsserted": {("stmt:Ana-nationality-Peru", "akg-sh:SourceClaimIsNotAsserted")},
    "SourceClaimShape": {("stmt:ana_nationality_peru", "akg-sh:SourceClaimShape")},
    "SourceDocument-citation": {("doc:fixture", "akg-sh:SourceDocument-citation")},
    "SourceDocument-fileName": {("doc:fixture", "akg-sh:SourceDocument-fileName")},
    "SourceDocument-genre": {("doc:fixture", "akg-sh:SourceDocument-genre")},
    "SourceDocument-publisher": {("doc:fixture", "akg-sh:SourceDocument-publisher")},
    "SourceDocument-title": {("doc:fixture", "akg-sh:SourceDocument-title")},
    "SourceDocument-type": {("doc:fixture", "akg-sh:SourceDocument-type")},
    "SourceDocument-writtenAfter": {("doc:fixture", "akg-sh:SourceDocument-writtenAfter")},
    "SourceDocumentShape": {("doc:Fixture_Doc", "akg-sh:SourceDocumentShape")},
    "SourcedStatement-evidence": {("res:Flood", "akg-sh:SourcedStatement-evidence")},
    "SourcedStatement-evidence-class": {("res:Flood", "akg-sh:SourcedStatement-evidence")},
    "Term-duration": {("res:AnaChairTerm", "akg-sh:Term-duration")},
    "Term-inAdministration": {("res:AnaChairTerm", "akg-sh:Term-inAdministration")},
    "Term-legislature": {("res:AnaChairTerm", "akg-sh:Term-legislature")},
    "Term-member": {("res:HarbourChairTerm", "akg-sh:Term-member")},
    "Term-ordinal": {("res:AnaChairTerm", "akg-sh:Term-ordinal")},
    "Term-organization": {("res:AnaChairTerm", "akg-sh:Term-organization")},
    "Term-responsibleFor": {("res:AnaChairTerm", "akg-sh:Term-responsibleFor")},
    "Term-termNumber": {("res:AnaChairTerm", "akg-sh:Term-termNumber")},
    "Term-termOfPost": {("res:AnaChairTerm", "akg-sh:Term-termOfPost")},
    # An end stated before the start: its bounds (required with a stated date) contradict too.
    "TermEndsAfterItStarts": {
        ("res:AnaChairTerm", "akg-sh:TermEndsAfterItStarts"),
        ("res:AnaChairTerm", "akg-sh:TimeBounds"),
    },
    "TimeBounds": {("res:Flood", "akg-sh:TimeBounds")},
    "TimeBounds-order": {("res:Flood", "akg-sh:TimeBounds")},
    "TimeBounds-missing": {("res:Flood", "akg-sh:TimeBounds")},
    "earliestStart": {("res:Flood", "akg-sh:earliestStart")},
    "latestStart": {("res:Flood", "akg-sh:latestStart")},
    "earliestEnd": {("res:Flood", "akg-sh:earliestEnd")},
    "latestEnd": {("res:Flood", "akg-sh:latestEnd")},
    "Event-eventStatus": {("res:Flood", "akg-sh:Event-eventStatus")},
    "firstWithin": {("res:Flood", "akg-sh:firstWithin")},
    "Legislature-legislatureNumber": {
        ("res:Legislature48", "akg-sh:Legislature-legislatureNumber")
    },
    "Text-altLabel": {("res:Ana", "akg-sh:Text-altLabel")},
    "Text-comment": {("res:Harbour", "akg-sh:Text-comment")},
    "Text-description": {("res:Flood", "akg-sh:Text-description")},
    "Text-endDescription": {("res:Flood", "akg-sh:Text-endDescription")},
    "Text-hiddenLabel": {("res:Ana", "akg-sh:Text-hiddenLabel")},
    "Text-label": {("res:Ana", "akg-sh:Text-label")},
    "Text-label-uniqueLang": {("res:Ana", "akg-sh:Text-label")},
    "Text-peopleDescription": {("res:Flood", "akg-sh:Text-peopleDescription")},
    "Text-prefLabel": {("res:Democracy", "akg-sh:Text-prefLabel")},
    "Text-timeDescription": {("res:Flood", "akg-sh:Text-timeDescription")},
    "TextPositionSelector-end": {("ev:fixture-s01-position", "akg-sh:TextPositionSelector-end")},
    "TextPositionSelector-start": {
        ("ev:fixture-s01-position", "akg-sh:TextPositionSelector-start")
    },
    "TextPositionSelectorShape": {("ev:fixture-s01-offsets", "akg-sh:TextPositionSelectorShape")},
    "TextQuoteSelector-exact": {("ev:fixture-s01-quote", "akg-sh:TextQuoteSelector-exact")},
    "TextQuoteSelector-prefix": {("ev:fixture-s01-quote", "akg-sh:TextQuoteSelector-prefix")},
    "TextQuoteSelector-suffix": {("ev:fixture-s01-quote", "akg-sh:TextQuoteSelector-suffix")},
    "TextQuoteSelectorShape": {("ev:fixture-s01-q", "akg-sh:TextQuoteSelectorShape")},
    "Transfer-toLocation": {("res:Transfer", "akg-sh:Transfer-toLocation")},
    "VotesAddUp": {("res:ChairElection", "akg-sh:VotesAddUp")},
    "after": {("res:Flood", "akg-sh:after")},
    "country": {("res:Club", "akg-sh:country")},
    "endDate": {("res:Flood", "akg-sh:endDate")},
    "firstOfItsKind": {("res:Flood", "akg-sh:firstOfItsKind")},
    "qc-dates-out-of-order": {
        ("res:Flood", "akg-qc:dates-out-of-order-violation"),
        ("res:Flood", "akg-sh:TimeBounds"),
    },
    "qc-dates-out-of-order-after": {("res:Drought", "akg-qc:dates-out-of-order-violation")},
    "qc-domain": {("res:Harbour", "akg-qc:domain-violation")},
    "qc-duplicate-label": {
        ("res:OrientalRepublic", "akg-qc:duplicate-label-violation"),
        ("res:Uruguay", "akg-qc:duplicate-label-violation"),
    },
    "qc-label-whitespace": {("res:Ana", "akg-qc:label-whitespace-violation")},
    "qc-missing-label": {("res:Ana", "akg-qc:missing-label-violation")},
    "qc-undeclared-class": {("schema:Persn", "akg-qc:undeclared-class-violation")},
    "qc-undeclared-property": {("schema:birthdate", "akg-qc:undeclared-property-violation")},
    "qc-undescribed-iri": {("res:Atlantis", "akg-qc:undescribed-iri-violation")},
    "qc-unresolved-claim": {("res:Flood", "akg-qc:unresolved-claim-violation")},
    "qc-untyped-resource": {("res:Ana", "akg-qc:untyped-resource-violation")},
    "startDate": {("res:Flood", "akg-sh:startDate")},
    "topic": {("res:Flood", "akg-sh:topic")},
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def with_ontology(ontology: Graph, *files) -> Graph:
    graph = Graph()
    for triple in ontology:
        graph.add(triple)
    for path in files:
        parse_turtle(path, graph)
    return graph


def results(report) -> set[tuple]:
    """Each result as (focus, source shape, path, value, constraint component, message)."""
    return {(r.focus, r.source, r.path, r.value, r.component, r.message) for r in report.results}


def pairs(report) -> set[tuple[str, str]]:
    return {(row["focus"], row["source"]) for row in json.loads(report.json())["results"]}


@pytest.fixture(scope="module")
def no_checks(tmp_path_factory):
    return tmp_path_factory.mktemp("no-quality-checks")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_invalid_fixture_fails_for_its_one_reason(ontology, no_checks, name):
    """...with either validator: the fast one (the shapes as SPARQL on Oxigraph) gives the same
    results as pySHACL, the reference (focus, shape, path, value, constraint component, message).
    The quality checks run on both engines for the fixtures that break one (qc-*); for the others
    the reference runs pySHACL alone (the checks on rdflib are most of its time), so the fast
    validator's checks, all run, must find nothing there either."""
    graph = with_ontology(ontology, INVALID / f"{name}.ttl")
    qc_dir = None if name.startswith("qc-") else no_checks
    report = validate_graph(graph, validator="pyshacl", qc_dir=qc_dir)
    assert not report.conforms
    assert pairs(report) == EXPECTED[name], report.text()
    fast = validate_graph(graph, validator="fast")
    assert (report.validator, fast.validator) == ("pyshacl", "fast")
    assert results(fast) == results(report)
    assert fast.text() == report.text()


def test_every_invalid_fixture_has_its_expectation():
    assert sorted(path.stem for path in INVALID.glob("*.ttl")) == sorted(EXPECTED)


def test_every_shape_and_quality_check_has_a_fixture():
    shapes = load_shapes()
    structural = {SH.property, SH.targetClass, SH.targetSubjectsOf, SH.message, RDF.type}
    reporting = set(shapes.subjects(RDF.type, SH.PropertyShape)) | {
        shape
        for shape in shapes.subjects(RDF.type, SH.NodeShape)
        if (shape, SH.targetClass, None) in shapes or (shape, SH.targetSubjectsOf, None) in shapes
        if any(p not in structural for p in shapes.predicates(shape))
    }
    expected = {"akg-sh:" + shape.removeprefix(SHAPES) for shape in reporting}
    expected |= {"akg-qc:" + check.source.removeprefix(QC) for check in quality_checks()}
    assert len(expected) == 168
    assert {source for found in EXPECTED.values() for _, source in found} == expected


def test_the_valid_fixture_conforms(ontology):
    report = validate_graph(with_ontology(ontology, VALID / "graph.ttl"))
    assert report.results == []
    assert report.conforms and report.count == 0
    assert report.text() == "conforms: no violations\n"
    assert json.loads(report.json()) == {"conforms": True, "count": 0, "results": []}


# The acceptance test, that the real graph conforms (pySHACL, the reference, and the fast
# validator): tests/test_validate_fast.py::test_the_real_graph_conforms_under_both.


def test_validation_adds_nothing_to_the_graph(ontology):
    graph = with_ontology(ontology, INVALID / "Ministry-unitOf.ttl")
    before = set(graph)
    validate_graph(graph)
    assert set(graph) == before


def test_targets_and_classes_follow_asserted_subclasses_without_inference(ontology, tmp_path):
    """akg:Ministry is an org:OrganizationalUnit, an org:Organization, a prov:Agent by asserted
    rdfs:subClassOf: their shapes apply to it. Nothing is inferred: the org:unitOf value, typed
    schema:Country only, is not taken for the akg:Government or org:FormalOrganization the ranges
    would make of it."""
    fixture = tmp_path / "ministry.ttl"
    fixture.write_text(
        (INVALID / "Ministry-unitOf.ttl")
        .read_text(encoding="utf-8")
        .replace("res:Club a akg:IntergovernmentalOrganization", "res:Club a schema:Country"),
        encoding="utf-8",
    )
    report = validate_graph(with_ontology(ontology, fixture))
    assert pairs(report) == {
        ("res:Ministry", "akg-sh:Ministry-unitOf"),
        ("res:Ministry", "akg-sh:OrganizationalUnit-unitOf"),
    }


def test_the_shapes_are_well_formed_shacl():
    conforms, _, text = meta_validate(load_shapes())
    assert conforms, text


def test_every_shape_has_an_iri_and_a_message_and_every_path_is_a_property():
    shapes = load_shapes()
    declared = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    used = {
        shape
        for p in (SH.property, SH.node, SH.qualifiedValueShape)
        for shape in shapes.objects(None, p)
    }
    used |= {shape for lst in shapes.objects(None, SH["or"]) for shape in shapes.items(lst)}
    assert used <= declared
    assert all(shape.startswith(SHAPES) for shape in declared)
    assert all(isinstance(shapes.value(shape, SH.message), Literal) for shape in declared)
    assert all(isinstance(path, URIRef) for path in shapes.objects(None, SH.path))
    assert len(declared) == 207


def test_every_class_the_data_uses_is_targeted(real_graph):
    """Every class of the data is itself the sh:targetClass of some shape (a target on a superclass
    is not enough), and, through rdfs:subClassOf, is either an entity class akg-sh:FactsAreSourced
    targets or a class of nodes that carry evidence (the Web Annotation selectors included, which
    anchor a passage in its document)."""
    shapes, graph = load_shapes(), real_graph.asserted
    targets = set(shapes.objects(None, SH.targetClass))
    entities = set(shapes.objects(SHAPES.FactsAreSourced, SH.targetClass))
    carriers = {AKG.SourcedStatement, AKG.EvidencePassage, AKG.SourceDocument}
    carriers |= {OA.SpecificResource, OA.Selector}
    used = {cls for s, cls in graph.subject_objects(RDF.type) if s.startswith(RES)}
    assert {SCHEMA.Person, AKG.Term, AKG.Election, AKG.SimpleFact} <= used
    assert sorted(used - targets) == []
    for cls in used:
        ancestors = set(graph.transitive_objects(cls, RDFS.subClassOf))
        assert ancestors & (entities | carriers), cls


# The output formats, on a graph with three resources and five violations

MIXED = """\
@prefix res: <https://w3id.org/almagro-kg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .

res:Ana a schema:Person ; rdfs:label "Ana"@en , "Ana"@fr ; schema:nationality res:Atlantis .
res:Bob rdfs:label "Bob"@en .
"""
UNSOURCED = (
    "this fact about an entity is not reified by an akg:SimpleFact (rdf:subject, "
    "rdf:predicate, rdf:object) citing its evidence"
)
UNDESCRIBED = (
    "IRI used but never described: an IRI under res: that is the object of a triple but "
    "the subject of none, most often a typo in a local name or a resource not written yet."
)
UNTYPED = (
    "Untyped resource: an IRI under res: that is described (the subject of a triple) but has "
    "no rdf:type, so no shape targets it."
)
NOT_A_COUNTRY = "schema:nationality links to a schema:Country"
TWO_LABELS = "rdfs:label: at most one label per language, each tagged @en or @es"
MIXED_TEXT = f"""\
res:Ana
  schema:nationality res:Atlantis: {UNSOURCED} [akg-sh:FactsAreSourced]
  schema:nationality res:Atlantis: {NOT_A_COUNTRY} [akg-sh:Person-nationality]
  rdfs:label "Ana"@fr: {TWO_LABELS} [akg-sh:Text-label]
res:Atlantis
  {UNDESCRIBED} [akg-qc:undescribed-iri-violation]
res:Bob
  {UNTYPED} [akg-qc:untyped-resource-violation]
5 violation(s): 3 from the shapes, 2 from the quality checks
"""


def violation(focus, source, message, path=None, value=None):
    return {
        "focus": focus,
        "path": path,
        "value": value,
        "message": message,
        "severity": "sh:Violation",
        "source": source,
    }


MIXED_JSON = {
    "conforms": False,
    "count": 5,
    "results": [
        violation(
            "res:Ana", "akg-sh:FactsAreSourced", UNSOURCED, "schema:nationality", "res:Atlantis"
        ),
        violation(
            "res:Ana",
            "akg-sh:Person-nationality",
            NOT_A_COUNTRY,
            "schema:nationality",
            "res:Atlantis",
        ),
        violation(
            "res:Ana",
            "akg-sh:Text-label",
            TWO_LABELS,
            "rdfs:label",
            '"Ana"@fr',
        ),
        violation("res:Atlantis", "akg-qc:undescribed-iri-violation", UNDESCRIBED),
        violation("res:Bob", "akg-qc:untyped-resource-violation", UNTYPED),
    ],
}


@pytest.fixture
def mixed_dir(tmp_path):
    (tmp_path / "mixed.ttl").write_text(MIXED, encoding="utf-8")
    return tmp_path


@pytest.fixture
def mixed(ontology, mixed_dir):
    return validate_graph(with_ontology(ontology, mixed_dir / "mixed.ttl"))


def test_results_are_rows_sorted_by_resource_then_source(mixed):
    assert mixed.count == 5 and not mixed.conforms
    assert [(r.focus, r.source) for r in mixed.results] == [
        (RES.Ana, SHAPES.FactsAreSourced),
        (RES.Ana, SHAPES["Person-nationality"]),
        (RES.Ana, SHAPES["Text-label"]),
        (RES.Atlantis, QC["undescribed-iri-violation"]),
        (RES.Bob, QC["untyped-resource-violation"]),
    ]
    first = mixed.results[0]
    assert (first.path, first.value, first.severity) == (
        SCHEMA.nationality,
        RES.Atlantis,
        SH.Violation,
    )
    assert first.message == UNSOURCED


def test_text_groups_by_resource(mixed):
    assert mixed.text() == MIXED_TEXT


def test_json_is_sorted_and_stable(mixed):
    assert json.loads(mixed.json()) == MIXED_JSON
    assert (
        mixed.json() == json.dumps(MIXED_JSON, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )


def test_turtle_is_the_shacl_report_with_the_quality_checks(mixed):
    parsed = Graph().parse(data=mixed.turtle(), format="turtle")
    assert isomorphic(parsed, mixed.graph)
    report = parsed.value(predicate=RDF.type, object=SH.ValidationReport)
    assert parsed.value(report, SH.conforms) == Literal(False)
    results = list(parsed.objects(report, SH.result))
    assert {(parsed.value(r, SH.focusNode), parsed.value(r, SH.sourceShape)) for r in results} == {
        (r.focus, r.source) for r in mixed.results
    }
    assert len(results) == 5
    check = next(r for r in results if parsed.value(r, SH.focusNode) == RES.Bob)
    assert parsed.value(check, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent
    assert parsed.value(check, SH.resultMessage) == Literal(UNTYPED, lang="en")
    assert "@prefix akg-sh: <https://w3id.org/almagro-kg/shapes/> ." in mixed.turtle()


# Bad shapes and bad quality checks: one KGError naming the file (and line)


def test_a_turtle_error_in_the_shapes_names_file_and_line(tmp_path, ontology):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nfoo:Bar a sh:NodeShape .\n")
    with pytest.raises(KGError) as caught:
        validate_graph(ontology, shapes)
    assert str(caught.value) == f'{shapes}:2:1: Turtle syntax error: Prefix "foo:" not bound'


def test_shapes_pyshacl_cannot_load_are_one_error_naming_the_file(tmp_path, ontology):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:property ex:P .\n"
        'ex:P sh:path ex:p ; sh:minCount "one" .\n'
    )
    for validator in ("auto", "pyshacl", "fast"):  # the fast one hands over to the reference
        with pytest.raises(KGError) as caught:
            validate_graph(ontology, shapes, validator=validator)
        assert str(caught.value) == (
            f"{shapes}: SHACL error: MinCountConstraintComponent sh:minCount "
            "must be a literal with datatype xsd:integer."
        )


def test_shapes_the_fast_validator_cannot_use_but_pyshacl_accepts(tmp_path, ontology):
    """No focus node reaches the broken constraint: pySHACL accepts the shapes, so `auto` gives
    its report and `fast` is an error naming the file."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:Nothing ; sh:property ex:P .\n"
        'ex:P sh:path ex:p ; sh:minCount "one" .\n'
    )
    report = validate_graph(ontology, shapes, validator="auto")
    assert (report.validator, report.conforms) == ("pyshacl", True)
    with pytest.raises(KGError) as caught:
        validate_graph(ontology, shapes, validator="fast")
    assert str(caught.value) == (
        f"{shapes}: the fast validator cannot use the shapes: invalid literal for int() with "
        "base 10: rdflib.term.Literal('one') (use --validator pyshacl)"
    )


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "# Broken: a syntax error.\nSELECT ?focus WHERE {\n    ?focus ?property\n}\n",
            ":3:5",
            "SPARQL syntax error: Expected SelectQuery",
        ),
        (
            "SELECT ?focus WHERE { ?focus ?p ?o }\n",
            ":1",
            "no '# ' comment header saying what the query checks",
        ),
        (
            "# Unknown prefix.\nSELECT ?focus WHERE { ?focus foo:p ?o }\n",
            "",
            "SPARQL error: Unknown namespace prefix : foo",
        ),
        (
            "# Not a check.\nASK { ?s ?p ?o }\n",
            "",
            "a quality check is a SELECT of ?focus (and optionally ?path, ?value)",
        ),
        (
            "# Not a check.\nSELECT ?s WHERE { ?s ?p ?o }\n",
            "",
            "a quality check is a SELECT of ?focus (and optionally ?path, ?value)",
        ),
    ],
)
def test_a_bad_quality_check_is_one_error_naming_file_and_line(tmp_path, text, where, message):
    query = tmp_path / "bad-violation.rq"
    query.write_text(text, encoding="utf-8")
    with pytest.raises(KGError) as caught:
        quality_checks(tmp_path)
    assert (caught.value.where, caught.value.message) == (f"{query}{where}", message)


def test_a_missing_quality_check_folder(tmp_path):
    with pytest.raises(KGError) as caught:
        quality_checks(tmp_path / "nowhere")
    assert str(caught.value) == f"{tmp_path / 'nowhere'}: quality-check folder not found"


def test_a_quality_check_says_what_it_checks_in_its_first_sentence():
    checks = {check.source: check for check in quality_checks()}
    assert checks[QC["missing-label-violation"]].message == (
        "Missing label: a resource of the graph (an IRI under res:, other than a reified simple "
        "fact) with no English rdfs:label."
    )
    assert len(checks) == 10


# The command line


def test_cli_exit_0_when_the_graph_conforms():
    result = run_kg("validate", "--data", str(VALID))
    assert (result.returncode, result.stdout, result.stderr) == (0, "conforms: no violations\n", "")


def test_cli_exit_1_with_the_report_on_stdout(mixed_dir):
    result = run_kg("validate", "--data", str(mixed_dir))
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        MIXED_TEXT,
        "kg: error: validation: 5 violation(s)\n",
    )


def test_cli_json(mixed_dir):
    result = run_kg("validate", "--data", str(mixed_dir), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == MIXED_JSON


def test_cli_turtle_parses_back_and_is_the_same_under_any_hash_seed(mixed_dir):
    outputs = {
        run_kg("validate", "--data", str(mixed_dir), "-f", "turtle", seed=seed).stdout
        for seed in ("0", "1")  # two seeds order rdflib's sets differently: enough to differ
    }
    assert len(outputs) == 1
    parsed = Graph().parse(data=outputs.pop(), format="turtle")
    assert len(set(parsed.subjects(RDF.type, SH.ValidationResult))) == 5
    assert set(parsed.objects(None, SH.conforms)) == {Literal(False)}


def test_cli_exit_2_on_bad_shapes(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nfoo:Bar a sh:NodeShape .\n")
    result = run_kg("validate", "--data", str(VALID), "--shapes", str(shapes))
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f'kg: error: {shapes}:2:1: Turtle syntax error: Prefix "foo:" not bound\n',
    )


def test_cli_exit_2_on_a_missing_shapes_file_or_an_unknown_format():
    # said before the graph is loaded and reasoned over (no progress line comes first)
    missing = run_kg("validate", "--shapes", "no/such/shapes.ttl", env={"KG_PROGRESS": "1"})
    assert (missing.returncode, missing.stderr) == (
        2,
        "kg: error: no/such/shapes.ttl: file not found\n",
    )
    unknown = run_kg("validate", "-f", "csv")
    assert unknown.returncode == 2
    assert len(unknown.stderr.splitlines()) == 1
    assert "Invalid value for '-f' / '--format': 'csv' is not one of" in unknown.stderr


def test_cli_validates_the_real_graph():
    result = run_kg("validate", "-f", "json")
    assert json.loads(result.stdout) == {"conforms": True, "count": 0, "results": []}
    assert result.returncode == 0


def test_pyshacls_prefix_order_does_not_defeat_the_parsed_query_cache():
    from kg.validate import _prefixes_sorted

    body = "SELECT $this WHERE { $this a ex:C }"
    one = "PREFIX ex: <http://example.org/>\nPREFIX akg: <https://w3id.org/x/>\n\n" + body
    two = "PREFIX akg: <https://w3id.org/x/>\nPREFIX ex: <http://example.org/>\n" + body
    assert (
        _prefixes_sorted(one)
        == _prefixes_sorted(two)
        == ("PREFIX akg: <https://w3id.org/x/>\nPREFIX ex: <http://example.org/>\n" + body)
    )
    twice = "PREFIX ex: <http://example.org/>\nPREFIX ex: <http://example.net/>\n" + body
    assert _prefixes_sorted(twice) == twice  # the last declaration wins: order kept


def test_a_shapes_file_read_before_is_read_again_once_it_changes(tmp_path, ontology):
    """The shapes are kept in the process by file and content: the same bytes are parsed and
    compiled once, an edited file afresh."""
    from kg import validate

    shapes = tmp_path / "shapes.ttl"
    rule = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:property ex:P .\n"
        "ex:P sh:path ex:p ; sh:minCount {n} .\n"
    )
    shapes.write_text(rule.format(n=0), encoding="utf-8")
    for validator in ("pyshacl", "fast"):
        assert validate_graph(ontology, shapes, validator=validator).conforms
    first = validate._shapes(shapes)
    assert validate._shapes(shapes) is first and first.compiled is not None
    shapes.write_text(rule.format(n=1), encoding="utf-8")
    for validator in ("pyshacl", "fast"):
        report = validate_graph(ontology, shapes, validator=validator)
        assert pairs(report) == {("<http://example.org/x>", "<http://example.org/P>")}
    assert validate._shapes(shapes) is not first
