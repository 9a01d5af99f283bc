"""Benchmark of kg.reason_store.run_store, the reasoner of the Oxigraph build path, on synthetic
graphs (`kg synth`): each size in a process of its own, the store loaded by pyoxigraph before the
clock starts, twice (a cold schema cache, then a warm one).

    python benchmarks/reasoning_store.py [SIZE ...]      (default: 10000 100000 1000000)

Prints a Markdown table (wall and CPU seconds of run_store and of its steps, the process's peak
memory before and after reasoning, which includes the store) and writes it with the JSON to
dist/bench/reasoning_store.{md,json}. Nothing is asserted.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(os.environ.get("BENCH_DIR", "dist/bench"))


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def one(data_file: str) -> dict:
    """Load the ontology and `data_file` into a store, reason once, and say what it cost."""
    import pyoxigraph

    from kg import paths
    from kg.load import load_imports, load_ontology
    from kg.reason_store import run_store

    asserted = pyoxigraph.NamedNode("https://w3id.org/almagro-kg/graph/asserted")
    inferred = pyoxigraph.NamedNode("https://w3id.org/almagro-kg/graph/inferred")
    store = pyoxigraph.Store()
    for path in (paths.ONTOLOGY_FILE, Path(data_file)):
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, to_graph=asserted)
    imports = load_imports(load_ontology())
    loaded = _peak_mib()
    wall, cpu = time.perf_counter(), time.process_time()
    result = run_store(store, asserted, inferred, imports)
    return {
        "used": result.reasoner,
        "fallback": result.fallback,
        "asserted": len(store) - result.triples,
        "inferred": result.triples,
        "wall": round(time.perf_counter() - wall, 2),
        "cpu": round(time.process_time() - cpu, 2),
        "cpu_steps": {step: round(seconds, 2) for step, seconds in result.cpu_seconds.items()},
        "loaded_mib": loaded,
        "peak_mib": _peak_mib(),
    }


def main(sizes: list[int]) -> None:
    from kg.synth import synthesize

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            env = {**os.environ, "KG_CACHE_DIR": str(Path(scratch) / f"cache-{size}")}
            data_file = Path(scratch) / f"synth-{size}.ttl"
            synthesize(size, 1, data_file)
            for cache in ("cold", "hit"):
                command = [sys.executable, __file__, "--one", str(data_file)]
                done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
                rows.append({"size": size, "schema_cache": cache, **json.loads(done.stdout)})
                print(rows[-1], file=sys.stderr, flush=True)
    columns = ["triples", "schema cache", "inferred", "wall s", "CPU s", "CPU s by step"]
    columns += ["peak MiB with the store loaded", "peak MiB"]
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for r in rows:
        steps = ", ".join(f"{k} {v}" for k, v in r["cpu_steps"].items())
        lines.append(
            f"| {r['asserted']} | {r['schema_cache']} | {r['inferred']} | {r['wall']} "
            f"| {r['cpu']} | {steps} | {r['loaded_mib']} | {r['peak_mib']} |"
        )
    table = "\n".join(lines) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "reasoning_store.md").write_text(table)
    (OUT / "reasoning_store.json").write_text(json.dumps(rows, indent=2) + "\n")
    print(table)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one(sys.argv[2])))
    else:
        main([int(size) for size in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
