"""The `timeline` command. A thin face over the services of `timeline.app.Timeline`.

Heavy modules are imported inside the commands so that `timeline --help` starts fast.
Errors of the `timeline.errors` hierarchy become one line on stderr and an exit
code, here and nowhere else.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, Literal, cast

import click

from timeline import __version__, defaults
from timeline.errors import TimelineError
from timeline.formats import EXPORT_FORMATS, FORMATS

if TYPE_CHECKING:
    import datetime as dt

    from timeline.app import Timeline
    from timeline.models import IngestResult, TimelineEntry
    from timeline.query import Query

Bucket = Literal["day", "month", "year"]


class _Group(click.Group):
    """Maps the project's errors to a message and exit code, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as exc:
            if ctx.meta.get("timeline.json_errors"):
                import json

                error = {"error": str(exc), "code": type(exc).__name__}
                click.echo(json.dumps(error, ensure_ascii=False))
            click.echo(f"timeline: error: {terminal_safe(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("timeline: interrupted", err=True)
            ctx.exit(130)


def terminal_safe(text: str) -> str:
    """`timeline.text_safety.terminal_safe`, whose patterns compile when first needed
    (`timeline --help` needs none)."""
    from timeline.text_safety import terminal_safe as safe

    return safe(text)


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
    from timeline.app import Timeline

    return Timeline.connect(name=name)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    from timeline.sources import parse_published

    return parse_published(value, option)


def _n(count: int, noun: str) -> str:
    """ "1 article", "2 articles". """
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _json_errors() -> None:
    """This command prints JSON: its errors are JSON too (`_Group` prints them)."""
    click.get_current_context().meta["timeline.json_errors"] = True


def _quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get("timeline.quiet"))


def _warn(message: str, *, always: bool = False) -> None:
    """A line on stderr: a warning or a hint (not with --quiet), or a failure (`always`)."""
    if always or not _quiet():
        click.echo(f"timeline: {terminal_safe(message)}", err=True)


def _say(message: str) -> None:
    """What a command that writes did ("3 events added"): not with --quiet."""
    if not _quiet():
        click.echo(message)


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["timeline.quiet"] = True


def _quiet_option() -> click.Option:
    return click.Option(
        ["--quiet", "-q"], is_flag=True, expose_value=False, is_eager=True,
        callback=_set_quiet, help="Only results and errors: no progress, hints or warnings.",
    )  # fmt: skip


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="timeline")
@click.option("--quiet", "-q", is_flag=True, expose_value=False, is_eager=True,
              callback=_set_quiet, help="Only results and errors (every command takes it too).")
def cli() -> None:
    """Turn news articles into an ordered, queryable timeline of dated events.

    \b
    Quick start (no Redis needed: an embedded server starts by itself):
      timeline ingest article.txt --published 2021-08-22
      timeline show --since Friday --as-of 2021-08-22

    Set TIMELINE_REDIS_URL (redis://user:pass@host:6379/0, rediss:// for TLS) to use
    your own Redis, and run `timeline worker` to project in the background. Settings
    may also come from $XDG_CONFIG_HOME/timeline/config.toml (the environment wins).
    """


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date of the articles.")
@click.option("--source", "source_name", metavar="NAME", help="Source of the articles.")
@click.option("--url", metavar="URL", help="URL of the article.")
@click.option("--wait", is_flag=True, help="Wait until the workers have projected the events.")
@click.option("--workers", is_flag=True,
              help="Extract on the workers (`timeline worker`, on any machine of this store).")
@click.option("--keep-going", is_flag=True, help="Add the good files even if some fail.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@_timeline_option
def ingest(
    files: tuple[str, ...],
    published: str | None,
    source_name: str | None,
    url: str | None,
    wait: bool,
    workers: bool,
    keep_going: bool,
    as_json: bool,
    timeline_name: str | None,
) -> None:
    """Read articles and append their dated events to the timeline.

    FILES are text files (a title line, then paragraphs), Markdown, HTML pages,
    directories (searched for .txt, .md, .html), globs, - for standard input, or
    http(s) URLs: a web page, or an RSS or Atom feed, whose entries' pages are
    fetched (conditional requests: an unchanged page is not read again; a changed
    one is a revision of its article).
    Metadata may also come from a sidecar FILE.json or front matter (title,
    source, url, published). Ingesting the same text twice adds nothing; a
    changed text with the same URL (or title and source) is a revision.
    Nothing is written unless every file can be read (see --keep-going).

    \b
    Examples:
      timeline ingest ../shared/seed/panjshir.txt --published 2021-08-22
      timeline ingest articles/ --keep-going
      curl -s https://example.org/story.html | timeline ingest - --published 2024-05-01
      timeline ingest archive/ --workers   # extraction on the running workers
      timeline ingest https://example.org/feed.xml --keep-going
    """
    from timeline.services import ArticleInput
    from timeline.sources import expand

    if as_json:
        _json_errors()
    from timeline.web import is_url

    day = _date(published, "--published")
    names = [n for f in files for n in ([f] if is_url(f) else expand([f]))]
    inputs = [ArticleInput(n, published=day, source_name=source_name, url=url) for n in names]
    tl = _open(timeline_name)
    show_bar = (sys.stderr.isatty() and len(inputs) >= defaults.PROGRESS_MIN_FILES and not as_json
                and not _quiet())
    if show_bar:
        results = _ingest_with_bar(tl, inputs, wait=wait, keep_going=keep_going, workers=workers)
    else:
        results = tl.writer.ingest(
            inputs, wait=wait, keep_going=keep_going, progress=None if as_json else _report,
            workers=workers,
        )  # fmt: skip
    if as_json:
        import json

        click.echo(json.dumps([r.model_dump(mode="json") for r in results], indent=2))
    counts = {k: sum(1 for r in results if r.status == k)
              for k in ("added", "duplicate", "revised", "unchanged", "failed")}  # fmt: skip
    counts["duplicate"] += counts["unchanged"]
    if len(results) > 1 or show_bar:
        _warn(
            f"{_n(len(results), 'article')}: {counts['added']} new, {counts['duplicate']} "
            f"already known, {counts['revised']} revised, {counts['failed']} failed; "
            f"{_n(sum(r.events for r in results), 'event')} added to {tl.name!r}"
        )
    if counts["failed"]:
        sys.exit(1)


def _report(r: IngestResult) -> None:
    """One line per article, as it is written (the file name escaped for the terminal)."""
    path = terminal_safe(r.path)
    if r.published_from == "assumed":
        _warn(f"warning: {path} gives no publication date; assumed {r.published} "
              "(give --published YYYY-MM-DD).")  # fmt: skip
    elif r.assumed:
        _warn(f"warning: {path}: {terminal_safe(r.assumed)} (give --published YYYY-MM-DD).")
    if r.unplaced:
        _warn(f"warning: {path}: {', '.join(r.unplaced)}: dates nothing on the timeline.")
    short = (r.article_id or "")[:12]
    if r.status == "added":
        _say(f"{path}: {_n(r.events, 'event')} added (published {r.published}, "
             f"article {short})")  # fmt: skip
    elif r.status == "revised" and r.replaces == r.article_id:
        _say(f"{path}: {_version_line(r)}")
    elif r.status == "revised":
        _say(f"{path}: revised article {(r.replaces or '')[:12]} -> {short}, "
             f"{_n(r.events, 'event')}")  # fmt: skip
    elif r.status == "duplicate":
        _say(f"{path}: already known, nothing added (article {short})")
    elif r.status == "unchanged":
        _say(f"{path}: not modified since it was last fetched, nothing added")
    else:
        _warn(f"{r.path}: failed: {r.error or ''}", always=True)


def _version_line(r: IngestResult) -> str:
    """ "article c4464c28af93 corrected (published): 3 events (published 2023-11-17)"."""
    return (f"article {(r.article_id or '')[:12]} {_version_words(r)}: "
            f"{_n(r.events, 'event')} (published {r.published})")  # fmt: skip


def _version_words(r: IngestResult) -> str:
    """ "corrected (published, url)", "restored", "restored and corrected (source)"."""
    fields = [c for c in r.changes if c != "restored"]
    corrected = f"corrected ({', '.join(fields)})" if fields else ""
    if "restored" in r.changes:
        return f"restored and {corrected}" if corrected else "restored"
    return corrected or "revised"


def _ingest_with_bar(
    tl: Timeline, inputs: list[Any], *, wait: bool, keep_going: bool, workers: bool
) -> list[IngestResult]:
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True, no_color="NO_COLOR" in os.environ)
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.description}"))  # fmt: skip
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=len(inputs))

        def read(name: str) -> None:
            # Reading and extracting is the slow part: the bar follows it.
            shown = escape(terminal_safe(os.path.basename(name)[:40]))  # no markup, no escapes
            bar.update(task, advance=1, description=shown)

        def written(r: IngestResult) -> None:
            if r.status == "failed":
                line = terminal_safe(f"{r.path}: failed: {r.error}")
                console.print(f"timeline: {line}", markup=False)

        return tl.writer.ingest(
            inputs, wait=wait, keep_going=keep_going, progress=written, reading=read,
            workers=workers,
        )  # fmt: skip


def _show_options(f: Any) -> Any:
    """The query options shared by `show`, `export` and `stats`."""
    options = [
        click.option("--since", metavar="WHEN",
                     help="Start: 2021-08-20, Friday, last week, Aug 20 ..."),
        click.option("--until", metavar="WHEN", help="End (inclusive), in the same language."),
        click.option("--as-of", metavar="WHEN",
                     help="The day relative times are read from (default: today)."),
        click.option("--grep", metavar="TEXT", help="Only events whose text or title has TEXT."),
        click.option("--source", metavar="NAME", help="Only events from this source."),
        click.option("--article", metavar="ID", help="Only events of this article (id prefix)."),
        click.option("--min-granularity", type=click.Choice(["day", "week", "month", "year"]),
                     help="Hide events vaguer than this."),
        click.option("--kind", metavar="KINDS",
                     help="Only these kinds, comma separated: occurrence, state, statement, "
                          "planned, negated (e.g. occurrence,planned: no quotes)."),
        click.option("--uncertain", is_flag=True,
                     help="Also list undated events that may fall in the window "
                          "(\"before 22 Aug\")."),
        click.option("--no-merge", is_flag=True,
                     help="Show every article's report separately."),
        _timeline_option,
    ]  # fmt: skip
    for option in reversed(options):
        f = option(f)
    return f


def _query(q: dict[str, Any], *, limit: int, offset: int = 0, reverse: bool = False) -> Query:
    """The Query of a command's options, parsed once."""
    from timeline.query import Query

    no_merge, kinds = q.pop("no_merge"), q.pop("kind")
    return Query(
        **q, kinds=kinds, limit=limit, offset=offset, reverse=reverse, merge=not no_merge
    )


def _read(tl: Timeline, query: Query) -> list[TimelineEntry]:
    entries = tl.reader.show(query)
    maybe = tl.reader.uncertain(query)
    if not entries:
        _explain_empty(tl, query, undated=maybe)
    if maybe:
        _warn(
            f"{_n(maybe, 'undated event')} may also fall in this window: "
            "--uncertain lists them"
        )
    if lag := tl.reader.lag():
        _warn(
            f"the projection is {lag}{'+' if lag >= defaults.LAG_COUNT_LIMIT else ''} records "
            "behind the log, whose newest events are not shown: is `timeline worker` running?"
        )
    return entries


@cli.command()
@_show_options
@click.option("--limit", "-n", default=50, show_default=True, type=click.IntRange(min=1))
@click.option("--offset", default=0, type=click.IntRange(min=0))
@click.option("--reverse", is_flag=True, help="Newest first.")
@click.option("--wide", is_flag=True, help="Do not shorten long events to the terminal width.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(FORMATS))
def show(
    limit: int,
    offset: int,
    reverse: bool,
    wide: bool,
    fmt: str,
    timeline_name: str | None,
    **q: Any,
) -> None:
    """Show the timeline, ordered, grouped under dates.

    An event is shown when its time overlaps the window; one the article only
    bounds ("before 22 Aug") with --uncertain. Reports of one happening by several
    articles are one entry with all their sources, earliest first.

    \b
    Examples:
      timeline show --since 2021-08-20 --as-of 2021-08-22
      timeline show --since Friday --as-of 2021-08-22 --format json
      timeline show --grep Banu --source "Al Jazeera" --min-granularity day
      timeline show --kind occurrence,planned --since 2021-08-01 --uncertain
      timeline show --format timelinejs > timeline.json
    """
    if fmt in ("json", "jsonl"):
        _json_errors()
    # One more than asked, to say whether there are more.
    query = _query(q, limit=limit + 1, offset=offset, reverse=reverse)
    tl = _open(timeline_name)
    entries = _read(tl, query)
    _print(entries[:limit], fmt, wide=wide, title=_title(tl, query))
    if len(entries) > limit:
        _warn(f"more events after these {limit}: --offset {offset + limit} shows the next.")


@cli.command()
@_show_options
@click.option("--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    metavar="FILE",
    help="Write to FILE instead of standard output.",
)
@click.option("--title", metavar="TEXT", help="Title of the exported timeline.")
def export(
    fmt: str, output: str | None, title: str | None, timeline_name: str | None, **q: Any
) -> None:
    """Export the whole timeline (or a window of it) for publishing.

    \b
    Formats: timelinejs (Knight Lab TimelineJS JSON), ics (iCalendar),
    html (a self-contained page), csv, markdown, json, jsonl.

    \b
    Examples:
      timeline export --format timelinejs -o timeline.json
      timeline export --format html --since 2021-08-01 > t.html
    """
    if fmt in ("json", "jsonl"):
        _json_errors()
    query = _query(q, limit=defaults.EXPORT_LIMIT)
    tl = _open(timeline_name)
    text = _render(_read(tl, query), fmt, wide=True, title=title or _title(tl, query))
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        click.echo(text)


def _title(tl: Timeline, query: Query) -> str:
    """The timeline's name, and the filters that made this selection of it."""
    parts = [tl.name]
    if query.grep:
        parts.append(f"'{query.grep}'")
    if query.since:
        parts.append(f"since {query.since}")
    if query.until:
        parts.append(f"until {query.until}")
    return ", ".join(parts)


def _render(entries: list[TimelineEntry], fmt: str, *, wide: bool, title: str) -> str:
    import shutil

    from timeline.formats import Options, render

    tty = sys.stdout.isatty()
    color = tty and "NO_COLOR" not in os.environ
    width = shutil.get_terminal_size().columns if tty else None
    return render(entries, fmt, Options(title, color, width, wide or not tty))


def _print(entries: list[TimelineEntry], fmt: str, *, wide: bool, title: str) -> None:
    text = _render(entries, fmt, wide=wide, title=title)
    if text or fmt == "json":
        click.echo(text)


def _explain_empty(tl: Timeline, query: Query, *, undated: int = 0) -> None:
    span = tl.reader.span()
    if span is None and undated:
        return  # only undated events: the hint about them says it
    if span is None:
        names = [t.name for t in tl.reader.timelines()]
        others = [name for name in names if name != tl.name]
        # No events, none on their way, and not a timeline the server knows (one of only
        # undated events has no span): no such timeline.
        if others and tl.name not in names and not tl.reader.lag():
            from timeline.errors import NotFound

            raise NotFound(
                f"no timeline {tl.name!r} here: the timelines are {', '.join(others)} "
                "(see `timeline timelines`)."
            )
        _warn(f"timeline {tl.name!r} is empty: add articles with `timeline ingest FILE`.")
        return
    if query.source and query.source.casefold() not in {s.casefold() for s in tl.reader.sources()}:
        from timeline.errors import UsageError

        known = ", ".join(repr(s) for s in tl.reader.sources()) or "none"
        raise UsageError(
            f"no source {query.source!r} in timeline {tl.name!r}: the sources are {known}."
        )
    since, until = query.since, query.until
    window = f"since {since!r}" if since else ""
    window += f" until {until!r}" if until else ""
    hint = (
        f"; relative times were read as of today ({query.day}), give --as-of to read them "
        "from another day"
        if query.as_of is None and (since or until)
        else ""
    )
    _warn(
        f"no events {window.strip() or 'found'}. The timeline covers {span[0]} to {span[1]}{hint}."
    )


@cli.command()
@click.argument("article")
@click.option("--reason", metavar="TEXT", help="Why (kept in the log).")
@_timeline_option
def retract(article: str, reason: str | None, timeline_name: str | None) -> None:
    """Take an article's events off the timeline; the log keeps its history.

    ARTICLE is an article id, a unique prefix of one, or the article's URL.

    \b
    Example:
      timeline retract 52a37f352e64 --reason "wrong dateline"
    """
    article_id = _open(timeline_name).writer.retract(article, reason)
    _say(f"retracted article {article_id[:12]}")


@cli.command()
@click.argument("article")
@click.option("--published", metavar="YYYY-MM-DD", help="The correct publication date.")
@click.option("--source", "source_name", metavar="NAME", help="The correct source.")
@click.option("--url", metavar="URL", help="The correct URL.")
@click.option("--title", metavar="TEXT", help="The correct title.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@_timeline_option
def amend(
    article: str,
    published: str | None,
    source_name: str | None,
    url: str | None,
    title: str | None,
    as_json: bool,
    timeline_name: str | None,
) -> None:
    """Correct an article's publication date, source, URL or title, without its file.

    Its text, kept in the log, is dated again against the new date (relative times
    such as "on Friday" move with it). The log keeps both versions (`timeline log
    --article ID`); ingesting the file again with the corrected options does the same.
    ARTICLE is an article id, a unique prefix of one, or the article's URL.

    \b
    Examples:
      timeline amend 52a37f352e64 --published 2021-08-22
      timeline amend https://example.org/story --source "Example Wire"
    """
    if as_json:
        _json_errors()
    day = _date(published, "--published")
    result = _open(timeline_name).writer.amend(
        article, published=day, source=source_name, url=url, title=title
    )
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    elif result.status == "duplicate":
        _say(f"article {(result.article_id or '')[:12]} already says so: nothing changed")
    else:
        _say(_version_line(result))


@cli.command()
def timelines() -> None:
    """List the timelines on this server with their counts and date ranges.

    \b
    Example:
      timeline timelines
    """
    rows = _open(None).reader.timelines()
    if not rows:
        _warn("no timelines yet: add articles with `timeline ingest FILE`.")
    for t in rows:
        days = f"{t.first} to {t.last}" if t.first else "empty"
        articles, events = _n(t.articles, "article"), _n(t.events, "event")
        click.echo(f"{t.name:<20} {articles:>15} {events:>15}   {days}")


@cli.command()
@click.option(
    "--by", type=click.Choice(["day", "month", "year"]), default="month", show_default=True
)
@click.option("--since", metavar="WHEN")
@click.option("--until", metavar="WHEN")
@click.option("--as-of", metavar="WHEN")
@_timeline_option
def stats(
    by: str, since: str | None, until: str | None, as_of: str | None, timeline_name: str | None
) -> None:
    """Events per day, month or year, as a small bar chart.

    \b
    Example:
      timeline stats --by day --since 2021-08-01 --as-of 2021-08-31
    """
    from timeline.query import Query

    query = Query(since=since, until=until, as_of=as_of)
    counts, vaguer = _open(timeline_name).reader.stats(cast(Bucket, by), query)
    import shutil

    top = max((n for _, n in counts), default=0)
    width = max(10, min(60, shutil.get_terminal_size().columns - 24))
    for bucket, n in counts:
        click.echo(f"{bucket:<10} {n:>6} {'█' * max(1, round(n / top * width))}")
    if vaguer:
        _warn(f"{_n(vaguer, 'event')} vaguer than a {by} {'is' if vaguer == 1 else 'are'} "
              "not counted.")  # fmt: skip
    if not counts and not vaguer:
        _warn("no events in that window.")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@_timeline_option
def status(as_json: bool, timeline_name: str | None) -> None:
    """Log length, projection checkpoint and lag, queue depth, workers, failed jobs.

    \b
    Examples:
      timeline status
      timeline status --json --timeline newsroom
    """
    if as_json:
        _json_errors()
    st = _open(timeline_name).operator.status()
    if as_json:
        click.echo(st.model_dump_json(indent=2))
        return
    q = st.queue
    click.echo(
        f"timeline     {st.timeline}\n"
        f"server       {st.server}\n"
        f"durability   {st.durability}\n"
        f"log          {st.log_length} records, {st.articles} "
        f"article{'' if st.articles == 1 else 's'} (last {st.log_version})\n"
        f"projection   {st.events} events, generation {st.generation} "
        f"({st.orphan_generations} left by aborted rebuilds), "
        f"checkpoint {st.checkpoint}, lag {st.lag}{'+' if st.lag >= 10_000 else ''}\n"
        f"queue        {q['queue']}: {q['queued_jobs']} queued, {q['started_jobs']} running "
        f"({q['abandoned_jobs']} abandoned by a dead worker), {q['retrying_jobs']} waiting to "
        f"retry, {q['failed_jobs']} failed; {q['workers']} live workers"
    )


@cli.command()
@click.argument("name")
@click.option("--yes", is_flag=True, help="Yes, delete it: there is no undo.")
def drop(name: str, yes: bool) -> None:
    """Delete a timeline: its log (every record), its projection and its jobs.

    There is no undo: the log is the source of truth. Without --yes nothing is deleted.

    \b
    Example:
      timeline drop scratch --yes
    """
    from timeline.errors import UsageError
    from timeline.ports import check_name

    tl = _open(check_name(name))
    if not yes:
        raise UsageError(
            f"`timeline drop {name}` deletes the log, projection and jobs of timeline "
            f"{name!r} for good: add --yes to do it."
        )
    dropped = tl.operator.drop()
    _say(f"dropped timeline {name!r} ({dropped} keys and jobs)")


@cli.command()
@_timeline_option
def rebuild(timeline_name: str | None) -> None:
    """Replay the whole log into a fresh projection and swap it in atomically.

    \b
    Example:
      timeline rebuild --timeline newsroom
    """
    replayed = _open(timeline_name).operator.rebuild()
    _say(f"rebuilt from {replayed} records")


@cli.command()
@click.option("--count", "-n", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--article", metavar="ID",
              help="The history of one article (id, prefix or URL): every version of it.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@_timeline_option
def log(count: int, article: str | None, as_json: bool, timeline_name: str | None) -> None:
    """The raw records of the event log, newest last.

    \b
    Examples:
      timeline log -n 50
      timeline log --article 52a37f352e64   # ingested, corrected, retracted, restored
      timeline log --json | jq .type
    """
    if as_json:
        _json_errors()
    from timeline.output import clean
    from timeline.text_safety import json_safe

    tl = _open(timeline_name)
    article_id = ""
    if article is not None:
        article_id, entries = tl.reader.history(article)
        entries = entries[-count:]
    else:
        entries = tl.reader.log(count)
    import json

    for entry in entries:
        if as_json:
            record = {"id": entry.stream_id, "type": entry.type, "data": json.loads(entry.data)}
            click.echo(json_safe(json.dumps(record, ensure_ascii=False)))
        elif article is not None:
            line = clean(_history_line(entry.data, article_id))
            click.echo(f"{entry.stream_id}  {entry.type:<16} {line}")
        else:
            click.echo(f"{entry.stream_id}  {entry.type:<16} {clean(entry.data)[:100]}")


def _history_line(data: str, article_id: str) -> str:
    """What one record of an article's history says, in words."""
    import json

    raw = json.loads(data)
    if "article_id" in raw:  # a retraction
        reason = f": {raw['reason']}" if raw.get("reason") else ""
        return f"retracted at {raw.get('retracted_at', '?')}{reason}"
    a = raw.get("article", {})
    changes = [c for c in raw.get("changes") or [] if c != "restored"]
    if "replaces" not in raw:
        what = "ingested"
    elif raw["replaces"] != a.get("id"):
        what = f"a changed text, replaces article {str(raw['replaces'])[:12]}"
    elif "restored" in (raw.get("changes") or []):
        what = "restored" + (f", corrected ({', '.join(changes)})" if changes else "")
    else:
        what = f"corrected ({', '.join(changes) or 'metadata'})"
    parts = [f"published {a.get('published')}"]
    parts += [f"{k} {a[k]}" for k in ("source", "url") if a.get(k)]
    parts.append(_n(int(raw.get("events", 0)), "event"))
    other = f"article {str(a.get('id'))[:12]} " if a.get("id") != article_id else ""
    return f"{other}{what}: {', '.join(parts)}"


@cli.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--name", default=None, help="Worker name (default: RQ's).")
@click.option("--with-scheduler/--without-scheduler", default=True, show_default=True,
              help="Also run RQ's scheduler: it queues follows' next runs and delayed "
                   "retries when they are due (one worker's at a time is active).")
def worker(burst: bool, name: str | None, with_scheduler: bool) -> None:
    """Run an RQ worker: projects timelines, extracts articles, runs follows.

    It runs only the project's own job functions, with the JSON serializer.

    \b
    Examples:
      timeline worker --with-scheduler
      timeline worker --burst        # until the queue is empty
    """
    from timeline.app import run_worker

    run_worker(burst=burst, name=name, with_scheduler=with_scheduler)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _interval(value: str) -> int:
    """ "15m" -> 900 seconds; "90s", "2h", "1d", or a number of seconds."""
    text = value.strip().lower()
    number, unit = (text[:-1], text[-1]) if text[-1:] in _UNITS else (text, "s")
    if not number.isdigit() or int(number) == 0:
        from timeline.errors import UsageError

        raise UsageError(f"--every {value!r} is not an interval: write 15m, 90s, 2h or 1d.")
    return int(number) * _UNITS[unit]


@cli.command()
@click.argument("feed", required=False)
@click.option("--every", metavar="INTERVAL", default="15m", show_default=True,
              help="How often: 90s, 15m, 2h, 1d.")
@click.option("--list", "list_", is_flag=True, help="List the feeds this timeline follows.")
@click.option("--stop", is_flag=True, help="Stop following FEED.")
@_timeline_option
def follow(
    feed: str | None, every: str, list_: bool, stop: bool, timeline_name: str | None
) -> None:
    """Ingest an RSS or Atom feed now and then at regular intervals, on the workers.

    A recurring RQ job: `timeline worker --with-scheduler` (the default) runs it. Each
    run fetches the feed and its entries' pages with conditional requests: unchanged
    pages are skipped, a changed one is a revision of its article.

    \b
    Examples:
      timeline follow https://example.org/feed.xml --every 15m
      timeline follow --list
      timeline follow https://example.org/feed.xml --stop
    """
    tl = _open(timeline_name)
    if list_:
        rows = tl.reader.follows()
        if not rows:
            _warn(f"timeline {tl.name!r} follows no feed: `timeline follow FEED` adds one.")
        for f in rows:
            when = f" (next run {f.next_run:%Y-%m-%d %H:%M:%S} UTC)" if f.next_run else ""
            click.echo(f"{terminal_safe(f.feed)}  every {_every_words(f.every)}  {f.state}{when}")
        return
    if feed is None:
        from timeline.errors import UsageError

        raise UsageError("Give a FEED to follow (or --list).")
    if stop:
        tl.writer.unfollow(feed)
        _say(f"stopped following {terminal_safe(feed)}")
        return
    seconds = _interval(every)
    registered = tl.writer.follow(feed, seconds)
    _say(f"following {terminal_safe(registered.feed)} every {_every_words(seconds)} "
         f"into {tl.name!r} (job {registered.job_id})")  # fmt: skip
    if tl.reader.live_workers() == 0:
        _warn("no worker is running: start `timeline worker --with-scheduler` to run it.")


def _every_words(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
def serve(host: str, port: int) -> None:
    """Serve the HTTP API, the live page and calendar feeds of this store's timelines.

    Reads need nothing; writes (POST .../articles, DELETE .../articles/ID) need
    `Authorization: Bearer $TIMELINE_API_TOKEN`, and without TIMELINE_API_TOKEN the
    server is read-only. The API's documentation is at /docs.

    \b
    Examples:
      timeline serve                      # http://127.0.0.1:8080/t/default
      TIMELINE_API_TOKEN=s3cret timeline serve --port 9000
      curl -s localhost:8080/api/timelines/default/events?since=Friday
    """
    from timeline.http import serve as run
    from timeline.settings import load_settings

    run(load_settings(), host, port, say=_warn)


@cli.group()
def server() -> None:
    """The embedded server (used when TIMELINE_REDIS_URL is not set).

    \b
    Example:
      timeline server status
    """


@server.command("status")
def server_status() -> None:
    """Is the embedded server running, where, with how much data.

    \b
    Example:
      timeline server status
    """
    from timeline.app import embedded_server_report

    for label, value in embedded_server_report():
        click.echo(f"{label:<10} {value}")


@server.command("stop")
def server_stop() -> None:
    """Stop the embedded server (its data stays in the data dir).

    \b
    Example:
      timeline server stop
    """
    from timeline.app import stop_embedded_server

    stopped = stop_embedded_server()
    click.echo("stopped" if stopped else "not running")


def _with_quiet(group: click.Group) -> None:
    """Every command takes --quiet after its name too (`timeline ingest FILE -q`)."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _with_quiet(command)
        else:
            command.params.append(_quiet_option())


_with_quiet(cli)


def main() -> None:
    cli(prog_name="timeline")
