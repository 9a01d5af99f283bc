"""The import modules: the W3C ontologies under ontology/imports/, which the ontology header
imports and reasoning reads, never the network."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from kg import paths
from kg.errors import KGError
from kg.load import import_catalogue, load_imports, load_ontology
from tests.conftest import ROOT

ONTOLOGY = URIRef("https://w3id.org/almagro-kg/ontology")
PROV_O = URIRef("http://www.w3.org/ns/prov-o#")
ORG = URIRef("http://www.w3.org/ns/org#")
TIME = URIRef("http://www.w3.org/2006/time")
# The published copies the vendored files were taken from, beside the repository on the
# maintainers' machines; a clone (CI) has no such folder.
SHARED_VOCAB = ROOT.parent / "shared" / "vocab"
FILES = ("org.ttl", "prov-o.ttl", "time.ttl")


def test_the_header_imports_exactly_the_vendored_modules():
    imported = set(load_ontology().objects(ONTOLOGY, OWL.imports))
    assert imported == {PROV_O, ORG, TIME}
    catalogue = import_catalogue()
    assert sorted(catalogue[iri].name for iri in imported) == list(FILES)
    assert [p.name for p in paths.import_files()] == list(FILES)


def test_a_module_answers_for_its_ontology_and_version_iris():
    catalogue = import_catalogue()
    assert catalogue[URIRef("http://www.w3.org/ns/prov-o-20130430")].name == "prov-o.ttl"
    assert catalogue[URIRef("http://www.w3.org/ns/prov#")].name == "prov-o.ttl"
    assert catalogue[URIRef("http://www.w3.org/2006/time#2016")].name == "time.ttl"


def test_the_readme_describes_every_module():
    readme = (paths.IMPORTS_DIR / "README.md").read_text(encoding="utf-8")
    for name in FILES:
        assert f"| `{name}` |" in readme


@pytest.mark.skipif(not SHARED_VOCAB.is_dir(), reason="no ../shared/vocab beside the repository")
@pytest.mark.parametrize("name", FILES)
def test_the_vendored_files_are_the_published_copies_byte_for_byte(name):
    assert (paths.IMPORTS_DIR / name).read_bytes() == (SHARED_VOCAB / name).read_bytes()


def test_only_the_imported_modules_are_loaded_by_ontology_or_version_iri():
    ontology = Graph()
    ontology.add((ONTOLOGY, OWL.imports, URIRef("http://www.w3.org/2006/time#2016")))
    imports = load_imports(ontology)
    assert (TIME, None, None) in imports
    assert (PROV_O, None, None) not in imports


def test_an_ontology_without_imports_gets_none():
    assert len(load_imports(Graph())) == 0


def test_an_import_with_no_local_copy_is_an_error():
    ontology = Graph()
    ontology.add((ONTOLOGY, OWL.imports, URIRef("http://example.org/elsewhere")))
    with pytest.raises(KGError) as caught:
        load_imports(ontology)
    assert caught.value.message == (
        "owl:imports <http://example.org/elsewhere>: no file in the imports folder declares "
        "that ontology (imports are read from local copies, never from the network)"
    )
    assert caught.value.where == str(paths.IMPORTS_DIR)
