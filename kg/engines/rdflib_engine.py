"""The reference engine: rdflib's SPARQL evaluator on an rdflib Dataset of the same graphs."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from functools import lru_cache

import pyoxigraph
from pyparsing import ParseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from kg.engines import DatasetDescription, QueryResult, Term
from kg.errors import KGError, Location
from kg.namespaces import PREFIXES


def to_oxigraph(term: object) -> Term | None:
    """An rdflib term as the pyoxigraph term every engine answers with."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = term.datatype if term.datatype is not None else XSD.string
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(datatype)))
    raise TypeError(f"not an RDF term: {term!r}")


def parse(text: str, source: str):
    """rdflib's parse of `text` (the project's prefixes predeclared); a syntax error is a
    KGError locating the query, line and column. A text parsed before is not parsed again
    (rdflib's pyparsing grammar takes tens of milliseconds a query; a prepared query is made
    to be evaluated many times)."""
    try:
        return _prepared(text)
    except ParseException as err:
        found = f", found {err.found}" if err.found else ""
        raise KGError(
            f"SPARQL syntax error: {err.msg}{found}",
            where=Location(query=source, line=err.lineno, column=err.col),
        ) from None
    except Exception as err:  # rdflib's algebra translation raises plain Exceptions
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise KGError(f"SPARQL error: {message}", where=Location(query=source)) from None


@lru_cache(maxsize=256)
def _prepared(text: str):
    return prepareQuery(text, initNs=PREFIXES)


class RdflibEngine:
    name = "rdflib"

    def __init__(self, graphs: Mapping[str, Graph]):
        """`graphs`: the dataset's named graphs by IRI (asserted, inferred, catalogue)."""
        self.graphs = dict(graphs)
        self._datasets: dict[DatasetDescription, Dataset] = {}

    def _dataset(self, description: DatasetDescription) -> Dataset:
        if description not in self._datasets:
            data = Dataset(default_union=False)
            default = data.default_graph
            for iri in description.named_graphs:
                named = data.graph(URIRef(iri))
                data.addN((s, p, o, named) for s, p, o in self.graphs.get(iri, ()))
            for iri in description.default_graphs:
                data.addN((s, p, o, default) for s, p, o in self.graphs.get(iri, ()))
            self._datasets[description] = data
        return self._datasets[description]

    def evaluate(
        self, text: str, dataset: DatasetDescription, source: str, max_rows: int | None = None
    ) -> QueryResult:
        """Evaluate `text`. rdflib materialises its whole answer, so `max_rows` is only
        checked afterwards (by kg.limits); it is taken for the protocol's sake."""
        prepared = parse(text, source)
        try:
            with warnings.catch_warnings():
                # rdflib 7's Dataset.query calls its own deprecated default_context.
                warnings.simplefilter("ignore", DeprecationWarning)
                result = self._dataset(dataset).query(prepared)
                if result.type == "SELECT":
                    result.bindings  # noqa: B018 -- solutions are lazy: evaluate them here
            if result.type == "ASK":
                return QueryResult("ASK", boolean=bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                # SPARQL 1.1, 16.2: a template triple with a literal subject or a predicate
                # that is not an IRI is not in the answer (rdflib keeps it; Oxigraph does not).
                triples = [
                    pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
                    for s, p, o in result.graph
                    if not isinstance(s, Literal) and isinstance(p, URIRef)
                ]
                return QueryResult(result.type, triples=triples)
            variables = tuple(str(v) for v in result.vars)
            rows = [tuple(to_oxigraph(row.get(v)) for v in result.vars) for row in result.bindings]
            return QueryResult("SELECT", variables=variables, rows=rows)
        except KGError:
            raise
        except Exception as err:  # evaluation errors from rdflib come in assorted types
            message = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise KGError(f"query failed: {message}", where=Location(query=source)) from None


def to_rdflib(term: Term) -> URIRef | BNode | Literal:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_rdflib_graph(triples: list[pyoxigraph.Triple]) -> Graph:
    """A graph answer as an rdflib Graph with the project's prefixes."""
    from kg.namespaces import bind_prefixes

    graph = bind_prefixes(Graph())
    for triple in triples:
        graph.add(
            (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
        )
    return graph
