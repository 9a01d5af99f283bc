"""Benchmark at scale: the build's stages and the stored queries on synthetic graphs.

`make bench SIZES="10000 100000"` (the default; add 1000000 on request) writes a synthetic graph
of each size (`kg synth`) and times each build stage (parse, reason, validate, store, export) per
reasoner (owlrl, fast) and validator (pyshacl, fast), beside plain rdflib and pyoxigraph parsing,
then the whole `kg build`, then every stored query on that size's store per engine. Each stage
runs in a child process of its own, so its peak memory is that process's peak RSS (ru_maxrss,
the setup the stage needs included; the part the stage adds is given too). The reference tools
are skipped at 1M (owlrl takes minutes and GiBs there; so does pySHACL with the quality checks
on rdflib, and the rdflib query engine).

The real graph's benchmark (issue 6: every stored query in-process and from the shell, beside raw
pyoxigraph and the `oxigraph` command) is benchmarks/bench.py, which `make bench` runs after this.

RUNS=N changes the repetitions (owlrl and pySHACL run once: at 100k pySHACL alone takes about 14
minutes, owlrl 80 s). Figures go to dist/bench/scale.md and dist/bench/scale.json and to stdout;
nothing is asserted (timed tests are flaky on a shared machine; the numbers belong in notes).
CPU seconds are given beside wall seconds, as the machine is shared and wall time alone misleads.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph

from kg import catalogue, paths, pipeline, store
from kg.graph import KnowledgeGraph
from kg.query import run_stored

sys.path.insert(0, str(Path(__file__).parent))
from bench import KG, OUT, RUNS, measure, ms, summary  # noqa: E402  (benchmarks/ is no package)

SIZES = os.environ.get("SIZES", "10000 100000").split()
# What the scale benchmark measures: stages (parse reason validate store export), the whole
# build, the stored queries.
PARTS = os.environ.get("PARTS", "parse reason validate store export build queries").split()


# The scale benchmark ------------------------------------------------------------------------

# The reference tools (owlrl, pySHACL, the rdflib query engine) and the rdflib build engine run
# up to this size.
REFERENCE_UP_TO = 100_000
OXIGRAPH = "oxigraph engine"  # a stage's variant on the Oxigraph build engine
SEED = 1


# The references' stages, run once at every size: seconds to minutes a run (owlrl 8.7 s and
# pySHACL 13.5 s at 10k, owlrl 81 s at 100k), repeated they kept `make bench` running for most of
# half an hour.
ONCE = {("reason", "owlrl"), ("validate", "pyshacl")}


def stage_runs(size: int, stage: str = "", variant: str = "") -> int:
    """Repetitions of a build stage: RUNS up to 10k triples, then one (p95 is then that run);
    one for the references' stages (ONCE)."""
    return 1 if (stage, variant) in ONCE else RUNS if size <= 10_000 else 1


def _child(args: list[str], env: dict[str, str]) -> dict:
    """Run `scale.py --stage ...` in a child process; its last stdout line is its JSON."""
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _stage(stage: str, variant: str, folder: Path, runs: int) -> None:
    """In a child process: set up what `stage` needs, run it `runs` times, print the JSON."""
    from kg import reason as reasoning
    from kg.load import load_asserted, load_imports

    def peak() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    action: Callable[[], object]
    if stage == "parse":
        if variant == "rdflib (plain)":
            from rdflib import Graph

            action = lambda: Graph().parse(folder / "synth.ttl")  # noqa: E731
        elif variant == "pyoxigraph (plain)":
            action = lambda: pyoxigraph.Store().bulk_load(  # noqa: E731
                path=str(folder / "synth.ttl"), format=pyoxigraph.RdfFormat.TURTLE
            )
        elif variant == OXIGRAPH:
            action = lambda: pipeline.load_store(folder)  # noqa: E731
        else:
            action = lambda: load_asserted(folder)  # noqa: E731
    elif stage == "reason" and variant == OXIGRAPH:
        from kg.load import load_ontology
        from kg.namespaces import ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI
        from kg.reason_store import run_store

        data = pipeline.load_store(folder)[0]
        imports = load_imports(load_ontology())
        asserted = pyoxigraph.NamedNode(ASSERTED_GRAPH_IRI)
        inferred = pyoxigraph.NamedNode(INFERRED_GRAPH_IRI)

        def action():
            reasoning._IMPORTS_CLOSED.clear()  # as a fresh `kg build` does
            return run_store(data, asserted, inferred, imports)
    elif stage == "reason":
        asserted = load_asserted(folder)
        imports = load_imports(asserted)

        def action():
            reasoning._IMPORTS_CLOSED.clear()  # as a fresh `kg build` does
            return reasoning.run(asserted, imports, variant)
    elif stage == "validate" and variant == OXIGRAPH:
        from kg.namespaces import ASSERTED_GRAPH_IRI
        from kg.storegraph import StoreGraph
        from kg.validate import validate_graph

        data, count, forms = pipeline.load_store(folder)
        asserted = StoreGraph(data, ASSERTED_GRAPH_IRI, forms, count)
        action = lambda: validate_graph(asserted, validator="fast")  # noqa: E731
    elif stage == "validate":
        from kg.validate import validate_graph

        asserted = load_asserted(folder)
        data = None
        if variant == "fast":  # the build's validator reads the store it has just built
            data = pyoxigraph.Store()
            data.bulk_load(
                asserted.serialize(format="nt", encoding="utf-8"),
                format=pyoxigraph.RdfFormat.N_TRIPLES,
            )
        action = lambda: validate_graph(asserted, validator=variant, store=data)  # noqa: E731
    elif stage in ("store", "export") and variant.endswith(OXIGRAPH):
        in_store = pipeline.compute_store_layers(folder, reasoner="fast")
        target = Path(tempfile.mkdtemp(prefix="almagro-kg-bench-"))
        if stage == "store":

            def action():
                in_store._nquads = None  # made afresh each run, as a build does
                return store.write_store("bench", in_store.nquads())
        else:
            action = lambda: in_store.release(target / "release")  # noqa: E731
    elif stage in ("store", "export"):
        from kg.release import release_files

        layers = pipeline.compute_layers(folder, reasoner="fast")
        target = Path(tempfile.mkdtemp(prefix="almagro-kg-bench-"))
        if stage == "store":
            action = lambda: store.write_store("bench", layers.nquads().encode("utf-8"))  # noqa: E731
        else:
            action = lambda: release_files(layers, target / "release")  # noqa: E731
    else:
        raise SystemExit(f"unknown stage {stage}")
    before = peak()
    walls, cpus = [], []
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(json.dumps({**summary(walls, cpus), "rss": peak(), "setup_rss": before, "runs": runs}))


def _queries(engine: str, folder: Path, runs: int) -> None:
    """In a child process: every stored query on this size's store (built by `kg build`)."""
    graph = KnowledgeGraph.load(folder, reasoner="fast")
    chosen = graph.engine(engine)
    rows = {}
    for name in catalogue.load_catalogue():
        rows[name] = measure(lambda n=name: run_stored(chosen, n), runs=runs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"queries": rows, "rss": rss}))


def _cell(measured: dict) -> list[str]:
    if "error" in measured:
        return ["error: " + measured["error"][:60], "", "", "", ""]
    added = measured["rss"] - measured.get("setup_rss", measured["rss"])
    return [
        f"{measured['median']:.2f}",
        f"{measured['p95']:.2f}",
        f"{measured['cpu']:.2f}",
        f"{measured['rss']:.0f}",
        f"{added:.0f}" if "setup_rss" in measured else "",
    ]


_RUN_AND_MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "wall = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "wall = time.perf_counter() - wall\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'wall': wall, 'cpu': use.ru_utime + use.ru_stime,"
    " 'rss': use.ru_maxrss / 1024, 'code': done.returncode, 'stderr': done.stderr[-200:]}))\n"
)


def _build(folder: Path, size: int, env: dict[str, str], engine: str) -> dict:
    """The whole `kg build --engine ENGINE` with the fast reasoner and validator, in a child
    process of a process of its own (whose children's peak RSS is then the build's)."""
    out = Path(env["KG_CACHE_DIR"]) / f"dist-{size}-{engine}"
    build = [*KG, "build", "--data", str(folder), "-o", str(out), "--engine", engine]
    command = [sys.executable, "-c", _RUN_AND_MEASURE, *build, "--reasoner", "fast"]
    done = subprocess.run(
        [*command, "--validator", "fast"], capture_output=True, text=True, env=env
    )
    measured = json.loads(done.stdout)
    if measured["code"] != 0:
        return {"error": measured["stderr"].strip()}
    wall = measured["wall"]
    return {"median": wall, "p95": wall, "cpu": measured["cpu"], "rss": measured["rss"]}


def scale(sizes: list[int]) -> None:
    """The scale benchmark: for each size, each stage per variant, the whole build, the
    queries per engine."""
    OUT.mkdir(parents=True, exist_ok=True)
    cache = tempfile.mkdtemp(prefix="almagro-kg-bench-")
    env = {**os.environ, "KG_CACHE_DIR": cache, "CI": "1"}  # CI: no progress spinner
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    report: dict[str, object] = {"runs": RUNS, "python": sys.version.split()[0], "sizes": {}}
    lines = [
        "# almagro-kg scale benchmark",
        "",
        "Seconds: wall median / p95, CPU median; memory: the peak RSS (MiB) of the process that",
        "ran the stage, and how much the stage added over its setup (loading what it needs).",
        "",
    ]
    for size in sizes:
        folder = Path(cache) / f"synth-{size}"
        folder.mkdir()
        subprocess.run(
            [
                *KG,
                "synth",
                "--triples",
                str(size),
                "--seed",
                str(SEED),
                "-o",
                str(folder / "synth.ttl"),
            ],
            check=True,
            capture_output=True,
            env=env,
        )
        reference = size <= REFERENCE_UP_TO
        # The stored queries' default parameters name resources of the real graph: their store
        # holds the synthetic graph and the real data (the synthetic IRIs never collide).
        with_real = Path(cache) / f"synth-{size}-and-real"
        with_real.mkdir()
        for path in [folder / "synth.ttl", *sorted(paths.DATA_DIR.glob("*.ttl"))]:
            (with_real / path.name).symlink_to(path)
        # The stages of both build engines (kg.pipeline.BUILD_ENGINES): the graph in rdflib
        # (the reference path, up to REFERENCE_UP_TO) and in an Oxigraph store.
        plan = [
            ("parse", "rdflib (plain)"),
            ("parse", "pyoxigraph (plain)"),
            *([("parse", "kg load (ontology + data, rdflib)")] if reference else []),
            ("parse", OXIGRAPH),
            *([("reason", "fast")] if reference else []),
            *([("reason", "owlrl")] if reference else []),
            ("reason", OXIGRAPH),
            *([("validate", "fast")] if reference else []),
            *([("validate", "pyshacl")] if reference else []),
            ("validate", OXIGRAPH),
            *([("store", "N-Quads into a persistent pyoxigraph store")] if reference else []),
            ("store", f"N-Quads into a persistent pyoxigraph store, {OXIGRAPH}"),
            *([("export", "the release files (rdflib engine)")] if reference else []),
            ("export", f"the release files, {OXIGRAPH}"),
        ]
        stages = {}
        for stage, variant in [(stage, variant) for stage, variant in plan if stage in PARTS]:
            runs = stage_runs(size, stage, variant)
            args = ["--stage", stage, "--variant", variant, "--data", str(folder)]
            stages[f"{stage}: {variant}"] = _child([*args, "--runs", str(runs)], env)
            print(f"{size} {stage} {variant}: {stages[f'{stage}: {variant}']}", flush=True)
        if "build" in PARTS:
            for engine in ("rdflib", "oxigraph") if reference else ("oxigraph",):
                stages[f"whole `kg build --engine {engine}` (fast reasoner and validator)"] = (
                    _build(folder, size, env, engine)
                )
        queries = {}
        engines = ("oxigraph", "rdflib") if reference else ("oxigraph",)
        for engine in engines if "queries" in PARTS else ():
            runs = RUNS if engine == "oxigraph" else stage_runs(size)
            args = ["--queries", engine, "--data", str(with_real), "--runs", str(runs)]
            queries[engine] = _child(args, env)
            print(f"{size} queries {engine}: {queries[engine]}", flush=True)
        report["sizes"][str(size)] = {"stages": stages, "queries": queries}

        lines += [
            f"## {size:,} triples",
            "",
            "| stage | wall median (s) | p95 (s) | CPU (s) | peak RSS (MiB) | added (MiB) |",
            "| --- |" + " ---: |" * 5,
        ]
        lines += [f"| {name} | " + " | ".join(_cell(m)) + " |" for name, m in stages.items()]
        compare = []
        for stage, fast, ref in (("reason", "fast", "owlrl"), ("validate", "fast", "pyshacl")):
            a, b = stages.get(f"{stage}: {fast}", {}), stages.get(f"{stage}: {ref}", {})
            if "cpu" in a and "cpu" in b and a["cpu"] > 0:
                compare.append(
                    f"- {stage}: {fast} takes {a['cpu']:.2f} CPU s against {ref}'s "
                    f"{b['cpu']:.2f} ({b['cpu'] / a['cpu']:.1f}x less)"
                )
        lines += ["", *compare, ""]
        engines = [e for e in queries if "queries" in queries[e]]
        if engines:
            lines += [
                "| stored query | " + " | ".join(f"{e} median / p95 (ms)" for e in engines) + " |",
                "| --- |" + " ---: |" * len(engines),
            ]
            for name in queries[engines[0]]["queries"]:
                cells = [
                    f"{ms(queries[e]['queries'][name]['median'])} / "
                    f"{ms(queries[e]['queries'][name]['p95'])}"
                    for e in engines
                ]
                lines.append(f"| {name} | " + " | ".join(cells) + " |")
            medians = [
                ms(statistics.median(m["median"] for m in queries[e]["queries"].values()))
                for e in engines
            ]
            lines.append("| **median over the catalogue** | " + " | ".join(medians) + " |")
            peaks = ", ".join(f"{e} {queries[e]['rss']:.0f} MiB" for e in engines)
            lines += [
                "",
                f"Peak RSS of the query processes (store opened, engine ready): {peaks}",
                "",
            ]
    (OUT / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (OUT / "scale.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] in ("--stage", "--queries"):
        options = dict(zip(args[::2], args[1::2], strict=True))
        folder, runs = Path(options["--data"]), int(options["--runs"])
        if "--queries" in options:
            _queries(options["--queries"], folder, runs)
        else:
            _stage(options["--stage"], options["--variant"], folder, runs)
        return
    try:
        sizes = [int(size) for size in SIZES]
    except ValueError:
        raise SystemExit(f"bench: SIZES are numbers of triples, or 'real': {SIZES}") from None
    scale(sizes)


if __name__ == "__main__":
    main()
