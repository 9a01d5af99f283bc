"""The Python API: one object holding the asserted layer, the inferred layer and their union."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef

from kg import paths
from kg.cache import cached_layers
from kg.evidence import Evidence, evidence_for
from kg.load import data_files, load_asserted
from kg.namespaces import bind_prefixes
from kg.query import Rows, execute, run_stored, to_python
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
    def load(
        cls, data_dir: Path | None = None, ontology: Path | None = None, *, use_cache: bool = True
    ) -> KnowledgeGraph:
        """Load the ontology and data and reason over them (raises KGError on bad input).
        The reasoned layers are cached, keyed by the input files' bytes (see kg.cache);
        `use_cache=False` always recomputes."""

        def compute() -> tuple[Graph, Graph]:
            asserted = load_asserted(data_dir, ontology)
            return asserted, reason(asserted)

        files = [paths.ONTOLOGY_FILE if ontology is None else Path(ontology), *data_files(data_dir)]
        if not use_cache or not all(path.is_file() for path in files):
            asserted, inferred = compute()  # raises the KGError naming the missing file
        else:
            asserted, inferred = cached_layers(files, compute)
        return cls(asserted=asserted, inferred=inferred)

    def resolve(self, name: str) -> URIRef:
        """The IRI of the resource with this label, acronym or local name."""
        return resolve_entity(self.asserted, name)

    def evidence(self, entity: str) -> list[Evidence]:
        """Every fact about `entity` (a name or IRI) with the passages that state it."""
        return evidence_for(self.asserted, self.resolve(entity))

    def query(
        self, name: str, /, *, asserted_only: bool = False, **params: str | int | date
    ) -> Rows | bool | Graph:
        """Run the stored query `name` (queries/NAME.rq) with its parameters as keywords
        (`date="2016-01-01"`, `country="Venezuela"`): a SELECT gives a list of dicts of Python
        values (IRIs as str), an ASK a bool, a CONSTRUCT or DESCRIBE an rdflib Graph."""
        values = {
            key: value.isoformat() if isinstance(value, date) else str(value)
            for key, value in params.items()
        }
        return to_python(run_stored(self, name, values, asserted_only))

    def sparql(self, text: str, *, asserted_only: bool = False) -> Rows | bool | Graph:
        """Run ad hoc SPARQL (the project's prefixes are predeclared); results as `query`."""
        return to_python(execute(self, text, "sparql", asserted_only=asserted_only))
