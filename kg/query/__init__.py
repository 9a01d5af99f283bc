"""Answering, whatever the engine: stored queries with typed parameters, ad hoc SPARQL, and the
answers as Python values (kg.query.formats writes them in the W3C results formats).

The submodules are imported on use: `kg query`'s fast path (kg.fast) imports kg.query.formats,
which must not bring the catalogue, the engines and the parameters with it."""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path
    from typing import Any

    from kg import catalogue
    from kg.engines import DatasetDescription, Engine, QueryResult
    from kg.query.parameters import (
        bind_parameters,
        check_defaults,
        language_bindings,
        with_language,
    )
    from kg.query.values import python_value

__all__ = [
    "bind_parameters",
    "check_defaults",
    "execute",
    "language_bindings",
    "python_value",
    "run_stored",
    "to_python",
    "with_language",
]


def __getattr__(name: str) -> object:
    if name in ("bind_parameters", "check_defaults", "language_bindings", "with_language"):
        from kg.query import parameters as module
    elif name == "python_value":
        from kg.query import values as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(module, name)


def run_stored(
    engine: Engine,
    query: str | catalogue.StoredQuery,
    values: Mapping[str, str] | None = None,
    description: str | DatasetDescription = "full",
    directory: Path | None = None,
    lang: str | None = None,
) -> QueryResult:
    """Run a stored query (given by name, or already found) with parameter `values` as text.
    `lang` (en or es) is the language of its labels, as `values={"lang": ...}` is; a query
    whose SPARQL has no ?lang refuses it."""
    from kg import catalogue
    from kg.engines import dataset, run
    from kg.errors import Location
    from kg.query.parameters import bind_parameters, with_language

    stored = (
        query
        if isinstance(query, catalogue.StoredQuery)
        else catalogue.find_query(query, directory, check_classes=False)
    )
    values = with_language(stored, values or {}, lang, Location(parameter="lang"))
    bindings = bind_parameters(engine, stored, values)
    return run(engine, stored.text, dataset(description), bindings, str(stored.path))


def execute(
    engine: Engine,
    text: str,
    source: str = "<query>",
    description: str | DatasetDescription = "full",
    lang: str | None = None,
) -> QueryResult:
    """Run ad hoc SPARQL `text` (the project's prefixes are predeclared). A text that uses
    ?lang has it bound to `lang` (en or es; default en), as a stored query has."""
    from kg.engines import dataset, run
    from kg.errors import Location
    from kg.query.parameters import language_bindings

    bindings = language_bindings(text, lang, Location(parameter="lang"))
    return run(engine, text, dataset(description), bindings, source)


def to_python(result: QueryResult) -> list[dict[str, Any]] | bool | Any:
    """SELECT: a list of {variable: value} dicts (None where unbound); ASK: a bool;
    CONSTRUCT and DESCRIBE: an rdflib Graph."""
    from kg.query.values import python_value

    if result.form == "ASK":
        return bool(result.boolean)
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        from kg.engines.rdflib_engine import to_rdflib_graph

        return to_rdflib_graph(result.triples)
    variables = result.variables
    return [
        {name: python_value(term) for name, term in zip(variables, row, strict=True)}
        for row in result.rows
    ]
