"""Stage 2: OWL 2 RL reasoning with owlrl; the inferred triples are kept as a layer of their own.

owlrl's closure carries noise that says nothing about the domain; `reason()` drops it:
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
"""

from __future__ import annotations

from itertools import combinations

import owlrl
import rdflib.term
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg.errors import EXIT_NONCONFORMANT, KGError
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


def is_noise(s, p, o) -> bool:
    if isinstance(s, Literal) or isinstance(s, BNode) or isinstance(o, BNode):
        return True
    if p in _REFLEXIVE and s == o:
        return True
    if str(s).startswith(_BUILTIN):
        return True
    return p in (RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range) and o in _TRIVIAL_OBJECTS


def closure(asserted: Graph) -> Graph:
    """The full OWL 2 RL closure of `asserted` (a copy; `asserted` is not changed)."""
    full = bind_prefixes(Graph())
    for triple in asserted:
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


def _disjoint_pairs(full: Graph) -> set[tuple[Node, Node]]:
    """Every pair of classes declared disjoint, by owl:disjointWith or owl:AllDisjointClasses."""
    pairs = set(full.subject_objects(OWL.disjointWith))
    for axiom in full.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in full.objects(axiom, OWL.members):
            classes = list(Collection(full, members))
            pairs.update(combinations(classes, 2))
    return pairs


def inconsistencies(full: Graph) -> list[str]:
    """Resources typed owl:Nothing, members of two disjoint classes (named with the project's
    prefixes), then every other clash owlrl detects. owlrl records those as
    `[] ERRNS:error "..."` nodes, which the noise filter would otherwise drop: x owl:sameAs and
    owl:differentFrom y, an irreflexive or asymmetric property misused, a literal that is not of
    its datatype... Its own "Disjoint classes" messages repeat ours, less readably."""
    problems: list[str] = []
    nm = full.namespace_manager
    for s in sorted(set(full.subjects(RDF.type, OWL.Nothing))):
        problems.append(f"{s.n3(nm)} is a member of owl:Nothing")
    for c1, c2 in sorted(_disjoint_pairs(full)):
        shared = set(full.subjects(RDF.type, c1)) & set(full.subjects(RDF.type, c2))
        for s in sorted(shared):
            problems.append(
                f"{s.n3(nm)} is a member of disjoint classes {c1.n3(nm)} and {c2.n3(nm)}"
            )
    owlrl_errors = {str(message) for message in full.objects(None, ERRNS.error)}
    problems.extend(sorted(m for m in owlrl_errors if not m.startswith("Disjoint classes ")))
    return problems


def reason(asserted: Graph) -> Graph:
    """The inferred layer: triples the closure adds to `asserted`, less owlrl's noise.
    An inconsistent graph is an error naming the resources."""
    full = closure(asserted)
    problems = inconsistencies(full)
    if problems:
        raise KGError(
            "inconsistent graph: " + "; ".join(problems),
            where="reasoning",
            exit_code=EXIT_NONCONFORMANT,
        )
    inferred = bind_prefixes(Graph())
    for triple in full:
        if triple not in asserted and not is_noise(*triple):
            inferred.add(triple)
    return inferred
