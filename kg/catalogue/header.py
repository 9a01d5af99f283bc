"""Stored-query headers: parse and check the `#+` header of each queries/*.rq file.

A stored query answers one question and is named for it (`queries/secretary_general_terms.rq`).
The file opens with a header of `#+` comment lines, after grlc and sib-swiss/sparql-examples, and
the SPARQL text follows (the header is made of SPARQL comments, so the whole file is the query):

    #+ summary: Who held a post on a given day
    #+ description: The terms of office of a post that cover the day, comparing dates at the
    #+   precision the sources give them.
    #+ tags: [posts, terms, dates]
    #+ param: post (entity, default SecretaryGeneralOfTheOAS): The post, by label or acronym
    #+ param: date (date, default 2016-01-01): The day to ask about
    #+ view: table
    #+ example: kg query who_held_post_on_date --param date=2016-01-01

Rules, checked strictly (a violation is a KGError naming the file and line):

* The header is the run of `#+` lines that starts the file; a `#+` line after it is an error.
* Each header line is `#+ key: value`. A line of `#+` and at least two spaces continues the
  value of the line above (joined with one space).
* `summary` (one sentence), `description`, `tags`, `view` and `example` appear exactly once;
  `param` appears once per parameter, in the order the parameters are documented.
* `tags` is a bracketed, comma-separated, non-empty list of words: `[career, posts]`.
* `param` is `NAME (TYPE): DESCRIPTION` or `NAME (TYPE, default VALUE): DESCRIPTION`. NAME is the
  SPARQL variable the value is bound to (`?NAME` must occur in the query); TYPE is `date`
  (xsd:date, YYYY-MM-DD), `integer`, `string` or `entity` (a resource named by label, acronym or
  local name); a parameter without a default is required. An entity parameter may name the class
  its value must be an instance of (in the full graph, so subclasses count), as a prefixed name
  whose prefix is one of the project's and which the ontology declares a class:
  `country (entity schema:Country, default Venezuela)`. Without one, any resource will do.
* `lang` is reserved and never declared: a query whose SPARQL uses `?lang` takes it (type
  `language`: a language of the graph's labels, `en` or `es`; default `en`), after the declared
  parameters. The stored queries use it to pick the label of each `?x` as `?xLabel`.
* `view` is how to show the answer, as the Wikidata Query Service's `#defaultView`: `table`,
  `timeline` or `graph`.
* `example` is a command line that runs this query: `kg query NAME [--param KEY=VALUE ...]`.
* `dataset` (optional, at most once) is the dataset layout the query needs: `default` (the
  default when absent) runs on the plain full release, dist/almagro-kg-full.ttl, loaded into any
  store's default graph; `layers` needs the layers as named graphs (GRAPH <.../graph/asserted>,
  <.../graph/inferred>, <.../graph/catalogue>), as dist/almagro-kg.nq holds them.
* After the prologue (PREFIX and BASE lines) the query form keyword (SELECT, CONSTRUCT, ASK or
  DESCRIBE) starts a line.

`kg query --readme README.md` (`make catalogue`) rewrites the README's catalogue table, between the
`<!-- catalogue:start -->` and `<!-- catalogue:end -->` markers; with `--check` it only compares.
"""

from __future__ import annotations

import difflib
import functools
import re
import shlex
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kg import paths
from kg.errors import KGError, check_choice
from kg.namespaces import BASE, PREFIX_IRIS
from kg.sparql import position, tokens

if TYPE_CHECKING:
    from rdflib import URIRef

# rdflib is imported where the catalogue becomes RDF, not here: `kg query` reads a header
# without it.
QUERY_BASE = BASE + "query/"
SPEX_IRI = "https://purl.expasy.org/sparql-examples/ontology#"
# What the stored queries run on (sparql-examples' schema:target): the dataset of the graph's
# layers, published under the project's base IRI.
DATASET_IRI = BASE
# The prefix declarations (sh:prefixes) every executable of the catalogue shares.
PREFIXES_IRI = BASE + "query#prefixes"

PARAM_TYPES = ("date", "period", "integer", "string", "entity", "language")
# The reserved parameter: a query that uses ?lang takes it without declaring it (see LANGUAGES).
LANG_PARAMETER = "lang"
# The languages of the graph's labels (the shapes allow one label per language), the values a
# `language` parameter takes; the first is the default.
LANGUAGES = ("en", "es")
VIEWS = ("table", "timeline", "graph")
# The dataset layouts a query may need (the header's `dataset`): the full release in the default
# graph, or the layers as named graphs.
LAYOUTS = {
    "default": "runs on dist/almagro-kg-full.ttl loaded into any store's default graph",
    "layers": "needs the layers as named graphs, as dist/almagro-kg.nq holds them",
}
FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
README_START = "<!-- catalogue:start -->"
README_END = "<!-- catalogue:end -->"

_SINGLE_KEYS = ("summary", "description", "tags", "view", "example")
_OPTIONAL_KEYS = ("dataset",)  # at most once each
_KEY_LINE = re.compile(r"#\+ (?P<key>[a-z]+): (?P<value>\S.*)$")
_CONTINUATION = re.compile(r"#\+ {2,}(?P<value>\S.*)$")
_TAG = re.compile(r"[a-z0-9][a-z0-9-]*")
_PARAM = re.compile(
    r"(?P<name>[a-z][a-z0-9_]*) \((?P<type>[a-z]+)(?: (?P<of_class>[^\s,()]+))?"
    r"(?:, default (?P<default>[^()]+))?\): (?P<description>\S.*)$"
)
_CURIE = re.compile(r"(?P<prefix>[a-z][a-z0-9]*):(?P<local>[A-Za-z_][A-Za-z0-9_.-]*)")
_PROLOGUE = re.compile(r"(?i)\s*(?:PREFIX|BASE)\b")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # one of PARAM_TYPES
    default: str | None  # as written in the header; None when the parameter is required
    description: str
    line: int  # where the header declares it
    of_class: str | None = None  # entity parameters: the class the value must be, as a CURIE

    @property
    def class_iri(self) -> str | None:
        """The IRI of `of_class` (None when the parameter names no class)."""
        if self.of_class is None:
            return None
        prefix, local = self.of_class.split(":", 1)
        return PREFIX_IRIS[prefix] + local

    def signature(self) -> str:
        """`country (entity schema:Country, default Venezuela)`: how the catalogue table shows
        it, as the header writes it."""
        of_class = f" {self.of_class}" if self.of_class is not None else ""
        default = f", default {self.default}" if self.default is not None else ""
        return f"{self.name} ({self.type}{of_class}{default})"


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    view: str
    example: str
    form: str  # one of FORMS
    text: str  # the whole file, header included (the header is SPARQL comments)
    header_length: int  # how many lines the header takes
    dataset: str = "default"  # one of LAYOUTS: what the query needs to run (header `dataset`)

    @property
    def body(self) -> str:
        """The SPARQL text without the header, as the RDF catalogue publishes it."""
        return "\n".join(self.text.splitlines()[self.header_length :]).strip() + "\n"

    @property
    def iri(self) -> URIRef:
        from rdflib import URIRef

        return URIRef(QUERY_BASE + self.name)


def period_datatype(value: str) -> str | None:
    """The XSD datatype (local name) of a year, month or day as typed: "2016" is a gYear,
    "2016-02" a gYearMonth, "2016-02-29" a date; None when `value` is none of them."""
    if re.fullmatch(r"[0-9]{4}", value):
        return "gYear"
    if re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
        return "gYearMonth"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            date.fromisoformat(value)
        except ValueError:
            return None
        return "date"
    return None


def check_value(kind: str, value: str) -> str | None:
    """Why `value` is not a valid `kind` parameter value as typed (None when it is). Entities are
    checked later, against the graph."""
    if kind == "date":
        try:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                date.fromisoformat(value)
                return None
        except ValueError:
            pass
        return f"expected a date as YYYY-MM-DD, got {value!r}"
    if kind == "period":
        return (
            None
            if period_datatype(value)
            else (f"expected a year, month or day as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        )
    if kind == "integer" and not re.fullmatch(r"[+-]?[0-9]+", value):
        return f"expected an integer, got {value!r}"
    if kind == "language" and value not in LANGUAGES:
        return f"expected a language of the graph's labels, {' or '.join(LANGUAGES)}; got {value!r}"
    return None


def _header_lines(text: str, where: str) -> tuple[list[tuple[int, str, str]], int]:
    """The header's (line number, key, value) entries with continuations joined, and the number
    of header lines."""
    lines = text.splitlines()
    entries: list[tuple[int, str, str]] = []
    count = 0
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#+"):
            break
        count = number
        if (match := _KEY_LINE.match(line)) is not None:
            entries.append((number, match["key"], match["value"].rstrip()))
        elif (match := _CONTINUATION.match(line)) is not None:
            if not entries:
                raise KGError("continuation line before any key", where=f"{where}:{number}")
            first, key, value = entries[-1]
            entries[-1] = (first, key, f"{value} {match['value'].rstrip()}")
        else:
            raise KGError(
                "malformed header line: expected '#+ key: value' or a continuation '#+  more text'",
                where=f"{where}:{number}",
            )
    if count == 0:
        raise KGError(
            "no metadata header: the file must open with '#+ summary: ...'", where=f"{where}:1"
        )
    for number, line in enumerate(lines[count:], start=count + 1):
        if line.startswith("#+"):
            raise KGError(
                "header line after the header has ended (keep the '#+' lines together at the top)",
                where=f"{where}:{number}",
            )
    return entries, count


def _parse_tags(value: str, where: str) -> tuple[str, ...]:
    if not (value.startswith("[") and value.endswith("]")):
        raise KGError(
            f"tags must be a bracketed list like [career, posts], got {value!r}", where=where
        )
    tags = tuple(tag.strip() for tag in value[1:-1].split(","))
    for tag in tags:
        if not _TAG.fullmatch(tag):
            raise KGError(
                f"bad tag {tag!r}: tags are lower-case words, digits and hyphens", where=where
            )
    if len(set(tags)) != len(tags):
        raise KGError("a tag is listed twice", where=where)
    return tags


@functools.cache
def _declared_classes(ontology: Path, mtime_ns: int) -> frozenset[str]:
    """The classes the ontology file declares (owl:Class or rdfs:Class), read once per version."""
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    from kg.load import parse_turtle

    graph = parse_turtle(ontology)
    return frozenset(
        str(c)
        for kind in (OWL.Class, RDFS.Class)
        for c in graph.subjects(RDF.type, kind)
        if isinstance(c, URIRef)
    )


def _check_class(of_class: str, kind: str, where: str, declared: bool) -> None:
    """An entity parameter's class: a prefixed name with one of the project's prefixes, which
    the ontology declares a class."""
    if kind != "entity":
        raise KGError(
            f"only entity parameters name a class; a {kind} parameter cannot take {of_class!r}",
            where=where,
        )
    match = _CURIE.fullmatch(of_class)
    if match is None:
        raise KGError(
            f"bad class {of_class!r}: expected a prefixed name like schema:Country", where=where
        )
    if match["prefix"] not in PREFIX_IRIS:
        raise KGError(
            f"unknown prefix {match['prefix']!r} in {of_class}; the prefixes are "
            f"{', '.join(sorted(PREFIX_IRIS))}",
            where=where,
        )
    if not declared:
        return
    ontology = paths.ONTOLOGY_FILE
    mtime = ontology.stat().st_mtime_ns if ontology.is_file() else 0
    if PREFIX_IRIS[match["prefix"]] + match["local"] not in _declared_classes(ontology, mtime):
        raise KGError(
            f"unknown class {of_class}: {ontology.name} declares no such class", where=where
        )


def _parse_param(value: str, line: int, where: str, body: str, declared: bool) -> Parameter:
    match = _PARAM.match(value)
    if match is None:
        raise KGError(
            "malformed param: expected 'NAME (TYPE): description', "
            "'NAME (TYPE, default VALUE): description' or, for an entity of a class, "
            "'NAME (entity PREFIX:Class, default VALUE): description'",
            where=where,
        )
    if match["name"] == LANG_PARAMETER:
        raise KGError(
            f"parameter {LANG_PARAMETER} is reserved: a query that uses ?{LANG_PARAMETER} takes it "
            f"without declaring it (language, default {LANGUAGES[0]})",
            where=where,
        )
    check_choice(match["type"], PARAM_TYPES, "parameter type", where)
    if match["of_class"] is not None:
        _check_class(match["of_class"], match["type"], where, declared)
    default = match["default"].strip() if match["default"] is not None else None
    if default is not None and (problem := check_value(match["type"], default)) is not None:
        raise KGError(f"bad default for {match['name']}: {problem}", where=where)
    if not re.search(rf"[?$]{match['name']}\b", body):
        raise KGError(
            f"parameter {match['name']} is not used: the query has no ?{match['name']}", where=where
        )
    return Parameter(
        match["name"], match["type"], default, match["description"], line, match["of_class"]
    )


def _lang_parameter(text: str, start: int) -> Parameter | None:
    """The implicit `lang` parameter of a query whose SPARQL (after the header's `start` lines;
    comments and strings do not count) uses ?lang, located at its first use; None otherwise."""
    offset = sum(len(line) for line in text.splitlines(keepends=True)[:start])
    for token in tokens(text[offset:]):
        if token.kind == "var" and token.text[1:] == LANG_PARAMETER:
            line = position(text, offset + token.start)[0]
            description = (
                f"The language of the labels, {' or '.join(LANGUAGES)} (the other is the fallback)"
            )
            return Parameter(LANG_PARAMETER, "language", LANGUAGES[0], description, line)
    return None


def _query_form(text: str, start: int, where: str) -> str:
    """The query form keyword: the first word of the first line after the header, comments,
    blank lines and the prologue."""
    for number, line in enumerate(text.splitlines()[start:], start=start + 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or _PROLOGUE.match(stripped):
            continue
        word = stripped.split()[0].upper()
        if word not in FORMS:
            raise KGError(
                f"expected the query to start with {', '.join(FORMS)}; found "
                f"{stripped.split()[0]!r}",
                where=f"{where}:{number}",
            )
        return word
    raise KGError("the file has a header but no query", where=where)


def _check_example(example: str, name: str, parameters: tuple[Parameter, ...], where: str) -> None:
    try:
        words = shlex.split(example)
    except ValueError as err:
        raise KGError(f"example is not a valid command line: {err}", where=where) from None
    if words[:3] != ["kg", "query", name]:
        raise KGError(f"example must start with 'kg query {name}'", where=where)
    declared = {p.name for p in parameters}
    for flag, argument in zip(words[3:], words[4:], strict=False):
        if flag == "--param" and argument.split("=", 1)[0] not in declared:
            raise KGError(
                f"example uses undeclared parameter {argument.split('=', 1)[0]!r}", where=where
            )
        if flag == "--lang" and LANG_PARAMETER not in declared:
            raise KGError(
                f"example uses --lang, but the query has no ?{LANG_PARAMETER}", where=where
            )


def parse_query_file(path: Path, *, check_classes: bool = True) -> StoredQuery:
    """Read one stored query and its header; any deviation from the format is a KGError
    naming the file and line. `check_classes=False` skips reading the ontology to check that
    a parameter's class is declared (the store's build has checked the whole catalogue)."""
    path = Path(path)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KGError("file not found", where=where) from None
    except UnicodeDecodeError as err:
        raise KGError(f"not UTF-8 text ({err.reason} at byte {err.start})", where=where) from None
    entries, header_length = _header_lines(text, where)
    body = "\n".join(text.splitlines()[header_length:])
    single: dict[str, tuple[int, str]] = {}
    parameters: list[Parameter] = []
    for line, key, value in entries:
        at = f"{where}:{line}"
        if key == "param":
            parameter = _parse_param(value, line, at, body, check_classes)
            if any(p.name == parameter.name for p in parameters):
                raise KGError(f"parameter {parameter.name} is declared twice", where=at)
            parameters.append(parameter)
        elif key in _SINGLE_KEYS or key in _OPTIONAL_KEYS:
            if key in single:
                raise KGError(f"{key} is given twice (first at line {single[key][0]})", where=at)
            single[key] = (line, value)
        else:
            raise KGError(
                f"unknown header key {key!r}; expected one of "
                f"{', '.join(sorted((*_SINGLE_KEYS, *_OPTIONAL_KEYS, 'param')))}",
                where=at,
            )
    missing = [key for key in _SINGLE_KEYS if key not in single]
    if missing:
        raise KGError(f"header lacks {', '.join(missing)}", where=f"{where}:{header_length}")
    view_line, view = single["view"]
    if view not in VIEWS:
        raise KGError(
            f"unknown view {view!r}; choose one of {', '.join(VIEWS)}", where=f"{where}:{view_line}"
        )
    layout_line, layout = single.get("dataset", (0, "default"))
    if layout not in LAYOUTS:
        raise KGError(
            f"unknown dataset layout {layout!r}; choose one of {', '.join(LAYOUTS)}",
            where=f"{where}:{layout_line}",
        )
    if (lang := _lang_parameter(text, header_length)) is not None:
        parameters.append(lang)
    example_line, example = single["example"]
    _check_example(example, path.stem, tuple(parameters), f"{where}:{example_line}")
    tags_line, tags = single["tags"]
    return StoredQuery(
        name=path.stem,
        path=path,
        summary=single["summary"][1],
        description=single["description"][1],
        tags=_parse_tags(tags, f"{where}:{tags_line}"),
        parameters=tuple(parameters),
        view=view,
        example=example,
        form=_query_form(text, header_length, where),
        text=text,
        header_length=header_length,
        dataset=layout,
    )


def load_catalogue(directory: Path | None = None) -> dict[str, StoredQuery]:
    """Every stored query in `directory` (default: queries/; not its qc/ checks), by name."""
    directory = paths.QUERIES_DIR if directory is None else Path(directory)
    if not directory.is_dir():
        raise KGError("query directory not found", where=str(directory))
    return {path.stem: parse_query_file(path) for path in sorted(directory.glob("*.rq"))}


def find_query(
    name: str, directory: Path | None = None, *, check_classes: bool = True
) -> StoredQuery:
    """The stored query called `name`; an unknown name is an error suggesting the nearest."""
    directory = paths.QUERIES_DIR if directory is None else Path(directory)
    path = directory / f"{name}.rq"
    if re.fullmatch(r"[A-Za-z0-9_-]+", name) and path.is_file():
        return parse_query_file(path, check_classes=check_classes)
    known = sorted(p.stem for p in directory.glob("*.rq"))
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise KGError(f"no stored query named {name!r}{hint}")
