"""The default engine: SPARQL on a pyoxigraph store (persistent, or in memory)."""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path

import pyoxigraph

from kg.engines import DatasetDescription, QueryResult
from kg.errors import KGError, Location
from kg.namespaces import PREFIX_IRIS

_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, store: pyoxigraph.Store, names_file: str | Path | None = None):
        self.store = store
        self.names_file = names_file  # where a persistent store keeps its names (kg.query.names)
        self._graphs: dict[DatasetDescription, tuple[list, list]] = {}

    def _dataset(self, dataset: DatasetDescription) -> tuple[list, list]:
        if dataset not in self._graphs:
            self._graphs[dataset] = (
                [pyoxigraph.NamedNode(g) for g in dataset.default_graphs],
                [pyoxigraph.NamedNode(g) for g in dataset.named_graphs],
            )
        return self._graphs[dataset]

    def evaluate(
        self, text: str, dataset: DatasetDescription, source: str, max_rows: int | None = None
    ) -> QueryResult:
        """Evaluate `text`; with `max_rows`, at most max_rows + 1 solutions (or triples) are
        read, lazily, so a runaway answer is never held whole (kg.limits says when too many)."""
        default_graph, named_graphs = self._dataset(dataset)
        cap = None if max_rows is None else max_rows + 1
        try:
            answer = self.store.query(
                text,
                prefixes=PREFIX_IRIS,
                default_graph=default_graph,
                named_graphs=named_graphs,
            )
            if isinstance(answer, pyoxigraph.QueryBoolean):
                return QueryResult("ASK", boolean=bool(answer))
            if isinstance(answer, pyoxigraph.QueryTriples):
                return QueryResult("CONSTRUCT", triples=list(islice(answer, cap)))
            variables = tuple(v.value for v in answer.variables)
            rows = [tuple(s) for s in islice(answer, cap)]
            return QueryResult("SELECT", variables=variables, rows=rows)
        except SyntaxError as err:
            raise _syntax_error(text, source, str(err)) from None
        except (OSError, RuntimeError, ValueError, TypeError) as err:
            message = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise KGError(f"query failed: {message}", where=Location(query=source)) from None


def _syntax_error(text: str, source: str, message: str) -> KGError:
    """The error for text Oxigraph cannot parse. Its messages name the tokens it expected
    ("expected one of LATERAL, SERVICE, [_]"); the reference parser names what it found, so
    its error is given when it fails too (it is imported on this path only)."""
    from kg.engines.rdflib_engine import parse

    try:
        parse(text, source)
    except KGError as reference:
        return reference
    match = _POSITION.match(message)
    if match is None:
        return KGError(f"SPARQL syntax error: {message}", where=Location(query=source))
    line, column, what = int(match[1]), int(match[2]), match[3].splitlines()[0]
    return KGError(
        f"SPARQL syntax error: {what}", where=Location(query=source, line=line, column=column)
    )
