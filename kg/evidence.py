"""Evidence lookup: each fact about an entity with the quote, document and offsets stating it
(read from the passage's Web Annotation selectors)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import AKG, OA, bind_prefixes


@dataclass(frozen=True, order=True)
class Evidence:
    fact: str  # the fact, in words: "LuisAlmagro schema:birthDate 1963-06-01"
    document: str  # the document's file name
    start: int
    end: int
    quote: str
    statement: str  # the statement node (term, event, reified fact) that cites the passage


def _show(graph: Graph, term) -> str:
    if isinstance(term, Literal):
        return str(term)
    label = graph.value(term, RDFS.label)
    if label is not None and not isinstance(term, URIRef):
        return str(label)
    return term.n3(graph.namespace_manager)


def selector(graph: Graph, passage, kind) -> object | None:
    return next(
        (s for s in graph.objects(passage, OA.hasSelector) if (s, RDF.type, kind) in graph), None
    )


def _passages(graph: Graph, statement) -> list[tuple[str, int, int, str]]:
    found = []
    for passage in graph.objects(statement, AKG.evidence):
        quote = selector(graph, passage, OA.TextQuoteSelector)
        position = selector(graph, passage, OA.TextPositionSelector)
        if quote is None or position is None:
            continue  # a citation of an unknown or unanchored passage: `kg validate` reports it
        document = graph.value(passage, OA.hasSource)
        found.append(
            (
                str(graph.value(document, AKG.fileName)),
                int(graph.value(position, OA.start)),
                int(graph.value(position, OA.end)),
                str(graph.value(quote, OA.exact)),
            )
        )
    return found


def evidence_for(graph: Graph, entity: URIRef) -> list[Evidence]:
    """Every fact about `entity` in the asserted `graph`, each with every passage that states it:
    the simple facts it is the subject or object of, the statement nodes (terms, events) it takes
    part in, and, when the entity is itself a statement node, its own description. Evidence is
    resolved per triple: a statement node's triple reified by a simple fact cites the simple
    fact's passages, not all the node's. Source claims (unasserted) and editorial inferences (no
    passage) have no rows."""
    bind_prefixes(graph)
    rows: set[Evidence] = set()
    nm = graph.namespace_manager

    def cite(statement, fact: str) -> None:
        for document, start, end, quote in _passages(graph, statement):
            rows.add(Evidence(fact, document, start, end, quote, statement.n3(nm)))

    def link(statement, predicate, value) -> str:
        kind = graph.value(statement, RDF.type)
        label = graph.value(statement, RDFS.label, default=statement.n3(nm))
        return (
            f"{label} ({kind.n3(nm) if kind else 'statement'}): {predicate.n3(nm)} "
            f"{_show(graph, value)}"
        )

    for role in (RDF.subject, RDF.object):
        for fact in graph.subjects(role, entity):
            if (fact, RDF.type, AKG.SimpleFact) not in graph:
                continue  # a source claim: what a source says, not what the graph asserts
            s, p, o = (graph.value(fact, r) for r in (RDF.subject, RDF.predicate, RDF.object))
            if s != entity and (s, AKG.evidence, None) in graph:
                cite(fact, link(s, p, o))  # a claim of a statement node, in the node's words
            else:
                cite(fact, f"{_show(graph, s)} {p.n3(nm)} {_show(graph, o)}")
    for statement, predicate in graph.subject_predicates(entity):
        if predicate in (RDF.subject, RDF.object) or (statement, AKG.evidence, None) not in graph:
            continue
        if _reified(graph, statement, predicate, entity):
            continue  # its simple fact cites the passages that state it (above)
        cite(statement, link(statement, predicate, entity))
    if (entity, AKG.evidence, None) in graph:
        label = graph.value(entity, RDFS.label, default=entity.n3(nm))
        cite(entity, str(label))
    return sorted(rows)


def _reified(graph: Graph, subject, predicate, value) -> bool:
    return any(
        (fact, RDF.subject, subject) in graph
        and (fact, RDF.predicate, predicate) in graph
        and (fact, RDF.type, AKG.SimpleFact) in graph
        for fact in graph.subjects(RDF.object, value)
    )
