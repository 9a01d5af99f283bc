"""A named graph of a pyoxigraph store, read the way the rdflib-facing stages need it.

The large-graph build (kg.pipeline, engine "oxigraph") keeps the data in an in-memory Oxigraph
store from parsing to the release; no rdflib graph of it exists. The stages written for rdflib
graphs (the fast validator's sh:datatype checks, pySHACL and owlrl as references) read it through
this view.

An Oxigraph store normalises the numbers and booleans it stores ("4"^^xsd:nonNegativeInteger comes
back as "4"^^xsd:integer, "04" as "4"); its parser does not. kg.oxload records, in a
LiteralForms, each statement whose literal the store changed, so this view gives the graph as
written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyoxigraph
from rdflib import Graph
from rdflib.term import Node

if TYPE_CHECKING:
    from kg.oxload import LiteralForms


class StoreGraph:
    """The named graph `iri` of `store`, as written (`forms`: what kg.oxload.load_into recorded
    of the literals the store changed; none when it changed none)."""

    def __init__(
        self,
        store: pyoxigraph.Store,
        iri: str,
        forms: LiteralForms | None = None,
        size: int | None = None,
    ) -> None:
        from kg.oxload import LiteralForms

        self.store = store
        self.iri = iri
        self.graph = pyoxigraph.NamedNode(iri)
        self.forms = LiteralForms() if forms is None else forms
        self._size = size

    def __len__(self) -> int:
        if self._size is None:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{self.iri}> {{ ?s ?p ?o }} }}"
            self._size = int(next(iter(self.store.query(query)))["n"].value)
        return self._size

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        """rdflib's Graph.objects, for one subject and predicate, as written."""
        from kg.engines.rdflib_engine import to_oxigraph, to_rdflib
        from kg.oxrelease import _rdflib_term, _split

        exact = bool(self.forms.statements or self.forms.literals)
        for quad in self.store.quads_for_pattern(
            to_oxigraph(subject), to_oxigraph(predicate), None, self.graph
        ):
            obj = quad.object
            lines = None
            if exact and isinstance(obj, pyoxigraph.Literal):
                lines = self.forms.exact_lines(f"{quad.subject} {quad.predicate} {obj} .".encode())
            if lines is None:
                yield to_rdflib(obj)
            else:
                yield from (_rdflib_term(_split(line)[2]) for line in lines)

    def to_rdflib(self) -> Graph:
        """The graph as an rdflib Graph (for the reference tools), with the project's prefixes."""
        from kg.namespaces import bind_prefixes
        from kg.oxrelease import layer_lines, ntriples

        text = ntriples(layer_lines(self.store, self.iri, self.forms)).decode("utf-8")
        return bind_prefixes(Graph()).parse(data=text, format="nt")
