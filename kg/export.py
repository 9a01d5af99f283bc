"""Stage 5: canonical, deterministic serializations of a graph, written atomically.

rdflib's in-memory store iterates triples through Python sets, so its serializers emit triples in an
order that changes with PYTHONHASHSEED, and blank nodes get fresh random labels at each parse. Every
format here is therefore made canonical on our side: blank nodes (only the ontology's RDF lists have
any) are relabelled by rdflib.compare's canonical algorithm, N-Triples lines are sorted, JSON-LD
nodes and values are sorted, RDF/XML is written from sorted triples, Turtle uses rdflib's sorted
writer, and TriG wraps the Turtle of each layer in a named graph.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF

from kg.errors import KGError, Location
from kg.files import write_atomic  # noqa: F401 -- re-exported: callers write releases with it
from kg.namespaces import ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI, PREFIXES, bind_prefixes

FORMATS = ("turtle", "nt", "jsonld", "xml", "trig")
EXTENSIONS = {"turtle": "ttl", "nt": "nt", "jsonld": "jsonld", "xml": "rdf", "trig": "trig"}
ASSERTED_GRAPH = URIRef(ASSERTED_GRAPH_IRI)
INFERRED_GRAPH = URIRef(INFERRED_GRAPH_IRI)


def canonical(graph: Graph) -> Graph:
    """A copy of `graph` with blank nodes relabelled canonically and the project's prefixes."""
    has_bnodes = any(isinstance(t, BNode) for triple in graph for t in (triple[0], triple[2]))
    source = to_canonical_graph(graph) if has_bnodes else graph
    result = bind_prefixes(Graph())
    for triple in source:
        result.add(triple)
    return result


def _turtle(graph: Graph) -> str:
    return canonical(graph).serialize(format="turtle")


def _ntriples(graph: Graph) -> str:
    lines = canonical(graph).serialize(format="nt").splitlines()
    return "".join(line + "\n" for line in sorted(set(lines)) if line.strip())


def _sort_jsonld(value, ordered: bool = False):
    """Sort JSON-LD node arrays and multi-value arrays; an "@list" keeps its order."""
    if isinstance(value, dict):
        return {key: _sort_jsonld(value[key], key == "@list") for key in sorted(value)}
    if isinstance(value, list) and ordered:
        return [_sort_jsonld(v) for v in value]
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(graph: Graph) -> str:
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    raw = canonical(graph).serialize(format="json-ld", context=context, auto_compact=True)
    document = json.loads(raw)
    if "@graph" in document:
        document["@graph"] = _sort_jsonld(document["@graph"])
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _qname(iri: str, namespaces: dict[str, str]) -> tuple[str, str]:
    """Split a predicate IRI into (prefix, local name), naming unknown namespaces ns1, ns2…"""
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    namespace, local = iri[:cut], iri[cut:]
    if not local or not (local[0].isalpha() or local[0] == "_"):
        raise KGError(f"predicate <{iri}> cannot be written as an XML name", where="export xml")
    prefix = next((p for p, ns in namespaces.items() if ns == namespace), None)
    if prefix is None:
        prefix = f"ns{len(namespaces) + 1}"
        namespaces[prefix] = namespace
    return prefix, local


def _node_attr(term) -> str:
    if isinstance(term, BNode):
        return f"rdf:nodeID={quoteattr(str(term))}"
    return f"rdf:resource={quoteattr(str(term))}"


def _rdfxml(graph: Graph) -> str:
    graph = canonical(graph)
    namespaces = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    body: list[str] = []
    for subject in sorted(set(graph.subjects())):
        attr = (
            f"rdf:nodeID={quoteattr(str(subject))}"
            if isinstance(subject, BNode)
            else f"rdf:about={quoteattr(str(subject))}"
        )
        body.append(f"  <rdf:Description {attr}>")
        for predicate, obj in sorted(graph.predicate_objects(subject)):
            prefix, local = _qname(str(predicate), namespaces)
            tag = f"{prefix}:{local}"
            if isinstance(obj, Literal):
                extra = ""
                if obj.language:
                    extra = f" xml:lang={quoteattr(obj.language)}"
                elif obj.datatype and obj.datatype != RDF.langString:
                    extra = f" rdf:datatype={quoteattr(str(obj.datatype))}"
                body.append(f"    <{tag}{extra}>{escape(str(obj))}</{tag}>")
            else:
                body.append(f"    <{tag} {_node_attr(obj)}/>")
        body.append("  </rdf:Description>")
    declarations = "".join(
        f"\n    xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in sorted(namespaces.items())
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"<rdf:RDF{declarations}>\n" + "\n".join(body) + "\n</rdf:RDF>\n"
    )


def _split_prefixes(turtle: str) -> tuple[list[str], str]:
    prefixes, body = [], []
    for line in turtle.splitlines():
        (prefixes if line.startswith("@prefix") else body).append(line)
    return prefixes, "\n".join(body).strip()


def _trig(layers: list[tuple[URIRef, Graph]]) -> str:
    prefixes: set[str] = set()
    blocks: list[str] = []
    for name, graph in layers:
        declared, body = _split_prefixes(_turtle(graph))
        prefixes.update(declared)
        indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
        blocks.append(f"<{name}> {{\n{indented}\n}}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def serialize(asserted: Graph, inferred: Graph | None = None, fmt: str = "turtle") -> str:
    """Canonical text of the asserted graph, or of asserted + inferred when `inferred` is given.
    TriG keeps the two layers apart as named graphs; the other formats merge them."""
    if fmt not in FORMATS:
        raise KGError(
            f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}",
            where=Location(option="format"),
        )
    if fmt == "trig":
        layers = [(ASSERTED_GRAPH, asserted)]
        if inferred is not None:
            layers.append((INFERRED_GRAPH, inferred))
        return _trig(layers)
    graph = asserted
    if inferred is not None:
        graph = Graph()
        for layer in (asserted, inferred):
            for triple in layer:
                graph.add(triple)
    writer = {"turtle": _turtle, "nt": _ntriples, "jsonld": _jsonld, "xml": _rdfxml}[fmt]
    return writer(graph)
