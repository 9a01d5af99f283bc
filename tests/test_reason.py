"""Reasoning: the inferred layer holds what OWL 2 RL adds over asserted + imports, without
owlrl's noise and without what the imports entail on their own."""

from __future__ import annotations

import pytest
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, XSD

from kg.errors import KGError
from kg.load import load_asserted, load_imports
from kg.namespaces import AKG, DOC, EV, RES, SCHEMA, TIME
from kg.reason import entailed_by_imports, is_noise, reason
from tests.conftest import FIXTURES

PIPELINE = FIXTURES / "pipeline"


def reason_with_imports(asserted):
    return reason(asserted, load_imports(asserted))


@pytest.fixture(scope="module")
def small():
    asserted = load_asserted(PIPELINE / "small")
    return asserted, reason_with_imports(asserted)


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


def test_real_graph_property_chain(real_graph):
    holders = set(real_graph.inferred.objects(RES.SecretaryGeneralOfTheOAS, ORG.heldBy))
    assert holders == {RES.LuisAlmagro}
    assert (RES.LuisAlmagro, RDF.type, SCHEMA.Person) in real_graph.asserted


def test_reasoning_leaves_rdflib_literal_parsing_as_it_found_it():
    """owlrl registers stricter converters while it runs; a regression test that it does not
    leave them behind (before the fix, "1963Z"^^xsd:gYear parsed fine before reasoning and was
    ill-typed after it)."""
    before = Literal("1963Z", datatype=XSD.gYear).ill_typed
    reason_with_imports(load_asserted(PIPELINE / "small"))
    assert Literal("1963Z", datatype=XSD.gYear).ill_typed is before


# The imports (ontology/imports/: PROV-O, ORG, OWL-Time) take part in reasoning; the inferred
# layer keeps what needs the asserted graph to be derived, and leaves out what they entail alone.


def test_imports_type_our_data(small):
    """ORG's ranges and PROV-O's sub-properties reach our resources: exactly these data triples
    come from the imports (without them, the small graph infers none of them)."""
    asserted, inferred = small
    without_imports = reason(asserted, Graph())
    ours = (str(RES), str(EV), str(DOC))
    added = sorted(t for t in inferred if t not in without_imports and str(t[0]).startswith(ours))
    assert added == sorted(
        [
            (RES.Ana, RDF.type, FOAF.Agent),  # org:member rdfs:range foaf:Agent
            (RES.Club, RDF.type, FOAF.Agent),  # org:organization rdfs:range org:Organization
            (RES.Club, RDF.type, FOAF.Organization),  # org:Organization = foaf:Organization
            (EV["oas-biography-s04"], PROV.wasDerivedFrom, DOC["oas-biography"]),
            (EV["oas-biography-s04"], PROV.wasInfluencedBy, DOC["oas-biography"]),
            (DOC["oas-biography"], PROV.influenced, EV["oas-biography-s04"]),
        ]
    )


def test_imports_add_about_our_terms(small):
    _, inferred = small
    assert (AKG.Mission, RDFS.subClassOf, FOAF.Organization) in inferred
    assert (AKG.agent, RDFS.subPropertyOf, PROV.wasInfluencedBy) in inferred
    # Our axiom org:Organization rdfs:subClassOf prov:Agent, with ORG's hierarchy: needs the
    # asserted graph, so it stays although it names only reused terms.
    assert (ORG.OrganizationalUnit, RDFS.subClassOf, PROV.Agent) in inferred


@pytest.mark.parametrize(
    "triple",
    [
        # ORG entails it alone (unitOf < subOrganizationOf < transitiveSubOrganizationOf), though
        # our ontology's re-declarations entail it too.
        (ORG.unitOf, RDFS.subPropertyOf, ORG.transitiveSubOrganizationOf),
        (ORG.FormalOrganization, RDFS.subClassOf, FOAF.Agent),  # inside ORG
        (PROV.wasQuotedFrom, RDFS.subPropertyOf, PROV.wasInfluencedBy),  # inside PROV-O
        (PROV.Activity, OWL.disjointWith, PROV.Entity),  # an axiom of PROV-O
        (TIME.ProperInterval, RDFS.subClassOf, TIME.TemporalEntity),  # OWL-Time's internals
    ],
)
def test_what_the_imports_entail_alone_is_left_out(small, triple):
    asserted, inferred = small
    assert triple in entailed_by_imports(load_imports(asserted))
    assert triple not in inferred


def test_inferred_layer_holds_nothing_the_imports_entail_alone(small):
    asserted, inferred = small
    imports = load_imports(asserted)
    theirs = entailed_by_imports(imports)
    assert [t for t in inferred if t in imports] == []
    assert [t for t in inferred if t in theirs] == []


def test_real_inferred_layer_holds_nothing_the_imports_entail_alone(real_graph):
    imports = load_imports(real_graph.asserted)
    theirs = entailed_by_imports(imports)
    assert [t for t in real_graph.inferred if t in theirs] == []


def test_real_graph_is_consistent_with_the_imports(session_results):
    """The real graph, closed under OWL 2 RL by owlrl with the vendored PROV-O, ORG and OWL-Time:
    no clash of any kind (kg.reason.run raises on one; its layer is computed once a session)."""
    from tests.test_reason_fast import owlrl_layer, real_inputs

    _, imports = real_inputs()
    assert len(set(imports.objects(None, RDF.type)) & {OWL.Ontology}) == 1
    assert len(owlrl_layer(session_results, "real", real_inputs)) == 1913


def test_event_that_is_an_entity_fails_only_with_the_imports():
    """Our ontology alone does not make the two disjoint; with the imports, PROV-O does (its
    failure, the same under owlrl and the fast path, is a case of
    tests/test_reason_fast.py::test_every_inconsistency_fails_the_same_way)."""
    asserted = load_asserted(PIPELINE / "event-entity")
    reason(asserted, Graph())  # raises on an inconsistency: none without the imports


def with_data(turtle: str) -> Graph:
    asserted = load_asserted(PIPELINE / "small")
    asserted.parse(
        data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix org: <http://www.w3.org/ns/org#> .
        @prefix time: <http://www.w3.org/2006/time#> .
        @prefix akg: <https://w3id.org/almagro-kg/ontology/> .
        @prefix res: <https://w3id.org/almagro-kg/resource/> .
        """
        + turtle,
        format="turtle",
    )
    return asserted


IMPORTED_DISJOINTNESS = """
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix ex: <http://example.org/imported#> .
    <http://example.org/imported> a owl:Ontology .
    [] a owl:AllDisjointClasses ; owl:members ( ex:A ex:B ex:C ) .
    [] a owl:AllDisjointProperties ; owl:members ( ex:p ex:q ex:r ) .
"""


def test_all_disjoint_classes_in_an_import_is_detected():
    imports = Graph().parse(data=IMPORTED_DISJOINTNESS, format="turtle")
    asserted = with_data("res:Thing1 a <http://example.org/imported#C> , akg:Ministry .")
    reason(asserted, imports)
    asserted.add((RES.Thing1, RDF.type, URIRef("http://example.org/imported#A")))
    with pytest.raises(KGError) as caught:
        reason(asserted, imports)
    assert caught.value.message == (
        "inconsistent graph: res:Thing1 is a member of disjoint classes "
        "<http://example.org/imported#A> and <http://example.org/imported#C>"
    )


def test_the_imports_closure_is_kept_on_disk_and_read_back_the_same(small, monkeypatch):
    from kg import reason as reasoning

    asserted, _ = small
    imports = load_imports(asserted)
    closed: list[Graph] = []  # owlrl's closure of the imports, computed once (seconds)

    def counted(*graphs):
        if not closed:
            closed.append(real_closure(*graphs))
        calls.append(graphs)
        return closed[0]

    real_closure, calls = reasoning.closure, []
    monkeypatch.setattr(reasoning, "closure", counted)
    kept = reasoning._closure_file(imports)
    assert kept is not None and kept.parent.name == "imports"
    reasoning._IMPORTS_CLOSED.clear()
    if kept.exists():
        kept.unlink()
    computed = entailed_by_imports(imports)
    assert computed == frozenset(t for t in closed[0] if not is_noise(*t))
    assert len(calls) == 1 and kept.is_file()  # closed, then kept
    reasoning._IMPORTS_CLOSED.clear()
    assert entailed_by_imports(imports) == computed and len(calls) == 1  # read back
    reasoning._IMPORTS_CLOSED.clear()
    kept.write_text("<not n-triples", encoding="utf-8")  # damaged: closed again, rewritten
    assert entailed_by_imports(imports) == computed and len(calls) == 2
    assert reasoning._read_closure(kept) == computed


def test_only_imports_as_loaded_are_kept_on_disk(small):
    from kg import reason as reasoning

    asserted, _ = small
    imports = load_imports(asserted)
    assert reasoning._closure_file(imports) is not None
    copy = Graph()
    for triple in imports:
        copy.add(triple)
    assert reasoning._closure_file(copy) is None  # nothing names its content
    imports.add((RES.Extra, RDF.type, OWL.Class))  # changed since it was loaded
    assert reasoning._closure_file(imports) is None
