"""The reasoned-graph cache: a hit gives the same layers; any changed input is a miss."""

from __future__ import annotations

import shutil

from rdflib.compare import isomorphic

from kg.graph import KnowledgeGraph
from tests.conftest import FIXTURES


def test_second_load_comes_from_the_cache_and_is_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KG_NO_CACHE", raising=False)
    first = KnowledgeGraph.load(FIXTURES / "pipeline" / "small")
    entries = sorted(p.name.split("-", 1)[1] for p in (tmp_path / "cache").iterdir())
    assert entries == ["asserted.nt", "inferred.nt"]
    second = KnowledgeGraph.load(FIXTURES / "pipeline" / "small")
    assert isomorphic(first.asserted, second.asserted)
    assert isomorphic(first.inferred, second.inferred)


def test_a_changed_data_file_is_a_new_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KG_NO_CACHE", raising=False)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "pipeline" / "small", data)
    before = KnowledgeGraph.load(data)
    with (data / "term.ttl").open("a", encoding="utf-8") as handle:
        handle.write('res:Ana res:nickname "Anita" .\n')
    after = KnowledgeGraph.load(data)
    assert len(after.asserted) == len(before.asserted) + 1
    assert len(list((tmp_path / "cache").iterdir())) == 4


def test_use_cache_false_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    KnowledgeGraph.load(FIXTURES / "pipeline" / "small", use_cache=False)
    assert not (tmp_path / "cache").exists()


def test_the_key_covers_the_toolkits_code(monkeypatch, tmp_path):
    from kg import cache

    files = [FIXTURES / "pipeline" / "small" / "term.ttl"]
    package = tmp_path / "kg"
    package.mkdir()
    (package / "cache.py").write_text("# one version of the code\n", encoding="utf-8")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    before = cache.cache_key(files)
    (package / "reason.py").write_text("def is_noise(*triple): return True\n", encoding="utf-8")
    assert cache.cache_key(files) != before
