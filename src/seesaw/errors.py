"""The error family: every mistake a user can make raises a `SeesawError`.

The command line catches `SeesawError`, prints one located line and exits 1; any other
exception is a bug in seesaw and is reported as an internal error. Each module keeps its
own subclass (`rawfile.DataError`, `metrics.MetricError`, `score.ScoringError`,
`fact_checks.ClaimError`, `params.ParameterError`, `checks.RunError`, `cli.UsageError`), so
callers catch the precise one or the whole family.
"""

from __future__ import annotations


class SeesawError(Exception):
    """A user-facing error: bad data, a bad parameter or a run that stopped.

    The message says where and what is allowed; it is shown to the user as it is.
    """


class UsageError(SeesawError, ValueError):
    """A bad command-line value: the message names it and what is allowed."""
