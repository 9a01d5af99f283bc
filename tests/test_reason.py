"""Reasoning: the inferred layer holds what OWL 2 RL adds, without owlrl's noise."""

from __future__ import annotations

import pytest
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Literal
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, XSD

from kg.errors import EXIT_NONCONFORMANT, KGError
from kg.load import load_asserted
from kg.namespaces import AKG, RES, SCHEMA
from kg.reason import is_noise, reason
from tests.conftest import FIXTURES

PIPELINE = FIXTURES / "pipeline"


@pytest.fixture(scope="module")
def small():
    asserted = load_asserted(PIPELINE / "small")
    return asserted, reason(asserted)


def test_property_chain_and_inverse(small):
    _, inferred = small
    assert (RES.AnaChairTerm, ORG.member, RES.Ana) not in inferred  # asserted, not inferred
    assert (RES.Ana, ORG.hasMembership, RES.AnaChairTerm) in inferred
    assert (RES.Ana, ORG.holds, RES.ClubChair) in inferred
    assert (RES.ClubChair, ORG.heldBy, RES.Ana) in inferred


def test_class_hierarchy(small):
    _, inferred = small
    assert set(inferred.objects(RES.AnaChairTerm, RDF.type)) == {
        ORG.Membership,
        AKG.SourcedStatement,
    }
    assert set(inferred.objects(RES.ClubChair, RDF.type)) == {ORG.Post}


BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))
REFLEXIVE = (OWL.sameAs, RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf)


def noise_in(inferred) -> list:
    """Every triple of `inferred` that falls in one of the documented noise categories."""
    return sorted(
        (s, p, o)
        for s, p, o in inferred
        if isinstance(s, (Literal, BNode))
        or isinstance(o, BNode)
        or (p in REFLEXIVE and s == o)
        or str(s).startswith(BUILTIN)
        or o in (OWL.Thing, RDFS.Resource)
        or p == ERRNS.error
    )


@pytest.mark.parametrize(
    ("triple", "noise"),
    [
        ((Literal("x"), OWL.sameAs, Literal("x")), True),
        ((BNode("b"), RDF.type, OWL.Restriction), True),
        ((RES.Ana, RDF.type, BNode("b")), True),
        ((RES.Ana, OWL.sameAs, RES.Ana), True),
        ((SCHEMA.Person, RDFS.subClassOf, SCHEMA.Person), True),
        ((AKG.holds, RDFS.subPropertyOf, AKG.holds), True),
        ((RDFS.label, RDF.type, OWL.AnnotationProperty), True),
        ((XSD.date, RDF.type, RDFS.Datatype), True),
        ((RES.Ana, RDF.type, OWL.Thing), True),
        ((RES.Ana, RDF.type, RDFS.Resource), True),
        ((SCHEMA.Person, RDFS.subClassOf, OWL.Thing), True),
        ((RES.Ana, RDF.type, SCHEMA.Person), False),
        ((RES.Ana, ORG.holds, RES.ClubChair), False),
        ((AKG.Term, RDFS.subClassOf, PROV.Entity), False),
    ],
)
def test_is_noise(triple, noise):
    assert is_noise(*triple) is noise


def test_inferred_layer_is_disjoint_from_asserted_and_free_of_noise(small):
    asserted, inferred = small
    assert [t for t in inferred if t in asserted] == []
    assert noise_in(inferred) == []


def test_real_inferred_layer_is_free_of_noise(real_graph):
    assert [t for t in real_graph.inferred if t in real_graph.asserted] == []
    assert noise_in(real_graph.inferred) == []


def test_owlrl_clash_fails_naming_the_resources():
    asserted = load_asserted(PIPELINE / "small")
    asserted.add((RES.Ana, OWL.differentFrom, RES.Ana))
    with pytest.raises(KGError) as caught:
        reason(asserted)
    assert caught.value.exit_code == EXIT_NONCONFORMANT
    assert caught.value.message == (
        "inconsistent graph: 'sameAs' and 'differentFrom' cannot be used on the same "
        "subject-object pair: (https://w3id.org/almagro-kg/resource/Ana, "
        "https://w3id.org/almagro-kg/resource/Ana)"
    )


def test_inconsistency_fails_naming_the_resource():
    asserted = load_asserted(PIPELINE / "inconsistent")
    with pytest.raises(KGError) as caught:
        reason(asserted)
    assert caught.value.exit_code == EXIT_NONCONFORMANT
    assert caught.value.message == (
        "inconsistent graph: res:Uruguay is a member of disjoint classes "
        "schema:Place and schema:Person"
    )


def test_owl_nothing_fails():
    asserted = load_asserted(PIPELINE / "small")
    asserted.add((RES.Ana, RDF.type, OWL.Nothing))
    with pytest.raises(KGError) as caught:
        reason(asserted)
    assert caught.value.message.startswith(
        "inconsistent graph: res:Ana is a member of owl:Nothing;"
    )


def test_real_graph_property_chain(real_graph):
    holders = set(real_graph.inferred.objects(RES.SecretaryGeneralOfTheOAS, ORG.heldBy))
    assert holders == {RES.LuisAlmagro}
    assert (RES.LuisAlmagro, RDF.type, SCHEMA.Person) in real_graph.asserted


def test_all_disjoint_classes_fails_naming_the_resource():
    asserted = load_asserted(PIPELINE / "small")
    asserted.parse(
        data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix schema: <https://schema.org/> .
        @prefix akg: <https://w3id.org/almagro-kg/ontology/> .
        @prefix res: <https://w3id.org/almagro-kg/resource/> .
        [] a owl:AllDisjointClasses ; owl:members ( akg:Ministry akg:Court ) .
        res:Bureau a akg:Ministry , akg:Court .
        """,
        format="turtle",
    )
    with pytest.raises(KGError) as caught:
        reason(asserted)
    assert caught.value.message == (
        "inconsistent graph: res:Bureau is a member of disjoint classes akg:Ministry and akg:Court"
    )


def test_reasoning_leaves_rdflib_literal_parsing_as_it_found_it():
    """owlrl registers stricter converters while it runs; a regression test that it does not
    leave them behind (before the fix, "1963Z"^^xsd:gYear parsed fine before reasoning and was
    ill-typed after it)."""
    before = Literal("1963Z", datatype=XSD.gYear).ill_typed
    reason(load_asserted(PIPELINE / "small"))
    assert Literal("1963Z", datatype=XSD.gYear).ill_typed is before
