"""The Python API: a built dataset (a pyoxigraph store) and the engines that answer on it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import pipeline
from kg.engines import DEFAULT_ENGINE, ENGINES, DatasetDescription, Engine, QueryResult
from kg.errors import KGError, Location, check_choice
from kg.limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Limits
from kg.namespaces import ASSERTED_GRAPH_IRI, CATALOGUE_GRAPH_IRI, INFERRED_GRAPH_IRI

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from kg.coverage import Coverage
    from kg.evidence import Evidence


class KnowledgeGraph:
    """The knowledge graph as built from the authored Turtle: a store holding `asserted`
    (ontology + data), `inferred` (what OWL 2 RL reasoning adds) and the query catalogue as
    named graphs, queried by the oxigraph engine (default) or the rdflib reference engine.
    `asserted`, `inferred`, `full` and `catalogue` are rdflib graphs, made on first use.

    `query`, `run` and `sparql` take `timeout` (seconds, default 60) and `max_rows` (default
    100000 rows, or triples); None is no limit. Past either they raise KGError (its location the
    option `timeout` or `max-rows`). A query with a timeout is evaluated in a worker process
    forked once per engine and killed when the time is up (see kg.limits); with `timeout=None`
    it runs in this process. Query text over 100000 bytes is refused before it is parsed. Bad
    arguments raise KGError locating the parameter (or option), never TypeError."""

    def __init__(self, data: pipeline.Dataset, engine: str = DEFAULT_ENGINE):
        if not isinstance(data, pipeline.Dataset):
            raise KGError(
                f"expected a built dataset (kg.pipeline.Dataset), got {_kind(data)}; "
                "use KnowledgeGraph.load()",
                where=Location(parameter="data"),
            )
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
        reasoner: str = "auto",
    ) -> KnowledgeGraph:
        """The graph built from the ontology and data (raises KGError on bad input): the stored
        build when its inputs are unchanged (see kg.store), else built now (load and reason)
        and stored; `use_cache=False` always rebuilds. `reasoner` ("auto", "owlrl", "fast": see
        kg.reason.run) reasons when it builds. A file or store that cannot be read
        raises KGError naming it."""
        for name, path in (("data_dir", data_dir), ("ontology", ontology)):
            if path is not None and not isinstance(path, str | os.PathLike):
                raise KGError(f"expected a path, got {_kind(path)}", where=Location(parameter=name))
        if not isinstance(use_cache, bool):
            raise KGError(
                f"expected True or False, got {_kind(use_cache)}",
                where=Location(parameter="use_cache"),
            )
        if not callable(progress):
            raise KGError(
                f"expected a callable, got {_kind(progress)}", where=Location(parameter="progress")
            )
        check_engine(engine)
        try:
            data = pipeline.dataset(
                data_dir, ontology, rebuild=not use_cache, progress=progress, reasoner=reasoner
            )
        except OSError as err:
            raise KGError(
                err.strerror or str(err), where=str(err.filename or data_dir or "")
            ) from None
        return cls(data, engine)

    # The layers as rdflib graphs: from this process's build, or read back from the store.
    def _layer(self, iri: str, name: str) -> Graph:
        from rdflib import Graph

        from kg.namespaces import bind_prefixes
        from kg.store import graph_lines, stored_nquads

        if self.data.layers is None:
            nquads = stored_nquads(self.data.key)
            if nquads is None:  # damaged since it was opened: build the layers again
                rebuilt = pipeline.dataset(*self.data.inputs, rebuild=True)
                if rebuilt.layers is None:  # built in Oxigraph: its store holds the layers
                    nquads = rebuilt.store_layers.nquads().decode("utf-8")
                else:
                    self.data.layers = rebuilt.layers
            if nquads is not None:
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
                from kg.store import names_file

                self._engines[name] = OxigraphEngine(self.data.store, names_file(self.data.key))
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
        """The IRI of the resource with this name, as typed (kg.query.names: accents and case
        ignored, a surname or other run of words of a label), IRI or local name."""
        from rdflib import URIRef

        from kg.query.names import resolve

        _check_text(name, "name")
        return URIRef(resolve(self.engine(), name, "entity").value)

    def evidence(self, entity: str) -> list[Evidence]:
        """Every fact about `entity` (a name or IRI) with the passages that state it."""
        from kg.evidence import evidence_for

        _check_text(entity, "entity")
        return evidence_for(self.asserted, self.resolve(entity))

    def coverage(self) -> Coverage:
        """Every source sentence with the number of facts citing it, or the reason none does."""
        from kg.coverage import coverage

        return coverage(self.asserted)

    def run(
        self,
        name: str,
        values: Mapping[str, str | int | date] | None = None,
        *,
        dataset: str | DatasetDescription = "full",
        engine: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS,
    ) -> QueryResult:
        """Run the stored query `name` with parameter values (text, int or date); the engine's
        result. `timeout` and `max_rows` as in the class's docstring."""
        from kg import catalogue
        from kg.engines import dataset as describe
        from kg.engines import run
        from kg.query import bind_parameters

        _check_text(name, "name")
        if values is not None and not isinstance(values, Mapping):
            raise KGError(
                f"expected a mapping of parameter names to values, got {_kind(values)}",
                where=Location(parameter="values"),
            )
        texts = _parameter_texts(values or {})
        description = describe(_check_dataset(dataset))
        limits = Limits(timeout, max_rows)
        chosen = self.engine(engine)
        stored = catalogue.find_query(name, check_classes=False)
        bindings = bind_parameters(chosen, stored, texts)
        return run(chosen, stored.text, description, bindings, str(stored.path), limits)

    def query(
        self,
        name: str,
        /,
        *,
        dataset: str | DatasetDescription = "full",
        engine: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        **params: str | int | date,
    ) -> Any:
        """Run the stored query `name` (queries/NAME.rq) with its parameters as keywords
        (`date="2016-01-01"`, `country="Venezuela"`; `lang="es"` for the labels of a query that
        has them, default English) on the `full` or `asserted` dataset: a SELECT gives a list of
        dicts of Python values (kg.query.values: IRI, LangString, int, PartialDate...), an ASK a
        bool, a CONSTRUCT an
        rdflib Graph. `timeout` (seconds, default 60) and `max_rows` (default 100000): None is
        no limit; past either, KGError."""
        from kg.query import to_python

        _check_text(name, "name")
        result = self.run(
            name, params, dataset=dataset, engine=engine, timeout=timeout, max_rows=max_rows
        )
        return to_python(result)

    def sparql(
        self,
        text: str,
        *,
        dataset: str | DatasetDescription = "full",
        engine: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        lang: str | None = None,
    ) -> Any:
        """Run ad hoc SPARQL (the project's prefixes are predeclared); results, `timeout` and
        `max_rows` as `query`. Text over 100000 bytes is refused. A text that uses ?lang has it
        bound to `lang` (en or es; default en), as a stored query has."""
        from kg.engines import dataset as describe
        from kg.engines import run
        from kg.query import language_bindings, to_python

        _check_text(text, "text")
        if lang is not None:
            _check_text(lang, "lang")
        description = describe(_check_dataset(dataset))
        limits = Limits(timeout, max_rows)
        bindings = language_bindings(text, lang, Location(parameter="lang"))
        return to_python(run(self.engine(engine), text, description, bindings, "<query>", limits))


def _kind(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _check_text(value: object, parameter: str) -> None:
    if not isinstance(value, str):
        raise KGError(f"expected a string, got {_kind(value)}", where=Location(parameter=parameter))


def _parameter_texts(values: Mapping[Any, object]) -> dict[str, str]:
    """Parameter values as the text the catalogue types them from: a str as it is, an int in
    decimal, a date as YYYY-MM-DD; anything else (None, a bool, a float) is an error."""
    texts = {}
    for key, value in values.items():
        if not isinstance(key, str):
            raise KGError(
                f"expected a parameter name as a string, got {_kind(key)}",
                where=Location(parameter=str(key)),
            )
        if isinstance(value, str):
            texts[key] = value
        elif isinstance(value, int) and not isinstance(value, bool):
            texts[key] = str(value)
        elif isinstance(value, date):
            texts[key] = value.isoformat()
        else:
            hint = " (leave the parameter out to use its default)" if value is None else ""
            raise KGError(
                f"expected a string, an int or a date, got {_kind(value)}{hint}",
                where=Location(parameter=key),
            )
    return texts


def _check_dataset(value: object) -> str | DatasetDescription:
    if not isinstance(value, str | DatasetDescription):
        raise KGError(
            f"expected a dataset name or a DatasetDescription, got {_kind(value)}",
            where=Location(option="dataset"),
        )
    return value


def check_engine(name: str) -> str:
    check_choice(name, ENGINES, "engine", Location(option="engine"))
    return name
