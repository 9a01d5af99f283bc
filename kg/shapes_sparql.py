"""Stage 3, fast path: the SHACL shapes compiled into SPARQL queries run on an Oxigraph store.

pySHACL (kg.validate) is the reference; this path gives the same results (focus node, source
shape, path, value, constraint component) on every fixture and on the real graph
(tests/test_validate_fast.py), in a fraction of the time on large graphs. Each constraint of a
shape becomes one SELECT whose rows are its violations, over all focus nodes at once:

  * targets (sh:targetClass, sh:targetSubjectsOf, sh:targetObjectsOf, sh:targetNode) become a
    pattern binding ?this; a class target follows the data graph's asserted rdfs:subClassOf, as
    pySHACL does without inference (`rdf:type/rdfs:subClassOf*`);
  * a value constraint (sh:class, sh:datatype, sh:nodeKind, sh:pattern, sh:in, sh:languageIn,
    sh:minLength, sh:maxLength, sh:minInclusive..., sh:node, sh:or, sh:and, sh:not) becomes a
    boolean expression on ?value; value shapes used through sh:node / sh:or / sh:and / sh:not /
    sh:qualifiedValueShape are inlined that way;
  * sh:minCount, sh:maxCount, sh:qualifiedMinCount / MaxCount group by focus node; sh:uniqueLang,
    sh:equals, sh:lessThan compare a focus node's values;
  * a SHACL-SPARQL constraint's SELECT is joined with the shape's targets (its $this bound by the
    join rather than pre-bound: the same answer for queries whose $this occurs in a triple pattern
    of the top-level group, which every constraint of ontology/shapes.ttl does).

A shape using anything else (a path that is not a plain property, sh:closed,
sh:qualifiedValueShapesDisjoint, sh:xone, a value shape with property shapes, ...) raises
`Unsupported` naming the shape and the feature: `kg.validate` then refuses (`fast`) or falls back
to pySHACL (`auto`). sh:datatype checks the lexical form of the XSD types in `_LEXICAL` (as
rdflib's ill-typed literals do); other datatypes are checked by IRI only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg.namespaces import SH


class Unsupported(Exception):
    """A shape the fast validator cannot compile; says which and why."""

    def __init__(self, shape: Node, feature: str) -> None:
        super().__init__(f"{shape}: {feature}")
        self.shape = shape
        self.feature = feature


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a SELECT of ?this (and ?value, ?path, message variables):
    every row is a violation."""

    shape: URIRef
    component: URIRef
    query: str
    path: URIRef | None
    messages: tuple[Literal, ...]
    severity: URIRef
    constraint: Node | None = None  # the sh:SPARQLConstraint node, for SHACL-SPARQL
    datatype: URIRef | None = None  # sh:datatype, checked in Python on the rdflib graph's values


# Oxigraph stores a literal of a type derived from xsd:integer or xsd:decimal as an xsd:integer
# or xsd:decimal, so sh:datatype is checked on the rdflib graph (as pySHACL does) for the shapes'
# own values; inside sh:or / sh:node it is compiled to SPARQL only for the types below, whose
# datatype Oxigraph keeps, with their lexical forms (rdflib's ill-typed literals fail it).
_TZ = r"(Z|[+-][0-9]{2}:[0-9]{2})?"
_LEXICAL = {
    XSD.string: "",
    XSD.boolean: "^(true|false|1|0)$",
    XSD.date: f"^-?[0-9]{{4,}}-[0-9]{{2}}-[0-9]{{2}}{_TZ}$",
    XSD.gYearMonth: f"^-?[0-9]{{4,}}-[0-9]{{2}}{_TZ}$",
    XSD.gYear: f"^-?[0-9]{{4,}}{_TZ}$",
    XSD.dateTime: f"^-?[0-9]{{4,}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}"
    f"(\\.[0-9]+)?{_TZ}$",
    XSD.duration: r"^-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9.]+S)?)?$",
}
# sh:datatype at the top of a shape is judged in Python on the values as written (run_checks);
# SPARQL first sets aside the focus nodes whose every value is certainly of the datatype, so
# only the rest is read back: a string or a language-tagged string by its datatype, a date,
# gYear, gYearMonth, dateTime or duration by its datatype, its lexical form and a cast that
# gives the same term back (Oxigraph keeps these types as written; an ill-typed value fails
# the cast). Numbers and booleans, which Oxigraph normalises, are always read back.
_PROVABLE = (XSD.date, XSD.gYear, XSD.gYearMonth, XSD.dateTime, XSD.duration)


def _datatype_proof(datatype: Node, v: str) -> str | None:
    """A SPARQL expression true only of a value that is certainly of `datatype`; None when
    there is none (every value is then judged in Python)."""
    test = f"isLiteral({v}) && DATATYPE({v}) = {_iri(datatype)}"
    if datatype in (XSD.string, RDF.langString):
        return test
    if datatype in _PROVABLE:
        cast = f"COALESCE(sameTerm({_iri(datatype)}(STR({v})), {v}), false)"
        return f"{test} && REGEX(STR({v}), {_string(_LEXICAL[datatype])}) && {cast}"
    return None


_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_COMPARISONS = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
# What a shape may say besides its constraints (sh:name and the like do not change results).
_STRUCTURAL = {
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    SH.property,
    SH.path,
    SH.message,
    SH.severity,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.declare,
    SH.prefixes,
}
_VALUE_PARAMETERS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.pattern,
    SH.flags,
    SH["in"],
    SH.languageIn,
    SH.minLength,
    SH.maxLength,
    SH.node,
    SH["or"],
    SH["and"],
    SH["not"],
    *_COMPARISONS,
}
_PROPERTY_PARAMETERS = {
    SH.minCount,
    SH.maxCount,
    SH.uniqueLang,
    SH.equals,
    SH.lessThan,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
}


def _iri(term: Node) -> str:
    return f"<{term}>"


def _literal(term: Node) -> str:
    """A term as SPARQL (IRIs and literals; rdflib's n3() escapes as SPARQL does)."""
    if isinstance(term, BNode):
        raise ValueError("blank node")
    return term.n3()


def _string(text: str) -> str:
    return Literal(str(text)).n3()


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def one(self, shape: Node, parameter: URIRef) -> Node:
        values = list(self.g.objects(shape, parameter))
        if len(values) != 1:
            raise Unsupported(shape, f"{len(values)} values of {parameter.n3()}")
        return values[0]

    # value expressions -------------------------------------------------------------------

    def value_expressions(
        self, shape: Node, v: str, datatypes: bool = True
    ) -> Iterator[tuple[URIRef, str]]:
        """(component, expression true when `v` satisfies it) for each value constraint of
        `shape` itself (sh:datatype left out unless `datatypes`)."""
        g = self.g
        for cls in g.objects(shape, SH["class"]):
            yield SH.ClassConstraintComponent, f"EXISTS {{ {v} a/<{RDF_SUB}>* {_iri(cls)} }}"
        for datatype in g.objects(shape, SH.datatype) if datatypes else ():
            if datatype not in _LEXICAL:
                raise Unsupported(shape, f"sh:datatype {datatype} inside a value shape")
            test = f"isLiteral({v}) && DATATYPE({v}) = {_iri(datatype)}"
            if _LEXICAL[datatype]:
                test += f" && REGEX(STR({v}), {_string(_LEXICAL[datatype])})"
            yield SH.DatatypeConstraintComponent, f"COALESCE({test}, false)"
        for kind in g.objects(shape, SH.nodeKind):
            if kind not in _NODE_KINDS:
                raise Unsupported(shape, f"sh:nodeKind {kind}")
            yield SH.NodeKindConstraintComponent, _NODE_KINDS[kind].format(v=v)
        flags = [str(f) for f in g.objects(shape, SH.flags)]
        for pattern in g.objects(shape, SH.pattern):
            arguments = _string(pattern) + (f", {_string(flags[0])}" if flags else "")
            yield (
                SH.PatternConstraintComponent,
                f"COALESCE(!isBlank({v}) && REGEX(STR({v}), {arguments}), false)",
            )
        for members in g.objects(shape, SH["in"]):
            tests = [f"sameTerm({v}, {_literal(m)})" for m in self.items(members)] or ["false"]
            yield SH.InConstraintComponent, "(" + " || ".join(tests) + ")"
        for ranges in g.objects(shape, SH.languageIn):
            tests = [f"LANGMATCHES(LANG({v}), {_string(t)})" for t in self.items(ranges)]
            yield SH.LanguageInConstraintComponent, f"COALESCE({' || '.join(tests)}, false)"
        for parameter, op, component in (
            (SH.minLength, ">=", SH.MinLengthConstraintComponent),
            (SH.maxLength, "<=", SH.MaxLengthConstraintComponent),
        ):
            for n in g.objects(shape, parameter):
                yield component, f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) {op} {int(n)}, false)"
        for parameter, op in _COMPARISONS.items():
            for bound in g.objects(shape, parameter):
                name = str(parameter).removeprefix(str(SH))
                component = SH[name[0].upper() + name[1:] + "ConstraintComponent"]
                yield component, f"COALESCE({v} {op} {_literal(bound)}, false)"
        for node in g.objects(shape, SH.node):
            yield SH.NodeConstraintComponent, self.conforms(node, v)
        for members in g.objects(shape, SH["or"]):
            tests = [self.conforms(s, v) for s in self.items(members)] or ["false"]
            yield SH.OrConstraintComponent, "(" + " || ".join(tests) + ")"
        for members in g.objects(shape, SH["and"]):
            tests = [self.conforms(s, v) for s in self.items(members)] or ["true"]
            yield SH.AndConstraintComponent, "(" + " && ".join(tests) + ")"
        for node in g.objects(shape, SH["not"]):
            yield SH.NotConstraintComponent, f"!{self.conforms(node, v)}"

    def conforms(self, shape: Node, v: str) -> str:
        """An expression true when `v` conforms to the value shape `shape` (a node shape of
        value constraints only)."""
        self.check_parameters(shape, _VALUE_PARAMETERS)
        if (shape, SH.property, None) in self.g or (shape, SH.sparql, None) in self.g:
            raise Unsupported(shape, "a value shape with property or SPARQL constraints")
        if (shape, SH.deactivated, Literal(True)) in self.g:
            return "true"
        tests = [expression for _, expression in self.value_expressions(shape, v)]
        return "(" + " && ".join(tests or ["true"]) + ")"

    def check_parameters(self, shape: Node, allowed: set[URIRef]) -> None:
        for parameter in set(self.g.predicates(shape)):
            if str(parameter).startswith(str(SH)) and parameter not in allowed | _STRUCTURAL:
                raise Unsupported(shape, f"{parameter.n3(self.g.namespace_manager)}")
            if parameter == SH.path and not isinstance(self.g.value(shape, SH.path), URIRef):
                raise Unsupported(shape, "an sh:path that is not a plain property")
        if (shape, SH.qualifiedValueShapesDisjoint, Literal(True)) in self.g:
            raise Unsupported(shape, "sh:qualifiedValueShapesDisjoint")

    # targets and checks -------------------------------------------------------------------

    def targets(self, shape: Node) -> list[str]:
        g = self.g
        templates = {
            SH.targetClass: "{{ ?this a/<" + RDF_SUB + ">* {} }}",
            SH.targetSubjectsOf: "{{ ?this {} [] }}",
            SH.targetObjectsOf: "{{ [] {} ?this }}",
            SH.targetNode: "{{ VALUES ?this {{ {} }} }}",
        }
        return [
            template.format(_literal(term))
            for parameter, template in templates.items()
            for term in g.objects(shape, parameter)
        ]

    def checks(self) -> list[Check]:
        g = self.g
        shapes = set(g.subjects(RDF.type, SH.NodeShape))
        shapes |= set(g.subjects(RDF.type, SH.PropertyShape)) | set(g.objects(None, SH.property))
        # A property shape's focus nodes are those of the node shapes that list it.
        focus: dict[Node, list[str]] = {}
        for shape in shapes:
            if (shape, SH.deactivated, Literal(True)) in g:
                continue
            own = self.targets(shape)
            if own:
                focus.setdefault(shape, []).extend(own)
                for member in g.objects(shape, SH.property):
                    focus.setdefault(member, []).extend(own)
        checks: list[Check] = []
        for shape in sorted(focus, key=str):
            if (shape, SH.deactivated, Literal(True)) in g:
                continue
            if isinstance(shape, BNode):
                raise Unsupported(shape, "a blank-node shape (results would not name it)")
            union = " UNION ".join(sorted(set(focus[shape])))
            target = "{ SELECT DISTINCT ?this WHERE { " + union + " } }"
            checks += self.shape_checks(shape, target)
        return checks

    def shape_checks(self, shape: URIRef, target: str) -> list[Check]:
        g = self.g
        path = g.value(shape, SH.path)
        self.check_parameters(
            shape,
            _VALUE_PARAMETERS | _PROPERTY_PARAMETERS | {SH.sparql}
            if path is not None
            else _VALUE_PARAMETERS | {SH.sparql},
        )
        messages = tuple(sorted(g.objects(shape, SH.message), key=str))
        severity = g.value(shape, SH.severity) or SH.Violation

        def check(component: URIRef, where: str, select: str = "?this ?value") -> Check:
            query = f"SELECT DISTINCT {select} WHERE {{ {target} {where} }}"
            return Check(shape, component, query, path, messages, severity)

        out = []
        values = "BIND (?this AS ?value)" if path is None else f"?this {_iri(path)} ?value ."
        for component, expression in self.value_expressions(shape, "?value", datatypes=False):
            out.append(check(component, f"{values} FILTER (!({expression}))"))
        for datatype in g.objects(shape, SH.datatype):
            proof = _datatype_proof(datatype, "?value")
            unproven = "" if proof is None else f" FILTER (!({proof}))"
            query = f"SELECT DISTINCT ?this WHERE {{ {target} {values}{unproven} }}"
            out.append(
                Check(
                    shape,
                    SH.DatatypeConstraintComponent,
                    query,
                    path,
                    messages,
                    severity,
                    datatype=datatype,
                )
            )
        for node in g.objects(shape, SH.sparql):
            out.append(self.sparql_check(shape, node, target, path, messages, severity))
        if path is None:
            return out
        p = _iri(path)

        def counted(component: URIRef, n: Node, op: str, condition: str = "") -> Check:
            query = (
                f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?value {condition} }} }}"
                f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {op} {int(n)})"
            )
            return Check(shape, component, query, path, messages, severity)

        for n in g.objects(shape, SH.minCount):
            out.append(counted(SH.MinCountConstraintComponent, n, "<"))
        for n in g.objects(shape, SH.maxCount):
            out.append(counted(SH.MaxCountConstraintComponent, n, ">"))
        if (shape, SH.uniqueLang, Literal(True)) in g:
            where = (
                f"?this {p} ?value , ?other . FILTER (!sameTerm(?value, ?other)"
                " && LANG(?value) != '' && LCASE(LANG(?value)) = LCASE(LANG(?other)))"
                " BIND (LCASE(LANG(?value)) AS ?lang)"
            )
            out.append(check(SH.UniqueLangConstraintComponent, where, "?this ?lang"))
        for other in g.objects(shape, SH.equals):
            q = _iri(other)
            where = (
                f"{{ ?this {p} ?value FILTER NOT EXISTS {{ ?this {q} ?value }} }} UNION "
                f"{{ ?this {q} ?value FILTER NOT EXISTS {{ ?this {p} ?value }} }}"
            )
            out.append(check(SH.EqualsConstraintComponent, where))
        for other in g.objects(shape, SH.lessThan):
            where = (
                f"?this {p} ?value ; {_iri(other)} ?other ."
                " FILTER (!COALESCE(?value < ?other, false))"
            )
            out.append(check(SH.LessThanConstraintComponent, where))
        qualified = list(g.objects(shape, SH.qualifiedValueShape))
        if qualified:
            value_shape = self.one(shape, SH.qualifiedValueShape)
            condition = f"FILTER ({self.conforms(value_shape, '?value')})"
            for n in g.objects(shape, SH.qualifiedMinCount):
                out.append(counted(SH.QualifiedMinCountConstraintComponent, n, "<", condition))
            for n in g.objects(shape, SH.qualifiedMaxCount):
                out.append(counted(SH.QualifiedMaxCountConstraintComponent, n, ">", condition))
        return out

    def sparql_check(self, shape, node, target, path, messages, severity) -> Check:
        g = self.g
        self.check_parameters(node, {SH.select, SH.message, SH.prefixes, SH.deactivated})
        select = g.value(node, SH.select)
        if select is None:
            raise Unsupported(node, "a SPARQL constraint without sh:select")
        prologue = "".join(
            f"PREFIX {g.value(d, SH.prefix)}: <{g.value(d, SH.namespace)}>\n"
            for ontology in g.objects(node, SH.prefixes)
            for d in g.objects(ontology, SH.declare)
        )
        text = re.sub(r"\$this\b", "?this", str(select))
        if path is not None:
            text = re.sub(r"\$PATH\b", _iri(path), text)
        other = re.search(r"\$[A-Za-z_]\w*", text)
        if other:
            raise Unsupported(node, f"a SPARQL constraint using the pre-bound {other[0]}")
        if "?this" not in text.split("WHERE", 1)[0]:
            raise Unsupported(node, "a SPARQL constraint whose SELECT does not project $this")
        query = f"{prologue}SELECT * WHERE {{ {target} {{ {text} }} }}"
        extra = tuple(m for m in sorted(g.objects(node, SH.message), key=str) if m not in messages)
        component = SH.SPARQLConstraintComponent
        return Check(shape, component, query, path, messages + extra, severity, node)


RDF_SUB = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every constraint of every shape with targets, as a SPARQL check; Unsupported when a shape
    uses what this compiler does not implement."""
    return _Compiler(shapes).checks()


def run_checks(
    store: pyoxigraph.Store, checks: list[Check], graph: Graph, default_graph: list | None = None
) -> Iterator[tuple[Check, dict[str, Node]]]:
    """Each violation: the check and its row (variable name → rdflib term). `graph` is the
    store's data as an rdflib graph, for the sh:datatype checks."""
    from kg.engines.rdflib_engine import to_rdflib

    for check in checks:
        kwargs = {} if default_graph is None else {"default_graph": default_graph}
        answer = store.query(check.query, **kwargs)
        names = [v.value for v in answer.variables]
        for solution in answer:
            row = {name: to_rdflib(solution[name]) for name in names if solution[name] is not None}
            if check.datatype is None:
                yield check, row
                continue
            focus = row["this"]
            values = [focus] if check.path is None else graph.objects(focus, check.path)
            for value in values:
                if not has_datatype(value, check.datatype):
                    yield check, {"this": focus, "value": value}


def has_datatype(value: Node, datatype: URIRef) -> bool:
    """pySHACL's sh:datatype test: a well-formed literal of that datatype (a plain literal is an
    xsd:string, a language-tagged one an rdf:langString)."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return not value.ill_typed and _python_type(value, datatype)
    if datatype in (RDFS.Literal,):
        return True
    if datatype == RDFS.Datatype:
        return value.datatype is not None
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return True
    return datatype == RDF.langString and value.language is not None


def _python_type(value: Literal, datatype: URIRef) -> bool:
    expected = {
        XSD.string: (str, bytes),
        RDF.langString: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: date,
        XSD.time: time,
        XSD.dateTime: datetime,
    }.get(datatype)
    return expected is None or isinstance(value.value, expected)
