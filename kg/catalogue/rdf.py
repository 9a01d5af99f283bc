"""The stored-query catalogue as RDF: each query a sh:SPARQLExecutable (sparql-examples), its
parameters sh:Parameter nodes (SHACL Advanced Features), the dataset layout it needs an sd:Dataset
(SPARQL 1.1 Service Description): enough to run a stored query in any SPARQL store, without kg."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.catalogue.header import (
    DATASET_IRI,
    LAYOUTS,
    PREFIXES_IRI,
    QUERY_BASE,
    SPEX_IRI,
    Parameter,
    StoredQuery,
    load_catalogue,
)
from kg.namespaces import (
    ASSERTED_GRAPH_IRI,
    CATALOGUE_GRAPH_IRI,
    DOWNLOAD_BASE,
    INFERRED_GRAPH_IRI,
    PREFIX_IRIS,
)

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.engines import Engine

SD_IRI = "http://www.w3.org/ns/sparql-service-description#"
# A parameter's sh:path: an IRI whose local name is the variable the value is bound to, as
# SHACL-SPARQL pre-binds a parameter (https://www.w3.org/TR/shacl/#sparql-constraints-prebound).
PARAMETER_BASE = QUERY_BASE + "parameter/"
# How each parameter type is described in SHACL: sh:datatype (the literal's datatype), or for an
# entity sh:nodeKind sh:IRI (and sh:class when the header names one), or for a period (a year,
# month or day, bound as an xsd:gYear, xsd:gYearMonth or xsd:date by its form) a literal of the
# pattern. (A `language` parameter takes a BCP 47 tag.)
PARAMETER_DATATYPES = {
    "date": "date",
    "integer": "integer",
    "string": "string",
    "language": "language",
}
PERIOD_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# The dataset layouts (header `dataset`) as sd:Dataset nodes, and the release file holding each.
LAYOUT_FILES = {"default": "almagro-kg-full.ttl", "layers": "almagro-kg.nq"}
LAYER_NAMES = {
    "asserted": ASSERTED_GRAPH_IRI,
    "inferred": INFERRED_GRAPH_IRI,
    "catalogue": CATALOGUE_GRAPH_IRI,
}


def layout_iri(layout: str) -> str:
    return f"{QUERY_BASE.rstrip('/')}#dataset-{layout}"


def parameter_iri(query: StoredQuery, parameter: Parameter) -> str:
    return f"{query.iri}#{parameter.name}"


def _default_terms(query: StoredQuery, engine: Engine | None) -> dict:
    """The terms the toolkit binds for the query's defaults, as rdflib terms. An entity default
    needs the graph to resolve it (`engine`); without one, or when it does not resolve there
    (a build from other data), it is left out."""
    from kg.engines.rdflib_engine import to_rdflib
    from kg.errors import KGError
    from kg.query.parameters import term

    terms = {}
    for parameter in query.parameters:
        if parameter.default is None or (parameter.type == "entity" and engine is None):
            continue
        try:
            default = term(engine, parameter, parameter.default, None, suggest=False)
            terms[parameter.name] = to_rdflib(default)
        except KGError:
            continue
    return terms


def catalogue_graph(
    queries: dict[str, StoredQuery] | None = None, engine: Engine | None = None
) -> Graph:
    """The catalogue (default: every stored query in queries/) as sib-swiss/sparql-examples
    publishes one: each query a sh:SPARQLExecutable and its form's subclass, with its text
    (sh:select, sh:ask, sh:construct or spex:describe), summary (rdfs:label), description
    (rdfs:comment), tags (schema:keywords), the dataset it runs on (schema:target) and the
    project's prefix declarations (sh:prefixes, shared by all); the dataset layout it needs
    (dcterms:requires an sd:Dataset: the full release in the default graph, or the layers as
    named graphs); and each parameter (sh:parameter, a sh:Parameter: sh:path whose local name is
    the variable, sh:name, sh:description, sh:order, its type as sh:datatype, or sh:nodeKind and
    sh:class, sh:defaultValue the RDF term bound when it is not given, sh:optional when it has a
    default). Entity defaults are resolved on `engine`'s graph (left out without one). It has no
    blank nodes, so its serializations are the same on every run (`catalogue_turtle`)."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SDO, XSD

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
    sd = Namespace(SD_IRI)
    graph.bind("sd", sd)
    for layout, note in LAYOUTS.items():
        node = URIRef(layout_iri(layout))
        graph.add((node, RDF.type, sd.Dataset))
        graph.add((node, RDFS.label, Literal(f"dataset layout: {layout}", lang="en")))
        graph.add((node, RDFS.comment, Literal(f"A query that {note}.", lang="en")))
        graph.add((node, DCTERMS.source, URIRef(DOWNLOAD_BASE + LAYOUT_FILES[layout])))
        if layout == "default":
            graph.add((node, sd.defaultGraph, URIRef(f"{layout_iri(layout)}-graph")))
            graph.add((URIRef(f"{layout_iri(layout)}-graph"), RDF.type, sd.Graph))
            continue
        for name, iri in LAYER_NAMES.items():
            named = URIRef(f"{layout_iri(layout)}-{name}")
            graph.add((node, sd.namedGraph, named))
            graph.add((named, RDF.type, sd.NamedGraph))
            graph.add((named, sd.name, URIRef(iri)))
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
        graph.add((query.iri, DCTERMS.requires, URIRef(layout_iri(query.dataset))))
        defaults = _default_terms(query, engine)
        for order, parameter in enumerate(query.parameters):
            node = URIRef(parameter_iri(query, parameter))
            graph.add((query.iri, SH.parameter, node))
            graph.add((node, RDF.type, SH.Parameter))
            graph.add((node, SH.path, URIRef(PARAMETER_BASE + parameter.name)))
            graph.add((node, SH.name, Literal(parameter.name)))
            graph.add((node, SH.description, Literal(parameter.description, lang="en")))
            graph.add((node, SH.order, Literal(order)))
            graph.add((node, SH.optional, Literal(parameter.default is not None)))
            if parameter.type == "entity":
                graph.add((node, SH.nodeKind, SH.IRI))
                if parameter.class_iri is not None:
                    graph.add((node, SH["class"], URIRef(parameter.class_iri)))
            elif parameter.type == "period":
                graph.add((node, SH.nodeKind, SH.Literal))
                graph.add((node, SH.pattern, Literal(PERIOD_PATTERN)))
            else:
                graph.add((node, SH.datatype, XSD[PARAMETER_DATATYPES[parameter.type]]))
            if parameter.name in defaults:
                graph.add((node, SH.defaultValue, defaults[parameter.name]))
    return graph


def catalogue_turtle(
    queries: dict[str, StoredQuery] | None = None, engine: Engine | None = None
) -> str:
    """The catalogue graph (default: every stored query) as Turtle, the same text on every run:
    what `kg query --catalogue` prints and the release's almagro-kg-queries.ttl."""
    return catalogue_graph(queries, engine).serialize(format="turtle")
