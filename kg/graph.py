"""The Python API: a built dataset (a pyoxigraph store) and the engines that answer on it."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import pipeline
from kg.engines import DEFAULT_ENGINE, ENGINES, DatasetDescription, Engine, QueryResult
from kg.errors import KGError, Location
from kg.namespaces import ASSERTED_GRAPH_IRI, CATALOGUE_GRAPH_IRI, INFERRED_GRAPH_IRI

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from kg.evidence import Evidence


class KnowledgeGraph:
    """The knowledge graph as built from the authored Turtle: a store holding `asserted`
    (ontology + data), `inferred` (what OWL 2 RL reasoning adds) and the query catalogue as
    named graphs, queried by the oxigraph engine (default) or the rdflib reference engine.
    `asserted`, `inferred`, `full` and `catalogue` are rdflib graphs, made on first use."""

    def __init__(self, data: pipeline.Dataset, engine: str = DEFAULT_ENGINE):
        self.data = data
        self.default_engine = check_engine(engine)
        self._engines: dict[str, Engine] = {}

    @classmethod
    def load(
        cls,
        data_dir: Path | None = None,
        ontology: Path | None = None,
        *,
        engine: str = DEFAULT_ENGINE,
        use_cache: bool = True,
        progress: pipeline.Progress = pipeline._quiet,
    ) -> KnowledgeGraph:
        """The graph built from the ontology and data (raises KGError on bad input): the stored
        build when its inputs are unchanged (see kg.store), else built now (load and reason)
        and stored; `use_cache=False` always rebuilds."""
        check_engine(engine)
        data = pipeline.dataset(data_dir, ontology, rebuild=not use_cache, progress=progress)
        return cls(data, engine)

    # The layers as rdflib graphs: from this process's build, or read back from the store.
    def _layer(self, iri: str, name: str) -> Graph:
        from rdflib import Graph

        from kg.namespaces import bind_prefixes
        from kg.store import graph_lines, stored_nquads

        if self.data.layers is None:
            nquads = stored_nquads(self.data.key)
            if nquads is None:  # damaged since it was opened: build the layers again
                self.data.layers = pipeline.dataset(*self.data.inputs, rebuild=True).layers
            else:
                return bind_prefixes(Graph()).parse(data=graph_lines(nquads, iri), format="nt")
        return getattr(self.data.layers, name)

    @cached_property
    def asserted(self) -> Graph:
        return self._layer(ASSERTED_GRAPH_IRI, "asserted")

    @cached_property
    def inferred(self) -> Graph:
        return self._layer(INFERRED_GRAPH_IRI, "inferred")

    @cached_property
    def catalogue(self) -> Graph:
        return self._layer(CATALOGUE_GRAPH_IRI, "catalogue")

    @cached_property
    def full(self) -> Graph:
        from rdflib import Graph

        from kg.namespaces import bind_prefixes

        full = bind_prefixes(Graph())
        for layer in (self.asserted, self.inferred):
            for triple in layer:
                full.add(triple)
        return full

    def engine(self, name: str | None = None) -> Engine:
        """The engine `name` (`oxigraph`, `rdflib`; default: this graph's) on this dataset."""
        name = check_engine(name or self.default_engine)
        if name not in self._engines:
            if name == "oxigraph":
                from kg.engines.oxigraph_engine import OxigraphEngine

                self._engines[name] = OxigraphEngine(self.data.store)
            else:
                from kg.engines.rdflib_engine import RdflibEngine

                graphs = {
                    ASSERTED_GRAPH_IRI: self.asserted,
                    INFERRED_GRAPH_IRI: self.inferred,
                    CATALOGUE_GRAPH_IRI: self.catalogue,
                }
                self._engines[name] = RdflibEngine(graphs)
        return self._engines[name]

    def resolve(self, name: str) -> URIRef:
        """The IRI of the resource with this label, acronym or local name."""
        from rdflib import URIRef

        from kg.query.names import resolve

        return URIRef(resolve(self.engine(), name, "entity").value)

    def evidence(self, entity: str) -> list[Evidence]:
        """Every fact about `entity` (a name or IRI) with the passages that state it."""
        from kg.evidence import evidence_for

        return evidence_for(self.asserted, self.resolve(entity))

    def run(
        self,
        name: str,
        values: dict[str, str] | None = None,
        *,
        dataset: str | DatasetDescription = "full",
        engine: str | None = None,
    ) -> QueryResult:
        """Run the stored query `name` with parameter values as text; the engine's result."""
        from kg.query import run_stored

        return run_stored(self.engine(engine), name, values or {}, dataset)

    def query(
        self,
        name: str,
        /,
        *,
        dataset: str | DatasetDescription = "full",
        engine: str | None = None,
        **params: str | int | date,
    ) -> Any:
        """Run the stored query `name` (queries/NAME.rq) with its parameters as keywords
        (`date="2016-01-01"`, `country="Venezuela"`) on the `full` or `asserted` dataset: a SELECT
        gives a list of dicts of Python values (IRIs as str), an ASK a bool, a CONSTRUCT an
        rdflib Graph."""
        from kg.query import to_python

        values = {
            key: value.isoformat() if isinstance(value, date) else str(value)
            for key, value in params.items()
        }
        return to_python(self.run(name, values, dataset=dataset, engine=engine))

    def sparql(
        self,
        text: str,
        *,
        dataset: str | DatasetDescription = "full",
        engine: str | None = None,
    ) -> Any:
        """Run ad hoc SPARQL (the project's prefixes are predeclared); results as `query`."""
        from kg.query import execute, to_python

        return to_python(execute(self.engine(engine), text, "<query>", dataset))


def check_engine(name: str) -> str:
    if name not in ENGINES:
        raise KGError(
            f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}",
            where=Location(option="engine"),
        )
    return name
