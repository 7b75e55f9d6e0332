"""The error family: every mistake a user can make raises a `SeesawError` (each module
its own subclass), which the command line prints as one located line, exit code 1."""

from __future__ import annotations


class SeesawError(Exception):
    """A user-facing error (bad data, a bad parameter, a run that stopped) whose
    message says where and what is allowed."""


class UsageError(SeesawError, ValueError):
    """A bad command-line value: the message names it and what is allowed."""
