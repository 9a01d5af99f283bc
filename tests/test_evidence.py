"""`kg evidence`: each fact about an entity with the exact passages that state it."""

from __future__ import annotations

import pytest

from kg.errors import KGError
from kg.evidence import evidence_for
from kg.graph import KnowledgeGraph
from kg.namespaces import RES
from tests.conftest import FIXTURES

BIO, ENC = "000_809fd6f138efe90d.txt", "001_a960fe334a8c84d6.txt"


def passages_of(rows, fact: str) -> set[tuple[str, int, int]]:
    return {(r.document, r.start, r.end) for r in rows if r.fact == fact}


def test_simple_facts_about_almagro_cite_their_sentences(real_graph):
    rows = real_graph.evidence("Almagro")
    assert passages_of(rows, "res:LuisAlmagro schema:birthDate 1963-06-01") == {(ENC, 0, 244)}
    assert passages_of(rows, "res:LuisAlmagro akg:numberOfChildren 7") == {(BIO, 3496, 3553)}
    for language in ("English", "French", "Spanish"):
        fact = f"res:LuisAlmagro schema:knowsLanguage res:{language}"
        assert passages_of(rows, fact) == {(BIO, 3554, 3603)}
    quotes = {r.quote for r in rows if r.fact == "res:LuisAlmagro akg:numberOfChildren 7"}
    assert quotes == {"Almagro is a lawyer by profession and has seven children."}


def test_a_mission_is_cited_by_both_documents(real_graph):
    rows = real_graph.evidence("MACCIH")
    documents = {r.document for r in rows}
    assert documents == {BIO, ENC}
    assert passages_of(rows, "res:MACCIH akg:country res:Honduras") == {(BIO, 1219, 1879)}


def test_a_statement_node_lists_its_own_evidence(real_graph):
    rows = real_graph.evidence("Election2015SecretaryGeneral")
    assert {
        (r.document, r.start, r.end)
        for r in rows
        if r.statement == "res:Election2015SecretaryGeneral"
    } == {(BIO, 176, 314)}


def test_names_resolve_by_label_acronym_and_local_name(real_graph):
    assert real_graph.resolve("OEA") == RES.OAS
    assert real_graph.resolve("Organization of American States") == RES.OAS
    assert real_graph.resolve("maccih") == RES.MACCIH
    assert real_graph.resolve("LuisAlmagro") == RES.LuisAlmagro


def test_unknown_name_suggests_candidates(real_graph):
    with pytest.raises(KGError) as caught:
        real_graph.resolve("MACCH")
    assert str(caught.value) == "entity: no resource is named 'MACCH'; did you mean MACCIH?"


def test_small_graph_evidence_rows():
    graph = KnowledgeGraph.load(FIXTURES / "pipeline" / "small", use_cache=False)
    rows = evidence_for(graph.asserted, RES.Ana)
    assert [(r.fact, r.statement, r.start, r.end) for r in rows] == [
        ("Ana as Chair of the Club (akg:Term): org:member res:Ana", "res:AnaChairTerm", 176, 314)
    ]
