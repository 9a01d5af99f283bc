"""Where SPARQL runs: one Engine protocol, one dataset description, one result type.

An engine takes query text, a DatasetDescription (the SPARQL 1.1 Protocol's default-graph-uri and
named-graph-uri) and parameter bindings as typed RDF terms, and returns a QueryResult whose terms
are pyoxigraph terms whichever engine ran it, so every shell formats every engine's answers the
same way. Two engines now: `oxigraph` (the default, a persistent pyoxigraph store) and `rdflib`
(the reference). A remote SPARQL 1.1 Protocol endpoint and the HTTP server go behind the same
protocol: the description maps onto the protocol's parameters one to one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph

from kg.errors import KGError, Location, check_choice
from kg.namespaces import ASSERTED_GRAPH_IRI, CATALOGUE_GRAPH_IRI, INFERRED_GRAPH_IRI

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


@dataclass(frozen=True)
class DatasetDescription:
    """The RDF dataset a query sees: the graphs merged into its default graph, and the graphs it
    may name with GRAPH (exactly the SPARQL 1.1 Protocol's default-graph-uri and
    named-graph-uri)."""

    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


FULL = DatasetDescription(
    default_graphs=(ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI),
    named_graphs=(ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI, CATALOGUE_GRAPH_IRI),
)
ASSERTED = DatasetDescription(
    default_graphs=(ASSERTED_GRAPH_IRI,),
    named_graphs=(ASSERTED_GRAPH_IRI, CATALOGUE_GRAPH_IRI),
)
DATASETS = {"full": FULL, "asserted": ASSERTED}
GRAPHS = (ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI, CATALOGUE_GRAPH_IRI)


def dataset(name: str | DatasetDescription) -> DatasetDescription:
    """A preset by name (`full`, `asserted`), or the description itself."""
    if isinstance(name, DatasetDescription):
        return name
    check_choice(name, DATASETS, "dataset", Location(option="dataset"))
    return DATASETS[name]


@dataclass
class QueryResult:
    """A query's answer, in pyoxigraph terms: `form` is SELECT, ASK, CONSTRUCT or DESCRIBE;
    a SELECT has `variables` and `rows` (None where unbound), an ASK a `boolean`, a graph
    form `triples`."""

    form: str
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[pyoxigraph.Triple] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Term | None]]:
        """The rows as {variable: term} dicts."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


class Engine(Protocol):
    """Runs SPARQL on a dataset. `text` is checked (kg.sparql.check) and bound (kg.sparql.bind)
    by the caller-independent helper `run`, so an engine only evaluates."""

    name: str

    def evaluate(
        self, text: str, dataset: DatasetDescription, source: str, max_rows: int | None = None
    ) -> QueryResult:
        """Evaluate query text (already checked and bound) on `dataset`; a syntax or evaluation
        error is a KGError locating `source`. With `max_rows`, an engine that reads its answer
        lazily stops after max_rows + 1 rows (the caller reports too many)."""
        ...


def run(
    engine: Engine,
    text: str,
    dataset: DatasetDescription = FULL,
    bindings: Mapping[str, Term] | None = None,
    source: str = "<query>",
    limits: Limits | None = None,  # noqa: F821 -- kg.limits.Limits, imported when given
) -> QueryResult:
    """Check `text`, bind `bindings` into it the engine-independent way, and evaluate it.

    `limits` (kg.limits.Limits; None: none, for the toolkit's own queries) are all enforced
    here: the text's size before it is parsed, the rows as they are read, and the timeout by
    evaluating in a worker process that is killed past it. A shell that ends its own process on
    a timeout (the CLI's kg.limits.Watchdog) passes `timeout=None`."""
    from kg import sparql

    if limits is not None:
        from kg import limits as limiting

        limiting.check_text(text, source, limits)
    form = sparql.check(text, source)
    bindings = bindings or {}
    try:
        bound = sparql.bind(text, bindings, source)
        if limits is None:
            result = engine.evaluate(bound, dataset, source)
        else:
            result = limiting.evaluate(engine, bound, dataset, source, limits)
    except KGError as error:
        raise sparql.unshift(error, text, bindings) from None
    if form == "DESCRIBE" and result.form == "CONSTRUCT":
        result.form = "DESCRIBE"  # pyoxigraph answers both with triples
    return result
