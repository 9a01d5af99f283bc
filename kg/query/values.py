"""RDF terms as Python values, for the Python API: IRIs as str, literals as what their datatype
means (int, Decimal, float, bool, date, datetime), as rdflib's Literal.toPython() does."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph

_XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_DATATYPES = {  # xsd:integer and the XSD types derived from it
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
    )
}  # fmt: skip
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DATE = re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}")
_TEXT = {_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_LEXICAL = {_XSD + "gYear", _XSD + "gYearMonth", _XSD + "anyURI"}


def python_value(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | None):
    """The Python value of a term (None when unbound). A literal that is not of its datatype,
    or of a datatype Python has no type for (gYear, gYearMonth), gives its lexical form."""
    if term is None:
        return None
    if not isinstance(term, pyoxigraph.Literal):
        return term.value
    lexical, datatype = term.value, term.datatype.value
    if datatype in _TEXT or datatype in _LEXICAL:
        return lexical
    if datatype in INTEGER_DATATYPES:
        if not _INTEGER.fullmatch(lexical.strip()):
            return lexical
        try:
            return int(lexical)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            return lexical
    if datatype == _XSD + "date" and _DATE.fullmatch(lexical):
        try:
            return date.fromisoformat(lexical)
        except ValueError:
            return lexical
    if datatype == _XSD + "decimal" and _DECIMAL.fullmatch(lexical.strip()):
        try:
            return Decimal(lexical)
        except InvalidOperation:
            return lexical
    if datatype == _XSD + "boolean" and lexical in ("true", "false", "1", "0"):
        return lexical in ("true", "1")
    return _by_rdflib(lexical, datatype)


def _by_rdflib(lexical: str, datatype: str) -> Any:
    """The rarer datatypes (double, dateTime, duration, time...) as rdflib converts them."""
    from rdflib import Literal, URIRef

    value = Literal(lexical, datatype=URIRef(datatype)).toPython()
    return str(value) if isinstance(value, Literal) else value
