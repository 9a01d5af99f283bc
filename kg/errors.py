"""The toolkit's one exception type; the CLI turns it into a one-line message and an exit code."""

from __future__ import annotations

# Documented exit codes (also in `kg --help` and the README).
EXIT_OK = 0
EXIT_NONCONFORMANT = 1  # validation found violations / ASK answered false is still 0
EXIT_ERROR = 2  # bad input: missing file, syntax error, unknown format or parameter


class KGError(Exception):
    """An error with where it happened: file and line, query and position, or parameter."""

    def __init__(self, message: str, *, where: str | None = None, exit_code: int = EXIT_ERROR):
        super().__init__(message)
        self.message = message
        self.where = where
        self.exit_code = exit_code

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
