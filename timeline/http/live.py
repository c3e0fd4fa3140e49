"""The live page: `/t/{name}`, the HTML export's design as a page that filters and
follows the stream.

The first page is rendered here, whole (it works without JavaScript: the filter form is
a GET of this page); `/static/live.js` then filters without a reload and, on each
event of `/api/timelines/{name}/stream`, fetches the list again from
`/t/{name}/entries` — the same markup from the same function (`export.html_timeline`),
so the page is rendered in one place only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Path
from fastapi.responses import HTMLResponse, Response

from timeline.errors import NotFound, QueryError
from timeline.http.service import Service, ServiceDep
from timeline.models import Kind
from timeline.output import short_day

if TYPE_CHECKING:
    from timeline.app import Timeline

router = APIRouter(tags=["page"])

# Entries the page shows at once; "Later entries" goes on from the last.
PAGE_ENTRIES = 200
FILTERS = ("q", "source", "kind", "since", "until", "as_of")
# The page's own assets only: no CDN, no inline script (styles may be inline: the
# export's CSS is one string, kept in one place).
SECURITY = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

_LIVE_CSS = """
body > header, body > footer { max-width: 46rem; margin-left: auto; margin-right: auto; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .4rem .7rem; }
.filters {
  display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin: 0 0 2rem;
  font: .9rem var(--sans); padding: .9rem 1rem; border: 1px solid var(--border);
  border-radius: 10px; background: var(--card);
}
.filters label { display: flex; flex-direction: column; gap: .2rem; color: var(--muted); }
.filters input, .filters select, .filters button {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border);
  border-radius: 6px; padding: .35rem .5rem; min-width: 9rem;
}
.filters button { cursor: pointer; min-width: 0; }
:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.status {
  font: .85rem var(--sans); color: var(--muted); min-height: 1.3em; margin: -1.2rem 0 1rem;
}
.error { color: var(--dot); font: .95rem var(--sans); }
.entry.new { border-color: var(--dot); box-shadow: 0 0 0 2px var(--dot); }
.more { font-family: var(--sans); }
"""


def _css() -> str:
    from timeline.export import HTML_CSS

    return HTML_CSS + _LIVE_CSS


def _list(
    service: Service, name: str, filters: dict[str, str], cursor: str | None
) -> tuple[str, int]:
    """The list's markup (and its HTTP status): the entries of the filters, or the
    one-line message of a filter that cannot be understood."""
    from timeline.export import html_timeline
    from timeline.http.api import _cursor, _encode_cursor, _query

    tl = service.existing(name)
    try:
        query = _query(filters, limit=PAGE_ENTRIES)
        page = tl.reader.page(query, _cursor(cursor))
    except QueryError as exc:
        return f'<p class="error" role="alert">{html.escape(str(exc))}</p>', 400
    empty = "No entries match these filters." if filters else "Nothing on this timeline yet."
    markup = html_timeline(page.entries, empty=empty)
    if page.next is not None:
        href = f"/t/{quote(name)}?" + urlencode({**filters, "cursor": _encode_cursor(page.next)})
        markup += f'<p class="more"><a rel="next" href="{html.escape(href)}">Later entries</a></p>'
    return markup, 200


@dataclass
class PageParams:
    """The page's filters (words, source, kind, window in the CLI's words) and place."""

    q: str | None = None
    source: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    as_of: str | None = None
    cursor: str | None = None

    def filters(self) -> dict[str, str]:
        given = dict(q=self.q, source=self.source, kind=self.kind, since=self.since,
                     until=self.until, as_of=self.as_of)  # fmt: skip
        return {k: v.strip() for k, v in given.items() if v and v.strip()}


Params = Annotated[PageParams, Depends()]


@router.get("/t/{name}", response_class=HTMLResponse)
def page(
    name: Annotated[str, Path(max_length=64)], service: ServiceDep, params: Params
) -> HTMLResponse:
    """The live timeline page: filters (words, source, kind, window in the CLI's words),
    entries under their dates, updated from the stream."""
    from timeline.export import html_head

    try:
        tl = service.existing(name)
    except NotFound as exc:
        return HTMLResponse(_not_found(str(exc)), status_code=404, headers=SECURITY)
    filters = params.filters()
    listing, status = _list(service, name, filters, params.cursor)
    about = _about(tl)
    title = html.escape(name)
    base = f"/t/{quote(name)}"
    head = html_head(
        name, f"Timeline {name}: {about}",
        extra='<link rel="stylesheet" href="/static/timeline.css">\n'
        '<script src="/static/live.js" defer></script>\n',
    )  # fmt: skip
    body = (
        '<!DOCTYPE html>\n<html lang="en">\n' + head +
        "<body>\n"
        '<a class="skip" href="#timeline">Skip to the timeline</a>\n'
        f'<header role="banner"><h1>{title}</h1>'
        f'<p class="summary">{html.escape(about)}</p></header>\n'
        f'<main data-stream="/api/timelines/{quote(name)}/stream" '
        f'data-entries="{base}/entries">\n'
        f"{_form(base, filters)}\n"
        '<p class="status" id="status" role="status" aria-live="polite"></p>\n'
        f'<section id="timeline" aria-label="Timeline entries" tabindex="-1">{listing}</section>\n'
        "</main>\n"
        '<footer role="contentinfo">Dates are as precise as the articles gave them. '
        f'Also as <a href="/api/timelines/{quote(name)}/export.ics">a calendar</a>, '
        f'<a href="/api/timelines/{quote(name)}/export.json">JSON</a>, '
        f'<a href="/api/timelines/{quote(name)}/export.csv">CSV</a>.</footer>\n'
        "</body>\n</html>\n"
    )  # fmt: skip
    return HTMLResponse(body, status_code=status, headers=SECURITY)


@router.get("/t/{name}/entries", response_class=HTMLResponse)
def entries(
    name: Annotated[str, Path(max_length=64)], service: ServiceDep, params: Params
) -> HTMLResponse:
    """The page's list alone (what the page's script swaps in)."""
    listing, status = _list(service, name, params.filters(), params.cursor)
    # The subtitle too: the script updates it with the list (ASCII: names and dates).
    about = {"X-Timeline-Summary": _about(service.timeline(name))}
    return HTMLResponse(listing, status_code=status, headers=SECURITY | about)


@router.get("/static/timeline.css", include_in_schema=False)
def css() -> Response:
    return Response(_css(), media_type="text/css; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=3600"})  # fmt: skip


def _about(tl: Timeline) -> str:
    """`2 articles, 1 Jan 1980 to 22 Aug 2021`: the page's subtitle."""
    span = tl.reader.span()
    articles = tl.backend.store.article_count()
    return f"{articles} article{'' if articles == 1 else 's'}" + (
        f", {short_day(span[0])} to {short_day(span[1])}" if span else ""
    )


def _form(action: str, filters: dict[str, str]) -> str:
    def value(key: str) -> str:
        return html.escape(filters.get(key, ""), quote=True)

    kinds = "".join(
        f'<option value="{k.value}"{" selected" if filters.get("kind") == k.value else ""}>'
        f"{k.value}</option>"
        for k in Kind
    )
    return (
        f'<form class="filters" role="search" aria-label="Filter the timeline" method="get" '
        f'action="{html.escape(action)}">'
        f'<label>Words <input type="search" name="q" value="{value("q")}"></label>'
        f'<label>Source <input name="source" value="{value("source")}"></label>'
        f'<label>Kind <select name="kind"><option value="">any</option>{kinds}</select></label>'
        f'<label>Since <input name="since" value="{value("since")}" '
        'placeholder="Friday, last week"></label>'
        f'<label>Until <input name="until" value="{value("until")}" placeholder="Sunday"></label>'
        f'<label>As of <input name="as_of" value="{value("as_of")}" placeholder="today"></label>'
        '<button type="submit">Filter</button></form>'
    )


def _not_found(message: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found</title>'
        '<link rel="stylesheet" href="/static/timeline.css"></head><body><main>'
        f'<h1>Not found</h1><p class="error">{html.escape(message)}</p></main></body></html>'
    )


