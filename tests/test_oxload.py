"""kg.oxload: the asserted layer loaded by pyoxigraph into a store holds what kg.load's rdflib graph
holds (the same N-Triples, byte for byte, once the literal forms are applied), and bad input gets
kg.load's errors."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from kg.errors import EXIT_ERROR, KGError
from kg.export import serialize
from kg.load import load_asserted
from kg.namespaces import ASSERTED_GRAPH_IRI
from kg.oxload import LiteralForms, load_into
from kg.oxrelease import layer_lines, ntriples
from kg.paths import ONTOLOGY_FILE
from kg.synth import synthesize
from tests.conftest import FIXTURES

PIPELINE = FIXTURES / "pipeline"
GRAPH = ox.NamedNode(ASSERTED_GRAPH_IRI)


def _loaded(data_dir=None, ontology=None) -> tuple[ox.Store, LiteralForms, int]:
    store, forms = ox.Store(), LiteralForms()
    count = load_into(store, GRAPH, data_dir, ontology, forms=forms)
    return store, forms, count


def _same_as_rdflib(data_dir=None, ontology=None) -> None:
    store, forms, count = _loaded(data_dir, ontology)
    reference = load_asserted(data_dir, ontology)
    assert count == len(reference)
    mine = ntriples(layer_lines(store, ASSERTED_GRAPH_IRI, forms)).decode("utf-8")
    assert mine == serialize(reference, None, "nt")


def test_the_real_graph_loads_as_rdflib_loads_it():
    _same_as_rdflib()


@pytest.fixture(scope="module")
def synth_10k(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth10k")
    synthesize(10_000, 1, folder / "synth.ttl")
    return folder


def test_a_10k_synthetic_graph_loads_as_rdflib_loads_it(synth_10k):
    _same_as_rdflib(synth_10k)


def test_literals_the_store_changes_are_kept_as_rdflib_keeps_them(tmp_path):
    # Oxigraph keeps a literal by value (nonNegativeInteger as integer, "01" as "1"); rdflib
    # keeps the datatype and normalises in its own way ("1963-01-01Z" loses its zone). Two
    # statements the store merges stay two; a capitalised language tag and an explicit
    # xsd:string (which pyoxigraph's parser changes) make the file read by rdflib.
    (tmp_path / "a.ttl").write_text(
        "@prefix res: <https://w3id.org/almagro-kg/resource/> .\n"
        "@prefix akg: <https://w3id.org/almagro-kg/ontology/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'res:X akg:votesFor "7"^^xsd:integer, "7"^^xsd:nonNegativeInteger, "01"^^xsd:integer ;\n'
        '    akg:electorate "1.0E0"^^xsd:double, "1"^^xsd:boolean, "0012"^^xsd:positiveInteger ;\n'
        '    akg:writtenAfter "1963-01-01Z"^^xsd:date, "tab\\there\\u0085" .\n'
        'res:Y akg:votesFor "7"^^xsd:integer .\n',
        encoding="utf-8",
    )
    (tmp_path / "b.ttl").write_text(
        "@prefix res: <https://w3id.org/almagro-kg/resource/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<https://w3id.org/almagro-kg/resource/Z> <https://schema.org/name> "Zed"@EN-gb, '
        '"zed"^^xsd:string, "7"^^xsd:nonNegativeInteger .\n',
        encoding="utf-8",
    )
    _same_as_rdflib(tmp_path)
    store, forms, _ = _loaded(tmp_path)
    integer = b"<http://www.w3.org/2001/XMLSchema#integer>"
    subject = b"<https://w3id.org/almagro-kg/resource/X>"
    votes = b"<https://w3id.org/almagro-kg/ontology/votesFor>"
    line = b'%s %s "7"^^%s .' % (subject, votes, integer)
    assert forms.statements[line] == (
        line,
        line.replace(integer, b"<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>"),
    )
    assert forms.literals[b'"7"^^' + integer] is None  # two authored forms: ambiguous alone
    assert forms.datatypes("https://w3id.org/almagro-kg/ontology/votesFor") == {
        "http://www.w3.org/2001/XMLSchema#integer",
        "http://www.w3.org/2001/XMLSchema#nonNegativeInteger",
    }
    assert forms.literals[b'"12"^^' + integer] == (
        b'"12"^^<http://www.w3.org/2001/XMLSchema#positiveInteger>'
    )


def test_blank_nodes_of_the_ontology_get_the_same_labels_every_time():
    def lines() -> list[bytes]:
        dump = _loaded()[0].dump(format=ox.RdfFormat.N_TRIPLES, from_graph=GRAPH)
        return sorted(dump.split(b"\n"))  # the store's order is its own: the release sorts

    first = lines()
    assert any(line.startswith(b"_:") for line in first)
    assert lines() == first


def _errors(data_dir=None, ontology=None) -> tuple[KGError, KGError, ox.Store]:
    with pytest.raises(KGError) as reference:
        load_asserted(data_dir, ontology)
    store = ox.Store()
    with pytest.raises(KGError) as mine:
        load_into(store, GRAPH, data_dir, ontology)
    assert mine.value.exit_code == EXIT_ERROR
    return reference.value, mine.value, store


@pytest.mark.parametrize(
    ("data", "ontology"),
    [
        ("illtyped", None),
        ("bad-iri", None),
        ("latin1", None),
        ("bnode", None),
        ("no-such-folder", None),
        ("small", "broken-ontology/ontology.ttl"),
        ("small", "nowhere.ttl"),
        ("small", "small"),  # a folder given as the ontology
    ],
)
def test_bad_input_gets_kg_loads_error(data, ontology):
    reference, mine, store = _errors(PIPELINE / data, ontology and PIPELINE / ontology)
    assert str(mine) == str(reference)
    assert len(store) == 0  # every file is checked before the store is touched


def test_a_syntax_error_is_located_where_kg_load_locates_it():
    reference, mine, store = _errors(PIPELINE / "syntax")
    assert mine.where == reference.where == f"{PIPELINE / 'syntax' / 'broken.ttl'}:6:1"
    assert str(mine) == (
        f"{PIPELINE / 'syntax' / 'broken.ttl'}:6:1: Turtle syntax error: a dot is expected at "
        "the end of statements"
    )
    assert len(store) == 0


def test_a_bom_and_a_folder_without_turtle_are_refused_as_kg_load_refuses_them(tmp_path):
    shutil.copytree(PIPELINE / "small", tmp_path / "bom")
    (tmp_path / "bom" / "z.ttl").write_bytes(b"\xef\xbb\xbf@prefix res: <https://example.org/> .\n")
    reference, mine, _ = _errors(tmp_path / "bom")
    assert str(mine) == str(reference)
    assert mine.where == f"{tmp_path / 'bom' / 'z.ttl'}:1:1"
    (tmp_path / "empty").mkdir()
    reference, mine, _ = _errors(tmp_path / "empty")
    assert (
        str(mine)
        == str(reference)
        == f"{tmp_path / 'empty'}: no data: the folder holds no .ttl file"
    )


def test_a_later_bad_file_leaves_the_store_untouched(tmp_path):
    shutil.copytree(PIPELINE / "small", tmp_path / "data")
    shutil.copy(PIPELINE / "illtyped" / "person.ttl", tmp_path / "data" / "zz.ttl")
    reference, mine, store = _errors(tmp_path / "data")
    assert str(mine) == str(reference)
    assert "is not a valid xsd:date" in str(mine)
    assert len(store) == 0


def test_the_default_ontology_is_the_projects():
    store, _, count = _loaded(PIPELINE / "small", ONTOLOGY_FILE)
    assert count == len(load_asserted(PIPELINE / "small"))
    assert len(store) <= count
