"""Write SPARQL query results in every output format, whatever the engine; the one format table."""

from __future__ import annotations

import io
import re
from collections import namedtuple

import pyoxigraph

from kg.errors import KGError, Location, check_choice
from kg.namespaces import compact

# rdflib (for graph results), rich (for the table), csv and json are imported where they are
# used, and neither dataclasses nor typing at all: `kg query`'s fast path (kg.fast) imports this
# module, and every millisecond here is one of its thirty.
TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from rdflib import Graph
    from rdflib.term import Identifier

    from kg.engines import QueryResult, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


class Format(namedtuple("Format", ("name", "media_type", "extension", "kind"))):
    """A results format: its name (the CLI's `--format` choice), media type, file extension, and
    kind: `solutions` (for SELECT and ASK), `graph` (for CONSTRUCT and DESCRIBE) or `dataset`."""

    __slots__ = ()


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", "text/plain", "txt", "solutions"),
        Format("markdown", "text/markdown", "md", "solutions"),
        Format("csv", "text/csv", "csv", "solutions"),
        Format("tsv", "text/tab-separated-values", "tsv", "solutions"),
        Format("json", "application/sparql-results+json", "srj", "solutions"),
        Format("xml", "application/sparql-results+xml", "srx", "solutions"),
        Format("turtle", "text/turtle", "ttl", "graph"),
        Format("nt", "application/n-triples", "nt", "graph"),
        Format("jsonld", "application/ld+json", "jsonld", "graph"),
    )
}
# For a graph result, `table` (the default) means Turtle, and `xml` means RDF/XML.
_GRAPH_ALIASES = {"table": "turtle"}
_GRAPH_VARIANTS = {"xml": Format("xml", "application/rdf+xml", "rdf", "graph")}
# Formats of named graphs, which no query result takes: the release writes them (TriG, N-Quads).
_DATASET_FORMATS = (
    Format("trig", "application/trig", "trig", "dataset"),
    Format("nquads", "application/n-quads", "nq", "dataset"),
)

SOLUTION_FORMATS = tuple(name for name, f in FORMATS.items() if f.kind == "solutions")
GRAPH_FORMATS = tuple(name for name, f in FORMATS.items() if f.kind == "graph") + tuple(
    _GRAPH_VARIANTS
)


def format_names() -> tuple[str, ...]:
    """Every format name, in the order the CLI offers them."""
    return tuple(FORMATS)


def _article(form: str) -> str:
    return "an" if form == "ASK" else "a"


def check_format(form: str, fmt: str) -> str:
    """The format `fmt` means for a query of `form` (`table` is Turtle for a graph result);
    an unknown format, or one the form's results cannot be written in, is a KGError. Callers
    check before they load the graph, so bad input fails fast."""
    where = Location(option="format")
    check_choice(fmt, FORMATS, "format", where)
    if form in GRAPH_FORMS:
        fmt = _GRAPH_ALIASES.get(fmt, fmt)
        if fmt not in GRAPH_FORMATS:
            raise KGError(
                f"{_article(form)} {form} query gives a graph: choose one of "
                f"{', '.join(GRAPH_FORMATS)}",
                where=where,
            )
        return fmt
    if fmt not in SOLUTION_FORMATS:
        raise KGError(
            f"{_article(form)} {form} query gives solutions: choose one of "
            f"{', '.join(SOLUTION_FORMATS)}",
            where=where,
        )
    if form == "ASK" and fmt in ("csv", "tsv"):
        raise KGError(
            "the CSV and TSV results formats are defined for SELECT only; "
            "use table, json or xml for ASK",
            where=where,
        )
    return fmt


def format_for(fmt: str, form: str) -> Format:
    """The Format that `fmt` writes for a query of `form` (checked as check_format does): for a
    graph result, `table` is Turtle and `xml` is RDF/XML, with their media types and extensions."""
    fmt = check_format(form, fmt)
    if form in GRAPH_FORMS:
        return _GRAPH_VARIANTS.get(fmt, FORMATS[fmt])
    return FORMATS[fmt]


def media_type(fmt: str, form: str) -> str:
    """The media type of what `fmt` writes for a query of `form` (a Content-Type)."""
    return format_for(fmt, form).media_type


def by_extension(extension: str) -> Format:
    """The RDF format a file with this extension is written in (`ttl`, `rdf`, `trig`, `nq`…):
    the release's description gives each release file its media type from here."""
    graphs = [f for f in FORMATS.values() if f.kind == "graph"]
    for candidate in (*graphs, *_GRAPH_VARIANTS.values(), *_DATASET_FORMATS):
        if candidate.extension == extension:
            return candidate
    raise KeyError(extension)


def _choices(form: str) -> tuple[str, ...]:
    if form in GRAPH_FORMS:
        return GRAPH_FORMATS
    if form == "ASK":
        return tuple(name for name in SOLUTION_FORMATS if name not in ("csv", "tsv"))
    return SOLUTION_FORMATS


def by_media_type(media_type: str, form: str) -> str | None:
    """The format name that writes `media_type` for a query of `form`, or None when no format
    does. Parameters (`; charset=utf-8`) and case are ignored; wildcards and q-values are content
    negotiation's business, not this table's."""
    wanted = media_type.split(";", 1)[0].strip().lower()
    for name in _choices(form):
        if format_for(name, form).media_type == wanted:
            return name
    return None


# ---- terms -----------------------------------------------------------------------------------


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` safe for a terminal: control characters (an escape sequence could clear the
    screen or set the window title) written as visible `\\xNN` escapes; newline and tab kept."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def term_text(term: Term | None) -> str:
    """A term as people read it in a table: a compact IRI (`res:LuisAlmagro`, else `<iri>`),
    `_:label` for a blank node, a literal's lexical form, '' when unbound."""
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return compact(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return term.value


def _plain(term: pyoxigraph.Literal) -> bool:
    return term.datatype.value == XSD_STRING


def _tsv_term(term: Term | None) -> str:
    """A term in N-Triples form, as SPARQL 1.1 TSV writes it."""
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    lexical = (
        term.value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{lexical}"@{term.language}'
    if not _plain(term):
        return f'"{lexical}"^^<{term.datatype.value}>'
    return f'"{lexical}"'


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return term.value


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif not _plain(term):
        value["datatype"] = term.datatype.value
    return value


# ---- solution formats ------------------------------------------------------------------------


def _json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON, one solution a line (unbound variables left out)."""
    import json

    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    head = json.dumps({"vars": list(result.variables)}, ensure_ascii=False)
    lines = [
        json.dumps(
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None},
            ensure_ascii=False,
        )
        for row in result.rows
    ]
    bindings = "\n" + ",\n".join(lines) + "\n" if lines else ""
    return f'{{"head": {head}, "results": {{"bindings": [{bindings}]}}}}\n'


# Characters XML 1.0 has no way to write, not even as character references.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    # A raw CR would be read back as LF (XML normalizes line ends), so it is a reference.
    return _escape(text, {"\r": "&#13;"})


def _xml_attr(text: str) -> str:
    return '"' + _escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}) + '"'


def _xml_term(name: str, term: Term) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        element = f"<uri>{_xml_text(term.value)}</uri>"
    elif isinstance(term, pyoxigraph.BlankNode):
        element = f"<bnode>{_xml_text(term.value)}</bnode>"
    elif term.language:
        element = f"<literal xml:lang={_xml_attr(term.language)}>{_xml_text(term.value)}</literal>"
    elif not _plain(term):
        datatype = _xml_attr(term.datatype.value)
        element = f"<literal datatype={datatype}>{_xml_text(term.value)}</literal>"
    else:
        element = f"<literal>{_xml_text(term.value)}</literal>"
    bad = _NOT_XML.search(element)
    if bad is not None:
        raise KGError(
            f"the value of ?{name} holds a character XML 1.0 cannot represent "
            f"(U+{ord(bad[0]):04X}); choose json, csv or tsv",
            where=Location(option="format"),
        )
    return f"<binding name={_xml_attr(name)}>{element}</binding>"


def _xml(result: QueryResult) -> str:
    """SPARQL Query Results XML, one binding a line."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">']
    if result.form == "ASK":
        lines += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        lines.append("  <head>")
        lines += [f"    <variable name={_xml_attr(v)}/>" for v in result.variables]
        lines += ["  </head>", "  <results>"]
        for row in result.rows:
            lines.append("    <result>")
            lines += [
                "      " + _xml_term(v, t)
                for v, t in zip(result.variables, row, strict=True)
                if t is not None
            ]
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def _csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: lexical forms only, CRLF line ends."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([_csv_term(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples form."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _markdown(result: QueryResult) -> str:
    """A Markdown table: a label column merged into its resource's (`Label (`res:X`)`)."""
    from kg.query.display import labelled, markdown_cell

    display = labelled(result)
    lines = [
        "| " + " | ".join(display.columns) + " |",
        "|" + " --- |" * len(display.columns),
    ]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in display.rows]
    return "\n".join(lines) + "\n"


def _table(result: QueryResult, title: str | None, width: int | None, color: bool) -> str:
    from kg.query.display import DEFAULT_WIDTH, labelled, table_text

    return table_text(labelled(result), title, width or DEFAULT_WIDTH, color)


# ---- graph formats ---------------------------------------------------------------------------


def _rdflib_graph(triples: Sequence[pyoxigraph.Triple]) -> Graph:
    """The triples as an rdflib Graph, terms kept as they are (lexical forms not normalized)."""
    from rdflib import BNode, Graph, URIRef
    from rdflib import Literal as RDFLiteral

    def node(term: Any) -> Identifier:
        if isinstance(term, pyoxigraph.NamedNode):
            return URIRef(term.value)
        if isinstance(term, pyoxigraph.BlankNode):
            return BNode(term.value)
        if isinstance(term, pyoxigraph.Literal):
            if term.language:
                return RDFLiteral(term.value, lang=term.language)
            if _plain(term):
                return RDFLiteral(term.value)
            return RDFLiteral(term.value, datatype=URIRef(term.datatype.value), normalize=False)
        raise KGError(
            f"a graph result holds a term the RDF formats here cannot write: {term}",
            where=Location(option="format"),
        )

    graph = Graph()
    for triple in triples:
        graph.add((node(triple.subject), node(triple.predicate), node(triple.object)))
    return graph


# ---- the entry point -------------------------------------------------------------------------


def format_result(
    result: QueryResult,
    fmt: str = "table",
    title: str | None = None,
    width: int | None = None,
    color: bool = False,
) -> str:
    """The result as text in `fmt`: a solution format for SELECT and ASK, an RDF format for
    CONSTRUCT and DESCRIBE (where `table`, the default, means Turtle). `title`, `width` (default
    160 columns) and `color` (a terminal's styles; plain text without) are the table's and the
    Markdown's label columns are merged (kg.query.display); the other formats keep every
    column as it is."""
    fmt = check_format(result.form, fmt)
    if result.form in GRAPH_FORMS:
        from kg.export import serialize

        return serialize(_rdflib_graph(result.triples), None, fmt)
    if fmt == "json":
        return _json(result)
    if fmt == "xml":
        return _xml(result)
    if result.form == "ASK":
        return "true\n" if result.boolean else "false\n"
    if fmt == "csv":
        return _csv(result)
    if fmt == "tsv":
        return _tsv(result)
    if fmt == "markdown":
        return _markdown(result)
    return _table(result, title, width, color)


def _escape(text: str, entities: dict[str, str]) -> str:
    """xml.sax.saxutils.escape, without importing it (it loads urllib and http.client)."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for character, entity in entities.items():
        text = text.replace(character, entity)
    return text
