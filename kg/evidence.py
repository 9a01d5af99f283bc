"""Evidence lookup: each fact about an entity with the passage stating it, its document and the
passage's Web Annotation selectors, as structured values (kg.query.values types)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.namespaces import AKG, OA, SCHEMA, bind_prefixes
from kg.query.values import IRI, PartialDate
from kg.sources import citation_text


@dataclass(frozen=True)
class Document:
    """A source document as the graph describes it; `citation` is the text every output names
    it by (kg.sources.citation_text): “Title” (kind, publisher; written after DATE)."""

    iri: IRI
    title: str
    kind: str  # schema:genre: "official biography"
    publisher: str | None  # the publisher's English label, when the document names one
    written_after: PartialDate | None
    file_name: str

    @property
    def citation(self) -> str:
        written = None if self.written_after is None else str(self.written_after)
        return citation_text(self.title, self.kind, self.publisher, written)


def describe_document(graph: Graph, iri: URIRef) -> Document:
    """The document `iri` of `graph` (the asserted layer): title, kind, publisher, date."""

    def text(subject, predicate) -> str:
        values = sorted(
            graph.objects(subject, predicate),
            key=lambda v: (getattr(v, "language", None) != "en", str(v)),
        )
        return str(values[0]) if values else ""

    publisher = graph.value(iri, DCTERMS.publisher)
    written = graph.value(iri, AKG.writtenAfter)
    return Document(
        iri=IRI(iri),
        title=text(iri, DCTERMS.title) or str(iri),
        kind=text(iri, SCHEMA.genre),
        publisher=None if publisher is None else text(publisher, RDFS.label) or str(publisher),
        written_after=None
        if written is None
        else PartialDate.parse(str(written), str(written.datatype)),
        file_name=text(iri, AKG.fileName),
    )


@dataclass(frozen=True)
class Selector:
    """A passage's two W3C Web Annotation selectors in one: oa:TextQuoteSelector (exact, prefix,
    suffix) and oa:TextPositionSelector (start, end: 0-based code points, end exclusive)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Evidence:
    """One fact and one passage stating it."""

    fact: str  # the fact, in words: "res:LuisAlmagro schema:birthDate 1963-06-01"
    statement: IRI  # the statement node (term, event, reified fact) that cites the passage
    passage: IRI  # the akg:EvidencePassage: ev:oas-biography-s04
    document: Document
    sentence: int  # the passage's 1-based sentence number in its document
    selector: Selector

    @property
    def quote(self) -> str:
        return self.selector.exact

    @property
    def start(self) -> int:
        return self.selector.start

    @property
    def end(self) -> int:
        return self.selector.end

    def sort_key(self) -> tuple:
        return (self.fact, self.document.title, self.start, self.end, self.statement)


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


def _passages(graph: Graph, statement) -> list[tuple[IRI, Document, int, Selector]]:
    found = []
    for passage in graph.objects(statement, AKG.evidence):
        quote = selector(graph, passage, OA.TextQuoteSelector)
        position = selector(graph, passage, OA.TextPositionSelector)
        if quote is None or position is None:
            continue  # a citation of an unknown or unanchored passage: `kg validate` reports it
        found.append(
            (
                IRI(passage),
                describe_document(graph, graph.value(passage, OA.hasSource)),
                int(graph.value(passage, AKG.sentenceNumber, default=0)),
                Selector(
                    str(graph.value(quote, OA.exact)),
                    str(graph.value(quote, OA.prefix, default="")),
                    str(graph.value(quote, OA.suffix, default="")),
                    int(graph.value(position, OA.start)),
                    int(graph.value(position, OA.end)),
                ),
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
        for passage, source, sentence, anchor in _passages(graph, statement):
            rows.add(Evidence(fact, IRI(statement), passage, source, sentence, anchor))

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
    return sorted(rows, key=Evidence.sort_key)


def _reified(graph: Graph, subject, predicate, value) -> bool:
    return any(
        (fact, RDF.subject, subject) in graph
        and (fact, RDF.predicate, predicate) in graph
        and (fact, RDF.type, AKG.SimpleFact) in graph
        for fact in graph.subjects(RDF.object, value)
    )
