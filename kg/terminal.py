"""The terminal's width and whether to style the output: shared by the full command line
(kg.cli) and its fast path (kg.fast), which imports nothing heavy, so both print the same bytes."""

from __future__ import annotations

import os
import sys

# The width when the terminal's cannot be known (output piped, no COLUMNS): stable for scripts.
PIPED_WIDTH = 160


def terminal_width() -> int:
    """The width to render at: COLUMNS when it is set (a positive number), else the width of
    the terminal standard output is, else (piped) PIPED_WIDTH."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        pass
    return PIPED_WIDTH


def styled() -> bool:
    """Whether to print ANSI styles: on a terminal only, and not when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
