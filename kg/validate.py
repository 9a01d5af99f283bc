"""Stage 3: validate the asserted graph closed-world: SHACL shapes, then SPARQL quality checks."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pyshacl
from pyparsing import ParseException
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, Namespace, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg import paths
from kg import store as stores
from kg.errors import KGError, Location, check_choice
from kg.export import canonical
from kg.load import load_shapes
from kg.namespaces import BASE, SH, bind_prefixes
from kg.storegraph import StoreGraph

SHAPES = Namespace(BASE + "shapes/")  # the shapes in ontology/shapes.ttl
QC = Namespace(BASE + "qc/")  # one IRI per quality check: the stem of its .rq file

_SENTENCE_END = re.compile(r"\.(\s|$)")
_PYSHACL_LOG = logging.getLogger("pyshacl-validate")


@dataclass(frozen=True)
class ValidationResult:
    """One violation: a SHACL validation result, or a row of a quality-check query."""

    focus: Node
    path: URIRef | None
    value: Node | None
    message: str
    severity: URIRef  # sh:Violation: every shape and check here is a violation
    source: URIRef  # the shape (akg-sh:…) or the quality check (akg-qc:<file stem>)
    component: URIRef | None = None  # sh:…ConstraintComponent (SPARQL for a quality check)


@dataclass(frozen=True)
class QualityCheck:
    """One queries/qc/*-violation.rq file: a SELECT whose every row (?focus, optional ?path and
    ?value) is a violation described by the first sentence of the file's `# ` header."""

    source: URIRef
    message: str
    text: str  # the query's text, as Oxigraph (the fast validator) runs it

    @property
    def query(self) -> Query:
        """The query prepared by rdflib (pySHACL's path), parsed on first use."""
        return _prepare(self.text)


class ValidationReport:
    """The sorted results of `validate_graph`; text(), turtle() and json() are deterministic."""

    def __init__(
        self, results: list[ValidationResult], graph: Graph, validator: str = "pyshacl"
    ) -> None:
        self.validator = validator  # which validator ran the shapes: "pyshacl" or "fast"
        self.graph = graph  # the SHACL validation report, quality-check results included
        self._names = graph.namespace_manager
        self.results = sorted(results, key=self._sort_key)

    @property
    def conforms(self) -> bool:
        return not self.results

    @property
    def count(self) -> int:
        return len(self.results)

    def _show(self, term: Node | None) -> str | None:
        """A term as Turtle, with the project's prefixes (akg-sh: shapes, akg-qc: checks)."""
        return None if term is None else term.n3(self._names)

    def _sort_key(self, result: ValidationResult) -> tuple[str, ...]:
        return tuple(
            self._show(term) or ""
            for term in (result.focus, result.source, result.path, result.value)
        ) + (result.message,)

    def text(self) -> str:
        """The violations grouped by resource: where (path, value), what (message), which check."""
        lines: list[str] = []
        focus = None
        for result in self.results:
            if result.focus != focus:
                focus = result.focus
                lines.append(self._show(focus))
            where = " ".join(self._show(t) for t in (result.path, result.value) if t is not None)
            lines.append(
                f"  {where + ': ' if where else ''}{result.message} [{self._show(result.source)}]"
            )
        shacl = sum(1 for result in self.results if result.source.startswith(SHAPES))
        lines.append(
            f"{self.count} violation(s): {shacl} from the shapes, "
            f"{self.count - shacl} from the quality checks"
            if self.results
            else "conforms: no violations"
        )
        return "\n".join(lines) + "\n"

    def turtle(self) -> str:
        """The SHACL validation report graph, canonical Turtle (its blank nodes relabelled)."""
        return _bind(canonical(self.graph)).serialize(format="turtle")

    def json(self) -> str:
        """{"conforms", "count", "results": [{focus, path, value, message, severity, source}]},
        terms written as Turtle, keys and results sorted."""
        rows = [
            {
                "focus": self._show(r.focus),
                "path": self._show(r.path),
                "value": self._show(r.value),
                "message": r.message,
                "severity": self._show(r.severity),
                "source": self._show(r.source),
            }
            for r in self.results
        ]
        document = {"conforms": self.conforms, "count": self.count, "results": rows}
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class _ParsedOnce(Graph):
    """A view of a graph (same store) that parses each SPARQL query text once. pySHACL runs a
    SHACL-SPARQL constraint's query text once per focus node, and rdflib's parsing, not its
    evaluation, is most of that cost."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepare(_prefixes_sorted(query_object))
        return super().query(query_object, *args, **kwargs)


_PREFIX_LINE = re.compile(r"PREFIX\s+([^\s:]*):\s*<[^>]*>\s*", re.IGNORECASE)


def _prefixes_sorted(text: str) -> str:
    """The query with its leading PREFIX declarations sorted (when no name is declared twice):
    pySHACL writes them in an order that varies from call to call, which would defeat the
    cache of parsed queries. The order of distinct declarations does not change the query."""
    declarations, position = [], 0
    while match := _PREFIX_LINE.match(text, position):
        declarations.append(match)
        position = match.end()
    names = [match.group(1) for match in declarations]
    if len(set(names)) != len(names):
        return text
    return "".join(sorted(m.group(0).strip() + "\n" for m in declarations)) + text[position:]


# pySHACL writes each SHACL-SPARQL constraint's text with the shape's prefixes: our shapes and
# quality checks make about a hundred texts, and a smaller cache would evict them in turn.
@functools.lru_cache(maxsize=512)
def _prepare(text: str) -> Query:
    return prepareQuery(text)


def quality_checks(qc_dir: Path | None = None) -> list[QualityCheck]:
    """The quality checks of `qc_dir` (default queries/qc), in file-name order; a file that is not a
    commented SELECT of ?focus is a KGError naming it (and the line, for a syntax error)."""
    qc_dir = paths.QC_DIR if qc_dir is None else Path(qc_dir)
    if not qc_dir.is_dir():
        raise KGError("quality-check folder not found", where=str(qc_dir))
    return [_quality_check(path) for path in sorted(qc_dir.glob("*-violation.rq"))]


def _quality_check(path: Path) -> QualityCheck:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise KGError(
            f"not UTF-8 text ({err.reason} at byte {err.start})", where=str(path)
        ) from None
    header = []
    for line in text.splitlines():
        if not line.startswith("# "):
            break
        header.append(line[2:].strip())
    if not header:
        raise KGError("no '# ' comment header saying what the query checks", where=f"{path}:1")
    # rdflib's parse is the check (a text it passed before is not parsed again: kg.store)
    digest = stores.text_digest("quality check", text)
    if digest not in stores.checked_texts():
        try:
            query = _prepare(text)
        except ParseException as err:
            raise KGError(
                f"SPARQL syntax error: {err.msg}", where=f"{path}:{err.lineno}:{err.col}"
            ) from None
        except Exception as err:  # rdflib raises plain Exceptions, e.g. for an unknown prefix
            raise KGError(f"SPARQL error: {err}", where=str(path)) from None
        if query.algebra.name != "SelectQuery" or Variable("focus") not in query.algebra["PV"]:
            raise KGError(
                "a quality check is a SELECT of ?focus (and optionally ?path, ?value)",
                where=str(path),
            )
        stores.remember_checked({digest})
    summary = " ".join(header)
    end = _SENTENCE_END.search(summary)
    return QualityCheck(
        QC[path.name.removesuffix(".rq")], summary[: end.start() + 1] if end else summary, text
    )


VALIDATORS = ("auto", "pyshacl", "fast")
# `auto` picks the fast validator from this many asserted triples on (as `--reasoner auto` picks
# the fast reasoner): at any size. On the real graph pySHACL, the reference, takes 4.4 CPU
# seconds and the fast validator 0.15. A seam for an embedder who wants pySHACL below some size.
FAST_FROM = 0


@dataclass
class _Shapes:
    graph: Graph
    compiled: list | None = None  # kg.shapes_sparql.compile_shapes(graph), once it is asked for


# The shapes graphs read in this process, by file and content (the last few): a process that
# validates many graphs (the test suite, a server) parses and compiles its shapes once. Keyed on
# the file's bytes, so an edited file is read again. Only pySHACL adds to a shapes graph: its two
# "system triples" (owl:Class rdfs:subClassOf rdfs:Class...), the same on every run.
_SHAPES_READ: dict[tuple[str, str], _Shapes] = {}
_SHAPES_KEPT = 4


def _shapes(shapes: Path | None) -> _Shapes:
    path = paths.SHAPES_FILE if shapes is None else Path(shapes)
    try:
        key = (str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:  # the loader says what is wrong with the file
        return _Shapes(load_shapes(shapes))
    if key not in _SHAPES_READ:
        graph = load_shapes(shapes)
        if len(_SHAPES_READ) >= _SHAPES_KEPT:
            del _SHAPES_READ[next(iter(_SHAPES_READ))]
        _SHAPES_READ[key] = _Shapes(graph)
    return _SHAPES_READ[key]


def _compiled(shapes_graph: Graph) -> list:
    """The shapes compiled into SPARQL (kg.shapes_sparql), once per shapes graph read."""
    from kg.shapes_sparql import compile_shapes

    read = next((s for s in _SHAPES_READ.values() if s.graph is shapes_graph), None)
    if read is None:
        return compile_shapes(shapes_graph)
    if read.compiled is None:
        read.compiled = compile_shapes(shapes_graph)
    return read.compiled


def validation_inputs(
    shapes: Path | None = None, qc_dir: Path | None = None
) -> tuple[Graph, list[QualityCheck]]:
    """The shapes graph and the quality checks, read and checked (a KGError naming the file
    when one is missing or broken): what validate_graph reads first. Shells call it before
    seconds of reasoning, so a bad --shapes fails at once."""
    shapes_graph = _shapes(shapes).graph
    checks = quality_checks(qc_dir)
    where = str(paths.SHAPES_FILE if shapes is None else shapes)
    if not any((None, RDF.type, kind) in shapes_graph for kind in (SH.NodeShape, SH.PropertyShape)):
        raise KGError("no sh:NodeShape or sh:PropertyShape in the shapes file", where=where)
    return shapes_graph, checks


def validate_graph(
    asserted: Graph | StoreGraph,
    shapes: Path | None = None,
    qc_dir: Path | None = None,
    *,
    validator: str = "auto",
    store: pyoxigraph.Store | None = None,
    graph_iri: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ValidationReport:
    """Validate `asserted` (ontology + data, no inferred triple) against the SHACL shapes (default
    ontology/shapes.ttl) without inference, then run the quality checks (default queries/qc).

    `validator`: "pyshacl" (the reference: pySHACL, and the checks on rdflib), "fast" (the shapes
    compiled into SPARQL and the checks, all on Oxigraph: kg.shapes_sparql; a shape it cannot
    compile is a KGError), or "auto" (fast from FAST_FROM triples on, that is at any
    size, when every shape compiles; else pySHACL). The fast validator reads `store` (its graph
    `graph_iri`, else its default graph) when given, else loads `asserted` into a new in-memory
    store. `progress` is told which validator runs and on how much. `asserted` may be a named
    graph of a store (kg.storegraph.StoreGraph, the large-graph build's): the fast validator
    then reads that store, pySHACL a copy of the graph in rdflib."""
    check_choice(validator, VALIDATORS, "validator", Location(option="validator"))
    shapes_graph, checks = validation_inputs(shapes, qc_dir)
    where = str(paths.SHAPES_FILE if shapes is None else shapes)
    compiled = None
    if validator == "fast" or (validator == "auto" and len(asserted) >= FAST_FROM):
        from kg.shapes_sparql import Unsupported

        try:
            compiled = _compiled(shapes_graph)
        except Unsupported as err:
            if validator == "fast":
                raise KGError(
                    f"the fast validator cannot compile shape {err.shape}: {err.feature} "
                    "(use --validator pyshacl)",
                    where=where,
                ) from None
        except Exception as err:  # a value the compiler cannot read (sh:minCount "one"...)
            return _handed_over(asserted, shapes_graph, checks, where, validator, err)
    if progress is not None:
        shapes_count = len(set(shapes_graph.subjects(RDF.type, SH.NodeShape))) + len(
            set(shapes_graph.subjects(RDF.type, SH.PropertyShape))
        )
        progress(
            f"validating {len(asserted)} asserted triples with "
            f"{'pySHACL' if compiled is None else 'the fast validator'}: "
            f"{shapes_count} shapes, {len(checks)} quality checks"
        )
    if compiled is None:
        if isinstance(asserted, StoreGraph):
            asserted = asserted.to_rdflib()
        return _validate_pyshacl(asserted, shapes_graph, checks, where)
    if isinstance(asserted, StoreGraph):
        store, graph_iri = asserted.store, asserted.iri
    try:
        return _validate_fast(asserted, compiled, checks, store, graph_iri)
    except (SyntaxError, ValueError) as err:  # a shape's SPARQL that does not parse...
        return _handed_over(asserted, shapes_graph, checks, where, validator, err)


def _handed_over(
    asserted: Graph | StoreGraph,
    shapes_graph: Graph,
    checks: list[QualityCheck],
    where: str,
    validator: str,
    err: Exception,
) -> ValidationReport:
    """Shapes the fast validator cannot use (a bad value, a SHACL-SPARQL query that does not
    parse): pySHACL, the reference, validates instead, so the error is its own, in one line.
    When pySHACL accepts them (no focus node reaches the broken constraint), `auto` gives its
    report and `fast` is an error naming the shapes file."""
    if isinstance(asserted, StoreGraph):
        asserted = asserted.to_rdflib()
    report = _validate_pyshacl(asserted, shapes_graph, checks, where)
    if validator == "fast":
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise KGError(
            f"the fast validator cannot use the shapes: {first} (use --validator pyshacl)",
            where=where,
        )
    return report


def _validate_pyshacl(
    asserted: Graph, shapes_graph: Graph, checks: list[QualityCheck], where: str
) -> ValidationReport:
    shacl_report = _run_pyshacl(
        _ParsedOnce(store=asserted.store, identifier=asserted.identifier), shapes_graph, where
    )
    report = _bind(Graph())
    for triple in shacl_report:
        report.add(triple)
    report_node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    results = [_shacl_result(report, node) for node in report.objects(report_node, SH.result)]
    qc = [
        _qc_result(check, row.focus, row.get("path"), row.get("value"))
        for check in checks
        for row in asserted.query(check.query)
    ]
    return _report(report, report_node, results, qc, "pyshacl")


def _validate_fast(
    asserted: Graph | StoreGraph,
    compiled: list,
    checks: list[QualityCheck],
    store: pyoxigraph.Store | None,
    graph_iri: str | None,
) -> ValidationReport:
    from kg.shapes_sparql import run_checks

    if store is None:
        store, graph_iri = pyoxigraph.Store(), None
        store.bulk_load(
            asserted.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES
        )
    default = None if graph_iri is None else [pyoxigraph.NamedNode(graph_iri)]
    report = _bind(Graph())
    report_node = BNode()
    report.add((report_node, RDF.type, SH.ValidationReport))
    results: list[ValidationResult] = []
    for check, row in run_checks(store, compiled, asserted, default):
        focus = row["this"]
        value = row.get("value")
        if value is None and check.component == SH.SPARQLConstraintComponent and check.path is None:
            value = focus  # as pySHACL: a node shape's SPARQL result defaults to the focus node
        path = check.path if check.path is not None else row.get("path")
        value = _as_written(asserted, focus, path, value)
        bound = {"this": focus, "path": path, "value": value, **row}
        messages = [_formatted(m, bound) if check.constraint else str(m) for m in check.messages]
        results.append(
            ValidationResult(
                focus,
                path,
                value,
                "; ".join(sorted(messages)),
                check.severity,
                check.shape,
                check.component,
            )
        )
    qc = []
    for check in checks:
        answer = store.query(check.text, **({} if default is None else {"default_graph": default}))
        for solution in answer:
            focus, path, value = (_term(solution, name) for name in ("focus", "path", "value"))
            value = _as_written(asserted, focus, path, value)
            qc.append(_qc_result(check, focus, path, value))
    return _report(report, report_node, [], results + qc, "fast")


def _as_written(
    graph: Graph | StoreGraph, focus: Node, path: Node | None, value: Node | None
) -> Node | None:
    """`value` as the graph writes it: Oxigraph stores "4"^^xsd:nonNegativeInteger as
    "4"^^xsd:integer (and a decimal in canonical form), so a number is looked up among the
    focus node's values on the path."""
    if isinstance(value, Literal) and value.datatype in (XSD.integer, XSD.decimal) and path:
        for written in graph.objects(focus, path):
            if isinstance(written, Literal) and (str(written) == str(value) or written.eq(value)):
                return written
    return value


def _term(solution: pyoxigraph.QuerySolution, name: str) -> Node | None:
    from kg.engines.rdflib_engine import to_rdflib

    try:
        term = solution[name]
    except KeyError:  # not a variable of the query
        return None
    return None if term is None else to_rdflib(term)


def _report(
    report: Graph,
    report_node: Node,
    reported: list[ValidationResult],
    added: list[ValidationResult],
    validator: str,
) -> ValidationReport:
    """The report of `reported` (already in the report graph) and `added` (added to it now)."""
    for result in added:
        report.add((report_node, SH.result, _add_result(report, result)))
    results = reported + added
    report.set((report_node, SH.conforms, Literal(not results)))
    return ValidationReport(results, report, validator)


def _formatted(message: Literal, bound: dict) -> str:
    """A SHACL-SPARQL message with its {?var} / {$var} placeholders filled, as pySHACL does."""
    text = str(message)
    for name, term in bound.items():
        if term is not None:
            text = re.sub("{[?$]" + re.escape(name) + "}", lambda _, t=term: str(t), text)
    return text


def _qc_result(check: QualityCheck, focus, path, value) -> ValidationResult:
    return ValidationResult(
        focus, path, value, check.message, SH.Violation, check.source, SH.SPARQLConstraintComponent
    )


def _run_pyshacl(data: Graph, shapes_graph: Graph, where: str) -> Graph:
    """pySHACL's validation report graph; shapes it cannot load are a KGError. (pySHACL logs such
    errors to stderr itself: its logger is silenced meanwhile, the KGError says it in one line.)"""
    _PYSHACL_LOG.disabled = True
    try:
        _, report, text = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none")
    except ReportableRuntimeError as err:
        raise KGError(f"SHACL error: {str(err).splitlines()[0]}", where=where) from None
    except ParseException as err:  # a SHACL-SPARQL constraint's query does not parse
        raise KGError(
            f"SHACL-SPARQL syntax error in a shape's query: {err.msg} "
            f"(line {err.lineno}, column {err.col} of the query)",
            where=where,
        ) from None
    except re.error as err:  # an sh:pattern that is not a regular expression
        raise KGError(
            f"SHACL error: sh:pattern {err.pattern!r} is not valid: {err}", where=where
        ) from None
    except Exception as err:  # pySHACL raises assorted types for shapes it cannot use
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise KGError(f"SHACL error: {message}", where=where) from None
    finally:
        _PYSHACL_LOG.disabled = False
    if not isinstance(report, Graph):  # a ValidationFailure, returned rather than raised
        raise KGError(f"SHACL error: {text.splitlines()[0]}", where=where)
    return report


def _bind(graph: Graph) -> Graph:
    """The project's prefixes, and akg-sh: for shapes and akg-qc: for quality checks."""
    bind_prefixes(graph)
    graph.bind("akg-sh", SHAPES)
    graph.bind("akg-qc", QC)
    return graph


def _shacl_result(report: Graph, node: Node) -> ValidationResult:
    messages = sorted(str(message) for message in report.objects(node, SH.resultMessage))
    return ValidationResult(
        report.value(node, SH.focusNode),
        report.value(node, SH.resultPath),
        report.value(node, SH.value),
        "; ".join(messages),
        report.value(node, SH.resultSeverity),
        report.value(node, SH.sourceShape),
        report.value(node, SH.sourceConstraintComponent),
    )


def _add_result(report: Graph, result: ValidationResult) -> BNode:
    node = BNode()
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.focusNode, result.focus))
    if result.path is not None:
        report.add((node, SH.resultPath, result.path))
    if result.value is not None:
        report.add((node, SH.value, result.value))
    report.add((node, SH.resultMessage, Literal(result.message, lang="en")))
    report.add((node, SH.resultSeverity, result.severity))
    report.add((node, SH.sourceShape, result.source))
    if result.source.startswith(QC):
        report.add((node, SH.sourceConstraint, result.source))
    report.add((node, SH.sourceConstraintComponent, result.component))
    return node
