"""A stored query's parameters as typed RDF terms: values as typed, else the header's defaults.

Entities resolve through the engine (kg.query.names) and must be instances of the parameter's
class, in the full graph (subclasses count). Errors locate the parameter, or for a default the
.rq file and header line; the shells render the location.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import pyoxigraph

from kg.catalogue import LANG_PARAMETER, LANGUAGES, Parameter, StoredQuery, check_value
from kg.catalogue.header import period_datatype
from kg.engines import FULL, Engine, Term, run
from kg.errors import KGError, Location
from kg.namespaces import ASSERTED_GRAPH_IRI, PREFIX_IRIS, RESOURCE_BASE, compact
from kg.query.names import local_name, names, normalise, resolve
from kg.sparql import uses_variable

_XSD = PREFIX_IRIS["xsd"]
_IS_A = "ASK { ?value rdf:type/rdfs:subClassOf* ?class }"
_ASSERTED_TYPES = f"""
SELECT DISTINCT ?kind WHERE {{ GRAPH <{ASSERTED_GRAPH_IRI}> {{ ?value rdf:type ?kind }}
  FILTER isIRI(?kind) }}"""
_SUPERCLASSES = "SELECT DISTINCT ?super WHERE { ?kind rdfs:subClassOf+ ?super }"
_MEMBERS = f"""
SELECT DISTINCT ?member WHERE {{ ?member rdf:type ?class
  FILTER(isIRI(?member) && STRSTARTS(STR(?member), "{RESOURCE_BASE}")) }}"""


def _most_specific(engine: Engine, kinds: list[str]) -> list[str]:
    """`kinds` without those that are superclasses of another of them."""
    supers: set[str] = set()
    for kind in kinds:
        rows = run(engine, _SUPERCLASSES, FULL, {"kind": pyoxigraph.NamedNode(kind)}).rows
        supers.update(row[0].value for row in rows if row[0].value != kind)
    return sorted(k for k in kinds if k not in supers)


def _check_class(
    engine: Engine, parameter: Parameter, value: str, iri: pyoxigraph.NamedNode, where: Location
) -> None:
    """Refuse a resource that is not an instance of the parameter's class, saying what it is,
    what was expected, and which instances of the class the value comes close to."""
    expected = parameter.class_iri
    if expected is None:
        return
    cls = pyoxigraph.NamedNode(expected)
    if run(engine, _IS_A, FULL, {"value": iri, "class": cls}).boolean:
        return
    asserted = [row[0].value for row in run(engine, _ASSERTED_TYPES, FULL, {"value": iri}).rows]
    kinds = _most_specific(engine, asserted)
    what = ", ".join(compact(k) for k in kinds) if kinds else "no rdf:type"
    members = {row[0].value for row in run(engine, _MEMBERS, FULL, {"class": cls}).rows}
    table = {name: found & members for name, found in names(engine).items() if found & members}
    close = difflib.get_close_matches(normalise(value), sorted(table), n=5, cutoff=0.6)
    candidates = sorted({local_name(m) for name in close for m in table[name]})
    if candidates:
        hint = f"; did you mean {', '.join(candidates)}?"
    elif 0 < len(members) <= 10:
        hint = f", one of {', '.join(sorted(local_name(m) for m in members))}"
    else:
        hint = ""
    raise KGError(
        f"{value.strip()!r} is {compact(iri.value)} ({what}); "
        f"expected an instance of {parameter.of_class}{hint}",
        where=where,
    )


def term(
    engine: Engine, parameter: Parameter, value: str, where: Location, suggest: bool = True
) -> Term:
    """`value`, as typed, as the RDF term the parameter takes (an unknown entity's error
    suggests close names when `suggest`: kg.query.names.resolve)."""
    problem = check_value(parameter.type, value)
    if problem is not None:
        raise KGError(problem, where=where)
    if parameter.type == "date":
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(_XSD + "date"))
    if parameter.type == "period":
        datatype = period_datatype(value)
        assert datatype is not None  # check_value refused the others
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(_XSD + datatype))
    if parameter.type == "integer":
        # The canonical lexical form, without int(): a 5000-digit value is a value too (Python
        # refuses to convert more than 4300 digits), and Oxigraph compares it exactly.
        sign, digits = ("-", value[1:]) if value.startswith("-") else ("", value.lstrip("+"))
        digits = digits.lstrip("0") or "0"
        lexical = digits if digits == "0" else sign + digits
        return pyoxigraph.Literal(lexical, datatype=pyoxigraph.NamedNode(_XSD + "integer"))
    if parameter.type == "language":  # a plain literal, as LANG() gives a tag
        return pyoxigraph.Literal(value)
    if parameter.type == "entity":
        iri = resolve(engine, value, where, suggest)
        _check_class(engine, parameter, value, iri, where)
        return iri
    try:
        return pyoxigraph.Literal(value)
    except ValueError:  # a lone surrogate: what Python makes of bytes that are not UTF-8
        raise KGError("not Unicode text (bytes that are not UTF-8?)", where=where) from None


def _default_term(engine: Engine, query: StoredQuery, parameter: Parameter) -> Term:
    """The parameter's default as a term; a default that does not resolve, or is not of the
    parameter's class, is an error in the header: it names the file and line."""
    assert parameter.default is not None
    where = Location(file=str(query.path), line=parameter.line)
    try:
        return term(engine, parameter, parameter.default, where)
    except KGError as err:
        raise KGError(f"default of {parameter.name}: {err.message}", where=err.where) from None


def check_defaults(engine: Engine, queries: Mapping[str, StoredQuery]) -> None:
    """Check that every parameter default of `queries` is a valid value on the engine's graph:
    every entity default names one resource, of the parameter's class. The first failure is a
    KGError naming the .rq file and the header line."""
    for query in queries.values():
        for parameter in query.parameters:
            if parameter.default is not None:
                _default_term(engine, query, parameter)


def bind_parameters(
    engine: Engine, query: StoredQuery, values: Mapping[str, str]
) -> dict[str, Term]:
    """Typed RDF terms for the query's parameters: the given text values, else the defaults.
    Unknown, missing and ill-typed values are errors locating the parameter."""
    declared = [p.name for p in query.parameters]
    for name in values:
        if name not in declared:
            takes = f"takes {', '.join(declared)}" if declared else "takes no parameters"
            raise KGError(
                f"unknown parameter: {query.name} {takes}", where=Location(parameter=name)
            )
    bindings: dict[str, Term] = {}
    for parameter in query.parameters:
        if parameter.name in values:
            where = Location(parameter=parameter.name)
            bindings[parameter.name] = term(engine, parameter, values[parameter.name], where)
        elif parameter.default is not None:
            bindings[parameter.name] = _default_term(engine, query, parameter)
        else:
            raise KGError(
                f"missing required {parameter.type} parameter: {parameter.description}",
                where=Location(parameter=parameter.name),
            )
    return bindings


def parse_param_options(options: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--param KEY=VALUE` options as a dict; a malformed or repeated one is an error."""
    values: dict[str, str] = {}
    for option in options:
        key, equals, value = option.partition("=")
        key = key.strip()
        if not equals or not key:
            raise KGError(
                f"expected KEY=VALUE, got {option!r}", where=Location(parameter=key or option)
            )
        if key in values:
            raise KGError("given twice", where=Location(parameter=key))
        values[key] = value
    return values


def with_language(
    query: StoredQuery, values: Mapping[str, str], lang: str | None, where: Location
) -> dict[str, str]:
    """`values` with the `lang` given on its own (the CLI's --lang, the API's lang=): refused,
    located at `where`, when it is not a language of the labels, when `values` has it too, or
    when the query has no ?lang."""
    if lang is None:
        return dict(values)
    if (problem := check_value("language", lang)) is not None:
        raise KGError(problem, where=where)
    if LANG_PARAMETER in values:
        raise KGError(f"given twice (here and as parameter {LANG_PARAMETER})", where=where)
    if not any(p.name == LANG_PARAMETER for p in query.parameters):
        raise KGError(
            f"{query.name} returns no labels: its query has no ?{LANG_PARAMETER}", where=where
        )
    return {**values, LANG_PARAMETER: lang}


def language_bindings(text: str, lang: str | None, where: Location) -> dict[str, Term]:
    """The binding of ?lang for ad hoc SPARQL `text`: `lang` (default en) when the text uses
    ?lang, none when it does not; a `lang` the labels do not have, or given to a text without
    ?lang, is an error located at `where`."""
    if lang is not None and (problem := check_value("language", lang)) is not None:
        raise KGError(problem, where=where)
    if not uses_variable(text, LANG_PARAMETER):
        if lang is not None:
            raise KGError(f"the query has no ?{LANG_PARAMETER} to bind", where=where)
        return {}
    return {LANG_PARAMETER: pyoxigraph.Literal(lang or LANGUAGES[0])}
