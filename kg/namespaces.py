"""The project's IRIs, graph names and prefixes, defined once.

The plain strings (BASE, PREFIX_IRIS, the graph names) cost nothing to import, so the query path
can use them without loading rdflib. The rdflib Namespace objects (AKG, RES, PREFIXES...) are made
on first use, through the module's __getattr__ (PEP 562).
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (kg.fast imports us)
if TYPE_CHECKING:
    from typing import Any

    from rdflib import Graph

BASE = "https://w3id.org/almagro-kg/"
ONTOLOGY_IRI = BASE + "ontology"
RESOURCE_BASE = BASE + "resource/"

# The named graphs of the built dataset (the store, dist/almagro-kg.nq, the rdflib engine).
ASSERTED_GRAPH_IRI = BASE + "graph/asserted"  # the ontology and the authored data
INFERRED_GRAPH_IRI = BASE + "graph/inferred"  # what OWL 2 RL reasoning adds
CATALOGUE_GRAPH_IRI = BASE + "graph/catalogue"  # the stored queries as sh:SPARQLExecutable
DESCRIPTION_GRAPH_IRI = BASE + "graph/description"  # the release's VoID + DCAT description

# The release's description (dist/almagro-kg-void.ttl): the dataset, its distributions (one per
# release file) and where each is downloaded (the file name under DOWNLOAD_BASE).
DATASET_IRI = BASE
DISTRIBUTION_BASE = BASE + "distribution/"
DOWNLOAD_BASE = BASE + "dist/"

PREFIX_IRIS: dict[str, str] = {
    "akg": BASE + "ontology/",
    "res": RESOURCE_BASE,
    "doc": RESOURCE_BASE + "document/",  # source documents
    "ev": RESOURCE_BASE + "evidence/",  # evidence passages (sentences)
    "stmt": RESOURCE_BASE + "statement/",  # reified simple facts (rdf:Statement)
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",  # W3C Web Annotation: the selectors anchoring a passage
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",  # ORG types organizations and members foaf:Agent
}

_NAMESPACE_ATTRIBUTES = {
    "AKG": "akg",
    "RES": "res",
    "DOC": "doc",
    "EV": "ev",
    "STMT": "stmt",
    "SH": "sh",
    "TIME": "time",
    "SCHEMA": "schema",
    "OA": "oa",
}
_GRAPH_ATTRIBUTES = {
    "ASSERTED_GRAPH": ASSERTED_GRAPH_IRI,
    "INFERRED_GRAPH": INFERRED_GRAPH_IRI,
    "CATALOGUE_GRAPH": CATALOGUE_GRAPH_IRI,
    "DESCRIPTION_GRAPH": DESCRIPTION_GRAPH_IRI,
}


def compact(iri: str) -> str:
    """`res:MACCIH` for an IRI in one of the project's namespaces, else `<iri>`."""
    best = ""
    for prefix, namespace in PREFIX_IRIS.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIX_IRIS.get(best, "")):
            local = iri[len(namespace) :]
            if _is_local_name(local):
                best = prefix
    if best:
        return f"{best}:{iri[len(PREFIX_IRIS[best]) :]}"
    return f"<{iri}>"


def _is_local_name(local: str) -> bool:
    # A conservative PN_LOCAL: what rdflib also writes as a prefixed name.
    return local == "" or (
        (local[0].isalnum() or local[0] == "_")
        and all(c.isalnum() or c in "_-." for c in local)
        and not local.endswith(".")
    )


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on `graph` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIX_IRIS.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def __getattr__(name: str) -> Any:
    if name not in _NAMESPACE_ATTRIBUTES and name not in _GRAPH_ATTRIBUTES and name != "PREFIXES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace, URIRef

    if name in _NAMESPACE_ATTRIBUTES:
        value: Any = Namespace(PREFIX_IRIS[_NAMESPACE_ATTRIBUTES[name]])
    elif name == "PREFIXES":
        value = {prefix: Namespace(iri) for prefix, iri in PREFIX_IRIS.items()}
    elif name in _GRAPH_ATTRIBUTES:
        value = URIRef(_GRAPH_ATTRIBUTES[name])
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
