"""The project's IRIs and the standard vocabularies it reuses, defined once."""

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

BASE = "https://w3id.org/almagro-kg/"
AKG = Namespace(BASE + "ontology/")
RES = Namespace(BASE + "resource/")
DOC = Namespace(BASE + "resource/document/")  # source documents
EV = Namespace(BASE + "resource/evidence/")  # evidence passages (sentences)
STMT = Namespace(BASE + "resource/statement/")  # reified simple facts (rdf:Statement)
ONTOLOGY_IRI = BASE + "ontology"
SH = Namespace("http://www.w3.org/ns/shacl#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = SDO  # rdflib's SDO is https://schema.org/

PREFIXES: dict[str, Namespace] = {
    "akg": AKG,
    "res": RES,
    "doc": DOC,
    "ev": EV,
    "stmt": STMT,
    "schema": SDO,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
    "time": TIME,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on `graph` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
