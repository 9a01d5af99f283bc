"""Stage 6, release metadata: the VoID + DCAT description of the release (dist/almagro-kg-void.ttl,
also carried by the full release), computed from the built layers and the release's file names.

It is metadata about the graph, not graph data: it is not in the asserted layer, so neither SHACL
nor the quality checks see it, nor in the query store or dist/almagro-kg.nq."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg.jsonld import CONTEXT_NAME
from kg.namespaces import (
    DATASET_IRI,
    DISTRIBUTION_BASE,
    DOWNLOAD_BASE,
    ONTOLOGY_IRI,
    PREFIX_IRIS,
    RESOURCE_BASE,
    bind_prefixes,
)

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
# dcat:mediaType takes the IANA registry's IRI for a media type; dcterms:format the W3C's IRI
# for an RDF syntax (http://www.w3.org/ns/formats/).
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
W3C_FORMAT_NAMES = {
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdf": "RDF_XML",
    "trig": "TriG",
    "nq": "N-Quads",
}
# The namespaces of the graph's own IRIs: the reused vocabularies are the others.
OWN_PREFIXES = ("akg", "res", "doc", "ev", "stmt")
EXAMPLE_RESOURCES = ("LuisAlmagro", "OAS", "MACCIH")
TITLE = "almagro-kg"
DESCRIPTION = (
    "A sourced knowledge graph of Luis Almagro's career and his years as Secretary General of"
    " the Organization of American States, every fact citing the passage of a source document"
    " that states it, with the OWL 2 RL ontology it uses and its OWL 2 RL inferences."
)
COUNTS_COMMENT = (
    "void:triples, void:classes, void:properties, void:distinctSubjects and"
    " void:distinctObjects count the full release (asserted and inferred triples) without this"
    " description, which the full release also carries: counting the description in its own"
    " counts would be circular. There is no public SPARQL endpoint yet (no void:sparqlEndpoint)."
)


def _v(local: str) -> URIRef:
    return URIRef(VOID + local)


def _d(local: str) -> URIRef:
    return URIRef(DCAT + local)


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def distribution_title(name: str) -> str:
    """What a release file holds, from its name (see kg.release)."""
    stem, _, extension = name.rpartition(".")
    syntax = W3C_FORMAT_NAMES[extension].replace("_", "/")
    what = {
        "almagro-kg": "the asserted triples (base)",
        "almagro-kg-full": "the asserted and inferred triples and this description (full)",
        "almagro-kg-queries": "the stored-query catalogue",
        "almagro-kg-void": "this description of the dataset",
        "almagro-kg.context": "the JSON-LD context of the JSON-LD files (no triples)",
    }[stem]
    if extension == "nq":
        what = "every layer as a named graph (the dataset the query store holds)"
    return f"{TITLE}: {what}, {syntax}"


@dataclass
class Facts:
    """What the description says about the graph: the ontology's owl:versionInfo, the source
    documents (and the triples giving their titles and citations), the counts, the IRIs used
    as properties or classes, and the example resources that are subjects in it."""

    version: Node | None
    documents: list[Node]
    document_values: list[tuple[Node, Node, Node]]
    triples: int
    classes: int
    properties: int
    subjects: int
    objects: int
    used: set[str]
    examples: list[URIRef]


def facts(graph: Graph) -> Facts:
    """The Facts of the graph `graph` (asserted and inferred triples, merged)."""
    documents = list(graph.subjects(RDF.type, URIRef(PREFIX_IRIS["akg"] + "SourceDocument")))
    values = [
        (document, predicate, value)
        for document in documents
        for predicate in (DCTERMS.title, DCTERMS.bibliographicCitation)
        for value in graph.objects(document, predicate)
    ]
    subjects, predicates, objects, classes = set(), set(), set(), set()
    for s, p, o in graph:
        subjects.add(s)
        predicates.add(p)
        objects.add(o)
        if p == RDF.type:
            classes.add(o)
    examples = [
        URIRef(RESOURCE_BASE + local)
        for local in EXAMPLE_RESOURCES
        if (URIRef(RESOURCE_BASE + local), None, None) in graph
    ]
    return Facts(
        version=graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo),
        documents=documents,
        document_values=values,
        triples=len(graph),
        classes=len(classes),
        properties=len(predicates),
        subjects=len(subjects),
        objects=len(objects),
        used={str(term) for term in predicates | classes if isinstance(term, URIRef)},
        examples=examples,
    )


def describe(graph: Graph, release_names: Sequence[str]) -> Graph:
    """The description of the dataset whose full release is `graph` (asserted and inferred
    triples, merged), published as the files `release_names`."""
    return description(facts(graph), release_names)


def description(found: Facts, release_names: Sequence[str]) -> Graph:
    """The description of a dataset with these Facts, published as the files `release_names`
    (kg.oxrelease computes the Facts from a store's lines)."""
    from kg.query.formats import by_extension

    description = bind_prefixes(Graph())
    description.bind("void", VOID)
    description.bind("dcat", DCAT)
    dataset = URIRef(DATASET_IRI)
    add = description.add
    add((dataset, RDF.type, _v("Dataset")))
    add((dataset, RDF.type, _d("Dataset")))
    add((dataset, DCTERMS.title, Literal(TITLE, lang="en")))
    add((dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    add((dataset, DCTERMS.license, CC_BY))
    add((dataset, DCTERMS.creator, Literal("almagro-kg contributors")))
    add((dataset, RDFS.comment, Literal(COUNTS_COMMENT, lang="en")))
    if found.version is not None:
        add((dataset, _d("version"), Literal(str(found.version))))
    for document in found.documents:
        add((dataset, DCTERMS.source, document))
    # So that the description, a file of its own, names each source as the data does.
    for triple in found.document_values:
        add(triple)
    add((dataset, _v("triples"), _count(found.triples)))
    add((dataset, _v("classes"), _count(found.classes)))
    add((dataset, _v("properties"), _count(found.properties)))
    add((dataset, _v("distinctSubjects"), _count(found.subjects)))
    add((dataset, _v("distinctObjects"), _count(found.objects)))
    add((dataset, _v("uriSpace"), Literal(RESOURCE_BASE)))
    for prefix, namespace in PREFIX_IRIS.items():
        if prefix not in OWN_PREFIXES and any(iri.startswith(namespace) for iri in found.used):
            add((dataset, _v("vocabulary"), URIRef(namespace)))
    for resource in found.examples:
        add((dataset, _v("exampleResource"), resource))

    for name in release_names:
        distribution = URIRef(DISTRIBUTION_BASE + name)
        download = URIRef(DOWNLOAD_BASE + name)
        extension = name.rpartition(".")[2]
        add((dataset, _d("distribution"), distribution))
        add((distribution, RDF.type, _d("Distribution")))
        add((distribution, DCTERMS.title, Literal(distribution_title(name), lang="en")))
        add((distribution, _d("downloadURL"), download))
        add(
            (
                distribution,
                _d("mediaType"),
                URIRef(IANA_MEDIA_TYPES + by_extension(extension).media_type),
            )
        )
        add((distribution, DCTERMS.format, URIRef(W3C_FORMATS + W3C_FORMAT_NAMES[extension])))
        add((distribution, DCTERMS.license, CC_BY))
        if name.rpartition(".")[0].endswith("-full"):
            add((dataset, _v("dataDump"), download))
        if extension == "jsonld" and name != CONTEXT_NAME and CONTEXT_NAME in release_names:
            # The JSON-LD files are compacted with the release's context (and carry it inline).
            add((distribution, DCTERMS.conformsTo, URIRef(DOWNLOAD_BASE + CONTEXT_NAME)))
    return description
