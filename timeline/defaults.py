"""Tuning constants, in one place (the shape of rq's `defaults.py`).

Each is read where it is used as `defaults.NAME`, at the time of use, so a test or
a benchmark can change one for a run. Settings a user may change through the
environment (`timeline.settings`) take their defaults from here too.
"""

from __future__ import annotations

# -- the event log ---------------------------------------------------------------------

APPEND_ATTEMPTS = 5
"""Tries of an append that lost a race with another writer revising the same article."""

FSYNC_TIMEOUT_MS = 5_000
"""How long an append waits for the server to confirm its fsync (WAITAOF), in ms: well
within SOCKET_TIMEOUT, so that a server that cannot write its file (a full disk) is
asked why instead of being taken for gone."""

GROUP_COMMIT_ARTICLES = 1000
"""Articles an ingest appends before it waits for their fsync at once (group commit)."""

GROUP_COMMIT_SECONDS = 2.0
"""... or seconds since the first of them: no acknowledgment waits longer for its group."""

LOG_PAGE = 1000
"""Records read per round trip when a revision or retraction collects the events it
removes (an article may have 10^5 of them)."""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Input files larger than this are refused (TIMELINE_MAX_FILE_BYTES)."""

# -- the projection ----------------------------------------------------------------------

BATCH_SIZE = 2000
"""Records applied per projection script call (TIMELINE_BATCH_SIZE); the best of
500-5000 in bench (BENCHMARKS.md)."""

OLD_GENERATION_TTL = 30
"""Seconds a swapped-out generation lingers after a rebuild, so a read on it can finish."""

REBUILD_LEASE = 120
"""Seconds after its last batch a rebuild on another host is taken for dead (one on this
host is dead when its process is): its generation is then an orphan, which the next
rebuild removes."""

PAGE_BUDGET = 20_000
"""Index members one window-page script call may read (it blocks the server meanwhile)."""

QUERY_CHUNK = 64
"""Events a window query reads per round trip."""

QUERY_CHUNK_MAX = 256
"""Events per round trip a read of a page may ask for (it asks as many as it shows): a
page of 1000 reads no more of each index at once than this."""

LAG_COUNT_LIMIT = 10_000
"""`status` counts the records the projection lags by up to this many."""

WAIT_TIMEOUT = 60.0
"""Seconds `ingest --wait` waits for the workers to catch up (TIMELINE_WAIT_TIMEOUT)."""

# -- jobs and workers (RQ) ---------------------------------------------------------------

FOLLOW_MIN_SECONDS = 1
"""The shortest interval of a follow (`--every`): the delay per host still applies."""

FOLLOW_SECONDS = 10 * 365 * 86_400
"""How long a follow repeats (`timeline follow`): RQ's Repeat takes a number of runs."""

FOLLOW_REPEATS_MAX = 10_000_000
"""... at most this many runs."""

FOLLOW_JOB_TIMEOUT = 900
"""Seconds one run of a follow may take (a feed's pages, each within FETCH_TIMEOUT)."""

FETCH_TIMEOUT = 20.0
"""Seconds one page or feed may take to download (TIMELINE_FETCH_TIMEOUT)."""

FETCH_DELAY = 1.0
"""Seconds between two requests to one host (TIMELINE_FETCH_DELAY)."""

RETRY_INTERVALS = (0, 5, 15)
"""Waits between the tries of a failed projection job. The first retry is immediate: RQ
puts it straight back in the queue, so it runs even when no worker runs the scheduler (a
worker's scheduler lock outlives a SIGKILLed worker by a minute); later ones wait in the
scheduled registry."""

PENDING_TTL = 600
"""Seconds a timeline's "a projection job waits" flag outlives a lost job at most."""

JOB_TIMEOUT = 3600
"""Seconds a projection job may run."""

RESULT_TTL = 300
"""Seconds a finished job's result is kept."""

FAILURE_TTL = 7 * 24 * 3600
"""Seconds a failed job is kept in the failed registry."""

LEASE = 90
"""Seconds after which a started job whose worker stopped renewing it is abandoned (RQ:
monitoring interval + 60 s)."""

WORKER_TTL = 30
"""A dead worker is seen as dead after this many seconds and its job retried at the next
maintenance pass: about a minute in all, instead of RQ's default 15."""

WATCH_INTERVAL = 3
"""Seconds between a worker's looks for projection jobs whose worker died (whose
projection it then takes over), and between an idle worker's heartbeats."""

MAINTENANCE_INTERVAL = 30
"""Seconds between a worker's maintenance passes."""

JOB_MONITORING_INTERVAL = 10
"""Seconds between a worker's heartbeats for the job it runs."""

# -- connections -------------------------------------------------------------------------

SOCKET_TIMEOUT = 10
"""Seconds a command may wait for the server. A timeout is not retried: a server that
hangs this long will not answer the next try either."""

CONNECT_TIMEOUT = 5
"""Seconds to establish a connection."""

CLUSTER_SOCKET_TIMEOUT = 30
"""Seconds a command may wait for a Redis Cluster node."""

RETRIES = 5
"""Tries of a lost or refused connection (about two seconds in all with the backoff)."""

RETRY_BACKOFF = (0.05, 0.5)
"""Exponential backoff between those tries: base and cap, in seconds."""

SERVER_START_TIMEOUT = 10.0
"""Seconds the embedded server may take to start or stop."""

# -- the command line --------------------------------------------------------------------

EXPORT_LIMIT = 100_000
"""Entries an export holds at most: a runaway query cannot fill the memory."""

PROGRESS_MIN_FILES = 4
"""From this many files on, a terminal shows a progress bar instead of a line per file."""

# An article id may be given by a prefix of at least this many characters, everywhere
# (`show --article`, `retract`): shorter ones name too many articles to be safe.
MIN_ARTICLE_PREFIX = 6

# Ingest on workers (`timeline ingest --workers`): an extraction job holds up to this many
# articles and (beyond its first article) this many bytes of text; its result is kept
# this long for the ingest that waits for it.
EXTRACT_BATCH_ARTICLES = 16
EXTRACT_BATCH_BYTES = 256 * 1024
EXTRACT_RESULT_TTL = 24 * 3600
EXTRACT_POLL = 0.05  # seconds between looks at the extraction jobs an ingest waits for

# `timeline serve` (timeline.http): live streams (server-sent events) open at once, at most;
# how often a stream looks whether the projection moved (seconds); events a page of
# `GET .../events` holds at most.
MAX_STREAMS = 100
STREAM_POLL_SECONDS = 0.25
API_PAGE_LIMIT = 1000
