"""What people read: a result's cells with labels merged in, a table that fits any width, and
the timeline and graph views a stored query's header asks for. Pure functions over QueryResult
(no terminal, no environment), so the CLI and an HTTP page render alike.

Label columns (the Wikidata Query Service convention): a variable `x` followed immediately by
`xLabel` is shown as one column `x`, the label with the compact IRI kept beside it.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph

from kg.query.formats import printable, term_text

if TYPE_CHECKING:
    from kg.engines import QueryResult, Term

# The width when the terminal's cannot be known (output piped, no COLUMNS).
DEFAULT_WIDTH = 160


@dataclass(frozen=True)
class Cell:
    """One displayed cell: `text` (a label, or a literal's lexical form) and `identifier` (a
    compact IRI or blank node kept beside it); either may be empty, both when unbound."""

    text: str = ""
    identifier: str = ""

    def lines(self) -> list[str]:
        """The cell's lines: the text's, then the identifier on a line of its own."""
        lines = self.text.splitlines() if self.text else []
        return lines + ([self.identifier] if self.identifier else [])

    def inline(self) -> str:
        """The cell on one line: `Label (res:X)`, `res:X` or the text."""
        text = " ".join(self.text.split())
        if text and self.identifier:
            return f"{text} ({self.identifier})"
        return text or self.identifier


@dataclass(frozen=True)
class Display:
    """A result as displayed: its column names (label columns merged) and rows of Cells."""

    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _is_resource(term: Term | None) -> bool:
    return isinstance(term, (pyoxigraph.NamedNode, pyoxigraph.BlankNode))


def cell(term: Term | None, label: Term | None = None) -> Cell:
    """A term as a Cell: an IRI or blank node with its label (if bound) as the text, a literal
    as its lexical form (a label beside a literal is not shown), '' when unbound."""
    if _is_resource(term):
        text = printable(label.value) if label is not None else ""
        return Cell(text, printable(term_text(term)))
    if term is None and label is not None:
        return Cell(printable(label.value))
    return Cell(printable(term_text(term)))


def labelled(result: QueryResult) -> Display:
    """The result with each `xLabel` column that directly follows `x` merged into `x`."""
    variables = result.variables
    # (index of the value, index of its label or None) for each displayed column
    plan: list[tuple[int, int | None]] = []
    index = 0
    while index < len(variables):
        has_label = (
            index + 1 < len(variables) and variables[index + 1] == variables[index] + "Label"
        )
        plan.append((index, index + 1 if has_label else None))
        index += 2 if has_label else 1
    columns = tuple(variables[i] for i, _ in plan)
    rows = [
        tuple(cell(row[i], row[j] if j is not None else None) for i, j in plan)
        for row in result.rows
    ]
    return Display(columns, rows)


# ---- the table --------------------------------------------------------------------------------


def _cell_len(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _longest_word(cell_: Cell) -> int:
    return max((_cell_len(word) for line in cell_.lines() for word in line.split()), default=0)


def _longest_line(cell_: Cell) -> int:
    return max((_cell_len(line) for line in cell_.lines()), default=0)


def column_widths(display: Display, width: int) -> list[int] | None:
    """Each column's width (inside its padding) so the table fits `width`: as wide as its
    longest line when the table fits, else the room left shared out beyond each column's
    longest word (no word, identifier or date is ever cut); None when even the longest words
    do not fit (see record_text)."""
    count = len(display.columns)
    room = width - 3 * count - 1  # a border left of each column, the last border, padding
    header = [_cell_len(name) for name in display.columns]
    least = [
        max([header[c], *(_longest_word(row[c]) for row in display.rows)]) for c in range(count)
    ]
    most = [
        max([header[c], *(_longest_line(row[c]) for row in display.rows)]) for c in range(count)
    ]
    if sum(most) <= room:
        return most
    if sum(least) > room:
        return None

    # the widest cap every column can grow to (its longest word at least, its longest line at
    # most) with the table still fitting; then what is left, one column at a time
    def fitted(cap: int) -> list[int]:
        return [max(w, min(m, cap)) for w, m in zip(least, most, strict=True)]

    cap = 0
    while sum(fitted(cap + 1)) <= room:
        cap += 1
    widths = fitted(cap)
    for c in [c for c in range(count) if widths[c] < most[c]][: room - sum(widths)]:
        widths[c] += 1
    return widths


def _rich_cell(cell_: Cell):
    from rich.text import Text

    # Text, not str: a literal is data, never rich markup ("[red]") or an emoji code.
    text = Text(cell_.text)
    if cell_.identifier:
        if cell_.text:
            text.append("\n")
        text.append(cell_.identifier, style="dim" if cell_.text else "")
    return text


def table_text(
    display: Display,
    title: str | None = None,
    width: int = DEFAULT_WIDTH,
    color: bool = False,
    unit: str = "row(s)",
) -> str:
    """The display as a table at most `width` columns wide: the title on a line of its own
    (never folded), rows separated by a line, then the count of rows (`unit`) on a line of its
    own (a caption would wrap inside a narrow table). Cells wrap at spaces only; when the
    longest words cannot fit side by side, each row is a block instead (record_text).
    `color`: the ANSI styles of a terminal (the identifier beside a label dim); without it the
    text is plain."""
    widths = column_widths(display, width)
    if widths is None:
        body = record_text(display, width)
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(show_lines=True)
        for name, size in zip(display.columns, widths, strict=True):
            table.add_column(Text(name), width=size, overflow="fold")
        for row in display.rows:
            table.add_row(*(_rich_cell(c) for c in row))
        buffer = io.StringIO()
        Console(
            file=buffer,
            width=width,
            force_terminal=color,
            color_system="standard" if color else None,
            no_color=not color,
            highlight=False,
        ).print(table)
        body = buffer.getvalue()
    head = f"{title}\n" if title else ""
    return f"{head}{body}{len(display.rows)} {unit}\n"


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """`text` wrapped at spaces only (a word longer than the line stays whole)."""
    return textwrap.wrap(
        text,
        max(width, len(first) + 1),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def record_text(display: Display, width: int) -> str:
    """The display for a terminal too narrow for a table: each row a block of `column: value`
    lines (the value wrapped at spaces, an identifier on a line of its own, an unbound column
    left out), blocks separated by a rule."""
    rule = "─" * max(min(width, 40), 1)
    blocks = []
    for row in display.rows:
        lines = []
        for name, cell_ in zip(display.columns, row, strict=True):
            values = cell_.lines()
            if not values:  # unbound: left out
                continue
            lines += _wrap(values[0], width, f"{name}: ", "  ")
            for value in values[1:]:
                lines += _wrap(value, width, "  ", "  ")
        blocks.append("\n".join(lines))
    return "\n".join([rule, *(f"{block}\n{rule}" for block in blocks)]) + "\n"


def markdown_cell(cell_: Cell) -> str:
    """A cell in a Markdown table: `Label (`res:X`)`, the identifier alone, or the text; pipes
    escaped, line breaks as spaces."""
    text = cell_.text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    text = text.replace("|", "\\|")
    if cell_.identifier:
        code = f"`{cell_.identifier}`" if cell_.text else cell_.identifier
        return f"{text} ({code})" if text else code
    return text


# ---- views ------------------------------------------------------------------------------------

# The columns a timeline reads, by name, first bound wins (a `…Label` column names its value).
_START_AS_STATED = ("timeAsStated", "asStated", "startAsStated", "start", "date")
_END_AS_STATED = ("endAsStated", "end")
_KIND = ("kind", "what", "certainty", "status")
# The columns naming an edge's predicate, in a graph view.
_LINK = ("link", "relation", "predicate", "property")


def _name(cell_: Cell) -> str:
    """A cell on one line, a resource by its label alone (its identifier when it has none)."""
    return " ".join(cell_.text.split()) or cell_.identifier


def _value(display: Display, row: Sequence[Cell], names: Sequence[str]) -> str:
    """The first bound of the columns `names` in `row` (a resource by its label), as one line
    ('' when none is)."""
    for name in names:
        if name in display.columns:
            value = _name(row[display.columns.index(name)])
            if value:
                return value
    return ""


def _bounds(display: Display, row: Sequence[Cell], earliest: Sequence[str], latest: Sequence[str]):
    low, high = _value(display, row, earliest), _value(display, row, latest)
    if low and high:
        return low if low == high else f"between {low} and {high}"
    if low:
        return f"not before {low}"
    return f"not after {high}" if high else ""


def _resource_columns(result: QueryResult, display: Display, skip: Sequence[str]) -> list[int]:
    """The displayed columns, other than those named in `skip`, that bind a resource in some
    row."""
    return [
        c
        for c, name in enumerate(display.columns)
        if name not in skip
        and any(_is_resource(row[result.variables.index(name)]) for row in result.rows)
    ]


def _when(display: Display, row: Sequence[Cell]) -> str:
    """A timeline item's time: the start as stated, with the end as stated; else the bounds of
    the start, with those of the end when they differ."""
    start = _value(display, row, _START_AS_STATED)
    if start:
        end = _value(display, row, _END_AS_STATED)
    else:
        start = _bounds(display, row, ("earliestStart", "earliest"), ("latestStart", "latest"))
        end = _bounds(display, row, ("earliestEnd",), ("latestEnd",))
        end = _value(display, row, _END_AS_STATED) or end
    if end and end != start:
        return f"{start or '?'} – {end}"
    return start or "undated"


def timeline_text(result: QueryResult, title: str | None = None, width: int = DEFAULT_WIDTH) -> str:
    """A timeline, one item a line in the result's order: `when  item (kind)`.

    The item is the first resource column (other than the kind's), by its label (else its
    compact IRI); the kind, the first bound of kind, what, certainty, status. When is the
    start as stated (the first bound of timeAsStated, asStated, startAsStated, start, date)
    and the end as stated (endAsStated, end) after a dash; without a start as stated, the
    bounds of the start (earliestStart or earliest, latestStart or latest: `between A and B`,
    `not before A`, `not after B`) and of the end (earliestEnd, latestEnd, unless the end is
    stated) when they differ; else `undated`. Items align after the times and wrap at spaces;
    a time too long to align (over half the width), or an item with a word too long to fit
    beside it, has the item on the next line."""
    display = labelled(result)
    item = next(iter(_resource_columns(result, display, _KIND)), None)
    entries = []
    for row in display.rows:
        what = _name(row[item]) if item is not None else ""
        kind = _value(display, row, _KIND)
        entries.append((_when(display, row), f"{what} ({kind})" if kind and what else what or kind))
    fits = [_cell_len(when) + 2 for when, _ in entries if _cell_len(when) + 2 <= width // 2]
    gutter = max(fits, default=4)
    lines = [title] if title else []
    for when, what in entries:
        longest = max((_cell_len(word) for word in what.split()), default=0)
        if _cell_len(when) + 2 <= gutter and gutter + longest <= width:
            lines += _wrap(what, width, when + " " * (gutter - _cell_len(when)), " " * gutter)
        else:
            indent = " " * (gutter if gutter + longest <= width else 4)
            lines += [when, *_wrap(what, width, indent, indent)]
    return "\n".join([*lines, f"{len(display.rows)} row(s)"]) + "\n"


def graph_text(result: QueryResult, title: str | None = None, width: int = DEFAULT_WIDTH) -> str:
    """The edges, one a line in the result's order: `source —predicate→ target  (col: value …)`.

    The source is the first resource column, the target the next resource column (by their
    labels, else compact IRIs); the predicate is the column named link, relation, predicate or
    property, or else the target column's name. The other bound columns follow in parentheses
    as `name: value`. A row without a source or a target is not an edge, and is left out."""
    display = labelled(result)
    resources = _resource_columns(result, display, _LINK)
    link = next((name for name in _LINK if name in display.columns), None)
    lines = [title] if title else []
    edges = 0
    for row in display.rows:
        if len(resources) < 2:
            break
        source, target = resources[:2]
        if not (row[source].text or row[source].identifier) or not (
            row[target].text or row[target].identifier
        ):
            continue
        predicate = display.columns[target]
        if link is not None:
            predicate = _name(row[display.columns.index(link)]) or predicate
        others = [
            f"{name}: {row[c].inline()}"
            for c, name in enumerate(display.columns)
            if c not in (source, target) and name != link and row[c].inline()
        ]
        edge = f"{_name(row[source])} —{predicate}→ {_name(row[target])}"
        lines += _wrap(edge + (f"  ({', '.join(others)})" if others else ""), width, "", "    ")
        edges += 1
    return "\n".join([*lines, f"{edges} edge(s)"]) + "\n"


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def triples_text(result: QueryResult, title: str | None = None, width: int = DEFAULT_WIDTH) -> str:
    """A graph result (CONSTRUCT, DESCRIBE) as its edges, one triple a line, sorted:
    `subject —predicate→ object`. An rdfs:label triple names its subject (English first, else
    the first label in order) instead of being an edge; a node without one is its compact IRI,
    a literal its lexical form (and `[language]` when it has a language tag)."""
    labels: dict[Term, list[pyoxigraph.Literal]] = {}
    for triple in result.triples:
        if triple.predicate.value == RDFS_LABEL and isinstance(triple.object, pyoxigraph.Literal):
            labels.setdefault(triple.subject, []).append(triple.object)

    def name(term: Term) -> str:
        if term in labels:
            first = min(labels[term], key=lambda label: (label.language != "en", str(label)))
            return printable(" ".join(first.value.split()))
        text = " ".join(term_text(term).split())
        if isinstance(term, pyoxigraph.Literal) and term.language:
            text += f" [{term.language}]"
        return printable(text)

    edges = sorted(
        (name(t.subject), term_text(t.predicate), name(t.object))
        for t in result.triples
        if not (t.predicate.value == RDFS_LABEL and t.subject in labels)
    )
    lines = [title] if title else []
    for subject, predicate, object_ in edges:
        lines += _wrap(f"{subject} —{predicate}→ {object_}", width, "", "    ")
    return "\n".join([*lines, f"{len(edges)} edge(s)"]) + "\n"


VIEWS = {"timeline": timeline_text, "graph": graph_text}


def view_text(
    result: QueryResult, view: str, title: str | None = None, width: int = DEFAULT_WIDTH
) -> str | None:
    """The result in the view a stored query's header names: `timeline` or `graph` for a
    SELECT, `graph` for a CONSTRUCT or DESCRIBE (triples_text); None when there is no such
    view of it (a table view, an ASK, a timeline of triples, a graph of rows without two
    resource columns): the caller prints the table."""
    if result.form in ("CONSTRUCT", "DESCRIBE") and view == "graph":
        return triples_text(result, title, width)
    if result.form != "SELECT" or view not in VIEWS:
        return None
    if (
        view == "graph"
        and result.rows
        and len(_resource_columns(result, labelled(result), _LINK)) < 2
    ):
        return None  # no two resources to draw an edge between: the table
    return VIEWS[view](result, title, width)
