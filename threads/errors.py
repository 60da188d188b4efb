"""The error family. The CLI turns any ``ThreadsError`` into one line and exit 2.

Messages name the input and, where there is a choice, the valid options.
Recoverable data problems (an orphan parent, a cycle) are not errors: readers
repair them and record why in the comment's evidence.
"""

from __future__ import annotations


class ThreadsError(Exception):
    """Base class of every error threads raises on purpose."""


class InputError(ThreadsError):
    """The input cannot be used: missing, empty, binary, undecodable."""


class ParseError(ThreadsError):
    """The input was read but holds no thread we can reconstruct."""


class FormatError(ThreadsError):
    """Unknown or undetectable format."""


class ExportError(ThreadsError):
    """An export could not be written (existing output, bad options)."""


class NameNotFound(ThreadsError):
    """A speaker name given by the user matches nobody in the thread."""
