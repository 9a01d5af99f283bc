"""Reasoning: the inferred layer holds what OWL 2 RL adds, without owlrl's noise."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal
from rdflib.namespace import ORG, OWL, PROV, RDF

from kg.errors import EXIT_NONCONFORMANT, KGError
from kg.load import load_asserted
from kg.namespaces import AKG, RES, SCHEMA
from kg.reason import reason
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
        PROV.Entity,
    }
    assert set(inferred.objects(RES.ClubChair, RDF.type)) == {ORG.Post}


def test_inferred_layer_is_disjoint_from_asserted_and_free_of_noise(small):
    asserted, inferred = small
    assert not any(triple in asserted for triple in inferred)
    for s, p, o in inferred:
        assert not isinstance(s, (Literal, BNode)) and not isinstance(o, BNode)
        assert not (p == OWL.sameAs and s == o)
        assert o not in (OWL.Thing,)
        assert not str(s).startswith(
            ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
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
