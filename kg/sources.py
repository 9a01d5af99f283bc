"""Source documents and their evidence passages: the first stage, text → citable sentences.

Every fact in the graph cites an evidence passage: one sentence of a source document, anchored in it
as the W3C Web Annotation model anchors a segment of a text (an oa:SpecificResource of the
document), by two selectors: a TextQuoteSelector (the exact text, with up to CONTEXT code points of
the text just before and just after it) and a TextPositionSelector (its offsets in Unicode code
points, 0-based, end exclusive, into the UTF-8 decoded file). `evidence_turtle()` generates
`kg/data/evidence.ttl` from the files; a test checks it is current.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from kg import paths


@dataclass(frozen=True)
class SourceDocument:
    """A source document as the text itself (and sources/README.md) describes it: its title, kind
    and publisher, and the date after which it was written. Where it was found and when it was
    retrieved are not stated, so the graph gives neither (no URL, no retrieval date)."""

    key: str  # short name used in IRIs: doc:<key>, ev:<key>-sNN
    filename: str
    title: str
    kind: str  # what sort of text it is (schema:genre), in words: "official biography"
    publisher: str | None  # the local name of the publisher's resource (res:OAS), if stated
    publisher_name: str | None  # its English label, for the citation written into the data
    description: str
    written_after: str  # the latest event the document reports, at its precision (2023-03)

    @property
    def citation(self) -> str:
        return citation_text(self.title, self.kind, self.publisher_name, self.written_after)

    @property
    def path(self) -> Path:
        return paths.SOURCES_DIR / self.filename

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


DOCUMENTS: tuple[SourceDocument, ...] = (
    SourceDocument(
        key="oas-biography",
        filename="000_809fd6f138efe90d.txt",
        title="H.E. Mr. Luis Almagro, Secretary General, Organization of American States",
        kind="official biography",
        publisher="OAS",
        publisher_name="Organization of American States",
        description="The official biography of the Secretary General as published by the OAS.",
        written_after="2020-03-20",
    ),
    SourceDocument(
        key="encyclopedia-extract",
        filename="001_a960fe334a8c84d6.txt",
        title="Luis Almagro: sentences from the English-language encyclopedia article",
        kind="encyclopedia article, extract",
        publisher=None,  # the text does not name the encyclopedia
        publisher_name=None,
        description=(
            "Sentences extracted from the English-language encyclopedia article on Luis Almagro; "
            "bracketed numbers are the article's reference markers."
        ),
        written_after="2023-03",
    ),
)


def citation_text(title: str, kind: str, publisher: str | None, written_after: str | None) -> str:
    """A document's citation, the one text every output names it by (`kg evidence`, `kg
    coverage`, the VoID description and the data's dcterms:bibliographicCitation): “Title”
    (kind, publisher; written after DATE), leaving out what is not known."""
    parts = [", ".join(part for part in (kind, publisher) if part)]
    if written_after:
        parts.append(f"written after {written_after}")
    described = "; ".join(part for part in parts if part)
    return f"“{title}” ({described})" if described else f"“{title}”"


# How much of the text before and after a quote its TextQuoteSelector records (oa:prefix,
# oa:suffix), in code points; less at the start or end of a document. Every sentence of the two
# documents is unique without it, but a tool re-anchoring a quote in an edited copy of the text
# needs context to choose between repeats; a test checks each prefix + quote + suffix occurs once.
CONTEXT = 32


@dataclass(frozen=True)
class Passage:
    document: SourceDocument
    number: int  # 1-based sentence number within the document
    start: int
    end: int
    quote: str
    prefix: str = ""  # the text just before the quote, at most CONTEXT code points
    suffix: str = ""  # the text just after the quote, at most CONTEXT code points

    @property
    def local_name(self) -> str:
        return f"{self.document.key}-s{self.number:02d}"


_LEADING_MARKERS = re.compile(r"(?:\[\d+\])+\s*")
_BOUNDARY = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Dr|St|[A-Z])\.$")


def passages(document: SourceDocument, text: str | None = None) -> list[Passage]:
    """Split a document into sentences; leading reference markers such as `[15]` are left out."""
    text = document.text() if text is None else text
    found: list[Passage] = []
    for line in re.finditer(r"[^\n]+", text):
        para, base = line.group(), line.start()
        marker = _LEADING_MARKERS.match(para)
        start = marker.end() if marker else 0
        for boundary in _BOUNDARY.finditer(para):
            if boundary.start() <= start or _ABBREVIATION.search(para[start : boundary.start()]):
                continue
            found.append(
                Passage(
                    document,
                    len(found) + 1,
                    base + start,
                    base + boundary.start(),
                    para[start : boundary.start()],
                )
            )
            start = boundary.end()
        found.append(
            Passage(document, len(found) + 1, base + start, base + len(para), para[start:])
        )
    return [
        replace(
            p,
            prefix=text[max(0, p.start - CONTEXT) : p.start],
            suffix=text[p.end : p.end + CONTEXT],
        )
        for p in found
    ]


def all_passages() -> list[Passage]:
    return [p for doc in DOCUMENTS for p in passages(doc)]


def _literal(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _date_type(value: str) -> str:
    return {10: "xsd:date", 7: "xsd:gYearMonth", 4: "xsd:gYear"}[len(value)]


def _offset(value: int) -> str:
    return f'"{value}"^^xsd:nonNegativeInteger'


def _node(subject: str, *properties: tuple[str, str]) -> list[str]:
    """The Turtle lines of one subject: its type, then one `predicate object` per line."""
    lines = [f"{subject} {properties[0][0]} {properties[0][1]} ;"]
    lines += [f"    {predicate} {value} ;" for predicate, value in properties[1:]]
    return [*lines[:-1], lines[-1][:-2] + " .", ""]


def evidence_turtle() -> str:
    """The Turtle text of kg/data/evidence.ttl: every document, and every sentence as an
    oa:SpecificResource of its document with a quote selector and a position selector."""
    lines = [
        "# GENERATED by `kg evidence --regenerate` (make evidence) from sources/: do not edit.",
        "# Each passage is a W3C Web Annotation oa:SpecificResource of its document, anchored",
        f"# by an oa:TextQuoteSelector (exact text; prefix, suffix: up to {CONTEXT} code points",
        "# of the text around it, none at the start or end of the document) and an",
        "# oa:TextPositionSelector (0-based Unicode code point positions in the UTF-8 decoded",
        "# file; end is exclusive).",
        "@prefix akg: <https://w3id.org/almagro-kg/ontology/> .",
        "@prefix dcmitype: <http://purl.org/dc/dcmitype/> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix oa: <http://www.w3.org/ns/oa#> .",
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix res: <https://w3id.org/almagro-kg/resource/> .",
        "@prefix schema: <https://schema.org/> .",
        "@prefix doc: <https://w3id.org/almagro-kg/resource/document/> .",
        "@prefix ev: <https://w3id.org/almagro-kg/resource/evidence/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
    ]
    for doc in DOCUMENTS:
        lines += _node(
            f"doc:{doc.key}",
            ("a", "akg:SourceDocument"),
            ("rdfs:label", f"{_literal(doc.title)}@en"),
            ("dcterms:title", f"{_literal(doc.title)}@en"),
            ("dcterms:description", f"{_literal(doc.description)}@en"),
            ("dcterms:type", "dcmitype:Text"),
            ("schema:genre", f"{_literal(doc.kind)}@en"),
            *([("dcterms:publisher", f"res:{doc.publisher}")] if doc.publisher else []),
            ("akg:fileName", _literal(doc.filename)),
            ("akg:writtenAfter", f'"{doc.written_after}"^^{_date_type(doc.written_after)}'),
            ("dcterms:bibliographicCitation", f"{_literal(doc.citation)}@en"),
        )
        for p in passages(doc):
            name, label = f"ev:{p.local_name}", f"sentence {p.number} of “{doc.title}”"
            lines += _node(
                name,
                ("a", "akg:EvidencePassage , oa:SpecificResource"),
                ("rdfs:label", f"{_literal(label)}@en"),
                ("oa:hasSource", f"doc:{doc.key}"),
                ("prov:wasQuotedFrom", f"doc:{doc.key}"),
                ("akg:sentenceNumber", str(p.number)),
                ("oa:hasSelector", f"{name}-quote , {name}-position"),
            )
            lines += _node(
                f"{name}-quote",
                ("a", "oa:TextQuoteSelector"),
                ("rdfs:label", f"{_literal(label + ', quote')}@en"),
                *([("oa:prefix", _literal(p.prefix))] if p.prefix else []),
                ("oa:exact", _literal(p.quote)),
                *([("oa:suffix", _literal(p.suffix))] if p.suffix else []),
            )
            lines += _node(
                f"{name}-position",
                ("a", "oa:TextPositionSelector"),
                ("rdfs:label", f"{_literal(label + ', position')}@en"),
                ("oa:start", _offset(p.start)),
                ("oa:end", _offset(p.end)),
            )
    return "\n".join(lines)
