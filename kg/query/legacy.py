"""Stage 6: answer SPARQL on the graph's layers: stored queries with typed parameters, or ad hoc.

Every query runs on an RDF dataset holding the two layers as named graphs, <…/graph/asserted> and
<…/graph/inferred> (kg.export's names), whose default graph is their union: a query sees the full
graph, and can still ask which layer a triple is in with GRAPH. `asserted_only` leaves the inferred
graph out. A third named graph, <…/graph/catalogue>, holds the stored-query catalogue as RDF
(kg.catalogue.catalogue_graph: each query a sh:SPARQLExecutable), so the catalogue can itself be
queried; it is not part of the default graph. Parameters are bound as typed RDF terms through
initBindings, never spliced into the query text, so a value is only ever a value; an entity
parameter whose header names a class must resolve to an instance of it.

Results are written in the W3C formats by rdflib's serializers (SPARQL 1.1 Query Results JSON and
CSV, SPARQL Query Results XML); rdflib has no TSV writer, so `_tsv` writes SPARQL 1.1 TSV
(terms in N-Triples form). Graph results (CONSTRUCT, DESCRIBE) use kg.export's canonical writers.
"""

from __future__ import annotations

import difflib
import io
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pyparsing import ParseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD, NamespaceManager
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import traverse
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier
from rich.console import Console
from rich.table import Table

from kg import catalogue, paths
from kg.errors import KGError
from kg.export import ASSERTED_GRAPH, INFERRED_GRAPH, serialize
from kg.namespaces import BASE, PREFIXES, RES, bind_prefixes
from kg.resolve import names, resolve_entity

if TYPE_CHECKING:
    from pathlib import Path

    from kg.graph import KnowledgeGraph

SOLUTION_FORMATS = ("table", "markdown", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "nt", "jsonld", "xml")
FORMATS = ("table", "markdown", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld")

CATALOGUE_GRAPH = URIRef(BASE + "graph/catalogue")

Rows = list[dict[str, Any]]

_catalogue_cache: dict[tuple, Graph] = {}


def _catalogue() -> Graph:
    """The stored-query catalogue as RDF, rebuilt only when a file in queries/ changes."""
    files = sorted(paths.QUERIES_DIR.glob("*.rq"))
    key = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    if key not in _catalogue_cache:
        _catalogue_cache.clear()
        _catalogue_cache[key] = catalogue.catalogue_graph()
    return _catalogue_cache[key]


def dataset(graph: KnowledgeGraph, asserted_only: bool = False) -> Dataset:
    """The layers of `graph` as named graphs of one dataset whose default graph is their union,
    plus the stored-query catalogue as the named graph <…/graph/catalogue> (not in the default
    graph: the default graph is the knowledge graph only)."""
    data = Dataset(default_union=False)
    bind_prefixes(data)
    default = data.default_graph
    layers = [(ASSERTED_GRAPH, graph.asserted)]
    if not asserted_only:
        layers.append((INFERRED_GRAPH, graph.inferred))
    for name, layer in layers:
        named = data.graph(name)
        data.addN((s, p, o, named) for s, p, o in layer)
        data.addN((s, p, o, default) for s, p, o in layer)
    named = data.graph(CATALOGUE_GRAPH)
    data.addN((s, p, o, named) for s, p, o in _catalogue())
    return data


def _locate(text: str, pattern: str) -> str:
    """`:line:column` of the first match of `pattern` in `text`, or '' when it is absent."""
    match = re.search(pattern, text)
    if match is None:
        return ""
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return f":{line}:{column}"


def _refuse_remote_access(query: Query, text: str, source: str) -> None:
    """Queries run on the local graph only: SERVICE, FROM and FROM NAMED would make rdflib fetch
    data from the network, so they are refused."""
    services: list[CompValue] = []

    def visit(node: object) -> None:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            services.append(node)

    traverse(query.algebra, visitPre=visit)
    if services:
        position = _locate(text, r"(?i)\bSERVICE\b")
        raise KGError(
            "SERVICE is not supported: queries run on the local graph only",
            where=f"{source}{position}",
        )
    if query.algebra.get("datasetClause"):
        position = _locate(text, r"(?i)\bFROM\b")
        raise KGError(
            "FROM and FROM NAMED are not supported: queries run on the local graph "
            f"(its named graphs are <{ASSERTED_GRAPH}>, <{INFERRED_GRAPH}> and "
            f"<{CATALOGUE_GRAPH}>)",
            where=f"{source}{position}",
        )


def parse_sparql(text: str, source: str) -> Query:
    """Parse SPARQL (the project's prefixes are predeclared); a syntax error is a KGError naming
    `source`, line and column. Queries that would reach the network are refused."""
    try:
        query = prepareQuery(text, initNs=PREFIXES)
        _refuse_remote_access(query, text, source)
        return query
    except KGError:
        raise
    except ParseException as err:
        found = f", found {err.found}" if err.found else ""
        raise KGError(
            f"SPARQL syntax error: {err.msg}{found}", where=f"{source}:{err.lineno}:{err.col}"
        ) from None
    except Exception as err:  # rdflib's algebra translation raises plain Exceptions
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        prefix = re.match(r"Unknown namespace prefix : (\S+)", message)
        position = _locate(text, rf"(?<![\w:]){re.escape(prefix[1])}:") if prefix else ""
        raise KGError(f"SPARQL error: {message}", where=f"{source}{position}") from None


def parse_param_options(options: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--param KEY=VALUE` options as a dict; a malformed or repeated one is an error."""
    values: dict[str, str] = {}
    for option in options:
        key, equals, value = option.partition("=")
        key = key.strip()
        if not equals or not key:
            raise KGError(f"expected KEY=VALUE, got {option!r}", where=f"--param {key or option}")
        if key in values:
            raise KGError("given twice", where=f"--param {key}")
        values[key] = value
    return values


def _classes_of(graph: Graph, resource: URIRef) -> set[URIRef]:
    """Every class `resource` is an instance of: rdf:type/rdfs:subClassOf* (the inferred layer
    has most of these already; the walk makes the check independent of it)."""
    found: set[URIRef] = set()
    for kind in graph.objects(resource, RDF.type):
        found.update(c for c in graph.transitive_objects(kind, RDFS.subClassOf))
    return found


def _most_specific(graph: Graph, kinds: set[URIRef]) -> list[URIRef]:
    """`kinds` without those that are superclasses of another of them."""
    return sorted(
        k
        for k in kinds
        if not any(o != k and k in graph.transitive_objects(o, RDFS.subClassOf) for o in kinds)
    )


def _check_class(
    graph: KnowledgeGraph, parameter: catalogue.Parameter, value: str, iri: URIRef, where: str
) -> None:
    """Refuse a resource that is not an instance of the parameter's class, saying what it is,
    what was expected, and which instances of the class the value comes close to."""
    expected = parameter.class_iri
    if expected is None or expected in _classes_of(graph.full, iri):
        return
    namespaces = bind_prefixes(Graph()).namespace_manager
    asserted = {k for k in graph.asserted.objects(iri, RDF.type) if isinstance(k, URIRef)}
    kinds = _most_specific(graph.full, asserted)
    what = ", ".join(k.n3(namespaces) for k in kinds) if kinds else "no rdf:type"
    members = {m for m in graph.full.subjects(RDF.type, expected) if str(m).startswith(str(RES))}
    table = {
        name: {m for m in found if m in members} for name, found in names(graph.asserted).items()
    }
    table = {name: found for name, found in table.items() if found}
    close = difflib.get_close_matches(value.strip().casefold(), sorted(table), n=5, cutoff=0.6)
    candidates = sorted({str(m)[len(str(RES)) :] for name in close for m in table[name]})
    if candidates:
        hint = f"; did you mean {', '.join(candidates)}?"
    elif 0 < len(members) <= 10:
        hint = f", one of {', '.join(sorted(str(m)[len(str(RES)) :] for m in members))}"
    else:
        hint = ""
    raise KGError(
        f"{value.strip()!r} is {iri.n3(namespaces)} ({what}); "
        f"expected an instance of {parameter.of_class}{hint}",
        where=where,
    )


def _term(
    graph: KnowledgeGraph, parameter: catalogue.Parameter, value: str, where: str | None = None
) -> Identifier:
    where = f"--param {parameter.name}" if where is None else where
    problem = catalogue.check_value(parameter.type, value)
    if problem is not None:
        raise KGError(problem, where=where)
    if parameter.type == "date":
        return Literal(value, datatype=XSD.date)
    if parameter.type == "integer":
        return Literal(int(value))
    if parameter.type == "entity":
        iri = resolve_entity(graph.asserted, value, parameter=where)
        _check_class(graph, parameter, value, iri, where)
        return iri
    return Literal(value)


def _default_term(
    graph: KnowledgeGraph, query: catalogue.StoredQuery, parameter: catalogue.Parameter
) -> Identifier:
    """The parameter's default as a term; a default that does not resolve, or is not of the
    parameter's class, is an error in the header: it names the file and line."""
    assert parameter.default is not None
    try:
        return _term(graph, parameter, parameter.default, where=f"{query.path}:{parameter.line}")
    except KGError as err:
        raise KGError(f"default of {parameter.name}: {err.message}", where=err.where) from None


def check_defaults(graph: KnowledgeGraph, queries: Mapping[str, catalogue.StoredQuery]) -> None:
    """Check that every parameter default of `queries` is a valid value on `graph`: every entity
    default names one resource, of the parameter's class. The first failure is a KGError naming
    the .rq file and the header line."""
    for query in queries.values():
        for parameter in query.parameters:
            if parameter.default is not None:
                _default_term(graph, query, parameter)


def bind_parameters(
    graph: KnowledgeGraph, query: catalogue.StoredQuery, values: Mapping[str, str]
) -> dict[str, Identifier]:
    """Typed RDF terms for the query's parameters: the given text values, else the defaults.
    Unknown, missing and ill-typed values are errors naming the parameter."""
    names = [p.name for p in query.parameters]
    for name in values:
        if name not in names:
            takes = f"takes {', '.join(names)}" if names else "takes no parameters"
            raise KGError(f"unknown parameter: {query.name} {takes}", where=f"--param {name}")
    bindings: dict[str, Identifier] = {}
    for parameter in query.parameters:
        if parameter.name in values:
            bindings[parameter.name] = _term(graph, parameter, values[parameter.name])
        elif parameter.default is not None:
            bindings[parameter.name] = _default_term(graph, query, parameter)
        else:
            raise KGError(
                f"missing required {parameter.type} parameter: {parameter.description}",
                where=f"--param {parameter.name}",
            )
    return bindings


def execute(
    graph: KnowledgeGraph,
    text: str,
    source: str,
    bindings: Mapping[str, Identifier] | None = None,
    asserted_only: bool = False,
) -> Result:
    """Run SPARQL `text` on the graph (full, or asserted only) with `bindings` pre-bound."""
    prepared = parse_sparql(text, source)
    try:
        result = dataset(graph, asserted_only).query(prepared, initBindings=dict(bindings or {}))
        if result.type == "SELECT":
            result.bindings  # noqa: B018 -- solutions are lazy: evaluate them inside this try
    except Exception as err:  # evaluation errors from rdflib come in assorted types
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise KGError(f"query failed: {message}", where=source) from None
    return result


def run_stored(
    graph: KnowledgeGraph,
    query: str | catalogue.StoredQuery,
    values: Mapping[str, str] | None = None,
    asserted_only: bool = False,
    directory: Path | None = None,
) -> Result:
    """Run a stored query (given by name, or already found) with parameter `values` as text."""
    stored = (
        query
        if isinstance(query, catalogue.StoredQuery)
        else catalogue.find_query(query, directory)
    )
    bindings = bind_parameters(graph, stored, values or {})
    return execute(graph, stored.text, str(stored.path), bindings, asserted_only)


def python_value(term: Identifier | None) -> Any:
    """IRIs as str, literals as Literal.toPython(); literals without a Python type (gYear,
    gYearMonth) as their lexical form."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(value) if isinstance(value, Literal) else value
    return str(term)


def to_python(result: Result) -> Rows | bool | Graph:
    """SELECT: a list of {variable: value} dicts (None where unbound); ASK: a bool;
    CONSTRUCT and DESCRIBE: the rdflib Graph."""
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph
    return [{str(v): python_value(row.get(v)) for v in result.vars} for row in result.bindings]


def _show(term: Identifier | None, namespaces: NamespaceManager) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return term.n3(namespaces)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv_term(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    lexical = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{lexical}"@{term.language}'
    if term.datatype is not None and term.datatype != XSD.string:
        return f'"{lexical}"^^<{term.datatype}>'
    return f'"{lexical}"'


def _tsv(result: Result) -> str:
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join(_tsv_term(row.get(v)) for v in result.vars) for row in result.bindings]
    return "\n".join(lines) + "\n"


def _markdown(result: Result, namespaces: NamespaceManager) -> str:
    def cell(term: Identifier | None) -> str:
        return _show(term, namespaces).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(str(v) for v in result.vars) + " |",
        "|" + " --- |" * len(result.vars),
    ]
    lines += [
        "| " + " | ".join(cell(row.get(v)) for v in result.vars) + " |" for row in result.bindings
    ]
    return "\n".join(lines) + "\n"


def _table(result: Result, namespaces: NamespaceManager, title: str | None) -> str:
    """A rich table, and the row count on a line of its own under it (a caption would wrap
    inside a narrow table)."""
    table = Table(title=title)
    for var in result.vars:
        table.add_column(str(var), overflow="fold")
    for row in result.bindings:
        table.add_row(*(_show(row.get(v), namespaces) for v in result.vars))
    buffer = io.StringIO()
    width = None if sys.stdout.isatty() else 160
    Console(file=buffer, width=width, force_terminal=False).print(table)
    return buffer.getvalue() + f"{len(result.bindings)} row(s)\n"


_FORM_OF_ALGEBRA = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def query_form(query: Query) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a parsed query."""
    return _FORM_OF_ALGEBRA[query.algebra.name]


def _article(form: str) -> str:
    return "an" if form == "ASK" else "a"


def check_format(form: str, fmt: str) -> str:
    """The format `fmt` means for a query of `form` (`table` is Turtle for a graph result);
    an unknown format, or one the form's results cannot be written in, is a KGError. Callers
    check before they load the graph, so bad input fails fast."""
    if fmt not in FORMATS:
        raise KGError(
            f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", where="--format"
        )
    if form in ("CONSTRUCT", "DESCRIBE"):
        fmt = "turtle" if fmt == "table" else fmt
        if fmt not in GRAPH_FORMATS:
            raise KGError(
                f"{_article(form)} {form} query gives a graph: choose one of "
                f"{', '.join(GRAPH_FORMATS)}",
                where="--format",
            )
        return fmt
    if fmt not in SOLUTION_FORMATS:
        raise KGError(
            f"{_article(form)} {form} query gives solutions: choose one of "
            f"{', '.join(SOLUTION_FORMATS)}",
            where="--format",
        )
    if form == "ASK" and fmt in ("csv", "tsv"):
        raise KGError(
            "the CSV and TSV results formats are defined for SELECT only; "
            "use table, json or xml for ASK",
            where="--format",
        )
    return fmt


def format_result(result: Result, fmt: str = "table", title: str | None = None) -> str:
    """The result as text in `fmt`: a solution format for SELECT and ASK, an RDF format for
    CONSTRUCT and DESCRIBE (where `table`, the default, means Turtle)."""
    fmt = check_format(result.type, fmt)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return serialize(result.graph, None, fmt)
    if fmt in ("json", "xml"):
        return result.serialize(format=fmt).decode("utf-8") + "\n"
    if result.type == "ASK":
        return "true\n" if result.askAnswer else "false\n"
    if fmt == "csv":
        return result.serialize(format="csv").decode("utf-8")
    if fmt == "tsv":
        return _tsv(result)
    namespaces = bind_prefixes(Graph()).namespace_manager
    if fmt == "markdown":
        return _markdown(result, namespaces)
    return _table(result, namespaces, title)
