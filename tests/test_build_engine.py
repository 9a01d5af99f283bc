"""The two build engines (kg.pipeline.BUILD_ENGINES): the graph held in rdflib (the reference
path) or in an Oxigraph store from parsing to the release. Both must give the same store (the
same N-Quads, byte for byte), the same validation report and release files holding the same
triples, on the real graph and on a 4,000-triple synthetic graph (every kind of resource 38 times;
at 10,000 the rdflib path's release alone takes 18 CPU seconds: tests/test_reason_store.py
compares the reasoners at 10,000); `auto` picks by size."""

from __future__ import annotations

import shutil
import threading

import pytest

from kg import pipeline, store, synth
from kg.errors import KGError, Location
from kg.release import release_names
from tests.conftest import FIXTURES, run_kg
from tests.test_oxrelease import _same_release
from tests.test_validate import results


def _build(data, out, engine, **options):
    return pipeline.build(data, out_dir=out, engine=engine, reasoner="fast", **options)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth-engines")
    synth.synthesize(4_000, 3, folder / "synth.ttl")  # every kind of resource 38 times
    return folder


@pytest.mark.parametrize("graph", ["real", "synthetic"])
def test_both_engines_build_the_same_store_report_and_release(graph, synthetic, tmp_path):
    data = None if graph == "real" else synthetic
    rdflib_built = _build(data, tmp_path / "rdflib", "rdflib", validator="fast")
    rdflib_nquads = store.stored_nquads(rdflib_built.store_key)
    oxigraph_built = _build(data, tmp_path / "oxigraph", "oxigraph", validator="fast")
    assert oxigraph_built.store_key == rdflib_built.store_key
    assert store.stored_nquads(oxigraph_built.store_key) == rdflib_nquads
    assert (oxigraph_built.asserted, oxigraph_built.inferred) == (
        rdflib_built.asserted,
        rdflib_built.inferred,
    )
    assert oxigraph_built.report.conforms and rdflib_built.report.conforms
    _same_release(tmp_path / "rdflib", tmp_path / "oxigraph")


def test_the_oxigraph_engine_validates_with_pyshacl_too(tmp_path):
    built = _build(FIXTURES / "valid", None, "oxigraph", validator="pyshacl")
    assert built.report.validator == "pyshacl" and built.report.conforms


def test_a_damaged_graph_gives_the_same_report_on_both_engines(tmp_path):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    folder = tmp_path / "damaged"
    folder.mkdir()
    synth.synthesize(3000, 11, folder / "synth.ttl")
    graph = Graph().parse(folder / "synth.ttl")
    # every 23rd triple dropped, a second English label and a label in a language not allowed
    for triple in sorted(graph)[::23]:
        graph.remove(triple)
    person = URIRef("https://w3id.org/almagro-kg/resource/SynPerson3")
    graph.add((person, RDFS.label, Literal("Otra", lang="en")))
    graph.add((person, RDFS.label, Literal("Anna", lang="fr")))
    (folder / "synth.ttl").write_text(graph.serialize(format="nt"), encoding="utf-8")
    reports = {}
    for engine in ("rdflib", "oxigraph"):
        with pytest.raises(KGError) as caught:
            _build(folder, tmp_path / engine, engine, validator="fast")
        assert caught.value.exit_code == 1
        reports[engine] = caught.value.report
        assert not (tmp_path / engine).exists()  # nothing published
    assert results(reports["oxigraph"]) == results(reports["rdflib"])
    assert reports["oxigraph"].text() == reports["rdflib"].text()
    assert reports["rdflib"].count >= 20


@pytest.mark.parametrize("validation", ["done first", "done last"])
def test_a_graph_that_does_not_conform_leaves_the_old_release_in_place(
    validation, tmp_path, monkeypatch
):
    """The Oxigraph engine validates in the background from parsing on. A graph that does not
    conform leaves the folder's files as they were, whether the validation ended before the
    release was staged (said at once) or after (the staged release is not swapped in)."""
    from kg import files, validate

    out = tmp_path / "dist"
    _build(FIXTURES / "pipeline" / "small", out, "oxigraph", validate=False)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "invalid" / "qc-missing-label.ttl", data)
    staged, checked = threading.Event(), threading.Event()
    write, check, check_catalogue = (
        files._write_synced,
        validate.validate_graph,
        pipeline.check_catalogue,
    )
    if validation == "done first":  # the build waits for the validation before the release

        def validated(*args, **kwargs):
            try:
                return check(*args, **kwargs)
            finally:
                checked.set()

        def catalogue_after_validation() -> None:
            assert checked.wait(60)
            check_catalogue()

        monkeypatch.setattr(validate, "validate_graph", validated)
        monkeypatch.setattr(pipeline, "check_catalogue", catalogue_after_validation)
    else:  # the validation waits until a release file is staged

        def staging(*args) -> None:
            staged.set()
            write(*args)

        def after_staging(*args, **kwargs):
            assert staged.wait(60)
            return check(*args, **kwargs)

        monkeypatch.setattr(files, "_write_synced", staging)
        monkeypatch.setattr(validate, "validate_graph", after_staging)
    said: list[str] = []
    with pytest.raises(KGError) as caught:
        _build(data, out, "oxigraph", validator="fast", progress=said.append)
    assert (caught.value.exit_code, caught.value.where) == (1, "validation")
    assert [(r.focus.n3(), r.source.n3()) for r in caught.value.report.results] == [
        (
            "<https://w3id.org/almagro-kg/resource/Ana>",
            "<https://w3id.org/almagro-kg/qc/missing-label-violation>",
        )
    ]
    assert staged.is_set() == (validation == "done last")
    assert any(s.startswith("writing the release") for s in said) == (validation == "done last")
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert sorted(before) == sorted(release_names())


def test_auto_picks_oxigraph_from_the_threshold_on(synthetic, monkeypatch):
    small = pipeline.dataset(FIXTURES / "pipeline" / "small", rebuild=True)
    assert small.store_layers is None and small.layers is not None
    monkeypatch.setattr(pipeline, "ENGINE_FROM", 4_000)
    large = pipeline.dataset(synthetic, rebuild=True)
    assert large.store_layers is not None and large.layers is None
    assert large.store_layers.asserted >= 4_000
    monkeypatch.setattr(pipeline, "ENGINE_FROM", large.store_layers.asserted + 1)
    assert pipeline.dataset(synthetic, rebuild=True).store_layers is None


def test_auto_gives_the_reference_loaders_error(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "bad.ttl").write_text(
        "@prefix res: <https://w3id.org/almagro-kg/resource/> .\nres:A res:b res:C ;;; .\n"
        "res:D res:e\n",
        encoding="utf-8",
    )
    errors = {}
    for engine in ("auto", "rdflib", "oxigraph"):
        with pytest.raises(KGError) as caught:
            pipeline.dataset(folder, rebuild=True, build_engine=engine)
        errors[engine] = caught.value
    assert str(errors["auto"]) == str(errors["rdflib"])
    assert errors["rdflib"].where.startswith(f"{folder / 'bad.ttl'}:")
    assert errors["oxigraph"].where == f"{folder / 'bad.ttl'}:4:1"
    assert errors["oxigraph"].message == "Turtle syntax error: unexpected end"


def test_an_unknown_engine_names_the_option(tmp_path):
    with pytest.raises(KGError) as caught:
        pipeline.build(None, out_dir=tmp_path, engine="jena")
    assert caught.value.message == "unknown engine 'jena'; choose one of auto, rdflib, oxigraph"
    assert caught.value.where == Location(option="engine")
    result = run_kg("build", "--engine", "jena", "--out-dir", str(tmp_path / "dist"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'jena' is not one of 'auto', 'rdflib', 'oxigraph'" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_the_oxigraph_release_is_the_same_bytes_whatever_the_hash_seed(synthetic, tmp_path):
    outputs = []
    for seed in ("0", "4242"):
        out = tmp_path / f"dist-{seed}"
        result = run_kg(
            "build",
            "--engine",
            "oxigraph",
            "--data",
            str(synthetic),
            "--out-dir",
            str(out),
            seed=seed,
        )
        assert result.returncode == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
        shutil.rmtree(out)
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == sorted(release_names())
