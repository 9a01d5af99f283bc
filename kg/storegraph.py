"""A named graph of a pyoxigraph store, read the way the rdflib-facing stages need it.

The large-graph build (kg.pipeline, engine "oxigraph") keeps the data in an in-memory Oxigraph
store from parsing to the release; no rdflib graph of it exists. The stages written for rdflib
graphs (the fast validator's sh:datatype checks, pySHACL and owlrl as references) read it through
this view.

An Oxigraph store normalises the numbers and booleans it stores ("4"^^xsd:nonNegativeInteger comes
back as "4"^^xsd:integer, "04" as "4"); its parser does not. `written` maps each stored literal
the store changed back to the literal as the Turtle wrote it, so this view gives the graph as
written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pyoxigraph
from rdflib import Graph
from rdflib.term import Node

Written = Mapping[pyoxigraph.Literal, pyoxigraph.Literal]


class StoreGraph:
    """The named graph `iri` of `store`, as written (see `written`)."""

    def __init__(
        self,
        store: pyoxigraph.Store,
        iri: str,
        written: Written | None = None,
        size: int | None = None,
    ) -> None:
        self.store = store
        self.iri = iri
        self.graph = pyoxigraph.NamedNode(iri)
        self.written: Written = written or {}
        self._size = size

    def __len__(self) -> int:
        if self._size is None:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{self.iri}> {{ ?s ?p ?o }} }}"
            self._size = int(next(iter(self.store.query(query)))["n"].value)
        return self._size

    def as_written(self, term):
        """A stored term as the Turtle wrote it."""
        if isinstance(term, pyoxigraph.Literal):
            return self.written.get(term, term)
        return term

    def triples(self) -> Iterator[pyoxigraph.Triple]:
        """Every triple, as written, in the store's order."""
        for quad in self.store.quads_for_pattern(None, None, None, self.graph):
            yield pyoxigraph.Triple(quad.subject, quad.predicate, self.as_written(quad.object))

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        """rdflib's Graph.objects, for one subject and predicate, as written."""
        from kg.engines.rdflib_engine import to_oxigraph, to_rdflib

        for quad in self.store.quads_for_pattern(
            to_oxigraph(subject), to_oxigraph(predicate), None, self.graph
        ):
            yield to_rdflib(self.as_written(quad.object))

    def to_rdflib(self) -> Graph:
        """The graph as an rdflib Graph (for the reference tools), with the project's prefixes."""
        from kg.engines.rdflib_engine import to_rdflib_graph
        from kg.namespaces import bind_prefixes

        graph = to_rdflib_graph(list(self.triples()))
        return bind_prefixes(graph)
