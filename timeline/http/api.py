"""The JSON API: `/api/timelines/...`. Each route parses its parameters into the same
`Query` the CLI builds and calls the same services; `since`/`until`/`as_of` take the
CLI's words (`timeline.query.resolve`)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
import email.utils
import hashlib
import json
import os
import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi import Query as Param
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from timeline import defaults
from timeline.errors import InputError, Overloaded, QueryError
from timeline.http.service import ServiceDep
from timeline.models import IngestResult, Status, TimelineEntry, TimelineSummary
from timeline.query import Query
from timeline.services.reader import Change

if TYPE_CHECKING:
    from timeline.app import Timeline

router = APIRouter(prefix="/api/timelines")

Name = Annotated[str, Path(description="A timeline's name.", max_length=64)]
# The export formats by the extension of their path, and what each is served as.
EXPORTS: dict[str, tuple[str, str]] = {
    "json": ("json", "application/json"),
    "ics": ("ics", "text/calendar; charset=utf-8"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "md": ("markdown", "text/markdown; charset=utf-8"),
    "html": ("html", "text/html; charset=utf-8"),
}
_POSITION = re.compile(r"\d{1,20}-\d{1,20}")
_ENTRIES = TypeAdapter(list[TimelineEntry])


class TimelineInfo(BaseModel):
    """A timeline: its counts and span, and how far its projection is."""

    name: str
    articles: int
    events: int
    first: dt.date | None
    last: dt.date | None
    checkpoint: str
    log_version: str
    lag: int


class ArticleBody(BaseModel):
    """An article as JSON: its text (a file's content: a title line, then paragraphs;
    Markdown with `name` ending `.md`; an HTML page) and the CLI's metadata options."""

    model_config = ConfigDict(extra="forbid")

    text: str
    published: str | None = None  # YYYY-MM-DD, as --published
    source: str | None = None
    url: str | None = None
    name: str | None = None  # the file name messages use (its suffix says Markdown)


# The API's names of the Query's fields where they differ (q is the CLI's --grep).
_FIELDS = {"q": "grep", "kind": "kinds"}


def _query(params: Mapping[str, object], *, limit: int = defaults.API_PAGE_LIMIT) -> Query:
    """The CLI's Query of the API's parameters (unset and empty ones left out)."""
    given = {_FIELDS.get(k, k): v for k, v in params.items() if v is not None and v != ""}
    return Query.model_validate({**given, "limit": limit})


@router.get("", response_model=list[TimelineSummary], tags=["read"])
def timelines(service: ServiceDep) -> list[TimelineSummary]:
    """Every timeline on this server with its counts and the days it covers."""
    return service.base.reader.timelines()


@router.get("/{name}", response_model=TimelineInfo, tags=["read"])
def timeline(name: Name, service: ServiceDep) -> TimelineInfo:
    """One timeline: counts, span, the projection's checkpoint and lag."""
    tl = service.existing(name)
    status: Status = tl.operator.status()
    span = tl.reader.span()
    return TimelineInfo(
        name=name, articles=status.articles, events=status.events,
        first=span[0] if span else None, last=span[1] if span else None,
        checkpoint=status.checkpoint, log_version=status.log_version, lag=status.lag,
    )  # fmt: skip


@router.get(
    "/{name}/events",
    tags=["read"],
    response_model=list[TimelineEntry],
    responses={304: {"description": "Not modified since the ETag given"}},
)
def events(
    name: Name,
    request: Request,
    service: ServiceDep,
    since: Annotated[str | None, Param(description="Start: 2021-08-20, Friday, last week")] = None,
    until: Annotated[str | None, Param(description="End (inclusive), the same words")] = None,
    as_of: Annotated[str | None, Param(description="Day relative words are read from")] = None,
    q: Annotated[str | None, Param(description="Words in the text or title")] = None,
    source: str | None = None,
    kind: Annotated[str | None, Param(description="occurrence,state,statement,...")] = None,
    merge: bool = True,
    article: str | None = None,
    min_granularity: str | None = None,
    uncertain: bool = False,
    reverse: bool = False,
    limit: Annotated[int, Param(ge=1, le=defaults.API_PAGE_LIMIT)] = 50,
    cursor: Annotated[str | None, Param(description="X-Next-Cursor of the page before")] = None,
) -> Response:
    """`timeline show --format json`'s objects, one page of them. The next page's cursor
    is in the `X-Next-Cursor` header and a `Link: <...>; rel="next"` (none: the last
    page). A cursor is a place in timeline order, so pages stay right while articles
    are appended."""
    tl, state = service.reading(name)
    query = _query(dict(since=since, until=until, as_of=as_of, q=q, source=source, kind=kind,
                        merge=merge, article=article, min_granularity=min_granularity,
                        uncertain=uncertain, reverse=reverse), limit=limit)  # fmt: skip
    position = state.generation, state.checkpoint
    tag = _validators(tl, query, "events", cursor or "", position=position)
    if (cached := _not_modified(request, tag)) is not None:
        return cached
    # The same read at the same checkpoint is the same body (the ETag says both).
    body, token = service.bodies.get(tag[0]) or (None, None)
    if body is None:
        # The generation the ETag names (a rebuild's swap since leaves it readable).
        page = tl.reader.page(query, _cursor(cursor), generation=state.generation)
        token = _encode_cursor(page.next) if page.next is not None else None
        # The objects `show --format json` prints (model_dump(mode="json")), serialized by
        # pydantic-core at once: a tenth of json.dumps' time for a page.
        body = _ENTRIES.dump_json(page.entries)
        service.bodies.put(tag[0], body, token)
    headers = _headers(tag)
    if token is not None:
        headers["X-Next-Cursor"] = token
        headers["Link"] = f'<{request.url.include_query_params(cursor=token)}>; rel="next"'
    if lag := tl.reader.lag(state.checkpoint, state.version):
        headers["X-Timeline-Lag"] = str(lag)
    return Response(body, media_type="application/json", headers=headers)


def _export(
    name: str, fmt: str, media: str, request: Request, service: ServiceDep, title: str | None,
    params: dict[str, Any],
) -> Response:  # fmt: skip
    tl = service.existing(name)
    query = _query(params, limit=defaults.EXPORT_LIMIT)
    title = title or tl.name
    tag = _validators(tl, query, fmt, title)
    if (cached := _not_modified(request, tag)) is not None:
        return cached
    body, _ = service.bodies.get(tag[0]) or (None, None)
    if body is None:
        from timeline.formats import Options, render

        text = render(tl.reader.show(query), fmt, Options(title))
        body = (text + ("\n" if fmt != "json" else "")).encode()
        service.bodies.put(tag[0], body, None)
    return Response(body, media_type=media, headers=_headers(tag))


@dataclass
class ExportParams:
    """What an export takes: a title, and the window and filters of `timeline export`."""

    title: str | None = None
    since: str | None = None
    until: str | None = None
    as_of: str | None = None
    q: str | None = None
    source: str | None = None
    kind: str | None = None
    merge: bool = True

    def query(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if k != "title"}


Exported = Annotated[ExportParams, Depends()]


@router.get("/{name}/export.{ext}", tags=["export"],
            responses={304: {"description": "Not modified since the ETag given"}})  # fmt: skip
def export(
    name: Name,
    ext: Annotated[str, Path(description="json, ics, csv, md or html")],
    request: Request,
    service: ServiceDep,
    params: Exported,
) -> Response:
    """The whole timeline (or a window of it) as `timeline export` writes it, with an
    `ETag` and `Last-Modified` from the projection's checkpoint: a calendar polling the
    ICS export gets `304 Not Modified` until something changes."""
    if ext not in EXPORTS:
        raise QueryError(f"No export {ext!r}: use one of {', '.join(EXPORTS)}, or timelinejs.json.")
    fmt, media = EXPORTS[ext]
    return _export(name, fmt, media, request, service, params.title, params.query())


@router.get("/{name}/timelinejs.json", tags=["export"])
def timelinejs(name: Name, request: Request, service: ServiceDep, params: Exported) -> Response:
    """Knight Lab TimelineJS JSON (publishable as is), conditional like the exports."""
    return _export(name, "timelinejs", "application/json", request, service, params.title,
                   params.query())  # fmt: skip


# HEAD too (the same handlers; uvicorn sends no body): calendar apps ask it of a
# subscription before they GET it.
for _path, _endpoint in (("/{name}/events", events), ("/{name}/export.{ext}", export),
                         ("/{name}/timelinejs.json", timelinejs)):  # fmt: skip
    router.add_api_route(_path, _endpoint, methods=["HEAD"], include_in_schema=False)


_ARTICLE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleBody.model_json_schema()},
            "text/plain": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "/{name}/articles",
    tags=["write"],
    status_code=201,
    response_model=IngestResult,
    responses={200: {"description": "Already known: nothing added"},
               422: {"description": "The article cannot be used (the CLI's message)"}},
    openapi_extra=_ARTICLE_BODY,
)  # fmt: skip
async def post_article(
    name: Name,
    request: Request,
    service: ServiceDep,
    authorization: Annotated[str | None, Header()] = None,
    published: Annotated[str | None, Param(description="YYYY-MM-DD (raw body)")] = None,
    source: Annotated[str | None, Param(description="The source (raw body)")] = None,
    url: Annotated[str | None, Param(description="The article's URL (raw body)")] = None,
    filename: Annotated[str | None, Param(description="File name (raw body)")] = None,
) -> Response:
    """Ingest one article: a JSON `ArticleBody`, or the file itself as the body (text,
    Markdown, HTML; metadata in the query). `201` new (or a revision), `200` already
    known, `422` with the CLI's one-line message. Needs `Authorization: Bearer TOKEN`."""
    service.authorize(authorization)
    from timeline.services import ArticleInput
    from timeline.sources import parse_published

    tl = service.timeline(name)
    limit = service.settings.max_file_bytes
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    # JSON escapes make a body longer than its text: room for them, then the text's limit.
    data = await _body(request, limit * 2 + 65_536 if media == "application/json" else limit)
    if media == "application/json":
        body = _article_body(data)
        published, source, url = body.published, body.source, body.url
        given = body.name or filename
        raw = body.text.encode("utf-8")
    else:
        given = filename
        raw = data
    default = {"text/markdown": "article.md", "text/html": "article.html"}.get(media, "article.txt")
    file_name = _file_name(given) or default
    day = parse_published(published, "published") if published else None
    article = ArticleInput(
        file_name, data=raw, published=day, source_name=source or None, url=url or None
    )
    (result,) = await run_in_threadpool(tl.writer.ingest, [article])
    return JSONResponse(result.model_dump(mode="json"),
                        status_code=200 if result.status == "duplicate" else 201)  # fmt: skip


@router.delete("/{name}/articles/{article}", tags=["write"])
def retract(
    name: Name,
    article: Annotated[str, Path(description="An article id, a 6+ character prefix, or URL")],
    service: ServiceDep,
    authorization: Annotated[str | None, Header()] = None,
    reason: str | None = None,
) -> dict[str, str]:
    """Retract an article (`timeline retract`): its events leave the timeline, the log
    keeps its history. Needs `Authorization: Bearer TOKEN`."""
    service.authorize(authorization)
    tl = service.existing(name)
    return {"retracted": tl.writer.retract(article, reason)}


@router.get("/{name}/stream", tags=["read"], response_class=StreamingResponse)
async def stream(
    name: Name,
    request: Request,
    service: ServiceDep,
    last_event_id: Annotated[str | None, Header()] = None,
    q: str | None = None,
    source: str | None = None,
    kind: str | None = None,
) -> StreamingResponse:
    """Server-sent events as the projection applies articles: `entries` (an article's
    entries: `{"type", "article_id", "replaces", "entries"}`) and `retracted`
    (`{"article_id"}`); each event's id is a log position, so a client that reconnects
    with `Last-Event-ID` misses nothing. Filters: q, source, kind."""
    # The store is asked from a thread: this route is async (it streams), the loop is not
    # to wait for Redis.
    tl = await run_in_threadpool(service.existing, name)
    query = _query(dict(q=q, source=source, kind=kind))
    if last_event_id is not None and not _POSITION.fullmatch(last_event_id.strip()):
        raise QueryError(f"Last-Event-ID {last_event_id[:40]!r} is not an id this stream gave.")
    if service.streams >= service.settings.max_streams:
        raise Overloaded(
            f"{service.streams} live streams are open, the most this server takes "
            "(TIMELINE_MAX_STREAMS): try again later."
        )
    start = last_event_id.strip() if last_event_id else (
        await run_in_threadpool(tl.backend.projection.checkpoint)
    )

    async def events() -> AsyncIterator[str]:
        # Counted from its first step to its end: a stream whose client left before it
        # started never runs, and so is never counted (nor left counted for good).
        service.streams += 1
        try:
            yield f"retry: 2000\nid: {start}\n\n"  # a reconnect goes on from here
            position, quiet = start, 0.0
            while not await request.is_disconnected():
                changes, position = await run_in_threadpool(tl.reader.changes, position)
                for change in changes:
                    yield _event(change, query)
                if changes:
                    quiet = 0.0
                    continue
                await asyncio.sleep(defaults.STREAM_POLL_SECONDS)
                quiet += defaults.STREAM_POLL_SECONDS
                if quiet >= 15:  # a comment keeps proxies from closing an idle stream
                    quiet = 0.0
                    yield ": keep-alive\n\n"
        finally:
            service.streams -= 1

    return StreamingResponse(
        events(), media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )  # fmt: skip


def _event(change: Change, query: Query) -> str:
    if change.type == "ArticleRetracted":
        gone = json.dumps({"article_id": change.article_id})
        return f"id: {change.position}\nevent: retracted\ndata: {gone}\n\n"
    entries = [e.model_dump(mode="json") for e in change.entries if query.keeps(e)]
    data = {"type": change.type, "article_id": change.article_id,
            "replaces": change.replaces, "entries": entries}  # fmt: skip
    payload = json.dumps(data, ensure_ascii=False)
    return f"id: {change.position}\nevent: entries\ndata: {payload}\n\n"


# -- helpers ------------------------------------------------------------------------------


async def _body(request: Request, limit: int) -> bytes:
    """The request's body, refused as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InputError(
            f"the request body is {int(declared):,} bytes, over the limit of {limit:,}: split "
            "it, or raise TIMELINE_MAX_FILE_BYTES."
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise InputError(
                f"the request body is over the limit of {limit:,} bytes: split it, "
                "or raise TIMELINE_MAX_FILE_BYTES."
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _article_body(data: bytes) -> ArticleBody:
    try:
        return ArticleBody.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise InputError(
            f"the request body: {where}: {first['msg']} (send {{\"text\": ..., \"published\": "
            "\"YYYY-MM-DD\", \"source\": ..., \"url\": ...}, or the file itself)."
        ) from None


def _file_name(given: str | None) -> str | None:
    """A file name for messages and its suffix: the last part of what was given, printable."""
    if not given:
        return None
    base = os.path.basename(given.replace("\\", "/")).strip()
    return base[:200] if base and base.isprintable() else None


def _encode_cursor(key: tuple[int, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def _cursor(token: str | None) -> tuple[int, str] | None:
    if not token:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        score, member = raw
        if isinstance(score, int) and isinstance(member, str) and 1 <= score <= 3_652_059:
            return score, member
    except (ValueError, TypeError, binascii.Error):
        pass
    raise QueryError("cursor is not one this server gave: start again without it.")


def _position(tl: Timeline) -> tuple[int, str]:
    """Where the projection is: its generation and checkpoint."""
    projection = tl.backend.projection
    return projection.generation(), projection.checkpoint()


def _validators(
    tl: Timeline, query: Query, *parts: str, position: tuple[int, str] | None = None
) -> tuple[str, str]:
    """The ETag and Last-Modified of a read: what it asks (the day words are read as of
    included) and where the projection is (`position`, read here if not given); a rebuild
    changes the generation."""
    generation, checkpoint = position or _position(tl)
    asked = query.model_dump_json() + "|" + str(query.day) + "|" + "|".join(parts)
    digest = hashlib.sha256(f"{tl.name}|{generation}|{checkpoint}|{asked}".encode()).hexdigest()
    ms = int(checkpoint.partition("-")[0] or 0)
    modified = email.utils.formatdate(ms / 1000, usegmt=True)
    return f'"{digest[:32]}"', modified


def _headers(tag: tuple[str, str]) -> dict[str, str]:
    return {"ETag": tag[0], "Last-Modified": tag[1], "Cache-Control": "no-cache"}


def _not_modified(request: Request, tag: tuple[str, str]) -> Response | None:
    """304 when the client's If-None-Match holds the ETag. (If-Modified-Since is not
    honoured: Last-Modified has whole seconds, two appends may share one.)"""
    match = request.headers.get("if-none-match")
    if match is None:
        return None
    given = {t.strip().removeprefix("W/") for t in match.split(",")}
    if tag[0] in given or "*" in given:
        return Response(status_code=304, headers=_headers(tag))
    return None
