"""The `timeline` command. A thin face over `timeline.service.Timeline`.

Heavy modules are imported inside the commands so that `timeline --help` starts fast.
Errors of the `timeline.errors` hierarchy become one line on stderr and an exit
code, here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from timeline import __version__
from timeline.errors import TimelineError

if TYPE_CHECKING:
    from timeline.service import Timeline


class _Group(click.Group):
    """Maps the project's errors to a message and exit code, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as exc:
            click.echo(f"timeline: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("timeline: interrupted", err=True)
            ctx.exit(130)


def _timeline_option(f: Any) -> Any:
    return click.option(
        "--timeline",
        "-t",
        "timeline_name",
        default=None,
        metavar="NAME",
        help="Which timeline (default: $TIMELINE_TIMELINE or 'default').",
    )(f)


def _open(name: str | None) -> Timeline:
    from timeline.service import Timeline

    return Timeline.connect(name=name)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        from timeline.errors import UsageError

        raise UsageError(f"{option} {value!r} is not a date: use YYYY-MM-DD.") from None


def _warn(message: str) -> None:
    click.echo(f"timeline: {message}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="timeline")
def cli() -> None:
    """Turn news articles into an ordered, queryable timeline of dated events.

    \b
    Quick start (no Redis needed: an embedded server starts by itself):
      timeline ingest article.txt --published 2021-08-22
      timeline show --since Friday --as-of 2021-08-22

    Set TIMELINE_REDIS_URL (redis://user:pass@host:6379/0, rediss:// for TLS) to use
    your own Redis, and run `timeline worker` to project in the background.
    """


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date of the articles.")
@click.option("--source", "source_name", metavar="NAME", help="Source of the articles.")
@click.option("--url", metavar="URL", help="URL of the article.")
@click.option("--wait", is_flag=True, help="Wait until the workers have projected the events.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@_timeline_option
def ingest(
    files: tuple[str, ...],
    published: str | None,
    source_name: str | None,
    url: str | None,
    wait: bool,
    as_json: bool,
    timeline_name: str | None,
) -> None:
    """Read articles (a title line, then paragraphs) and append their events.

    FILES are paths, or - for standard input. Ingesting the same text twice adds
    nothing. Nothing is written unless every file can be read.

    \b
    Example:
      timeline ingest ../shared/seed/panjshir.txt --published 2021-08-22
    """
    from timeline.service import ArticleInput
    from timeline.settings import Settings
    from timeline.sources import read_source

    settings = Settings()
    day = _date(published, "--published")
    sources = [read_source(f, settings.max_file_bytes) for f in files]
    tl = _open(timeline_name)
    results = tl.ingest(
        [ArticleInput(s, published=day, source_name=source_name, url=url) for s in sources],
        wait=wait,
    )
    if as_json:
        click.echo(json.dumps([r.model_dump(mode="json") for r in results], indent=2))
        return
    for r in results:
        if r.published_from == "assumed":
            _warn(
                f"warning: {r.path} gives no publication date; assumed {r.published} "
                "(give --published YYYY-MM-DD)."
            )
        if r.status == "added":
            click.echo(
                f"{r.path}: {r.events} events added to {tl.name!r} "
                f"(published {r.published}, article {r.article_id[:12]})"
            )
        else:
            click.echo(
                f"{r.path}: already in {tl.name!r}, nothing added (article {r.article_id[:12]})"
            )


@cli.command()
@click.option("--since", metavar="WHEN", help="Start: 2021-08-20, Friday, last week, Aug 20 ...")
@click.option("--until", metavar="WHEN", help="End (inclusive), in the same language.")
@click.option(
    "--as-of", metavar="WHEN", help="The day relative times are read from (default: today)."
)
@click.option("--limit", "-n", default=50, show_default=True, type=click.IntRange(min=1))
@click.option("--offset", default=0, type=click.IntRange(min=0))
@click.option("--reverse", is_flag=True, help="Newest first.")
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "json", "jsonl", "csv", "markdown"]),
)
@_timeline_option
def show(
    since: str | None,
    until: str | None,
    as_of: str | None,
    limit: int,
    offset: int,
    reverse: bool,
    fmt: str,
    timeline_name: str | None,
) -> None:
    """Show the timeline, ordered, as a table or JSON/JSONL/CSV/Markdown.

    An event is shown when its time overlaps the window.

    \b
    Examples:
      timeline show --since 2021-08-20 --as-of 2021-08-22
      timeline show --since Friday --as-of 2021-08-22 --format json
    """
    from timeline.output import render
    from timeline.query import parse_as_of

    today = dt.date.today()
    as_of_day = parse_as_of(as_of, today)
    tl = _open(timeline_name)
    entries = tl.show(
        since=since, until=until, as_of=as_of_day, limit=limit, offset=offset, reverse=reverse
    )
    if not entries:
        _explain_empty(tl, since, until, as_of_day, as_of is None)
    tty = sys.stdout.isatty()
    color = tty and "NO_COLOR" not in os.environ
    width = os.get_terminal_size().columns if tty else None
    text = render(entries, fmt, color=color, width=width)
    if text or fmt in ("json",):
        click.echo(text)


def _explain_empty(
    tl: Timeline, since: str | None, until: str | None, as_of: dt.date, defaulted: bool
) -> None:
    span = tl.span()
    if span is None:
        _warn(f"timeline {tl.name!r} is empty: add articles with `timeline ingest FILE`.")
        return
    window = f"since {since!r}" if since else ""
    window += f" until {until!r}" if until else ""
    hint = (
        f"; relative times were read as of today ({as_of}), give --as-of to read them "
        "from another day"
        if defaulted and (since or until)
        else ""
    )
    _warn(
        f"no events {window.strip() or 'found'}. The timeline covers {span[0]} to {span[1]}{hint}."
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@_timeline_option
def status(as_json: bool, timeline_name: str | None) -> None:
    """Log length, projection checkpoint and lag, queue depth, workers, failed jobs."""
    st = _open(timeline_name).status()
    if as_json:
        click.echo(st.model_dump_json(indent=2))
        return
    q = st.queue
    click.echo(
        f"timeline     {st.timeline}\n"
        f"server       {st.server}\n"
        f"log          {st.log_length} records, {st.articles} articles (last {st.log_version})\n"
        f"projection   {st.events} events, generation {st.generation}, "
        f"checkpoint {st.checkpoint}, lag {st.lag}{'+' if st.lag >= 10_000 else ''}\n"
        f"queue        {q['queue']}: {q['queued_jobs']} queued, {q['started_jobs']} running "
        f"({q['abandoned_jobs']} abandoned by a dead worker), {q['retrying_jobs']} waiting to "
        f"retry, {q['failed_jobs']} failed; {q['workers']} live workers"
    )


@cli.command()
@_timeline_option
def rebuild(timeline_name: str | None) -> None:
    """Replay the whole log into a fresh projection and swap it in atomically."""
    replayed = _open(timeline_name).rebuild()
    click.echo(f"rebuilt from {replayed} records")


@cli.command()
@click.option("--count", "-n", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@_timeline_option
def log(count: int, as_json: bool, timeline_name: str | None) -> None:
    """The raw records of the event log, newest last."""
    from timeline.output import clean

    for entry in _open(timeline_name).log(count):
        if as_json:
            click.echo(
                json.dumps(
                    {"id": entry.stream_id, "type": entry.type, "data": json.loads(entry.data)},
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(f"{entry.stream_id}  {entry.type:<16} {clean(entry.data)[:100]}")


@cli.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--name", default=None, help="Worker name (default: RQ's).")
def worker(burst: bool, name: str | None) -> None:
    """Run an RQ worker that projects timelines (JSON jobs, our job functions only)."""
    from workers.worker import run

    run(burst=burst, name=name)


@cli.group()
def server() -> None:
    """The embedded server (used when TIMELINE_REDIS_URL is not set)."""


@server.command("status")
def server_status() -> None:
    """Is the embedded server running, where, with how much data."""
    from timeline.backend.server import EmbeddedServer, find_binary
    from timeline.settings import Settings

    s = EmbeddedServer(Settings().data_dir)
    running = s.ping()
    click.echo(
        f"data dir   {s.data_dir}\nsocket     {s.socket}\n"
        f"binary     {find_binary() or 'none found'}\n"
        f"running    {'yes, pid ' + str(s.pid()) if running else 'no'}"
    )
    if running:
        with s.client() as r:
            info = r.info()
        click.echo(
            f"version    {info.get('valkey_version') or info.get('redis_version')}\n"
            f"memory     {info.get('used_memory_human')}\n"
            f"aof        {'on' if info.get('aof_enabled') else 'off'}"
        )


@server.command("stop")
def server_stop() -> None:
    """Stop the embedded server (its data stays in the data dir)."""
    from timeline.backend.server import EmbeddedServer
    from timeline.settings import Settings

    stopped = EmbeddedServer(Settings().data_dir).stop()
    click.echo("stopped" if stopped else "not running")


def main() -> None:
    cli(prog_name="timeline")
