"""The stored-query catalogue as RDF: each query a sh:SPARQLExecutable (sparql-examples)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.catalogue.header import (
    DATASET_IRI,
    PREFIXES_IRI,
    QUERY_BASE,
    SPEX_IRI,
    StoredQuery,
    load_catalogue,
)
from kg.namespaces import PREFIX_IRIS

if TYPE_CHECKING:
    from rdflib import Graph


def catalogue_graph(queries: dict[str, StoredQuery] | None = None) -> Graph:
    """The catalogue (default: every stored query in queries/) as sib-swiss/sparql-examples
    publishes one: each query a sh:SPARQLExecutable and its form's subclass, with its text
    (sh:select, sh:ask, sh:construct or spex:describe), summary (rdfs:label), description
    (rdfs:comment), tags (schema:keywords), the dataset it runs on (schema:target) and the
    project's prefix declarations (sh:prefixes, shared by all). It has no blank nodes, so its
    serializations are the same on every run (`catalogue_turtle`)."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SDO, XSD

    from kg.namespaces import SH, bind_prefixes

    spex = Namespace(SPEX_IRI)
    form_terms = {
        "SELECT": (SH.SPARQLSelectExecutable, SH.select),
        "CONSTRUCT": (SH.SPARQLConstructExecutable, SH.construct),
        "ASK": (SH.SPARQLAskExecutable, SH.ask),
        "DESCRIBE": (spex.SPARQLDescribeExecutable, spex.describe),
    }
    prefixes_iri = URIRef(PREFIXES_IRI)
    queries = load_catalogue() if queries is None else queries
    graph = bind_prefixes(Graph())
    graph.bind("spex", spex)
    graph.bind("query", Namespace(QUERY_BASE))
    graph.add((prefixes_iri, RDF.type, OWL.Ontology))
    graph.add((prefixes_iri, OWL.imports, URIRef(str(SH).rstrip("#"))))
    graph.add((prefixes_iri, RDFS.label, Literal("almagro-kg query prefixes", lang="en")))
    for prefix, namespace in sorted(PREFIX_IRIS.items()):
        declaration = URIRef(f"{PREFIXES_IRI}-{prefix}")
        graph.add((prefixes_iri, SH.declare, declaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(str(namespace), datatype=XSD.anyURI)))
    for query in queries.values():
        kind, text_property = form_terms[query.form]
        graph.add((query.iri, RDF.type, SH.SPARQLExecutable))
        graph.add((query.iri, RDF.type, kind))
        graph.add((query.iri, RDFS.label, Literal(query.summary, lang="en")))
        graph.add((query.iri, RDFS.comment, Literal(query.description, lang="en")))
        graph.add((query.iri, text_property, Literal(query.body)))
        graph.add((query.iri, SH.prefixes, prefixes_iri))
        graph.add((query.iri, SDO.target, URIRef(DATASET_IRI)))
        graph.add((query.iri, SDO.name, Literal(query.name)))
        for tag in query.tags:
            graph.add((query.iri, SDO.keywords, Literal(tag)))
    return graph


def catalogue_turtle(queries: dict[str, StoredQuery] | None = None) -> str:
    """The catalogue graph (default: every stored query) as Turtle, the same text on every run:
    what `kg query --catalogue` prints and the release's almagro-kg-queries.ttl."""
    return catalogue_graph(queries).serialize(format="turtle")
