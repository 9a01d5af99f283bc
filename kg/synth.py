"""Synthetic graphs of our own shape, for the benchmark and the scale tests: people, posts, terms,
elections, meetings, evidence passages with their selectors, and the simple facts that cite them,
with the time model in force.

`synthesize(triples, seed, path)` writes exactly `triples` data triples (the ontology is not in the
file: the pipeline adds it, as it does to kg/data) as Turtle, or N-Triples when the file name ends
in `.nt`. The graph conforms to ontology/shapes.ttl and the quality checks and is consistent under
the ontology and its imports. It is written one block at a time (memory stays flat whatever the
size) into a temporary file beside the target, renamed into place at the end, and is the same
bytes for a seed whatever the hash seed.

Every IRI is under res: with the `Syn` prefix (res:SynPerson7, stmt:SynPerson7-birthDate), its
documents and passages under doc:synth-N and ev:synth-N-sNN, so a synthetic graph never collides
with the real one.

The graph is a fixed prelude (a theme scheme with 20 themes) and then one unit after another, each
of `UNIT_TRIPLES` triples, about a tenth of them on a source document of their own every ten
units: a country, its government, a single-holder post in it, a person of that nationality, the
person's term in the post, the election that opened the term, a meeting during it, two passages
(each with a quote and a position selector) and the four simple facts about the entities. What is
left below a whole unit is made up with more themes (three triples each) and then alternative
labels of the first country (one triple each), so the count is exact.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KGError
from kg.sources import citation_text

PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "akg": "https://w3id.org/almagro-kg/ontology/",
    "res": "https://w3id.org/almagro-kg/resource/",
    "doc": "https://w3id.org/almagro-kg/resource/document/",
    "ev": "https://w3id.org/almagro-kg/resource/evidence/",
    "stmt": "https://w3id.org/almagro-kg/resource/statement/",
}
THEMES = 20
UNITS_PER_DOCUMENT = 10

Block = tuple[str, list[tuple[str, str]]]  # a subject and its (predicate, object) pairs


def _lit(text: str, lang: str = "en") -> str:
    return f'"{text}"@{lang}'


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


def _fact(subject: str, predicate: str, obj: str, passage: str) -> Block:
    """The simple fact reifying `subject predicate obj`, citing `passage`."""
    local = subject.split(":", 1)[1]
    tail = "-" + obj.split(":", 1)[1] if obj.startswith("res:") else ""
    name = f"stmt:{local}-{predicate.split(':', 1)[1]}{tail}"
    return name, [
        ("a", "akg:SimpleFact"),
        ("rdf:subject", subject),
        ("rdf:predicate", predicate),
        ("rdf:object", obj),
        ("akg:evidence", passage),
    ]


def _passage(document: int, number: int, text: str) -> list[Block]:
    """A sentence of a synthetic document: the passage and its two selectors."""
    name = f"ev:synth-{document}-s{number:02d}"
    start = (number - 1) * 100  # every sentence in a slot of its own: the offsets never overlap
    label = f"synth-{document} sentence {number}"
    return [
        (
            name,
            [
                ("a", "akg:EvidencePassage"),
                ("a", "oa:SpecificResource"),
                ("rdfs:label", _lit(label)),
                ("oa:hasSource", f"doc:synth-{document}"),
                ("prov:wasQuotedFrom", f"doc:synth-{document}"),
                ("akg:sentenceNumber", str(number)),
                ("oa:hasSelector", f"{name}-quote"),
                ("oa:hasSelector", f"{name}-position"),
            ],
        ),
        (
            f"{name}-quote",
            [
                ("a", "oa:TextQuoteSelector"),
                ("rdfs:label", _lit(f"{label}, quote")),
                ("oa:exact", f'"{text}"'),
            ],
        ),
        (
            f"{name}-position",
            [
                ("a", "oa:TextPositionSelector"),
                ("rdfs:label", _lit(f"{label}, position")),
                ("oa:start", _typed(start, "nonNegativeInteger")),
                ("oa:end", _typed(start + len(text), "nonNegativeInteger")),
            ],
        ),
    ]


GENRE = "synthetic document"
WRITTEN_AFTER = "2024-01-01"


def _document(document: int) -> Block:
    """A source document with the citation fields the shapes ask of every one (no publisher)."""
    title = f"Synthetic source document {document}"
    return f"doc:synth-{document}", [
        ("a", "akg:SourceDocument"),
        ("rdfs:label", _lit(title)),
        ("dcterms:title", _lit(title)),
        ("dcterms:type", "dcmitype:Text"),
        ("schema:genre", _lit(GENRE)),
        ("akg:fileName", f'"{document % 1000:03d}_{document:016x}.txt"'),
        ("akg:writtenAfter", _typed(WRITTEN_AFTER, "date")),
        ("dcterms:bibliographicCitation", _lit(citation_text(title, GENRE, None, WRITTEN_AFTER))),
    ]


def _theme(number: int) -> Block:
    return f"res:SynTheme{number}", [
        ("a", "skos:Concept"),
        ("rdfs:label", _lit(f"Synthetic theme {number}")),
        ("skos:inScheme", "res:SynThemes"),
    ]


def _prelude() -> list[Block]:
    scheme = (
        "res:SynThemes",
        [("a", "skos:ConceptScheme"), ("rdfs:label", _lit("Synthetic themes"))],
    )
    return [scheme] + [_theme(k) for k in range(1, THEMES + 1)]


def _unit(i: int, rng: random.Random) -> list[Block]:
    """One unit of the graph: a country's government, post, person, term, election and meeting,
    with their evidence."""
    document, slot = divmod(i, UNITS_PER_DOCUMENT)
    blocks: list[Block] = [_document(document)] if slot == 0 else []
    first = slot * 2 + 1  # two sentences per unit
    facts_passage = f"ev:synth-{document}-s{first:02d}"
    events_passage = f"ev:synth-{document}-s{first + 1:02d}"
    country, government = f"res:SynCountry{i}", f"res:SynGovernment{i}"
    post, person = f"res:SynPost{i}", f"res:SynPerson{i}"
    term, election, meeting = f"res:SynTerm{i}", f"res:SynElection{i}", f"res:SynMeeting{i}"

    born = f"{rng.randint(1930, 1985)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    start_year = rng.randint(1990, 2020)
    years = rng.randint(1, 6)
    start, end = f"{start_year}-03-01", f"{start_year + years}-03-01"
    month = f"{start_year - 1}-{rng.randint(1, 12):02d}"
    last_day = {"02": 28, "04": 30, "06": 30, "09": 30, "11": 30}.get(month[5:], 31)
    meeting_year = start_year + rng.randint(0, years - 1)
    electorate = rng.randint(10, 200)
    votes = rng.randint(electorate // 2 + 1, electorate)
    theme = f"res:SynTheme{rng.randint(1, THEMES)}"

    blocks += [
        (
            country,
            [
                ("a", "schema:Country"),
                ("rdfs:label", _lit(f"Synthetic Country {i}")),
                ("rdfs:label", _lit(f"Pais Sintetico {i}", "es")),
            ],
        ),
        (
            government,
            [
                ("a", "akg:Government"),
                ("rdfs:label", _lit(f"Government of Synthetic Country {i}")),
                ("akg:country", country),
            ],
        ),
        _fact(government, "akg:country", country, facts_passage),
        (
            post,
            [
                ("a", "akg:SingleHolderPost"),
                ("rdfs:label", _lit(f"Synthetic Minister {i}")),
                ("org:postIn", government),
            ],
        ),
        _fact(post, "org:postIn", government, facts_passage),
        (
            person,
            [
                ("a", "schema:Person"),
                ("rdfs:label", _lit(f"Synthetic Person {i}")),
                ("schema:birthDate", _typed(born, "date")),
                ("schema:nationality", country),
            ],
        ),
        _fact(person, "schema:birthDate", _typed(born, "date"), facts_passage),
        _fact(person, "schema:nationality", country, facts_passage),
        (
            term,
            [
                ("a", "akg:Term"),
                ("rdfs:label", _lit(f"Synthetic Person {i}, Synthetic Minister {i}")),
                ("org:member", person),
                ("akg:termOfPost", post),
                ("org:organization", government),
                ("schema:startDate", _typed(start, "date")),
                ("schema:endDate", _typed(end, "date")),
                ("akg:earliestStart", _typed(start, "date")),
                ("akg:latestStart", _typed(start, "date")),
                ("akg:earliestEnd", _typed(end, "date")),
                ("akg:latestEnd", _typed(end, "date")),
                ("akg:after", election),
                ("akg:evidence", events_passage),
            ],
        ),
        (
            election,
            [
                ("a", "akg:Election"),
                ("rdfs:label", _lit(f"Synthetic election {i}")),
                ("akg:electionTo", post),
                ("akg:electedPerson", person),
                ("akg:resultedIn", term),
                ("schema:startDate", _typed(month, "gYearMonth")),
                ("akg:earliestStart", _typed(f"{month}-01", "date")),
                ("akg:latestStart", _typed(f"{month}-{last_day}", "date")),
                ("akg:earliestEnd", _typed(f"{month}-01", "date")),
                ("akg:latestEnd", _typed(f"{month}-{last_day}", "date")),
                ("akg:votesFor", _typed(votes, "nonNegativeInteger")),
                ("akg:electorate", _typed(electorate, "nonNegativeInteger")),
                ("akg:evidence", events_passage),
            ],
        ),
        (
            meeting,
            [
                ("a", "akg:Meeting"),
                ("rdfs:label", _lit(f"Synthetic meeting {i}")),
                ("akg:agent", person),
                ("akg:participant", person),
                ("akg:participant", country),
                ("akg:involvesCountry", country),
                ("akg:topic", theme),
                ("schema:startDate", _typed(meeting_year, "gYear")),
                ("akg:earliestStart", _typed(f"{meeting_year}-01-01", "date")),
                ("akg:latestStart", _typed(f"{meeting_year}-12-31", "date")),
                ("akg:earliestEnd", _typed(f"{meeting_year}-01-01", "date")),
                ("akg:latestEnd", _typed(f"{meeting_year}-12-31", "date")),
                ("akg:evidence", events_passage),
            ],
        ),
    ]
    blocks += _passage(document, first, f"Synthetic Person {i} was born on {born}.")
    blocks += _passage(document, first + 1, f"Synthetic Person {i} was elected in {month}.")
    return blocks


def _size(blocks: list[Block]) -> int:
    return sum(len(pairs) for _, pairs in blocks)


UNIT_TRIPLES = _size(_unit(1, random.Random(0)))  # a unit that opens no document
MINIMUM = _size(_prelude()) + _size(_unit(0, random.Random(0)))


def blocks(triples: int, seed: int) -> Iterator[Block]:
    """The graph's blocks, `triples` triples in all (at least MINIMUM)."""
    rng = random.Random(seed)
    yield from _prelude()
    left = triples - _size(_prelude())
    i = 0
    while True:
        unit = _unit(i, rng)
        size = _size(unit)
        if size > left:
            break
        yield from unit
        left -= size
        i += 1
    extra = THEMES
    while left >= 3:
        extra += 1
        yield _theme(extra)
        left -= 3
    if left:
        yield "res:SynCountry0", [("skos:altLabel", _lit(f"SC0 {k}")) for k in range(left)]


def _expand(term: str) -> str:
    """A term as N-Triples: prefixed names and datatypes as full IRIs."""
    if term == "a":
        return f"<{PREFIXES['rdf']}type>"
    if term.startswith('"'):
        text, sep, datatype = term.rpartition("^^")
        return f"{text}^^{_expand(datatype)}" if sep else term
    if term[0].isdigit():
        return f'"{term}"^^<{PREFIXES["xsd"]}integer>'
    prefix, local = term.split(":", 1)
    return f"<{PREFIXES[prefix]}{local}>"


def _turtle(block: Block) -> str:
    subject, pairs = block
    body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
    return f"{subject} {body} .\n\n"


def _ntriples(block: Block) -> str:
    subject, pairs = block
    s = _expand(subject)
    return "".join(f"{s} {_expand(p)} {_expand(o)} .\n" for p, o in pairs)


def check_arguments(triples: object, seed: object) -> tuple[int, int]:
    """The size and seed as integers, or a KGError naming the parameter."""
    for name, value in (("triples", triples), ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value), 10)
            except ValueError:
                raise KGError(f"not an integer: {value!r}", where=f"--{name}") from None
        if name == "triples" and value < MINIMUM:
            raise KGError(
                f"must be at least {MINIMUM} (one unit of the synthetic graph), got {value}",
                where="--triples",
            )
        if name == "triples":
            triples = value
        else:
            seed = value
    return int(triples), int(seed)  # type: ignore[call-overload]


def synthesize(triples: int, seed: int, path: Path | str) -> int:
    """Write the synthetic graph of `triples` triples for `seed` to `path` (Turtle, or N-Triples
    for a `.nt` name), atomically; returns the number of triples written."""
    triples, seed = check_arguments(triples, seed)
    path = Path(path)
    render = _ntriples if path.name.endswith(".nt") else _turtle
    folder = path.parent
    if path.is_dir():
        raise KGError("is a folder: give a file name", where=str(path))
    try:
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError as err:
        raise KGError(f"cannot write: {err.strerror}", where=str(path)) from None
    written = 0
    try:
        with handle:
            if render is _turtle:
                handle.write(
                    "# A synthetic almagro-kg graph (kg synth): not data about the real world.\n"
                )
                handle.writelines(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
                handle.write("\n")
            chunk: list[str] = []
            for block in blocks(triples, seed):
                chunk.append(render(block))
                written += len(block[1])
                if len(chunk) >= 1000:
                    handle.write("".join(chunk))
                    chunk.clear()
            handle.write("".join(chunk))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o666 & ~_umask())
        os.replace(handle.name, path)
    except OSError as err:
        Path(handle.name).unlink(missing_ok=True)
        raise KGError(f"cannot write: {err.strerror}", where=str(path)) from None
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
