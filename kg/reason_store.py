"""Stage 2 on the Oxigraph path: the fast reasoner of kg.rules over a pyoxigraph Store, for graphs
too large for rdflib. `run_store` reads the asserted named graph of the store, writes the inferred
layer into another named graph of the same store, and never builds an rdflib term of the instance
data (unless it hands over to owlrl).

It computes what `kg.reason.run(asserted, imports, "fast")` computes, with the same code
(`kg.reason.fast_layer`: the same split, schema cache, rules, triggers and messages):

  * the terms of the engine are the N-Triples text pyoxigraph writes (`str(term)`), interned, so
    the store's triples are read as they are; the schema part (the ontology: a few thousand
    triples, blank nodes included) is turned into rdflib triples and closed by owlrl with the
    imports, through the same on-disk caches as the rdflib path (`kg.rules.cached`);
  * a rule the fast path does not implement raises kg.rules.Trigger: the asserted graph is then
    converted to rdflib and reasoned by owlrl (`kg.reason._owlrl`), as `run` does, and the result
    says why in `fallback`;
  * the layer is written with `Store.load` as N-Triples into the `inferred` graph (which is
    cleared first).

One difference from rdflib that is inherent in the data model: Oxigraph does not keep apart a
simple literal "x" and "x"^^xsd:string. They are read here as rdflib reads a simple literal (no
datatype), so an input that writes ^^xsd:string explicitly could be typed differently than on
the rdflib path (the datatype rule dt-type2 and the disjoint datatype checks). Our data and the
synthetic graphs write simple literals. Likewise rdflib normalises the lexical form of some typed
literals when it parses them ("01"^^xsd:integer becomes "1"), Oxigraph keeps them as written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph
from rdflib import Graph

from kg import reason as reasoning
from kg.reason import is_text_noise as is_noise
from kg.rules import Terms, Text, TextTriple, lexical, rdflib_term, text

# The text terms of this path, as tests and callers name them here.
__all__ = ["StoreReasoning", "is_noise", "rdflib_term", "read", "run_store", "text"]


def read(store: pyoxigraph.Store, graph: pyoxigraph.NamedNode) -> list[TextTriple]:
    """The triples of a named graph of `store`, as interned text."""
    intern = sys.intern
    return [
        (intern(str(q.subject)), intern(str(q.predicate)), intern(str(q.object)))
        for q in store.quads_for_pattern(None, None, None, graph)
    ]


@dataclass
class StoreReasoning:
    """What `run_store()` did: the named graph it wrote the inferred layer into and how many
    triples that layer holds, the reasoner that computed it ("fast", or "owlrl" after a hand-over),
    why the fast path handed over to owlrl (None when it did not), and the wall and CPU seconds
    of each step (as kg.reason.Reasoning has them)."""

    inferred: pyoxigraph.NamedNode
    triples: int
    reasoner: str
    fallback: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)


_WRITE_BATCH = 200_000  # triples per Store.load: bounds the N-Triples text held at once


def _write(store: pyoxigraph.Store, graph: pyoxigraph.NamedNode, triples: Iterable) -> None:
    batch: list[str] = []
    for s, p, o in triples:
        batch.append(f"{s} {p} {o} .\n")
        if len(batch) >= _WRITE_BATCH:
            store.load("".join(batch), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=graph)
            batch = []
    if batch:
        store.load("".join(batch), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=graph)


def _count(store: pyoxigraph.Store, graph: pyoxigraph.NamedNode) -> int:
    (row,) = store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(row["n"].value)


def _fast(
    store: pyoxigraph.Store,
    asserted: pyoxigraph.NamedNode,
    inferred: pyoxigraph.NamedNode,
    imports: Graph,
    laps: reasoning._Laps,
) -> str | None:
    """The fast path: the layer written into `inferred`, or why it hands over to owlrl."""

    def stored(triple: TextTriple) -> bool:
        return pyoxigraph.Quad(*(_oxigraph(t) for t in triple), asserted) in store

    layer = reasoning.fast_layer(lambda: read(store, asserted), imports, Terms(), laps, stored)
    if isinstance(layer, str):
        return layer
    store.clear_graph(inferred)
    _write(store, inferred, layer)
    laps.lap("layer")
    return None


def _oxigraph(term: Text) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
    """A term of text (no blank node: the noise filter has dropped them) as pyoxigraph's."""
    if term[0] == "<":
        return pyoxigraph.NamedNode(term[1:-1])
    suffix = term[term.rindex('"') + 1 :]
    if suffix.startswith("@"):
        return pyoxigraph.Literal(lexical(term), language=suffix[1:])
    datatype = pyoxigraph.NamedNode(suffix[3:-1]) if suffix else None
    return pyoxigraph.Literal(lexical(term), datatype=datatype)


def _owlrl(
    store: pyoxigraph.Store,
    asserted: pyoxigraph.NamedNode,
    inferred: pyoxigraph.NamedNode,
    imports: Graph,
) -> None:
    """The hand-over: the asserted graph converted to rdflib, reasoned by owlrl, written back."""
    dump = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=asserted)
    graph = Graph().parse(data=dump.decode("utf-8"), format="nt")
    layer = reasoning._owlrl(graph, imports)
    store.clear_graph(inferred)
    _write(store, inferred, ((text(s), text(p), text(o)) for s, p, o in layer))


def run_store(
    store: pyoxigraph.Store,
    asserted: pyoxigraph.NamedNode,
    inferred: pyoxigraph.NamedNode,
    imports: Graph,
    reasoner: str = "fast",
) -> StoreReasoning:
    """Reason over the named graph `asserted` of `store` with the OWL 2 RL rules of the fast
    path, and write the inferred layer into the named graph `inferred` of the same store
    (cleared first; an error leaves it as it was). `asserted` must hold the ontology's triples
    as well as the instance data, as `kg.load.load_asserted` has them: the schema is read from
    it, and what it asserts is left out of the layer. The layer is the one
    `kg.reason.run(asserted_graph, imports, "owlrl")` computes: the closure of asserted +
    imports, less the asserted triples, less what the imports entail alone, less the noise of
    `kg.reason.is_noise`.

    `imports`: `kg.load.load_imports(ontology_graph)`, the ontology parsed with rdflib (only
    the ontology: the instance data is never turned into rdflib terms here). The schema closure
    and the imports' closure come from the same on-disk cache as the rdflib fast path.

    An inconsistent graph raises the KGError kg.reason raises (exit 1, the same message). When a
    rule the fast path does not implement would fire (kg.rules.Trigger), the asserted graph is
    reasoned by owlrl instead (through rdflib, slow on a large graph) and `fallback` says why.
    Returns a StoreReasoning: the graph written, its size, the reasoner, the fallback and the
    wall and CPU seconds of each step (read, schema, rules, consistency, layer).

    `reasoner`: "fast" (the above), "owlrl" (the reference, through rdflib) or "auto" (fast from
    kg.reason.AUTO_THRESHOLD asserted triples on: at any size), as kg.reason.run takes it."""
    reasoning.check_reasoner(reasoner)
    if reasoner == "auto":
        size = _count(store, asserted)
        reasoner = "fast" if size >= reasoning.AUTO_THRESHOLD else "owlrl"
    laps = reasoning._Laps()
    if reasoner == "owlrl":
        _owlrl(store, asserted, inferred, imports)
        laps.lap("owlrl")
        return StoreReasoning(inferred, _count(store, inferred), "owlrl", None, laps.wall, laps.cpu)
    fallback = _fast(store, asserted, inferred, imports, laps)
    if fallback is None:
        return StoreReasoning(inferred, _count(store, inferred), "fast", None, laps.wall, laps.cpu)
    laps.lap("fast (handed over)")
    _owlrl(store, asserted, inferred, imports)
    laps.lap("owlrl")
    return StoreReasoning(inferred, _count(store, inferred), "owlrl", fallback, laps.wall, laps.cpu)
