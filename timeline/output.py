"""Rendering timeline entries: a table for people, JSON/JSONL/CSV/Markdown for programs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence

from timeline.models import TimelineEntry

FORMATS = ("table", "json", "jsonl", "csv", "markdown")

# Escapes and control characters in stored text must never reach a terminal raw.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    return _UNSAFE.sub("", text)


def when(entry: TimelineEntry) -> str:
    """The date as precisely as the article gave it: `Fri 20 Aug 2021`, `week 32, 2021`."""
    v, start = entry.value, entry.start
    days = (entry.end - entry.start).days
    if days <= 1:
        text = start.strftime("%a %d %b %Y")
        return f"{text} {v[11:16]}" if "T" in v and v[11:13].isdigit() else text
    if re.fullmatch(r"\d{4}-W\d{2}(-WE)?", v):
        weekend = "weekend of " if v.endswith("WE") else ""
        return f"{weekend}week {int(v[6:8])}, {v[:4]}"
    if days <= 31 and re.fullmatch(r"\d{4}-\d{2}", v):
        return start.strftime("%b %Y")
    if re.fullmatch(r"\d{4}-(Q[1-4]|H[12]|SP|SU|FA|WI)", v):
        return {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}.get(
            v[5:], v[5:]
        ) + f" {v[:4]}"
    if re.fullmatch(r"\d{4}", v):
        return v
    if re.fullmatch(r"\d{3}", v):
        return f"{v}0s"
    if re.fullmatch(r"\d{2}", v):
        return f"{v}00s"
    return f"{start:%d %b %Y} to {entry.end - dt.timedelta(days=1):%d %b %Y}"


def render(entries: Sequence[TimelineEntry], fmt: str, *, color: bool, width: int | None) -> str:
    if fmt == "json":
        rows = [e.model_dump(mode="json") for e in entries]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(e.model_dump_json() for e in entries)
    if fmt == "csv":
        return _csv(entries)
    if fmt == "markdown":
        return _markdown(entries)
    return _table(entries, color=color, width=width)


def _csv(entries: Sequence[TimelineEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "value",
            "start",
            "end",
            "anchor",
            "time_text",
            "text",
            "article_id",
            "title",
            "source",
            "published",
            "paragraph",
        ]
    )
    for e in entries:
        a = e.article
        writer.writerow(
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
    return out.getvalue().rstrip("\n")


def _markdown(entries: Sequence[TimelineEntry]) -> str:
    def cell(text: str) -> str:
        return clean(text).replace("|", "\\|")

    lines = ["| When | Event | Source |", "| --- | --- | --- |"]
    for e in entries:
        source = e.article.source or e.article.title
        lines.append(f"| {when(e)} | {cell(e.text)} | {cell(source)} |")
    return "\n".join(lines)


def _table(entries: Sequence[TimelineEntry], *, color: bool, width: int | None) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", expand=False, box=None, pad_edge=False)
    table.add_column("When", no_wrap=True, style="cyan")
    table.add_column("Event", overflow="fold")
    table.add_column("Source", overflow="ellipsis", max_width=24)
    table.add_column("How", no_wrap=True, style="dim")
    for e in entries:
        table.add_row(
            when(e), clean(e.text), clean(e.article.source or e.article.title), e.anchor.value
        )
    console = Console(
        file=io.StringIO(),
        width=width or 120,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
    )
    console.print(table)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue().rstrip("\n")
