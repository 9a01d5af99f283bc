"""Resolve what a person types (a label, an acronym, a surname, a local name, an IRI) to one
resource, by asking the engine for the names: the same answer on every engine, and on a remote
store later.

Names are compared normalised (`normalise`: case, accents, whitespace and punctuation ignored)
and matched in order of preference, stopping at the first level that matches anything:
1. exact: the typed text is a whole name (label, prefLabel, altLabel, hiddenLabel, local name);
2. edge words: the typed words are the first or last whole words of a label ("Abascal",
   "Juan Orlando", "Secretary General");
3. inner words: the typed words are a contiguous run of whole words inside a label;
4. close: a name difflib finds close is only ever a "did you mean" suggestion, never picked.
"""

from __future__ import annotations

import difflib
import marshal
import re
import unicodedata
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg.engines import FULL, Engine, run
from kg.errors import KGError, Location
from kg.namespaces import ASSERTED_GRAPH_IRI, RESOURCE_BASE, compact

_NAMES = f"""
SELECT ?s ?name WHERE {{
  GRAPH <{ASSERTED_GRAPH_IRI}> {{
    ?s rdfs:label|skos:prefLabel|skos:altLabel|skos:hiddenLabel ?name
  }}
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{RESOURCE_BASE}"))
}}"""
_LABELS = f"""
SELECT ?s ?label WHERE {{
  GRAPH <{ASSERTED_GRAPH_IRI}> {{ ?s rdfs:label ?label }}
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{RESOURCE_BASE}"))
}}"""
_SUBJECTS = f"""
SELECT DISTINCT ?s WHERE {{
  GRAPH <{ASSERTED_GRAPH_IRI}> {{ ?s ?p ?o }}
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{RESOURCE_BASE}"))
}}"""
_EXISTS = f"""
ASK {{ GRAPH <{ASSERTED_GRAPH_IRI}> {{ {{ ?iri ?p ?o }} UNION {{ ?s ?p ?iri }} }} }}"""

# At most this many candidates are listed in an ambiguous-name error, then "and N more".
LISTED = 10


# A run of characters that are not alphanumeric (str.isalnum: re's \w is that or "_").
_NOT_ALNUM = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """`text` as names are compared: casefolded, without accents (NFKD, combining marks
    dropped), every run of whitespace and punctuation one space, no space at either end.
    (An index of a million-triple graph normalises 440,000 names: ASCII text, which NFKD
    leaves as it is, skips it.)"""
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", folded).strip(" ")


@dataclass
class _Index:
    names: dict[str, set[str]] = field(default_factory=dict)  # every name, local names too
    labels: dict[str, set[str]] = field(default_factory=dict)  # labels only, for level 2
    english: dict[str, str] = field(default_factory=dict)  # IRI -> the label shown for it


_indexes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def local_name(iri: str) -> str:
    return iri[len(RESOURCE_BASE) :]


def _index(engine: Engine) -> _Index:
    """The engine's names, asked once per engine; an engine on a persistent store reads them
    from its `names_file` (kg.store.names_file) when it holds them, and keeps them there."""
    index = _indexes.get(engine)
    if index is None:
        path = getattr(engine, "names_file", None)
        index = _read(path) if path is not None else None
        if index is None:
            index = _computed(engine)
            if path is not None:
                _keep(path, _marshalled(index))
        _indexes[engine] = index
    return index


def _computed(engine: Engine) -> _Index:
    index = _Index()
    for s, name in run(engine, _NAMES, FULL, source="names").rows:
        key = normalise(name.value)
        index.names.setdefault(key, set()).add(s.value)
        index.labels.setdefault(key, set()).add(s.value)
    for (s,) in run(engine, _SUBJECTS, FULL, source="names").rows:
        index.names.setdefault(normalise(local_name(s.value)), set()).add(s.value)
    # The label shown for a resource: English first, then untagged, then any; the least
    # such label when there are several, so every engine shows the same.
    ranked: dict[str, tuple[int, str]] = {}
    for s, label in run(engine, _LABELS, FULL, source="names").rows:
        language = getattr(label, "language", None) or ""
        rank = 0 if language.lower().startswith("en") else 1 if not language else 2
        candidate = (rank, " ".join(label.value.split()))
        if s.value not in ranked or candidate < ranked[s.value]:
            ranked[s.value] = candidate
    index.english = {iri: label for iri, (_, label) in ranked.items()}
    return index


# The layout of a kept index: (_FORMAT, names, labels, english), marshalled. A million-triple
# graph's index takes 4 to 8 CPU seconds to ask and compute, half a second to read.
_FORMAT = 1


def _marshalled(index: _Index) -> bytes:
    """The index as kept: sorted, so the same graph gives the same bytes whatever the hash seed."""

    def table(names: dict[str, set[str]]) -> dict[str, list[str]]:
        return {name: sorted(names[name]) for name in sorted(names)}

    english = {iri: index.english[iri] for iri in sorted(index.english)}
    return marshal.dumps((_FORMAT, table(index.names), table(index.labels), english))


def index_bytes(engine: Engine) -> bytes | None:
    """The names index `engine` has computed, as kept beside a store (kg.store.write_store);
    None when it has not needed it."""
    index = _indexes.get(engine)
    return None if index is None else _marshalled(index)


def _read(path: str | Path) -> _Index | None:
    """A kept index; None when it is missing, unreadable or not one (it is then computed)."""
    try:
        kept = marshal.loads(Path(path).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(kept, tuple) and len(kept) == 4 and kept[0] == _FORMAT):
        return None
    _, names, labels, english = kept
    try:
        return _Index(
            {name: set(iris) for name, iris in names.items()},
            {name: set(iris) for name, iris in labels.items()},
            dict(english),
        )
    except (AttributeError, TypeError, ValueError):  # the right layout, the wrong contents
        return None


def _keep(path: str | Path, data: bytes) -> None:
    """Keep the index beside its store, atomically; a folder that cannot be written (a
    read-only cache, a store that lives in memory) only costs the next process the time."""
    from kg.fast import _write

    _write(str(path), data, make_folder=False)


def names(engine: Engine) -> dict[str, set[str]]:
    """Every normalised name of every resource (labels, alternative and hidden labels, local
    names) and the IRIs it names."""
    return _index(engine).names


def matches(engine: Engine, text: str, words: bool = True) -> set[str]:
    """The IRIs `text` names, at the first level that matches anything (exact, then, with
    `words`, a run of words); empty when none does."""
    index = _index(engine)
    typed = normalise(text)
    if not typed:
        return set()
    exact = index.names.get(typed)
    if exact or not words:
        return set(exact or ())
    # A label that starts or ends with the typed words (a first name, a surname) is a closer
    # match than one that mentions them inside (an event "X invites Y to Z").
    padded = f" {typed} "
    edges = {
        iri
        for name, iris in index.labels.items()
        if f" {name} ".startswith(padded) or f" {name} ".endswith(padded)
        for iri in iris
    }
    if edges:
        return edges
    return {iri for name, iris in index.labels.items() if padded in f" {name} " for iri in iris}


def _close(engine: Engine, typed: str) -> set[str]:
    """The IRIs of the names close to `typed`: whole names, unless the first or last words of a
    label, as many as typed, come closer still (as "hernandez" does to "Hernandes")."""
    index = _index(engine)
    close = difflib.get_close_matches(typed, sorted(index.names), n=5, cutoff=0.6)
    best = difflib.SequenceMatcher(None, typed, close[0]).ratio() if close else 0.0
    edges: dict[str, set[str]] = {}
    size = len(typed.split())
    for name, iris in index.labels.items():
        words = name.split()
        if len(words) > size > 0:
            for edge in (" ".join(words[:size]), " ".join(words[-size:])):
                edges.setdefault(edge, set()).update(iris)
    closer = [
        edge
        for edge in difflib.get_close_matches(typed, sorted(edges), n=3, cutoff=0.8)
        if difflib.SequenceMatcher(None, typed, edge).ratio() > best
    ]
    if closer:
        return {iri for edge in closer for iri in edges[edge]}
    return {iri for name in close for iri in index.names[name]}


def describe(engine: Engine, iris: set[str]) -> str:
    """`res:X (label), res:Y (label)`, sorted, at most LISTED of them, then `and N more`."""
    english = _index(engine).english
    shown = []
    for iri in sorted(iris, key=compact)[:LISTED]:
        label = english.get(iri)
        shown.append(f"{compact(iri)} ({label})" if label else compact(iri))
    if len(iris) > LISTED:
        shown.append(f"and {len(iris) - LISTED} more")
    return ", ".join(shown)


def resolve(
    engine: Engine, text: str, where: Location | str, suggest: bool = True
) -> pyoxigraph.NamedNode:
    """The one resource named `text`; unknown or ambiguous names are errors listing candidates
    (an unknown name's close matches only when `suggest`: finding them reads every name)."""
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
    compact_iri = text.startswith("res:")
    if compact_iri:
        text = text[4:]
    found = matches(engine, text, words=not compact_iri)
    if len(found) == 1:
        return pyoxigraph.NamedNode(next(iter(found)))
    if found:
        raise KGError(f"{text!r} is ambiguous: it names {describe(engine, found)}", where=where)
    close = _close(engine, normalise(text)) if suggest else set()
    candidates = sorted({local_name(m) for m in close})
    hint = f"; did you mean {', '.join(candidates)}?" if candidates else ""
    raise KGError(f"no resource is named {text!r}{hint}", where=where)
