"""The one exception hierarchy, and what each class means to a face of the program: an
exit code for the CLI (`exit_code`), an HTTP status for the API (`http_status`). The CLI
and the API turn an error into its message and that number, each in one place.

Every message is a full sentence a user can act on; it never holds a secret.
"""

from __future__ import annotations


class TimelineError(Exception):
    """Base of every error the program reports to a user (exit code 1)."""

    exit_code = 1
    http_status = 500


class UsageError(TimelineError):
    """The user asked for something that cannot be done as asked (exit code 2)."""

    exit_code = 2
    http_status = 400


class InputError(UsageError):
    """An input file or text cannot be used: missing, empty, binary, too large."""

    http_status = 422


class NotFound(UsageError):
    """No such timeline, or no such article in it."""

    http_status = 404


class QueryError(UsageError):
    """A query option (--since, --until, --as-of ...) cannot be understood."""


class Unauthorized(UsageError):
    """A write to the API without its token (or with another)."""

    http_status = 401


class ReadOnly(UsageError):
    """A write to an API that was started without a token: it takes none."""

    http_status = 403


class Overloaded(TimelineError):
    """The server holds as many of something (live streams) as it is allowed to."""

    http_status = 503


class StoreError(TimelineError):
    """The event store or its server failed or cannot be reached."""

    http_status = 503


class ServerUnavailable(StoreError):
    """No Redis answers, or it refused our credentials."""


class ConcurrencyError(StoreError):
    """Another writer kept changing the log; the append was not made."""

    http_status = 409
