"""Resolve what a person types (a label, an acronym, a local name, an IRI) to one resource, by
asking the engine: the same answer on every engine, and on a remote store later."""

from __future__ import annotations

import difflib
import weakref

import pyoxigraph

from kg.engines import FULL, Engine, run
from kg.errors import KGError, Location
from kg.namespaces import ASSERTED_GRAPH_IRI, RESOURCE_BASE

_NAMES = f"""
SELECT ?s ?name WHERE {{
  GRAPH <{ASSERTED_GRAPH_IRI}> {{
    ?s rdfs:label|skos:prefLabel|skos:altLabel|skos:hiddenLabel ?name
  }}
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{RESOURCE_BASE}"))
}}"""
_SUBJECTS = f"""
SELECT DISTINCT ?s WHERE {{
  GRAPH <{ASSERTED_GRAPH_IRI}> {{ ?s ?p ?o }}
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{RESOURCE_BASE}"))
}}"""
_EXISTS = f"""
ASK {{ GRAPH <{ASSERTED_GRAPH_IRI}> {{ {{ ?iri ?p ?o }} UNION {{ ?s ?p ?iri }} }} }}"""

_tables: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def local_name(iri: str) -> str:
    return iri[len(RESOURCE_BASE) :]


def names(engine: Engine) -> dict[str, set[str]]:
    """Every casefolded name of every resource (labels, alternative and hidden labels, local
    names) and the IRIs it names; asked once per engine."""
    table = _tables.get(engine)
    if table is None:
        table = {}
        for s, name in run(engine, _NAMES, FULL, source="names").rows:
            table.setdefault(name.value.casefold(), set()).add(s.value)
        for (s,) in run(engine, _SUBJECTS, FULL, source="names").rows:
            table.setdefault(local_name(s.value).casefold(), set()).add(s.value)
        _tables[engine] = table
    return table


def resolve(engine: Engine, text: str, where: Location | str) -> pyoxigraph.NamedNode:
    """The one resource named `text`; unknown or ambiguous names are errors listing candidates."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(("http://", "https://")):
        try:
            iri = pyoxigraph.NamedNode(text)
        except ValueError:
            raise KGError(f"not a valid IRI: {text}", where=where) from None
        if run(engine, _EXISTS, FULL, {"iri": iri}, source="names").boolean:
            return iri
        raise KGError(f"no resource {text} in the graph", where=where)
    if text.startswith("res:"):
        text = text[4:]
    table = names(engine)
    matches = table.get(text.casefold(), set())
    if len(matches) == 1:
        return pyoxigraph.NamedNode(next(iter(matches)))
    if matches:
        listed = ", ".join(sorted(local_name(m) for m in matches))
        raise KGError(f"{text!r} is ambiguous: it names {listed}", where=where)
    close = difflib.get_close_matches(text.casefold(), sorted(table), n=5, cutoff=0.6)
    candidates = sorted({local_name(m) for name in close for m in table[name]})
    hint = f"; did you mean {', '.join(candidates)}?" if candidates else ""
    raise KGError(f"no resource is named {text!r}{hint}", where=where)
