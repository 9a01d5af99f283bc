"""The Python API: one object holding the asserted layer, the inferred layer and their union."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.evidence import Evidence, evidence_for
from kg.load import load_asserted
from kg.namespaces import bind_prefixes
from kg.reason import reason
from kg.resolve import resolve_entity


@dataclass
class KnowledgeGraph:
    """The knowledge graph, built from the authored Turtle: `asserted` (ontology + data),
    `inferred` (what OWL 2 RL reasoning adds) and `full` (both)."""

    asserted: Graph
    inferred: Graph
    full: Graph = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.full = bind_prefixes(Graph())
        for layer in (self.asserted, self.inferred):
            for triple in layer:
                self.full.add(triple)

    @classmethod
    def load(cls, data_dir: Path | None = None, ontology: Path | None = None) -> KnowledgeGraph:
        """Load the ontology and data and reason over them (raises KGError on bad input)."""
        asserted = load_asserted(data_dir, ontology)
        return cls(asserted=asserted, inferred=reason(asserted))

    def resolve(self, name: str) -> URIRef:
        """The IRI of the resource with this label, acronym or local name."""
        return resolve_entity(self.asserted, name)

    def evidence(self, entity: str) -> list[Evidence]:
        """Every fact about `entity` (a name or IRI) with the passages that state it."""
        return evidence_for(self.asserted, self.resolve(entity))
