"""RDF terms as Python values, for the Python API: one Python type per kind of term, the same
whatever the engine.

| term | Python value |
| --- | --- |
| IRI | `IRI`, a str with `.compact` (`res:MACCIH`) |
| xsd:string | str |
| language-tagged string | `LangString`, a str with `.lang` |
| xsd:integer and every type derived from it | int |
| xsd:decimal, xsd:double / xsd:float, xsd:boolean | Decimal, float, bool |
| xsd:date, xsd:gYearMonth, xsd:gYear | `PartialDate`, a datetime.date with `.precision` |
| xsd:dateTime, xsd:duration, xsd:time... | as rdflib's Literal.toPython() gives them |

A literal that is not of its datatype (an ill-typed "abc"^^xsd:integer) gives its lexical form.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
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
_TEXT = {_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_LEXICAL = {_XSD + "anyURI"}
_PARTIAL_DATE = {  # datatype: the lexical form at that precision, without a time zone
    _XSD + "date": re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"),
    _XSD + "gYearMonth": re.compile(r"([0-9]{4})-([0-9]{2})()"),
    _XSD + "gYear": re.compile(r"([0-9]{4})()()"),
}
_PRECISIONS = ("year", "month", "day")


class IRI(str):
    """An IRI: the str is the full IRI; `.compact` is its prefixed name (`res:MACCIH`) when it is
    in one of the project's namespaces, else `<iri>`."""

    __slots__ = ()

    @property
    def compact(self) -> str:
        from kg.namespaces import compact

        return compact(str(self))

    def __repr__(self) -> str:
        return f"IRI({str(self)!r})"

    def __reduce__(self):
        return (IRI, (str(self),))


class LangString(str):
    """A language-tagged string: the str is the text, `.lang` its tag (`en`, `es`). Two of them
    are equal when text and tag are; one equals a plain str with the same text."""

    __slots__ = ("lang",)

    def __new__(cls, text: str, lang: str) -> LangString:
        value = super().__new__(cls, text)
        value.lang = lang
        return value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LangString) and other.lang != self.lang:
            return False
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__

    def __repr__(self) -> str:
        return f"LangString({str(self)!r}, {self.lang!r})"

    def __reduce__(self):
        return (LangString, (str(self), self.lang))


class PartialDate(date):
    """A date known to a year, a month or a day (xsd:gYear, xsd:gYearMonth, xsd:date): a
    datetime.date at the first day of the period, with `.precision` ("year", "month", "day"),
    `.earliest` and `.latest` (the period's first and last days) and `str()` / `isoformat()` at
    its precision ("2016", "2016-01", "2016-01-24"), so it can be passed back as a parameter.

    Ordering, with each other and with plain dates (a plain date is a day): by first day, then
    by precision, coarser first: 2016 < 2016-01 < 2016-01-01 < 2016-01-02 < 2016-02. Equal means
    the same first day and the same precision, so PartialDate(2016) != date(2016, 1, 1) but
    PartialDate(2016, 1, 1) == date(2016, 1, 1)."""

    __slots__ = ("precision",)

    def __new__(cls, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
        if month is None and day is not None:
            raise ValueError("a day needs a month")
        value = super().__new__(cls, year, month or 1, day or 1)
        value.precision = "year" if month is None else "month" if day is None else "day"
        return value

    @classmethod
    def parse(cls, lexical: str, datatype: str = _XSD + "date") -> PartialDate | None:
        """The PartialDate of a literal of `datatype` (xsd:date, gYearMonth, gYear); None when
        the lexical form is not a date of that type (or carries a time zone), or the datatype is
        another."""
        pattern = _PARTIAL_DATE.get(datatype)
        match = None if pattern is None else pattern.fullmatch(lexical)
        if match is None:
            return None
        parts = [int(group) if group else None for group in match.groups()]
        try:
            return cls(*parts)
        except ValueError:
            return None

    @property
    def earliest(self) -> date:
        return date(self.year, self.month, self.day)

    @property
    def latest(self) -> date:
        if self.precision == "year":
            return date(self.year, 12, 31)
        if self.precision == "month":
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return self.earliest

    def isoformat(self) -> str:
        return date.isoformat(self)[: {"year": 4, "month": 7, "day": 10}[self.precision]]

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"

    def __reduce__(self):
        rank = _PRECISIONS.index(self.precision)
        return (PartialDate, (self.year, *(self.month, self.day)[:rank]))

    def _key(self) -> tuple[int, int]:
        return (self.toordinal(), _PRECISIONS.index(self.precision))

    def __eq__(self, other: object) -> bool:
        key = _date_key(other)
        return NotImplemented if key is None else self._key() == key

    def __ne__(self, other: object) -> bool:
        key = _date_key(other)
        return NotImplemented if key is None else self._key() != key

    def __lt__(self, other: object) -> bool:
        key = _date_key(other)
        return NotImplemented if key is None else self._key() < key

    def __le__(self, other: object) -> bool:
        key = _date_key(other)
        return NotImplemented if key is None else self._key() <= key

    def __gt__(self, other: object) -> bool:
        key = _date_key(other)
        return NotImplemented if key is None else self._key() > key

    def __ge__(self, other: object) -> bool:
        key = _date_key(other)
        return NotImplemented if key is None else self._key() >= key

    __hash__ = date.__hash__


def _date_key(other: object) -> tuple[int, int] | None:
    if isinstance(other, PartialDate):
        return other._key()
    if isinstance(other, date) and not isinstance(other, datetime):
        return (other.toordinal(), 2)
    return None


def python_value(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | None):
    """The Python value of a term (None when unbound), by the table in the module docstring."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return IRI(term.value)
    if not isinstance(term, pyoxigraph.Literal):
        return term.value  # a blank node: its label (the data has none)
    lexical, datatype = term.value, term.datatype.value
    if term.language:
        return LangString(lexical, term.language)
    if datatype in _TEXT or datatype in _LEXICAL:
        return lexical
    if datatype in _PARTIAL_DATE:
        parsed = PartialDate.parse(lexical, datatype)
        return lexical if parsed is None else parsed
    if datatype in INTEGER_DATATYPES:
        if not _INTEGER.fullmatch(lexical.strip()):
            return lexical
        try:
            return int(lexical)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
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
