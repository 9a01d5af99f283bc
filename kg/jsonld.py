"""The release's JSON-LD context (dist/almagro-kg.context.jsonld), generated from the graph.

Every property the graph uses gets a term: its local name (`agent`, `startDate`, `label`), or,
when two properties share a local name or the name is one of the context's prefixes, its compact
IRI (`schema:name`, which JSON-LD 1.1 allows as a term that expands to itself). A term coerces
its values only where every value of the property in the graph fits the coercion:

* `"@type": "@id"` when every value is an IRI or a blank node (an object property);
* `"@type": DATATYPE` when every value is a literal of that one datatype (not xsd:string, which
  needs none); a property with mixed datatypes (schema:startDate: dates, months and years) is
  not coerced, its values keep their own `@type`;
* `"@container": "@language"` (a language map) when every value is language-tagged;
* none when the property's values include an RDF list or mix kinds.

The context is computed from the union of everything the release's JSON-LD files hold (the full
graph and its description), so one context fits each of them; it is sorted, and the same on every
run. Each JSON-LD file of the release carries it inline (a consumer needs no network and no
document loader), and it is published on its own as the release file CONTEXT_NAME.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.namespaces import PREFIXES

CONTEXT_NAME = "almagro-kg.context.jsonld"
# The vocabularies of the release's description (kg.void), which the project's prefixes lack.
DESCRIPTION_PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
}


@dataclass(frozen=True)
class Context:
    """The context's prefixes (name to namespace) and its terms (property IRI to the term and
    its coercion: "@id", a datatype IRI, "@language" for a language map, or None)."""

    prefixes: dict[str, str]
    terms: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def compact(self, iri: str) -> str:
        """A compact IRI with the context's prefixes (the longest namespace), else the IRI."""
        best = max(
            (p for p, ns in self.prefixes.items() if iri.startswith(ns) and len(iri) > len(ns)),
            key=lambda p: len(self.prefixes[p]),
            default=None,
        )
        if best is None or iri[len(self.prefixes[best]) :].startswith("//"):
            return iri
        return f"{best}:{iri[len(self.prefixes[best]) :]}"

    def document(self) -> dict:
        """The value of "@context": the prefixes, then a definition per term."""
        context: dict = dict(self.prefixes)
        for iri, (term, coercion) in self.terms.items():
            definition: dict = {"@id": self.compact(iri)}
            if coercion == "@language":
                definition["@container"] = "@language"
            elif coercion == "@id":
                definition["@type"] = "@id"
            elif coercion is not None:
                definition["@type"] = self.compact(coercion)
            context[term] = definition
        return {key: context[key] for key in sorted(context)}


def prefixes_for(graph: Graph) -> dict[str, str]:
    """The project's prefixes, less any that is also the scheme of an IRI in the graph (such an
    IRI would read as a compact IRI)."""
    schemes = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                schemes.add(term.split(":", 1)[0])
            elif isinstance(term, Literal) and term.datatype is not None:
                schemes.add(term.datatype.split(":", 1)[0])
    known = {**{p: str(ns) for p, ns in PREFIXES.items()}, **DESCRIPTION_PREFIXES}
    return {p: ns for p, ns in sorted(known.items()) if p not in schemes}


def _local_name(iri: str) -> str:
    for delimiter in "#/":
        at = iri.rfind(delimiter)
        if at > -1:
            return iri[at + 1 :]
    return ""


def _coercion(graph: Graph, values: list) -> str | None:
    """The one coercion that fits every value, or None."""
    if all(isinstance(v, URIRef) for v in values):
        return "@id"
    if all(isinstance(v, URIRef | BNode) for v in values):
        # A blank node may head an RDF list, which is written as "@list" (its items uncoerced).
        lists = any(v == RDF.nil or (v, RDF.first, None) in graph for v in values)
        return None if lists else "@id"
    if not all(isinstance(v, Literal) for v in values):
        return None
    if all(v.language for v in values):
        return "@language"
    datatypes = {v.datatype for v in values}
    if len(datatypes) == 1 and None not in datatypes and XSD.string not in datatypes:
        return str(next(iter(datatypes)))
    return None


def context_for(graph: Graph) -> Context:
    """The context for JSON-LD of `graph` (or of any part of it)."""
    prefixes = prefixes_for(graph)
    values: dict[str, list] = {}
    for _, p, o in graph:
        if p != RDF.type or not isinstance(o, URIRef):
            values.setdefault(str(p), []).append(o)
    return context_with_terms(prefixes, values, lambda iri: _coercion(graph, values[iri]))


def context_with_terms(prefixes: dict[str, str], properties, coercion) -> Context:
    """A context with these prefixes and a term for each property IRI: its local name when no
    other property, prefix or keyword has it, else its compact IRI (none when it has neither);
    `coercion(iri)` gives the term's @type (or None)."""
    names: dict[str, list[str]] = {}
    for iri in properties:
        names.setdefault(_local_name(iri), []).append(iri)
    context = Context(prefixes)
    for iri in sorted(properties):
        local = _local_name(iri)
        unique = len(names[local]) == 1 and local not in prefixes and local.isidentifier()
        term = local if unique else context.compact(iri)
        if term == iri:  # no prefix for its namespace and no name of its own: no term
            continue
        context.terms[iri] = (term, coercion(iri))
    return context


def context_text(context: Context) -> str:
    """The context file: {"@context": ...}, sorted, two-space indented."""
    from kg.export import _escape_unsafe

    document = {"@context": context.document()}
    return _escape_unsafe(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
