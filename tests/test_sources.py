"""The source documents are kept byte for byte, and every evidence quote matches its offsets."""

from __future__ import annotations

import hashlib

from rdflib.namespace import PROV, RDF

from kg import paths
from kg.namespaces import AKG, EV
from kg.sources import DOCUMENTS, evidence_turtle, passages

SHA256 = {
    "000_809fd6f138efe90d.txt": "139b6978ef9b98d97d58041e336f9325749d80a9ccf08a0fb84ef2f46504f495",
    "001_a960fe334a8c84d6.txt": "b6ac222387b6cd88de6e21485bc1e3a7ee3a771d5106587bb6ed918729b3b00a",
}


def test_sources_are_byte_for_byte_the_originals():
    for doc in DOCUMENTS:
        assert hashlib.sha256(doc.path.read_bytes()).hexdigest() == SHA256[doc.filename]


def test_sentence_counts():
    assert [len(passages(doc)) for doc in DOCUMENTS] == [22, 20]


def test_every_passage_is_its_offsets():
    for doc in DOCUMENTS:
        text = doc.text()
        for p in passages(doc):
            assert text[p.start : p.end] == p.quote
            assert p.quote == p.quote.strip() and p.quote


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


def test_every_quote_in_the_graph_matches_the_source_at_its_offsets(real_graph):
    g = real_graph.asserted
    texts = {doc.filename: doc.text() for doc in DOCUMENTS}
    checked = 0
    for passage in g.subjects(RDF.type, AKG.EvidencePassage):
        document = g.value(passage, PROV.wasQuotedFrom)
        text = texts[str(g.value(document, AKG.fileName))]
        start, end = int(g.value(passage, AKG.startOffset)), int(g.value(passage, AKG.endOffset))
        assert text[start:end] == str(g.value(passage, AKG.quote)), passage
        checked += 1
    assert checked == 42


def test_every_citation_points_at_an_evidence_passage(real_graph):
    g = real_graph.asserted
    cited = set(g.objects(None, AKG.evidence))
    passages_ = set(g.subjects(RDF.type, AKG.EvidencePassage))
    assert cited and cited <= passages_
    assert EV["encyclopedia-extract-s19"] in cited
