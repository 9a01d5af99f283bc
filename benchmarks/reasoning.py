"""Benchmark of the reasoners alone: owlrl (the reference) and the fast path, on synthetic graphs
(`kg synth`) with the ontology and its imports, each run in a process of its own.

    python benchmarks/reasoning.py [SIZE ...]      (default: 10000 100000; owlrl up to OWLRL_MAX)

Prints a Markdown table (wall and CPU seconds of reasoning, the fast path's steps, the process's
peak memory, which includes the rdflib graphs it reasons over) and writes it with the JSON to
dist/bench/reasoning.{md,json}. The fast path runs twice per size: the first run closes the
schema and caches it (a cold cache folder), the second finds it. Nothing is asserted.
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
OWLRL_MAX = int(os.environ.get("OWLRL_MAX", "100000"))  # owlrl takes 7 minutes at 1M


def one(data_dir: str, reasoner: str) -> dict:
    """Reason once over the graph in `data_dir` (this process) and say what it cost."""
    from kg.load import load_asserted, load_imports
    from kg.reason import run

    asserted = load_asserted(Path(data_dir))
    imports = load_imports(asserted)
    wall, cpu = time.perf_counter(), time.process_time()
    result = run(asserted, imports, reasoner)
    return {
        "reasoner": reasoner,
        "used": result.reasoner,
        "fallback": result.fallback,
        "asserted": len(asserted),
        "inferred": len(result.inferred),
        "wall": round(time.perf_counter() - wall, 2),
        "cpu": round(time.process_time() - cpu, 2),
        "steps": {step: round(seconds, 2) for step, seconds in result.seconds.items()},
        "cpu_steps": {step: round(seconds, 2) for step, seconds in result.cpu_seconds.items()},
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main(sizes: list[int]) -> None:
    from kg.synth import synthesize

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "KG_CACHE_DIR": str(Path(scratch) / "cache")}
        for size in sizes:
            folder = Path(scratch) / str(size)
            folder.mkdir()
            synthesize(size, 1, folder / "synth.ttl")  # kg.paths.data_files reads *.ttl
            runs = (["owlrl"] if size <= OWLRL_MAX else []) + ["fast", "fast"]
            for number, reasoner in enumerate(runs):
                command = [sys.executable, __file__, "--one", str(folder), reasoner]
                done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
                row = {"size": size, **json.loads(done.stdout)}
                row["schema_cache"] = (
                    "" if reasoner == "owlrl" else ("hit" if number == len(runs) - 1 else "cold")
                )
                rows.append(row)
                print(row, file=sys.stderr, flush=True)
    columns = "triples reasoner schema-cache inferred wall-s CPU-s CPU-s-by-step peak-MiB".split()
    lines = ["| " + " | ".join(c.replace("-", " ") for c in columns) + " |", "|" + " --- |" * 8]
    for r in rows:
        steps = ", ".join(f"{k} {v}" for k, v in r["cpu_steps"].items())
        lines.append(
            f"| {r['size']} | {r['used']} | {r['schema_cache']} | {r['inferred']} | {r['wall']} "
            f"| {r['cpu']} | {steps} | {r['peak_mib']} |"
        )
    table = "\n".join(lines) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "reasoning.md").write_text(table)
    (OUT / "reasoning.json").write_text(json.dumps(rows, indent=2) + "\n")
    print(table)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one(sys.argv[2], sys.argv[3])))
    else:
        main([int(size) for size in sys.argv[1:]] or [10_000, 100_000])
