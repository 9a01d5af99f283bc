"""Loading: bad input is one KGError naming the file and line, and nothing is half-loaded."""

from __future__ import annotations

import shutil

import pytest

from kg.errors import EXIT_ERROR, KGError
from kg.load import load_asserted, load_data, parse_turtle
from kg.paths import data_files
from tests.conftest import FIXTURES

PIPELINE = FIXTURES / "pipeline"


def test_syntax_error_names_file_line_and_column():
    with pytest.raises(KGError) as caught:
        parse_turtle(PIPELINE / "syntax" / "broken.ttl")
    assert caught.value.where == f"{PIPELINE / 'syntax' / 'broken.ttl'}:6:1"
    assert caught.value.exit_code == EXIT_ERROR
    assert "Turtle syntax error" in caught.value.message


def test_a_byte_order_mark_is_named(tmp_path):
    turtle = tmp_path / "bom.ttl"
    turtle.write_bytes(b"\xef\xbb\xbf@prefix res: <https://w3id.org/almagro-kg/resource/> .\n")
    with pytest.raises(KGError) as caught:
        parse_turtle(turtle)
    assert str(caught.value) == (
        f"{turtle}:1:1: the file starts with a UTF-8 byte order mark (BOM): save it as UTF-8 "
        "without one"
    )


def test_hidden_files_in_the_data_folder_are_not_data(tmp_path):
    # make ignores them too: `.people.ttl`, an editor's `.#people.ttl` lock link (dangling).
    data = tmp_path / "data"
    shutil.copytree(PIPELINE / "small", data)
    (data / ".hidden.ttl").write_text("this is not Turtle at all", encoding="utf-8")
    (data / ".#term.ttl").symlink_to(tmp_path / "no-such-target")
    assert [p.name for p in data_files(data)] == sorted(
        p.name for p in (PIPELINE / "small").glob("*.ttl")
    )
    assert len(load_data(data)) == len(load_data(PIPELINE / "small"))


def test_a_data_folder_without_turtle_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("no data here", encoding="utf-8")
    with pytest.raises(KGError) as caught:
        load_data(tmp_path)
    assert str(caught.value) == f"{tmp_path}: no data: the folder holds no .ttl file"


def test_missing_file():
    with pytest.raises(KGError) as caught:
        parse_turtle(PIPELINE / "nowhere.ttl")
    assert str(caught.value) == f"{PIPELINE / 'nowhere.ttl'}: file not found"


def test_missing_data_folder():
    with pytest.raises(KGError) as caught:
        load_data(PIPELINE / "no-such-folder")
    assert str(caught.value) == f"{PIPELINE / 'no-such-folder'}: data directory not found"


def test_blank_nodes_are_refused_in_data():
    with pytest.raises(KGError) as caught:
        load_data(PIPELINE / "bnode")
    assert str(caught.value) == (
        f"{PIPELINE / 'bnode' / 'anonymous.ttl'}: blank node in data: give every node an IRI"
    )


def test_small_graph_loads_with_the_ontology():
    graph = load_asserted(PIPELINE / "small")
    data = load_data(PIPELINE / "small")
    assert len(data) == 27
    assert all(triple in graph for triple in data)
    assert len(graph) > len(data)


@pytest.mark.parametrize(
    ("fixture", "where", "message"),
    [
        ("illtyped/person.ttl", "7:22", "literal '1963-13-45' is not a valid xsd:date"),
        (
            "bad-iri/person.ttl",
            "6:62",
            "invalid IRI <https://w3id.org/almagro-kg/resource/the Republic> "
            "(spaces, quotes, braces or other characters IRIs forbid)",
        ),
        ("latin1/person.ttl", "5:24", "not UTF-8 text (invalid continuation byte, byte 0xed)"),
        (
            "broken-ontology/ontology.ttl",
            "6:1",
            "Turtle syntax error: expected '.' or '}' or ']' at end of statement",
        ),
    ],
)
def test_bad_terms_and_bytes_name_file_line_and_column(fixture, where, message):
    with pytest.raises(KGError) as caught:
        parse_turtle(PIPELINE / fixture)
    assert str(caught.value) == f"{PIPELINE / fixture}:{where}: {message}"
    assert caught.value.exit_code == EXIT_ERROR
