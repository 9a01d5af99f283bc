"""Resolve what a person types (a label, an acronym, a local name, an IRI) to one resource IRI."""

from __future__ import annotations

import difflib

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.errors import KGError
from kg.namespaces import RES

_NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


def _local_name(iri: URIRef) -> str:
    return str(iri)[len(str(RES)) :]


def names(graph: Graph) -> dict[str, set[URIRef]]:
    """Every casefolded name of every resource: labels, alternative labels, local names."""
    found: dict[str, set[URIRef]] = {}
    for prop in _NAME_PROPERTIES:
        for subject, label in graph.subject_objects(prop):
            if isinstance(subject, URIRef) and str(subject).startswith(str(RES)):
                found.setdefault(str(label).casefold(), set()).add(subject)
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef) and str(subject).startswith(str(RES)):
            found.setdefault(_local_name(subject).casefold(), set()).add(subject)
    return found


def resolve_entity(graph: Graph, text: str, parameter: str = "entity") -> URIRef:
    """The one resource named `text`; unknown or ambiguous names are errors listing candidates."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(("http://", "https://")):
        iri = URIRef(text)
        if (iri, None, None) in graph or (None, None, iri) in graph:
            return iri
        raise KGError(f"no resource {text} in the graph", where=parameter)
    if text.startswith("res:"):
        text = text[4:]
    table = names(graph)
    matches = table.get(text.casefold(), set())
    if len(matches) == 1:
        return next(iter(matches))
    if matches:
        listed = ", ".join(sorted(_local_name(m) for m in matches))
        raise KGError(f"{text!r} is ambiguous: it names {listed}", where=parameter)
    close = difflib.get_close_matches(text.casefold(), sorted(table), n=5, cutoff=0.6)
    candidates = sorted({_local_name(m) for name in close for m in table[name]})
    hint = f"; did you mean {', '.join(candidates)}?" if candidates else ""
    raise KGError(f"no resource is named {text!r}{hint}", where=parameter)
