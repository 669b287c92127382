"""One error model: every failure a user can meet is a `LamError` carrying its exit code and one line.

Exit codes, the same for every command (REFERENCE.md lists them):

    0    success
    1    problems found: invalid entries, stale generated files, broken links, repositories gone,
         an unreadable data file, or a remote service that could not be reached
    2    usage: the command line or a settings file is wrong
    3    internal error: a bug in the tools (please report it)
    130  interrupted (Ctrl-C)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class LamError(Exception):
    """A failure to report in one line and exit with `exit_code` (1 unless a subclass or the raiser says otherwise)."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str = "", exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(LamError):
    """The command line or a settings file asks for something impossible."""

    exit_code = EXIT_USAGE
