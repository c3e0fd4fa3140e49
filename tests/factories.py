"""Building real domain records for tests of the store and projection."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from timeline import Timeline, ordering, records
from timeline.models import Anchor, AnyRecord, ArticleIngested, ArticleMeta, Certainty, Event
from timeline.temporal import interval

VALUES = [
    "2021-08-20",
    "2021-08-21",
    "2021-W32",
    "2021-08",
    "2021",
    "198",
    "PRESENT_REF",
    "2021-Q3",
    "PAST_REF",
    "2020-12-31",
]
# Times the text only bounds, as `timeline.dating` gives them: (value, start, end) with
# None for an open side, relative to the publication day.
BOUNDED = ["before", "after", "between"]


def article_records(
    seed: int, *, events: int = 5, published: dt.date | None = None, bounded: bool = False
) -> tuple[str, list[AnyRecord]]:
    """One article's records, deterministic in `seed`: values drawn from VALUES (and,
    with `bounded`, times drawn from BOUNDED too)."""
    rng = random.Random(seed)
    published = published or dt.date(2021, 8, 1) + dt.timedelta(days=rng.randrange(60))
    article_id = hashlib.sha256(f"article {seed}".encode()).hexdigest()[:32]
    meta = ArticleMeta(
        id=article_id, title=f"Article {seed}", source="Test Wire", published=published
    )
    evs = []
    for i in range(events):
        value = rng.choice(VALUES + BOUNDED if bounded else VALUES)
        text = f"Event {i} of article {seed} happened."
        if value in BOUNDED:
            evs.append(_bounded(article_id, i, text, value, published))
            continue
        iv = interval(value, published)
        assert iv is not None
        evs.append(
            Event(
                id=f"{article_id[:16]}-{i:05d}-000-00",
                article_id=article_id,
                paragraph=i,
                sentence=0,
                clause=0,
                text=text,
                char_start=0,
                char_end=len(text),
                value=value,
                start=iv.start,
                end=iv.end,
                anchor=Anchor.RELATIVE if value != "PRESENT_REF" else Anchor.PUBLICATION,
            )
        )
    head = ArticleIngested(
        article=meta,
        events=len(evs),
        ingested_at=dt.datetime(2021, 9, 1, tzinfo=dt.UTC),
    )
    return article_id, list(records.article_records(head, evs))


def _bounded(article_id: str, i: int, text: str, shape: str, published: dt.date) -> Event:
    day = dt.timedelta(days=1)
    start, end, value = {
        "before": (None, published, "PAST_REF"),
        "after": (published + day, None, "FUTURE_REF"),
        "between": (published - 9 * day, published, "PAST_REF"),
    }[shape]
    return Event(
        id=f"{article_id[:16]}-{i:05d}-000-00", article_id=article_id, paragraph=i,
        sentence=0, clause=0, text=text, char_start=0, char_end=len(text), value=value,
        start=start, end=end, anchor=Anchor.PUBLICATION, certainty=Certainty.BOUNDED,
    )  # fmt: skip


def fill(timeline: Timeline, articles: int, events: int = 6) -> None:
    """Append `articles` synthetic articles to the log, without projecting them."""
    for seed in range(articles):
        article_id, recs = article_records(seed, events=events)
        timeline.backend.store.append_article(article_id, recs)


def projection_snapshot(timeline: Timeline) -> list[tuple[str, str]]:
    """Every index member and article record of the live projection (on Redis)."""
    r = timeline.backend.connections.store
    pk = timeline.backend.keys.projection(timeline.backend.projection.generation())
    rows = []
    for g in ordering.INDEXES:
        rows += [(g, m) for m in r.zrange(pk.order(g), 0, -1)]
    rows += sorted(r.hgetall(pk.articles).items())
    return rows
