"""The source documents are kept byte for byte, and every evidence passage's selectors match the
text: the quote is the text at the offsets, the prefix and suffix the text around it."""

from __future__ import annotations

import hashlib

from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg import paths
from kg.namespaces import AKG, DOC, EV, OA, RES
from kg.sources import CONTEXT, DOCUMENTS, citation_text, evidence_turtle, passages

SHA256 = {
    "000_809fd6f138efe90d.txt": "139b6978ef9b98d97d58041e336f9325749d80a9ccf08a0fb84ef2f46504f495",
    "001_a960fe334a8c84d6.txt": "b6ac222387b6cd88de6e21485bc1e3a7ee3a771d5106587bb6ed918729b3b00a",
}


def test_sources_are_byte_for_byte_the_originals():
    for doc in DOCUMENTS:
        assert hashlib.sha256(doc.path.read_bytes()).hexdigest() == SHA256[doc.filename]


def test_sentence_counts():
    assert [len(passages(doc)) for doc in DOCUMENTS] == [22, 20]


def occurrences(text: str, part: str) -> list[int]:
    """Where `part` starts in `text`, overlapping occurrences included."""
    return [i for i in range(len(text) - len(part) + 1) if text.startswith(part, i)]


def test_every_passage_is_its_offsets_with_its_context_around_it():
    for doc in DOCUMENTS:
        text = doc.text()
        for p in passages(doc):
            assert text[p.start : p.end] == p.quote
            assert p.quote == p.quote.strip() and p.quote
            assert p.prefix == text[max(0, p.start - CONTEXT) : p.start]
            assert p.suffix == text[p.end : p.end + CONTEXT]


def test_the_quote_with_its_context_occurs_once_in_its_document():
    assert CONTEXT == 32
    for doc in DOCUMENTS:
        text = doc.text()
        for p in passages(doc):
            assert occurrences(text, p.prefix + p.quote + p.suffix) == [p.start - len(p.prefix)]


def test_context_stops_at_the_ends_of_the_document():
    first, last = passages(DOCUMENTS[1])[0], passages(DOCUMENTS[1])[-1]
    assert (first.start, first.prefix, len(first.suffix)) == (0, "", CONTEXT)
    assert (last.end, last.suffix, len(last.prefix)) == (len(DOCUMENTS[1].text()), "", CONTEXT)
    opening = passages(DOCUMENTS[0])[0]
    assert (opening.start, opening.prefix) == (4, "\n\n\n\n")


def test_reference_markers_are_left_out_of_quotes():
    third = passages(DOCUMENTS[1])[2]
    assert third.quote.startswith("After leaving government service, Almagro was elected")
    assert (third.start, third.end) == (551, 819)


def test_abbreviations_do_not_split_sentences():
    assert passages(DOCUMENTS[0])[0].quote == "H.E. Mr. Luis Almagro"


def test_referral_sentence():
    nineteenth = passages(DOCUMENTS[1])[18]
    assert nineteenth.quote == (
        "On September 26, 2018, Argentina, Canada, Chile, Colombia, Paraguay and Peru formally "
        "submitted the Article 14 referral to the Prosecutor of the International Criminal Court."
    )


def test_generated_evidence_file_is_current():
    committed = (paths.DATA_DIR / "evidence.ttl").read_text(encoding="utf-8")
    assert committed == evidence_turtle(), "run `make evidence` and commit kg/data/evidence.ttl"


def selector(g, passage, kind):
    (found,) = [s for s in g.objects(passage, OA.hasSelector) if (s, RDF.type, kind) in g]
    return found


def test_every_passage_in_the_graph_is_anchored_in_its_source_by_its_selectors(real_graph):
    """The Web Annotation selectors of every passage in the graph, checked against the file: the
    quote is the text between the offsets, the prefix the text just before it, the suffix the text
    just after it, and prefix + quote + suffix occur once in the document."""
    g = real_graph.asserted
    texts = {doc.filename: doc.text() for doc in DOCUMENTS}
    checked = 0
    for passage in g.subjects(RDF.type, AKG.EvidencePassage):
        assert (passage, RDF.type, OA.SpecificResource) in g  # for tools that do not reason
        document = g.value(passage, OA.hasSource)
        assert set(g.objects(passage, PROV.wasQuotedFrom)) == {document}
        text = texts[str(g.value(document, AKG.fileName))]
        quote = selector(g, passage, OA.TextQuoteSelector)
        position = selector(g, passage, OA.TextPositionSelector)
        assert {quote, position} == set(g.objects(passage, OA.hasSelector))
        assert str(quote) == f"{passage}-quote" and str(position) == f"{passage}-position"
        start, end = g.value(position, OA.start), g.value(position, OA.end)
        assert start.datatype == end.datatype == XSD.nonNegativeInteger
        start, end = int(start), int(end)
        exact = str(g.value(quote, OA.exact))
        prefix = str(g.value(quote, OA.prefix, default=""))
        suffix = str(g.value(quote, OA.suffix, default=""))
        assert text[start:end] == exact, passage
        assert prefix == text[max(0, start - CONTEXT) : start], passage
        assert suffix == text[end : end + CONTEXT], passage
        assert occurrences(text, prefix + exact + suffix) == [start - len(prefix)], passage
        checked += 1
    assert checked == 42


def test_every_citation_points_at_an_evidence_passage(real_graph):
    g = real_graph.asserted
    cited = set(g.objects(None, AKG.evidence))
    passages_ = set(g.subjects(RDF.type, AKG.EvidencePassage))
    assert cited and cited <= passages_
    assert EV["encyclopedia-extract-s19"] in cited


def test_a_citation_leaves_out_what_the_document_does_not_state():
    assert [
        citation_text("Club news", "newsletter", "Club", "2020-03"),
        citation_text("Club news", "newsletter", None, "2020-03"),
        citation_text("Club news", "", None, "2020"),
        citation_text("Club news", "", None, None),
    ] == [
        "“Club news” (newsletter, Club; written after 2020-03)",
        "“Club news” (newsletter; written after 2020-03)",
        "“Club news” (written after 2020)",
        "“Club news”",
    ]
    assert [doc.citation for doc in DOCUMENTS] == [
        "“H.E. Mr. Luis Almagro, Secretary General, Organization of American States” "
        "(official biography, Organization of American States; written after 2020-03-20)",
        "“Luis Almagro: sentences from the English-language encyclopedia article” "
        "(encyclopedia article, extract; written after 2023-03)",
    ]


def test_a_publisher_named_in_a_citation_is_the_label_of_its_resource(real_graph):
    for doc in DOCUMENTS:
        publisher = real_graph.asserted.value(DOC[doc.key], DCTERMS.publisher)
        if doc.publisher is None:
            assert publisher is None
        else:
            assert publisher == RES[doc.publisher]
            assert Literal(doc.publisher_name, lang="en") in set(
                real_graph.asserted.objects(publisher, RDFS.label)
            )
