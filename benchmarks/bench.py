"""Benchmark: the pipeline's stages, and every stored query on every engine, in-process and end to
end from the shell, beside raw pyoxigraph and the `oxigraph` command on the same store.

Run with `make bench` (RUNS=N to change the repetitions); `--shell-only` measures only `kg query`
beside the `oxigraph` command from the shell (`--help` for the options). Figures go to
dist/bench/bench.md and dist/bench/bench.json and to stdout; nothing is asserted (timed tests
are flaky on a shared machine; the numbers belong in notes). CPU seconds are given beside wall
seconds, as the machine is shared and wall time alone misleads; commands compared side by side
take turns, run by run.
"""

from __future__ import annotations

import argparse
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

import kg
from kg import catalogue, pipeline, sparql, store
from kg.engines import FULL
from kg.graph import KnowledgeGraph
from kg.query import run_stored
from kg.query.parameters import bind_parameters

RUNS = int(os.environ.get("RUNS", "7"))
OUT = Path(os.environ.get("BENCH_DIR", "dist/bench"))
KG = [sys.executable, "-m", "kg"]
FORMAT = {"SELECT": "csv", "ASK": "json", "CONSTRUCT": "nt", "DESCRIBE": "nt"}
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def measure(fn: Callable[[], object], runs: int = RUNS) -> dict[str, float]:
    """Median and p95 wall seconds and the median CPU seconds of `fn`, in this process."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return summary(walls, cpus)


def summary(walls: list[float], cpus: list[float]) -> dict[str, float]:
    ordered = sorted(walls)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(walls), "p95": p95, "cpu": statistics.median(cpus)}


def shell(command: list[str], runs: int = RUNS, env: dict[str, str] | None = None):
    """The same for a command run from the shell (CPU seconds of the child, user + system)."""
    return side_by_side({"command": command}, runs, env)["command"]


def side_by_side(commands: dict[str, list[str]], runs: int = RUNS, env=None):
    """`shell` for several commands, taking turns run by run, so a busy moment of the shared
    machine falls on all of them alike."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            walls[name].append(time.perf_counter() - wall)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {name: summary(walls[name], cpus[name]) for name in commands}


def with_dataset(text: str) -> str:
    """`text` with FROM / FROM NAMED clauses for the full dataset, for the `oxigraph` command
    (which has no default-graph option)."""
    brace = sparql._where_brace(text)
    assert brace is not None
    where = text.rfind("WHERE", 0, brace)
    cut = where if where != -1 and not text[where + 5 : brace].strip() else brace
    clauses = " ".join(f"FROM <{g}>" for g in FULL.default_graphs)
    clauses += " " + " ".join(f"FROM NAMED <{g}>" for g in FULL.named_graphs)
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sparql.PREFIX_IRIS.items())
    return prologue + text[:cut] + clauses + "\n" + text[cut:]


def ms(value: float) -> str:
    return f"{value * 1000:.2f}"


def pipeline_stages(stages: dict[str, dict[str, float]], env: dict[str, str]) -> list[str]:
    """Measure each stage of the pipeline into `stages`; the report's lines for them."""
    lines = []
    layers = pipeline.compute_layers()
    from kg import reason as reasoning
    from kg.export import FORMATS, serialize
    from kg.load import load_asserted, load_imports
    from kg.validate import validate_graph

    imports = load_imports(layers.asserted)

    def reason_afresh():
        reasoning._IMPORTS_CLOSED.clear()  # as a first `kg reason` does: the imports closed too
        shutil.rmtree(store.cache_dir() / "imports", ignore_errors=True)  # (kept on disk)
        return reasoning.reason(layers.asserted, imports)

    stages["load ontology + data"] = measure(load_asserted)
    stages["reason (owlrl, OWL 2 RL, over asserted + imports)"] = measure(reason_afresh)
    stages["validate (pyshacl + quality checks)"] = measure(
        lambda: validate_graph(layers.asserted), runs=max(1, RUNS // 3)
    )
    nquads = layers.nquads().encode("utf-8")
    stages["store (N-Quads into a new pyoxigraph store)"] = measure(
        lambda: store._in_memory(nquads)
    )
    for fmt in FORMATS:
        stages[f"export --inferred -f {fmt}"] = measure(
            lambda fmt=fmt: serialize(layers.asserted, layers.inferred, fmt)
        )
    stages["`kg build` end to end"] = shell([*KG, "build", "-o", str(OUT / "release")], 1, env)
    lines += ["## Pipeline", "", "| stage | wall median (ms) | p95 (ms) | CPU (ms) |"]
    lines += ["| --- | ---: | ---: | ---: |"]
    lines += [
        f"| {name} | {ms(s['median'])} | {ms(s['p95'])} | {ms(s['cpu'])} |"
        for name, s in stages.items()
    ]
    return lines


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shell-only",
        action="store_true",
        help="only `kg query` and `oxigraph query` from the shell (no pipeline, no API figures)",
    )
    parser.add_argument("queries", nargs="*", metavar="NAME", help="these stored queries only")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    OUT.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {"runs": RUNS, "python": sys.version.split()[0]}
    cache = tempfile.mkdtemp(prefix="almagro-kg-bench-")
    os.environ["KG_CACHE_DIR"] = cache
    # Measure what a user's machine does: bytecode cached (this sandbox sets
    # PYTHONDONTWRITEBYTECODE, which makes every `kg` call compile its modules again).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(kg.__file__).parent)])
    env = dict(os.environ)
    lines = [f"# almagro-kg benchmark ({RUNS} runs each; wall median / p95, CPU median)", ""]

    # The pipeline, stage by stage (each stage once per run).
    stages = {}
    first = shell([*KG, "query", "secretary_general_terms"], runs=1, env=env)
    stages["first `kg query` (store not built: load, reason, store)"] = first
    if args.shell_only:
        stages = {}
    else:
        lines += pipeline_stages(stages, env)
    report["stages"] = stages
    # Every stored query: the toolkit on each engine, raw pyoxigraph, and from the shell.
    graph = KnowledgeGraph.load()
    oxigraph_engine, rdflib_engine = graph.engine("oxigraph"), graph.engine("rdflib")
    queries = catalogue.load_catalogue()
    if args.queries:
        queries = {name: queries[name] for name in args.queries}
    location = store._folder(graph.data.key) / "db"
    rows = {}
    for name, stored in queries.items():
        bound = sparql.bind(
            stored.text, bind_parameters(oxigraph_engine, stored, {}), str(stored.path)
        )
        default = [pyoxigraph.NamedNode(g) for g in FULL.default_graphs]
        named = [pyoxigraph.NamedNode(g) for g in FULL.named_graphs]

        def raw(bound=bound, default=default, named=named):
            answer = graph.data.store.query(
                bound, prefixes=sparql.PREFIX_IRIS, default_graph=default, named_graphs=named
            )
            return answer if isinstance(answer, pyoxigraph.QueryBoolean) else list(answer)

        rows[name] = {}
        if not args.shell_only:
            rows[name]["raw pyoxigraph"] = measure(raw)
            rows[name]["api oxigraph"] = measure(lambda n=name: run_stored(oxigraph_engine, n))
            rows[name]["api rdflib"] = measure(lambda n=name: run_stored(rdflib_engine, n), runs=3)
        fmt = FORMAT[stored.form]
        commands = {"shell kg query": [*KG, "query", name, "--format", fmt]}
        if Path(OXIGRAPH).exists():
            text = with_dataset(bound)
            command = [OXIGRAPH, "query", "--location", str(location), "--query", text]
            commands["shell oxigraph query"] = [*command, "--results-format", fmt]
        rows[name].update(side_by_side(commands, env=env))
    report["queries"] = rows
    columns = [] if args.shell_only else ["raw pyoxigraph", "api oxigraph", "api rdflib"]
    columns.append("shell kg query")
    if Path(OXIGRAPH).exists():
        columns.append("shell oxigraph query")
    lines += ["", "## Stored queries (ms: wall median / p95 / CPU)", ""]
    lines += ["| query | " + " | ".join(columns) + " |", "| --- |" + " ---: |" * len(columns)]
    for name, measured in rows.items():
        cells = [
            f"{ms(measured[c]['median'])} / {ms(measured[c]['p95'])} / {ms(measured[c]['cpu'])}"
            for c in columns
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    totals = {c: sum(m[c]["median"] for m in rows.values()) for c in columns}
    lines.append("| **sum of medians** | " + " | ".join(ms(totals[c]) for c in columns) + " |")
    shell_medians = [m["shell kg query"]["median"] for m in rows.values()]
    shell_cpus = [m["shell kg query"]["cpu"] for m in rows.values()]
    summary_lines = [
        f"- `kg query NAME` end to end, median over the catalogue: "
        f"{ms(statistics.median(shell_medians))} ms wall, "
        f"{ms(statistics.median(shell_cpus))} ms CPU"
    ]
    if "api oxigraph" in totals:
        summary_lines.append(
            f"- Python API on oxigraph / raw pyoxigraph, summed over the catalogue: "
            f"{totals['api oxigraph'] / totals['raw pyoxigraph']:.2f}x; overhead per query "
            f"{ms((totals['api oxigraph'] - totals['raw pyoxigraph']) / len(rows))} ms"
        )
    if "shell oxigraph query" in totals:
        cpu = {c: sum(m[c]["cpu"] for m in rows.values()) for c in columns}
        summary_lines.append(
            f"- `kg query` / `oxigraph query` from the shell, summed: "
            f"{totals['shell kg query'] / totals['shell oxigraph query']:.2f}x wall, "
            f"{cpu['shell kg query'] / cpu['shell oxigraph query']:.2f}x CPU"
        )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary_lines.append(
        f"- peak memory: this process {own:.0f} MiB; the largest child (`kg build` included) "
        f"{child:.0f} MiB"
    )
    report["summary"] = summary_lines
    lines += ["", "## Summary", "", *summary_lines, ""]
    (OUT / "bench.md").write_text("\n".join(lines), encoding="utf-8")
    (OUT / "bench.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
