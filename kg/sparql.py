"""SPARQL text, read without an engine: its form, its prefixes, what it may not do, and where a
parameter's values go. Every engine gets the same text, so every engine binds the same way.

The scanner knows SPARQL's lexical layers that can hide a keyword or a brace (comments, strings,
IRIs), which is all that is needed to find the query form, refuse SERVICE and FROM, name an
undeclared prefix and find the group the parameters are bound in. The engine still parses the
query; this module only reads it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import KGError, Location
from kg.namespaces import (
    ASSERTED_GRAPH_IRI,
    CATALOGUE_GRAPH_IRI,
    INFERRED_GRAPH_IRI,
    PREFIX_IRIS,
)

if TYPE_CHECKING:
    import pyoxigraph

FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"
      | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7]+)
  | (?P<name>(?:[^\W\d][\w.-]*)?:(?:[\w:%\\-]|\.(?=[\w:%\\-]))*|[^\W\d][\w-]*)
  | (?P<other>.)
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str  # comment, string, iri, var, name (keyword, prefixed name), other (punctuation)
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text`, without white space and comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


def uses_variable(text: str, name: str) -> bool:
    """Whether `text` uses the variable ?name (or $name) outside comments, strings and IRIs."""
    return any(t.kind == "var" and t.text[1:] == name for t in tokens(text))


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both from 1, of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _at(text: str, offset: int, source: str) -> Location:
    line, column = position(text, offset)
    return Location(query=source, line=line, column=column)


def _keyword(token: Token) -> str | None:
    return token.text.upper() if token.kind == "name" and ":" not in token.text else None


def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first of them in the text (None when absent)."""
    for token in tokens(text):
        if _keyword(token) in FORMS:
            return _keyword(token)
    return None


def has_order_by(text: str) -> bool:
    """Whether a query orders its solutions: an ORDER BY outside every group (a sub-SELECT's
    ORDER BY orders only the sub-SELECT)."""
    depth = 0
    listed = list(tokens(text))
    for token, following in zip(listed, listed[1:], strict=False):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and (token.text.upper(), following.text.upper()) == ("ORDER", "BY"):
            return True
    return False


def check(text: str, source: str) -> str:
    """Read `text` before an engine does: refuse SERVICE, FROM and FROM NAMED (a query runs on
    the local dataset it is given, never on the network), name a prefix that is neither declared
    nor one of the project's, and return the query form. Errors locate the query and position.
    The reading is kept per text (stored queries are asked again and again)."""
    form, problem = _read(text)
    if problem is not None:
        message, offset = problem
        raise KGError(message, where=_at(text, offset, source))
    return form


@functools.lru_cache(maxsize=256)
def _read(text: str) -> tuple[str, None] | tuple[None, tuple[str, int]]:
    """check()'s work: (the form, None), or (None, (the problem, its offset))."""
    declared = set(PREFIX_IRIS)
    listed = list(tokens(text))
    form = None
    for index, token in enumerate(listed):
        keyword = _keyword(token)
        if keyword == "PREFIX" and index + 1 < len(listed):
            declared.add(listed[index + 1].text.split(":", 1)[0])
        elif keyword == "SERVICE":
            return None, (
                "SERVICE is not supported: queries run on the local graph only",
                token.start,
            )
        elif keyword == "FROM":
            return None, (
                "FROM and FROM NAMED are not supported: queries run on the local graph "
                f"(its named graphs are <{ASSERTED_GRAPH_IRI}>, <{INFERRED_GRAPH_IRI}> and "
                f"<{CATALOGUE_GRAPH_IRI}>)",
                token.start,
            )
        elif keyword in FORMS and form is None:
            form = keyword
        elif keyword in UPDATES and form is None:
            return None, (
                f"SPARQL updates ({keyword}) are not supported: the graph is read-only here; "
                "ask with SELECT, CONSTRUCT, ASK or DESCRIBE",
                token.start,
            )
        elif token.kind == "name" and ":" in token.text and not token.text.startswith("_:"):
            prefix = token.text.split(":", 1)[0]
            previous = _keyword(listed[index - 1]) if index else None
            if prefix not in declared and previous != "PREFIX":
                return None, (
                    f"unknown prefix '{prefix}:'; declare it with PREFIX, or use one of "
                    f"{', '.join(sorted(PREFIX_IRIS))}",
                    token.start,
                )
    if form is None:
        return None, (
            "not a query: expected SELECT, CONSTRUCT, ASK or DESCRIBE",
            len(text),
        )
    return form, None


@functools.lru_cache(maxsize=256)
def _where_brace(text: str) -> int | None:
    """The offset of the `{` that opens the query's WHERE group: the first group at the top
    level, or for CONSTRUCT the one after WHERE (the first is the template)."""
    depth = 0  # braces
    parentheses = 0  # an EXISTS { } inside a projection's expression is not the WHERE group
    form = None
    seen_where = False
    for token in tokens(text):
        keyword = _keyword(token)
        if form is None and keyword in FORMS:
            form = keyword
        elif keyword == "WHERE" and depth == 0 and parentheses == 0:
            seen_where = True
        elif token.text in "()" and token.kind == "other":
            parentheses += 1 if token.text == "(" else -1
        elif token.text == "{":
            top = depth == 0 and parentheses == 0
            if top and form is not None and (form != "CONSTRUCT" or seen_where):
                return token.start
            depth += 1
        elif token.text == "}":
            depth -= 1
    return None


@functools.lru_cache(maxsize=256)
def _is_construct_shorthand(text: str) -> bool:
    """CONSTRUCT WHERE { ... }: its pattern is its template, so it cannot hold a VALUES block."""
    words = [_keyword(t) for t in tokens(text) if t.kind in ("name", "other")]
    return "CONSTRUCT" in words and words[words.index("CONSTRUCT") + 1 :][:1] == ["WHERE"]


def bind(
    text: str, bindings: Mapping[str, pyoxigraph.NamedNode | pyoxigraph.Literal], source: str
) -> str:
    """`text` with `bindings` (variable name to RDF term) as a VALUES block at the start of its
    WHERE group, on the same line (line numbers stay true). The terms are written in N-Triples
    form by pyoxigraph, with its escaping, so a value can only ever be a value. The block joins
    the group's other patterns, so a FILTER of the group and the OPTIONALs after it see the
    values; a variable used only inside a sub-SELECT would not, and stored queries avoid that."""
    if not bindings:
        return text
    if _is_construct_shorthand(text):
        raise KGError(
            "a CONSTRUCT WHERE { } query cannot take parameters (its pattern is its template): "
            "write CONSTRUCT { template } WHERE { pattern }",
            where=Location(query=source),
        )
    brace = _where_brace(text)
    if brace is None:
        raise KGError(
            "the query has no WHERE group to bind parameters in", where=Location(query=source)
        )
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise KGError(f"not a variable name: {name!r}", where=Location(parameter=name))
    return text[: brace + 1] + values_block(bindings) + text[brace + 1 :]


def values_block(bindings: Mapping[str, pyoxigraph.NamedNode | pyoxigraph.Literal]) -> str:
    """` VALUES (?a ?b) { (<…> "…") } `: what `bind` inserts after the WHERE group's brace."""
    names = sorted(bindings)
    variables = " ".join(f"?{name}" for name in names)
    values = " ".join(str(bindings[name]) for name in names)
    return f" VALUES ({variables}) {{ ({values}) }} "


def unshift(error: KGError, text: str, bindings: Mapping) -> KGError:
    """An engine's error on bound text, placed in the text as written: on the line of the WHERE
    group's brace, a column after it is moved back by the length of the VALUES block."""
    where = error.where
    brace = _where_brace(text) if bindings else None
    if brace is None or not isinstance(where, Location) or where.column is None:
        return error
    line, column = position(text, brace)
    if where.line == line and where.column > column + 1:
        moved = where.column - len(values_block(bindings))
        error.where = Location(
            file=where.file, query=where.query, line=where.line, column=max(column + 1, moved)
        )
    return error
