"""The stored-query catalogue: queries/*.rq as data. `header` parses and checks each file's `#+`
header (the grammar is in its docstring), `readme` writes the README's table, `rdf` publishes the
catalogue as sh:SPARQLExecutable nodes. Nothing here imports rdflib until the catalogue becomes RDF.
"""

from kg.catalogue.header import (
    DATASET_IRI,
    FORMS,
    LANG_PARAMETER,
    LANGUAGES,
    LAYOUTS,
    PARAM_TYPES,
    PREFIXES_IRI,
    QUERY_BASE,
    README_END,
    README_START,
    SPEX_IRI,
    VIEWS,
    Parameter,
    StoredQuery,
    check_value,
    find_query,
    load_catalogue,
    parse_query_file,
)
from kg.catalogue.rdf import catalogue_graph, catalogue_turtle
from kg.catalogue.readme import markdown_table, readme_block, readme_is_current, update_readme

__all__ = [
    "DATASET_IRI",
    "FORMS",
    "LAYOUTS",
    "LANG_PARAMETER",
    "LANGUAGES",
    "PARAM_TYPES",
    "PREFIXES_IRI",
    "QUERY_BASE",
    "README_END",
    "README_START",
    "SPEX_IRI",
    "VIEWS",
    "Parameter",
    "StoredQuery",
    "catalogue_graph",
    "catalogue_turtle",
    "check_value",
    "find_query",
    "load_catalogue",
    "markdown_table",
    "parse_query_file",
    "readme_block",
    "readme_is_current",
    "update_readme",
]
