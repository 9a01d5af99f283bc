"""The README's table of stored queries, generated from their headers (`make catalogue`)."""

from __future__ import annotations

from pathlib import Path

from kg.catalogue.header import README_END, README_START, StoredQuery
from kg.errors import KGError
from kg.files import write_atomic


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_table(queries: dict[str, StoredQuery]) -> str:
    """The README's catalogue: one row per stored query (name, summary, parameters)."""
    lines = ["| query | summary | parameters |", "| --- | --- | --- |"]
    for query in queries.values():
        params = ", ".join(f"`{p.signature()}`" for p in query.parameters) or "—"
        summary = query.summary + (" (needs the layers)" if query.dataset == "layers" else "")
        lines.append(f"| `{query.name}` | {_cell(summary)} | {_cell(params)} |")
    return "\n".join(lines) + "\n"


def readme_block(queries: dict[str, StoredQuery]) -> str:
    """What belongs between the README markers (markers excluded)."""
    return (
        "\n<!-- generated from the headers of queries/*.rq by `make catalogue`: "
        "do not edit by hand -->\n" + markdown_table(queries)
    )


def _readme_parts(readme: Path) -> tuple[str, str, str]:
    try:
        text = Path(readme).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KGError("file not found", where=str(readme)) from None
    except UnicodeDecodeError as err:
        problem = f"not UTF-8 text ({err.reason} at byte {err.start})"
        raise KGError(problem, where=str(readme)) from None
    if text.count(README_START) != 1 or text.count(README_END) != 1:
        raise KGError(
            f"the README needs exactly one {README_START} and one {README_END} marker "
            "around the query catalogue table",
            where=str(readme),
        )
    head, rest = text.split(README_START)
    block, tail = rest.split(README_END)
    return head, block, tail


def readme_is_current(readme: Path, queries: dict[str, StoredQuery]) -> bool:
    return _readme_parts(readme)[1] == readme_block(queries)


def update_readme(readme: Path, queries: dict[str, StoredQuery]) -> bool:
    """Rewrite the catalogue block of `readme`; True when the file changed."""
    head, block, tail = _readme_parts(readme)
    fresh = readme_block(queries)
    if block == fresh:
        return False
    write_atomic(Path(readme), head + README_START + fresh + README_END + tail)
    return True
