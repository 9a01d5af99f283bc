"""The toolkit's one exception type, and where an error happened; the shells render both.

A Location is structured (a file and line, a query and position, a parameter or an option), so
the CLI can say `--param post` and an HTTP server can answer with JSON, while the library never
speaks in CLI flags.
"""

from __future__ import annotations

from collections import namedtuple

# Documented exit codes (also in `kg --help` and the README).
EXIT_OK = 0
EXIT_NONCONFORMANT = 1  # validation found violations / ASK answered false is still 0
EXIT_ERROR = 2  # bad input: missing file, syntax error, unknown format or parameter

_FIELDS = ("file", "query", "line", "column", "parameter", "option")


# A named tuple, not a dataclass: `kg query`'s fast path (kg.fast) imports this module, and
# dataclasses (with inspect) would cost it about 10 ms of its 30.
class Location(namedtuple("Location", _FIELDS, defaults=(None,) * len(_FIELDS))):
    """Where an error is: `file` (with `line` and `column`), `query` (a stored query's file, or
    `<query>` / `<stdin>` for ad hoc text, with `line` and `column`), a query `parameter`, or an
    `option` of the call (`format`, `engine`, `dataset`)."""

    __slots__ = ()

    def __str__(self) -> str:
        """A neutral rendering: `file:line:column`, `parameter post`, `option format`."""
        if self.parameter is not None:
            return f"parameter {self.parameter}"
        if self.option is not None:
            return f"option {self.option}"
        return self.position()

    def position(self) -> str:
        text = self.file or self.query or ""
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def to_dict(self) -> dict[str, str | int]:
        """The fields that are set, for a JSON error body."""
        return {key: value for key, value in self._asdict().items() if value is not None}


class KGError(Exception):
    """An error with where it happened: a Location, or a plain string (a file or folder)."""

    def __init__(
        self, message: str, *, where: Location | str | None = None, exit_code: int = EXIT_ERROR
    ):
        super().__init__(message)
        self.message = message
        self.where = where
        self.exit_code = exit_code

    @property
    def location(self) -> Location | None:
        if self.where is None or isinstance(self.where, Location):
            return self.where
        return Location(file=self.where)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def check_choice(value: object, choices, what: str, where: Location | str) -> None:
    """`value` is one of `choices`, else a KGError: `unknown WHAT 'x'; choose one of a, b`."""
    if value not in choices:
        raise KGError(f"unknown {what} {value!r}; choose one of {', '.join(choices)}", where=where)
