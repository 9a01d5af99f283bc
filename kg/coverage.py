"""Evidence coverage: each source sentence with the facts citing it, or the reason none does.

Every sentence of a source document (an `akg:EvidencePassage`) is either cited by a statement
node (a term, an event, a simple fact) with `akg:evidence`, or carries the reason no fact cites it
(`akg:notCitedBecause`, a concept of res:NotCitedReasons, recorded in kg/data/coverage.ttl). A
sentence with neither is a gap: `Coverage.conforms` is False and `Coverage.unexplained` names it.

`Coverage.to_dict()` is the stable JSON shape `kg coverage --format json` prints:

    {"conforms": true,
     "counts": {"sentences": 42, "cited": 42, "uncited": 0, "explained": 0, "unexplained": 0},
     "documents": [{"document": IRI, "title": "…", "citation": "“…” (…; written after …)",
                    "file_name": "000_….txt",
                    "sentences": [{"passage": IRI, "sentence": 1, "start": 4, "end": 25,
                                   "quote": "…", "facts": 1, "reason": null}, …]}, …],
     "uncited": [{"passage": IRI, "document": IRI, "sentence": 5, "quote": "…",
                  "reason": {"iri": IRI, "label": "evaluative sentence"} or null}, …]}

Documents come in file-name order, sentences in sentence order; `facts` counts the distinct
statement nodes citing the sentence; `uncited` lists the sentences with `facts` 0, those without a
reason (the gaps) included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.evidence import describe_document, selector
from kg.namespaces import AKG, OA


@dataclass(frozen=True)
class Reason:
    """Why no fact cites a sentence: a concept of res:NotCitedReasons and its English label."""

    iri: str
    label: str

    def to_dict(self) -> dict[str, str]:
        return {"iri": self.iri, "label": self.label}


@dataclass(frozen=True)
class Sentence:
    """One sentence of a source document, the number of facts citing it, and the reason
    recorded for it (None when it has none)."""

    passage: str  # the passage's IRI: https://w3id.org/almagro-kg/resource/evidence/…-s05
    document: str  # the source document's IRI
    number: int
    start: int
    end: int
    quote: str
    facts: int
    reason: Reason | None

    @property
    def cited(self) -> bool:
        return self.facts > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "passage": self.passage,
            "sentence": self.number,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "facts": self.facts,
            "reason": self.reason.to_dict() if self.reason else None,
        }


@dataclass(frozen=True)
class DocumentCoverage:
    """A source document and its sentences, in order."""

    document: str  # the document's IRI
    title: str
    citation: str  # kg.sources.citation_text: how every output names the document
    file_name: str
    sentences: tuple[Sentence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "title": self.title,
            "citation": self.citation,
            "file_name": self.file_name,
            "sentences": [s.to_dict() for s in self.sentences],
        }


@dataclass(frozen=True)
class Coverage:
    """Every source document with its sentences; see the module docstring for the JSON shape."""

    documents: tuple[DocumentCoverage, ...]

    @property
    def sentences(self) -> list[Sentence]:
        return [s for d in self.documents for s in d.sentences]

    @property
    def uncited(self) -> list[Sentence]:
        """The sentences no fact cites, with a reason or without."""
        return [s for s in self.sentences if not s.cited]

    @property
    def unexplained(self) -> list[Sentence]:
        """The gaps: sentences no fact cites and no reason explains."""
        return [s for s in self.uncited if s.reason is None]

    @property
    def conforms(self) -> bool:
        return not self.unexplained

    def counts(self) -> dict[str, int]:
        uncited, unexplained = len(self.uncited), len(self.unexplained)
        return {
            "sentences": len(self.sentences),
            "cited": len(self.sentences) - uncited,
            "uncited": uncited,
            "explained": uncited - unexplained,
            "unexplained": unexplained,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "counts": self.counts(),
            "documents": [d.to_dict() for d in self.documents],
            "uncited": [
                {
                    "passage": s.passage,
                    "document": s.document,
                    "sentence": s.number,
                    "quote": s.quote,
                    "reason": s.reason.to_dict() if s.reason else None,
                }
                for s in self.uncited
            ],
        }


def _english_label(graph: Graph, node: URIRef) -> str:
    labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
    english = sorted(str(label) for label in labels if label.language == "en")
    return english[0] if english else str(node)


def _int(graph: Graph, node: URIRef, prop: URIRef) -> int:
    value = graph.value(node, prop)
    return int(value) if isinstance(value, Literal) else 0


def coverage(graph: Graph) -> Coverage:
    """The coverage of every source sentence in the asserted `graph` (ontology + data): the
    number of statement nodes citing it with akg:evidence, and its akg:notCitedBecause reason."""
    per_document: dict[str, list[Sentence]] = {}
    for passage in set(graph.subjects(RDF.type, AKG.EvidencePassage)):
        if not isinstance(passage, URIRef):
            continue
        document = graph.value(passage, PROV.wasQuotedFrom)
        quote = selector(graph, passage, OA.TextQuoteSelector)
        position = selector(graph, passage, OA.TextPositionSelector)
        # At most one reason (a shape checks it); should there be more, the same one every run.
        reason = min(graph.objects(passage, AKG.notCitedBecause), default=None, key=str)
        sentence = Sentence(
            passage=str(passage),
            document=str(document) if document is not None else "",
            number=_int(graph, passage, AKG.sentenceNumber),
            start=_int(graph, position, OA.start) if position is not None else 0,
            end=_int(graph, position, OA.end) if position is not None else 0,
            quote=str(graph.value(quote, OA.exact, default="")) if quote is not None else "",
            facts=len(set(graph.subjects(AKG.evidence, passage))),
            reason=Reason(str(reason), _english_label(graph, reason))
            if isinstance(reason, URIRef)
            else None,
        )
        per_document.setdefault(sentence.document, []).append(sentence)
    documents = []
    for iri, sentences in per_document.items():
        described = describe_document(graph, URIRef(iri))
        documents.append(
            DocumentCoverage(
                document=iri,
                title=described.title,
                citation=described.citation,
                file_name=described.file_name,
                sentences=tuple(sorted(sentences, key=lambda s: (s.number, s.passage))),
            )
        )
    return Coverage(tuple(sorted(documents, key=lambda d: (d.file_name, d.document))))
