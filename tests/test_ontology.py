"""The ontology file itself: its header, its own terms' documentation, and its axioms."""

from __future__ import annotations

import re

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, XSD

from kg.load import load_ontology
from kg.namespaces import AKG, SCHEMA

ONTOLOGY = URIRef("https://w3id.org/almagro-kg/ontology")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def declared(onto: Graph, *kinds: URIRef) -> set[URIRef]:
    return {s for kind in kinds for s in onto.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def own(terms) -> list[URIRef]:
    return sorted(term for term in terms if term.startswith(AKG))


def n3(onto: Graph, term) -> str:
    return term.n3(onto.namespace_manager)


# The header


def test_the_header_is_dated_and_says_what_who_and_under_which_licence(onto):
    assert list(onto.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]
    version_iri = onto.value(ONTOLOGY, OWL.versionIRI)
    match = re.fullmatch(
        r"https://w3id\.org/almagro-kg/releases/(\d{4}-\d{2}-\d{2})/ontology\.ttl", version_iri
    )
    assert match, version_iri
    assert onto.value(ONTOLOGY, OWL.versionInfo) == Literal(match.group(1))
    assert set(onto.objects(ONTOLOGY, DCTERMS.title)) == {
        Literal("almagro-kg ontology", lang="en"),
        Literal("Ontología de almagro-kg", lang="es"),
    }
    descriptions = list(onto.objects(ONTOLOGY, DCTERMS.description))
    assert [d.language for d in descriptions] == ["en"]
    assert "Luis Almagro" in descriptions[0]
    assert list(onto.objects(ONTOLOGY, DCTERMS.license)) == [
        URIRef("https://creativecommons.org/licenses/by/4.0/")
    ]
    assert list(onto.objects(ONTOLOGY, DCTERMS.creator)) == [Literal("almagro-kg contributors")]


def test_the_dublin_core_terms_of_the_header_are_annotation_properties(onto):
    """dcterms:creator takes a literal in the header and an agent on a report: as an annotation
    property it may take both (an object property with a literal value is not OWL 2)."""
    header = {p for p in onto.predicates(ONTOLOGY) if p.startswith(str(DCTERMS))}
    assert header == {DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator}
    for p in sorted(header):
        assert set(onto.objects(p, RDF.type)) == {OWL.AnnotationProperty}, p


# Every own term is documented


@pytest.fixture(scope="module")
def own_terms(onto) -> list[URIRef]:
    return own(declared(onto, *KINDS))


@pytest.fixture(scope="module")
def own_properties(onto) -> list[URIRef]:
    return own(declared(onto, *PROPERTY_KINDS))


def test_the_own_terms_are_the_akg_iris_the_ontology_uses(onto, own_terms):
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and t.startswith(AKG)}
    assert sorted(used - set(own_terms)) == []
    assert len(own_terms) == 117
    assert {AKG.Term, AKG.Event, AKG.EvidencePassage, AKG.termOfPost, AKG.evidence} <= set(
        own_terms
    )


def test_every_own_term_has_one_english_and_one_spanish_label(onto, own_terms):
    def languages(term):
        return sorted(label.language for label in onto.objects(term, RDFS.label))

    assert [n3(onto, t) for t in own_terms if languages(t) != ["en", "es"]] == []


def test_every_own_term_has_an_english_comment(onto, own_terms):
    def commented(term):
        return any(
            isinstance(c, Literal) and c.language == "en" and c.strip()
            for c in onto.objects(term, RDFS.comment)
        )

    assert [n3(onto, t) for t in own_terms if not commented(t)] == []


def test_every_own_property_has_one_domain_and_one_range(onto, own_properties):
    for bound in (RDFS.domain, RDFS.range):
        counts = {n3(onto, p): len(set(onto.objects(p, bound))) for p in own_properties}
        assert [p for p, count in counts.items() if count != 1] == [], bound


def test_every_domain_and_range_is_a_declared_class_or_a_datatype(onto):
    classes = declared(onto, OWL.Class) | {OWL.Thing}
    datatypes = {RDF.langString, RDFS.Literal}
    bad = []
    for p, cls in onto.subject_objects(RDFS.domain):
        if cls not in classes:
            bad.append((n3(onto, p), "domain", n3(onto, cls)))
    for p, cls in onto.subject_objects(RDFS.range):
        if (p, RDF.type, OWL.DatatypeProperty) in onto:
            ok = cls in datatypes or cls.startswith(str(XSD))
        else:
            ok = cls in classes
        if not ok:
            bad.append((n3(onto, p), "range", n3(onto, cls)))
    assert bad == []


def test_every_class_and_property_in_an_axiom_is_declared(onto):
    classes = declared(onto, OWL.Class) | {OWL.Thing, RDF.Statement}
    properties = declared(onto, *PROPERTY_KINDS)
    bad = []
    for p in (RDFS.subClassOf, OWL.disjointWith):
        for s, o in onto.subject_objects(p):
            bad += [(n3(onto, x), n3(onto, p)) for x in (s, o) if x not in classes]
    for p in (RDFS.subPropertyOf, OWL.inverseOf):
        for s, o in onto.subject_objects(p):
            bad += [(n3(onto, x), n3(onto, p)) for x in (s, o) if x not in properties]
    for s, chain in onto.subject_objects(OWL.propertyChainAxiom):
        bad += [(n3(onto, x), "chain") for x in [s, *onto.items(chain)] if x not in properties]
    assert bad == []


def test_each_term_is_declared_of_one_kind(onto):
    terms = declared(onto, *KINDS)
    kinds = {n3(onto, t): set(onto.objects(t, RDF.type)) & set(KINDS) for t in terms}
    assert sorted(t for t, found in kinds.items() if len(found) != 1) == []


# No hijacking of reused vocabularies


def test_no_domain_or_range_is_given_to_a_term_the_ontology_does_not_own(onto):
    """Reused terms (schema.org, ORG, PROV, SKOS, Dublin Core) keep their own meaning: the shapes,
    not the ontology, say where the data uses them."""
    hijacked = sorted(
        (n3(onto, s), n3(onto, p))
        for p in (RDFS.domain, RDFS.range)
        for s in onto.subjects(p, None)
        if not s.startswith(AKG)
    )
    assert hijacked == []


# The OWL 2 RL profile: only the constructs the ontology needs, none outside RL


ALLOWED_PREDICATES = {
    RDF.type, RDFS.label, RDFS.comment, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain,
    RDFS.range, OWL.inverseOf, OWL.disjointWith, OWL.propertyChainAxiom, OWL.versionIRI,
    OWL.versionInfo, OWL.imports, DCTERMS.title, DCTERMS.description, DCTERMS.license,
    DCTERMS.creator,
    RDF.first, RDF.rest,
}  # fmt: skip
ALLOWED_TYPES = {
    OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
    OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty,
}  # fmt: skip


def test_only_owl_2_rl_constructs_are_used(onto):
    """No union, existential, cardinality or other construct outside the OWL 2 RL profile; the only
    blank nodes are the RDF list of the property chain."""
    assert sorted(n3(onto, p) for p in set(onto.predicates()) - ALLOWED_PREDICATES) == []
    # Besides the OWL constructs, only class assertions of individuals the ontology names, of a
    # class it declares (schema:EventPostponed, a schema:EventStatusType).
    classes = set(onto.subjects(RDF.type, OWL.Class))
    assert (
        sorted(n3(onto, t) for t in set(onto.objects(None, RDF.type)) - ALLOWED_TYPES - classes)
        == []
    )
    assert sorted(n3(onto, t) for t in set(onto.objects(None, RDF.type)) & classes) == [
        "schema:EventStatusType"
    ]
    lists = {s for s in onto.subjects(RDF.first, None)}
    assert all(isinstance(s, URIRef) or s in lists for s in onto.subjects())
    chains = list(onto.objects(None, OWL.propertyChainAxiom))
    assert [list(onto.items(c)) for c in chains] == [[ORG.hasMembership, AKG.termOfPost]]


def test_functional_properties_are_own_single_valued_terms(onto):
    functional = own(declared(onto, OWL.FunctionalProperty))
    assert functional == sorted(
        AKG[name]
        for name in (
            "sentenceNumber", "fileName", "numberOfChildren", "termOfPost", "articleOf",
            "articleNumber", "votesFor", "electorate", "abstentions", "earliestStart",
            "latestStart", "earliestEnd", "latestEnd", "legislatureNumber",
        )
    )  # fmt: skip
    assert own(declared(onto, OWL.FunctionalProperty)) == sorted(
        declared(onto, OWL.FunctionalProperty)
    )


# Axioms that earn their keep: inverses, transitivity, disjointness


def test_no_property_is_its_own_inverse_and_each_pair_is_stated_once(onto):
    pairs = sorted(onto.subject_objects(OWL.inverseOf))
    assert [n3(onto, p) for p, q in pairs if p == q] == []
    assert [(n3(onto, p), n3(onto, q)) for p, q in pairs if (q, OWL.inverseOf, p) in onto] == []
    assert sorted((n3(onto, p), n3(onto, q)) for p, q in pairs) == [
        ("akg:articleOf", "akg:hasArticle"),
        ("akg:resultedIn", "akg:resultOf"),
        ("org:holds", "org:heldBy"),
        ("org:member", "org:hasMembership"),
        ("org:memberOf", "org:hasMember"),
        ("org:unitOf", "org:hasUnit"),
    ]


def test_own_inverses_swap_domain_and_range(onto):
    swapped = [
        (n3(onto, p), n3(onto, q))
        for p, q in onto.subject_objects(OWL.inverseOf)
        if p.startswith(AKG) and q.startswith(AKG)
        if (onto.value(p, RDFS.domain), onto.value(p, RDFS.range))
        != (onto.value(q, RDFS.range), onto.value(q, RDFS.domain))
    ]
    assert swapped == []


def test_sub_properties_of_own_properties_keep_within_their_domain(onto):
    """An own sub-property's domain is its super-property's domain or a subclass of it, so that the
    super-property's domain never retypes what the sub-property is said of."""

    def ancestors(cls):
        return set(onto.transitive_objects(cls, RDFS.subClassOf)) | {OWL.Thing}

    bad = [
        (n3(onto, p), n3(onto, q))
        for p, q in onto.subject_objects(RDFS.subPropertyOf)
        if p.startswith(AKG) and q.startswith(AKG)
        if onto.value(q, RDFS.domain) not in ancestors(onto.value(p, RDFS.domain))
    ]
    assert bad == []


def test_transitive_properties(onto):
    assert sorted(n3(onto, p) for p in onto.subjects(RDF.type, OWL.TransitiveProperty)) == [
        "akg:partOf",
        "org:transitiveSubOrganizationOf",
    ]


def test_disjoint_classes(onto):
    pairs = {frozenset(pair) for pair in onto.subject_objects(OWL.disjointWith)}
    assert {
        frozenset((SCHEMA.Person, ORG.Organization)),
        frozenset((SCHEMA.Place, SCHEMA.Person)),
        frozenset((SCHEMA.Place, ORG.Organization)),
        frozenset((AKG.Mission, AKG.Programme)),
        frozenset((AKG.LegalInstrument, AKG.Article)),
        frozenset((AKG.Event, AKG.Term)),
        frozenset((AKG.Programme, ORG.Organization)),
        frozenset((AKG.Programme, PROV.Agent)),
        frozenset((AKG.SourceClaim, AKG.SimpleFact)),
    } <= pairs
    assert len(pairs) == 16
    assert [p for p in pairs if len(p) != 2] == []


def test_no_blank_node_subjects_other_than_lists(onto):
    blank = {s for s in onto.subjects() if isinstance(s, BNode)}
    assert blank == set(onto.subjects(RDF.first, None))
