"""Output formats: the one list of them, and the function that renders each.

`show --format` takes every format, `export --format` every one but the table. A
renderer is looked up here by name; a format's module (rich for the table,
icalendar for ics ...) loads only when that format is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # not at run time: the CLI imports this module for the names alone
    from timeline.models import TimelineEntry


class Options(NamedTuple):  # not a dataclass: `timeline --help` imports this module
    """Where the text goes: a title (for formats that have one), and for the table
    whether to colour it, how wide it may be, and whether long texts wrap whole."""

    title: str = "Timeline"
    color: bool = False
    width: int | None = None
    wide: bool = True


Renderer = Callable[[Sequence["TimelineEntry"], Options], str]


def _output(fmt: str) -> Renderer:
    def render(entries: Sequence[TimelineEntry], options: Options) -> str:
        from timeline.output import render

        return render(entries, fmt, color=options.color, width=options.width, wide=options.wide)

    return render


def _timelinejs(entries: Sequence[TimelineEntry], options: Options) -> str:
    from timeline.export import to_timelinejs

    return to_timelinejs(entries, title=options.title)


def _ics(entries: Sequence[TimelineEntry], options: Options) -> str:
    from timeline.export import to_ics

    return to_ics(entries, title=options.title)


def _html(entries: Sequence[TimelineEntry], options: Options) -> str:
    from timeline.export import to_html

    return to_html(entries, title=options.title)


RENDERERS: dict[str, Renderer] = {
    "table": _output("table"),
    "json": _output("json"),
    "jsonl": _output("jsonl"),
    "csv": _output("csv"),
    "markdown": _output("markdown"),
    "timelinejs": _timelinejs,
    "ics": _ics,
    "html": _html,
}
FORMATS = tuple(RENDERERS)
EXPORT_FORMATS = tuple(f for f in FORMATS if f != "table")


def render(entries: Sequence[TimelineEntry], fmt: str, options: Options) -> str:
    from timeline.errors import UsageError

    if fmt not in RENDERERS:
        raise UsageError(f"No format {fmt!r}: use one of {', '.join(FORMATS)}.")
    return RENDERERS[fmt](entries, options)
