"""Stage 2 on the Oxigraph path: the fast reasoner of kg.rules over a pyoxigraph Store, for graphs
too large for rdflib. `run_store` reads the asserted named graph of the store, writes the inferred
layer into another named graph of the same store, and never builds an rdflib term of the instance
data (unless it hands over to owlrl).

It computes what `kg.reason.run(asserted, imports, "fast")` computes, with the same rules, the same
triggers and the same messages (see kg.rules and kg.reason):

  * the asserted graph is split as `kg.rules.split` splits it; the schema part (the ontology: a few
    thousand triples, blank nodes included) is turned into rdflib triples and closed by owlrl with
    the imports, through the same on-disk caches as the fast path (`kg.rules.cached`);
  * the instance data is closed against that schema closure by a port of `kg.rules.close` whose
    terms are the N-Triples text of each term as pyoxigraph writes it (`str(term)`), interned:
    Python's own strings hash once and compare fast, where rdflib's terms hash in Python code.
    Literals are told apart by their opening quote, blank nodes by `_:`;
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

import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph
from owlrl.DatatypeHandling import AltXSDToPYTHON
from owlrl.Namespaces import ERRNS
from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg import reason as reasoning
from kg import rules
from kg.errors import EXIT_NONCONFORMANT, KGError
from kg.namespaces import bind_prefixes

Text = str  # a term as N-Triples text: <iri>, _:label, "literal"@lang or "literal"^^<datatype>
TextTriple = tuple[Text, Text, Text]


def text(term: Node) -> Text:
    """An rdflib term as the N-Triples text pyoxigraph gives it (`str()` of its term)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.language:
            return str(pyoxigraph.Literal(str(term), language=term.language))
        if term.datatype is None or term.datatype == XSD.string:
            return str(pyoxigraph.Literal(str(term)))
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
    simple literal (rdflib reads "x" without a datatype) or a language-tagged one."""
    return suffix[2:] if suffix.startswith("^^") and suffix != f"^^<{XSD.string}>" else None


def rdflib_term(term: Text) -> Node:
    """Back from text to an rdflib term (to word a message the way kg.reason does)."""
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


def _t(node: Node) -> Text:
    return sys.intern(text(node))


TYPE, FIRST, REST, NIL = _t(RDF.type), _t(RDF.first), _t(RDF.rest), _t(RDF.nil)
SUBCLASS, SUBPROPERTY = _t(RDFS.subClassOf), _t(RDFS.subPropertyOf)
DOMAIN, RANGE = _t(RDFS.domain), _t(RDFS.range)
_OWL_IRI, _RDFS_IRI = f"<{OWL}", f"<{RDFS}"
_SCHEMA_PREDICATES = {SUBCLASS, SUBPROPERTY, DOMAIN, RANGE}
_LIST = (FIRST, REST)
_SCHEMA_TYPES = {_t(RDF.Property), _t(RDF.List)}
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
        "hasValue intersectionOf inverseOf onProperty propertyChainAxiom sameAs "
        "someValuesFrom sourceIndividual"
    ).split()
}

# The noise filter of kg.reason (`is_noise`) over text.
_BUILTIN = tuple(f"<{ns}" for ns in reasoning._BUILTIN)
_REFLEXIVE = {_t(p) for p in reasoning._REFLEXIVE}
_TRIVIAL_OBJECTS = {_t(o) for o in reasoning._TRIVIAL_OBJECTS}
_TYPING = {_t(p) for p in reasoning._TYPING}


def is_noise(s: Text, p: Text, o: Text) -> bool:
    """`kg.reason.is_noise` for a triple of text."""
    if s[0] == '"' or s[0] == "_" or o[0] == "_":
        return True
    if p in _REFLEXIVE and s == o:
        return True
    if s.startswith(_BUILTIN):
        return True
    return p in _TYPING and o in _TRIVIAL_OBJECTS


def read(store: pyoxigraph.Store, graph: pyoxigraph.NamedNode) -> list[TextTriple]:
    """The triples of a named graph of `store`, as interned text."""
    intern = sys.intern
    return [
        (intern(str(q.subject)), intern(str(q.predicate)), intern(str(q.object)))
        for q in store.quads_for_pattern(None, None, None, graph)
    ]


def split(triples: list[TextTriple]) -> tuple[list[TextTriple], list[TextTriple]]:
    """`kg.rules.split` over text: the schema (every triple of a subject that any schema triple
    is about) and the data."""
    schema_predicate: dict[Text, bool] = {}
    schema_type: dict[Text, bool] = {}
    schema_subjects = set()
    for s, p, o in triples:
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
    for triple in triples:
        if triple[0] in schema_subjects or triple[2][0] == "_":
            schema.append(triple)
        else:
            data.append(triple)
    return schema, data


def to_rdflib(triples: Iterable[TextTriple]) -> Graph:
    """Triples of text as an rdflib graph (blank nodes keep their labels)."""
    lines = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
    return Graph().parse(data=lines, format="nt")


def used_datatypes(triples: Iterable[TextTriple]) -> set[Text]:
    """`kg.rules.used_datatypes` over text."""
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


@dataclass
class Closure:
    """The closure of the data against the schema closure (see kg.rules.Closure), over text."""

    pairs: dict[Text, set[tuple[Text, Text]]]
    types: dict[Text, frozenset]
    new_pairs: dict[Text, set[tuple[Text, Text]]]
    asserted_types: dict[Text, set]

    def derived(self) -> Iterable[TextTriple]:
        """Every triple the rules added (literals' own types left out: they are noise)."""
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


def close(
    schema_closure: list[TextTriple], data: Iterable[TextTriple], schema_values: dict
) -> Closure:
    """`kg.rules.close` over text: the closure of `data` against `schema_closure`; raises
    kg.rules.Trigger naming the rule when a rule outside the fast path would fire.
    `schema_values`: the schema closure's max cardinalities by restriction (their numbers)."""
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
    kinds: dict[Text, set[Text]] = defaultdict(set)
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

    # The property rules, semi-naively, as kg.rules.close applies them.
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
            raise rules.Trigger(f"a derived {p} triple (owlrl's schema and equality rules)")

    # The types: asserted, by domains and ranges, literals' datatypes; then closed under the
    # subclass hierarchy and the intersections, once per distinct set of direct types.
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
            raise rules.Trigger(f"{_n3(node)} derived to be a {_n3(c)} (owlrl's schema rules)")
    if any(_O["Nothing"] in classes for classes in distinct):
        raise rules.Trigger("a member of owl:Nothing (cls-nothing2, whose message owlrl words)")
    closure = Closure(pairs, types, new_pairs, asserted_types)
    _check_triggers(closure, kinds, schema_pairs, first, rest, schema_values)
    return closure


def _n3(term: Text) -> str:
    """A term as kg.rules names it in a Trigger (rdflib's n3, no prefixes)."""
    return rdflib_term(term).n3()


def _members(types: dict[Text, frozenset], wanted: set[Text]) -> dict[Text, set[Text]]:
    members: dict[Text, set[Text]] = defaultdict(set)
    if not wanted:
        return members
    for node, classes in types.items():
        for c in classes & wanted:
            members[c].add(node)
    return members


def _check_triggers(closure: Closure, kinds, schema_pairs, first, rest, at_most) -> None:
    """`kg.rules._check_triggers` over text."""
    pairs, types = closure.pairs, closure.types
    for p in kinds[_O["FunctionalProperty"]]:
        if len(pairs.get(p, ())) != len({s for s, _ in pairs.get(p, ())}):
            raise rules.Trigger(f"functional property {_n3(p)} with two values (prp-fp)")
    for p in kinds[_O["InverseFunctionalProperty"]]:
        if len(pairs.get(p, ())) != len({o for _, o in pairs.get(p, ())}):
            raise rules.Trigger(f"inverse functional property {_n3(p)} shared (prp-ifp)")
    for p in kinds[_O["IrreflexiveProperty"]]:
        if any(s == o for s, o in pairs.get(p, ())):
            raise rules.Trigger(f"irreflexive property {_n3(p)} (prp-irp)")
    for p in kinds[_O["AsymmetricProperty"]]:
        links = pairs.get(p, set())
        if any((o, s) in links for s, o in links):
            raise rules.Trigger(f"asymmetric property {_n3(p)} (prp-asyp)")
    if any(s != o for s, o in pairs.get(_O["sameAs"], ())):
        raise rules.Trigger("owl:sameAs (eq-*)")
    if pairs.get(_O["sourceIndividual"]):
        raise rules.Trigger("a negative property assertion (prp-npa)")
    on_property = dict(schema_pairs.get(_O["onProperty"], ()))
    values_from = dict(schema_pairs.get(_O["allValuesFrom"], ()))
    has_value = dict(schema_pairs.get(_O["hasValue"], ()))
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
                raise rules.Trigger(
                    f"a value of an allValuesFrom restriction on {_n3(p)} (cls-avf)"
                )
            if r in has_value and has_value[r] not in here:
                raise rules.Trigger(f"a member of a hasValue restriction on {_n3(p)} (cls-hv1)")
            if r in at_most and len(set(here)) > (0 if at_most[r] == 0 else 1):
                raise rules.Trigger(
                    f"a max cardinality restriction on {_n3(p)} (cls-maxc, cls-maxqc)"
                )
    for r, value in has_value.items():
        p = on_property.get(r)
        if p is not None and any(
            o == value and r not in types.get(s, ()) for s, o in pairs.get(p, ())
        ):
            raise rules.Trigger(f"a value of a hasValue restriction on {_n3(p)} (cls-hv2)")
    thing = _O["Thing"]
    for r, c in schema_pairs.get(_O["someValuesFrom"], ()):
        p = on_property.get(r)
        for s, o in pairs.get(p, ()) if p is not None else ():
            if r not in types.get(s, ()) and (c == thing or c in types.get(o, ())):
                raise rules.Trigger(
                    f"a value of a someValuesFrom restriction on {_n3(p)} (cls-svf)"
                )
    for c1, c2 in complements:
        if members.get(c1, set()) & members.get(c2, set()):
            raise rules.Trigger(f"a member of {_n3(c1)} and its complement (cls-com)")
    for c, props in keyed.items():
        if props and len(members.get(c, ())) > 1:
            with_key = {s for s, _ in pairs.get(props[0], ())} & members[c]
            if with_key:
                raise rules.Trigger(f"a key of {_n3(c)} (prp-key)")
    checked = {node for node in types if node[0] == '"'}
    for literal, datatype in _literal_datatypes(checked).items():
        if datatype in _CHECKED:
            try:
                _CHECKED[datatype](lexical(literal))
            except ValueError:
                raise rules.Trigger(
                    f"literal {_n3(literal)} not of its datatype (dt-not-type)"
                ) from None


def inconsistencies(closed: Closure, schema_graph: Graph, used: set[Text]) -> list[str]:
    """`kg.reason._fast_inconsistencies` over text: the same messages in the same order."""
    problems: list[str] = []
    nm = bind_prefixes(Graph()).namespace_manager
    used_rdflib = {URIRef(d[1:-1]) for d in used}
    extra = rules.datatype_disjointness(used_rdflib)
    class_pairs = reasoning._disjoint_pairs(
        schema_graph, OWL.disjointWith, OWL.AllDisjointClasses, extra
    )
    members = _members(closed.types, {_t(c) for pair in class_pairs for c in pair})
    for c1, c2 in class_pairs:
        shared = members.get(_t(c1), set()) & members.get(_t(c2), set())
        for s in sorted(rdflib_term(node) for node in shared):
            problems.append(
                f"{s.n3(nm)} is a member of disjoint classes {c1.n3(nm)} and {c2.n3(nm)}"
            )
    pairs = closed.pairs
    for p1, p2 in reasoning._disjoint_pairs(
        schema_graph, OWL.propertyDisjointWith, OWL.AllDisjointProperties
    ):
        shared = pairs.get(_t(p1), set()) & pairs.get(_t(p2), set())
        for s, o in sorted((rdflib_term(s), rdflib_term(o)) for s, o in shared):
            problems.append(
                f"{s.n3(nm)} and {o.n3(nm)} are linked by disjoint properties "
                f"{p1.n3(nm)} and {p2.n3(nm)}"
            )
    return problems


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


def _inconsistent(problems: list[str]) -> KGError:
    return KGError(
        "inconsistent graph: " + "; ".join(problems),
        where="reasoning",
        exit_code=EXIT_NONCONFORMANT,
    )


def _fast(
    store: pyoxigraph.Store,
    asserted: pyoxigraph.NamedNode,
    inferred: pyoxigraph.NamedNode,
    imports: Graph,
    laps: reasoning._Laps,
) -> str | None:
    """The fast path: the layer written into `inferred`, or why it hands over to owlrl."""
    schema_text, data = split(read(store, asserted))
    laps.lap("read")
    schema = list(to_rdflib(schema_text))
    schema_closure = rules.cached(
        "schema", [*schema, *imports], lambda g: list(reasoning.closure(g))
    )
    if any(p == ERRNS.error for _, p, _ in schema_closure):
        return "owlrl reports a clash in the schema"
    theirs = rules.cached(
        "imports",
        imports,
        lambda g: frozenset(t for t in reasoning.closure(g) if not reasoning.is_noise(*t)),
    )
    at_most = {
        _t(r): n.toPython() if isinstance(n, Literal) else _t(n)
        for r, p, n in schema_closure
        if p in (OWL.maxCardinality, OWL.maxQualifiedCardinality)
    }
    schema_closure_text = [(_t(s), _t(p), _t(o)) for s, p, o in schema_closure]
    laps.lap("schema")
    used = used_datatypes(data) | used_datatypes(schema_text)
    used |= {_t(d) for d in rules.used_datatypes(imports)}
    try:
        closed = close(schema_closure_text, data, at_most)
    except rules.Trigger as trigger:
        return str(trigger)
    del data
    laps.lap("rules")
    schema_graph = Graph()
    for triple in schema_closure:
        schema_graph.add(triple)
    problems = inconsistencies(closed, schema_graph, used)
    if problems:
        raise _inconsistent(problems)
    laps.lap("consistency")
    theirs_text = {(text(s), text(p), text(o)) for s, p, o in theirs}
    store.clear_graph(inferred)
    layer = [
        triple
        for triple in schema_closure_text
        if not is_noise(*triple)
        and triple not in theirs_text
        and pyoxigraph.Quad(*(_oxigraph(t) for t in triple), asserted) not in store
    ]
    _write(store, inferred, layer)
    _write(
        store,
        inferred,
        (t for t in closed.derived() if not is_noise(*t) and t not in theirs_text),
    )
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
    kg.reason.AUTO_THRESHOLD asserted triples on), as kg.reason.run takes it."""
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
