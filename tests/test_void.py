"""The release's VoID + DCAT description (kg.void): counts of the real graph, one distribution per
release file with its media type, no blank nodes, and kept out of the validated layers."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.jsonld import CONTEXT_NAME
from kg.pipeline import Layers
from kg.release import VOID_NAME, full_graph, release_description, release_names, release_texts
from kg.void import CC_BY, DCAT, VOID, describe

DATASET = URIRef("https://w3id.org/almagro-kg/")
RES = "https://w3id.org/almagro-kg/resource/"


def v(local: str) -> URIRef:
    return URIRef(VOID + local)


def d(local: str) -> URIRef:
    return URIRef(DCAT + local)


def count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@pytest.fixture(scope="module")
def layers(real_graph) -> Layers:
    return Layers(real_graph.asserted, real_graph.inferred, Graph())


@pytest.fixture(scope="module")
def description(layers) -> Graph:
    return release_description(layers)


def one(graph: Graph, predicate: URIRef):
    (value,) = graph.objects(DATASET, predicate)
    return value


def test_the_dataset_is_a_void_and_a_dcat_dataset_under_cc_by(description):
    assert set(description.objects(DATASET, RDF.type)) == {v("Dataset"), d("Dataset")}
    assert one(description, DCTERMS.title) == Literal("almagro-kg", lang="en")
    assert one(description, DCTERMS.license) == CC_BY
    assert one(description, d("version")) == Literal("2026-11-23")
    assert set(description.objects(DATASET, DCTERMS.source)) == {
        URIRef(RES + "document/oas-biography"),
        URIRef(RES + "document/encyclopedia-extract"),
    }
    assert set(description.objects(DATASET, v("exampleResource"))) == {
        URIRef(RES + name) for name in ("LuisAlmagro", "OAS", "MACCIH")
    }
    assert list(description.objects(DATASET, v("sparqlEndpoint"))) == []
    assert "without this description" in one(description, RDFS.comment)


def test_the_counts_are_those_of_the_full_release_without_its_description(layers, description):
    """Counted again here with SPARQL, over asserted + inferred."""
    full = full_graph(layers)
    assert len(full) == len(set(layers.asserted) | set(layers.inferred))
    (row,) = full.query(
        """SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s_) (COUNT(DISTINCT ?p) AS ?p_)
                  (COUNT(DISTINCT ?o) AS ?o_) WHERE { ?s ?p ?o }"""
    )
    (classes,) = full.query("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?x a ?c }")
    assert one(description, v("triples")) == count(int(row[0])) == count(len(full))
    assert one(description, v("distinctSubjects")) == count(int(row[1]))
    assert one(description, v("properties")) == count(int(row[2]))
    assert one(description, v("distinctObjects")) == count(int(row[3]))
    assert one(description, v("classes")) == count(int(classes[0]))


def test_the_reused_vocabularies_are_listed_and_the_own_namespaces_are_not(description):
    assert {str(ns) for ns in description.objects(DATASET, v("vocabulary"))} == {
        "http://purl.org/dc/terms/",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2002/07/owl#",
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/oa#",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "http://xmlns.com/foaf/0.1/",
        "https://schema.org/",
    }


MEDIA_TYPES = {
    "ttl": ("text/turtle", "Turtle"),
    "nt": ("application/n-triples", "N-Triples"),
    "jsonld": ("application/ld+json", "JSON-LD"),
    "rdf": ("application/rdf+xml", "RDF_XML"),
    "trig": ("application/trig", "TriG"),
    "nq": ("application/n-quads", "N-Quads"),
}


def test_one_distribution_per_release_file_with_its_download_url_and_media_type(description):
    distributions = set(description.objects(DATASET, d("distribution")))
    names = release_names()
    assert VOID_NAME in names and CONTEXT_NAME in names and len(names) == 14
    assert distributions == {
        URIRef(f"https://w3id.org/almagro-kg/distribution/{name}") for name in names
    }
    for name in names:
        distribution = URIRef(f"https://w3id.org/almagro-kg/distribution/{name}")
        media_type, w3c = MEDIA_TYPES[name.rpartition(".")[2]]
        assert set(description.predicate_objects(distribution)) == {
            (RDF.type, d("Distribution")),
            (DCTERMS.title, one_title(description, distribution)),
            (d("downloadURL"), URIRef(f"https://w3id.org/almagro-kg/dist/{name}")),
            (d("mediaType"), URIRef(f"https://www.iana.org/assignments/media-types/{media_type}")),
            (DCTERMS.format, URIRef(f"http://www.w3.org/ns/formats/{w3c}")),
            (DCTERMS.license, CC_BY),
        } | (
            # A JSON-LD file is compacted with the release's context (and carries it inline).
            {(DCTERMS.conformsTo, URIRef(f"https://w3id.org/almagro-kg/dist/{CONTEXT_NAME}"))}
            if name.endswith(".jsonld") and name != CONTEXT_NAME
            else set()
        )
    dumps = {str(u).rsplit("/", 1)[1] for u in description.objects(DATASET, v("dataDump"))}
    assert dumps == {n for n in names if n.startswith("almagro-kg-full.")}


def one_title(graph: Graph, subject: URIRef) -> Literal:
    (title,) = graph.objects(subject, DCTERMS.title)
    assert title.language == "en" and title.startswith("almagro-kg: ")
    return title


def test_no_blank_nodes(description):
    assert not [t for triple in description for t in triple if isinstance(t, BNode)]


def test_a_tiny_graph_is_described_by_its_own_counts():
    ex = "https://example.org/"
    graph = Graph()
    graph.add((URIRef(ex + "a"), RDF.type, URIRef(ex + "C")))
    graph.add((URIRef(ex + "a"), RDFS.label, Literal("a")))
    graph.add((URIRef(ex + "b"), RDFS.label, Literal("a")))
    description = describe(graph, ["almagro-kg.ttl"])
    assert [one(description, v(p)) for p in ("triples", "classes", "properties")] == [
        count(3),
        count(1),
        count(2),
    ]
    assert one(description, v("distinctSubjects")) == count(2)
    assert one(description, v("distinctObjects")) == count(2)
    assert {str(ns) for ns in description.objects(DATASET, v("vocabulary"))} == {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
    }
    # No ontology, no documents, none of the example resources: nothing is claimed.
    for absent in (d("version"), DCTERMS.source, v("exampleResource"), v("dataDump")):
        assert list(description.objects(DATASET, absent)) == []


def test_the_description_is_release_metadata_not_graph_data(layers, description):
    """It stays out of the asserted layer (so SHACL and the qc/*-violation.rq checks, which
    would find void: and dcat: terms the ontology does not declare, never see it) and out of
    the query store's N-Quads."""
    void_terms = {p for p in description.predicates() if str(p).startswith((VOID, DCAT))}
    for layer in (layers.asserted, layers.inferred):
        assert not any((None, p, None) in layer for p in void_terms)
    assert VOID not in layers.nquads() and DCAT not in layers.nquads()


def test_the_distributions_are_the_files_the_release_writes():
    graph = Graph()
    graph.add((URIRef(RES + "X"), RDFS.label, Literal("x")))
    texts = release_texts(Layers(graph, Graph(), Graph()))
    assert list(texts) == release_names()
    description = Graph().parse(data=texts[VOID_NAME], format="turtle")
    assert len(set(description.objects(DATASET, d("distribution")))) == len(texts)
