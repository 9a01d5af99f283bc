"""The fast validator (kg.shapes_sparql: the shapes as SPARQL on Oxigraph) against pySHACL, the
reference. Every invalid fixture is compared in tests/test_validate.py; here the real graph, a
damaged synthetic graph, the shapes it refuses, and how `auto` chooses."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg import synth
from kg.errors import KGError
from kg.load import load_asserted
from kg.namespaces import AKG, SH
from kg.shapes_sparql import Unsupported, compile_shapes, has_datatype
from kg.validate import validate_graph
from tests.conftest import FIXTURES, run_kg
from tests.test_validate import results

SHAPES = FIXTURES.parent.parent / "ontology" / "shapes.ttl"


def test_the_real_graph_conforms_under_both(real_graph):
    """The acceptance test: the authored data satisfies every shape and quality check, by pySHACL
    (the reference, which `auto` picks for a graph this size) and by the fast validator."""
    reference = validate_graph(real_graph.asserted, validator="pyshacl")
    fast = validate_graph(real_graph.asserted, validator="fast")
    assert reference.conforms and fast.conforms
    assert fast.text() == reference.text() == "conforms: no violations\n"


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    """A 3,000-triple synthetic graph with every 23rd data triple dropped and a few bad values
    added: violations of many shapes and constraint components at once."""
    folder = tmp_path_factory.mktemp("damaged")
    synth.synthesize(3000, 11, folder / "synth.ttl")
    graph = load_asserted(folder)
    data = sorted(t for t in graph if str(t[0]).startswith("https://w3id.org/almagro-kg/resource/"))
    for triple in data[::23]:
        graph.remove(triple)
    person = URIRef("https://w3id.org/almagro-kg/resource/SynPerson3")
    graph.add((person, RDFS.label, Literal("Otra", lang="en")))  # a second English label
    graph.add((person, RDFS.label, Literal("Anna", lang="fr")))  # a language not allowed
    graph.add((person, AKG.numberOfChildren, Literal("-2", datatype=XSD.nonNegativeInteger)))
    return graph


def test_a_damaged_synthetic_graph_gives_the_same_results(damaged):
    reference = validate_graph(damaged, validator="pyshacl")
    fast = validate_graph(damaged, validator="fast")
    assert results(fast) == results(reference)
    assert fast.text() == reference.text()
    components = {r.component for r in reference.results}
    assert {
        SH.MinCountConstraintComponent,
        SH.UniqueLangConstraintComponent,
        SH.LanguageInConstraintComponent,
        SH.DatatypeConstraintComponent,
        SH.SPARQLConstraintComponent,
    } <= components
    assert len({r.source for r in reference.results}) >= 15


def test_auto_picks_fast_from_the_threshold_on(damaged, monkeypatch):
    monkeypatch.setattr("kg.validate.FAST_FROM", len(damaged) + 1)
    assert validate_graph(damaged, validator="auto").validator == "pyshacl"
    monkeypatch.setattr("kg.validate.FAST_FROM", len(damaged))
    assert validate_graph(damaged, validator="auto").validator == "fast"


UNSUPPORTED = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
@prefix akg-sh: <https://w3id.org/almagro-kg/shapes/> .

akg-sh:Closed a sh:NodeShape ;
    sh:targetClass schema:Person ;
    sh:closed true ;
    sh:property akg-sh:Closed-name ;
    sh:message "a person has a name and nothing else"@en .

akg-sh:Closed-name a sh:PropertyShape ;
    sh:path schema:name ;
    sh:minCount 1 .
"""


@pytest.mark.parametrize(
    ("shape", "feature"),
    [
        ("sh:closed true", "sh:closed"),
        ("sh:xone ( akg-sh:Closed-name )", "sh:xone"),
        ("sh:path [ sh:inversePath schema:name ]", "not a plain property"),
    ],
)
def test_a_shape_the_fast_validator_cannot_compile_is_named(tmp_path, shape, feature):
    if "inversePath" in shape:
        text = UNSUPPORTED.replace("sh:closed true ;", "").replace("sh:path schema:name", shape)
    else:
        text = UNSUPPORTED.replace("sh:closed true", shape)
    (tmp_path / "shapes.ttl").write_text(text, encoding="utf-8")
    from kg.load import load_shapes

    with pytest.raises(Unsupported, match=feature):
        compile_shapes(load_shapes(tmp_path / "shapes.ttl"))


def test_fast_refuses_and_auto_falls_back_to_pyshacl(tmp_path, monkeypatch):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(UNSUPPORTED, encoding="utf-8")
    graph = load_asserted(FIXTURES / "valid")
    with pytest.raises(KGError, match="fast validator cannot compile shape .*Closed: sh:closed"):
        validate_graph(graph, shapes, validator="fast")
    monkeypatch.setattr("kg.validate.FAST_FROM", 0)
    report = validate_graph(graph, shapes, validator="auto")
    assert report.validator == "pyshacl"
    assert not report.conforms  # sh:closed: the people of the fixture say more than a name
    assert {r.component for r in report.results} >= {SH.ClosedConstraintComponent}


def test_an_unknown_validator_is_an_error_naming_the_option(real_graph):
    with pytest.raises(KGError, match="unknown validator 'owl'; choose one of") as caught:
        validate_graph(real_graph.asserted, validator="owl")
    assert str(caught.value.where) == "option validator"


def test_datatype_follows_pyshacl():
    assert has_datatype(Literal("3", datatype=XSD.nonNegativeInteger), XSD.nonNegativeInteger)
    assert not has_datatype(Literal("-3", datatype=XSD.nonNegativeInteger), XSD.nonNegativeInteger)
    assert not has_datatype(Literal("x", datatype=XSD.integer), XSD.integer)
    assert has_datatype(Literal("x"), XSD.string)
    assert not has_datatype(Literal("x", lang="en"), XSD.string)
    assert has_datatype(Literal("x", lang="en"), RDF.langString)
    assert not has_datatype(URIRef("https://example.org/x"), XSD.string)


def test_cli_fast_validator_prints_what_pyshacl_prints():
    args = ("validate", "--data", str(FIXTURES / "valid"), "--validator")
    reference, fast = run_kg(*args, "pyshacl"), run_kg(*args, "fast")
    assert (reference.returncode, fast.returncode) == (0, 0)
    assert fast.stdout == reference.stdout == "conforms: no violations\n"
    wrong = run_kg("validate", "--validator", "owl")
    assert wrong.returncode == 2
    assert "'owl' is not one of" in wrong.stderr
