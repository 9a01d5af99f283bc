"""kg.oxrelease: the release written from a pyoxigraph store holds, file by file, what the rdflib
path (kg.release) writes for the same layers: N-Triples, N-Quads, the description, the context and
the catalogue byte for byte, every other file the same triples (blank nodes up to isomorphism)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kg.engines.rdflib_engine import to_oxigraph
from kg.errors import KGError
from kg.namespaces import ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI
from kg.oxload import LiteralForms, load_into
from kg.oxrelease import (
    context_lines,
    describe_lines,
    layer_lines,
    nquads_bytes,
    release_files,
)
from kg.pipeline import Layers, compute_layers
from kg.release import release_context, release_description, release_names
from kg.release import release_files as rdflib_release_files
from tests.conftest import FIXTURES

PIPELINE = FIXTURES / "pipeline"
BYTE_IDENTICAL = {
    "almagro-kg.nt",
    "almagro-kg-full.nt",
    "almagro-kg.nq",
    "almagro-kg-void.ttl",
    "almagro-kg.context.jsonld",
    "almagro-kg-queries.ttl",
}
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml", "trig": "trig"}


def _store(layers: Layers, data_dir) -> tuple[ox.Store, LiteralForms]:
    """The store the fast path builds: the asserted layer by kg.oxload, the inferred one added."""
    store, forms = ox.Store(), LiteralForms()
    load_into(store, ox.NamedNode(ASSERTED_GRAPH_IRI), data_dir, forms=forms)
    inferred = ox.NamedNode(INFERRED_GRAPH_IRI)
    store.extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), inferred)
        for s, p, o in layers.inferred
        if isinstance(p, URIRef) and not isinstance(s, Literal)
    )
    return store, forms


def _same_release(reference, mine) -> None:
    names = sorted(p.name for p in reference.iterdir())
    assert names == sorted(release_names()) == sorted(p.name for p in mine.iterdir())
    for name in names:
        ours, theirs = (mine / name).read_bytes(), (reference / name).read_bytes()
        if name in BYTE_IDENTICAL:
            assert ours == theirs, name
            continue
        fmt = FORMATS[name.rsplit(".", 1)[1]]
        if fmt == "trig":
            a, b = Dataset(), Dataset()
            a.parse(data=theirs, format=fmt)
            b.parse(data=ours, format=fmt)
            graphs = {g.identifier for g in a.graphs()} | {g.identifier for g in b.graphs()}
            assert len(graphs) > 1, name
            for graph in graphs:
                assert isomorphic(a.graph(graph), b.graph(graph)), (name, graph)
        else:
            a = Graph().parse(data=theirs, format=fmt)
            b = Graph().parse(data=ours, format=fmt)
            assert len(a) == len(b) and isomorphic(a, b), name


def _check(layers: Layers, data_dir, tmp_path) -> None:
    store, forms = _store(layers, data_dir)
    rdflib_release_files(layers, tmp_path / "rdflib")
    release_files(store, layers.catalogue, tmp_path / "ox", forms)
    _same_release(tmp_path / "rdflib", tmp_path / "ox")
    assert nquads_bytes(store, layers.catalogue, forms) == layers.nquads().encode("utf-8")
    # The description and the context, computed from the store's lines, are kg.void's and
    # kg.jsonld's (the files are byte-identical too, above).
    full = layer_lines(store, ASSERTED_GRAPH_IRI, forms) | layer_lines(
        store, INFERRED_GRAPH_IRI, forms
    )
    description = describe_lines(full, release_names())
    assert isomorphic(description, release_description(layers))
    from kg.oxrelease import _graph_lines

    context = context_lines(full | _graph_lines(description))
    assert context == release_context(layers.asserted, layers.inferred, description)


@pytest.fixture(scope="module")
def real_layers() -> Layers:
    return compute_layers()


# The release of the real graph and of a 4,000-triple synthetic one, written by both paths:
# tests/test_build_engine.py::test_both_engines_build_the_same_store_report_and_release.


def _data(tmp_path, turtle: str):
    """A data folder holding `turtle` after the res:, akg: and xsd: prefixes."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.ttl").write_text(
        "@prefix res: <https://w3id.org/almagro-kg/resource/> .\n"
        "@prefix akg: <https://w3id.org/almagro-kg/ontology/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + turtle,
        encoding="utf-8",
    )
    return tmp_path / "data"


def test_literals_the_store_changes_are_released_as_authored(tmp_path):
    _data(
        tmp_path,
        'res:X akg:votesFor "7"^^xsd:integer, "7"^^xsd:nonNegativeInteger, "01"^^xsd:integer ;\n'
        '    akg:electorate "0012"^^xsd:positiveInteger, "line\\r\\nbreak\\u2028" ;\n'
        '    <https://schema.org/name> "Zed"@EN-gb .\n',
    )
    layers = compute_layers(tmp_path / "data", reasoner="fast")
    _check(layers, tmp_path / "data", tmp_path)


def test_a_term_rdfxml_cannot_hold_is_refused_by_name_and_nothing_is_written(tmp_path):
    data = PIPELINE / "xml-unfriendly"
    layers = compute_layers(data, reasoner="fast")
    store, forms = _store(layers, data)
    with pytest.raises(KGError) as caught:
        release_files(store, layers.catalogue, tmp_path / "out", forms)
    assert str(caught.value) == (
        "almagro-kg.rdf: cannot write predicate <https://w3id.org/almagro-kg/ontology/post(1)> "
        "in RDF/XML: its IRI does not end in an XML name, so it cannot be an element"
    )
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


# That the bytes do not depend on the hash seed: tests/test_build_engine.py::
# test_the_oxigraph_release_is_the_same_bytes_whatever_the_hash_seed (the whole build).


def test_a_derived_statement_gets_the_authored_literal_or_a_clear_refusal(tmp_path):
    # The inferred layer is derived in the store, from the store's literals: one that stands
    # for one authored literal is written as authored, one that stands for two is refused.
    _data(
        tmp_path,
        'res:X akg:votesFor "7"^^xsd:integer, "7"^^xsd:nonNegativeInteger ;\n'
        '    akg:electorate "12"^^xsd:positiveInteger .\n',
    )
    store, forms = ox.Store(), LiteralForms()
    load_into(store, ox.NamedNode(ASSERTED_GRAPH_IRI), tmp_path / "data", forms=forms)
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    subject = ox.NamedNode("https://w3id.org/almagro-kg/resource/Y")
    predicate = ox.NamedNode("https://w3id.org/almagro-kg/ontology/electorate")
    inferred = ox.NamedNode(INFERRED_GRAPH_IRI)
    store.add(ox.Quad(subject, predicate, ox.Literal("12", datatype=integer), inferred))
    release_files(store, Graph(), tmp_path / "out", forms)
    full = (tmp_path / "out" / "almagro-kg-full.nt").read_text(encoding="utf-8")
    assert (
        "<https://w3id.org/almagro-kg/resource/Y> <https://w3id.org/almagro-kg/ontology/electorate>"
        ' "12"^^<http://www.w3.org/2001/XMLSchema#positiveInteger> .\n'
    ) in full
    store.add(ox.Quad(subject, predicate, ox.Literal("7", datatype=integer), inferred))
    with pytest.raises(KGError) as caught:
        release_files(store, Graph(), tmp_path / "again", forms)
    assert str(caught.value).startswith(
        'cannot tell which authored literal the store\'s "7"^^<http://www.w3.org/2001/XMLSchema'
        "#integer> stands for in the derived statement <https://w3id.org/almagro-kg/resource/Y> "
    )
    assert not (tmp_path / "again").exists()


def test_derived_statements_on_the_ontologys_blank_nodes_keep_the_full_files_canonical(
    real_layers, tmp_path
):
    # rdflib.compare labels the full graph's blank nodes from every statement touching them:
    # an inferred one about an RDF list of the ontology changes the labels there.
    from rdflib.namespace import OWL, RDF

    from kg.export import serialize

    holds = URIRef("http://www.w3.org/ns/org#holds")
    head = real_layers.asserted.value(holds, OWL.propertyChainAxiom)
    inferred = Graph()
    for triple in real_layers.inferred:
        inferred.add(triple)
    inferred.add((head, RDF.type, RDF.List))
    layers = Layers(real_layers.asserted, inferred, real_layers.catalogue)
    store, forms = _store(real_layers, None)
    pattern = f"<{holds}> <{OWL.propertyChainAxiom}> ?h"
    (found,) = store.query(f"SELECT ?h WHERE {{ GRAPH <{ASSERTED_GRAPH_IRI}> {{ {pattern} }} }}")
    store.add(
        ox.Quad(
            found["h"],
            ox.NamedNode(str(RDF.type)),
            ox.NamedNode(str(RDF.List)),
            ox.NamedNode(INFERRED_GRAPH_IRI),
        )
    )
    release_files(store, layers.catalogue, tmp_path, forms)
    reference = serialize(
        layers.asserted, layers.inferred, "nt", description=release_description(layers)
    )
    assert (tmp_path / "almagro-kg-full.nt").read_text(encoding="utf-8") == reference


def test_a_statement_both_asserted_and_derived_is_released_once(tmp_path):
    # The full files hold the union of the layers: a statement in both graphs of the store is
    # one line of almagro-kg-full.nt and one triple in the description's counts.
    _data(tmp_path, 'res:X akg:votesFor "7"^^xsd:integer ;\n    a akg:Thing .\n')
    layers = compute_layers(tmp_path / "data", reasoner="fast")
    inferred = Graph()
    for triple in layers.inferred:
        inferred.add(triple)
    for triple in layers.asserted.triples((None, None, Literal("7", datatype=XSD.integer))):
        inferred.add(triple)
    assert len(inferred) == len(layers.inferred) + 1
    _check(Layers(layers.asserted, inferred, layers.catalogue), tmp_path / "data", tmp_path)
