"""Rendering timeline entries: a table for people, JSON/JSONL/CSV/Markdown for programs."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Sequence

from timeline.models import Certainty, TimelineEntry
from timeline.temporal.value import TimexValue
from timeline.text_safety import clean_text, csv_row, markdown_cell

# Escapes and control characters in stored text must never reach a terminal raw.
clean = clean_text


def when(entry: TimelineEntry) -> str:
    """The date as precisely as the article gave it: `Fri 20 Aug 2021`, `week 32, 2021`;
    for a time the article only bounds, its bounds: `before Sun 22 Aug 2021`."""
    if entry.is_known and entry.start is not None and entry.end is not None:
        return TimexValue.parse(entry.value).label(entry.start, entry.end)
    return bounds_label(entry.start, entry.end, span=entry.certainty is Certainty.SPAN)


def reader_when(entry: TimelineEntry) -> str:
    """The date as a reader writes it (a page, not a table): `Friday 20 August 2021`,
    `the week of 9 Aug 2021`, `August 2021`, `the 1980s`; for a time the article only
    bounds, `before 22 Aug 2021`. A clock time is the entry's, not its date's."""
    start, end = entry.start, entry.end
    if entry.is_known and start is not None and end is not None:
        value = TimexValue.parse(entry.value)
        if (end - start).days <= 1:
            return f"{start:%A} {start.day} {start:%B %Y}"
        if value.granularity == "week" and not value.is_reference:
            return f"the {'weekend' if value.part == 'WE' else 'week'} of {short_day(start)}"
        if value.granularity == "month" and (end - start).days <= 31:
            return f"{start:%B %Y}"
        if value.granularity in ("decade", "century"):
            return f"the {value.label(start, end)}"
        if value.granularity in ("quarter", "half", "year"):
            return value.label(start, end)
        return f"{short_day(start)} to {short_day(end - dt.timedelta(days=1))}"
    return bounds_label(start, end, span=entry.certainty is Certainty.SPAN, day=short_day)


def short_day(day: dt.date) -> str:
    """`9 Aug 2021`."""
    return f"{day.day} {day:%b %Y}"


def bounds_label(
    start: dt.date | None,
    end: dt.date | None,
    *,
    span: bool = False,
    day: Callable[[dt.date], str] | None = None,
) -> str:
    """`before Sun 22 Aug 2021`, `after ...`, `between ... and ...`; for a span (it lasts
    from start to end) `since ...`, `until ...`, `... to ...`. `end` is exclusive; `day`
    writes a day (default `Sun 22 Aug 2021`)."""
    day = day or table_day

    last = None if end is None else end - dt.timedelta(days=1)
    if start is None and last is None:
        return "undated"
    if start is None:
        assert end is not None and last is not None
        return f"until {day(last)}" if span else f"before {day(end)}"
    if last is None:
        return f"since {day(start)}" if span else f"after {day(start - dt.timedelta(days=1))}"
    return f"{day(start)} to {day(last)}" if span else f"between {day(start)} and {day(last)}"


def table_day(d: dt.date) -> str:
    return d.strftime("%a %d %b %Y")


def render(
    entries: Sequence[TimelineEntry],
    fmt: str,
    *,
    color: bool = False,
    width: int | None = None,
    wide: bool = True,
) -> str:
    if fmt == "json":
        rows = [e.model_dump(mode="json") for e in entries]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(e.model_dump_json() for e in entries)
    if fmt == "csv":
        return _csv(entries)
    if fmt == "markdown":
        return _markdown(entries)
    if not color:  # piped or NO_COLOR: plain text, without loading rich
        return _plain(entries, width=width or 100)
    return _table(entries, color=color, width=width, wide=wide)


# Widths of the table's columns: marker, text, source (the text takes the rest).
MARKER_WIDTH = 2
SOURCE_WIDTH = 24
PUBLICATION_NOTE = "~ no date of its own in the article: dated by its publication"
BOUNDED_NOTE = "? no date in the article: only what it allows (before or after a day)"


def _notes(entries: Sequence[TimelineEntry]) -> list[str]:
    """The legend of the markers the table uses."""
    notes = []
    if any(e.anchor.value == "publication" and e.is_known for e in entries):
        notes.append(PUBLICATION_NOTE)
    if any(not e.is_stated for e in entries):
        notes.append(BOUNDED_NOTE)
    return notes


def _row_parts(e: TimelineEntry) -> tuple[str, str, str]:
    """The marker, text and sources of one row, cleaned for a terminal."""
    sources = ", ".join(dict.fromkeys(clean(a.source or a.title) for a in e.sources))
    marker = "?" if not e.is_stated else "~" if e.anchor.value == "publication" else ""
    return marker, clean(" ".join(e.text.split())), sources


def _plain(entries: Sequence[TimelineEntry], *, width: int) -> str:
    """The table as plain text: the same layout as on a terminal, every line whole."""
    import textwrap
    from itertools import groupby

    text_width = max(20, width - MARKER_WIDTH - SOURCE_WIDTH - 4)
    lines: list[str] = []
    for label, group in groupby(entries, key=when):
        lines.append(label)
        for e in group:
            marker, text, sources = _row_parts(e)
            wrapped = textwrap.wrap(text, text_width) or [""]
            if len(sources) > SOURCE_WIDTH:
                sources = sources[: SOURCE_WIDTH - 1] + "\u2026"
            first = f"{marker:<{MARKER_WIDTH}}  {wrapped[0]:<{text_width}}  {sources}"
            lines.append(first.rstrip())
            lines += [f"{'':<{MARKER_WIDTH}}  {rest}" for rest in wrapped[1:]]
        lines.append("")
    lines += _notes(entries)
    return "\n".join(lines).strip("\n")


def _csv(entries: Sequence[TimelineEntry]) -> str:
    # By hand, not csv.writer: a would-be formula cell is neutralized and quoted (OWASP).
    header = ["id", "value", "start", "end", "anchor", "time_text", "text", "article_id",
              "title", "source", "published", "paragraph"]  # fmt: skip
    lines = [csv_row(header)]
    for e in entries:
        a = e.article
        lines.append(
            csv_row(
                [
                    e.id,
                    e.value,
                    e.start,
                    e.end,
                    e.anchor.value,
                    e.time_text or "",
                    e.text,
                    a.id,
                    a.title,
                    a.source or "",
                    a.published,
                    e.paragraph,
                ]
            )
        )
    return "\n".join(lines)


def _markdown(entries: Sequence[TimelineEntry]) -> str:
    lines = ["| When | Event | Source |", "| --- | --- | --- |"]
    for e in entries:
        source = e.article.source or e.article.title
        lines.append(
            f"| {markdown_cell(when(e))} | {markdown_cell(e.text)} | {markdown_cell(source)} |"
        )
    return "\n".join(lines)


def _table(
    entries: Sequence[TimelineEntry], *, color: bool, width: int | None, wide: bool
) -> str:
    """Events under one heading per date, as precise as the articles gave it."""
    from itertools import groupby

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(
        file=io.StringIO(), width=width or 100, color_system="auto" if color else None,
        force_terminal=color, highlight=False,
    )  # fmt: skip
    # Fixed column widths, so that every date's group lines up with the others.
    source_width = SOURCE_WIDTH
    text_width = max(20, console.width - MARKER_WIDTH - source_width - 4)
    for label, group in groupby(entries, key=when):
        console.print(label, style="bold cyan", markup=False)
        table = Table(show_header=False, box=None, pad_edge=False, expand=False)
        table.add_column("", width=MARKER_WIDTH, no_wrap=True)
        table.add_column("Event", width=text_width, overflow="fold" if wide else "ellipsis",
                         no_wrap=not wide)  # fmt: skip
        table.add_column("Source", style="dim", no_wrap=True, width=source_width,
                         overflow="ellipsis")  # fmt: skip
        for e in group:
            # Stored text is not markup: `[link=...]` in it must not become a link.
            table.add_row(*(escape(part) for part in _row_parts(e)))
        console.print(table)
        console.print()
    for note in _notes(entries):
        console.print(note, style="dim")
    out = console.file
    assert isinstance(out, io.StringIO)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()).strip("\n")
