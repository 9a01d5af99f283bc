"""Benchmark: time and peak memory of each pipeline stage, and of `kg` end to end from the shell.

Run with `make bench`. Figures go to stdout as a Markdown table; nothing is asserted (timed tests
are flaky; the numbers belong in notes and release logs).
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from kg.export import FORMATS, serialize
from kg.load import load_asserted
from kg.reason import reason
from kg.validate import validate_graph

RUNS = 5


def timed(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def shell(*args: str, runs: int = RUNS) -> float:
    def run() -> None:
        subprocess.run([sys.executable, "-m", "kg", *args], check=True, capture_output=True)

    return timed(run, runs)[0]


def main() -> None:
    rows: list[tuple[str, str]] = []
    seconds, asserted = timed(load_asserted)
    rows.append(("load ontology + data", f"{seconds * 1000:.0f} ms ({len(asserted)} triples)"))
    seconds, inferred = timed(lambda: reason(asserted))
    rows.append(("reason (OWL 2 RL)", f"{seconds * 1000:.0f} ms ({len(inferred)} inferred)"))
    seconds, report = timed(lambda: validate_graph(asserted))
    outcome = "conforms" if report.conforms else f"{report.count} violations"
    rows.append(("validate (SHACL + qc)", f"{seconds * 1000:.0f} ms ({outcome})"))
    for fmt in FORMATS:
        seconds, text = timed(lambda fmt=fmt: serialize(asserted, inferred, fmt))
        rows.append((f"export --inferred -f {fmt}", f"{seconds * 1000:.0f} ms ({len(text)} chars)"))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory of this process", f"{peak_mib:.0f} MiB"))
    rows.append(("`kg --help` end to end (median)", f"{shell('--help') * 1000:.0f} ms"))
    rows.append(("`kg reason` end to end (median)", f"{shell('reason') * 1000:.0f} ms"))
    rows.append(
        (
            "`kg query secretary_general_terms` end to end (median)",
            f"{shell('query', 'secretary_general_terms') * 1000:.0f} ms",
        )
    )
    print("| stage | median of 5 |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
