"""Events from an article: every clause dated as a careful news reader would date it.

Per sentence of every body paragraph, `timeline.dating.sentence` cuts clauses, finds
their predicates, and says which time expression dates which clause, hole or embedded
event, and which part of a clause is a report ("police said"). This module walks the
article in order and resolves what has no time of its own (`timeline.dating.timing`):
the story's time when the text links them ("then", "later"), else the bounds its tense
allows ("before 22 Aug" for a past happening). Every sentence is covered by an entry.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from timeline.article import (
    ParsedArticle,
    collapse_ws,
    dateline_day,
    find_published,
    parse_article,
)
from timeline.dating import timing
from timeline.dating.discourse import Discourse
from timeline.dating.sentence import TimexLike, segments
from timeline.models import ArticleMeta, Event, event_id_for
from timeline.temporal import Interval, tag
from timeline.temporal.value import TimexValue

ID_CHARS = 32

Tagger = Callable[[str, dt.date], Sequence[TimexLike]]

__all__ = ["Extraction", "Tagger", "TimexLike", "content_id", "extract"]


class Extraction(BaseModel):
    model_config = ConfigDict(frozen=True)

    article: ArticleMeta
    events: list[Event]
    # What was assumed to date the article ("the dateline gives no year ..."), to warn of.
    assumed: str | None = None
    # Times the text states that name no day a timeline holds ("December 31, 9999"),
    # with why: they date nothing (the CLI says so).
    unplaced: list[str] = []
    # The text extracted (kept in the log, so that a correction can date it again) and
    # which of the article's metadata were given rather than found in it.
    text: str = ""
    stated: frozenset[Literal["published", "source", "url"]] = frozenset()


def content_id(parsed: ParsedArticle) -> str:
    """Stable article id: sha256 of the NFC, whitespace-collapsed title line and body."""
    norm = unicodedata.normalize("NFC", collapse_ws(parsed.title_line + "\n" + parsed.body))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:ID_CHARS]


def extract(
    text: str,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    today: dt.date,
    tagger: Tagger | None = None,
) -> Extraction:
    """Parse `text` and return its article record and its dated clause events.

    `published` wins over a date found in the text; without either, `today` is assumed
    (published_from="assumed", for the CLI to warn about). `tagger` replaces
    timeline.temporal.tag (tests, benchmarks).
    """
    parsed = parse_article(text)
    published_from: Literal["given", "text", "assumed"] = "given"
    assumed: str | None = None
    if published is None:
        found = find_published(text, today=today)
        if found is None:
            published, published_from = today, "assumed"
        else:
            published, published_from, assumed = found.day, "text", found.assumed
    article = ArticleMeta(
        id=content_id(parsed),
        title=parsed.title or parsed.title_line,
        source=source if source is not None else parsed.source,
        url=url,
        published=published,
        published_from=published_from,
    )
    if tagger is None:
        tagger = tag
    # The story's today: the day its dateline says it was filed, else publication.
    today_of_story = dateline_day(parsed.body, published) or published
    timexes = sorted(tagger(parsed.body, today_of_story), key=lambda t: t.start)
    unplaced = [
        f"{t.text!r} ({problem})"
        for t in timexes
        if (problem := TimexValue.parse(t.value).problem()) is not None
    ]
    given = {"published": published_from == "given", "source": source is not None,
             "url": url is not None}  # fmt: skip
    return Extraction(
        article=article, events=_events(parsed, article, timexes, today_of_story),
        assumed=assumed,
        unplaced=unplaced, text=text,
        stated=frozenset(k for k, v in given.items() if v),  # type: ignore[misc]
    )


def _events(
    parsed: ParsedArticle, article: ArticleMeta, timexes: list[TimexLike], dct: dt.date
) -> list[Event]:
    """The dated entries of the article, told from `dct`, the story's today."""
    body = parsed.body
    starts = [t.start for t in timexes]
    events: list[Event] = []
    discourse = Discourse(dct)
    for p in parsed.paragraphs:
        discourse.new_paragraph()
        for si, sentence in enumerate(p.sentences):
            discourse.new_sentence()
            lo = bisect.bisect_left(starts, sentence.start)
            hi = bisect.bisect_left(starts, sentence.end, lo)
            local: list[tuple[TimexLike, Interval]] = []
            lags: list[TimexLike] = []  # durations, which date nothing but may be a lag
            for t in timexes[lo:hi]:
                if t.end > sentence.end:
                    continue
                span = TimexValue.parse(t.value).interval(dct)
                if span is not None:
                    local.append((t, span))
                elif t.type == "DURATION":
                    lags.append(t)
            found = segments(sentence.text, sentence.start, local, dct, lags=lags)
            for ci, seg in enumerate(found):
                time = discourse.time_of(seg, sentence.text, sentence.start)
                discourse.record(seg, time, sentence.text)
                a, b = sentence.start + seg.start, sentence.start + seg.end
                events.append(
                    Event(
                        id=event_id_for(article.id, p.index, si, ci),
                        article_id=article.id,
                        paragraph=p.index,
                        sentence=si,
                        clause=ci,
                        text=body[a:b],
                        char_start=a,
                        char_end=b,
                        time_text=time.text,
                        time_start=time.time_start,
                        time_end=time.time_end,
                        value=time.value,
                        timex_type=time.timex_type,
                        start=time.start,
                        end=time.end,
                        anchor=time.anchor,
                        certainty=time.certainty,
                        kind=seg.kind,
                        reported=timing.reported(seg, body, sentence.start, dct, time),
                    )
                )
    return events
