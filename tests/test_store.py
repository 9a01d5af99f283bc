"""The query store: built once per set of inputs, reopened without reasoning, rebuilt when it is
stale or damaged, and the same quads as dist/almagro-kg.nq."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib.compare import isomorphic

from kg import pipeline, store
from kg.graph import KnowledgeGraph
from tests.conftest import FIXTURES, run_kg

SMALL = FIXTURES / "pipeline" / "small"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "stores"


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> tuple[str, object]:
    """SMALL's store, built once for the module (a build reasons for seconds): its key and
    folder, for a test to copy into its own cache as if it had built it."""
    import os

    cache = tmp_path_factory.mktemp("small-store")
    before = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(cache)
    try:
        built = KnowledgeGraph.load(SMALL)
    finally:
        if before is None:
            del os.environ["KG_CACHE_DIR"]
        else:
            os.environ["KG_CACHE_DIR"] = before
    assert built.data.rebuilt
    return built.data.key, cache / "stores" / built.data.key


def built_small(cache, small_store) -> str:
    """A whole store of SMALL in `cache`, as a first KnowledgeGraph.load(SMALL) leaves it."""
    key, folder = small_store
    shutil.copytree(folder, cache / key)
    first = KnowledgeGraph.load(SMALL)
    assert first.data.key == key and not first.data.rebuilt
    return key


def test_a_second_load_opens_the_store_and_gives_the_same_layers(cache):
    messages: list[str] = []
    first = KnowledgeGraph.load(SMALL, progress=messages.append)
    assert first.data.rebuilt
    assert messages[0] == "the query store is missing or stale: building it (once)"
    assert [p.name for p in cache.iterdir()] == [first.data.key]
    assert sorted(p.name for p in (cache / first.data.key).iterdir()) == [
        "dataset.nq",
        "db",
        "manifest.json",
        "names.marshal",
    ]
    again: list[str] = []
    second = KnowledgeGraph.load(SMALL, progress=again.append)
    assert not second.data.rebuilt and again == []
    assert isomorphic(first.asserted, second.asserted)
    assert isomorphic(first.inferred, second.inferred)
    assert len(second.data.store) == len(first.asserted) + len(first.inferred) + len(
        first.catalogue
    )


def _engine(key: str):
    from kg.engines.oxigraph_engine import OxigraphEngine

    return OxigraphEngine(store.open_store(key), store.names_file(key))


def test_the_names_index_is_kept_with_the_store_and_read_not_asked_again(
    cache, small_store, monkeypatch
):
    """The build keeps the index of names beside the store; a process that resolves a name on
    the store reads it (at 1M triples: half a second, not 4 to 8 CPU seconds of queries)."""
    from kg.query import names

    key = built_small(cache, small_store)
    asked = names._computed(_engine(key))
    kept = names._read(store.names_file(key))
    assert (kept.names, kept.labels, kept.english) == (asked.names, asked.labels, asked.english)
    assert asked.english["https://w3id.org/almagro-kg/resource/ClubChair"] == "Chair of the Club"

    def never(engine):
        raise AssertionError("the names were asked again")

    monkeypatch.setattr(names, "_computed", never)
    assert names.resolve(_engine(key), "chair of the club", "person").value == (
        "https://w3id.org/almagro-kg/resource/ClubChair"
    )


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not marshal",
        b"\xe9\x00\x01",
        "marshal: another format",
        "marshal: wrong contents",
        "missing",
    ],
)
def test_a_damaged_or_missing_names_index_is_asked_again_and_kept(cache, small_store, damage):
    import marshal

    from kg.query import names

    key = built_small(cache, small_store)
    path = store.names_file(key)
    expected = path.read_bytes()
    if damage == "missing":
        path.unlink()
    elif damage == "marshal: another format":
        path.write_bytes(marshal.dumps((names._FORMAT + 1, {}, {}, {})))
    elif damage == "marshal: wrong contents":
        path.write_bytes(marshal.dumps((names._FORMAT, {"ana": 1}, [], None)))
    else:
        path.write_bytes(damage)
    assert names.resolve(_engine(key), "Ana", "person").value == (
        "https://w3id.org/almagro-kg/resource/Ana"
    )
    assert path.read_bytes() == expected
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "dataset.nq",
        "db",
        "manifest.json",
        "names.marshal",
    ]


def test_a_names_index_that_cannot_be_kept_costs_only_time(cache, small_store):
    from kg.engines.oxigraph_engine import OxigraphEngine
    from kg.query import names

    key = built_small(cache, small_store)
    nowhere = cache / "no-such-folder" / "names.marshal"
    engine = OxigraphEngine(store.open_store(key), nowhere)
    assert names.resolve(engine, "Ana", "person").value == (
        "https://w3id.org/almagro-kg/resource/Ana"
    )
    assert not nowhere.parent.exists()


def test_a_changed_data_file_is_a_new_store(cache, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    before = KnowledgeGraph.load(data)
    with (data / "term.ttl").open("a", encoding="utf-8") as handle:
        handle.write('res:Ana res:nickname "Anita" .\n')
    after = KnowledgeGraph.load(data)
    assert after.data.key != before.data.key and after.data.rebuilt
    assert len(after.asserted) == len(before.asserted) + 1
    assert after.sparql('ASK { res:Ana res:nickname "Anita" }') is True
    assert len(list(cache.iterdir())) == 2


def test_the_key_covers_the_toolkits_code(monkeypatch, tmp_path):
    inputs = store.Inputs.of(SMALL)
    package = tmp_path / "kg"
    package.mkdir()
    (package / "store.py").write_text("# one version of the code\n", encoding="utf-8")
    monkeypatch.setattr(store.paths, "PACKAGE_DIR", package)
    before = inputs.key()
    (package / "reason.py").write_text("def is_noise(*triple): return True\n", encoding="utf-8")
    assert inputs.key() != before


def test_the_key_covers_the_import_modules(monkeypatch, tmp_path):
    imports = tmp_path / "imports"
    shutil.copytree(store.paths.IMPORTS_DIR, imports)
    monkeypatch.setattr(store.paths, "IMPORTS_DIR", imports)
    inputs = store.Inputs.of(SMALL)
    assert [p.name for p in inputs.imports] == ["org.ttl", "prov-o.ttl", "time.ttl"]
    before = inputs.key()
    with (imports / "time.ttl").open("a", encoding="utf-8") as handle:
        handle.write("# edited\n")
    assert inputs.key() != before


@pytest.mark.parametrize(
    "damage", ["manifest", "count", "format", "database", "nquads", "folder-is-a-file", "dir"]
)
def test_a_damaged_store_is_rebuilt_not_trusted(cache, small_store, damage):
    folder = cache / built_small(cache, small_store)
    manifest = json.loads((folder / "manifest.json").read_text())
    if damage == "manifest":
        (folder / "manifest.json").write_text("")
    elif damage == "count":
        manifest["quads"] += 1
        (folder / "manifest.json").write_text(json.dumps(manifest))
    elif damage == "format":
        manifest["format"] = 0
        (folder / "manifest.json").write_text(json.dumps(manifest))
    elif damage == "database":
        shutil.rmtree(folder / "db")
    elif damage == "folder-is-a-file":
        shutil.rmtree(folder)
        folder.write_text("a file where the store should be")
    elif damage == "dir":
        (folder / "manifest.json").unlink()
        (folder / "manifest.json").mkdir()
    else:
        (folder / "dataset.nq").write_text("")
    second = KnowledgeGraph.load(SMALL)
    # A damaged N-Quads file is noticed when the layers are read (its digest), the rest at open.
    assert second.data.rebuilt == (damage != "nquads")
    assert second.sparql("ASK { res:Ana a schema:Person }") is True
    assert len(second.asserted) > 0
    assert second.sparql("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"] == len(
        second.asserted
    ) + len(second.inferred)


def test_an_unwritable_cache_gives_an_in_memory_store(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker))
    graph = KnowledgeGraph.load(SMALL)
    assert graph.sparql("ASK { res:Ana a schema:Person }") is True
    assert blocker.read_text() == "not a folder"


def test_use_cache_false_rebuilds(cache, small_store):
    built_small(cache, small_store)
    again = KnowledgeGraph.load(SMALL, use_cache=False)
    assert again.data.rebuilt


def test_the_store_holds_the_release_nquads(cache, tmp_path):
    result = pipeline.build(SMALL, out_dir=tmp_path / "dist", validate=False)
    release = (tmp_path / "dist" / "almagro-kg.nq").read_text(encoding="utf-8")
    assert store.stored_nquads(result.store_key) == release
    lines = release.splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    graphs = {line.rsplit(" ", 2)[1] for line in lines}
    assert graphs == {
        "<https://w3id.org/almagro-kg/graph/asserted>",
        "<https://w3id.org/almagro-kg/graph/inferred>",
        "<https://w3id.org/almagro-kg/graph/catalogue>",
    }


def test_the_cli_says_when_it_builds_the_store_and_is_quiet_after(tmp_path):
    env = {"KG_CACHE_DIR": str(tmp_path / "cache"), "KG_PROGRESS": "1"}
    first = run_kg("sparql", "ASK { res:Ana a schema:Person }", "--data", str(SMALL), env=env)
    assert first.returncode == 0 and first.stdout == "true\n"
    assert first.stderr.splitlines()[0] == (
        "kg: the query store is missing or stale: building it (once)"
    )
    second = run_kg("sparql", "ASK { res:Ana a schema:Person }", "--data", str(SMALL), env=env)
    assert (second.returncode, second.stdout, second.stderr) == (0, "true\n", "")


def test_a_query_on_a_built_store_loads_no_reasoner_validator_or_rdflib_sparql(real_graph):
    import subprocess
    import sys

    env: dict[str, str] = {}  # the suite's cache, where real_graph has built the store
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['kg', 'query', 'secretary_general_terms', '--format', 'csv']\n"
        "try:\n"
        "    runpy.run_module('kg', run_name='__main__')\n"
        "except SystemExit as exit_:\n"
        "    assert exit_.code in (0, None), exit_.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('owlrl', 'pyshacl')\n"
        "               or m.startswith('rdflib.plugins.sparql') or m == 'rdflib')\n"
        "print('LOADED', heavy, file=sys.stderr)\n"
    )
    import os

    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.startswith("term,termLabel,holder,holderLabel,termNumber")
    assert done.stderr.strip().splitlines()[-1] == "LOADED []"


def test_the_stores_kept_are_the_most_recently_used(tmp_path, monkeypatch):
    import os

    from kg import store

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    quads = b"<https://e.org/s> <https://e.org/p> <https://e.org/o> <https://e.org/g> .\n"
    for number in range(store.KEEP):
        store.write_store(f"key{number}", quads)
        folder = tmp_path / "stores" / f"key{number}"
        os.utime(folder, (1000 + number, 1000 + number))  # built in this order
    assert store.open_store("key0") is not None  # the oldest built is used now
    store.write_store("newest", quads)  # one too many: the least recently used goes
    kept = sorted(p.name for p in (tmp_path / "stores").iterdir() if not p.name.startswith("."))
    assert kept == ["key0", "key2", "key3", "newest"]
