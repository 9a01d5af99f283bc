"""Stage 2, the fast path: the OWL 2 RL closure that owlrl computes, for the rules our ontology and
its imports make fire, materialised over Python sets; anything else is detected and handed back to
owlrl (kg.reason chooses).

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

and kg.reason checks the clashes the build names, as its `inconsistencies` does: disjoint
classes (owl:disjointWith, owl:AllDisjointClasses, and the disjoint XSD datatypes owlrl adds for
the datatypes in use) and disjoint properties. Every other OWL 2 RL rule (owl:sameAs and the eq-*
rules, functional, inverse functional, irreflexive and asymmetric properties, keys, negative
property assertions, complements, someValuesFrom, allValuesFrom, hasValue, max cardinalities, a
member of owl:Nothing, literals not of their datatype), and any instance triple that would feed
owlrl's schema rules (a derived owl: or rdfs: term), is a *trigger*: when the closure holds what
the rule needs to derive something new, `close()` raises Trigger naming it, and the caller
reasons with owlrl. Since the rules above are closed under one another and the triggers watch every
other rule's premises, no trigger means owlrl could derive nothing more.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
from owlrl.DatatypeHandling import AltXSDToPYTHON
from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes
from rdflib import BNode, Graph, Literal
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

_OWL, _RDFS = str(OWL), str(RDFS)
_SCHEMA_PREDICATES = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
_LIST = (RDF.first, RDF.rest)
# Derived types that owlrl's own rules would act on no further (the rest of owl: and rdfs: are
# schema and are refused when derived for instance data).
_HARMLESS_TYPES = {OWL.Thing, OWL.Nothing, RDFS.Resource, RDFS.Literal, RDFS.Datatype}
_DATATYPES = set(OWL_RL_Datatypes)


def split(graph: Iterable[Triple]) -> tuple[list[Triple], list[Triple]]:
    """The schema (every triple of a subject that any schema triple is about: one with a blank
    node, a schema predicate or an owl: or rdfs: type) and the data."""
    triples = list(graph)
    schema_predicate: dict[Node, bool] = {}  # each predicate and type judged once
    schema_type: dict[Node, bool] = {}
    schema_subjects = set()
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode):
            schema_subjects.add(s)
            continue
        if p not in schema_predicate:
            schema_predicate[p] = p in _SCHEMA_PREDICATES or p in _LIST or str(p).startswith(_OWL)
        if schema_predicate[p]:
            schema_subjects.add(s)
        elif p == RDF.type:
            if o not in schema_type:
                schema_type[o] = str(o).startswith((_OWL, _RDFS)) or o in (RDF.Property, RDF.List)
            if schema_type[o]:
                schema_subjects.add(s)
    schema, data = [], []
    for triple in triples:
        if triple[0] in schema_subjects or isinstance(triple[2], BNode):
            schema.append(triple)
        else:
            data.append(triple)
    return schema, data


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


def cached(kind: str, triples: Iterable[Triple], compute):
    """`compute(graph)` for the graph of `triples`, cached on disk under its `content_key`, so
    the same graph parsed again (its blank nodes named anew) hits the cache. The value must be
    self-contained (blank nodes in it are only compared with each other). A cache that cannot
    be read or written is recomputed, never an error."""
    triples = list(triples)
    path = _cache_file(kind, content_key(kind, triples))
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
    new in them, and what `inconsistencies` and the noise filter need."""

    pairs: dict[Node, set[tuple[Node, Node]]]
    types: dict[Node, frozenset]
    new_pairs: dict[Node, set[tuple[Node, Node]]]
    asserted_types: dict[Node, set]
    schema_closure: list[Triple]
    used_datatypes: set

    def derived(self) -> Iterable[Triple]:
        """Every triple the rules added to the data and the schema closure (so none of them is
        asserted; the caller subtracts what the imports entail)."""
        for p, pairs in self.new_pairs.items():
            for s, o in pairs:
                yield s, p, o
        for node, classes in self.types.items():
            known = self.asserted_types.get(node, ())
            for c in classes:
                if c not in known:
                    yield node, RDF.type, c


def _list_items(head: Node, first: dict, rest: dict) -> list[Node]:
    items = []
    while head in first:
        items.append(first[head])
        head = rest.get(head, RDF.nil)
    return items


def _index(pairs: Iterable[tuple[Node, Node]]) -> dict[Node, list[Node]]:
    index: dict[Node, list[Node]] = defaultdict(list)
    for s, o in pairs:
        index[s].append(o)
    return index


class Trigger(Exception):
    """A rule the fast path does not implement would fire: reason with owlrl instead."""


def close(schema_closure: list[Triple], data: Iterable[Triple], used_datatypes: set) -> Closure:
    """The closure of `data` against `schema_closure` (owlrl's closure of the schema and the
    imports); `used_datatypes` are the datatypes of the input's literals (see `used_datatypes`).
    Raises Trigger naming the rule when a rule outside the fast path would fire."""
    pairs: dict[Node, set[tuple[Node, Node]]] = defaultdict(set)
    for s, p, o in schema_closure:
        pairs[p].add((s, o))
    first = {s: o for s, o in pairs.get(RDF.first, ())}
    rest = {s: o for s, o in pairs.get(RDF.rest, ())}

    def schema(p: Node) -> dict[Node, set[Node]]:
        out: dict[Node, set[Node]] = defaultdict(set)
        for s, o in pairs.get(p, ()):
            if s != o:
                out[s].add(o)
        return out

    supers, superprops = schema(RDFS.subClassOf), schema(RDFS.subPropertyOf)
    domains, ranges = schema(RDFS.domain), schema(RDFS.range)
    inverses: dict[Node, set[Node]] = defaultdict(set)
    for p, q in pairs.get(OWL.inverseOf, ()):
        inverses[p].add(q)
        inverses[q].add(p)
    kinds: dict[Node, set[Node]] = defaultdict(set)  # owl:SymmetricProperty -> its properties
    for s, o in pairs.get(RDF.type, ()):
        kinds[o].add(s)
    chains = [
        (p, _list_items(head, first, rest)) for p, head in pairs.get(OWL.propertyChainAxiom, ())
    ]
    chains = [(p, props) for p, props in chains if props]
    chains_of: dict[Node, list[int]] = defaultdict(list)
    for number, (_, props) in enumerate(chains):
        for q in set(props):
            chains_of[q].append(number)
    intersections = [
        (c, frozenset(_list_items(head, first, rest)))
        for c, head in pairs.get(OWL.intersectionOf, ())
    ]

    schema_pairs = {p: set(v) for p, v in pairs.items()}
    for s, p, o in data:
        pairs[p].add((s, o))
    asserted_types = {}
    for s, o in pairs.get(RDF.type, ()):
        asserted_types.setdefault(s, set()).add(o)
    new_pairs: dict[Node, set[tuple[Node, Node]]] = defaultdict(set)

    # The property rules, semi-naively: each round applies the rules to what the last one added.
    delta = {p: set(v) for p, v in pairs.items()}
    while delta:
        found: dict[Node, set[tuple[Node, Node]]] = defaultdict(set)
        touched_chains: set[int] = set()
        for p, fresh in delta.items():
            for q in superprops.get(p, ()):
                found[q] |= fresh
            swapped = (
                {(o, s) for s, o in fresh}
                if p in inverses or p in kinds[OWL.SymmetricProperty]
                else None
            )
            for q in inverses.get(p, ()):
                found[q] |= swapped
            if p in kinds[OWL.SymmetricProperty]:
                found[p] |= swapped
            if p in kinds[OWL.TransitiveProperty]:
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
        if p in _SCHEMA_PREDICATES or p in _LIST or str(p).startswith(_OWL):
            raise Trigger(f"a derived {p.n3()} triple (owlrl's schema and equality rules)")

    # The types: asserted and derived by property rules, domains, ranges, literals' datatypes;
    # then closed under the subclass hierarchy and the intersections.
    direct: dict[Node, set[Node]] = defaultdict(set)
    for s, o in pairs.get(RDF.type, ()):
        direct[s].add(o)
    for p, links in pairs.items():
        for c in domains.get(p, ()):
            for s, _ in links:
                direct[s].add(c)
        for c in ranges.get(p, ()):
            for _, o in links:
                direct[o].add(c)
        for _, o in links:
            if isinstance(o, Literal) and o.datatype in _DATATYPES:
                direct[o].add(o.datatype)
                direct[o].update(OWL_Datatype_Subsumptions.get(o.datatype, ()))
    closed_sets: dict[frozenset, frozenset] = {}
    types: dict[Node, frozenset] = {}
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
    distinct = set(closed_sets.values())
    schema_like = {
        c
        for classes in distinct
        for c in classes
        if c not in _HARMLESS_TYPES and str(c).startswith((_OWL, _RDFS))
    }
    for node, classes in types.items() if schema_like else ():
        for c in (classes & schema_like) - asserted_types.get(node, set()):
            raise Trigger(f"{node.n3()} derived to be a {c.n3()} (owlrl's schema rules)")
    if any(OWL.Nothing in classes for classes in distinct):
        raise Trigger("a member of owl:Nothing (cls-nothing2, whose message owlrl words)")
    closure = Closure(pairs, types, new_pairs, asserted_types, schema_closure, used_datatypes)
    _check_triggers(closure, kinds, schema_pairs, first, rest)
    return closure


def _members(types: dict[Node, frozenset], wanted: set[Node]) -> dict[Node, set[Node]]:
    members: dict[Node, set[Node]] = defaultdict(set)
    for node, classes in types.items():
        for c in classes & wanted:
            members[c].add(node)
    return members


def _check_triggers(closure: Closure, kinds, schema_pairs, first, rest) -> None:
    """Raise Trigger when a rule outside the fast path has what it needs to fire."""
    pairs, types = closure.pairs, closure.types
    for p in kinds[OWL.FunctionalProperty]:
        if len(pairs.get(p, ())) != len({s for s, _ in pairs.get(p, ())}):
            raise Trigger(f"functional property {p.n3()} with two values (prp-fp)")
    for p in kinds[OWL.InverseFunctionalProperty]:
        if len(pairs.get(p, ())) != len({o for _, o in pairs.get(p, ())}):
            raise Trigger(f"inverse functional property {p.n3()} shared (prp-ifp)")
    for p in kinds[OWL.IrreflexiveProperty]:
        if any(s == o for s, o in pairs.get(p, ())):
            raise Trigger(f"irreflexive property {p.n3()} (prp-irp)")
    for p in kinds[OWL.AsymmetricProperty]:
        links = pairs.get(p, set())
        if any((o, s) in links for s, o in links):
            raise Trigger(f"asymmetric property {p.n3()} (prp-asyp)")
    if any(s != o for s, o in pairs.get(OWL.sameAs, ())):
        raise Trigger("owl:sameAs (eq-*)")
    if pairs.get(OWL.sourceIndividual):
        raise Trigger("a negative property assertion (prp-npa)")
    on_property = dict(schema_pairs.get(OWL.onProperty, ()))
    values_from = dict(schema_pairs.get(OWL.allValuesFrom, ()))
    has_value = dict(schema_pairs.get(OWL.hasValue, ()))
    at_most = {
        r: n.toPython() if isinstance(n, Literal) else n
        for key in (OWL.maxCardinality, OWL.maxQualifiedCardinality)
        for r, n in schema_pairs.get(key, ())
    }
    complements = list(schema_pairs.get(OWL.complementOf, ()))
    keyed = {c: _list_items(head, first, rest) for c, head in schema_pairs.get(OWL.hasKey, ())}
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
                raise Trigger(f"a value of an allValuesFrom restriction on {p.n3()} (cls-avf)")
            if r in has_value and has_value[r] not in here:
                raise Trigger(f"a member of a hasValue restriction on {p.n3()} (cls-hv1)")
            if r in at_most and len(set(here)) > (0 if at_most[r] == 0 else 1):
                raise Trigger(f"a max cardinality restriction on {p.n3()} (cls-maxc, cls-maxqc)")
    for r, value in has_value.items():
        p = on_property.get(r)
        if p is not None and any(
            o == value and r not in types.get(s, ()) for s, o in pairs.get(p, ())
        ):
            raise Trigger(f"a value of a hasValue restriction on {p.n3()} (cls-hv2)")
    for r, c in schema_pairs.get(OWL.someValuesFrom, ()):
        p = on_property.get(r)
        for s, o in pairs.get(p, ()) if p is not None else ():
            if r not in types.get(s, ()) and (c == OWL.Thing or c in types.get(o, ())):
                raise Trigger(f"a value of a someValuesFrom restriction on {p.n3()} (cls-svf)")
    for c1, c2 in complements:
        if members.get(c1, set()) & members.get(c2, set()):
            raise Trigger(f"a member of {c1.n3()} and its complement (cls-com)")
    for c, props in keyed.items():
        if props and len(members.get(c, ())) > 1:
            with_key = {s for s, _ in pairs.get(props[0], ())} & members[c]
            if with_key:
                raise Trigger(f"a key of {c.n3()} (prp-key)")
    for node in types:
        if isinstance(node, Literal) and node.datatype in _DATATYPES:
            try:
                AltXSDToPYTHON.get(node.datatype, str)(str(node))
            except ValueError:
                raise Trigger(f"literal {node.n3()} not of its datatype (dt-not-type)") from None


def used_datatypes(triples: Iterable[Triple]) -> set:
    """The datatypes owlrl counts as used by a graph: its literals' (and the datatypes that
    contain them) and the ones it types resources with."""
    used = set()
    for _, p, o in triples:
        if isinstance(o, Literal):
            if o.datatype in _DATATYPES and o.datatype not in used:
                used.add(o.datatype)
                used.update(OWL_Datatype_Subsumptions.get(o.datatype, ()))
        elif p == RDF.type and o in _DATATYPES:
            used.add(o)
    return used


def datatype_disjointness(used: set) -> set[tuple[Node, Node]]:
    """The disjoint XSD datatype pairs owlrl adds for the datatypes a graph uses."""
    return {
        (left, right)
        for left, _, right in OWLRL_Datatypes_Disjointness
        if left in used and right in used
    }
