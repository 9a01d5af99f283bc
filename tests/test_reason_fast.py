"""The fast reasoner (kg.rules): the same inferred layer as owlrl, after the noise filter, on the
real graph and on a 10k synthetic graph; the same failure on every inconsistent graph; a rule it
does not implement is detected and handed to owlrl."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, OWL, RDF

from kg import reason as reasoning
from kg.errors import EXIT_NONCONFORMANT, KGError
from kg.load import load_asserted, load_imports
from kg.namespaces import RES
from tests.conftest import FIXTURES, run_kg
from tests.test_reason import IMPORTED_DISJOINTNESS, with_data

PIPELINE = FIXTURES / "pipeline"


def owlrl_layer(session_results, name: str, inputs) -> frozenset:
    """owlrl's inferred layer for `inputs()` (the asserted graph and the imports), computed once
    a test session under `name`: tests/test_reason_store.py compares against the same."""

    def compute():
        return frozenset(reasoning.run(*inputs(), "owlrl").inferred)

    return session_results.get(f"owlrl layer {name}", compute)


def real_inputs() -> tuple[Graph, Graph]:
    asserted = load_asserted()
    return asserted, load_imports(asserted)


def synthetic_inputs(folder) -> tuple[Graph, Graph]:
    asserted = load_asserted(folder)
    return asserted, load_imports(asserted)


def test_real_graph_same_inferred_layer(session_results):
    fast = reasoning.run(*real_inputs(), "fast")
    assert (fast.reasoner, fast.fallback) == ("fast", None)
    reference = owlrl_layer(session_results, "real", real_inputs)
    assert len(reference) == 1913
    assert set(fast.inferred) == reference


def test_synthetic_10k_same_inferred_layer(session_results, synthetic_10k):
    """The 10k synthetic graph is consistent under both reasoners (each raises on an
    inconsistency), they infer the same, and the property chain of the ontology holds on every
    unit: who held which post."""
    fast = reasoning.run(*synthetic_inputs(synthetic_10k), "fast")
    assert (fast.reasoner, fast.fallback) == ("fast", None)
    reference = owlrl_layer(session_results, "10k", lambda: synthetic_inputs(synthetic_10k))
    assert len(reference) > 5000
    assert set(fast.inferred) == reference
    assert (RES.SynPerson3, ORG.holds, RES.SynPost3) in reference


def _bureau() -> Graph:
    asserted = load_asserted(PIPELINE / "small")
    asserted.parse(
        data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix akg: <https://w3id.org/almagro-kg/ontology/> .
        @prefix res: <https://w3id.org/almagro-kg/resource/> .
        [] a owl:AllDisjointClasses ; owl:members ( akg:Ministry akg:Court ) .
        res:Bureau a akg:Ministry , akg:Court .""",
        format="turtle",
    )
    return asserted


def _with(triple) -> Graph:
    asserted = load_asserted(PIPELINE / "small")
    asserted.add(triple)
    return asserted


IMPORTED = Graph().parse(data=IMPORTED_DISJOINTNESS, format="turtle")
INCONSISTENT = {
    "disjoint classes": lambda: (load_asserted(PIPELINE / "inconsistent"), None),
    "event that is an entity": lambda: (load_asserted(PIPELINE / "event-entity"), None),
    "owl:Nothing": lambda: (_with((RES.Ana, RDF.type, OWL.Nothing)), None),
    "sameAs and differentFrom": lambda: (_with((RES.Ana, OWL.differentFrom, RES.Ana)), None),
    "all disjoint classes": lambda: (_bureau(), None),
    "disjoint with in ORG": lambda: (
        with_data("res:ClubBoard a akg:Ministry , org:Membership ."),
        None,
    ),
    "disjoint properties in OWL-Time": lambda: (
        with_data(
            "res:Term1 time:intervalIn res:Term2 ; time:intervalEquals res:Term2 . "
            "res:Term2 time:intervalIn res:Term3 ."
        ),
        None,
    ),
    "all disjoint classes in an import": lambda: (
        with_data(
            "res:Thing1 a <http://example.org/imported#C> , <http://example.org/imported#A> ."
        ),
        IMPORTED,
    ),
    "all disjoint properties in an import": lambda: (
        with_data(
            "res:Ana <http://example.org/imported#q> res:Club ; "
            "<http://example.org/imported#r> res:Club ."
        ),
        IMPORTED,
    ),
}


# What owlrl, the reference, says of each (tests/test_reason.py's inconsistency tests are these
# cases: each graph is reasoned over once per reasoner, here). A message ending in "…" is a prefix.
CLASHES = {
    "disjoint classes": (
        "res:Uruguay is a member of disjoint classes schema:Place and schema:Person"
    ),
    "event that is an entity": (
        "res:ClubMeeting is a member of disjoint classes prov:Activity and prov:Entity"
    ),
    "owl:Nothing": "res:Ana is a member of owl:Nothing;…",
    "sameAs and differentFrom": (
        "'sameAs' and 'differentFrom' cannot be used on the same subject-object pair: "
        "(https://w3id.org/almagro-kg/resource/Ana, https://w3id.org/almagro-kg/resource/Ana)"
    ),
    "all disjoint classes": (
        "res:Bureau is a member of disjoint classes akg:Ministry and akg:Court"
    ),
    "disjoint with in ORG": (
        "res:ClubBoard is a member of disjoint classes org:Organization and org:Membership"
    ),
    # OWL-Time declares the two disjoint both ways: one message, naming the pair.
    "disjoint properties in OWL-Time": (
        "res:Term1 and res:Term2 are linked by disjoint properties time:intervalEquals and "
        "time:intervalIn"
    ),
    "all disjoint classes in an import": (
        "res:Thing1 is a member of disjoint classes <http://example.org/imported#A> and "
        "<http://example.org/imported#C>"
    ),
    # Down to the list's last member, which owlrl's own rule (prp-adp) skips.
    "all disjoint properties in an import": (
        "res:Ana and res:Club are linked by disjoint properties "
        "<http://example.org/imported#q> and <http://example.org/imported#r>"
    ),
}


def test_every_inconsistency_has_its_message():
    assert sorted(CLASHES) == sorted(INCONSISTENT)


def inconsistent_inputs(case: str) -> tuple[Graph, Graph]:
    asserted, imports = INCONSISTENT[case]()
    return asserted, load_imports(asserted) if imports is None else imports


def failure(asserted: Graph, imports: Graph, reasoner: str) -> tuple:
    """How reasoning fails: (exit code, message, where)."""
    with pytest.raises(KGError) as caught:
        reasoning.run(asserted, imports, reasoner)
    return caught.value.exit_code, caught.value.message, caught.value.where


def owlrl_failure(session_results, case: str) -> tuple:
    """owlrl's failure on INCONSISTENT[case], computed once a test session (tests/
    test_reason_store.py compares against the same)."""
    return session_results.get(
        f"owlrl failure {case}", lambda: failure(*inconsistent_inputs(case), "owlrl")
    )


@pytest.mark.parametrize("case", sorted(INCONSISTENT))
def test_every_inconsistency_fails_the_same_way(session_results, case):
    reference = owlrl_failure(session_results, case)
    assert failure(*inconsistent_inputs(case), "fast") == reference
    exit_code, message, _ = reference
    assert exit_code == EXIT_NONCONFORMANT
    expected = "inconsistent graph: " + CLASHES[case]
    if expected.endswith("…"):
        assert message.startswith(expected[:-1]), message
    else:
        assert message == expected


# Each adds a construct the fast path does not implement, in a way that makes its rule fire.
UNSUPPORTED = {
    "hasValue (cls-hv1)": (
        "res:ClubChair a akg:Chair . akg:Chair a owl:Class ; rdfs:subClassOf "
        "[ a owl:Restriction ; owl:onProperty akg:patron ; owl:hasValue res:Ana ] .",
        "cls-hv1",
    ),
    "functional property (prp-fp)": (
        "akg:mascot a owl:ObjectProperty , owl:FunctionalProperty . "
        "res:Club akg:mascot res:Ana , res:AnaChairTerm .",
        "prp-fp",
    ),
    "someValuesFrom (cls-svf)": (
        "akg:Hosted owl:equivalentClass "
        "[ a owl:Restriction ; owl:onProperty akg:host ; owl:someValuesFrom owl:Thing ] . "
        "res:Club akg:host res:Ana .",
        "cls-svf",
    ),
}


def unsupported_inputs(case: str) -> tuple[Graph, Graph]:
    turtle, _ = UNSUPPORTED[case]
    asserted = with_data("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + turtle)
    return asserted, load_imports(asserted)


@pytest.mark.parametrize("case", sorted(UNSUPPORTED))
def test_an_unsupported_construct_is_detected_and_handed_to_owlrl(session_results, case):
    fast = reasoning.run(*unsupported_inputs(case), "fast")
    assert fast.reasoner == "owlrl" and UNSUPPORTED[case][1] in fast.fallback
    reference = owlrl_layer(session_results, case, lambda: unsupported_inputs(case))
    assert set(fast.inferred) == reference


def test_auto_picks_the_fast_path_from_the_threshold(monkeypatch):
    asserted = load_asserted(PIPELINE / "small")
    imports = load_imports(asserted)
    assert reasoning.run(asserted, imports, "auto").reasoner == "fast"  # at any size
    monkeypatch.setattr(reasoning, "AUTO_THRESHOLD", len(asserted) + 1)
    assert reasoning.run(asserted, imports, "auto").reasoner == "owlrl"
    monkeypatch.setattr(reasoning, "AUTO_THRESHOLD", len(asserted))
    assert reasoning.run(asserted, imports, "auto").reasoner == "fast"


def test_an_unknown_reasoner_is_an_error_naming_the_option():
    with pytest.raises(KGError) as caught:
        reasoning.run(Graph(), Graph(), "pellet")
    assert str(caught.value.location) == "option reasoner"
    assert caught.value.message == "unknown reasoner 'pellet'; choose one of owlrl, fast, auto"


def test_cli_reason_with_each_reasoner():
    """On the small fixture (the real graph's layers are compared above; owlrl takes seconds)."""
    for reasoner in ("owlrl", "fast"):
        done = run_kg("reason", "--reasoner", reasoner, "--data", str(PIPELINE / "small"))
        assert done.returncode == 0, done.stderr
        assert done.stdout == "asserted: 1018 triples; inferred: 352 triples; consistent\n"
    done = run_kg("reason", "--reasoner", "pellet")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "'pellet' is not one of 'auto', 'owlrl', 'fast'" in done.stderr


def test_cli_inconsistency_fails_the_same_way_with_each_reasoner():
    outputs = set()
    for reasoner in ("owlrl", "fast"):
        done = run_kg("reason", "--reasoner", reasoner, "--data", str(PIPELINE / "inconsistent"))
        assert done.returncode == 1
        outputs.add(done.stderr)
    assert outputs == {
        "kg: error: reasoning: inconsistent graph: res:Uruguay is a member of disjoint classes "
        "schema:Place and schema:Person\n"
    }


def test_schema_split_keeps_data_out_of_the_schema():
    from kg.rules import split

    asserted = load_asserted(PIPELINE / "small")
    schema, data = split(asserted)
    assert len(schema) + len(data) == len(asserted)
    assert (RES.Ana, RDF.type, URIRef("https://schema.org/Person")) in data
    assert not any(str(s).startswith(str(RES)) for s, _, _ in schema)


def test_schema_cache_key_ignores_blank_node_names_but_not_structure():
    from kg.rules import content_key

    chain = """
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix ex: <http://example.org/> .
        ex:p owl:propertyChainAxiom ( ex:a ex:b ) ."""
    key = content_key("schema", Graph().parse(data=chain, format="turtle"))
    assert content_key("schema", Graph().parse(data=chain, format="turtle")) == key
    swapped = chain.replace("( ex:a ex:b )", "( ex:b ex:a )")
    assert content_key("schema", Graph().parse(data=swapped, format="turtle")) != key


def test_a_corrupt_schema_cache_is_recomputed(tmp_path, monkeypatch):
    from kg import rules

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(rules, "_MEMO", {})  # what this process holds: the disk is read
    asserted = load_asserted(PIPELINE / "small")
    imports = Graph()  # none: the schema alone is closed, twice (the imports cost seconds)
    first = reasoning.run(asserted, imports, "fast")
    files = sorted((tmp_path / "reasoning").iterdir())
    assert [f.name.split("-")[0] for f in files] == ["schema"]
    for path in files:
        path.write_bytes(b"not a pickle")
    monkeypatch.setattr(rules, "_MEMO", {})
    again = reasoning.run(asserted, imports, "fast")
    assert again.reasoner == "fast" and set(again.inferred) == set(first.inferred)
    assert (RES.Ana, URIRef("http://www.w3.org/ns/org#holds"), RES.ClubChair) in again.inferred
