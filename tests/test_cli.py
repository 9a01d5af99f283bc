"""The CLI: documented exit codes, one-line errors without tracebacks, real output."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import ORG

from kg.graph import KnowledgeGraph
from kg.namespaces import RES
from tests.conftest import FIXTURES, run_kg

PIPELINE = FIXTURES / "pipeline"


def test_help_documents_exit_codes():
    result = run_kg("--help")
    assert result.returncode == 0
    assert "0  success" in result.stdout
    assert "1  the graph does not conform" in result.stdout
    assert "2  error: bad input" in result.stdout


def test_syntax_error_is_one_line_with_file_and_line():
    result = run_kg("export", "--data", str(PIPELINE / "syntax"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"kg: error: {PIPELINE / 'syntax' / 'broken.ttl'}:6:1: Turtle syntax error: "
        "expected '.' or '}' or ']' at end of statement\n"
    )


def test_missing_ontology_file():
    result = run_kg("reason", "--ontology", "no/such/ontology.ttl")
    assert result.returncode == 2
    assert result.stderr == "kg: error: no/such/ontology.ttl: file not found\n"


def test_unknown_format_is_one_line():
    result = run_kg("export", "-f", "rdfa")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "Invalid value for '-f' / '--format': 'rdfa' is not one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_command():
    result = run_kg("frobnicate")
    assert result.returncode == 2
    assert result.stderr.endswith("No such command 'frobnicate'.\n")


def test_inconsistent_graph_exits_1_naming_the_resource():
    result = run_kg("reason", "--data", str(PIPELINE / "inconsistent"))
    assert result.returncode == 1
    assert result.stderr == (
        "kg: error: reasoning: inconsistent graph: res:Uruguay is a member of disjoint classes "
        "schema:Place and schema:Person\n"
    )


@pytest.mark.parametrize("command", ["validate", "build"])
def test_validation_includes_the_consistency_check(command, tmp_path):
    # The README tells maintainers to gate on `kg validate`: it must not say "conforms" for a
    # graph that reasoning (and so `kg build`) rejects as inconsistent.
    extra = ("-o", str(tmp_path / "dist")) if command == "build" else ()
    result = run_kg(command, "--data", str(PIPELINE / "inconsistent"), *extra)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "kg: error: reasoning: inconsistent graph: res:Uruguay is a member of disjoint classes "
        "schema:Place and schema:Person\n"
    )
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("command", ["reason", "validate", "build"])
def test_a_clash_with_the_imports_fails_every_command(command, tmp_path):
    """A meeting (a prov:Activity) typed prov:Entity: only PROV-O, which the ontology imports,
    makes the two disjoint."""
    extra = ("-o", str(tmp_path / "dist")) if command == "build" else ()
    result = run_kg(command, "--data", str(PIPELINE / "event-entity"), *extra)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "kg: error: reasoning: inconsistent graph: res:ClubMeeting is a member of disjoint "
        "classes prov:Activity and prov:Entity\n"
    )
    assert not (tmp_path / "dist").exists()


def test_reason_writes_the_inferred_layer(tmp_path):
    out = tmp_path / "inferred.ttl"
    result = run_kg("reason", "--data", str(PIPELINE / "small"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    graph = KnowledgeGraph.load(PIPELINE / "small")
    assert result.stdout == (
        f"asserted: {len(graph.asserted)} triples; inferred: {len(graph.inferred)} triples; "
        "consistent\n"
    )
    inferred = Graph().parse(out)
    assert (RES.Ana, ORG.holds, RES.ClubChair) in inferred
    assert (RES.ClubChair, ORG.heldBy, RES.Ana) in inferred
    assert isomorphic(inferred, graph.inferred)


def test_evidence_lists_facts_with_quotes():
    # wide enough that neither a quote nor a citation line wraps
    result = run_kg("evidence", "Almagro", env={"COLUMNS": "400"})
    assert result.returncode == 0, result.stderr
    assert "born June 1, 1963" in result.stdout
    # The documents by their citation, once each, after the table.
    assert result.stdout.splitlines()[-2:] == [
        "source: “H.E. Mr. Luis Almagro, Secretary General, Organization of American States” "
        "(official biography, Organization of American States; written after 2020-03-20)",
        "source: “Luis Almagro: sentences from the English-language encyclopedia article” "
        "(encyclopedia article, extract; written after 2023-03)",
    ]


def test_evidence_unknown_entity():
    result = run_kg("evidence", "Atlantis")
    assert result.returncode == 2
    assert result.stderr.startswith("kg: error: entity: no resource is named 'Atlantis'")


def test_ontology_syntax_error_is_one_line_with_file_and_line():
    broken = PIPELINE / "broken-ontology" / "ontology.ttl"
    result = run_kg("validate", "--ontology", str(broken))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"kg: error: {broken}:6:1: Turtle syntax error: "
        "expected '.' or '}' or ']' at end of statement\n"
    )


def test_ill_typed_literal_is_one_line_without_traceback():
    result = run_kg("validate", "--data", str(PIPELINE / "illtyped"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"kg: error: {PIPELINE / 'illtyped' / 'person.ttl'}:7:22: "
        "literal '1963-13-45' is not a valid xsd:date\n"
    )


def test_ill_typed_literal_in_a_query_prints_no_traceback():
    result = run_kg(
        "sparql", 'SELECT ?x WHERE { VALUES ?x { "2015-13-01"^^xsd:date } }', "--format", "csv"
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "x\n2015-13-01\n", "")


def test_export_to_a_folder_is_refused(tmp_path):
    result = run_kg("export", "-o", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"kg: error: {tmp_path}: is a directory, expected a file name\n"
    assert list(tmp_path.iterdir()) == []


def test_shapes_file_without_shapes_is_refused():
    result = run_kg("validate", "--shapes", "ontology/ontology.ttl")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "kg: error: ontology/ontology.ttl: no sh:NodeShape or sh:PropertyShape in the shapes file\n"
    )


def test_a_format_that_cannot_be_written_leaves_no_release_file(tmp_path):
    result = run_kg(
        "build",
        "--no-validate",
        "--data",
        str(PIPELINE / "xml-unfriendly"),
        "--out-dir",
        str(tmp_path),
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "kg: error: almagro-kg.rdf: cannot write predicate "
        "<https://w3id.org/almagro-kg/ontology/post(1)> in RDF/XML: its IRI does not end in an "
        "XML name, so it cannot be an element\n"
    )
    assert list(tmp_path.iterdir()) == []
