"""Stage 2: OWL 2 RL reasoning with owlrl over the asserted graph and the ontologies it imports;
the inferred triples are kept as a layer of their own.

Reasoning closes asserted + imports (ontology/imports/: PROV-O, ORG, OWL-Time), so their axioms
count: a resource that is both a prov:Activity and a prov:Entity is an inconsistency, and ORG's
domains type our organizations foaf:Agent. The inferred layer is

    closure(asserted + imports) - asserted - closure(imports) - noise

that is, a triple is kept when deriving it needs the asserted graph (our ontology or data). What
the imports entail on their own is left out: their own triples and everything that follows from
them alone (PROV-O's class hierarchy, OWL-Time's internals, ORG's org:unitOf rdfs:subPropertyOf
org:transitiveSubOrganizationOf). What they add about our terms and data stays (res:OAS a
foaf:Agent, akg:Mission rdfs:subClassOf foaf:Organization), and so do the consequences of our
axioms for reused terms (our org:Organization rdfs:subClassOf prov:Agent makes
org:OrganizationalUnit one too).

owlrl's closure also carries noise that says nothing about the domain; `reason()` drops it:
  * triples whose subject is a literal (owlrl types and sameAs-es every literal);
  * triples with a blank node (owlrl's own list cells and restrictions);
  * reflexive triples: x owl:sameAs x, C rdfs:subClassOf C, C owl:equivalentClass C,
    p rdfs:subPropertyOf p, p owl:equivalentProperty p;
  * axioms about the built-in vocabularies (subjects in rdf:, rdfs:, owl:, xsd:);
  * the trivial types and bounds: x a owl:Thing / rdfs:Resource, C rdfs:subClassOf owl:Thing /
    rdfs:Resource, domains and ranges of owl:Thing / rdfs:Resource, and rdfs:Literal /
    rdfs:Datatype typing.
What remains is what reasoning adds about our terms and data: inherited types, inverse and
transitive links, property-chain links, super-properties.

`run(asserted, imports, reasoner)` computes the layer with owlrl (the reference) or with the fast
path of kg.rules (the same layer, for large graphs; it hands over to owlrl when a rule it does not
implement would fire), and says which did it and how long each step took. `fast_layer` is the
fast path's steps over terms as text, for this module's rdflib graphs and for the pyoxigraph
Store of kg.reason_store alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain, combinations
from pathlib import Path

import owlrl
import rdflib.term
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg import rules
from kg.errors import EXIT_NONCONFORMANT, KGError, Location, check_choice
from kg.namespaces import bind_prefixes

_BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))
_REFLEXIVE = {
    OWL.sameAs,
    RDFS.subClassOf,
    OWL.equivalentClass,
    RDFS.subPropertyOf,
    OWL.equivalentProperty,
}
_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, RDFS.Literal, RDFS.Datatype}
_TYPING = {RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range}


def is_noise(s, p, o) -> bool:
    if isinstance(s, Literal) or isinstance(s, BNode) or isinstance(o, BNode):
        return True
    if p in _REFLEXIVE and s == o:
        return True
    if str(s).startswith(_BUILTIN):
        return True
    return p in _TYPING and o in _TRIVIAL_OBJECTS


# The same over terms as text (kg.rules).
_BUILTIN_TEXT = tuple(f"<{ns}" for ns in _BUILTIN)
_REFLEXIVE_TEXT = {rules.text(p) for p in _REFLEXIVE}
_TRIVIAL_TEXT = {rules.text(o) for o in _TRIVIAL_OBJECTS}
_TYPING_TEXT = {rules.text(p) for p in _TYPING}


def is_text_noise(s: str, p: str, o: str) -> bool:
    """`is_noise` for a triple of text."""
    if s[0] == '"' or s[0] == "_" or o[0] == "_":
        return True
    if p in _REFLEXIVE_TEXT and s == o:
        return True
    if s.startswith(_BUILTIN_TEXT):
        return True
    return p in _TYPING_TEXT and o in _TRIVIAL_TEXT


def closure(*graphs: Graph) -> Graph:
    """The full OWL 2 RL closure of the union of `graphs` (a new graph; they are not changed)."""
    full = bind_prefixes(Graph())
    for graph in graphs:
        for triple in graph:
            full.add(triple)
    # owlrl swaps in its own lexical-to-Python converters while it runs and, on the way out,
    # restores rdflib's but leaves the ones it added (xsd:gYear...): a literal that parsed fine
    # before reasoning would then be ill-typed after it. Put rdflib's table back exactly.
    converters = dict(rdflib.term._toPythonMapping)
    try:
        owlrl.DeductiveClosure(
            owlrl.OWLRL_Semantics,
            rdfs_closure=False,
            axiomatic_triples=False,
            datatype_axioms=False,
        ).expand(full)
    finally:
        rdflib.term._toPythonMapping.clear()
        rdflib.term._toPythonMapping.update(converters)
    return full


def _one_way(pairs: set[tuple[Node, Node]]) -> list[tuple[Node, Node]]:
    """The pairs sorted, each unordered pair once (the way that sorts first when an ontology
    declares it both ways, as OWL-Time does its disjoint properties)."""
    kept: list[tuple[Node, Node]] = []
    for first, second in sorted(pairs):
        if first != second and (second, first) not in kept:
            kept.append((first, second))
    return kept


def _disjoint_pairs(
    full: Graph, pairwise: Node, all_disjoint: Node, extra: Iterable[tuple[Node, Node]] = ()
) -> list[tuple[Node, Node]]:
    """Every pair of classes (or properties) declared disjoint, by the pairwise axiom
    (owl:disjointWith, owl:propertyDisjointWith) or in a list (owl:AllDisjointClasses,
    owl:AllDisjointProperties), and the `extra` pairs."""
    pairs = set(full.subject_objects(pairwise)) | set(extra)
    for axiom in full.subjects(RDF.type, all_disjoint):
        for members in full.objects(axiom, OWL.members):
            pairs.update(combinations(list(Collection(full, members)), 2))
    return _one_way(pairs)


# owlrl's own messages for the clashes `inconsistencies` names itself, more readably (and owlrl
# misses the last member of an owl:AllDisjointProperties list).
_OWN_MESSAGES = (
    "Disjoint classes ",
    "Erroneous usage of disjoint properties ",
    "Disjoint properties in an 'AllDisjointProperties' ",
)


def inconsistencies(full: Graph) -> list[str]:
    """Resources typed owl:Nothing, members of two disjoint classes, pairs linked by two
    disjoint properties (named with the project's prefixes), then every other clash owlrl
    detects. owlrl records those as `[] ERRNS:error "..."` nodes, which the noise filter would
    otherwise drop: x owl:sameAs and owl:differentFrom y, an irreflexive or asymmetric property
    misused, a literal that is not of its datatype..."""
    problems: list[str] = []
    nm = full.namespace_manager
    for s in sorted(set(full.subjects(RDF.type, OWL.Nothing))):
        problems.append(f"{s.n3(nm)} is a member of owl:Nothing")
    for c1, c2 in _disjoint_pairs(full, OWL.disjointWith, OWL.AllDisjointClasses):
        shared = set(full.subjects(RDF.type, c1)) & set(full.subjects(RDF.type, c2))
        for s in sorted(shared):
            problems.append(
                f"{s.n3(nm)} is a member of disjoint classes {c1.n3(nm)} and {c2.n3(nm)}"
            )
    for p1, p2 in _disjoint_pairs(full, OWL.propertyDisjointWith, OWL.AllDisjointProperties):
        for s, o in sorted(set(full.subject_objects(p1))):
            if (s, p2, o) in full:
                problems.append(
                    f"{s.n3(nm)} and {o.n3(nm)} are linked by disjoint properties "
                    f"{p1.n3(nm)} and {p2.n3(nm)}"
                )
    owlrl_errors = {str(message) for message in full.objects(None, ERRNS.error)}
    problems.extend(sorted(m for m in owlrl_errors if not m.startswith(_OWN_MESSAGES)))
    return problems


# The imports' own entailments, by the imports' triples: the same vendored files (kg.load parses
# each once per process, so their blank nodes are the same too) are closed once per process,
# however many graphs are reasoned over with them.
_IMPORTS_CLOSED: dict[frozenset, frozenset] = {}
_KEEP_CLOSED = 4
_FORMAT = 1  # of a closure kept on disk


def entailed_by_imports(imports: Graph) -> frozenset:
    """What the imports entail on their own (their triples included), less noise: what the
    inferred layer leaves out."""
    key = frozenset(imports)
    if key not in _IMPORTS_CLOSED:
        if len(_IMPORTS_CLOSED) >= _KEEP_CLOSED:
            del _IMPORTS_CLOSED[next(iter(_IMPORTS_CLOSED))]
        stored = _closure_file(imports)
        closed = _read_closure(stored) if stored is not None else None
        if closed is None:
            closed = frozenset(t for t in closure(imports) if not is_noise(*t))
            if stored is not None:
                _write_closure(stored, closed)
        _IMPORTS_CLOSED[key] = closed
    return _IMPORTS_CLOSED[key]


# The closure of the vendored imports takes seconds and is the same for every graph reasoned
# with them, so it is also kept in the cache folder, named by what it depends on: the imported
# files' bytes, this module's code and owlrl's and rdflib's versions. It holds no blank node
# (they are noise), so it is plain N-Triples, written atomically.
def _closure_file(imports: Graph) -> Path | None:
    """Where the closure of `imports` is kept; None when load_imports did not make the graph
    (or it has changed since), so that nothing names its content."""
    import hashlib

    from kg import store
    from kg.load import imports_digest

    sources = imports_digest(imports)
    if sources is None:
        return None
    versions = [store._library_version(package) for package in ("owlrl", "rdflib")]
    key = hashlib.sha256(f"{_FORMAT}\0{sources}\0{versions}\0".encode())
    key.update(Path(__file__).read_bytes())
    return store.cache_dir() / "imports" / f"{key.hexdigest()[:32]}.nt"


def _read_closure(path: Path) -> frozenset | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return frozenset(Graph().parse(data=text, format="nt"))
    except Exception:  # a damaged file: closed again, and written again
        return None


def _write_closure(path: Path, closed: frozenset) -> None:
    from kg.files import write_atomic

    graph = Graph()
    for triple in closed:
        graph.add(triple)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, graph.serialize(format="nt"))
    except (OSError, KGError):
        pass  # a cache folder that cannot be written keeps nothing


def reason(asserted: Graph, imports: Graph, reasoner: str = "auto") -> Graph:
    """The inferred layer: the triples that the closure of `asserted` + `imports` adds to
    `asserted` and that the imports do not entail alone, less owlrl's noise. An inconsistent
    graph (with the imports' axioms counted) is an error naming the resources. `reasoner`:
    see `run`."""
    return run(asserted, imports, reasoner).inferred


def _inconsistent(problems: list[str]) -> KGError:
    return KGError(
        "inconsistent graph: " + "; ".join(problems),
        where="reasoning",
        exit_code=EXIT_NONCONFORMANT,
    )


def _owlrl(asserted: Graph, imports: Graph) -> Graph:
    full = closure(asserted, imports)
    problems = inconsistencies(full)
    if problems:
        raise _inconsistent(problems)
    theirs = entailed_by_imports(imports)
    inferred = bind_prefixes(Graph())
    for triple in full:
        if triple not in asserted and triple not in theirs and not is_noise(*triple):
            inferred.add(triple)
    return inferred


REASONERS = ("owlrl", "fast", "auto")
# `auto` picks the fast path from this many asserted triples on: at any size, since it is never
# slower. On the real graph (4,257 triples) owlrl takes 4 to 5.6 CPU seconds, the fast path 0.25
# with the schema's closure cached and 3.8 the first time (when it closes the schema, with owlrl).
# A seam for an embedder who wants owlrl below some size.
AUTO_THRESHOLD = 0


@dataclass
class Reasoning:
    """What `run()` did: the inferred layer, the reasoner that computed it ("owlrl" or "fast"),
    why the fast path handed over to owlrl (None when it did not), and the wall and CPU seconds
    of each step."""

    inferred: Graph
    reasoner: str
    fallback: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)


class _Laps:
    """Wall and CPU seconds of consecutive steps."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._start = (time.perf_counter(), time.process_time())

    def lap(self, step: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.wall[step] = wall - self._start[0]
        self.cpu[step] = cpu - self._start[1]
        self._start = (wall, cpu)


def fast_layer(
    read: Callable[[], list[rules.TextTriple]],
    imports: Graph,
    terms: rules.Terms,
    laps: _Laps,
    asserted: Callable[[rules.TextTriple], bool],
) -> Iterable[rules.TextTriple] | str:
    """The fast path (kg.rules) over terms as text: the inferred layer as triples of text, or
    why it hands over to owlrl. `read()` gives the asserted graph (the ontology and the data) as
    text, `terms` converts between it and rdflib's terms (the schema is closed by owlrl, through
    the cache of kg.rules), `asserted(triple)` says whether the asserted graph holds a triple of
    the schema closure. An inconsistent graph raises the KGError `run` raises. Laps: read,
    schema, rules, consistency (the caller laps the layer as it takes it)."""
    schema_text, data = rules.split(read())
    schema = [terms.rdflib_triple(triple) for triple in schema_text]
    laps.lap("read")
    schema_closure = rules.cached("schema", [*schema, *imports], lambda g: list(closure(g)))
    error = ERRNS.error
    if any(p == error for _, p, _ in schema_closure):
        return "owlrl reports a clash in the schema"
    theirs = entailed_by_imports(imports)  # what the owlrl path leaves out too
    closure_text = terms.triples(schema_closure)
    laps.lap("schema")
    used = rules.used_datatypes(chain(schema_text, data))
    used |= rules.used_datatypes(rules.Terms(exact=True).triples(imports))
    try:
        closed = rules.close(closure_text, data, terms)
    except rules.Trigger as trigger:
        return str(trigger)
    del data
    laps.lap("rules")
    schema_graph = Graph()
    for triple in schema_closure:
        schema_graph.add(triple)
    extra = rules.datatype_disjointness(used)
    problems = rules.inconsistencies(
        closed,
        _disjoint_pairs(schema_graph, OWL.disjointWith, OWL.AllDisjointClasses, extra),
        _disjoint_pairs(schema_graph, OWL.propertyDisjointWith, OWL.AllDisjointProperties),
        terms,
    )
    if problems:
        raise _inconsistent(problems)
    laps.lap("consistency")
    theirs_text = set(terms.triples(theirs))
    layer = [  # the rest of the schema closure is new by construction
        triple
        for triple in closure_text
        if not is_text_noise(*triple) and triple not in theirs_text and not asserted(triple)
    ]
    derived = (t for t in closed.derived() if not is_text_noise(*t) and t not in theirs_text)
    return chain(layer, derived)


def _fast(asserted: Graph, imports: Graph, laps: _Laps) -> Graph | str:
    """The inferred layer by the fast path (`fast_layer` over the graph's terms as text), or why
    it hands over to owlrl."""
    terms = rules.Terms(exact=True)
    layer = fast_layer(
        lambda: terms.triples(asserted),
        imports,
        terms,
        laps,
        lambda triple: terms.rdflib_triple(triple) in asserted,
    )
    if isinstance(layer, str):
        return layer
    inferred = bind_prefixes(Graph())
    for triple in layer:
        inferred.add(terms.rdflib_triple(triple))
    laps.lap("layer")
    return inferred


def check_reasoner(reasoner: object) -> None:
    check_choice(reasoner, REASONERS, "reasoner", Location(option="reasoner"))


def run(asserted: Graph, imports: Graph, reasoner: str = "owlrl") -> Reasoning:
    """The inferred layer by `reasoner`: "owlrl" (the reference), "fast" (kg.rules, handing over
    to owlrl when a rule it does not implement would fire) or "auto" (fast from AUTO_THRESHOLD
    asserted triples on: at any size). An inconsistent graph is a KGError (exit 1), the same on
    both."""
    check_reasoner(reasoner)
    if reasoner == "auto":
        reasoner = "fast" if len(asserted) >= AUTO_THRESHOLD else "owlrl"
    laps = _Laps()
    fallback = None
    if reasoner == "fast":
        result = _fast(asserted, imports, laps)
        if isinstance(result, Graph):
            return Reasoning(result, "fast", None, laps.wall, laps.cpu)
        fallback = result
        laps.lap("fast (handed over)")
    inferred = _owlrl(asserted, imports)
    laps.lap("owlrl")
    return Reasoning(inferred, "owlrl", fallback, laps.wall, laps.cpu)
