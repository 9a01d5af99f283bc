"""Export: every format is canonical (byte-identical whatever PYTHONHASHSEED) and round-trips."""

from __future__ import annotations

import os

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from kg.errors import KGError, Location
from kg.export import ASSERTED_GRAPH, EXTENSIONS, FORMATS, INFERRED_GRAPH, serialize, write_atomic
from kg.graph import KnowledgeGraph
from kg.namespaces import RES, SH
from tests.conftest import FIXTURES, ROOT, run_kg

SMALL = FIXTURES / "pipeline" / "small"
RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml", "trig": "trig"}


@pytest.fixture(scope="module")
def small() -> KnowledgeGraph:
    return KnowledgeGraph.load(SMALL)


def build_release(folder, seed: str) -> dict[str, bytes]:
    result = run_kg("build", "--no-validate", "--out-dir", str(folder), seed=seed)
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def release(built_release) -> dict[str, bytes]:
    return built_release


def test_release_is_byte_identical_under_any_hash_seed(release, tmp_path):
    """`kg build` reasons afresh (no cache) and writes every format, base and full: the bytes
    must not depend on Python's hash seed, which orders rdflib's sets."""
    assert sorted(release) == sorted(
        [f"almagro-kg{suffix}.{EXTENSIONS[fmt]}" for fmt in FORMATS for suffix in ("", "-full")]
        + ["almagro-kg-queries.ttl", "almagro-kg-void.ttl", "almagro-kg.nq"]
        + ["almagro-kg.context.jsonld"]
    )
    # `release` was built under seed 0; one other seed orders rdflib's sets differently, so a
    # byte that depends on the seed differs here (each build reasons afresh: tens of seconds).
    assert build_release(tmp_path / "1", "1") == release


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_gives_the_release_bytes(release, fmt):
    exported = run_kg("export", "-f", fmt, seed="7")
    assert exported.stdout.encode("utf-8") == release[f"almagro-kg.{EXTENSIONS[fmt]}"]


def release_graph(release: dict[str, bytes], name: str) -> Graph:
    fmt = next(f for f in FORMATS if name.endswith("." + EXTENSIONS[f]))
    if fmt == "trig":
        dataset = Dataset()
        dataset.parse(data=release[name], format="trig")
        graph = Graph()
        for quad in dataset.quads():
            graph.add(quad[:3])
        return graph
    return Graph().parse(data=release[name], format=RDFLIB_FORMAT[fmt])


@pytest.fixture(scope="module")
def description(release) -> Graph:
    return Graph().parse(data=release["almagro-kg-void.ttl"], format="turtle")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_full_release_is_the_inferred_export_and_the_description(release, description, fmt):
    """`kg export --inferred` writes the graph; the full release adds its VoID + DCAT description
    (dist/almagro-kg-void.ttl), in TriG as a third named graph."""
    exported = run_kg("export", "--inferred", "-f", fmt)
    name = f"exported.{EXTENSIONS[fmt]}"
    graph = release_graph({name: exported.stdout.encode("utf-8")}, name)
    assert len(description) > 100
    full = release_graph(release, f"almagro-kg-full.{EXTENSIONS[fmt]}")
    assert isomorphic(full, graph + description)
    # The description repeats only the source documents' titles and citations, so that as a
    # file of its own it names them as the data does.
    shared = set(graph) & set(description)
    assert sorted({(s.n3(), p.n3()) for s, p, _ in shared}) == [
        (f"<{RES}document/{key}>", f"<{DCTERMS}{term}>")
        for key in ("encyclopedia-extract", "oas-biography")
        for term in ("bibliographicCitation", "title")
    ]
    assert len(full) == len(graph) + len(description) - len(shared)


def test_the_trig_full_release_keeps_the_description_in_its_own_graph(release, description):
    dataset = Dataset()
    dataset.parse(data=release["almagro-kg-full.trig"], format="trig")
    named = dataset.graph(URIRef("https://w3id.org/almagro-kg/graph/description"))
    assert isomorphic(Graph() + named, description)
    base = Dataset()
    base.parse(data=release["almagro-kg.trig"], format="trig")
    assert not any(g.identifier == named.identifier for g in base.graphs() if len(g))


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "xml"])
def test_round_trip(small, fmt):
    text = serialize(small.asserted, small.inferred, fmt)
    parsed = Graph().parse(data=text, format=RDFLIB_FORMAT[fmt])
    assert isomorphic(parsed, small.full)


def test_trig_keeps_the_layers_apart(small):
    dataset = Dataset()
    dataset.parse(data=serialize(small.asserted, small.inferred, "trig"), format="trig")
    assert isomorphic(dataset.graph(ASSERTED_GRAPH), small.asserted)
    assert isomorphic(dataset.graph(INFERRED_GRAPH), small.inferred)


def test_asserted_only_export_has_no_inferred_triple(small):
    parsed = Graph().parse(data=serialize(small.asserted, None, "nt"), format="nt")
    assert isomorphic(parsed, small.asserted)
    assert not any(triple in parsed for triple in small.inferred)


def test_ntriples_lines_are_sorted(small):
    lines = serialize(small.asserted, None, "nt").splitlines()
    assert lines == sorted(lines)


def test_unknown_format_is_refused(small):
    with pytest.raises(KGError) as caught:
        serialize(small.asserted, None, "rdfa")
    assert (
        caught.value.message == "unknown format 'rdfa'; choose one of turtle, nt, jsonld, xml, trig"
    )
    assert caught.value.where == Location(option="format")


def test_write_atomic_leaves_nothing_behind_on_failure(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_cli_export_to_file_then_bad_input_keeps_the_old_file(tmp_path):
    out = tmp_path / "graph.nt"
    ok = run_kg("export", "--data", str(SMALL), "-f", "nt", "-o", str(out))
    assert ok.returncode == 0, ok.stderr
    before = out.read_bytes()
    bad = run_kg(
        "export", "--data", str(FIXTURES / "pipeline" / "syntax"), "-f", "nt", "-o", str(out)
    )
    assert bad.returncode == 2
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


def test_release_carries_the_query_catalogue(release):
    catalogue = Graph().parse(data=release["almagro-kg-queries.ttl"], format="turtle")
    executables = set(catalogue.subjects(RDF.type, SH.SPARQLExecutable))
    stems = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(str(q).rsplit("/", 1)[-1] for q in executables) == stems


def test_written_files_get_the_usual_mode(tmp_path):
    fresh = tmp_path / "fresh.ttl"
    write_atomic(fresh, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask
    kept = tmp_path / "kept.ttl"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    write_atomic(kept, "new")
    assert (kept.read_text(encoding="utf-8"), kept.stat().st_mode & 0o777) == ("new", 0o640)
