"""The one exception type the core raises; the CLI turns it into a message and an exit code."""

from __future__ import annotations


class LabeltrackError(Exception):
    """A problem the user can fix, described in plain words.

    ``exit_code`` follows the README's table: 1 for bad data or a failed operation, 2 for bad usage.
    """

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(LabeltrackError):
    """An option value that makes no sense (exit 2), found after the options were parsed."""

    exit_code = 2
