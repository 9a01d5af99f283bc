"""Stage 2, the fast path: the OWL 2 RL closure that owlrl computes, for the rules our ontology and
its imports make fire, materialised over Python sets; anything else is detected and handed back to
owlrl (kg.reason chooses). One engine serves both the rdflib graphs (`kg.reason.run`) and the
pyoxigraph Store of the Oxigraph build path (`kg.reason_store.run_store`).

Its terms are text: the N-Triples text of each term, as pyoxigraph writes it (`str()` of its
term), interned, so the sets hash and compare Python strings (rdflib's terms compare in Python
code). Literals are told apart by their opening quote, blank nodes by `_:`. The Oxigraph path reads
that text from the store; the rdflib path converts its graph with `Terms(exact=True)`, which keeps
apart what rdflib keeps apart ("x" and "x"^^xsd:string) and gives back the very rdflib terms it
was given, for the layer and for the messages.

The graph is split in two. The schema (every triple about a class, a property, an ontology, a
restriction or a list: whatever has a blank node or says rdfs:subClassOf, rdfs:subPropertyOf,
rdfs:domain, rdfs:range or anything in owl:) is small and changes with the ontology only: owlrl
closes it with the imports, once per content (cached on disk under a hash of the content that
does not depend on how blank nodes are named, so a build after the first pays nothing for it).
The instance data, which is all the rest, is then closed against that schema closure by these
rules, to a fixpoint:

    prp-spo1, prp-eqp1/2   x p y, p ⊑ q            → x q y  (the schema closure has every q)
    prp-inv1/2             x p y, p inverseOf q    → y q x
    prp-symp               x p y, p symmetric      → y p x
    prp-trp                x p y, y p z, transitive→ x p z
    prp-spo2               property chains (any length)
    prp-dom, prp-rng       x p y                   → x a D, y a R (literals too, as owlrl)
    cax-sco, cax-eqc1/2    x a C, C ⊑ D            → x a D
    cls-int1               x a C1 … Cn             → x a (C1 ⊓ … ⊓ Cn)
    cls-uni, cls-int2      through the schema closure's subclass axioms (scm-uni, scm-int)
    dt-type2               a literal is of its datatype and the datatypes that contain it

and `inconsistencies` checks the clashes the build names, as kg.reason's `inconsistencies` does:
disjoint classes (owl:disjointWith, owl:AllDisjointClasses, and the disjoint XSD datatypes owlrl
adds for the datatypes in use) and disjoint properties. Every other OWL 2 RL rule (owl:sameAs and
the eq-* rules, functional, inverse functional, irreflexive and asymmetric properties, keys,
negative property assertions, complements, someValuesFrom, allValuesFrom, hasValue, max
cardinalities, a member of owl:Nothing, literals not of their datatype), and any instance triple
that would feed owlrl's schema rules (a derived owl: or rdfs: term), is a *trigger*: when the
closure holds what the rule needs to derive something new, `close()` raises Trigger naming it, and
the caller reasons with owlrl. Since the rules above are closed under one another and the triggers
watch every other rule's premises, no trigger means owlrl could derive nothing more.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph
from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
from owlrl.DatatypeHandling import AltXSDToPYTHON
from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg.namespaces import bind_prefixes

Triple = tuple[Node, Node, Node]
Text = str  # a term as N-Triples text: <iri>, _:label, "literal"@lang or "literal"^^<datatype>
TextTriple = tuple[Text, Text, Text]

_STRING = f"^^<{XSD.string}>"


def text(term: Node, exact: bool = False) -> Text:
    """An rdflib term as the N-Triples text pyoxigraph gives it (`str()` of its term). `exact`
    keeps an explicit ^^xsd:string, which rdflib tells apart from a simple literal and pyoxigraph
    does not (pyoxigraph lowercases a language tag, which rdflib ignores the case of)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.language:
            return str(pyoxigraph.Literal(str(term), language=term.language))
        if term.datatype is None or term.datatype == XSD.string:
            simple = str(pyoxigraph.Literal(str(term)))
            return simple + _STRING if exact and term.datatype is not None else simple
        datatype = pyoxigraph.NamedNode(str(term.datatype))
        return str(pyoxigraph.Literal(str(term), datatype=datatype))
    raise TypeError(f"not an RDF term: {term!r}")


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}


def _unescape(match: re.Match) -> str:
    short, long, char = match.groups()
    if char is not None:
        return _SIMPLE_ESCAPES.get(char, char)
    return chr(int(short or long, 16))


def lexical(literal: Text) -> str:
    """The lexical form of a literal's text."""
    body = literal[1 : literal.rindex('"')]
    return _ESCAPE.sub(_unescape, body) if "\\" in body else body


def _datatype_of(suffix: str) -> Text | None:
    """The datatype of a literal by what follows its closing quote, as rdflib has it: none for a
    simple literal (pyoxigraph writes "x"^^xsd:string so, and rdflib reads "x" without a
    datatype) or a language-tagged one."""
    return suffix[2:] if suffix.startswith("^^") else None


def rdflib_term(term: Text) -> Node:
    """Back from text to an rdflib term."""
    if term.startswith("<"):
        return URIRef(term[1:-1])
    if term.startswith("_:"):
        return BNode(term[2:])
    end = term.rindex('"')
    suffix = term[end + 1 :]
    if suffix.startswith("@"):
        return Literal(lexical(term), lang=suffix[1:])
    datatype = _datatype_of(suffix)
    return Literal(lexical(term), datatype=URIRef(datatype[1:-1]) if datatype else None)


class Terms:
    """rdflib terms as interned text, and back, for one run of the rules. `exact` (the rdflib
    path) converts with `text(term, exact=True)` and remembers every term it converts, so that a
    text gives back the very term it was made from; otherwise (the Oxigraph path, whose data is
    text already) the text is pyoxigraph's and back is `rdflib_term`."""

    def __init__(self, exact: bool = False) -> None:
        self.exact = exact
        self._back: dict[Text, Node] = {}
        self._literals: dict[Node, Text] = {}  # and blank nodes: converted once each

    def text(self, term: Node) -> Text:
        (converted,) = self._convert([(term,)])
        return converted[0]

    def triples(self, triples: Iterable[Triple]) -> list[TextTriple]:
        return self._convert(triples)

    def _convert(self, rows: Iterable[tuple[Node, ...]]) -> list[tuple[Text, ...]]:
        intern, literals, back, exact = sys.intern, self._literals, self._back, self.exact
        converted = []
        for row in rows:
            out = []
            for term in row:
                if type(term) is URIRef:
                    one = intern(f"<{term}>")
                else:
                    one = literals.get(term)
                    if one is None:
                        one = literals[term] = intern(text(term, exact))
                if exact and one not in back:
                    back[one] = term
                out.append(one)
            converted.append(tuple(out))
        return converted

    def rdflib(self, term: Text) -> Node:
        node = self._back.get(term)
        return rdflib_term(term) if node is None else node

    def rdflib_triple(self, triple: TextTriple) -> Triple:
        s, p, o = triple
        return self.rdflib(s), self.rdflib(p), self.rdflib(o)

    def n3(self, term: Text) -> str:
        """A term as a Trigger names it (rdflib's n3, no prefixes)."""
        return self.rdflib(term).n3()


def _t(node: Node) -> Text:
    return sys.intern(text(node))


TYPE, FIRST, REST, NIL = _t(RDF.type), _t(RDF.first), _t(RDF.rest), _t(RDF.nil)
SUBCLASS, SUBPROPERTY = _t(RDFS.subClassOf), _t(RDFS.subPropertyOf)
DOMAIN, RANGE = _t(RDFS.domain), _t(RDFS.range)
_OWL_IRI, _RDFS_IRI = f"<{OWL}", f"<{RDFS}"
_SCHEMA_PREDICATES = {SUBCLASS, SUBPROPERTY, DOMAIN, RANGE}
_LIST = (FIRST, REST)
_SCHEMA_TYPES = {_t(RDF.Property), _t(RDF.List)}
# Derived types that owlrl's own rules would act on no further (the rest of owl: and rdfs: are
# schema and are refused when derived for instance data).
_HARMLESS_TYPES = {_t(c) for c in (OWL.Thing, OWL.Nothing, RDFS.Resource, RDFS.Literal)}
_HARMLESS_TYPES.add(_t(RDFS.Datatype))
_DATATYPES = {_t(d) for d in OWL_RL_Datatypes}
_SUBSUMPTIONS = {_t(d): [_t(e) for e in up] for d, up in OWL_Datatype_Subsumptions.items()}
_CHECKED = {_t(d): convert for d, convert in AltXSDToPYTHON.items()}  # dt-not-type
_O = {
    name: _t(OWL[name])
    for name in (
        "AsymmetricProperty FunctionalProperty InverseFunctionalProperty IrreflexiveProperty "
        "Nothing SymmetricProperty Thing TransitiveProperty allValuesFrom complementOf hasKey "
        "hasValue intersectionOf inverseOf maxCardinality maxQualifiedCardinality onProperty "
        "propertyChainAxiom sameAs someValuesFrom sourceIndividual"
    ).split()
}


def split(triples: Iterable[TextTriple]) -> tuple[list[TextTriple], list[TextTriple]]:
    """The schema (every triple of a subject that any schema triple is about: one with a blank
    node, a schema predicate or an owl: or rdfs: type) and the data. Triples of rdflib terms are
    judged by their text and returned as they are."""
    if not isinstance(triples, list):
        triples = list(triples)
    texts = Terms().triples(triples) if triples and isinstance(triples[0][0], Node) else triples
    schema_predicate: dict[Text, bool] = {}  # each predicate and type judged once
    schema_type: dict[Text, bool] = {}
    schema_subjects = set()
    for s, p, o in texts:
        if s[0] == "_" or o[0] == "_":
            schema_subjects.add(s)
            continue
        if p not in schema_predicate:
            schema_predicate[p] = p in _SCHEMA_PREDICATES or p in _LIST or p.startswith(_OWL_IRI)
        if schema_predicate[p]:
            schema_subjects.add(s)
        elif p == TYPE:
            if o not in schema_type:
                schema_type[o] = o.startswith((_OWL_IRI, _RDFS_IRI)) or o in _SCHEMA_TYPES
            if schema_type[o]:
                schema_subjects.add(s)
    schema, data = [], []
    for triple, (s, _, o) in zip(triples, texts, strict=True):
        if s in schema_subjects or o[0] == "_":
            schema.append(triple)
        else:
            data.append(triple)
    return schema, data


def used_datatypes(triples: Iterable[TextTriple]) -> set[Text]:
    """The datatypes owlrl counts as used by a graph: its literals' (and the datatypes that
    contain them) and the ones it types resources with."""
    used = set()
    suffixes: set[str] = set()
    for _, p, o in triples:
        if o[0] == '"':
            suffixes.add(o[o.rindex('"') + 1 :])
        elif p == TYPE and o in _DATATYPES:
            used.add(o)
    for suffix in suffixes:
        datatype = _datatype_of(suffix)
        if datatype in _DATATYPES:
            used.add(datatype)
            used.update(_SUBSUMPTIONS.get(datatype, ()))
    return used


def datatype_disjointness(used: set[Text]) -> set[tuple[Node, Node]]:
    """The disjoint XSD datatype pairs owlrl adds for the datatypes a graph uses."""
    return {
        (left, right)
        for left, _, right in OWLRL_Datatypes_Disjointness
        if _t(left) in used and _t(right) in used
    }


def _cache_file(kind: str, key: str):
    from kg.store import cache_dir

    return cache_dir() / "reasoning" / f"{kind}-{key}.pickle"


def _tree_labels(triples: list[Triple]) -> dict[Node, str] | None:
    """A label for every blank node that only its content decides (a hash of its outgoing
    triples, blank objects by their labels), when the blank nodes form trees, as OWL's lists and
    restrictions do: two such graphs with the same labelled triples are the same graph. None
    when a blank node has two parents or lies on a cycle."""
    outgoing: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    parents: dict[Node, int] = defaultdict(int)
    for s, p, o in triples:
        if isinstance(s, BNode):
            outgoing[s].append((p, o))
        if isinstance(o, BNode):
            parents[o] += 1
            if parents[o] > 1:
                return None
    labels: dict[Node, str] = {}
    visiting: set[Node] = set()

    def label(node: Node) -> str | None:
        if node in labels:
            return labels[node]
        if node in visiting:
            return None
        visiting.add(node)
        parts = []
        for p, o in outgoing.get(node, ()):
            inner = label(o) if isinstance(o, BNode) else o.n3()
            if inner is None:
                return None
            parts.append(f"{p.n3()} {inner}")
        visiting.discard(node)
        digest = hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()
        labels[node] = f"_:{digest[:32]}"
        return labels[node]

    for node in set(outgoing) | set(parents):
        if label(node) is None:
            return None
    return labels


def content_key(kind: str, triples: Iterable[Triple]) -> str:
    """A hash of the graph of `triples` that does not depend on how its blank nodes are named
    (trees of blank nodes by their content, anything else by rdflib's canonical form)."""
    import owlrl
    import rdflib

    triples = list(triples)
    labels = _tree_labels(triples)
    if labels is None:
        triples = list(to_canonical_graph(Graph().__iadd__(triples)))
        labels = {}

    def n3(term: Node) -> str:
        return labels.get(term) or term.n3()

    versions = f"owlrl {owlrl.__version__} rdflib {rdflib.__version__}"
    digest = hashlib.sha256(f"{kind} {versions}\n".encode())
    for line in sorted(f"{n3(s)} {n3(p)} {n3(o)}" for s, p, o in triples):
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


# The values `cached` read or computed in this process, by content key (the last few): a process
# that reasons over many graphs with one ontology (the test suite, a server) reads the pickle once,
# whichever cache folder it is pointed at.
_MEMO: dict[str, object] = {}
_MEMO_SIZE = 4


def cached(kind: str, triples: Iterable[Triple], compute):
    """`compute(graph)` for the graph of `triples`, cached on disk under its `content_key` (and
    in this process), so the same graph parsed again (its blank nodes named anew) hits the
    cache. The value must be self-contained (blank nodes in it are only compared with each
    other) and is shared: callers must not change it. A cache that cannot be read or written
    is recomputed, never an error."""
    triples = list(triples)
    key = content_key(kind, triples)
    if key in _MEMO:
        return _MEMO[key]
    value = _read_or_compute(_cache_file(kind, key), triples, compute)
    if len(_MEMO) >= _MEMO_SIZE:
        del _MEMO[next(iter(_MEMO))]
    _MEMO[key] = value
    return value


def _read_or_compute(path, triples: list[Triple], compute):
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, unreadable or corrupt: computed again
        pass
    value = compute(Graph().__iadd__(triples))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass
    return value


@dataclass
class Closure:
    """The closure of the data against the schema closure: property pairs and types, what is
    new in them, and what `inconsistencies` needs."""

    pairs: dict[Text, set[tuple[Text, Text]]]
    types: dict[Text, frozenset]
    new_pairs: dict[Text, set[tuple[Text, Text]]]
    asserted_types: dict[Text, set]

    def derived(self) -> Iterable[TextTriple]:
        """Every triple the rules added to the data and the schema closure (so none of them is
        asserted; the caller subtracts what the imports entail), literals' own types left out
        (they are noise)."""
        for p, pairs in self.new_pairs.items():
            for s, o in pairs:
                yield s, p, o
        for node, classes in self.types.items():
            if node[0] == '"':
                continue
            known = self.asserted_types.get(node, ())
            for c in classes:
                if c not in known:
                    yield node, TYPE, c


def _list_items(head: Text, first: dict, rest: dict) -> list[Text]:
    items = []
    while head in first:
        items.append(first[head])
        head = rest.get(head, NIL)
    return items


def _index(pairs: Iterable[tuple[Text, Text]]) -> dict[Text, list[Text]]:
    index: dict[Text, list[Text]] = defaultdict(list)
    for s, o in pairs:
        index[s].append(o)
    return index


def _literal_datatypes(literals: Iterable[Text]) -> dict[Text, Text | None]:
    """Each literal's datatype when it is one of OWL 2 RL's (dt-type2 types it), else None."""
    by_suffix: dict[str, Text | None] = {}
    datatypes = {}
    for literal in literals:
        suffix = literal[literal.rindex('"') + 1 :]
        if suffix not in by_suffix:
            datatype = _datatype_of(suffix)
            by_suffix[suffix] = datatype if datatype in _DATATYPES else None
        datatypes[literal] = by_suffix[suffix]
    return datatypes


class Trigger(Exception):
    """A rule the fast path does not implement would fire: reason with owlrl instead."""


def close(
    schema_closure: list[TextTriple], data: Iterable[TextTriple], terms: Terms | None = None
) -> Closure:
    """The closure of `data` against `schema_closure` (owlrl's closure of the schema and the
    imports). Raises Trigger naming the rule when a rule outside the fast path would fire (its
    terms named by `terms`, by default as `rdflib_term` reads them)."""
    terms = Terms() if terms is None else terms
    pairs: dict[Text, set[tuple[Text, Text]]] = defaultdict(set)
    for s, p, o in schema_closure:
        pairs[p].add((s, o))
    first = {s: o for s, o in pairs.get(FIRST, ())}
    rest = {s: o for s, o in pairs.get(REST, ())}

    def schema(p: Text) -> dict[Text, set[Text]]:
        out: dict[Text, set[Text]] = defaultdict(set)
        for s, o in pairs.get(p, ()):
            if s != o:
                out[s].add(o)
        return out

    supers, superprops = schema(SUBCLASS), schema(SUBPROPERTY)
    domains, ranges = schema(DOMAIN), schema(RANGE)
    inverses: dict[Text, set[Text]] = defaultdict(set)
    for p, q in pairs.get(_O["inverseOf"], ()):
        inverses[p].add(q)
        inverses[q].add(p)
    kinds: dict[Text, set[Text]] = defaultdict(set)  # owl:SymmetricProperty -> its properties
    for s, o in pairs.get(TYPE, ()):
        kinds[o].add(s)
    symmetric, transitive = kinds[_O["SymmetricProperty"]], kinds[_O["TransitiveProperty"]]
    chains = [
        (p, _list_items(head, first, rest)) for p, head in pairs.get(_O["propertyChainAxiom"], ())
    ]
    chains = [(p, props) for p, props in chains if props]
    chains_of: dict[Text, list[int]] = defaultdict(list)
    for number, (_, props) in enumerate(chains):
        for q in set(props):
            chains_of[q].append(number)
    intersections = [
        (c, frozenset(_list_items(head, first, rest)))
        for c, head in pairs.get(_O["intersectionOf"], ())
    ]

    schema_pairs = {p: set(v) for p, v in pairs.items()}
    for s, p, o in data:
        pairs[p].add((s, o))
    asserted_types: dict[Text, set] = {}
    for s, o in pairs.get(TYPE, ()):
        asserted_types.setdefault(s, set()).add(o)
    new_pairs: dict[Text, set[tuple[Text, Text]]] = defaultdict(set)

    # The property rules, semi-naively: each round applies the rules to what the last one added.
    delta = {p: set(v) for p, v in pairs.items()}
    while delta:
        found: dict[Text, set[tuple[Text, Text]]] = defaultdict(set)
        touched_chains: set[int] = set()
        for p, fresh in delta.items():
            for q in superprops.get(p, ()):
                found[q] |= fresh
            swapped = {(o, s) for s, o in fresh} if p in inverses or p in symmetric else None
            for q in inverses.get(p, ()):
                found[q] |= swapped
            if p in symmetric:
                found[p] |= swapped
            if p in transitive:
                after, before = _index(pairs[p]), _index((o, s) for s, o in pairs[p])
                for x, y in fresh:
                    found[p].update((x, z) for z in after.get(y, ()))
                    found[p].update((w, y) for w in before.get(x, ()))
            touched_chains.update(chains_of.get(p, ()))
        for number in sorted(touched_chains):
            target, props = chains[number]
            reached = set(pairs.get(props[0], ()))
            for q in props[1:]:
                after = _index(pairs.get(q, ()))
                reached = {(x, z) for x, y in reached for z in after.get(y, ())}
            found[target] |= reached
        delta = {}
        for q, candidates in found.items():
            fresh = candidates - pairs[q]
            if fresh:
                pairs[q] |= fresh
                new_pairs[q] |= fresh
                delta[q] = fresh
    for p in new_pairs:
        if p in _SCHEMA_PREDICATES or p in _LIST or p.startswith(_OWL_IRI):
            raise Trigger(f"a derived {p} triple (owlrl's schema and equality rules)")

    # The types: asserted and derived by property rules, domains, ranges, literals' datatypes;
    # then closed under the subclass hierarchy and the intersections, once per distinct set of
    # direct types.
    direct: dict[Text, set[Text]] = defaultdict(set)
    for s, o in pairs.get(TYPE, ()):
        direct[s].add(o)
    literals = set()
    for p, links in pairs.items():
        for c in domains.get(p, ()):
            for s, _ in links:
                direct[s].add(c)
        for c in ranges.get(p, ()):
            for _, o in links:
                direct[o].add(c)
        literals.update(o for _, o in links if o[0] == '"')
    for literal, datatype in _literal_datatypes(literals).items():
        if datatype is not None:
            direct[literal].add(datatype)
            direct[literal].update(_SUBSUMPTIONS.get(datatype, ()))
    closed_sets: dict[frozenset, frozenset] = {}
    types: dict[Text, frozenset] = {}
    for node, classes in direct.items():
        key = frozenset(classes)
        if key not in closed_sets:
            closed = set(key)
            for c in key:
                closed |= supers.get(c, set())
            grew = True
            while grew:
                grew = False
                for c, parts in intersections:
                    if c not in closed and parts <= closed:
                        closed.add(c)
                        closed |= supers.get(c, set())
                        grew = True
            closed_sets[key] = frozenset(closed)
        types[node] = closed_sets[key]
    del direct
    distinct = set(closed_sets.values())
    schema_like = {
        c
        for classes in distinct
        for c in classes
        if c not in _HARMLESS_TYPES and c.startswith((_OWL_IRI, _RDFS_IRI))
    }
    for node, classes in types.items() if schema_like else ():
        for c in (classes & schema_like) - asserted_types.get(node, set()):
            raise Trigger(f"{terms.n3(node)} derived to be a {terms.n3(c)} (owlrl's schema rules)")
    if any(_O["Nothing"] in classes for classes in distinct):
        raise Trigger("a member of owl:Nothing (cls-nothing2, whose message owlrl words)")
    closure = Closure(pairs, types, new_pairs, asserted_types)
    _check_triggers(closure, kinds, schema_pairs, first, rest, terms)
    return closure


def _members(types: dict[Text, frozenset], wanted: set[Text]) -> dict[Text, set[Text]]:
    members: dict[Text, set[Text]] = defaultdict(set)
    if not wanted:
        return members
    for node, classes in types.items():
        for c in classes & wanted:
            members[c].add(node)
    return members


def _check_triggers(closure: Closure, kinds, schema_pairs, first, rest, terms: Terms) -> None:
    """Raise Trigger when a rule outside the fast path has what it needs to fire."""
    pairs, types, n3 = closure.pairs, closure.types, terms.n3
    for p in kinds[_O["FunctionalProperty"]]:
        if len(pairs.get(p, ())) != len({s for s, _ in pairs.get(p, ())}):
            raise Trigger(f"functional property {n3(p)} with two values (prp-fp)")
    for p in kinds[_O["InverseFunctionalProperty"]]:
        if len(pairs.get(p, ())) != len({o for _, o in pairs.get(p, ())}):
            raise Trigger(f"inverse functional property {n3(p)} shared (prp-ifp)")
    for p in kinds[_O["IrreflexiveProperty"]]:
        if any(s == o for s, o in pairs.get(p, ())):
            raise Trigger(f"irreflexive property {n3(p)} (prp-irp)")
    for p in kinds[_O["AsymmetricProperty"]]:
        links = pairs.get(p, set())
        if any((o, s) in links for s, o in links):
            raise Trigger(f"asymmetric property {n3(p)} (prp-asyp)")
    if any(s != o for s, o in pairs.get(_O["sameAs"], ())):
        raise Trigger("owl:sameAs (eq-*)")
    if pairs.get(_O["sourceIndividual"]):
        raise Trigger("a negative property assertion (prp-npa)")
    on_property = dict(schema_pairs.get(_O["onProperty"], ()))
    values_from = dict(schema_pairs.get(_O["allValuesFrom"], ()))
    has_value = dict(schema_pairs.get(_O["hasValue"], ()))
    at_most = {
        r: terms.rdflib(n).toPython() if n[0] == '"' else n
        for key in (_O["maxCardinality"], _O["maxQualifiedCardinality"])
        for r, n in schema_pairs.get(key, ())
    }
    complements = list(schema_pairs.get(_O["complementOf"], ()))
    keyed = {c: _list_items(head, first, rest) for c, head in schema_pairs.get(_O["hasKey"], ())}
    restricted = set(values_from) | set(has_value) | set(at_most)
    members = _members(types, restricted | set(keyed) | {c for pair in complements for c in pair})
    for r in restricted:
        p = on_property.get(r)
        if p is None or not members.get(r):
            continue
        values = _index(pairs.get(p, ()))
        for u in members[r]:
            here = values.get(u, [])
            if r in values_from and any(values_from[r] not in types.get(v, ()) for v in here):
                raise Trigger(f"a value of an allValuesFrom restriction on {n3(p)} (cls-avf)")
            if r in has_value and has_value[r] not in here:
                raise Trigger(f"a member of a hasValue restriction on {n3(p)} (cls-hv1)")
            if r in at_most and len(set(here)) > (0 if at_most[r] == 0 else 1):
                raise Trigger(f"a max cardinality restriction on {n3(p)} (cls-maxc, cls-maxqc)")
    for r, value in has_value.items():
        p = on_property.get(r)
        if p is not None and any(
            o == value and r not in types.get(s, ()) for s, o in pairs.get(p, ())
        ):
            raise Trigger(f"a value of a hasValue restriction on {n3(p)} (cls-hv2)")
    thing = _O["Thing"]
    for r, c in schema_pairs.get(_O["someValuesFrom"], ()):
        p = on_property.get(r)
        for s, o in pairs.get(p, ()) if p is not None else ():
            if r not in types.get(s, ()) and (c == thing or c in types.get(o, ())):
                raise Trigger(f"a value of a someValuesFrom restriction on {n3(p)} (cls-svf)")
    for c1, c2 in complements:
        if members.get(c1, set()) & members.get(c2, set()):
            raise Trigger(f"a member of {n3(c1)} and its complement (cls-com)")
    for c, props in keyed.items():
        if props and len(members.get(c, ())) > 1:
            with_key = {s for s, _ in pairs.get(props[0], ())} & members[c]
            if with_key:
                raise Trigger(f"a key of {n3(c)} (prp-key)")
    checked = {node for node in types if node[0] == '"'}
    for literal, datatype in _literal_datatypes(checked).items():
        if datatype in _CHECKED:
            try:
                _CHECKED[datatype](lexical(literal))
            except ValueError:
                raise Trigger(f"literal {n3(literal)} not of its datatype (dt-not-type)") from None


def inconsistencies(
    closed: Closure,
    class_pairs: Iterable[tuple[Node, Node]],
    property_pairs: Iterable[tuple[Node, Node]],
    terms: Terms,
) -> list[str]:
    """kg.reason's `inconsistencies` over the closure, for the disjoint `class_pairs` and
    `property_pairs` of the schema closure (rdflib terms, in the order kg.reason names them):
    the same messages, in the same order (a member of owl:Nothing is a trigger: owlrl words that
    one itself)."""
    problems: list[str] = []
    nm = bind_prefixes(Graph()).namespace_manager
    class_pairs = [(c1, c2, terms.text(c1), terms.text(c2)) for c1, c2 in class_pairs]
    members = _members(closed.types, {c for pair in class_pairs for c in pair[2:]})
    for c1, c2, text1, text2 in class_pairs:
        shared = members.get(text1, set()) & members.get(text2, set())
        for s in sorted(terms.rdflib(node) for node in shared):
            problems.append(
                f"{s.n3(nm)} is a member of disjoint classes {c1.n3(nm)} and {c2.n3(nm)}"
            )
    pairs = closed.pairs
    for p1, p2 in property_pairs:
        shared = pairs.get(terms.text(p1), set()) & pairs.get(terms.text(p2), set())
        for s, o in sorted((terms.rdflib(s), terms.rdflib(o)) for s, o in shared):
            problems.append(
                f"{s.n3(nm)} and {o.n3(nm)} are linked by disjoint properties "
                f"{p1.n3(nm)} and {p2.n3(nm)}"
            )
    return problems
