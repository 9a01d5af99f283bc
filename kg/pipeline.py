"""The one place that runs the stages in order: load → reason → (validate) → store → release.

`build()` is what `kg build`, the Makefile, the benchmark and the tests call; `dataset()` is what
`kg query` and the Python API call: the built store when it is fresh, else a rebuild (load and
reason, no validation), said on the `progress` callback. Shells pass their own callback (the CLI
writes to stderr); the library prints nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from kg import store as stores
from kg.namespaces import ASSERTED_GRAPH_IRI, CATALOGUE_GRAPH_IRI, INFERRED_GRAPH_IRI

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.oxload import LiteralForms
    from kg.storegraph import StoreGraph
    from kg.validate import ValidationReport

Progress = Callable[[str], None]
NQUADS_NAME = "almagro-kg.nq"

# Where the graph is held while it is built: "rdflib" (the reference path: rdflib graphs, owlrl
# or the fast rules over them, pySHACL or the fast validator, our canonical writers) or
# "oxigraph" (parsed into an in-memory Oxigraph store and reasoned, validated and written out
# from there, for large graphs). "auto" takes oxigraph from ENGINE_FROM asserted triples on, as
# the reasoner and the validator take their fast paths (kg.reason, kg.validate).
BUILD_ENGINES = ("auto", "rdflib", "oxigraph")
ENGINE_FROM = 20_000


def _quiet(_: str) -> None:
    pass


@dataclass
class Layers:
    """The built dataset's graphs, as rdflib graphs."""

    asserted: Graph
    inferred: Graph
    catalogue: Graph
    names: bytes | None = field(default=None, repr=False)  # kept with the store (kg.store)

    def by_iri(self) -> dict[str, Graph]:
        return {
            ASSERTED_GRAPH_IRI: self.asserted,
            INFERRED_GRAPH_IRI: self.inferred,
            CATALOGUE_GRAPH_IRI: self.catalogue,
        }

    def nquads(self) -> str:
        """The dataset as N-Quads, sorted, canonical: dist/almagro-kg.nq and the store's input."""
        from kg.export import serialize

        return stores.nquads(
            [(iri, serialize(graph, None, "nt")) for iri, graph in self.by_iri().items()]
        )


def compute_layers(
    data_dir: Path | None = None,
    ontology: Path | None = None,
    progress: Progress = _quiet,
    reasoner: str = "auto",
) -> Layers:
    """Load the authored Turtle and reason over it with `reasoner` (kg.reason.run: "auto",
    "owlrl" or "fast"; raises KGError on bad input or an inconsistency); the catalogue graph
    comes from queries/, checked."""
    from rdflib import Literal, URIRef

    from kg.catalogue import catalogue_graph, load_catalogue
    from kg.engines.oxigraph_engine import OxigraphEngine
    from kg.engines.rdflib_engine import to_oxigraph
    from kg.load import load_asserted, load_imports
    from kg.query.names import index_bytes
    from kg.reason import check_reasoner, run

    check_reasoner(reasoner)

    progress("loading the ontology, its imports and the data")
    asserted = load_asserted(data_dir, ontology)
    imports = load_imports(asserted)
    progress(
        f"reasoning (OWL 2 RL, reasoner {reasoner}) over {len(asserted)} asserted triples"
        f" and {len(imports)} imported ones"
    )
    reasoning = run(asserted, imports, reasoner)
    if reasoning.fallback:
        progress(f"the fast reasoner handed over to owlrl: {reasoning.fallback}")
    inferred = reasoning.inferred
    # The catalogue's entity defaults are resolved on the graph just built, as `kg query` would
    # (in an in-memory Oxigraph store: a few times faster than the rdflib engine).
    store = pyoxigraph.Store()
    for iri, layer in ((ASSERTED_GRAPH_IRI, asserted), (INFERRED_GRAPH_IRI, inferred)):
        graph = pyoxigraph.NamedNode(iri)
        store.extend(
            pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)
            for s, p, o in layer
            if isinstance(p, URIRef) and not isinstance(s, Literal)  # RDF only (kg.export)
        )
    engine = OxigraphEngine(store)
    catalogue = catalogue_graph(load_catalogue(), engine)
    return Layers(asserted, inferred, catalogue, index_bytes(engine))


@dataclass
class StoreLayers:
    """The built dataset's graphs held in an in-memory Oxigraph store (the large-graph build):
    the asserted and inferred layers as its named graphs, their sizes, the literals as written
    (kg.oxload.LiteralForms: the store normalises numbers) and the catalogue (an rdflib graph)."""

    store: pyoxigraph.Store
    asserted: int
    inferred: int
    forms: LiteralForms
    catalogue: Graph
    reasoner: str = "fast"
    fallback: str | None = None
    names: bytes | None = field(default=None, repr=False)  # kept with the store (kg.store)
    _nquads: bytes | None = field(default=None, repr=False)

    def nquads(self) -> bytes:
        """The dataset as sorted N-Quads: the same bytes as Layers.nquads() gives (kg.oxrelease);
        made once, for the store and the release."""
        if self._nquads is None:
            from kg.oxrelease import nquads_bytes

            self._nquads = nquads_bytes(self.store, self.catalogue, self.forms)
        return self._nquads

    def release(self, out_dir: Path, before_swap: Callable[[], None] | None = None) -> list[Path]:
        """Write the release files (kg.oxrelease.release_files; `before_swap`: see
        kg.files.write_files)."""
        from kg.oxrelease import release_files

        return release_files(
            self.store, self.catalogue, out_dir, self.forms, self.nquads(), before_swap
        )


def check_engine(engine: object) -> None:
    from kg.errors import Location, check_choice

    check_choice(engine, BUILD_ENGINES, "engine", Location(option="engine"))


def load_store(
    data_dir: Path | None = None, ontology: Path | None = None
) -> tuple[pyoxigraph.Store, int, LiteralForms]:
    """The asserted triples parsed into the asserted graph of a new in-memory store: the store,
    the count and the written forms of the literals it normalised (kg.oxload)."""
    from kg.oxload import LiteralForms, load_into

    store, forms = pyoxigraph.Store(), LiteralForms()
    count = load_into(store, pyoxigraph.NamedNode(ASSERTED_GRAPH_IRI), data_dir, ontology, forms)
    return store, count, forms


def _load_store(
    data_dir: Path | None, ontology: Path | None, progress: Progress
) -> tuple[pyoxigraph.Store, int, LiteralForms]:
    progress("loading the ontology, its imports and the data (Oxigraph)")
    return load_store(data_dir, ontology)


def compute_store_layers(
    data_dir: Path | None = None,
    ontology: Path | None = None,
    progress: Progress = _quiet,
    reasoner: str = "auto",
    loaded: tuple[pyoxigraph.Store, int, LiteralForms] | None = None,
) -> StoreLayers:
    """compute_layers, held in an Oxigraph store: parse (pyoxigraph), reason (kg.reason_store:
    the fast rules over the store, owlrl when they hand over or when asked), the catalogue."""
    from kg.catalogue import catalogue_graph, load_catalogue
    from kg.engines.oxigraph_engine import OxigraphEngine
    from kg.load import load_imports, load_ontology
    from kg.query.names import index_bytes
    from kg.reason import check_reasoner
    from kg.reason_store import run_store

    check_reasoner(reasoner)
    store, count, forms = loaded or _load_store(data_dir, ontology, progress)
    imports = load_imports(load_ontology(ontology))
    progress(
        f"reasoning (OWL 2 RL, reasoner {reasoner}) over {count} asserted triples"
        f" and {len(imports)} imported ones, in Oxigraph"
    )
    reasoning = run_store(
        store,
        pyoxigraph.NamedNode(ASSERTED_GRAPH_IRI),
        pyoxigraph.NamedNode(INFERRED_GRAPH_IRI),
        imports,
        reasoner=reasoner,
    )
    if reasoning.fallback:
        progress(f"the fast reasoner handed over to owlrl: {reasoning.fallback}")
    engine = OxigraphEngine(store)
    catalogue = catalogue_graph(load_catalogue(), engine)
    return StoreLayers(
        store,
        count,
        reasoning.triples,
        forms,
        catalogue,
        reasoning.reasoner,
        reasoning.fallback,
        names=index_bytes(engine),
    )


def _choose_engine(
    engine: str, data_dir: Path | None, ontology: Path | None
) -> tuple[str, tuple[pyoxigraph.Store, int, LiteralForms] | None]:
    """The engine to build with, and the parsed store when parsing told (auto): below
    ENGINE_FROM triples, or when Oxigraph's loader refuses what rdflib's may take, rdflib."""
    from kg.errors import KGError

    check_engine(engine)
    if engine != "auto":
        return engine, None
    try:
        loaded = load_store(data_dir, ontology)
    except KGError:  # the reference loader says what is wrong, in its words
        return "rdflib", None
    if loaded[1] < ENGINE_FROM:
        return "rdflib", None
    return "oxigraph", loaded


@dataclass
class Dataset:
    """A built dataset: its store (opened read-only when persistent), its key, and the layers
    when this process computed them (else None: they are read from the store on demand)."""

    store: pyoxigraph.Store
    key: str
    inputs: tuple[Path | None, Path | None] = (None, None)  # the data folder and ontology
    layers: Layers | None = None
    rebuilt: bool = False
    store_layers: StoreLayers | None = None  # when this process built it in Oxigraph
    alongside: Future | None = None  # what `dataset(alongside=…)` runs meanwhile


def dataset(
    data_dir: Path | None = None,
    ontology: Path | None = None,
    *,
    rebuild: bool = False,
    progress: Progress = _quiet,
    reasoner: str = "auto",
    build_engine: str = "auto",
    alongside: tuple[str, Callable[[StoreGraph], object]] | None = None,
) -> Dataset:
    """The store of the dataset built from these inputs: the one in the cache when it is whole
    and fresh, else built now (reasoning with `reasoner`, no validation, holding the graph in
    `build_engine`: see BUILD_ENGINES) and put there. Every reasoner and engine gives the same
    layers, so the store does not depend on which one built it.

    `alongside` (the build's validation: what to tell `progress`, and a function) is called on
    the asserted graph of a graph built in Oxigraph (a StoreGraph) in a background thread as
    soon as it is parsed, while it is reasoned over and the query store is written: most of
    either runs in Oxigraph, outside the GIL, so the two share the machine's cores.
    `Dataset.alongside` is then its Future, which the caller waits for. It is not called on the
    rdflib path."""
    check_engine(build_engine)
    inputs = stores.Inputs.of(data_dir, ontology)
    key = inputs.key()
    if not rebuild:
        opened = stores.open_store(key)
        if opened is not None:
            return Dataset(opened, key, (data_dir, ontology))
        progress("the query store is missing or stale: building it (once)")
    engine, loaded = _choose_engine(build_engine, data_dir, ontology)
    if engine == "oxigraph":
        from kg.storegraph import StoreGraph

        loaded = loaded or _load_store(data_dir, ontology, progress)
        side = None
        if alongside is not None:
            progress(alongside[0])
            store, size, forms = loaded
            asserted = StoreGraph(store, ASSERTED_GRAPH_IRI, forms, size)
            side = _in_background("kg-alongside", alongside[1], asserted)
        in_store = compute_store_layers(data_dir, ontology, progress, reasoner, loaded)
        quads = in_store.nquads()
        count = quads.count(b"\n")
        progress(f"writing the query store: {count} quads")
        built = stores.write_store(key, quads, in_store.names)
        done = Dataset(built, key, (data_dir, ontology), None, True, in_store)
        done.alongside = side
        return done
    layers = compute_layers(data_dir, ontology, progress, reasoner)
    quads = layers.nquads().encode("utf-8")
    count = quads.count(b"\n")
    progress(f"writing the query store: {count} quads")
    built = stores.write_store(key, quads, layers.names)
    return Dataset(built, key, (data_dir, ontology), layers, rebuilt=True)


def _in_background(name: str, function: Callable, *args: object) -> Future:
    """`function(*args)` in a daemon thread: its Future. A build that fails meanwhile (an
    inconsistent graph, Ctrl-C) exits at once rather than waiting for it."""
    import threading

    future: Future = Future()

    def work() -> None:
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(function(*args))
            except BaseException as err:  # the caller's .result() raises it
                future.set_exception(err)

    threading.Thread(target=work, name=name, daemon=True).start()
    return future


def check_catalogue() -> None:
    """Every stored query's header is well formed and its text parses on both engines: a
    broken query is not published. (Parameter defaults name resources of the real graph; the
    tests check them there, as a build from other data need not contain them.)

    rdflib's parser takes about 2 s for the catalogue, whatever the size of the graph: a text
    it has parsed once is not parsed again (kg.store.checked_texts). Oxigraph's parser and our
    own checks run every time."""
    from kg import sparql
    from kg.catalogue import load_catalogue
    from kg.engines import FULL
    from kg.engines.oxigraph_engine import OxigraphEngine
    from kg.engines.rdflib_engine import parse

    empty = OxigraphEngine(pyoxigraph.Store())
    known = stores.checked_texts()
    parsed = set()
    for stored in load_catalogue().values():
        sparql.check(stored.text, str(stored.path))
        digest = stores.text_digest("query", stored.text)
        if digest not in known:
            parse(stored.text, str(stored.path))
            parsed.add(digest)
        empty.evaluate(stored.text, FULL, str(stored.path))
    stores.remember_checked(parsed)


def _check_writable(out_dir: Path) -> None:
    """The release folder exists, or can be made, and can be written."""
    import os

    from kg.errors import KGError

    existing = out_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise KGError("not a folder: cannot write the release there", where=str(existing))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise KGError("permission denied: cannot write the release there", where=str(out_dir))


@dataclass
class BuildResult:
    """What `build()` did: the counts, the files written, the validation report (None when
    validation was skipped) and the store's key."""

    asserted: int
    inferred: int
    files: list[Path] = field(default_factory=list)
    report: ValidationReport | None = None
    store_key: str = ""


def build(
    data_dir: Path | None = None,
    ontology: Path | None = None,
    out_dir: Path | None = Path("dist"),
    *,
    validate: bool = True,
    validator: str = "auto",
    progress: Progress = _quiet,
    reasoner: str = "auto",
    engine: str = "auto",
) -> BuildResult:
    """Load, reason, validate, store and release. A graph that does not conform raises a
    KGError (exit code 1) before anything is written; `out_dir=None` writes no release files.
    `validator`: see kg.validate.validate_graph (the fast one reads the store just built);
    `engine`: where the graph is held meanwhile (BUILD_ENGINES)."""
    from kg.validate import validate_graph

    if out_dir is not None:
        _check_writable(Path(out_dir))  # before seconds of reasoning, not after

    def validate_in_store(asserted: StoreGraph):
        return validate_graph(asserted, validator=validator)

    message = (
        f"validating the asserted triples ({validator} validator) in the background, while"
        " the graph is reasoned over and written out"
    )
    built = dataset(
        data_dir,
        ontology,
        rebuild=True,
        progress=progress,
        reasoner=reasoner,
        build_engine=engine,
        alongside=(message, validate_in_store) if validate else None,
    )
    layers, in_store = built.layers, built.store_layers
    check_catalogue()
    if in_store is not None:
        return _release_in_store(built, in_store, out_dir, validate, progress)
    assert layers is not None
    result = BuildResult(len(layers.asserted), len(layers.inferred), store_key=built.key)
    if validate:
        result.report = validate_graph(
            layers.asserted,
            validator=validator,
            store=built.store,
            graph_iri=ASSERTED_GRAPH_IRI,
            progress=progress,
        )
        _check_conforms(result.report)
    if out_dir is not None:
        progress(
            f"writing the release into {out_dir}: base and full, {result.asserted} + "
            f"{result.inferred} triples"
        )
        from kg.release import release_files

        result.files = release_files(layers, Path(out_dir))
    return result


def _release_in_store(
    built: Dataset,
    in_store: StoreLayers,
    out_dir: Path | None,
    validate: bool,
    progress: Progress,
) -> BuildResult:
    """The end of a build held in Oxigraph. The validation (`built.alongside`, started when
    the graph was parsed) may still be running: the release is then written into its staging
    folder meanwhile and swapped in only once the graph conforms (kg.files.write_files'
    `before_swap`). A graph that does not conform, or a validator that fails, leaves the
    release folder as it was, and its error comes first, as on the rdflib path."""
    from kg.errors import KGError

    result = BuildResult(in_store.asserted, in_store.inferred, store_key=built.key)

    def validated() -> None:
        if validate and result.report is None:
            if not built.alongside.done():
                progress("waiting for the validation to finish")
            result.report = built.alongside.result()  # the validator's own KGError, if any
        if validate:
            _check_conforms(result.report)

    if out_dir is None or (validate and built.alongside.done()):
        validated()  # a graph that does not conform is said before the release is staged
    if out_dir is None:
        return result
    progress(
        f"writing the release into {out_dir}: base and full, {result.asserted} + "
        f"{result.inferred} triples"
        + (" (put in place once validation passes)" if result.report is None and validate else "")
    )
    try:
        result.files = in_store.release(Path(out_dir), before_swap=validated)
    except KGError:
        validated()  # the release could not be written: a nonconforming graph is said first
        raise
    return result


def _check_conforms(report: ValidationReport) -> None:
    """A graph that does not conform raises a KGError (exit code 1) carrying the report."""
    from kg.errors import EXIT_NONCONFORMANT, KGError

    if not report.conforms:
        error = KGError(
            f"{report.count} validation violation(s); no release written",
            where="validation",
            exit_code=EXIT_NONCONFORMANT,
        )
        error.report = report  # the shells print it
        raise error
