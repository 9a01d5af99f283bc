"""The fast reasoner over a pyoxigraph Store (kg.reason_store): the same inferred layer as owlrl and
as the rdflib fast path, on the real graph and on a 10k synthetic graph read by pyoxigraph from
the Turtle files; the same failure on every inconsistent graph; a rule it does not implement is
handed over to owlrl."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg import paths, reason_store
from kg import reason as reasoning
from kg.errors import KGError
from kg.load import load_imports, load_ontology
from kg.namespaces import AKG, RES
from kg.paths import data_files
from tests.test_reason import with_data
from tests.test_reason_fast import (
    INCONSISTENT,
    UNSUPPORTED,
    inconsistent_inputs,
    owlrl_failure,
    owlrl_layer,
    real_inputs,
    synthetic_inputs,
    unsupported_inputs,
)

ASSERTED = pyoxigraph.NamedNode("https://example.org/graph/asserted")
INFERRED = pyoxigraph.NamedNode("https://example.org/graph/inferred")


def store_of_files(data_dir: Path | None = None) -> pyoxigraph.Store:
    """The ontology and the data files parsed by pyoxigraph into the asserted graph, as the
    Oxigraph build path loads them (no rdflib in between)."""
    store = pyoxigraph.Store()
    for path in [paths.ONTOLOGY_FILE, *data_files(data_dir)]:
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, to_graph=ASSERTED)
    return store


def store_of(graph: Graph) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(
        graph.serialize(format="nt"), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=ASSERTED
    )
    return store


def lines(store: pyoxigraph.Store, graph: pyoxigraph.NamedNode = INFERRED) -> set[str]:
    """A named graph as N-Triples lines."""
    return {
        f"{q.subject} {q.predicate} {q.object} ."
        for q in store.quads_for_pattern(None, None, None, graph)
    }


def rdflib_lines(graph: Graph) -> set[str]:
    """An rdflib graph as the N-Triples lines pyoxigraph writes (no blank node in a layer)."""
    return {" ".join(reason_store.text(t) for t in triple) + " ." for triple in graph}


def test_real_graph_same_inferred_layer_as_owlrl_and_the_fast_path(session_results):
    store = store_of_files()
    asserted, imports = real_inputs()
    result = reason_store.run_store(store, ASSERTED, INFERRED, imports)
    assert (result.reasoner, result.fallback, result.inferred) == ("fast", None, INFERRED)
    assert result.triples == 1913
    layer = lines(store)
    assert layer == rdflib_lines(owlrl_layer(session_results, "real", real_inputs))
    assert layer == rdflib_lines(reasoning.run(asserted, imports, "fast").inferred)
    assert len(lines(store, ASSERTED)) == len(asserted)  # the asserted graph is left alone


def test_synthetic_10k_same_inferred_layer_as_owlrl_and_the_fast_path(
    session_results, synthetic_10k
):
    store = store_of_files(synthetic_10k)
    asserted, imports = synthetic_inputs(synthetic_10k)
    result = reason_store.run_store(store, ASSERTED, INFERRED, imports)
    assert (result.reasoner, result.fallback) == ("fast", None)
    layer = lines(store)
    assert len(layer) == result.triples > 5000
    reference = owlrl_layer(session_results, "10k", lambda: synthetic_inputs(synthetic_10k))
    assert layer == rdflib_lines(reference)
    assert layer == rdflib_lines(reasoning.run(asserted, imports, "fast").inferred)
    assert set(result.cpu_seconds) == {"read", "schema", "rules", "consistency", "layer"}


def test_the_inferred_graph_is_replaced_not_added_to():
    store = store_of_files()
    stale = pyoxigraph.Quad(
        pyoxigraph.NamedNode(str(RES.Ana)),
        pyoxigraph.NamedNode(str(RDF.type)),
        pyoxigraph.NamedNode(str(AKG.Court)),
        INFERRED,
    )
    store.add(stale)
    imports = load_imports(load_ontology())
    first = reason_store.run_store(store, ASSERTED, INFERRED, imports)
    assert stale not in store
    again = reason_store.run_store(store, ASSERTED, INFERRED, imports)
    assert first.triples == again.triples == len(lines(store)) == 1913


def test_literals_keep_their_escapes_language_and_datatype():
    """A super-property carries every literal of its sub-property over, written as rdflib
    would write it; the layer also holds the types the literal's range gives."""
    asserted = with_data(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "akg:nickname a owl:DatatypeProperty ; rdfs:subPropertyOf akg:alias .\n"
        'res:Ana akg:nickname "say \\"hi\\"\\nnow \\u00e9\\\\" , "Anita"@es , '
        '"7"^^xsd:integer , "x" .'
    )
    imports = load_imports(asserted)
    store = store_of(asserted)
    result = reason_store.run_store(store, ASSERTED, INFERRED, imports)
    assert result.reasoner == "fast"
    reference = reasoning.run(asserted, imports, "owlrl").inferred
    assert lines(store) == rdflib_lines(reference)
    alias = {o for o in reference.objects(RES.Ana, AKG.alias)}
    assert alias == {
        Literal('say "hi"\nnow é\\'),
        Literal("Anita", lang="es"),
        Literal("7", datatype=XSD.integer),
        Literal("x"),
    }


def test_transitive_symmetric_and_inverse_properties():
    """Chains of akg:partOf and of org:subOrganizationOf (under the transitive
    org:transitiveSubOrganizationOf), and the symmetric akg:contradicts: links the real and the
    synthetic graphs are too shallow to need."""
    asserted = with_data(
        "res:Art1 akg:partOf res:Chapter1 . res:Chapter1 akg:partOf res:Title1 . "
        "res:Title1 akg:partOf res:Law1 . "
        "res:UnitA org:subOrganizationOf res:DeptB . res:DeptB org:subOrganizationOf res:MinC . "
        "res:ClaimX akg:contradicts res:FactY ."
    )
    imports = load_imports(asserted)
    store = store_of(asserted)
    assert reason_store.run_store(store, ASSERTED, INFERRED, imports).reasoner == "fast"
    layer = lines(store)
    assert layer == rdflib_lines(reasoning.run(asserted, imports, "owlrl").inferred)
    org = "http://www.w3.org/ns/org#"
    expected = [
        (RES.Art1, AKG.partOf, RES.Law1),
        (RES.Chapter1, AKG.partOf, RES.Law1),
        (RES.UnitA, URIRef(org + "transitiveSubOrganizationOf"), RES.MinC),
        (RES.MinC, URIRef(org + "hasSubOrganization"), RES.DeptB),
        (RES.FactY, AKG.contradicts, RES.ClaimX),
    ]
    assert [t for t in expected if " ".join(map(reason_store.text, t)) + " ." not in layer] == []


@pytest.mark.parametrize("case", sorted(INCONSISTENT))
def test_every_inconsistency_fails_as_kg_reason_fails(session_results, case):
    asserted, imports = inconsistent_inputs(case)
    with pytest.raises(KGError) as caught:
        reason_store.run_store(store_of(asserted), ASSERTED, INFERRED, imports)
    expected = owlrl_failure(session_results, case)
    assert (caught.value.exit_code, caught.value.message, caught.value.where) == expected
    assert expected[0] == 1 and expected[1].startswith("inconsistent graph: ")


@pytest.mark.parametrize("case", sorted(UNSUPPORTED))
def test_an_unsupported_construct_is_handed_over_to_owlrl(session_results, case):
    asserted, imports = unsupported_inputs(case)
    store = store_of(asserted)
    result = reason_store.run_store(store, ASSERTED, INFERRED, imports)
    assert result.reasoner == "owlrl" and UNSUPPORTED[case][1] in result.fallback
    assert set(result.cpu_seconds) == {"read", "schema", "fast (handed over)", "owlrl"}
    reference = owlrl_layer(session_results, case, lambda: unsupported_inputs(case))
    assert lines(store) == rdflib_lines(reference)
    assert result.triples == len(reference)


NOISE_CASES = [
    (Literal("x"), OWL.sameAs, Literal("x")),
    (BNode("b"), RDF.type, OWL.Restriction),
    (RES.Ana, RDF.type, BNode("b")),
    (RES.Ana, OWL.sameAs, RES.Ana),
    (AKG.Term, RDFS.subClassOf, AKG.Term),
    (RDFS.label, RDF.type, OWL.AnnotationProperty),
    (XSD.date, RDF.type, RDFS.Datatype),
    (RES.Ana, RDF.type, OWL.Thing),
    (RES.Ana, RDF.type, RDFS.Resource),
    (AKG.Term, RDFS.subClassOf, OWL.Thing),
    (RES.Ana, RDF.type, AKG.Term),
    (RES.Ana, AKG.alias, Literal("_x")),
    (RES.Ana, AKG.alias, RES.Ana),
]


@pytest.mark.parametrize("triple", NOISE_CASES, ids=lambda t: " ".join(x.n3() for x in t))
def test_is_noise_over_text_is_kg_reason_is_noise(triple):
    assert reason_store.is_noise(*map(reason_store.text, triple)) is reasoning.is_noise(*triple)


@pytest.mark.parametrize(
    "term",
    [
        URIRef("https://w3id.org/almagro-kg/resource/Ana"),
        Literal("plain"),
        Literal('tab\tquote" backslash\\ é \x01', lang="es"),
        Literal("2024-01-31", datatype=XSD.date),
        Literal("a\nb", datatype=URIRef("https://example.org/dt")),
    ],
    ids=repr,
)
def test_text_round_trips_as_pyoxigraph_writes_it(term):
    from kg.engines.rdflib_engine import to_oxigraph

    assert reason_store.text(term) == str(to_oxigraph(term))
    assert reason_store.rdflib_term(reason_store.text(term)) == term
