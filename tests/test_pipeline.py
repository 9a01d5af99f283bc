"""kg.pipeline: the one place that runs the stages; what it refuses to publish."""

from __future__ import annotations

import shutil

import pytest

from kg import paths, pipeline
from kg.errors import KGError, Location
from tests.conftest import FIXTURES

SMALL = FIXTURES / "pipeline" / "small"
HEADER = (
    "#+ summary: A query that does not parse\n"
    "#+ description: Its header is fine; its SPARQL is not.\n"
    "#+ tags: [broken]\n"
    "#+ view: table\n"
    "#+ example: kg query broken\n"
)


def test_build_returns_counts_files_and_report(tmp_path):
    result = pipeline.build(SMALL, out_dir=tmp_path / "dist", validate=False)
    assert result.report is None
    assert sorted(p.name for p in result.files) == sorted(
        p.name for p in (tmp_path / "dist").iterdir()
    )
    # base and full in five formats, N-Quads, queries, VoID, the JSON-LD context
    assert len(result.files) == 14
    layers = pipeline.compute_layers(SMALL)  # once: each call reasons afresh
    assert (result.asserted, result.inferred) == (len(layers.asserted), len(layers.inferred))


def test_a_stored_query_that_does_not_parse_is_not_published(tmp_path, monkeypatch):
    queries = tmp_path / "queries"
    shutil.copytree(paths.QUERIES_DIR, queries)
    (queries / "broken.rq").write_text(HEADER + "SELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    monkeypatch.setattr(paths, "QUERIES_DIR", queries)
    with pytest.raises(KGError) as caught:
        pipeline.build(SMALL, out_dir=tmp_path / "dist", validate=False)
    assert caught.value.where == Location(query=str(queries / "broken.rq"), line=6, column=19)
    assert caught.value.message.startswith("SPARQL syntax error")
    assert not (tmp_path / "dist").exists()


def test_an_out_dir_that_cannot_be_written_is_refused_before_any_work(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    called = []
    monkeypatch.setattr(pipeline, "compute_layers", lambda *a, **k: called.append(a))
    with pytest.raises(KGError) as caught:
        pipeline.build(SMALL, out_dir=blocker / "dist")
    assert str(caught.value) == f"{blocker}: not a folder: cannot write the release there"
    assert called == [] and blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_catalogue_is_parsed_by_rdflib_once_per_text(tmp_path, monkeypatch):
    from kg.catalogue import load_catalogue
    from kg.engines import rdflib_engine

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    parsed, original = [], rdflib_engine.parse

    def counting(text, source):
        parsed.append(source)
        return original(text, source)

    monkeypatch.setattr(rdflib_engine, "parse", counting)
    pipeline.check_catalogue()
    assert len(parsed) == len(load_catalogue()) == 47
    pipeline.check_catalogue()  # every text parsed before: none again
    assert len(parsed) == 47
    # a changed text is parsed again, and a broken one is still refused
    queries = tmp_path / "queries"
    shutil.copytree(paths.QUERIES_DIR, queries)
    (queries / "broken.rq").write_text(HEADER + "SELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    monkeypatch.setattr(paths, "QUERIES_DIR", queries)
    with pytest.raises(KGError) as caught:
        pipeline.check_catalogue()
    assert caught.value.message.startswith("SPARQL syntax error")
    assert parsed[47:] == [str(queries / "broken.rq")]  # a failure is not remembered
    (queries / "broken.rq").write_text(HEADER + "SELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    pipeline.check_catalogue()
    pipeline.check_catalogue()
    assert parsed[47:] == [str(queries / "broken.rq")] * 2


def test_the_quality_checks_are_parsed_by_rdflib_once_per_text(tmp_path, monkeypatch):
    from kg import validate

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    parsed, original = [], validate._prepare
    monkeypatch.setattr(validate, "_prepare", lambda text: parsed.append(text) or original(text))
    checks = validate.quality_checks()
    assert len(parsed) == len(checks) == len(list(paths.QC_DIR.glob("*-violation.rq"))) == 10
    again = validate.quality_checks()
    assert len(parsed) == 10 and again == checks
    # pySHACL's path still gets each prepared query, parsed when first asked for
    assert again[0].query.algebra.name == "SelectQuery" and len(parsed) == 11
    # a check that is no SELECT of ?focus is still refused, however often it is read
    qc = tmp_path / "qc"
    qc.mkdir()
    (qc / "bad-violation.rq").write_text("# Bad.\nSELECT ?x WHERE { ?x ?p ?o }\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(KGError) as caught:
            validate.quality_checks(qc)
        assert caught.value.message.startswith("a quality check is a SELECT of ?focus")
