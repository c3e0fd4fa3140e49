"""The one exception hierarchy. The CLI maps each class to a message and exit code.

Every message is a full sentence a user can act on; it never holds a secret.
"""

from __future__ import annotations


class TimelineError(Exception):
    """Base of every error the program reports to a user (exit code 1)."""

    exit_code = 1


class UsageError(TimelineError):
    """The user asked for something that cannot be done as asked (exit code 2)."""

    exit_code = 2


class InputError(UsageError):
    """An input file or text cannot be used: missing, empty, binary, too large."""


class QueryError(UsageError):
    """A query option (--since, --until, --as-of ...) cannot be understood."""


class StoreError(TimelineError):
    """The event store or its server failed or cannot be reached."""


class ServerUnavailable(StoreError):
    """No Redis answers, or it refused our credentials."""


class ConcurrencyError(StoreError):
    """Another writer kept changing the log; the append was not made."""
